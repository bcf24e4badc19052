"""The clerk's slips that must stop the batch before anything is written (SPEC §7): a skipped
month, another city's ledger, every timesheet for another month, results among the timesheets.
Each stops with exit 2 and a Polish message that says what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import D, balances, work_row

from odpracowanie.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _run(*args: str):
    return CliRunner().invoke(main, ["reconcile", *args])


def _november(make_timesheet, folder: Path) -> Path:
    return make_timesheet(
        [work_row(d, date=D(2026, 11, d)) for d in (2, 3)],
        folder=folder,
        month="2026-11",
        name="karta_11.xlsx",
    )


def test_a_skipped_month_stops_the_batch_unless_allowed(
    tmp_path, make_timesheet, make_program, make_debts, reconcile
):
    september = make_timesheet(
        [work_row(d, date=D(2026, 9, d)) for d in (7, 8)], month="2026-09", name="karta_09.xlsx"
    )
    status, output, out_09 = reconcile(september, month="2026-09", out=tmp_path / "wyniki_09")
    assert status == 0, output
    november = _november(make_timesheet, tmp_path / "karty_11")
    out = tmp_path / "wyniki_11"
    args = [
        "--program",
        str(make_program()),
        "--debts",
        str(out_09 / "salda_2026-09.xlsx"),
        "--month",
        "2026-11",
        "--out",
        str(out),
        str(november),
    ]
    result = _run(*args)
    assert result.exit_code == 2
    assert "kończy się na rozliczeniu za 09.2026" in result.output
    assert "pominięto 10.2026" in result.output and "--allow-gap" in result.output
    assert not out.exists()
    result = _run(*args, "--allow-gap")
    assert result.exit_code == 0, result.output
    # 8 h in September and 8 h in November, each 251,20 zł
    assert balances(out / "salda_2026-11.xlsx")["1001"] == (4497.6, 400)


def test_another_citys_ledger_stops_the_batch(tmp_path):
    out = tmp_path / "wyniki"
    result = _run(
        "--program",
        str(SAMPLES / "program.xlsx"),
        "--debts",
        str(SAMPLES / "krakow" / "zadluzenie.xlsx"),
        "--month",
        "2026-10",
        "--out",
        str(out),
        str(SAMPLES / "2026-10"),
    )
    assert result.exit_code == 2
    assert "nie ma ani jednego z" in result.output and "innego miasta" in result.output
    assert not out.exists()


def test_every_timesheet_for_another_month_stops_the_batch(tmp_path):
    out = tmp_path / "wyniki"
    result = _run(
        "--program",
        str(SAMPLES / "program.xlsx"),
        "--debts",
        str(SAMPLES / "zadluzenie.xlsx"),
        "--month",
        "2026-11",
        "--out",
        str(out),
        str(SAMPLES / "2026-10"),
    )
    assert result.exit_code == 2
    assert "Wszystkie karty pracy (4) są za miesiąc 10.2026" in result.output
    assert "--month 2026-10" in result.output
    assert not out.exists()


def test_one_timesheet_for_another_month_is_that_files_error(tmp_path):
    folder = tmp_path / "karty"
    shutil.copytree(SAMPLES / "2026-10", folder)
    shutil.copy(SAMPLES / "2026-11" / "karta_PGM_2026-11.xlsx", folder)
    result = _run(
        "--program",
        str(SAMPLES / "program.xlsx"),
        "--debts",
        str(SAMPLES / "zadluzenie.xlsx"),
        "--month",
        "2026-10",
        "--out",
        str(tmp_path / "wyniki"),
        str(folder),
    )
    assert result.exit_code == 1
    assert "Dłużników zaliczonych:" in result.output


def test_results_inside_the_timesheet_folder_stop_the_batch(
    tmp_path, make_timesheet, make_program, make_debts
):
    folder = tmp_path / "karty"
    _november(make_timesheet, folder)
    result = _run(
        "--program",
        str(make_program()),
        "--debts",
        str(make_debts()),
        "--month",
        "2026-11",
        "--out",
        str(folder / "wyniki"),
        str(folder),
    )
    assert result.exit_code == 2
    assert "leży w folderze kart pracy" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["karta_11.xlsx"]
