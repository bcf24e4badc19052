"""The data the rules work on: immutable records, built by the readers, read by the rules.

Money is integer grosze, quantities are integers in 1/QTY_SCALE of their unit (core.money).
Each record remembers the spreadsheet row it came from, so an issue can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from odpracowanie import labels

Month = tuple[int, int]  # (year, month)

# The debt's components, in the order documents list them (SPEC §4, §8): principal, interest
# and court and enforcement costs. The order of crediting is the programme's
# (`Params.allocation_order`, always all three: a component it does not name comes last).
COMPONENTS = ("principal", "interest", "costs")


def full_order(named: tuple[str, ...]) -> tuple[str, ...]:
    """The components `named` in their order, the others after them in COMPONENTS' order:
    ("interest", "principal") -> ("interest", "principal", "costs")."""
    if len(set(named)) != len(named) or not set(named) <= set(COMPONENTS):
        raise ValueError(f"unknown allocation order {named!r}")
    return (*named, *(c for c in COMPONENTS if c not in named))


def month_text(month: Month) -> str:
    """(2026, 10) -> `2026-10`, as the ledger's sheets write a month."""
    return f"{month[0]:04d}-{month[1]:02d}"


def shift_month(month: Month, months: int) -> Month:
    """The month `months` later (earlier when negative): (2026, 11) + 2 -> (2027, 1)."""
    year, number = divmod(month[0] * 12 + month[1] - 1 + months, 12)
    return year, number + 1


def month_bounds(month: Month) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar month."""
    year, number = month
    first = dt.date(year, number, 1)
    nxt = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class Params:
    """Sheet Parametry with the Żyrardów defaults (SPEC §2.1)."""

    city: str = labels.DEFAULT_CITY
    manager: str = labels.DEFAULT_MANAGER
    min_hours_week: int = 8
    max_hours_week: int = 40
    max_hours_month: int = 160
    allocation_order: tuple[str, ...] = COMPONENTS
    refusals_limit: int = 3
    signing_days: int = 30
    max_participation_months: int | None = None
    max_debt_grosze: int | None = None
    max_year_grosze: int | None = None
    max_total_grosze: int | None = None  # credited per account over the whole programme
    min_arrears_months: int | None = None  # how old the arrears of an applicant must be
    legal_basis: str = labels.DEFAULT_LEGAL_BASIS
    sender_email: str | None = None
    coordinator_email: str | None = None
    timesheet_due_days: int | None = None  # termin_kart_dni (SPEC §11)


@dataclass(frozen=True)
class Rate:
    code: str
    name: str
    unit: str  # labels.UNIT_HOURS | UNIT_AREA | UNIT_PIECES
    grosze: int
    valid_from: dt.date
    valid_to: dt.date | None
    row: int


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    supervisor: str
    email: str
    row: int


@dataclass(frozen=True)
class Participant:
    application: str
    application_date: dt.date | None
    account: str
    name: str
    pesel: str
    address: str
    legal_title: str
    status: str
    qualified_on: dt.date | None
    agreement_on: dt.date | None
    refusals: int
    bhp_on: dt.date | None
    insurance_from: dt.date | None
    insurance_to: dt.date | None
    office: str
    row: int
    override: str = ""  # consent to a debt above `max_zadluzenia` (Zgoda na przekroczenie)


@dataclass(frozen=True)
class Proxy:
    account: str
    name: str
    pesel: str
    row: int


@dataclass(frozen=True)
class Referral:
    """Skierowania (§4.1, Zał. 6): `account` may work at `unit` from `start` to `end`."""

    number: str
    account: str
    unit: str  # the unit's code as written in Jednostki
    start: dt.date
    end: dt.date | None  # None: until further notice
    row: int

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and (self.end is None or first <= self.end)


@dataclass(frozen=True)
class Offer:
    """Oferty (§5.11–5.13): a work offer made to `account` and the answer."""

    day: dt.date
    account: str
    unit: str
    work: str
    refused: bool
    row: int


@dataclass(frozen=True)
class Program:
    file: str
    params: Params
    rates: tuple[Rate, ...]
    units: tuple[OrgUnit, ...]
    participants: tuple[Participant, ...]
    proxies: tuple[Proxy, ...]
    # Excel column letter of each field, per sheet, for issues that point into the register.
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    sha256: str = ""  # of the file read (recorded in `Przebieg`)
    # The finance system's own heads of the debt columns (`Nazwy kolumn`): field -> heads.
    finance_heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The coordinator's log (SPEC §9); None when the sheet is not kept (no rule applies).
    referrals: tuple[Referral, ...] | None = None
    offers: tuple[Offer, ...] | None = None

    @property
    def work_codes(self) -> dict[str, Rate]:
        """The latest rate of each work code (for its name and unit)."""
        out: dict[str, Rate] = {}
        for rate in sorted(self.rates, key=lambda r: r.valid_from):
            out[rate.code] = rate
        return out

    def rates_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "code": [r.code for r in self.rates],
                "unit": [r.unit for r in self.rates],
                "rate_official": pd.array([r.grosze for r in self.rates], dtype="Int64"),
                "valid_from": pd.to_datetime([r.valid_from for r in self.rates]),
                # An open-ended period ends at the last day pandas can hold.
                "valid_to": pd.to_datetime(
                    [r.valid_to or dt.date(2262, 4, 11) for r in self.rates]
                ),
            }
        )


@dataclass(frozen=True)
class Debt:
    account: str
    debtor: str
    address: str
    principal: int
    interest: int
    as_of: dt.date | None
    row: int
    arrears_since: dt.date | None = None  # Zaległość od
    costs: int = 0  # court and enforcement costs (Koszty)

    @property
    def total(self) -> int:
        return self.principal + self.interest + self.costs

    def part(self, component: str) -> int:
        return getattr(self, component)


WORK_HISTORY_FIELDS = (
    "row_id",
    "month",
    "account",
    "unit_code",
    "date",
    "worker",
    "worker_id",
    "code",
    "qty",
    "unit",
    "value",
    "file",
    "sha256",
    "reverses",
    "reason",
    "document",
)
PAYMENT_HISTORY_FIELDS = ("month", "account", "date", "amount", "source", "file", "sha256")
SETTLEMENT_FIELDS = (
    "month",
    "account",
    "entry",
    "debtor",
    "hours",
    "value",
    "transfers",
    "to_principal",
    "to_interest",
    "to_costs",
    "surplus",
    "capped",
    "principal_before",
    "interest_before",
    "costs_before",
    "principal_after",
    "interest_after",
    "costs_after",
    "approval",
    "posting",
)


def empty_work_history() -> pd.DataFrame:
    """Credited rows: month 'YYYY-MM', date, qty in 1/QTY_SCALE units, value in grosze."""
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in WORK_HISTORY_FIELDS})
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    frame["qty"] = pd.Series(dtype="int64")
    frame["value"] = pd.Series(dtype="int64")
    return frame


def empty_settlements() -> pd.DataFrame:
    """One row per account per month; amounts in grosze, hours in 1/QTY_SCALE h."""
    frame = pd.DataFrame({name: pd.Series(dtype="int64") for name in SETTLEMENT_FIELDS})
    frame["month"] = pd.Series(dtype=object)
    frame["account"] = pd.Series(dtype=object)
    frame["entry"] = pd.Series(dtype=object)
    frame["debtor"] = pd.Series(dtype=object)
    frame["approval"] = pd.Series(dtype=object)
    frame["posting"] = pd.Series(dtype=object)
    return frame


def credited_work(history: pd.DataFrame, *, with_rejected: bool = False) -> pd.DataFrame:
    """The rows of `Historia prac` still credited: neither reversed by a correction nor a
    reversal themselves. `with_rejected`: also the rows the Mayor rejected (column `rejected`:
    the decision, "" for the others) — reversed, but never to be credited again by the same
    timesheet run once more."""
    if history.empty or "reverses" not in history:
        return history
    reverses = history["reverses"].fillna("").astype(str)
    undone = reverses != ""
    if with_rejected:
        undone &= ~history["reason"].fillna("").astype(str).str.startswith(
            labels.REJECTION_REASON.split("{")[0]
        )
    reversed_ids = set(reverses[undone])
    kept = history[(reverses == "") & ~history["row_id"].isin(reversed_ids)]
    if with_rejected:
        by_decision = history[(reverses != "") & ~undone]
        decisions = dict(
            zip(by_decision["reverses"], by_decision["document"].fillna(""), strict=True)
        )
        kept = kept.assign(rejected=kept["row_id"].map(decisions).astype(object).fillna(""))
    return kept


def empty_payment_history() -> pd.DataFrame:
    """Credited wage transfers (Kraków model): amount in grosze."""
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in PAYMENT_HISTORY_FIELDS})
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    frame["amount"] = pd.Series(dtype="int64")
    return frame


@dataclass(frozen=True)
class Pending:
    """A credit the finance system has not shown booked yet (SPEC §7, sheet Do
    zaksięgowania): what one posting document gave one account for one month, per component
    (negative for a reversal)."""

    account: str
    debtor: str
    month: str  # the month credited, `2026-10`
    posting: str  # the posting document(s) that carry it, `PK/ODPR/2026-10/1`
    amounts: tuple[int, ...]  # grosze per COMPONENTS
    # sent and not yet compared with FK's balances, or found unbooked since a month
    state: str = ""

    def amount(self, component: str) -> int:
        return self.amounts[COMPONENTS.index(component)]

    @property
    def total(self) -> int:
        return sum(self.amounts)


@dataclass(frozen=True)
class Debts:
    file: str
    sheet: str
    accounts: dict[str, Debt]
    work_history: pd.DataFrame = field(default_factory=empty_work_history)
    settlements: pd.DataFrame = field(default_factory=empty_settlements)
    sha256: str = ""
    last_month: Month | None = None  # the month of the run that wrote this workbook (Przebieg)
    payment_history: pd.DataFrame = field(default_factory=empty_payment_history)
    # The components the balances give: a table without a `Koszty` column says nothing of
    # costs (CREDIT_NOT_BOOKED cannot judge them).
    components: tuple[str, ...] = COMPONENTS
    # The ledger this chain continues from (SPEC §7, run identity): the workbook itself, or,
    # with the finance system's export, the ledger given as its history.
    ledger_file: str = ""
    ledger_sha256: str = ""
    ledger_id: str = ""  # `Przebieg`'s identifier ('' for a workbook no run wrote)
    ledger_number: int | None = None  # its number among its month's ledgers
    ledger_chain: str = ""  # the chain's identifier (`Przebieg`; '' for a first workbook)
    # Credits the finance system has not booked yet (sheet Do zaksięgowania), and those an
    # export has just shown booked (said in `Przebieg`).
    pending: tuple[Pending, ...] = ()
    booked: tuple[Pending, ...] = ()

    @property
    def ledger(self) -> str:
        return self.ledger_file or self.file

    @property
    def ledger_hash(self) -> str:
        return self.ledger_sha256 or self.sha256


@dataclass(frozen=True)
class TimesheetHeader:
    """The label/value block above a timesheet's table; `cells` holds where each value sits."""

    unit: str
    supervisor: str
    month: Month | None
    drawn_up: dt.date | None
    version: str | None
    cells: dict[str, str] = field(default_factory=dict)
    raw: dict[str, object] = field(default_factory=dict)


@dataclass
class Timesheet:
    """One sheet with the table in a supervisor's workbook: header and the raw table cells
    (parsed later, column-wise). A workbook gives one per such sheet (`part` 0, 1, ...).

    `table` holds one column per field found (raw cell values), plus `_row`, the Excel row.
    `letters` maps each field to its Excel column letter. `own_header` is False for a copied
    sheet without the label/value block, which takes the first sheet's.
    """

    file: str
    path: str
    sheet: str
    header: TimesheetHeader
    table: pd.DataFrame
    letters: dict[str, str]
    sha256: str = ""
    # A required column is missing: the rows are kept only to know whose month to withhold.
    broken: bool = False
    part: int = 0
    own_header: bool = True
