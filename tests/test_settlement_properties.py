"""Property tests of the pure core: for any month of work, money is neither lost nor doubled."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odpracowanie.core.model import (
    COMPONENTS,
    Debt,
    Debts,
    OrgUnit,
    Params,
    Participant,
    Program,
    Rate,
    Timesheet,
    TimesheetHeader,
)
from odpracowanie.core.settlement import settle_month
from odpracowanie.core.validation import validate_month

D = dt.date
ACCOUNTS = ("1001", "1002")


def _program(order: tuple[str, ...]) -> Program:
    people = tuple(
        Participant(
            f"W/{a}",
            D(2026, 1, 1),
            a,
            f"Osoba {a}",
            "71031412371",
            "",
            "najemca",
            "uczestnik",
            D(2026, 1, 2),
            D(2026, 2, 1),
            0,
            D(2026, 2, 1),
            D(2026, 1, 1),
            D(2026, 12, 31),
            "",
            2 + n,
        )
        for n, a in enumerate(ACCOUNTS)
    )
    return Program(
        "program.xlsx",
        Params(allocation_order=order, min_hours_week=0),
        (Rate("PORZ", "Porządki", "h", 3140, D(2026, 1, 1), None, 2),),
        (OrgUnit("PGM", "PGM", "", "", 2),),
        people,
        (),
    )


def _sheet(rows: list[tuple[str, int, int]]) -> Timesheet:
    table = pd.DataFrame(
        {
            "lp": [""] * len(rows),
            "date": [D(2026, 10, day) for _, day, _ in rows],
            "account": [a for a, _, _ in rows],
            "debtor": [""] * len(rows),
            "worker": [""] * len(rows),
            "code": ["PORZ"] * len(rows),
            "work": [""] * len(rows),
            "qty": [q / 4 for _, _, q in rows],
            "unit": ["h"] * len(rows),
            "rate": [""] * len(rows),
            "value": [""] * len(rows),
            "protocol": ["P/1"] * len(rows),
            "accepted": ["TAK"] * len(rows),
            "remarks": [""] * len(rows),
        },
        dtype=object,
    )
    table["_src"] = 0
    table["_row"] = range(8, 8 + len(rows))
    header = TimesheetHeader("PGM", "", (2026, 10), None, "2026.1")
    letters = {f: chr(65 + i) for i, f in enumerate(table.columns[:14])}
    return Timesheet("karta.xlsx", "karta.xlsx", "Rozliczenie", header, table, letters, "abc")


work_rows = st.lists(
    st.tuples(st.sampled_from(ACCOUNTS), st.integers(1, 31), st.integers(1, 24)),
    min_size=1,
    max_size=25,
    unique_by=lambda r: (r[0], r[1]),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    work_rows,
    st.integers(0, 300_000),
    st.integers(0, 100_000),
    st.integers(0, 100_000),
    st.permutations(COMPONENTS),
)
def test_month_credited_once_and_invariants_hold(rows, principal, interest, costs, order):
    program = _program(order)
    debts = Debts(
        "zadluzenie.xlsx",
        "Zadłużenie",
        {
            a: Debt(a, f"Osoba {a}", "", principal, interest, None, 2 + n, costs=costs)
            for n, a in enumerate(ACCOUNTS)
        },
    )
    sheet = _sheet(rows)
    first = settle_month(
        validate_month([sheet], program=program, debts=debts, month=(2026, 10)),
        debts,
        program,
        (2026, 10),
        {"karta.xlsx": "PGM"},
    )
    for result in first.debtors:
        a = result.allocation
        before = debts.accounts[result.account]
        after = first.accounts_after[result.account]
        if a is None:
            assert after.total == before.total
            continue
        for c in COMPONENTS:  # before − credited = after, per component
            assert before.part(c) - a.to(c) == after.part(c) >= 0
        assert a.to_principal + a.to_interest + a.to_costs + a.surplus == a.value
        # the ledger's line says the same
        line = first.settlements.set_index("account").loc[result.account]
        for c in COMPONENTS:
            assert (line[f"{c}_before"], line[f"to_{c}"], line[f"{c}_after"]) == (
                before.part(c),
                a.to(c),
                after.part(c),
            )
    # Running the same month again on its own output credits nothing more.
    again = Debts(
        "salda.xlsx", "Zadłużenie", first.accounts_after, first.work_history, first.settlements
    )
    second = settle_month(
        validate_month([sheet], program=program, debts=again, month=(2026, 10)),
        again,
        program,
        (2026, 10),
        {"karta.xlsx": "PGM"},
    )
    assert second.total_value == 0
    assert second.accounts_after == first.accounts_after
    assert len(second.work_history) == len(first.work_history)
