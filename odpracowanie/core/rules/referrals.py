"""The coordinator's log (SPEC §9; rules §4.1, §5.11–5.13, Załącznik 6): referrals and offers.

When `program.xlsx` keeps `Skierowania`, a participant works only where and when referred:
- NO_REFERRAL (error): accepted work at a unit on a day that no referral of the account to
  that unit covers; one issue per timesheet and account, at its first such row, with how many
  more (the debtor's month is withheld, as for any error);
- TIMESHEET_MISSING (warning): a unit with a referral active in the month and no timesheet of
  that month in the batch (`send` writes its supervisor a reminder).
The log's own rows are checked when the programme is read: `Do` before `Od`, a unit that is not
in `Jednostki`, an account that is not in `Uczestnicy` are VALUE_INVALID at the cell (the row is
left out and its account withheld).

Example: 104512 referred to ZDIZ from 01.10 to 15.10.2026 worked at ZDIZ on 20.10 ->
NO_REFERRAL at that row's `Nr konta`; MOSIR with a referral for October and no timesheet of
October -> TIMESHEET_MISSING.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import (
    Offer,
    OrgUnit,
    Participant,
    Referral,
    month_bounds,
    month_text,
)
from odpracowanie.core.rules.context import Context
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("NO_REFERRAL", "TIMESHEET_MISSING", "VALUE_INVALID")

_OPEN_END = pd.Timestamp("2262-04-11")  # `Do` left empty: until further notice


def _invalid(frame: Frame, row: int, field: str, found: str, expected: str, account: str):
    index = frame.raw.index[frame.raw["_row"] == row][0]
    return make_issue(
        "VALUE_INVALID",
        **frame.where(index, field),
        account=account,
        found=found,
        expected=expected,
    )


def check_referral_rows(
    referrals: Sequence[Referral],
    frame: Frame,
    units: Sequence[OrgUnit],
    people: Sequence[Participant],
) -> list[Issue]:
    """`Skierowania`'s rows against the programme: dates in order, a known unit, a
    registered account."""
    codes = {u.code.casefold() for u in units}
    accounts = {p.account for p in people}
    issues = []
    for r in referrals:
        if r.end is not None and r.end < r.start:
            issues.append(
                _invalid(
                    frame,
                    r.row,
                    "end",
                    labels.format_date(r.end),
                    Say.NOT_BEFORE.format(day=labels.format_date(r.start)),
                    r.account,
                )
            )
        if r.unit.casefold() not in codes:
            issues.append(
                _invalid(
                    frame, r.row, "unit", r.unit or labels.EMPTY, Say.UNIT_OF_PROGRAMME, r.account
                )
            )
        if r.account not in accounts:
            issues.append(
                _invalid(frame, r.row, "account", r.account, Say.REGISTERED_ACCOUNT, r.account)
            )
    return issues


def check_offer_rows(
    offers: Sequence[Offer], frame: Frame, people: Sequence[Participant]
) -> list[Issue]:
    """`Oferty`'s rows: each offer made to a registered account."""
    accounts = {p.account for p in people}
    return [
        _invalid(frame, o.row, "account", o.account, Say.REGISTERED_ACCOUNT, o.account)
        for o in offers
        if o.account not in accounts
    ]


def _referral_table(referrals: Sequence[Referral]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account": [r.account for r in referrals],
            "unit_key": [r.unit.casefold() for r in referrals],
            "start": pd.to_datetime(pd.Series([r.start for r in referrals], dtype=object)),
            "end": pd.to_datetime(
                pd.Series([r.end or _OPEN_END.date() for r in referrals], dtype=object)
            ),
        }
    )


def _listed(referrals: Sequence[Referral]) -> str:
    """The account's referrals as a message lists them: `S/1 ZDIZ 01.10.2026–15.10.2026`."""
    if not referrals:
        return Say.NO_REFERRALS
    return "; ".join(
        Say.REFERRAL.format(
            number=r.number,
            unit=r.unit,
            start=labels.format_date(r.start),
            end=labels.format_date(r.end) if r.end else Say.OPEN_END,
        )
        for r in sorted(referrals, key=lambda r: (r.start, r.number))
    )


def check_referred_work(ctx: Context) -> list[Issue]:
    """NO_REFERRAL: accepted work of a participant at a unit on a day no referral covers."""
    from odpracowanie.core.rules.register import active_participants

    program, work = ctx.program, ctx.work
    if program is None or program.referrals is None:
        return []
    people = active_participants(program)
    participants = [a for a, p in people.items() if p.status == labels.STATUS_PARTICIPANT]
    rows = work[
        work["checked"]
        & work["in_month"]
        & (work["accepted"] == True)  # noqa: E712
        & work["account_known"]
        & work["account"].isin(participants)
        & ~work["account"].isin(list(ctx.broken_accounts))
    ]
    if rows.empty:
        return []
    pairs = (
        rows[["account", "unit_key", "date"]]
        .reset_index(names="at")
        .merge(_referral_table(program.referrals), on=["account", "unit_key"])
    )
    covered = set(
        pairs.loc[(pairs["date"] >= pairs["start"]) & (pairs["date"] <= pairs["end"]), "at"]
    )
    outside = rows[~rows.index.isin(list(covered))].sort_values(["_src", "_row"], kind="stable")
    if outside.empty:
        return []
    by_account: dict[str, list[Referral]] = {}
    for r in program.referrals:
        by_account.setdefault(r.account, []).append(r)
    codes = {u.code.casefold(): u.code for u in program.units}
    issues = []
    for (_, account), group in outside.groupby(["_src", "account"], sort=False):
        first = group.index[0]
        days = sorted({d.date() for d in group["date"]})
        issues.append(
            make_issue(
                "NO_REFERRAL",
                **ctx.frame.where(first, "account"),
                account=account,
                name=people[account].name,
                unit=codes.get(group.at[first, "unit_key"], group.at[first, "unit_key"]),
                days=", ".join(labels.format_date(d) for d in days),
                rows=labels.rows_text(len(group)),
                referrals=_listed(by_account.get(account, [])),
            )
        )
    return issues


def active_in(referrals: Sequence[Referral], first: dt.date, last: dt.date) -> list[Referral]:
    return [r for r in referrals if r.overlaps(first, last)]


def check_missing_timesheets(ctx: Context) -> list[Issue]:
    """TIMESHEET_MISSING: each unit with a referral active in the month and no timesheet of
    the month in the batch, at its first such referral's `Kod jednostki`."""
    program = ctx.program
    if program is None or program.referrals is None or ctx.month is None:
        return []
    first, last = month_bounds(ctx.month)
    text = month_text(ctx.month)
    sent = {unit for unit, month, _, _ in ctx.sent if month == text}
    units = {u.code.casefold(): u for u in program.units}
    waiting: dict[str, list[Referral]] = {}
    for r in sorted(active_in(program.referrals, first, last), key=lambda r: r.row):
        if r.unit.casefold() not in sent:
            waiting.setdefault(r.unit.casefold(), []).append(r)
    letters = program.columns.get(labels.SHEET_REFERRALS, {})
    issues = []
    for key, found in waiting.items():
        unit = units.get(key)
        row = found[0].row
        issues.append(
            make_issue(
                "TIMESHEET_MISSING",
                file=program.file,
                sheet=labels.SHEET_REFERRALS,
                row=row,
                cell=f"{letters.get('unit', '')}{row}" if letters.get("unit") else "",
                column=labels.label(labels.REFERRAL_COLUMNS, "unit"),
                unit=unit.code if unit else found[0].unit,
                name=unit.name if unit else found[0].unit,
                month=labels.format_month(ctx.month),
                accounts=", ".join(sorted({r.account for r in found})),
            )
        )
    return issues
