"""The yearly report for the city council and the board (SPEC §9, `report --year`): pure
figures from the ledger and the register.

Every amount comes from the ledger's `Historia rozliczeń` (all lines of the year's months:
runs, re-runs, corrections), so the report's totals are the ledger's: what was credited to
each component, the surplus and the part above a cap, per month and per intake office. The
split by unit and by work type comes from `Historia prac` (the 12 months it keeps; the report
says which months when the year reaches further back). People are counted from the register
as it stands (new: agreement signed in the year; working: with work credited in the year;
finished; struck off; waiting). A debt worked off: an account whose balance after its last
line of the year is nil, with something credited in the year.

Example: 2026 with October (14 961,00 zł) and November (13 199,52 zł) credited -> value
credited 28 160,52 zł, two months, the accounts of both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import COMPONENTS, Debts, Program

PARTS = [f"to_{c}" for c in COMPONENTS]


@dataclass(frozen=True)
class YearReport:
    year: int
    people: dict[str, int]  # labels.REPORT_PEOPLE's keys -> how many
    totals: dict[str, int]  # hours (1/QTY_SCALE h), value, to_*, credited, surplus, capped…
    by_month: list[tuple[str, int, int, int]]  # (`2026-10`, debtors, hours, credited grosze)
    by_unit: list[tuple[str, int, int]]  # (unit code, hours, value grosze)
    by_code: list[tuple[str, str, int, int]]  # (work code, unit kind, qty, value grosze)
    by_office: list[tuple[str, int, int]]  # (office, debtors, credited grosze)
    paid_off: list[tuple[str, str, str]]  # (account, debtor, the month it reached nil)
    work_months: tuple[str, str] | None  # the first and last month `Historia prac` holds
    months: tuple[str, ...]  # the year's months in `Historia rozliczeń`

    @property
    def work_covers_year(self) -> bool:
        """Whether the split by unit and work type covers every month of the year credited."""
        if not self.months:
            return True
        return self.work_months is not None and self.work_months[0] <= self.months[0]


def year_report(program: Program, debts: Debts, year: int) -> YearReport:
    prefix = f"{year:04d}-"
    lines = debts.settlements[debts.settlements["month"].astype(str).str.startswith(prefix)]
    lines = lines.assign(credited=lines[PARTS].sum(axis=1).astype("int64"))
    totals = {
        f: int(lines[f].sum())
        for f in ("hours", "value", "transfers", *PARTS, "credited", "surplus", "capped")
    }
    by_account = lines.groupby("account")["credited"].sum()
    working = set(by_account.index[by_account != 0])
    by_month = []
    for month, group in lines.groupby("month", sort=True):
        net = group.groupby("account")["credited"].sum()
        by_month.append(
            (
                str(month),
                int((net != 0).sum()),
                int(group["hours"].sum()),
                int(group["credited"].sum()),
            )
        )
    work = debts.work_history
    work = work[work["month"].astype(str).str.startswith(prefix)]
    by_unit: list[tuple[str, int, int]] = []
    by_code: list[tuple[str, str, int, int]] = []
    if not work.empty:
        hours = work["qty"].where(work["unit"] == labels.UNIT_HOURS, 0)
        units = (
            work.assign(hours=hours)
            .groupby("unit_code", sort=True)
            .agg(hours=("hours", "sum"), value=("value", "sum"))
        )
        by_unit = [
            (str(u), int(h), int(v))
            for u, h, v in zip(units.index, units["hours"], units["value"], strict=True)
        ]
        codes = work.groupby(["code", "unit"], sort=True).agg(
            qty=("qty", "sum"), value=("value", "sum")
        )
        by_code = [
            (str(c), str(k), int(q), int(v))
            for (c, k), q, v in zip(codes.index, codes["qty"], codes["value"], strict=True)
        ]
    offices = {p.account: p.office for p in program.participants if p.office}
    office_of = by_account.index.map(lambda a: offices.get(a, ""))
    by_office = []
    if any(office_of):
        table = pd.DataFrame({"office": office_of, "credited": by_account.to_numpy()})
        for office, group in table[table["office"] != ""].groupby("office", sort=True):
            by_office.append(
                (str(office), int((group["credited"] != 0).sum()), int(group["credited"].sum()))
            )
    all_months = sorted(set(debts.work_history["month"].astype(str)))
    return YearReport(
        year=year,
        people=_people(program, year, len(working)),
        totals=totals,
        by_month=by_month,
        by_unit=by_unit,
        by_code=by_code,
        by_office=by_office,
        paid_off=_paid_off(lines),
        work_months=(all_months[0], all_months[-1]) if all_months else None,
        months=tuple(m for m, *_ in by_month),
    )


def _people(program: Program, year: int, working: int) -> dict[str, int]:
    statuses = [p.status for p in program.participants]
    return {
        "new": sum(
            1 for p in program.participants if p.agreement_on and p.agreement_on.year == year
        ),
        "working": working,
        "finished": statuses.count(labels.STATUS_FINISHED),
        "removed": statuses.count(labels.STATUS_STRUCK_OFF),
        "waiting": statuses.count(labels.STATUS_WAITING) + statuses.count(labels.STATUS_QUALIFIED),
    }


def _paid_off(lines: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Accounts whose balance after their last line of the year is nil, credited in it."""
    if lines.empty:
        return []
    after = lines[[f"{c}_after" for c in COMPONENTS]].sum(axis=1)
    last = lines.assign(after=after).groupby("account", sort=True).tail(1)
    credited = lines.groupby("account")["credited"].sum()
    return [
        (str(a), str(d), str(m))
        for a, d, m, left in zip(
            last["account"], last["debtor"], last["month"], last["after"], strict=True
        )
        if left == 0 and credited.get(a, 0) > 0
    ]
