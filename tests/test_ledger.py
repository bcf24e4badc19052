"""`odpracowanie ledger check` (SPEC §7): a ledger's arithmetic, its correcting entries and an
archive's files; a hand-edited cell is named by its address."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import reconcile_samples, work_row

from odpracowanie.cli import main


def _check(*args: str):
    result = CliRunner().invoke(main, ["ledger", "check", "--format", "json", *args])
    issues = json.loads(result.stdout) if result.stdout.strip().startswith("[") else []
    return result.exit_code, [(i["sheet"], i["cell"], i["code"]) for i in issues], issues


@pytest.fixture
def corrected(make_timesheet, make_program, reconcile, tmp_path) -> tuple[Path, Path]:
    """A month, a correction of one row, and the corrected timesheet run again."""
    program = make_program()
    _, _, first = reconcile(
        make_timesheet([work_row(8, qty=2.5), work_row(9)], name="a.xlsx", folder=tmp_path / "v1"),
        program=program,
        out=tmp_path / "m1",
    )
    result = CliRunner().invoke(
        main,
        [
            "correct",
            "--program",
            str(program),
            "--debts",
            str(first / "salda_2026-10.xlsx"),
            "--out",
            str(tmp_path / "k"),
            "--reason",
            "poprawka",
            "--document",
            "K/1",
            "--row",
            "2026-10/00001",
        ],
    )
    assert result.exit_code == 0, result.output
    _, _, again = reconcile(
        make_timesheet([work_row(8, qty=6), work_row(9)], name="a.xlsx", folder=tmp_path / "v2"),
        program=program,
        debts=tmp_path / "k" / "salda_2026-10.xlsx",
        out=tmp_path / "m2",
    )
    return again / "salda_2026-10.xlsx", again / "archiwum_2026-10.zip"


def test_a_ledger_with_a_correction_and_a_re_run_is_consistent(corrected):
    ledger, archive = corrected
    lines = openpyxl.load_workbook(ledger)["Historia rozliczeń"]
    entries = [row[2] for row in lines.iter_rows(min_row=2, values_only=True)]
    assert entries == ["", "korekta K/1", "ponowne rozliczenie 1"]
    result = CliRunner().invoke(main, ["ledger", "check", str(ledger), "--archive", str(archive)])
    assert result.exit_code == 0, result.output
    assert (
        "rachunek zgodny (3 wiersze Historii rozliczeń, 4 wiersze Historii prac)" in result.output
    )


def _edit(ledger: Path, sheet: str, cell: str, value: object) -> Path:
    edited = ledger.with_name("salda_edytowane.xlsx")
    book = openpyxl.load_workbook(ledger)
    book[sheet][cell] = value
    book.save(edited)
    return edited


def test_a_hand_edited_balance_is_named_by_its_cell(corrected):
    ledger, _ = corrected
    status, found, issues = _check(str(_edit(ledger, "Historia rozliczeń", "N2", 4700)))
    assert found == [("Historia rozliczeń", "N2", "LEDGER_CELL_EDITED")]
    assert "4 700,00 zł" in issues[0]["message"] and status == 1


# -- the edited cell: the one cell common to the relations an edit broke -------------------------
# The samples' October: Jan Kowalski's line is row 2 of `Historia rozliczeń`, 1 507,20 zł of
# work (F2), all of it on principal (H2), principal 8 420,15 zł before (L2), 6 912,95 zł after
# (N2); he has no other line, so his balance in `Zadłużenie` is that after.
SETTLED = "Historia rozliczeń"


@pytest.fixture(scope="module")
def october(tmp_path_factory) -> Path:
    """The samples' October as reconcile writes it (its archive beside it)."""
    return reconcile_samples(tmp_path_factory.mktemp("pazdziernik"))


def _plus(ledger: Path, cell: str, amount: float, sheet: str = SETTLED) -> Path:
    value = openpyxl.load_workbook(ledger)[sheet][cell].value
    return _edit(ledger, sheet, cell, round(value + amount, 2))


def _said(issue: dict) -> str:
    """The message up to its advice: `Na należność główną: w komórce …, a … wynika ….`"""
    return issue["message"].split(". ")[0]


def test_LEDGER_CELL_EDITED_a_credited_amount_is_named_not_its_neighbours(october):
    # 100 zł more on principal breaks the line's principal (L2 − H2 ≠ N2) and its total
    # (F2 ≠ H2 + I2 + J2 + K2): H2 is in both, so H2 is named, and F2 and N2 are not
    status, found, issues = _check(str(_plus(october, "H2", 100)))
    assert found == [(SETTLED, "H2", "LEDGER_CELL_EDITED")] and status == 1
    assert _said(issues[0]) == (
        "Na należność główną: w komórce 1 607,20 zł, a z pozostałych komórek wynika 1 507,20 zł"
    )


def test_LEDGER_CELL_EDITED_a_balance_after(october):
    # N2 breaks the line's principal, and the chain of balances: 7 012,95 zł is no other
    # line's before nor the balance in Zadłużenie (6 912,95 zł), which the old value is
    status, found, issues = _check(str(_plus(october, "N2", 100)))
    assert found == [(SETTLED, "N2", "LEDGER_CELL_EDITED")] and status == 1
    assert _said(issues[0]) == (
        "Należność główna po: w komórce 7 012,95 zł, a z pozostałych komórek wynika 6 912,95 zł"
    )


def test_LEDGER_CELL_EDITED_a_value(october):
    # F2 breaks its line's total and October's work in Historia prac: named once, at F2
    status, found, issues = _check(str(_plus(october, "F2", 100)))
    assert found == [(SETTLED, "F2", "LEDGER_CELL_EDITED")] and status == 1
    assert _said(issues[0]) == (
        "Wartość: w komórce 1 607,20 zł, a z pozostałych komórek wynika 1 507,20 zł"
    )


def test_LEDGER_CELL_EDITED_a_balance_before(october, corrected):
    # The first line of an account: L2 breaks only its line, and neither N2 (the balance in
    # Zadłużenie) nor H2 (the line's total) can be the edited one without breaking another
    status, found, issues = _check(str(_plus(october, "L2", 100)))
    assert found == [(SETTLED, "L2", "LEDGER_CELL_EDITED")] and status == 1
    assert _said(issues[0]) == (
        "Należność główna przed: w komórce 8 520,15 zł, a z pozostałych komórek wynika 8 420,15 zł"
    )
    # a later line (the run after a correction, row 4): its before is also the after of the
    # correcting line before it, so it breaks its line and the chain
    ledger, _ = corrected
    lines = openpyxl.load_workbook(ledger)[SETTLED]
    assert lines["C4"].value == "ponowne rozliczenie 1" and lines["L4"].value == lines["N3"].value
    status, found, issues = _check(str(_plus(ledger, "L4", 1)))
    assert found == [(SETTLED, "L4", "LEDGER_CELL_EDITED")] and status == 1


def test_LEDGER_CELL_EDITED_a_surplus_not_the_cap_below_zero(october):
    # Agnieszka Szymańska's line (row 9): 219,40 zł of her 1 224,60 zł above her whole debt.
    # A grosz more on the surplus breaks only the line's total; so would a grosz less on the
    # part above the cap (K9), but that would be -0,01 zł in a credit: no ledger holds it
    lines = openpyxl.load_workbook(october)[SETTLED]
    assert (lines["B9"].value, lines["J9"].value, lines["K9"].value) == ("121002", 219.4, 0)
    status, found, issues = _check(str(_plus(october, "J9", 0.01)))
    assert found == [(SETTLED, "J9", "LEDGER_CELL_EDITED")] and status == 1
    assert _said(issues[0]) == (
        "Nadwyżka: w komórce 219,41 zł, a z pozostałych komórek wynika 219,40 zł"
    )


def test_an_edit_no_one_cell_explains_is_reported_where_it_shows(october):
    # principal credited and principal after changed together: the balance holds, the line's
    # total does not, and no one cell of it can be set right alone (the value would break the
    # month's work, an amount its balance, the surplus would be below zero)
    book = openpyxl.load_workbook(october)
    book[SETTLED]["H2"] = book[SETTLED]["H2"].value + 100
    book[SETTLED]["N2"] = round(book[SETTLED]["N2"].value - 100, 2)
    book.save(edited := october.with_name("salda_dwie.xlsx"))
    status, found, issues = _check(str(edited))
    assert found == [(SETTLED, "F2", "LEDGER_BALANCE")] and status == 1


def test_a_ledger_as_written_has_no_issue(october):
    assert _check(str(october))[:2] == (0, [])


def test_the_chain_of_balances_is_no_issue_when_finance_moved_them(october, tmp_path):
    # November on the finance system's export, whose balance for 104512 is 100 zł above what
    # October's ledger left (interest, a charge): November's before is no line's after, and
    # that alone is not an edit
    samples = Path(__file__).resolve().parent.parent / "samples"
    export = (samples / "fk" / "salda_fk_2026-10.csv").read_bytes()
    moved = export.replace(b"12/4;6912,95;", b"12/4;7012,95;")
    assert moved != export
    (tmp_path / "fk.csv").write_bytes(moved)
    args = ["reconcile", "--program", str(samples / "program.xlsx")]
    args += ["--debts", str(tmp_path / "fk.csv"), "--history", str(october)]
    args += ["--month", "2026-11", "--out", str(tmp_path / "lis"), str(samples / "2026-11")]
    assert CliRunner().invoke(main, args).exit_code in (0, 1)
    ledger = tmp_path / "lis" / "salda_2026-11.xlsx"
    lines = openpyxl.load_workbook(ledger)[SETTLED]
    assert [r[11] for r in lines.iter_rows(min_row=2, values_only=True) if r[1] == "104512"] == [
        8420.15,
        7012.95,
    ]
    assert _check(str(ledger))[:2] == (0, [])


def test_a_late_run_keeps_the_chain_and_its_edited_cell_is_named(tmp_path):
    # October without ZDIZ's timesheet, November, then ZDIZ's October late on November's
    # ledger: the late lines stand among October's, their before is November's after
    samples = Path(__file__).resolve().parent.parent / "samples"
    folders = {name: tmp_path / name for name in ("x", "late")}
    for folder in folders.values():
        folder.mkdir()
    for card in (samples / "2026-10").glob("*.xlsx"):
        shutil.copy(card, folders["late" if "ZDIZ" in card.name else "x"] / card.name)
    runs = [
        ("zadluzenie.xlsx", "2026-10", "paz", folders["x"]),
        ("paz/salda_2026-10.xlsx", "2026-11", "lis", samples / "2026-11"),
        ("lis/salda_2026-11.xlsx", "2026-10", "spoznione", folders["late"]),
    ]
    for debts, month, out, cards in runs:
        debts_path = samples / debts if debts == "zadluzenie.xlsx" else tmp_path / debts
        args = ["reconcile", "--program", str(samples / "program.xlsx"), "--debts"]
        args += [str(debts_path), "--month", month, "--out", str(tmp_path / out), str(cards)]
        assert CliRunner().invoke(main, args).exit_code in (0, 1)
    ledger = tmp_path / "spoznione" / "salda_2026-11_2.xlsx"
    assert _check(str(ledger))[:2] == (0, [])
    lines = openpyxl.load_workbook(ledger)[SETTLED]
    late = next(
        r[0].row
        for r in lines.iter_rows(min_row=2)
        if r[0].value == "2026-10" and r[1].value == "110871"
    )
    november = next(
        r[0].row
        for r in lines.iter_rows(min_row=2)
        if r[0].value == "2026-11" and r[1].value == "110871"
    )
    assert late < november and lines[f"L{late}"].value == lines[f"N{november}"].value
    status, found, issues = _check(str(_plus(ledger, f"N{late}", 1)))
    assert found == [(SETTLED, f"N{late}", "LEDGER_CELL_EDITED")] and status == 1
    assert "wynika 0,00 zł" in _said(issues[0])


def test_a_hand_edited_work_value_breaks_the_month(corrected):
    ledger, _ = corrected
    sheet = openpyxl.load_workbook(ledger)["Historia prac"]
    value = next(c for c in sheet[1] if c.value == "Wartość (zł)").column_letter
    day = next(c for c in sheet[1] if c.value == "Data").column_letter
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"{day}{r}"].value.day == 9)
    status, found, _ = _check(str(_edit(ledger, "Historia prac", f"{value}{row}", 999)))
    assert found == [("Historia rozliczeń", "F2", "LEDGER_HISTORY")] and status == 1


def test_a_correcting_row_pointing_nowhere_is_reported(corrected):
    ledger, _ = corrected
    sheet = openpyxl.load_workbook(ledger)["Historia prac"]
    column = next(c for c in sheet[1] if c.value == "Koryguje wiersz").column_letter
    row = next(
        r[0].row
        for r in sheet.iter_rows(min_row=2)
        if r[0].value and sheet[f"{column}{r[0].row}"].value
    )
    status, found, _ = _check(
        str(_edit(ledger, "Historia prac", f"{column}{row}", "2026-10/00099"))
    )
    assert ("Historia prac", f"{column}{row}", "LEDGER_REVERSAL") in found and status == 1


def test_an_archive_that_is_not_what_its_manifest_says(corrected, tmp_path):
    ledger, archive = corrected
    tampered = tmp_path / "archiwum_zmienione.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "wejscie/a.xlsx":
                data = data.replace(b"PK", b"PK", 1) + b"!"  # one byte more
            target.writestr(info, data)
    status, found, issues = _check(str(ledger), "--archive", str(tampered))
    assert found == [("", "", "ARCHIVE_MISMATCH")] and status == 1
    assert "wejscie/a.xlsx" in issues[0]["message"]
    shutil.copy(archive, tmp_path / "kopia.zip")
    assert _check(str(ledger), "--archive", str(tmp_path / "kopia.zip"))[:2] == (0, [])


def test_the_history_read_block_by_block_is_the_checked_reading(corrected, monkeypatch):
    # `Historia prac` as reconcile wrote it is read in blocks of rows (a year of it is never
    # held as Python cells at once); blocks of 2 rows here, and the same table as the reader
    # that checks each cell.
    import pandas as pd

    from odpracowanie.readers import debts as reader
    from odpracowanie.readers.workbook import open_workbook

    ledger, _ = corrected
    monkeypatch.setattr(reader, "HISTORY_BLOCK", 2)
    fast = reader._typed_work_history(open_workbook(ledger))
    # two rows, their correcting row, and the corrected row run again: in three blocks
    assert fast is not None and fast["_row"].tolist() == [2, 3, 4, 5]
    assert fast["reverses"].tolist() == ["", "2026-10/00001", "", ""]
    monkeypatch.setattr(reader, "_typed_work_history", lambda workbook: None)
    slow, issues = reader._read_work_history(open_workbook(ledger), ledger.name)
    assert issues == []
    pd.testing.assert_frame_equal(fast[list(slow.columns)], slow, check_dtype=False)
    # a cell in the last block not as reconcile writes it: the checked reader takes over
    monkeypatch.undo()
    monkeypatch.setattr(reader, "HISTORY_BLOCK", 2)
    edited = _edit(ledger, "Historia prac", "H5", "dużo")
    assert reader._typed_work_history(open_workbook(edited)) is None
