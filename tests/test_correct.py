"""`odpracowanie correct` (SPEC §7): credited work is corrected only by correcting entries, and a
correction followed by the corrected timesheet leaves the ledger as if that had come first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import balances, sheet_rows, work_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odpracowanie.batch import run_correct, run_ledger_check, run_reconcile
from odpracowanie.cli import main

HEADS = ["Nr konta", "Dłużnik", "Adres lokalu", "Należność główna", "Odsetki", "Stan na"]


def _correct(program: Path, ledger: Path, out: Path, *args: str):
    return CliRunner().invoke(
        main,
        [
            "correct",
            "--program",
            str(program),
            "--debts",
            str(ledger),
            "--out",
            str(out),
            "--reason",
            "karta poprawiona przez ZDIZ",
            "--document",
            "K/7/2026",
            *args,
        ],
    )


def _history(ledger: Path) -> list[tuple]:
    return sheet_rows(ledger, "Historia prac")[1:]


def _month_sums(ledger: Path) -> dict[tuple[str, str], tuple]:
    """Per (month, account): value, to principal, to interest, (to costs,) surplus — all lines
    together."""
    heads, *rows = sheet_rows(ledger, "Historia rozliczeń")
    summed = [
        heads.index(h)
        for h in heads
        if h == "Wartość (zł)" or h == "Nadwyżka (zł)" or str(h).startswith("Na ")
    ]
    sums: dict = defaultdict(lambda: [0.0] * len(summed))
    for row in rows:
        for i, col in enumerate(summed):
            sums[(row[0], row[1])][i] += row[col]
    return {k: tuple(round(v, 2) for v in vals) for k, vals in sums.items()}


def test_a_corrected_timesheet_after_a_correction_credits_the_corrected_amount(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    program, debts = make_program(), make_debts()
    original = make_timesheet(
        [work_row(8, qty=2.5), work_row(9, qty=6)], name="zdiz.xlsx", folder=tmp_path / "v1"
    )
    _, _, first = reconcile(original, program=program, debts=debts, out=tmp_path / "m1")
    ledger = first / "salda_2026-10.xlsx"
    corrected = make_timesheet(
        [work_row(8, qty=6), work_row(9, qty=6)], name="zdiz_v2.xlsx", folder=tmp_path / "v2"
    )
    # (a trial run kept apart: beside the others it would be another branch, numbered on)
    status, output, refused = reconcile(
        corrected, program=program, debts=ledger, out=tmp_path / "proba" / "m2"
    )
    assert status == 1 and "CREDITED_ROW_CHANGED" in {
        r[7] for r in sheet_rows(refused / "bledy_2026-10.xlsx", "Błędy")[1:]
    }

    row_id = next(r[0] for r in _history(ledger) if r[4].day == 8)
    result = _correct(program, ledger, tmp_path / "korekta", "--row", row_id)
    assert result.exit_code == 0, result.output
    assert "na zadłużenie wraca 78,50 zł (należność główna 78,50 zł" in result.output
    # the ledger made from salda_2026-10.xlsx is the month's second (SPEC §7)
    fixed = tmp_path / "korekta" / "salda_2026-10_2.xlsx"
    assert balances(fixed)["1001"] == (5000 - 188.4, 400)
    history = _history(fixed)
    reversal = next(r for r in history if r[12] == row_id)
    assert (reversal[7], reversal[9], reversal[13], reversal[14]) == (
        -2.5,
        -78.5,
        "karta poprawiona przez ZDIZ",
        "K/7/2026",
    )
    lines = sheet_rows(fixed, "Historia rozliczeń")[1:]
    assert [(r[2], r[5], r[7]) for r in lines] == [
        ("", 266.9, 266.9),
        ("korekta K/7/2026", -78.5, -78.5),
    ]

    status, output, rerun = reconcile(corrected, program=program, debts=fixed, out=tmp_path / "m3")
    assert status == 0, output
    assert "Zaliczono: 188,40 zł" in output  # the 6 h of 8.10; 9.10 was credited already
    fresh_status, _, fresh = reconcile(
        corrected, program=program, debts=debts, out=tmp_path / "osobno" / "tylko_poprawiona"
    )
    assert balances(rerun / "salda_2026-10_3.xlsx") == balances(fresh / "salda_2026-10.xlsx")
    assert _month_sums(rerun / "salda_2026-10_3.xlsx") == _month_sums(fresh / "salda_2026-10.xlsx")

    document = openpyxl.load_workbook(tmp_path / "korekta" / "korekta_2026-10_K-7-2026.xlsx")
    sheet = document["Korekta"]
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Korekta zaliczenia odpracowania — dokument nr K/7/2026" in texts
    assert "karta poprawiona przez ZDIZ" in texts and row_id in texts
    assert sheet.page_setup.paperSize == 9


def test_a_whole_debtor_month_is_corrected(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    program, debts = (
        make_program(),
        make_debts(
            [
                ["1001", "Jan Kowalski", "ul. Testowa 1", 100.0, 400.0, dt.date(2026, 9, 30)],
                ["1002", "Anna Nowak", "ul. Testowa 1", 5000.0, 400.0, dt.date(2026, 9, 30)],
            ]
        ),
    )
    month = make_timesheet([work_row(d, qty=4) for d in (5, 6, 7)] + [work_row(8, "1002")])
    _, _, first = reconcile(month, program=program, debts=debts, out=tmp_path / "m1")
    # 1001: 376,80 zł = 100,00 principal + 276,80 interest
    assert balances(first / "salda_2026-10.xlsx")["1001"] == (0, 123.2)
    result = _correct(
        program,
        first / "salda_2026-10.xlsx",
        tmp_path / "k",
        "--account",
        "1001",
        "--month",
        "2026-10",
    )
    assert result.exit_code == 0, result.output
    fixed = tmp_path / "k" / "salda_2026-10_2.xlsx"
    assert balances(fixed) == {"1001": (100, 400), "1002": (4874.4, 400)}
    assert _month_sums(fixed)[("2026-10", "1001")] == (0, 0, 0, 0)
    again = _correct(program, fixed, tmp_path / "k2", "--account", "1001", "--month", "2026-10")
    assert again.exit_code == 2 and "nic nie zaliczono" in again.output
    assert not (tmp_path / "k2").exists()


def test_what_a_correction_cannot_name_is_refused(
    make_timesheet, make_program, reconcile, tmp_path
):
    program = make_program()
    _, _, first = reconcile(
        make_timesheet([work_row(8), work_row(9)]), program=program, out=tmp_path / "m1"
    )
    ledger = first / "salda_2026-10.xlsx"
    cases = [
        (("--row", "2026-10/00099"), "nie ma wiersza o ID 2026-10/00099"),
        (("--account", "1002", "--month", "2026-10"), "nic nie zaliczono"),
        (("--account", "1001"), "Wskaż, co skorygować"),
        ((), "Wskaż, co skorygować"),
    ]
    for args, words in cases:
        out = tmp_path / "nic"
        result = _correct(program, ledger, out, *args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)
        assert not out.exists()
    result = _correct(program, ledger, tmp_path / "k1", "--row", "2026-10/00001")
    assert result.exit_code == 0, result.output
    fixed = tmp_path / "k1" / "salda_2026-10_2.xlsx"
    twice = _correct(program, fixed, tmp_path / "k2", "--row", "2026-10/00001")
    assert twice.exit_code == 2 and "został już skorygowany (dokument K/7/2026)" in twice.output
    reversal = next(r[0] for r in _history(fixed) if r[12])
    of_reversal = _correct(program, fixed, tmp_path / "k3", "--row", reversal)
    assert of_reversal.exit_code == 2 and "zapisem korygującym" in of_reversal.output


# -- the invariant ---------------------------------------------------------------------------
QTYS = st.sampled_from((1, 2.5, 4, 6))


@pytest.mark.slow
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.lists(QTYS, min_size=3, max_size=3),
    fixed=QTYS,
    principal=st.sampled_from((50.0, 200.0, 5000.0)),
    costs=st.sampled_from((0.0, 45.0)),
    order=st.sampled_from(("", "odsetki, należność główna", "koszty, odsetki, należność główna")),
    whole=st.booleans(),
)
def test_correct_then_re_run_equals_the_corrected_timesheet_first(
    before,
    fixed,
    principal,
    costs,
    order,
    whole,
    make_timesheet,
    make_program,
    make_debts,
    tmp_path_factory,
):
    """However the debt splits (principal, interest, costs, surplus) and in whichever order, a
    correction (of the month, or of the one row that changed) and a re-run of the corrected
    timesheet leave every balance and every month's amounts as a run of the corrected
    timesheet alone does, to the grosz."""
    after = [fixed, *before[1:]]
    folder = tmp_path_factory.mktemp("korekta")
    params = {"kolejnosc_zaliczania": order} if order else {}
    program = make_program(params=params, name=f"program_{len(order)}.xlsx")
    debts = make_debts(
        [["1001", "Jan Kowalski", "ul. Testowa 1", principal, 60.0, costs, dt.date(2026, 9, 30)]],
        name=f"zadluzenie_{principal}_{costs}.xlsx",
        heads=[*HEADS[:5], "Koszty", HEADS[5]],
    )
    now = dt.datetime(2026, 11, 1)

    def run(rows, debts_path, out, name):
        path = make_timesheet(
            [work_row(d, qty=q) for d, q in zip((5, 6, 7), rows, strict=True)],
            folder=folder / name,
            name="karta.xlsx",
        )
        return run_reconcile(
            [path],
            program_path=program,
            debts_path=debts_path,
            month=(2026, 10),
            out_dir=out,
            now=now,
        ).balances

    first = run(before, debts, folder / "a", "v1")
    which = (
        {"account": "1001", "month": (2026, 10)}
        if whole
        else {"row_ids": (next(r[0] for r in _history(first) if r[4].day == 5),)}
    )
    run_correct(
        program_path=program,
        debts_path=first,
        out_dir=folder / "k",
        reason="poprawka",
        document="K/1",
        today=now,
        **which,
    )
    rerun = run(after, folder / "k" / "salda_2026-10_2.xlsx", folder / "b", "v2")
    assert rerun.name == "salda_2026-10_3.xlsx"
    alone = run(after, debts, folder / "c", "v3")
    assert sheet_rows(rerun, "Zadłużenie") == sheet_rows(alone, "Zadłużenie")
    assert _month_sums(rerun) == _month_sums(alone)
    assert run_ledger_check(rerun, [folder / "b" / "archiwum_2026-10_3.zip"])[1] == []
