"""`odpracowanie ledger check` (SPEC §7): a ledger's arithmetic, its correcting entries and an
archive's files; a hand-edited cell is named by its address."""

from __future__ import annotations

import hashlib
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


# -- with --archive: the ledger against the copy of itself that its run archived -------------------


def _changed(ledger: Path, folder: Path, change) -> Path:
    """A copy of `ledger`, of the same name, in `folder`, changed by `change(book)`."""
    folder.mkdir(exist_ok=True)
    book = openpyxl.load_workbook(ledger)
    change(book)
    book.save(folder / ledger.name)
    return folder / ledger.name


def _archive_of(ledger: Path) -> Path:
    return ledger.parent / "archiwum_2026-10.zip"


def test_LEDGER_EDITED_an_edit_that_keeps_the_arithmetic(october, tmp_path):
    # Jan Kowalski's balance raised by 100 zł before and after his line and in Zadłużenie:
    # every relation holds, so only the archived copy can tell
    def raise_balance(book):
        lines, debts = book[SETTLED], book["Zadłużenie"]
        assert debts["A2"].value == lines["B2"].value == "104512"
        for cell in (lines["L2"], lines["N2"], debts["D2"]):
            cell.value = round(cell.value + 100, 2)

    edited = _changed(october, tmp_path / "e", raise_balance)
    assert _check(str(edited))[:2] == (0, [])
    status, found, issues = _check(str(edited), "--archive", str(_archive_of(october)))
    assert found == [
        ("Zadłużenie", "D2", "LEDGER_EDITED"),
        (SETTLED, "L2", "LEDGER_EDITED"),
        (SETTLED, "N2", "LEDGER_EDITED"),
    ]
    assert status == 1
    assert issues[2]["message"].startswith(
        "W komórce jest 7 012,95 zł, a w saldzie zapisanym przez program było 6 912,95 zł "
        "(kopia salda w archiwum archiwum_2026-10.zip)."
    )


def test_two_cells_edited_together_the_archive_names_them_not_a_guess(october, tmp_path):
    # Należność główna po and Zadłużenie's balance lowered together: the arithmetic alone
    # points at one cell that would explain it (before) and says it is only the likeliest;
    # the archive names the two edited cells, and the guess is not said beside them
    def lower(book):
        for cell in (book[SETTLED]["N2"], book["Zadłużenie"]["D2"]):
            cell.value = round(cell.value - 100, 2)

    edited = _changed(october, tmp_path / "e", lower)
    status, found, issues = _check(str(edited))
    assert status == 1 and [f[2] for f in found] == ["LEDGER_CELL_EDITED"]
    assert "Najpewniej tę komórkę zmieniono ręcznie" in issues[0]["message"]
    status, found, _ = _check(str(edited), "--archive", str(_archive_of(october)))
    assert found == [("Zadłużenie", "D2", "LEDGER_EDITED"), (SETTLED, "N2", "LEDGER_EDITED")]
    assert status == 1


def test_LEDGER_EDITED_a_debtor_name(october, tmp_path):
    def rename(book):
        assert book[SETTLED]["D3"].value == "Anna Nowak"
        book[SETTLED]["D3"] = "Anna Nowakowska"

    edited = _changed(october, tmp_path / "e", rename)
    status, found, issues = _check(str(edited), "--archive", str(_archive_of(october)))
    assert found == [(SETTLED, "D3", "LEDGER_EDITED")] and status == 1
    assert (
        "jest „Anna Nowakowska”, a w saldzie zapisanym przez program było „Anna Nowak”"
        in (issues[0]["message"])
    )


def test_LEDGER_EDITED_a_history_row_removed_and_a_row_added(october, tmp_path):
    def remove_and_add(book):
        work = book["Historia prac"]
        assert work["A5"].value == "2026-10/00004"
        work.delete_rows(5)
        debts = book["Zadłużenie"]
        debts.append(["999999", "Ktoś Dopisany", "", 10, 0])

    edited = _changed(october, tmp_path / "e", remove_and_add)
    status, found, issues = _check(str(edited), "--archive", str(_archive_of(october)))
    copied = [(i["sheet"], i["row"], i["code"]) for i in issues if i["code"] == "LEDGER_EDITED"]
    rows = openpyxl.load_workbook(edited)["Zadłużenie"].max_row
    assert copied == [("Zadłużenie", rows, "LEDGER_EDITED"), ("Historia prac", 5, "LEDGER_EDITED")]
    assert all(i["cell"] == "" for i in issues if i["code"] == "LEDGER_EDITED")
    added, removed = (i["message"] for i in issues if i["code"] == "LEDGER_EDITED")
    assert added.startswith(f"Wiersz {rows} dopisano; w saldzie zapisanym przez program go nie")
    assert "(„999999”; „Ktoś Dopisany”; 10,00 zł; 0,00 zł)" in added
    assert removed.startswith(
        "Usunięto wiersz, który w saldzie zapisanym przez program był wierszem 5 "
        "(„2026-10/00004”; „2026-10”; „104512”"
    )
    # the arithmetic sees the removed row too: Jan Kowalski's October is 125,60 zł short
    assert (SETTLED, "F2", "LEDGER_HISTORY") in found and status == 1


def test_a_ledger_as_its_run_wrote_it_matches_its_archive(october, tmp_path):
    archive = _archive_of(october)
    assert _check(str(october), "--archive", str(archive))[:2] == (0, [])
    # saved again unchanged (no longer the same bytes): compared cell by cell, still the same
    resaved = _changed(october, tmp_path / "zapisane", lambda book: None)
    assert resaved.read_bytes() != october.read_bytes()
    assert _check(str(resaved), "--archive", str(archive))[:2] == (0, [])
    # the copy is found whatever the case of the ledger's name
    upper = tmp_path / "wielkie" / october.name.upper()
    upper.parent.mkdir()
    shutil.copy(tmp_path / "zapisane" / october.name, upper)
    book = openpyxl.load_workbook(upper)
    book[SETTLED]["D3"] = "Anna Nowakowska"
    book.save(upper)
    assert _check(str(upper), "--archive", str(archive))[1] == [(SETTLED, "D3", "LEDGER_EDITED")]


def test_LEDGER_NOT_IN_ARCHIVE_an_archive_without_this_ledger(october, tmp_path):
    # another run's archive (its own ledger is another file): said, and not an error
    other = tmp_path / "archiwum_2026-09.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("wyniki/salda_2026-09.xlsx", b"x")
        entry = {"role": "wynik", "name": "salda_2026-09.xlsx", "path": "wyniki/salda_2026-09.xlsx"}
        entry |= {"size": 1, "sha256": hashlib.sha256(b"x").hexdigest()}
        archive.writestr("manifest.json", json.dumps({"files": [entry]}))
    status, found, issues = _check(str(october), "--archive", str(other))
    assert found == [("", "", "LEDGER_NOT_IN_ARCHIVE")] and status == 0
    assert issues[0]["file"] == other.name and issues[0]["severity"] == "warning"
    assert "salda_2026-10.xlsx" in issues[0]["message"]
    # through the command line: the warning said, the ledger sound, exit 0
    result = CliRunner().invoke(main, ["ledger", "check", str(october), "--archive", str(other)])
    assert result.exit_code == 0
    assert "archiwum_2026-09.zip: [LEDGER_NOT_IN_ARCHIVE]" in result.output
    assert "rachunek zgodny" in result.output


def test_LEDGER_NOT_IN_ARCHIVE_a_ledger_of_the_same_name_from_another_run(
    corrected, make_timesheet, make_program, reconcile, tmp_path
):
    # the month's first run and the correction each wrote a ledger of their own, of the
    # re-run's chain: given to follow the chain, they are not said to hold another ledger
    ledger, own = corrected
    chain = [tmp_path / "m1" / "archiwum_2026-10.zip", tmp_path / "k" / "archiwum_2026-10_2.zip"]
    given = [word for a in (*chain, own) for word in ("--archive", str(a))]
    status, found, _ = _check(str(ledger), *given)
    assert found == [] and status == 0
    # a month run again from the same debts in another folder: a ledger of another chain
    _, _, fork = reconcile(
        make_timesheet([work_row(8)], name="b.xlsx", folder=tmp_path / "v9"),
        program=make_program(),
        out=tmp_path / "inny",
    )
    other = fork / "archiwum_2026-10.zip"
    with zipfile.ZipFile(other) as source:
        files = {i.filename: source.read(i.filename) for i in source.infolist()}
    manifest = json.loads(files["manifest.json"])
    manifest["time"] = "2026-11-01T10:00:00"  # runs a test makes follow within a second
    files["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(other, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    status, found, issues = _check(str(ledger), "--archive", str(other))
    assert found == [("", "", "LEDGER_NOT_IN_ARCHIVE")] and status == 0
    assert (
        "jest w nim inne saldo (salda_2026-10.xlsx, z 01.11.2026 10:00:00)"
        in (issues[0]["message"])
    )
    # an archive of an earlier version (no identifier): the same name from another run
    with zipfile.ZipFile(own) as source:
        files = {i.filename: source.read(i.filename) for i in source.infolist()}
    manifest = json.loads(files["manifest.json"])
    del manifest["ledger_id"]
    manifest["time"] = "2026-11-03T10:00:00"
    files["manifest.json"] = json.dumps(manifest).encode()
    older = tmp_path / "archiwum_starsze.zip"
    with zipfile.ZipFile(older, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    status, found, issues = _check(str(ledger), "--archive", str(older))
    assert found == [("", "", "LEDGER_NOT_IN_ARCHIVE")] and status == 0
    assert "z innego uruchomienia programu: z 03.11.2026 10:00:00" in issues[0]["message"]


def test_the_command_line_names_each_changed_cell_and_exits_1(october, tmp_path):
    def rename(book):
        book[SETTLED]["D3"] = "Anna Nowakowska"

    edited = _changed(october, tmp_path / "e", rename)
    archive = _archive_of(october)
    result = CliRunner().invoke(main, ["ledger", "check", str(edited), "--archive", str(archive)])
    assert result.exit_code == 1
    assert "salda_2026-10.xlsx!Historia rozliczeń!D3: [LEDGER_EDITED] W komórce jest" in (
        result.output
    )
    assert "Saldo salda_2026-10.xlsx: znaleziono niezgodności: 1." in result.output


def test_many_changes_are_named_up_to_the_limit_then_counted(october, tmp_path, monkeypatch):
    from odpracowanie.readers import ledger_copy

    monkeypatch.setattr(ledger_copy, "LIMIT", 3)

    def rename_all(book):
        for row in range(2, 13):
            book[SETTLED][f"D{row}"] = f"Ktoś {row}"

    edited = _changed(october, tmp_path / "e", rename_all)
    status, found, issues = _check(str(edited), "--archive", str(_archive_of(october)))
    assert found == [(SETTLED, f"D{row}", "LEDGER_EDITED") for row in (2, 3, 4)] + [
        (SETTLED, "", "LEDGER_EDITED")
    ]
    assert "komórek 8, wierszy dopisanych lub usuniętych 0" in issues[-1]["message"]


def test_the_comparison_goes_block_by_block_and_matches_rows(october, tmp_path, monkeypatch):
    # a removed row shifts every row after it: the rows are matched by their contents, and a
    # cell changed further down is named at its address now, across blocks of a few rows
    from odpracowanie.readers import ledger_copy

    monkeypatch.setattr(ledger_copy, "BLOCK", 7)

    def remove_and_change(book):
        work = book["Historia prac"]
        work.delete_rows(5)
        assert work.max_row > 60
        work["F60"] = "Ktoś inny"

    edited = _changed(october, tmp_path / "e", remove_and_change)
    status, found, issues = _check(str(edited), "--archive", str(_archive_of(october)))
    copied = [(i["sheet"], i["cell"], i["row"]) for i in issues if i["code"] == "LEDGER_EDITED"]
    assert copied == [("Historia prac", "", 5), ("Historia prac", "F60", 60)]
