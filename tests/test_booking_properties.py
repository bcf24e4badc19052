"""Credits the finance system books late, partly or never (SPEC §7, `Do zaksięgowania`).

A chain of months is simulated: each month the program reads FK's export beside its last
ledger (`core.rules.booked.check_booked`), credits on the balance it gets, and posts one
document; FK books each document some months later or never. For any such sequence, no
credit is lost and none is counted twice: the balance credited on is always the opening
balance less every credit made, and what awaits booking is exactly what FK has not booked.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from odpracowanie.core.model import COMPONENTS, Debt, Debts, empty_settlements
from odpracowanie.core.rules.booked import check_booked

OPENING = {"principal": 300_000, "interest": 40_000, "costs": 0}
NEVER = 99


def _debts(balance: dict[str, int], **fields) -> Debts:
    debt = Debt("1001", "Jan Kowalski", "ul. A", 0, 0, None, 2)
    debt = Debt(**{**debt.__dict__, **balance})
    return Debts(
        "fk.csv", "Zadłużenie", {"1001": debt}, components=("principal", "interest"), **fields
    )


def _line(month: int, parts: dict[str, int], posting: str) -> dict:
    return {
        **{name: 0 for name in empty_settlements().columns},
        "month": f"2026-{month:02d}",
        "account": "1001",
        "entry": "",
        "debtor": "Jan Kowalski",
        "approval": "",
        "posting": posting,
        **{f"to_{c}": parts.get(c, 0) for c in COMPONENTS},
    }


def _credit(balance: dict[str, int], amount: int) -> dict[str, int]:
    """Principal first, then interest, never beyond the debt."""
    out = {}
    for c in ("principal", "interest"):
        out[c] = min(amount, balance[c])
        amount -= out[c]
    return out


months = st.lists(
    st.tuples(
        st.integers(0, 60_000),  # the month's credit, grosze
        st.sampled_from([0, 0, 1, 2, 3, NEVER]),  # months until FK books it (0: by next export)
    ),
    min_size=2,
    max_size=8,
)


@settings(max_examples=120, deadline=None)
@given(months)
def test_no_credit_is_lost_or_counted_twice_however_finance_books(plan):
    credited = {c: 0 for c in COMPONENTS}  # everything the program ever credited
    posted: list[tuple[int, str, dict[str, int]]] = []  # (month issued, number, amounts)
    booked_at: dict[str, int] = {}  # number -> the month from whose export FK holds it
    ledger: Debts | None = None
    for month, (amount, delay) in enumerate(plan, start=1):
        # FK's export at this month: the opening balance less what it has booked by now
        booked = [parts for _, number, parts in posted if booked_at[number] <= month]
        fk = {c: OPENING[c] - sum(p.get(c, 0) for p in booked) for c in COMPONENTS}
        if ledger is None:
            balance, pending = dict(fk), ()
        else:
            booking = check_booked(_debts(fk), ledger)
            debt = booking.accounts["1001"]
            balance = {c: debt.part(c) for c in COMPONENTS}
            pending = booking.pending
        # the balance credited on is the opening one less every credit made: nothing lost,
        # nothing counted twice
        assert balance == {c: OPENING[c] - credited[c] for c in COMPONENTS}
        # what awaits booking is exactly what FK has not booked
        unbooked = [parts for _, number, parts in posted if booked_at[number] > month]
        for c in ("principal", "interest"):
            assert sum(p.amount(c) for p in pending) == sum(u.get(c, 0) for u in unbooked)
        parts = _credit(balance, amount)
        lines = []
        if any(parts.values()):
            number = f"PK/ODPR/2026-{month:02d}/1"
            posted.append((month, number, parts))
            booked_at[number] = month + 1 + delay
            for c, v in parts.items():
                credited[c] += v
            lines.append(_line(month, parts, number))
        after = {c: balance[c] - parts.get(c, 0) for c in COMPONENTS}
        settlements = pd.DataFrame(lines, columns=empty_settlements().columns)
        ledger = _debts(
            after,
            settlements=settlements if lines else empty_settlements(),
            last_month=(2026, month),
            pending=tuple(pending),
        )


def test_a_reversal_finance_has_not_booked_is_kept_too():
    # October credited 100,00 zł (booked); November's correction took back 40,00 zł, which FK
    # has not booked yet: its balance is 40,00 zł lower than the ledger's.
    lines = pd.DataFrame(
        [_line(11, {"principal": -4000}, "PK/ODPR/2026-11/2")], columns=empty_settlements().columns
    )
    ledger = _debts(
        {"principal": 294_000, "interest": 40_000},
        settlements=lines,
        last_month=(2026, 11),
    )
    booking = check_booked(_debts({"principal": 290_000, "interest": 40_000}), ledger)
    assert booking.accounts["1001"].principal == 294_000
    assert [(p.posting, p.amounts) for p in booking.pending] == [
        ("PK/ODPR/2026-11/2", (-4000, 0, 0))
    ]
    assert [i.code for i in booking.issues] == ["CREDIT_NOT_BOOKED"]
    # once booked, it leaves the list
    booked = check_booked(_debts({"principal": 294_000, "interest": 40_000}), ledger)
    assert booked.pending == () and [p.posting for p in booked.booked] == ["PK/ODPR/2026-11/2"]
    assert booked.issues == []


def test_a_credit_and_its_reversal_both_booked_leave_nothing_waiting():
    # October's 150,77 zł and its correction, both booked by FK: not two entries that cancel
    lines = pd.DataFrame(
        [
            _line(10, {"principal": 15077}, "PK/ODPR/2026-10/1"),
            _line(10, {"principal": -15077}, "PK/ODPR/2026-10/2"),
        ],
        columns=empty_settlements().columns,
    )
    ledger = _debts(
        {"principal": 300_000, "interest": 40_000}, settlements=lines, last_month=(2026, 10)
    )
    booking = check_booked(_debts({"principal": 300_000, "interest": 40_000}), ledger)
    assert booking.pending == () and booking.issues == []
    assert len(booking.booked) == 2
