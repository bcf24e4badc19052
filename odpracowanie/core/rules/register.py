"""Rules against the register of participants (SPEC §3, rules §3.4, §4.2, §5.2, §5.16).

Codes: NOT_PARTICIPANT, BEFORE_AGREEMENT, NO_BHP, NO_INSURANCE, WORKER_NOT_AUTHORIZED,
WORKER_MINOR, PESEL_INVALID, NAME_MISMATCH.

Only accepted rows (`Odebrano = TAK`) are judged: a row that is not credited harms no one.
A cause that concerns a debtor gives one issue per timesheet (at the first row it touches, with
the number of other rows in the message), not one per row. An account that is not a participant
is not judged further. Example: a proxy born 12.11.2009 who worked on 05.10.2026 -> WORKER_MINOR
at the `Wykonawca` cell of that row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from dateutil.relativedelta import relativedelta
from stdnum import exceptions as stdnum_errors
from stdnum.pl import pesel as stdnum_pesel

from odpracowanie import labels
from odpracowanie.core.model import Debts, Participant, Program, Proxy
from odpracowanie.core.rules.context import Context
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "BEFORE_AGREEMENT",
    "NAME_MISMATCH",
    "NOT_PARTICIPANT",
    "NO_BHP",
    "NO_INSURANCE",
    "PARTICIPATION_TOO_LONG",
    "PESEL_INVALID",
    "WORKER_MINOR",
    "WORKER_NOT_AUTHORIZED",
)

ADULT_YEARS = 18


def pesel_problem(number: str) -> str | None:
    """None for a valid PESEL, else the reason in Polish."""
    if not number:
        return Say.PESEL_MISSING
    try:
        stdnum_pesel.validate(number)
    except stdnum_errors.InvalidLength:
        return Say.PESEL_LENGTH
    except stdnum_errors.InvalidFormat:
        return Say.PESEL_DIGITS
    except stdnum_errors.InvalidChecksum:
        return Say.PESEL_CHECKSUM
    except stdnum_errors.InvalidComponent:
        return Say.PESEL_BIRTH_DATE
    return None


def eighteenth_birthday(born: dt.date) -> dt.date:
    """The day a person born on `born` is 18: the same date 18 years on, or, for 29 February
    in a year without one, the month's last day (Civil Code art. 112).

    >>> eighteenth_birthday(dt.date(2008, 2, 29)), eighteenth_birthday(dt.date(2008, 11, 12))
    (datetime.date(2026, 2, 28), datetime.date(2026, 11, 12))
    """
    return born + relativedelta(years=ADULT_YEARS)


def participation_end(person: Participant, program: Program) -> dt.date | None:
    """The last day of participation when `max_miesiecy_udzialu` is set (Kraków: 18)."""
    months = program.params.max_participation_months
    if months is None or person.agreement_on is None:
        return None
    # the same day `months` later (the month's last day when it is shorter), less a day
    return person.agreement_on + relativedelta(months=months) - dt.timedelta(days=1)


def birth_date(number: str) -> dt.date | None:
    return None if pesel_problem(number) else stdnum_pesel.get_birth_date(number)


def active_participants(program: Program) -> dict[str, Participant]:
    """Account -> its register row; a `uczestnik` row wins over older rows of the account."""
    out: dict[str, Participant] = {}
    for person in program.participants:
        current = out.get(person.account)
        if current is None or (
            person.status == labels.STATUS_PARTICIPANT
            or current.status != labels.STATUS_PARTICIPANT
        ):
            out[person.account] = person
    return out


# The work table's columns this module reads.
_READ = (
    "_src",
    "_row",
    "account",
    "date",
    "checked",
    "in_month",
    "accepted",
    "debtor",
    "debtor_key",
    "worker",
    "worker_key",
    "worker_id",
)
# What this module's issues read of a row: `itertuples` over all fifty-odd columns of the
# work table would build every one of them, for each rule, even with no row to report.
_SHOWN = ("_src", "_row", "account", "date", "debtor", "worker", "worker_key")


def _first(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The first row of each group (the columns an issue reads), with `n` = the group's size."""
    rows = rows[[c for c in dict.fromkeys((*_SHOWN, *keys)) if c in rows]]
    if rows.empty:  # the usual case, and a quick one
        return rows.assign(n=pd.Series(dtype="int64"))
    ordered = rows.sort_values(["_src", "_row"], kind="stable")
    first = ordered.groupby(keys, sort=False).head(1).copy()
    sizes = ordered.groupby(keys, sort=False).size().rename("n")
    return first.join(sizes, on=keys)


def _more(n: int) -> str:
    return Say.MORE_ROWS.format(rows=labels.rows_text(n - 1)) if n > 1 else ""


def _date(value: object) -> str:
    return labels.format_date(value) if isinstance(value, dt.date) else labels.NONE


def check_register(ctx: Context) -> list[Issue]:
    """The register's rules on the month's rows; without a programme, only the debtors'
    names against the debt workbook."""
    # Only the columns these rules read: each filter below copies what it keeps.
    work, frame, program, debts = ctx.work[list(_READ)], ctx.frame, ctx.program, ctx.debts
    if program is None:
        return [] if debts is None else check_names(work, frame, None, debts)
    people = active_participants(program)
    rows = work[work["checked"] & work["in_month"] & (work["account"] != "")]
    if debts is not None:
        rows = rows[rows["account"].isin(list(debts.accounts))]
    rows = rows[~rows["account"].isin(list(ctx.broken_accounts))]
    issues = check_names(rows, frame, program, debts)
    rows = rows[rows["accepted"] == True]  # noqa: E712
    if rows.empty:
        return issues

    status = rows["account"].map({a: p.status for a, p in people.items()})
    outsiders = rows[status != labels.STATUS_PARTICIPANT]
    for row in _first(outsiders, ["_src", "account"]).itertuples():
        person = people.get(row.account)
        what = (
            Say.NOT_IN_REGISTER if person is None else Say.OTHER_STATUS.format(status=person.status)
        )
        issues.append(
            make_issue(
                "NOT_PARTICIPANT",
                **frame.where(row.Index, "account"),
                account=row.account,
                name=person.name if person else row.debtor,
                what=what,
            )
        )
    rows = rows[status == labels.STATUS_PARTICIPANT].copy()
    if rows.empty:
        return issues

    # Work counts from the agreement (§5.9–10) and after the safety training (§4.2).
    issues += _before(
        rows,
        frame,
        people,
        "agreement_on",
        "BEFORE_AGREEMENT",
        lambda on: Say.AGREEMENT_ON.format(day=_date(on)),
        Say.NO_AGREEMENT,
    )
    issues += _before(
        rows,
        frame,
        people,
        "bhp_on",
        "NO_BHP",
        lambda on: Say.BHP_ON.format(day=_date(on)),
        Say.NO_BHP,
    )
    issues += _insurance(rows, frame, people)
    issues += _too_long(rows, frame, people, program)
    issues += _workers(rows, frame, program, people)
    return issues


def _dates_of(rows: pd.DataFrame, dates: dict[str, dt.date | None]) -> pd.Series:
    """Each row's date from a per-account dict, as datetime64 (converted once per account,
    not once per row; only the accounts `rows` hold)."""
    dates = {a: dates[a] for a in rows["account"].unique() if a in dates}
    if not dates:
        return pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    by_account = pd.Series(
        pd.to_datetime(pd.Series(list(dates.values()), dtype=object)).values,
        index=list(dates),
        dtype="datetime64[ns]",
    )
    return rows["account"].map(by_account)


def _before(
    rows: pd.DataFrame,
    frame: Frame,
    people: dict[str, Participant],
    attribute: str,
    code: str,
    dated: Callable[[dt.date], str],
    undated: str,
) -> list[Issue]:
    """Rows dated before a register date (or with none recorded): one issue per file+account."""
    since = _dates_of(rows, {a: getattr(p, attribute) for a, p in people.items()})
    early = rows[since.isna() | (rows["date"] < since)]
    issues = []
    for row in _first(early, ["_src", "account"]).itertuples():
        on = getattr(people[row.account], attribute)
        issues.append(
            make_issue(
                code,
                **frame.where(row.Index, "date"),
                account=row.account,
                day=_date(row.date.date()),
                what=dated(on) if on else undated,
                more=_more(row.n),
            )
        )
    return issues


def _too_long(
    rows: pd.DataFrame, frame: Frame, people: dict[str, Participant], program: Program
) -> list[Issue]:
    """PARTICIPATION_TOO_LONG (warning): work after `max_miesiecy_udzialu` (Kraków: 18)."""
    ends = {a: participation_end(p, program) for a, p in people.items()}
    ends = {a: e for a, e in ends.items() if e is not None}
    if not ends:
        return []
    end = _dates_of(rows, ends)
    late = rows[end.notna() & (rows["date"] > end)]
    issues = []
    for row in _first(late, ["_src", "account"]).itertuples():
        person = people[row.account]
        issues.append(
            make_issue(
                "PARTICIPATION_TOO_LONG",
                **frame.where(row.Index, "date"),
                account=row.account,
                name=person.name,
                since=_date(person.agreement_on),
                end=_date(ends[row.account]),
                limit=program.params.max_participation_months,
                what=Say.WORK_ON.format(day=_date(row.date.date()), more=_more(row.n)),
            )
        )
    return issues


def check_transfers_participation(payments: pd.DataFrame, program: Program) -> list[Issue]:
    """PARTICIPATION_TOO_LONG (warning) for wage transfers (Kraków model) dated after the
    participant's `max_miesiecy_udzialu`, as for work: one per file and account, at the first
    such transfer's date cell."""
    if payments is None or payments.empty:
        return []
    people = {p.account: p for p in program.participants}
    ends = {a: e for a, p in people.items() if (e := participation_end(p, program)) is not None}
    if not ends:
        return []
    end = _dates_of(payments, ends)
    late = payments[end.notna() & (payments["date"] > end)]
    issues = []
    for (file, account), group in late.sort_values(["file", "row"], kind="stable").groupby(
        ["file", "account"], sort=False
    ):
        first = group.iloc[0]
        person = people[account]
        issues.append(
            make_issue(
                "PARTICIPATION_TOO_LONG",
                file=file,
                sheet=labels.SHEET_PAYMENTS,
                row=int(first["row"]),
                cell=first["cell"],
                column=labels.label(labels.PAYMENT_COLUMNS, "date"),
                account=account,
                name=person.name,
                since=_date(person.agreement_on),
                end=_date(ends[account]),
                limit=program.params.max_participation_months,
                what=Say.TRANSFER_ON.format(
                    day=_date(first["date"].date()),
                    more=Say.MORE_TRANSFERS.format(count=len(group) - 1) if len(group) > 1 else "",
                ),
            )
        )
    return issues


def _insurance(rows: pd.DataFrame, frame: Frame, people: dict[str, Participant]) -> list[Issue]:
    """NO_INSURANCE: NNW is paid for whole calendar months (§3.4); the month must be covered."""
    start = _dates_of(rows, {a: p.insurance_from for a, p in people.items()})
    end = _dates_of(rows, {a: p.insurance_to for a, p in people.items()})
    months = rows["date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[M]")
    first_day = pd.Series(months.astype("datetime64[ns]"), index=rows.index)
    last_day = pd.Series((months + 1).astype("datetime64[D]") - 1, index=rows.index).astype(
        "datetime64[ns]"
    )
    gap = start.isna() | end.isna() | (first_day < start) | (last_day > end)
    uncovered = rows[gap].copy()
    uncovered["month"] = first_day[gap].dt.to_period("M")
    issues = []
    for row in _first(uncovered, ["_src", "account", "month"]).itertuples():
        person = people[row.account]
        period = labels.format_month((row.month.year, row.month.month))
        if person.insurance_from and person.insurance_to:
            what = Say.INSURANCE_GAP.format(
                start=_date(person.insurance_from), end=_date(person.insurance_to), month=period
            )
        else:
            what = Say.NO_INSURANCE.format(month=period)
        issues.append(
            make_issue(
                "NO_INSURANCE", **frame.where(row.Index, "date"), account=row.account, what=what
            )
        )
    return issues


def _workers(
    rows: pd.DataFrame, frame: Frame, program: Program, people: dict[str, Participant]
) -> list[Issue]:
    """WORKER_NOT_AUTHORIZED, WORKER_MINOR, PESEL_INVALID (§5.2: proxies are adults).

    Who worked is the work table's `worker_id` ("" for the debtor: `validation.worker_ids`
    decides it once for every rule)."""
    proxies: dict[tuple[str, str], Proxy] = {
        (p.account, labels.name_key(p.name)): p for p in program.proxies
    }

    is_debtor = rows["worker_id"] == ""
    is_proxy = _pair_in(rows, "worker_key", proxies)
    issues: list[Issue] = []

    strangers = rows[~is_debtor & ~is_proxy]
    for row in _first(strangers, ["_src", "account", "worker_key"]).itertuples():
        issues.append(
            make_issue(
                "WORKER_NOT_AUTHORIZED",
                **frame.where(row.Index, "worker"),
                account=row.account,
                worker=f"„{row.worker}”",
            )
        )

    letters = program.columns
    reported: set[tuple[str, str]] = set()
    # The debtor's own PESEL, when the debtor worked.
    for account in sorted(set(rows.loc[is_debtor, "account"])):
        person = people[account]
        problem = pesel_problem(person.pesel)
        if problem and (account, "") not in reported:
            reported.add((account, ""))
            issues.append(
                pesel_issue(
                    program,
                    labels.SHEET_PARTICIPANTS,
                    person.row,
                    letters.get(labels.SHEET_PARTICIPANTS, {}),
                    account,
                    person.pesel,
                    Say.PARTICIPANT.format(name=person.name),
                    problem,
                )
            )

    helpers = rows[is_proxy & ~is_debtor].copy()
    if helpers.empty:
        return issues
    births: dict[tuple[str, str], pd.Timestamp] = {}
    for key in sorted(set(zip(helpers["account"], helpers["worker_key"], strict=True))):
        proxy = proxies[key]
        problem = pesel_problem(proxy.pesel)
        if problem:
            issues.append(
                pesel_issue(
                    program,
                    labels.SHEET_PROXIES,
                    proxy.row,
                    letters.get(labels.SHEET_PROXIES, {}),
                    key[0],
                    proxy.pesel,
                    Say.PROXY.format(name=proxy.name),
                    problem,
                )
            )
            continue
        born = birth_date(proxy.pesel)
        births[key] = pd.Timestamp(eighteenth_birthday(born))
    adult_from = pd.Series(
        [
            births.get(k, pd.NaT)
            for k in zip(helpers["account"], helpers["worker_key"], strict=True)
        ],
        index=helpers.index,
        dtype="datetime64[ns]",
    )
    minors = helpers[adult_from.notna() & (helpers["date"] < adult_from)]
    for row in _first(minors, ["_src", "account", "worker_key"]).itertuples():
        proxy = proxies[(row.account, row.worker_key)]
        issues.append(
            make_issue(
                "WORKER_MINOR",
                **frame.where(row.Index, "worker"),
                account=row.account,
                worker=proxy.name,
                pesel=proxy.pesel,
                day=_date(row.date.date()),
            )
        )
    return issues


def _pair_in(rows: pd.DataFrame, key: str, known) -> pd.Series:
    """Whether each row's (account, `key`) pair is in `known` (a set or dict of pairs)."""
    return pd.Series(
        [pair in known for pair in zip(rows["account"].tolist(), rows[key].tolist(), strict=True)],
        index=rows.index,
        dtype=bool,
    )


def pesel_issue(
    program: Program,
    sheet: str,
    row: int,
    letters: dict[str, str],
    account: str,
    number: str,
    who: str,
    reason: str,
) -> Issue:
    """PESEL_INVALID at the PESEL cell of a register row (Uczestnicy or Upoważnieni)."""
    letter = letters.get("pesel", "")
    return make_issue(
        "PESEL_INVALID",
        file=program.file,
        sheet=sheet,
        row=row,
        cell=f"{letter}{row}" if letter else "",
        column="PESEL",
        account=account,
        found=f"„{number}”" if number else labels.EMPTY,
        who=who,
        reason=reason,
    )


def check_names(
    rows: pd.DataFrame, frame: Frame, program: Program | None, debts: Debts | None
) -> list[Issue]:
    """NAME_MISMATCH (warning): `Dłużnik` differs from the register / debt workbook name."""
    written = rows[rows["checked"] & (rows["debtor_key"] != "")]
    accounts = set(written["account"])
    known: dict[str, tuple[str, set[str]]] = {}
    if debts is not None:
        for account in accounts & debts.accounts.keys():
            debt = debts.accounts[account]
            known[account] = (debt.debtor, {labels.name_key(debt.debtor)})
    if program is not None:
        people = active_participants(program)
        for account in accounts & people.keys():
            person = people[account]
            keys = known.get(account, ("", set()))[1] | {labels.name_key(person.name)}
            known[account] = (person.name, keys)
    written = written[written["account"].isin(list(known))]
    if written.empty:
        return []
    fits = _pair_in(written, "debtor_key", {(a, k) for a, (_, keys) in known.items() for k in keys})
    issues = []
    for row in _first(written[~fits], ["_src", "account", "debtor_key"]).itertuples():
        issues.append(
            make_issue(
                "NAME_MISMATCH",
                **frame.where(row.Index, "debtor"),
                account=row.account,
                found=f"„{row.debtor}”",
                expected=f"„{known[row.account][0]}”",
            )
        )
    return issues
