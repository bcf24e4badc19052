"""The month's settlement: value accepted work, withhold, allocate, roll the history forward.

SPEC §3–§4. Input: the validation of the month (parsed rows, issues, withheld accounts), the
debt workbook with its history, the programme. Output: per-debtor results, new balances, the new
`Historia prac` and `Historia rozliczeń`, and the debtor-level warnings (NO_DEBT, SURPLUS,
YEAR_CAP). Pure: no files, no clock; values in, values out.

A debtor with any error this month is withheld whole (none of their rows are credited); everyone
else is credited the sum of their accepted rows' values (+ transfers), in the programme's order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.allocation import Allocation, allocate
from odpracowanie.core.caps import credit_room
from odpracowanie.core.model import (
    COMPONENTS,
    SETTLEMENT_FIELDS,
    WORK_HISTORY_FIELDS,
    Debt,
    Debts,
    Month,
    Program,
    month_bounds,
    month_text,
    shift_month,
)
from odpracowanie.core.validation import Validation
from odpracowanie.issues import Issue, Say, make_issue


@dataclass(frozen=True)
class DebtorResult:
    """One debtor's month: the row of the summary for the Mayor and of the debtor card."""

    account: str
    name: str
    address: str
    hours: int  # 1/QTY_SCALE h of credited (or, when withheld, accepted) hour rows
    value: int  # grosze: work plus transfers
    allocation: Allocation | None  # None when withheld
    withheld: bool
    reasons: tuple[str, ...] = ()  # codes of the errors that withheld the month
    transfers: int = 0  # grosze of wage transfers in `value` (Kraków model)


@dataclass
class Settlement:
    month: Month
    debtors: list[DebtorResult]
    credited_rows: pd.DataFrame  # work rows credited this month (with unit and work code)
    accounts_after: dict[str, Debt]
    work_history: pd.DataFrame
    settlements: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    payment_history: pd.DataFrame | None = None
    credited_payments: pd.DataFrame | None = None
    # The latest month in the new ledger: `month`, or, when late timesheets of an earlier
    # month were credited on a later ledger (SPEC §2.2), that ledger's month.
    ledger_month: Month | None = None

    @property
    def latest(self) -> Month:
        return self.ledger_month or self.month

    @property
    def late(self) -> bool:
        """Work of an earlier month credited on the latest ledger."""
        return self.latest > self.month

    @property
    def has_transfers(self) -> bool:
        return bool(self.settlements["transfers"].sum()) or any(d.transfers for d in self.debtors)

    @property
    def total_value(self) -> int:
        return sum(d.allocation.credited for d in self.debtors if d.allocation)

    def total_to(self, component: str) -> int:
        return sum(d.allocation.to(component) for d in self.debtors if d.allocation)

    @property
    def has_costs(self) -> bool:
        """Whether any debt in the ledger has costs (SPEC §8: then every output shows them)."""
        lines = self.settlements
        return any(d.costs for d in self.accounts_after.values()) or bool(
            lines[["to_costs", "costs_before", "costs_after"]].abs().to_numpy().sum()
        )

    @property
    def credited_count(self) -> int:
        return sum(1 for d in self.debtors if d.allocation and d.allocation.credited)

    @property
    def withheld_count(self) -> int:
        return sum(1 for d in self.debtors if d.withheld)


def newest_month(debts: Debts) -> Month | None:
    """The latest month settled into this debt workbook; earlier months are closed.

    Re-running that month (a late or corrected timesheet) is fine: what was credited is in the
    history. An earlier month inside the 12 months of `Historia prac` is credited on these
    balances too (late timesheets, SPEC §2.2); an older one is not: its rows have left the
    history, so what was credited of it can no longer be told.
    """
    # each distinct month once (the history repeats its months tens of thousands of times)
    texts = {*debts.work_history["month"].unique(), *debts.settlements["month"].unique()}
    months = [tuple(int(p) for p in m.split("-")) for m in texts]
    if debts.last_month:
        months.append(debts.last_month)
    return max(months) if months else None


def settle_month(
    validation: Validation,
    debts: Debts,
    program: Program,
    month: Month,
    units_by_file: dict[str, str],
    read_issues: Sequence[Issue] = (),
    payments: pd.DataFrame | None = None,
    posting: str = "",
) -> Settlement:
    """Value, withhold and allocate the month; roll the history forward.

    `read_issues` are the readers' findings (a missing column…): their codes name the reason
    a file's debtors are withheld. `posting`: the number of the posting document this run
    issues, recorded on each line it credits.
    """
    withheld = _withheld(validation, read_issues)
    accepted, credit = _month_rows(validation.work, withheld, units_by_file)
    values = _sum_by_account(credit, "value_official")
    hours = _sum_by_account(credit[credit["unit_kind"] == labels.UNIT_HOURS], "qty")
    accepted_hours = _sum_by_account(accepted[accepted["unit_kind"] == labels.UNIT_HOURS], "qty")

    transfers: dict[str, int] = {}
    paid = None
    issues: list[Issue] = []
    if payments is not None and not payments.empty:
        payments, issues = _new_payments(payments, debts.payment_history)
        paid = payments[~payments["account"].isin(list(withheld))]
        transfers = _sum_by_account(paid, "amount")

    results: list[DebtorResult] = []
    after = dict(debts.accounts)
    touched = set(accepted["account"]) | (set(withheld) & set(debts.accounts)) | set(transfers)
    for account in sorted(touched):
        debt = debts.accounts.get(account)
        if debt is None:
            continue  # ACCOUNT_UNKNOWN: reported, nothing to credit or show
        if account in withheld:
            results.append(
                DebtorResult(
                    account,
                    debt.debtor,
                    debt.address,
                    accepted_hours.get(account, 0),
                    0,
                    None,
                    True,
                    tuple(sorted(withheld[account])),
                )
            )
            continue
        value = values.get(account, 0) + transfers.get(account, 0)
        result, found = _credit_debtor(debt, value, debts, program, month)
        issues += found
        after[account] = replace(debt, **{c: result.after(c) for c in COMPONENTS})
        results.append(
            DebtorResult(
                account,
                debt.debtor,
                debt.address,
                hours.get(account, 0),
                value,
                result,
                False,
                transfers=transfers.get(account, 0),
            )
        )

    # Late timesheets of an earlier month are credited on the latest balances, which stay
    # the latest month's (SPEC §2.2).
    latest = max(month, newest_month(debts) or month)
    last_day = month_bounds(latest)[1]
    return Settlement(
        month=month,
        debtors=results,
        credited_rows=credit,
        accounts_after={a: replace(d, as_of=last_day) for a, d in after.items()},
        work_history=_roll_work_history(debts.work_history, credit, month, latest),
        settlements=_roll_settlements(
            debts.settlements, results, month, late=latest > month, posting=posting
        ),
        issues=issues,
        payment_history=_roll_payments(debts.payment_history, paid, month, latest),
        credited_payments=paid,
        ledger_month=latest,
    )


def _withheld(validation: Validation, read_issues: Sequence[Issue]) -> dict[str, set[str]]:
    """Account -> the codes of the errors that withhold its month: its own errors, and a
    file-level error of any file its rows are in (`FILE` when the file's code is unknown)."""
    work = validation.work
    found = [*read_issues, *validation.issues]
    withheld: dict[str, set[str]] = {}
    for issue in found:
        if issue.is_error and issue.account:
            withheld.setdefault(issue.account, set()).add(issue.code)
    for account in validation.withheld:
        withheld.setdefault(account, set())
    file_errors = {i.file: i.code for i in found if i.is_error and not i.account}
    for index in work.index[work["file_error"]]:
        account = work.at[index, "account"]
        if account:
            withheld.setdefault(account, set()).add(file_errors.get(work.at[index, "file"], "FILE"))
    return withheld


def _month_rows(
    work: pd.DataFrame, withheld: Mapping[str, set[str]], units_by_file: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The month's accepted rows not credited before, and of them the rows credited now (not
    withheld, with a value), with the unit each came from."""
    accepted = work[
        work["checked"]
        & work["in_month"]
        & (work["accepted"] == True)  # noqa: E712
        & ~work["already"]
        & (work["account"] != "")
    ]
    credit = accepted[
        ~accepted["account"].isin(list(withheld)) & accepted["value_official"].notna()
    ].copy()
    credit["unit_code"] = credit["file"].map(units_by_file).fillna("")
    return accepted, credit


def _sum_by_account(rows: pd.DataFrame, column: str) -> dict[str, int]:
    return rows.groupby("account")[column].sum().astype("int64").to_dict()


def _credit_debtor(
    debt: Debt, value: int, debts: Debts, program: Program, month: Month
) -> tuple[Allocation, list[Issue]]:
    """A debtor's month allocated to their debt, within the caps (`caps.credit_room`);
    YEAR_CAP or TOTAL_CAP, NO_DEBT and SURPLUS as they arise."""
    params = program.params
    where = {
        "file": debts.file,
        "sheet": debts.sheet,
        "row": debt.row,
        "cell": f"A{debt.row}",
        "account": debt.account,
    }
    cap = credit_room(debts.settlements, debt.account, month_text(month), params)
    room = cap.room if cap is not None else None
    result = allocate(
        debt.principal, debt.interest, value, params.allocation_order, room, costs=debt.costs
    )
    issues = []
    if result.capped and cap is not None:
        issues.append(
            make_issue(
                cap.code,
                **where,
                year=month[0],
                before=labels.format_money(cap.before),
                limit=labels.format_money(cap.limit),
                value=labels.format_money(value),
                credited=labels.format_money(result.credited),
                capped=labels.format_money(result.capped),
            )
        )
    if value and debt.total == 0:
        issues.append(make_issue("NO_DEBT", **where, value=labels.format_money(value)))
    elif result.surplus:
        issues.append(
            make_issue(
                "SURPLUS",
                **where,
                value=labels.format_money(value - result.capped),
                debt=labels.format_money(debt.total),
                surplus=labels.format_money(result.surplus),
            )
        )
    return result, issues


def _new_payments(payments: pd.DataFrame, history: pd.DataFrame):
    """Transfers already in `Historia wpłat` are ALREADY_CREDITED: skipped, never twice."""
    keys = ["account", "date", "amount", "source"]
    if history.empty:
        return payments, []
    seen = history[[*keys, "month"]].drop_duplicates(keys)
    merged = payments.merge(seen, on=keys, how="left")
    done = merged["month"].notna().to_numpy()
    issues = []
    for row in merged[done].itertuples(index=False):
        issues.append(
            make_issue(
                "ALREADY_CREDITED",
                file=row.file,
                sheet=labels.SHEET_PAYMENTS,
                row=int(row.row),
                cell=row.cell,
                column=labels.PAYMENT_DATE,
                account=row.account,
                count=Say.ALREADY_TRANSFER.format(
                    account=row.account,
                    amount=labels.format_money(int(row.amount)),
                    day=labels.format_date(row.date.date()),
                ),
                months=labels.format_month_text(row.month),
            )
        )
    return payments[~done], issues


def _roll_payments(
    history: pd.DataFrame, paid: pd.DataFrame | None, month: Month, latest: Month
) -> pd.DataFrame:
    first_kept = month_text(shift_month(latest, -(labels.HISTORY_MONTHS - 1)))
    kept = history[history["month"] >= first_kept]
    if paid is None or paid.empty:
        return kept.reset_index(drop=True)
    new = pd.DataFrame(
        {
            "month": month_text(month),
            "account": paid["account"].to_numpy(),
            "date": paid["date"].to_numpy(),
            "amount": paid["amount"].to_numpy(),
            "source": paid["source"].to_numpy(),
            "file": paid["file"].to_numpy(),
            "sha256": paid["sha256"].to_numpy(),
        }
    )
    combined = pd.concat([kept, new], ignore_index=True) if not kept.empty else new
    return combined.sort_values(["month", "account", "date"], kind="stable", ignore_index=True)


def _roll_work_history(
    history: pd.DataFrame, credit: pd.DataFrame, month: Month, latest: Month
) -> pd.DataFrame:
    """Old rows of the 12 months up to `latest` plus this run's credited rows."""
    text = month_text(month)
    new = pd.DataFrame(
        {
            "row_id": "",
            "month": text,
            "account": credit["account"].to_numpy(),
            "unit_code": credit["unit_code"].to_numpy(),
            "date": credit["date"].to_numpy(),
            # The debtor's own work is recorded with an empty Wykonawca; a proxy by name.
            "worker": credit["worker"].where(credit["worker_id"] != "", "").to_numpy(),
            "worker_id": credit["worker_id"].to_numpy(),
            "code": credit["code"].to_numpy(),
            "qty": credit["qty"].astype("int64").to_numpy(),
            "unit": credit["unit_kind"].to_numpy(),
            "value": credit["value_official"].astype("int64").to_numpy(),
            "file": credit["file"].to_numpy(),
            "sha256": credit["sha256"].to_numpy() if "sha256" in credit else "",
            "reverses": "",
            "reason": "",
            "document": "",
        },
        columns=list(WORK_HISTORY_FIELDS),
    )
    first_kept = month_text(shift_month(latest, -(labels.HISTORY_MONTHS - 1)))
    kept = history[history["month"] >= first_kept]
    combined = pd.concat([kept, new], ignore_index=True) if not kept.empty else new
    return with_row_ids(
        combined.sort_values(["month", "account", "date"], kind="stable", ignore_index=True)
    )


def with_row_ids(history: pd.DataFrame) -> pd.DataFrame:
    """Every row with its stable ID: a row that has one keeps it; the others (this run's, or a
    ledger's written before IDs) get the next numbers of their month: `2026-10/00017`."""
    ids = history["row_id"].fillna("").astype(str)
    missing = ids == ""
    if not missing.any():
        return history
    numbers = pd.to_numeric(ids.str.rpartition("/")[2], errors="coerce").fillna(0)
    last = numbers.groupby(history["month"]).max().astype("int64").to_dict()
    months = history.loc[missing, "month"]
    order = months.groupby(months).cumcount() + 1
    start = months.map(last).fillna(0).astype("int64")
    out = history.copy()
    out.loc[missing, "row_id"] = [
        f"{m}/{n:05d}" for m, n in zip(months, start + order, strict=True)
    ]
    return out


def _roll_settlements(
    settled: pd.DataFrame,
    results: list[DebtorResult],
    month: Month,
    *,
    late: bool = False,
    posting: str = "",
) -> pd.DataFrame:
    """One row per account per month; a re-run of a month adds to that month's row. A late
    run (later months settled since) adds a line of its own: its balances before are the
    latest ones, not the month's. A line that credits names the posting document(s) behind
    it (`posting`; a re-run's added to the line's own)."""
    text = month_text(month)
    rows = []
    for result in results:
        a = result.allocation
        if a is None or (a.value == 0 and a.credited == 0):
            continue
        rows.append(
            {
                "month": text,
                "account": result.account,
                "entry": "",
                "approval": labels.APPROVAL_AWAITING,
                "debtor": result.name,
                "hours": result.hours,
                "value": a.value,
                "transfers": result.transfers,
                "surplus": a.surplus,
                "capped": a.capped,
                **{f"to_{c}": a.to(c) for c in COMPONENTS},
                **{f"{c}_before": a.before(c) for c in COMPONENTS},
                **{f"{c}_after": a.after(c) for c in COMPONENTS},
                "posting": posting if any(a.to(c) for c in COMPONENTS) else "",
            }
        )
    new = pd.DataFrame(rows, columns=list(SETTLEMENT_FIELDS))
    if new.empty:
        return settled.copy()
    if not settled.empty:
        new["entry"] = _run_entries(settled, month_text(month), new, late=late)
        new["posting"] = _joined_postings(settled, text, new)
    combined = pd.concat([settled, new], ignore_index=True) if not settled.empty else new
    sums = ["hours", "value", "transfers", *(f"to_{c}" for c in COMPONENTS), "surplus", "capped"]
    # A re-run of a month adds to its last line, unless that is a correcting line: each line's
    # before − credited = after holds, and the lines stay in the order they were made.
    merged = combined.groupby(["month", "account", "entry"], sort=False, as_index=False).agg(
        {
            "debtor": "last",
            **dict.fromkeys(sums, "sum"),
            **{f"{c}_before": "first" for c in COMPONENTS},
            **{f"{c}_after": "last" for c in COMPONENTS},
            "approval": "first",
            "posting": "last",
        }
    )
    merged = merged.sort_values(["month", "account"], kind="stable", ignore_index=True)
    return merged[list(SETTLEMENT_FIELDS)].astype(
        {
            c: "int64"
            for c in SETTLEMENT_FIELDS
            if c not in ("month", "account", "entry", "debtor", "approval", "posting")
        }
    )


def _joined_postings(settled: pd.DataFrame, month: str, new: pd.DataFrame) -> list[str]:
    """The posting numbers of each new line once it is added to the line it joins (a
    supplementary run adds to its month's line): that line's numbers, then its own."""
    of_month = settled[settled["month"] == month]
    if of_month.empty:
        return new["posting"].tolist()
    keys = zip(of_month["account"], of_month["entry"].fillna(""), strict=True)
    earlier = dict(zip(keys, of_month["posting"].fillna("").astype(str), strict=True))
    out = []
    for account, entry, own in zip(new["account"], new["entry"], new["posting"], strict=True):
        numbers = [n for n in str(earlier.get((account, entry), "")).split(", ") if n]
        if own and own not in numbers:
            numbers.append(own)
        out.append(", ".join(numbers))
    return out


def _run_entries(
    settled: pd.DataFrame, month: str, new: pd.DataFrame, *, late: bool = False
) -> list[str]:
    """For each account of the `new` lines, the line a run of `month` adds to: the month's
    last line, or, after a correcting line, a decision, later months, or balances that moved
    since that line (the finance system's), a new `ponowne rozliczenie N` (one pass over the
    month's lines, not a filter per account): each line's before − credited = after holds."""
    accounts = new["account"]
    of_month = settled[settled["month"] == month]
    if of_month.empty:
        return [""] * len(accounts)
    entries = of_month["entry"].fillna("").astype(str)
    # the true last line (groupby's "last" would skip a missing value)
    last = (
        of_month.assign(entry=entries, approval=of_month["approval"].fillna(""))
        .groupby("account", sort=False)
        .tail(1)
        .set_index("account")
    )
    reruns = (
        entries.str.startswith(labels.RERUN_ENTRY.split("{")[0]).groupby(of_month["account"]).sum()
    )
    correction = labels.CORRECTION_ENTRY.split("{")[0]
    before = dict(
        zip(accounts, new[[f"{c}_before" for c in COMPONENTS]].to_numpy().tolist(), strict=True)
    )
    out = []
    for account in accounts:
        if account not in last.index:
            out.append("")
            continue
        entry, approval = last.at[account, "entry"], last.at[account, "approval"]
        decided = approval not in ("", labels.APPROVAL_AWAITING)
        moved = [int(last.at[account, f"{c}_after"]) for c in COMPONENTS] != before[account]
        if not entry.startswith(correction) and not decided and not late and not moved:
            out.append(entry)  # a supplementary run adds to a line still awaiting approval
        else:
            out.append(labels.RERUN_ENTRY.format(n=int(reruns.get(account, 0)) + 1))
    return out
