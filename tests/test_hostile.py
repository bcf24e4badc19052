"""Hostile and broken files (SPEC §6): each gives exactly one file-level issue — or is read
correctly — quickly and without much memory, while the good files beside it are processed.
The corpus is generated here; no binary blobs live in git."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from conftest import TIMESHEET_HEADERS, peak_memory_mb, week_rows, work_row

from odpracowanie.labels import TEMPLATE_VERSION
from odpracowanie.readers.timesheet import read_timesheet

READER = "from pathlib import Path\nfrom odpracowanie.readers.timesheet import read_timesheet"

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def _replace_sheet(source: Path, target: Path, data_or_writer) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                if callable(data_or_writer):
                    with out.open(info.filename, "w", force_zip64=True) as stream:
                        data_or_writer(stream)
                else:
                    out.writestr(info.filename, data_or_writer)
            else:
                out.writestr(info, src.read(info.filename))


@pytest.fixture
def corpus(tmp_path, make_timesheet) -> Path:
    folder = tmp_path / "karty"
    good = make_timesheet(week_rows(), folder=folder, name="a_dobra.xlsx")
    make_timesheet(week_rows("1002"), folder=folder, name="z_dobra.xlsx")
    data = good.read_bytes()
    (folder / "b_ucieta.xlsx").write_bytes(data[: len(data) // 3])
    (folder / "c_stara.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    (folder / "d_tekst.xlsx").write_text("Nr konta;Data;Ilość\n1001;05.10.2026;4\n")
    (folder / "e_makra.xlsm").write_bytes(data)
    _replace_sheet(good, folder / "f_smiech.xlsx", LAUGHS.encode())

    def spaces(stream) -> None:  # 64 MB of nothing that packs into a few dozen kB
        chunk = b" " * (1 << 20)
        for _ in range(64):
            stream.write(chunk)

    _replace_sheet(good, folder / "g_bomba.xlsx", spaces)
    import msoffcrypto.format.ooxml

    with good.open("rb") as plain, (folder / "h_haslo.xlsx").open("wb") as locked:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("tajne", locked)
    (folder / "~$a_dobra.xlsx").write_bytes(b"lock")
    return folder


def test_each_hostile_file_gives_one_issue_and_good_files_pass(corpus, validate):
    status, issues = validate(corpus)
    by_file = {}
    for issue in issues:
        by_file.setdefault(issue["file"], []).append(issue["code"])
    # The macro-enabled copy of a_dobra.xlsx is read (values only) and is its duplicate.
    assert by_file == {
        "e_makra.xlsm": ["DUPLICATE_FILE"],
        **{
            name: ["FILE_UNREADABLE"]
            for name in (
                "b_ucieta.xlsx",
                "c_stara.xls",
                "d_tekst.xlsx",
                "f_smiech.xlsx",
                "g_bomba.xlsx",
                "h_haslo.xlsx",
            )
        },
    }
    assert status == 1


def test_good_files_beside_hostile_ones_are_credited(corpus, reconcile):
    from conftest import balances

    status, output, out = reconcile(corpus)
    assert "nieczytelnych: 6" in output
    after = balances(out / "salda_2026-10.xlsx")
    assert after["1001"] == (4748.8, 400) and after["1002"] == (4748.8, 400)


def test_zip_bomb_is_refused_before_inflating(corpus):
    sheets, issues = read_timesheet(corpus / "g_bomba.xlsx")
    assert sheets == [] and "bomba zip" in issues[0].message
    grown, _ = peak_memory_mb(f"read_timesheet(Path({str(corpus / 'g_bomba.xlsx')!r}))", READER)
    assert grown < 32, f"peak memory grew by {grown:.0f} MB"


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.slow
def test_100000_blank_formatted_rows_below_the_table(tmp_path, validate):
    path = tmp_path / "formaty.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Rozliczenie")
    yellow = book.add_format({"bg_color": "#FFF2CC", "border": 1})
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, ("Jednostka organizacyjna:", "PGM"))
    sheet.write_row(1, 0, ("Miesiąc rozliczenia:", "2026-10"))
    sheet.write_row(3, 0, TIMESHEET_HEADERS)
    import datetime as dt

    for r, day in enumerate((8, 9), start=4):
        sheet.write(r, 0, r - 3)
        sheet.write_datetime(r, 1, dt.datetime(2026, 10, day), date)
        sheet.write_row(
            r, 2, ("1001", "Jan Kowalski", "", "PORZ", "", 4, "h", "", "", f"P/{day}", "TAK")
        )
    for r in range(6, 100_006):
        for col in range(14):
            sheet.write_blank(r, col, None, yellow)
    book.define_name("wersja_szablonu", f'="{TEMPLATE_VERSION}"')
    book.close()
    [sheet_], issues = read_timesheet(path)
    assert issues == [] and len(sheet_.table) == 2
    assert validate(path) == (0, [])


def test_formula_looking_text_in_every_output(
    make_timesheet, make_debts, make_program, reconcile, tmp_path
):
    import openpyxl

    hostile = ('=HYPERLINK("http://x")', "+48 600", "-1+1", "@SUM(A1)")
    debts = make_debts([["1001", hostile[0], hostile[3], 5000, 400, None]])
    book = openpyxl.load_workbook(debts)
    for row in book["Zadłużenie"].iter_rows(min_row=2):
        for cell in row[:3]:
            cell.data_type = "s"
    book.save(debts)
    program = make_program(units=[["PGM", hostile[1], hostile[2], "a@example.pl"]])
    rows = [work_row(d, remarks=hostile[2], debtor="Jan Kowalski") for d in (8, 9)]
    rows.append(work_row(10, rate=1))  # an error, so the file is annotated and listed
    sheet = make_timesheet(rows, name="=karta.xlsx")
    status, _, out = reconcile(sheet, program=program, debts=debts)
    found = 0
    for path in out.rglob("*.xlsx"):
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                        if path.parent.name == "do_poprawy":
                            continue  # the supervisor's own cells, copied as they were
                        assert cell.data_type == "s", (path.name, ws.title, cell.coordinate)
                        found += 1
    assert found >= 5


@pytest.mark.slow
def test_error_cells_of_a_big_sheet_are_found_without_holding_it(tmp_path):
    """The formula-error lookup streams the sheet: 60 000 rows, one error at the bottom."""
    import tracemalloc

    import xlsxwriter

    from odpracowanie.readers.workbook import open_workbook

    path = tmp_path / "duza.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Rozliczenie")
    for row in range(60_000):
        sheet.write_row(row, 0, (row, "tekst", 2.5, "PORZ"))
    sheet.write_formula(60_000, 7, "=1/0", None, "#DIV/0!")
    book.close()
    workbook = open_workbook(path)
    tracemalloc.start()
    found = workbook.error_cells("Rozliczenie")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found == {(60_001, 7): "#DIV/0!"}
    assert peak < 30_000_000, peak


def test_a_timesheet_too_big_to_read_is_refused_unread(tmp_path, make_timesheet):
    """70 MB of sheet XML (a real workbook of ~1.5 million cells would cost ~1 GB to hold) is
    refused from the zip's directory, before it is inflated: memory stays flat."""
    import random

    good = make_timesheet(week_rows())
    rng = random.Random(7)
    row = "".join(f'<c r="A{n}"><v>{rng.random()}</v></c>' for n in range(1, 400))

    def cells(stream) -> None:
        for _ in range(4_500):  # ~70 MB, packs to a few MB (not a zip bomb's ratio)
            stream.write(f"<row>{row}</row>".encode())

    big = tmp_path / "ogromna.xlsx"
    _replace_sheet(good, big, cells)
    assert big.stat().st_size < 32_000_000
    sheets, issues = read_timesheet(big)
    assert sheets == [] and [i.code for i in issues] == ["FILE_UNREADABLE"]
    assert "po rozpakowaniu plik ma" in issues[0].message and "MB danych" in issues[0].message
    grown, _ = peak_memory_mb(f"read_timesheet(Path({str(big)!r}))", READER)
    assert grown < 32, f"peak memory grew by {grown:.0f} MB"
