"""Work credited by earlier runs (SPEC §3): a re-sent timesheet never credits twice, and a change
to credited work (CREDITED_ROW_CHANGED) withholds the debtor until a correction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from conftest import balances, sheet_rows, week_rows, work_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odpracowanie.batch import run_reconcile


def _issues(out: Path) -> list[tuple]:
    return [
        (r[0], r[2], r[5], r[7], r[8]) for r in sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")[1:]
    ]


def test_a_corrected_quantity_of_credited_work_is_refused(make_timesheet, reconcile, tmp_path):
    """ZDIZ's row of 8.10 credited with 2,5 h (78,50 zł); re-sent with 6 h: not 188,40 zł more."""
    first_rows = [work_row(8, qty=2.5), work_row(9, qty=6)]
    _, _, first = reconcile(make_timesheet(first_rows, name="karta.xlsx"), out=tmp_path / "a")
    assert balances(first / "salda_2026-10.xlsx")["1001"] == (5000 - 78.5 - 188.4, 400)
    resent = make_timesheet(
        [work_row(8, qty=6), work_row(9, qty=6), work_row(10, qty=4)], name="karta_poprawiona.xlsx"
    )
    status, output, second = reconcile(
        resent, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b"
    )
    assert status == 1
    issues = _issues(second)
    assert [(f, c, a, code) for f, c, a, code, _ in issues] == [
        ("karta_poprawiona.xlsx", "H8", "1001", "CREDITED_ROW_CHANGED"),
        ("karta_poprawiona.xlsx", "B9", "1001", "ALREADY_CREDITED"),
    ]
    message = issues[0][4]
    assert message.startswith("Konto 1001, 08.10.2026, PORZ: zaliczono już 2,5 h (78,50 zł; ")
    assert "zaliczono już 2,5 h (78,50 zł; rozliczenie za 10.2026, karta karta.xlsx)" in message
    assert "karta podaje teraz: 6 h. Zaliczonej" in message and "odpracowanie correct" in message
    # nothing of 1001's this run: not the new 6 h, not the added 10.10 either
    assert balances(second / "salda_2026-10_2.xlsx")["1001"] == (5000 - 78.5 - 188.4, 400)


@pytest.mark.parametrize("acceptance", [None, "TAK?"])
def test_credited_work_resent_without_a_clear_acceptance_is_a_change(
    make_timesheet, reconcile, tmp_path, acceptance
):
    # Re-sent with another quantity and Odebrano left blank (or unreadable): the cell gets its
    # own issue, and the change of credited work is said as not accepted, never a crash.
    _, _, first = reconcile(make_timesheet(week_rows(), name="a.xlsx"), out=tmp_path / "a")
    resent = make_timesheet([work_row(8, accepted=acceptance, qty=5), work_row(9)], name="b.xlsx")
    status, output, second = reconcile(
        resent, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b"
    )
    issues = _issues(second)
    assert "FILE_UNREADABLE" not in [code for *_, code, _ in issues], output
    changed = [message for *_, code, message in issues if code == "CREDITED_ROW_CHANGED"]
    assert len(changed) == 1 and "karta podaje teraz: 5 h nieodebrane (NIE)" in changed[0]


def test_credited_work_now_not_accepted_is_a_change(make_timesheet, reconcile, tmp_path):
    _, _, first = reconcile(make_timesheet(week_rows(), name="a.xlsx"), out=tmp_path / "a")
    resent = make_timesheet([work_row(8, accepted="NIE"), work_row(9)], name="a2.xlsx")
    status, _, second = reconcile(resent, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b")
    changed = [i for i in _issues(second) if i[3] == "CREDITED_ROW_CHANGED"]
    assert [(c, a) for _, c, a, _, _ in changed] == [("H8", "1001")]
    assert "4 h nieodebrane (NIE)" in changed[0][4]
    assert status == 1


def test_credited_work_missing_from_the_re_sent_timesheet_is_a_change(
    make_timesheet, reconcile, tmp_path
):
    _, _, first = reconcile(
        make_timesheet([*week_rows(), *week_rows("1002")], name="a.xlsx"), out=tmp_path / "a"
    )
    resent = make_timesheet([*week_rows(), work_row(9, "1002")], name="a2.xlsx")
    status, _, second = reconcile(resent, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b")
    changed = [i for i in _issues(second) if i[3] == "CREDITED_ROW_CHANGED"]
    assert [(f, c, a) for f, c, a, _, _ in changed] == [("a2.xlsx", "", "1002")]
    assert "08.10.2026" in changed[0][4] and "nie ma tego wpisu" in changed[0][4]
    assert status == 1


def test_the_same_month_run_again_credits_nothing(make_timesheet, reconcile, tmp_path):
    path = make_timesheet(week_rows(), name="a.xlsx")
    _, _, first = reconcile(path, out=tmp_path / "a")
    status, output, second = reconcile(path, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b")
    assert status == 0 and "Zaliczono: 0,00 zł" in output
    assert [i[3] for i in _issues(second)] == ["ALREADY_CREDITED"]


def test_another_units_timesheet_changes_nothing_credited(
    make_timesheet, make_program, reconcile, tmp_path
):
    program = make_program(
        units=[
            ["PGM", "PGM", "B. Z.", "bz@example.pl"],
            ["MOSIR", "MOSiR", "J. K.", "jk@example.pl"],
        ]
    )
    _, _, first = reconcile(
        make_timesheet(week_rows(), name="a.xlsx"), program=program, out=tmp_path / "a"
    )
    other = make_timesheet(week_rows("1002"), name="mosir.xlsx", unit="MOSIR")
    status, output, second = reconcile(
        other, debts=first / "salda_2026-10.xlsx", program=program, out=tmp_path / "b"
    )
    assert status == 0, output
    assert balances(second / "salda_2026-10_2.xlsx")["1002"] == (4748.8, 400)


def test_a_ledger_written_before_units_were_recorded_still_guards(
    make_timesheet, reconcile, tmp_path
):
    _, _, first = reconcile(make_timesheet(week_rows(), name="a.xlsx"), out=tmp_path / "a")
    ledger = first / "salda_2026-10.xlsx"
    book = openpyxl.load_workbook(ledger)
    sheet = book["Historia prac"]
    sheet.delete_cols(4)  # Jednostka organizacyjna
    sheet.delete_cols(1)  # ID
    book.save(ledger)
    resent = make_timesheet([work_row(8, qty=5), work_row(9)], name="a2.xlsx")
    status, _, second = reconcile(resent, debts=ledger, out=tmp_path / "b")
    assert [(c, code) for _, c, _, code, _ in _issues(second)] == [
        ("H8", "CREDITED_ROW_CHANGED"),
        ("B9", "ALREADY_CREDITED"),
    ]
    assert status == 1


# -- the invariant ---------------------------------------------------------------------------
DAYS = (5, 6, 7)
ROWS = st.lists(
    st.tuples(
        st.sampled_from(DAYS), st.sampled_from((2, 4, 6)), st.sampled_from(("TAK", "TAK", "NIE"))
    ),
    min_size=0,
    max_size=4,
)


def _credited(ledger: Path) -> Counter:
    """Hours credited per day, from `Historia prac`."""
    rows = sheet_rows(ledger, "Historia prac")[1:]
    total: Counter = Counter()
    for row in rows:
        total[row[4].day] += row[7]
    return total


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(versions=st.lists(ROWS, min_size=1, max_size=4))
def test_versions_of_a_timesheet_never_credit_more_than_one_of_them_states(
    versions, make_timesheet, make_program, make_debts, tmp_path_factory
):
    """However a unit's timesheet changes from run to run, the hours credited for a day never
    exceed what one single version stated for it, and a version that keeps every credited row
    credits exactly its rows."""
    folder = tmp_path_factory.mktemp("wersje")
    program, debts = make_program(), make_debts()
    stated_max: Counter = Counter()
    for n, rows in enumerate(versions):
        path = make_timesheet(
            [work_row(d, qty=q, accepted=a, protocol=f"P/{i}") for i, (d, q, a) in enumerate(rows)],
            folder=folder / f"v{n}",
            name=f"karta_v{n}.xlsx",
        )
        result = run_reconcile(
            [path],
            program_path=program,
            debts_path=debts,
            month=(2026, 10),
            out_dir=folder / f"w{n}",
            now=dt.datetime(2026, 11, 1),
            allow_gap=True,
        )
        debts = result.balances
        stated: Counter = Counter()
        for d, q, a in rows:
            if a == "TAK":
                stated[d] += q
        for day in DAYS:
            stated_max[day] = max(stated_max[day], stated[day])
        credited = _credited(debts)
        for day in DAYS:
            assert credited[day] <= stated_max[day], (versions, n, day)
        changed = any(i.code == "CREDITED_ROW_CHANGED" for i in result.issues)
        errors = any(i.is_error for i in result.issues)
        if not errors and not changed:
            assert all(credited[d] == stated[d] for d in DAYS), (versions, n)
