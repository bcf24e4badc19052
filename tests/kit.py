"""Fast in-memory rule tests: timesheets and a programme as the readers give them, without
writing a workbook. The end-to-end tests keep the CLI and real files; `test_rules_fast`
checks once that this kit and the reader give the same issues for the same rows.

    issues = check([work_row(5, qty=24.25)])  # conftest.work_row: a valid accepted row
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pandas as pd
from conftest import PEOPLE, PROXY_ADULT, D, register_row

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.core.model import (
    Debts,
    Month,
    OrgUnit,
    Params,
    Participant,
    Program,
    Proxy,
    Rate,
    Timesheet,
    TimesheetHeader,
)
from odpracowanie.core.money import grosze_from_decimal
from odpracowanie.core.validation import Validation, validate_month
from odpracowanie.issues import Issue

MONTH: Month = (2026, 10)
HEADER_ROW = 7  # the table's header row in `conftest.make_timesheet`'s workbooks
FIELDS = [c.field for c in labels.TIMESHEET_COLUMNS]
LETTERS = {name: column_letter(i) for i, name in enumerate(FIELDS)}


def _cell(value: object) -> object:
    """A value as calamine reads it from a cell: dates as datetimes, numbers as floats."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return "" if value is None else value


def timesheet(
    rows: Sequence[dict[str, object]],
    *,
    file: str = "karta.xlsx",
    unit: str = "PGM",
    month: Month | None = MONTH,
    sheet: str = "Rozliczenie",
) -> Timesheet:
    """One sheet of a current template with `rows` (field -> value) below its header row."""
    body = {name: [_cell(row.get(name)) for row in rows] for name in FIELDS}
    body["lp"] = [float(n) for n in range(1, len(rows) + 1)]
    table = pd.DataFrame(body, dtype=object)
    table["_row"] = pd.array(range(HEADER_ROW + 1, HEADER_ROW + 1 + len(rows)), dtype="int64")
    header = TimesheetHeader(
        unit=unit,
        supervisor="Barbara Zielińska",
        month=month,
        drawn_up=None,
        version=labels.TEMPLATE_VERSION,
        cells={labels.HEADER_UNIT: "C3", labels.HEADER_MONTH: "C5"},
        raw={labels.HEADER_UNIT: unit, labels.HEADER_MONTH: month},
    )
    return Timesheet(file, file, sheet, header, table, dict(LETTERS), sha256=f"sha-{file}")


RATES = (
    ("PORZ", "Prace porządkowe", "h", "31.40", D(2026, 1, 1), None),
    ("REM", "Remonty", "h", "35.00", D(2025, 1, 1), D(2026, 10, 15)),
    ("REM", "Remonty", "h", "36.50", D(2026, 10, 16), None),
    ("MYC", "Mycie okien", "m2", "2.50", D(2026, 1, 1), None),
)


def program(
    *,
    params: dict[str, object] | None = None,
    participants: Sequence[dict[str, object]] | None = None,
    proxies: Sequence[tuple[str, str, str]] = (PROXY_ADULT,),
) -> Program:
    """`conftest.make_program`'s programme, built in memory; `params` by `Params` field."""
    people = participants if participants is not None else [{"account": a} for a in PEOPLE]
    register = []
    for n, spec in enumerate(people, start=1):
        register.append(Participant(**register_row(n, {"office": "", "row": n + 1, **spec})))
    return Program(
        file="program.xlsx",
        params=Params(**(params or {})),
        rates=tuple(
            Rate(code, name, unit, grosze_from_decimal(Decimal(rate)), since, until, row)
            for row, (code, name, unit, rate, since, until) in enumerate(RATES, start=2)
        ),
        units=(OrgUnit("PGM", "PGM Żyrardów", "Barbara Zielińska", "bz@example.pl", 2),),
        participants=tuple(register),
        proxies=tuple(Proxy(*p, row=n) for n, p in enumerate(proxies, start=2)),
    )


def validate(
    sheets: Sequence[Timesheet],
    *,
    program: Program | None = None,
    debts: Debts | None = None,
    month: Month | None = MONTH,
    history: pd.DataFrame | None = None,
) -> Validation:
    return validate_month(list(sheets), program=program, debts=debts, month=month, history=history)


def check(
    rows: Sequence[dict[str, object]],
    *,
    params: dict[str, object] | None = None,
    history: pd.DataFrame | None = None,
) -> list[Issue]:
    """The issues of one timesheet with `rows`, against the default programme."""
    return validate([timesheet(rows)], program=program(params=params), history=history).issues


def where(issues: Sequence[Issue]) -> list[tuple[str, str, str]]:
    """(code, cell, account) of each issue."""
    return [(i.code, i.cell, i.account) for i in issues]


def debts(
    balances: dict[str, tuple[int, ...]] | None = None,
    *,
    since: dict[str, dt.date] | None = None,
    credited: Sequence[tuple] = (),
) -> Debts:
    """A debt workbook of `conftest.PEOPLE`: account -> (principal, interest[, costs]) in
    grosze (default 5 000,00 zł and 400,00 zł each), dated 30.09.2026; `since`: account -> the
    arrears' `Zaległość od`; `credited`: (month, account, grosze[, component]) lines of
    `Historia rozliczeń` from earlier runs (to principal unless another component is named)."""
    from odpracowanie.core.model import Debt, empty_settlements

    balances = balances or {a: (500000, 40000) for a in PEOPLE}
    since = since or {}
    lines = empty_settlements()
    if credited:
        rows = [
            {**{name: 0 for name in lines.columns}, "month": m, "account": a, "entry": ""}
            | {
                "debtor": PEOPLE[a][0],
                "approval": "",
                "posting": "",
                "value": g,
                f"to_{part[0]}": g,
            }
            for m, a, g, *part in ((*line, "principal") for line in credited)
        ]
        lines = pd.DataFrame(rows, columns=lines.columns).astype(lines.dtypes.to_dict())
    return Debts(
        file="zadluzenie.xlsx",
        sheet="Zadłużenie",
        accounts={
            a: Debt(a, PEOPLE[a][0], "ul. Testowa 1", p, i, D(2026, 9, 30), n, since.get(a), *c)
            for n, (a, (p, i, *c)) in enumerate(balances.items(), start=2)
        },
        settlements=lines,
    )


def settle(
    rows: Sequence[dict[str, object]],
    *,
    params: dict[str, object] | None = None,
    owed: Debts | None = None,
):
    """The month of one timesheet with `rows`, valued and credited on `owed` (`debts()`)."""
    from odpracowanie.core.settlement import settle_month

    prog, owed = program(params=params), owed or debts()
    result = validate([timesheet(rows)], program=prog, debts=owed)
    return settle_month(result, owed, prog, MONTH, {"karta.xlsx": "PGM"})
