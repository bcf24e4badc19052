"""Credits the finance system books late, partly or never (SPEC §7, `Do zaksięgowania`).

A chain of months is simulated with the program's own functions: each month a run sends one
or two posting documents (a supplementary run, or a reversal of part of what was credited),
recorded as `core.rules.booked.track` records them; in some months the run reads FK's export
beside its last ledger (`check_booked`), in others it runs on the ledger alone. FK books the
documents some months late, in any order, some never. For any such sequence, whenever FK's
export is read, no credit is lost and none is counted twice: the balance credited on is the
opening balance less every credit made, what awaits booking adds up to what FK has not booked,
and every document FK has not booked is still on the sheet (awaiting, or taken as booked to
be confirmed when another set of documents adds up to the same).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from odpracowanie.core.model import COMPONENTS, Debt, Debts, Pending
from odpracowanie.core.postings import Posting, PostingOrder
from odpracowanie.core.rules.booked import check_booked, is_maybe, track, waiting

OPENING = {"principal": 300_000, "interest": 40_000, "costs": 0}
NEVER = 99


def _debts(balance: dict[str, int], **fields) -> Debts:
    debt = Debt("1001", "Jan Kowalski", "ul. A", 0, 0, None, 2)
    debt = Debt(**{**debt.__dict__, **balance})
    return Debts(
        "fk.csv", "Zadłużenie", {"1001": debt}, components=("principal", "interest"), **fields
    )


def _order(month: int, n: int, parts: dict[str, int]) -> PostingOrder:
    lines = tuple(
        Posting(f"2026-{month:02d}", "1001", "Jan Kowalski", c, v, 0) for c, v in parts.items() if v
    )
    return PostingOrder(f"PK/ODPR/2026-{month:02d}/{n}", None, (2026, month), False, lines)


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
        st.integers(-20_000, 20_000),  # a second document: more credit, or a reversal (< 0)
        st.sampled_from([0, 0, 1, 2, 3, NEVER]),  # months until FK books the first
        st.sampled_from([0, 1, 2, NEVER]),  # ... and the second
        st.booleans(),  # FK's export is read this month (else the run is on the ledger)
    ),
    min_size=2,
    max_size=7,
)


@settings(max_examples=150, deadline=None)
@given(months)
def test_no_credit_is_lost_or_counted_twice_however_finance_books(plan):
    credited = {c: 0 for c in COMPONENTS}  # everything the program ever credited
    posted: list[tuple[str, dict[str, int]]] = []  # (number, amounts)
    booked_at: dict[str, int] = {}  # number -> the month from whose export FK holds it
    balance = dict(OPENING)
    pending: tuple[Pending, ...] = ()
    last = None  # the last month's ledger, once there is one
    for month, (amount, second, delay, delay2, with_fk) in enumerate(plan, start=1):
        if last is not None and with_fk:
            booked = [parts for number, parts in posted if booked_at[number] <= month]
            fk = {c: OPENING[c] - sum(p.get(c, 0) for p in booked) for c in COMPONENTS}
            booking = check_booked(_debts(fk), last)
            debt = booking.accounts["1001"]
            balance = {c: debt.part(c) for c in COMPONENTS}
            pending = booking.pending
            # the balance credited on is the opening one less every credit made
            assert balance == {c: OPENING[c] - credited[c] for c in COMPONENTS}
            # what awaits booking adds up to what FK has not booked
            unbooked = [parts for number, parts in posted if booked_at[number] > month]
            awaiting = [p for p in pending if not is_maybe(p.state)]
            for c in ("principal", "interest"):
                assert sum(p.amount(c) for p in awaiting) == sum(u.get(c, 0) for u in unbooked)
            # no document FK has not booked has left the sheet
            kept = {p.posting for p in pending}
            assert {n for n, _ in posted if booked_at[n] > month} <= kept
        documents = []
        first = _credit(balance, amount)
        documents.append((first, delay))
        after = {c: balance[c] - first.get(c, 0) for c in COMPONENTS}
        if second > 0:
            documents.append((_credit(after, second), delay2))  # a supplementary run
        elif second < 0:
            back = min(-second, credited["principal"] + first["principal"])
            documents.append(({"principal": -back, "interest": 0}, delay2))  # a reversal
        for n, (parts, wait) in enumerate(documents, start=1):
            if not any(parts.values()):
                continue
            order = _order(month, n, parts)
            posted.append((order.document, parts))
            booked_at[order.document] = month + 1 + wait  # in any order
            pending = track(pending, order, (2026, month))
            for c, v in parts.items():
                credited[c] += v
                balance[c] -= v
        last = _debts(balance, last_month=(2026, month), pending=pending, ledger_id="x")


def _ledger(principal: int, *entries: Pending) -> Debts:
    return _debts(
        {"principal": principal, "interest": 40_000},
        last_month=(2026, 11),
        pending=entries,
        ledger_id="x",
    )


def _sent(month: int, n: int, principal: int) -> Pending:
    number = f"PK/ODPR/2026-{month:02d}/{n}"
    return Pending("1001", "Jan Kowalski", f"2026-{month:02d}", number, (principal, 0, 0), "")


def test_a_reversal_finance_has_not_booked_is_kept_too():
    # November's correction took back 40,00 zł, which FK has not booked: FK's balance is
    # 40,00 zł lower than the ledger's
    ledger = _ledger(294_000, _sent(11, 2, -4000))
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


def test_a_credit_and_its_reversal_wait_together_until_a_later_credit_shows_them_booked():
    # October's 150,77 zł and its reversal: FK's balance is the same whether it booked both or
    # neither, so both wait (nothing said: together they are nothing) ...
    pair = (_sent(10, 1, 15077), _sent(10, 2, -15077))
    booking = check_booked(
        _debts({"principal": 300_000, "interest": 40_000}), _ledger(300_000, *pair)
    )
    assert [p.posting for p in booking.pending] == ["PK/ODPR/2026-10/1", "PK/ODPR/2026-10/2"]
    assert booking.issues == [] and booking.accounts["1001"].principal == 300_000
    # ... and when FK then books only the credit, the reversal is what still waits
    only = check_booked(_debts({"principal": 284_923, "interest": 40_000}), _ledger(300_000, *pair))
    assert [p.posting for p in only.pending] == ["PK/ODPR/2026-10/2"]
    assert only.accounts["1001"].principal == 300_000
    # ... and once a later credit is booked, that one is booked; the pair, which FK's balance
    # can never tell apart, is taken as booked and kept to be confirmed (not awaiting)
    later = _sent(11, 1, 10000)
    done = check_booked(
        _debts({"principal": 290_000, "interest": 40_000}), _ledger(290_000, *pair, later)
    )
    assert [p.posting for p in done.booked] == ["PK/ODPR/2026-11/1"]
    assert [p.posting for p in done.pending] == ["PK/ODPR/2026-10/1", "PK/ODPR/2026-10/2"]
    assert all(is_maybe(p.state) for p in done.pending) and waiting(done.pending) == ()
    assert done.issues == [] and done.accounts["1001"].principal == 290_000


def test_a_supplementary_runs_document_unbooked_is_kept_apart_from_the_months_first():
    # the month's run (100,00 zł) and its supplementary run (50,00 zł): FK booked the first
    ledger = _ledger(285_000, _sent(10, 1, 10000), _sent(10, 2, 5000))
    booking = check_booked(_debts({"principal": 290_000, "interest": 40_000}), ledger)
    assert [p.posting for p in booking.pending] == ["PK/ODPR/2026-10/2"]
    assert booking.accounts["1001"].principal == 285_000


def test_a_balance_nothing_explains_keeps_the_credits_waiting_and_says_so():
    # 1 507,20 zł not booked, and 300,00 zł of new arrears in FK the same month
    ledger = _ledger(691_295, _sent(10, 1, 150_720))
    fk = _debts({"principal": 691_295 + 150_720 + 30_000, "interest": 40_000})
    booking = check_booked(fk, ledger)
    assert [p.posting for p in booking.pending] == ["PK/ODPR/2026-10/1"]
    # credited on FK's balance less the credit: the new arrears are kept
    assert booking.accounts["1001"].principal == 691_295 + 30_000
    assert [i.code for i in booking.issues] == ["CREDIT_BOOKING_UNCLEAR"]
    assert "nowa zaległość, wpłata, odsetki" in booking.issues[0].message
    assert "przyjęto, że F-K nie zaksięgował: PK/ODPR/2026-10/1" in booking.issues[0].message


def test_a_balance_nothing_explains_takes_the_nearest_explanation():
    # the credit booked, and 100,00 zł more in FK besides: nearer to "booked" than not
    ledger = _ledger(691_295, _sent(10, 1, 150_720))
    booking = check_booked(_debts({"principal": 691_295 + 10_000, "interest": 40_000}), ledger)
    assert booking.pending == () and booking.accounts["1001"].principal == 701_295
    assert [i.code for i in booking.issues] == ["CREDIT_BOOKING_UNCLEAR"]
    assert "przyjęto, że F-K zaksięgował je wszystkie" in booking.issues[0].message


def test_interest_accrued_in_fk_beside_an_unbooked_credit_of_principal_is_kept():
    ledger = _ledger(691_295, _sent(10, 1, 150_720))
    fk = _debts({"principal": 691_295 + 150_720, "interest": 40_000 + 1825})
    booking = check_booked(fk, ledger)
    assert booking.accounts["1001"].principal == 691_295
    assert booking.accounts["1001"].interest == 40_000 + 1825
    assert [i.code for i in booking.issues] == ["CREDIT_NOT_BOOKED"]


def test_an_account_gone_from_fk_and_back_keeps_its_credit_waiting():
    ledger = _ledger(691_295, _sent(10, 1, 150_720))
    gone = check_booked(
        Debts("fk.csv", "Zadłużenie", {}, components=("principal", "interest")), ledger
    )
    assert [p.posting for p in gone.pending] == ["PK/ODPR/2026-10/1"]
    # back next month, the ledger made without it no longer has its balance: still waiting
    without = Debts(
        "salda.xlsx", "Zadłużenie", {}, last_month=(2026, 11), pending=gone.pending, ledger_id="y"
    )
    back = check_booked(_debts({"principal": 842_015, "interest": 40_000}), without)
    assert [p.posting for p in back.pending] == ["PK/ODPR/2026-10/1"]
    assert back.accounts["1001"].principal == 842_015 - 150_720
    assert [i.code for i in back.issues] == ["CREDIT_BOOKING_UNCLEAR"]


def test_booked_out_of_order_the_credits_fk_has_not_booked_stay_on_the_sheet():
    # October's 2 gr (booked late) and its reversal of 1 gr (never booked); November's
    # supplementary 1 gr booked at once: FK's balance is 1 gr below the ledger's — November's
    # document or October's pair explain it alike. November's is taken as awaiting, October's
    # pair kept as taken for booked, to be confirmed ...
    ledger = _ledger(299_998, _sent(10, 1, 2), _sent(10, 2, -1), _sent(11, 2, 1))
    booking = check_booked(_debts({"principal": 299_999, "interest": 40_000}), ledger)
    assert booking.accounts["1001"].principal == 299_998
    assert [p.posting for p in waiting(booking.pending)] == ["PK/ODPR/2026-11/2"]
    maybe = [p.posting for p in booking.pending if is_maybe(p.state)]
    assert maybe == ["PK/ODPR/2026-10/1", "PK/ODPR/2026-10/2"] and booking.booked == ()
    # ... so that when FK then books October's 2 gr, the reversal it never booked is found
    after = _ledger(299_998, *booking.pending)
    later = check_booked(_debts({"principal": 299_997, "interest": 40_000}), after)
    assert later.accounts["1001"].principal == 299_998
    assert [(p.posting, p.amounts[0]) for p in waiting(later.pending)] == [
        ("PK/ODPR/2026-10/2", -1)
    ]
    assert {p.posting for p in later.booked} == {"PK/ODPR/2026-10/1", "PK/ODPR/2026-11/2"}


def test_many_credits_all_booked_leave_the_sheet_and_quickly():
    # seventeen credits of one account, all booked: none is kept "to be confirmed"
    entries = [_sent(1 + n % 12, 1 + n, 1000 + 37 * n) for n in range(17)]
    ledger = _ledger(300_000, *entries)
    booking = check_booked(_debts({"principal": 300_000, "interest": 40_000}), ledger)
    assert booking.pending == () and len(booking.booked) == 17


def test_a_credit_shown_unbooked_and_its_reversal_just_sent_await_nothing():
    credit = replace(_sent(10, 1, 10_000), state="niezaksięgowane w F-K (od 11.2026)")
    reversal = replace(_sent(11, 1, -10_000), state="wysłane do F-K")
    assert waiting((credit, reversal)) == ()
    assert waiting((credit,)) == (credit,)
