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
from conftest import work_row

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
        debts=tmp_path / "k" / "salda_2026-10_2.xlsx",
        out=tmp_path / "m2",
    )
    return again / "salda_2026-10_3.xlsx", again / "archiwum_2026-10_3.zip"


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
    assert found == [("Historia rozliczeń", "N2", "LEDGER_BALANCE")]
    assert "4 700,00 zł" in issues[0]["message"] and status == 1


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
