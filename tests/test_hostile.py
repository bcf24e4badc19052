"""Hostile and broken files (SPEC §6): each gives exactly one file-level issue — or is read
correctly — quickly and without much memory, while the good files beside it are processed.
The corpus is generated here; no binary blobs live in git."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from conftest import TIMESHEET_HEADERS, peak_memory_mb, week_rows, work_row

from odpracowanie.cli import main
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


# -- a DTD in any XML part (SPEC §6) ------------------------------------------------------------
# Declared, never used: python-calamine reads such a part as if the DTD were not there, so only
# the program's own look at each part's prolog refuses it.
DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def _after_declaration(text: str, insert: str) -> str:
    """`insert` where a DTD may stand: after the XML declaration, when the part has one."""
    if text.startswith("<?xml"):
        end = text.index("?>") + 2
        return text[:end] + insert + text[end:]
    return insert + text


def _rewrite(source: Path, target: Path, change: dict[str, object]) -> Path:
    """A copy of the zip package `source` with the named parts changed (part -> function of its
    text giving its new text, or bytes); the others, and the order of all, kept."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            how = change.get(info.filename)
            if how is not None:
                new = how(data.decode("utf-8"))
                data = new if isinstance(new, bytes) else new.encode("utf-8")
            out.writestr(info, data)
    return target


def _utf16(text: str) -> bytes:
    """The part in UTF-16 with its byte-order mark, as its declaration then says."""
    return ("\ufeff" + text.replace('encoding="UTF-8"', 'encoding="UTF-16"')).encode("utf-16-le")


def _as_ods(xlsx: Path, target: Path) -> Path:
    """The first sheet of `xlsx` (an openpyxl timesheet) as an .ods file built by hand: the
    cells, the template's version as a named expression; `mimetype` first and stored."""
    import datetime as dt
    from xml.sax.saxutils import escape, quoteattr

    import openpyxl

    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = []
        for value in row:
            if value is None:
                cells.append("<table:table-cell/>")
            elif isinstance(value, dt.datetime):
                cells.append(
                    '<table:table-cell office:value-type="date" '
                    f'office:date-value="{value.date().isoformat()}"/>'
                )
            elif isinstance(value, int | float):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}"/>'
                )
            else:
                cells.append(
                    '<table:table-cell office:value-type="string">'
                    f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                )
        rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    version = quoteattr(f'of:="{TEMPLATE_VERSION}"')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet.title}">'
        f"{''.join(rows)}</table:table><table:named-expressions>"
        f'<table:named-expression table:name="wersja_szablonu" table:expression={version}/>'
        "</table:named-expressions></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        out.writestr("META-INF/manifest.xml", manifest)
        out.writestr("content.xml", content)
    return target


# The parts a DTD is put into: (file name, part, how).
DTD_PARTS = (
    ("a_workbook.xlsx", "xl/workbook.xml", lambda t: _after_declaration(t, DTD)),
    ("b_arkusz.xlsx", "xl/worksheets/sheet1.xml", lambda t: _after_declaration(t, DTD)),
    ("c_typy.xlsx", "[Content_Types].xml", lambda t: _after_declaration(t, DTD)),
    ("d_rels.xlsx", "_rels/.rels", lambda t: _after_declaration(t, DTD)),
    ("e_rels_skoroszytu.xlsx", "xl/_rels/workbook.xml.rels", lambda t: _after_declaration(t, DTD)),
    ("f_wlasciwosci.xlsx", "docProps/core.xml", lambda t: _after_declaration(t, DTD)),
    ("g_style.xlsx", "xl/styles.xml", lambda t: _after_declaration(t, DTD)),
    # UTF-16 with its mark, in a part python-calamine never reads
    ("h_utf16.xlsx", "docProps/app.xml", lambda t: _utf16(_after_declaration(t, DTD))),
    # the DTD after comments and a processing instruction, still before the root
    (
        "i_po_komentarzu.xlsm",
        "xl/workbook.xml",
        lambda t: _after_declaration(t, "<!-- " + "x" * 10_000 + " --><?mso x?>" + DTD),
    ),
    ("j_calc.ods", "content.xml", lambda t: _after_declaration(t, DTD)),
    ("k_manifest.ods", "META-INF/manifest.xml", lambda t: _after_declaration(t, DTD)),
)


@pytest.fixture
def dtd_folder(tmp_path, make_timesheet) -> Path:
    """A good timesheet of 1002 beside copies of 1001's, each with a DTD in one part."""
    folder = tmp_path / "karty_dtd"
    make_timesheet(week_rows("1002"), folder=folder, name="z_dobra.xlsx")
    good = make_timesheet(week_rows(), folder=tmp_path, name="wzor.xlsx")
    ods = _as_ods(good, tmp_path / "wzor.ods")
    for name, part, how in DTD_PARTS:
        source = ods if name.endswith(".ods") else good
        _rewrite(source, folder / name, {part: how})
    return folder


def test_a_dtd_in_any_part_gives_one_file_unreadable_and_the_good_file_is_checked(
    dtd_folder, validate
):
    status, issues = validate(dtd_folder)
    by_file: dict[str, list[str]] = {}
    for issue in issues:
        by_file.setdefault(issue["file"], []).append(issue["code"])
    assert by_file == {name: ["FILE_UNREADABLE"] for name, _, _ in DTD_PARTS}
    said = {i["message"] for i in issues}
    assert len(said) == 1 and "plik jest uszkodzony" in said.pop()
    assert status == 1


def test_the_same_files_without_the_dtd_are_read(tmp_path, make_timesheet, validate):
    """Each hostile file differs from a good one by its DTD alone: the .ods built here, and the
    same comments, processing instruction and UTF-16 part without a DTD, read cleanly."""
    good = make_timesheet(week_rows(), folder=tmp_path / "wzor", name="wzor.xlsx")
    folder = tmp_path / "bez_dtd"
    folder.mkdir()
    _as_ods(good, folder / "a_calc.ods")
    comment = '<!-- Excel --><?mso-application progid="Excel.Sheet"?>\n<!-- ' + "y" * 9000 + " -->"
    _rewrite(
        good,
        folder / "b_komentarze.xlsx",
        {
            "xl/workbook.xml": lambda t: _after_declaration(t, comment),
            "[Content_Types].xml": lambda t: _after_declaration(t, comment),
            "xl/worksheets/sheet1.xml": lambda t: _after_declaration(t, comment),
            "docProps/app.xml": _utf16,
        },
    )
    assert validate(folder / "a_calc.ods") == (0, [])
    assert validate(folder / "b_komentarze.xlsx") == (0, [])


def test_good_file_beside_dtd_files_is_credited(dtd_folder, reconcile):
    from conftest import balances

    status, output, out = reconcile(dtd_folder)
    assert f"nieczytelnych: {len(DTD_PARTS)}" in output
    after = balances(out / "salda_2026-10.xlsx")
    assert after["1002"] == (4748.8, 400) and after["1001"] == (5000, 400)


def test_a_dtd_in_the_programme_or_the_debt_workbook_is_refused(
    tmp_path, make_program, make_debts, make_timesheet
):
    """Both go through the same opening as a timesheet: the run stops (exit 2), naming them."""
    from odpracowanie.readers.debts import read_debts
    from odpracowanie.readers.program import read_program

    to_workbook = {"xl/workbook.xml": lambda t: _after_declaration(t, DTD)}
    program = _rewrite(make_program(), tmp_path / "program_dtd.xlsx", to_workbook)
    debts = _rewrite(make_debts(), tmp_path / "zadluzenie_dtd.xlsx", to_workbook)
    for result in (read_program(program), read_debts(debts)):
        assert [i.code for i in result.issues] == ["FILE_UNREADABLE"]
    sheet = str(make_timesheet(week_rows()))
    for args in (("--program", str(program)), ("--debts", str(debts))):
        run = CliRunner().invoke(main, ["validate", *args, "--month", "2026-10", sheet])
        assert run.exit_code == 2, run.output
        assert "[FILE_UNREADABLE]" in run.stderr and Path(args[1]).name in run.stderr


@pytest.mark.parametrize(
    "part,found",
    [
        (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook/>', False),
        (b"\xef\xbb\xbf<?xml version='1.0'?><!-- <!DOCTYPE x> --><?pi <!ENTITY?><x/>", False),
        (b"<x><![CDATA[<!DOCTYPE x>]]></x>", False),  # after the root: text, no DTD
        (b"\x89PNG\r\n\x1a\n\x00\x00<!DOCTYPE", False),  # not XML: left at once
        (b"", False),
        (b"<?xml version='1.0' encoding='UTF-8'?", False),  # cut short
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><x/>', True),
        (b'<!ENTITY a "b"><x/>', True),
        (b"\xef\xbb\xbf \r\n<!doctype x><x/>", True),
        ("\ufeff<?xml version='1.0' encoding='UTF-16'?><!DOCTYPE x><x/>".encode("utf-16-be"), True),
        ("\ufeff<!DOCTYPE x><x/>".encode("utf-16-le"), True),
        ("<!DOCTYPE x><x/>".encode("utf-16-le"), True),  # no mark
        ("\n <!DOCTYPE x><x/>".encode("utf-16-be"), True),  # no mark, white space first
        ("\ufeff<!DOCTYPE x><x/>".encode("utf-32-le"), True),
        ("\ufeff<?xml version='1.0'?><x/>".encode("utf-16-le"), False),
        # the markers split across the pieces read from the stream
        (b"<?xml?>" + b" " * 4090 + b"<!-- a -->" + b"\n" * 4093 + b"<!DOCTYPE x><x/>", True),
        (b"<!--" + b"-" * 4093 + b"-><!DOCTYPE x><x/>", True),
        (b"<!--" + b"-" * 4094 + b"> --><x/>", False),
        # stray characters a lenient reader passes over do not hide a DTD
        ('<?xml version="1.0"?>\u00a0<!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode(), True),
        ('<?xml version="1.0"?>\ufeff<!DOCTYPE x><x/>'.encode(), True),
        ("\u00a0<!DOCTYPE x><x/>".encode(), True),
        ('<?xml version="1.0"?>\u00a0<workbook/>'.encode(), False),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, False),  # a picture: no markup at all
    ],
)
def test_a_prolog_is_read_for_a_dtd_up_to_the_root(part, found):
    import io

    from odpracowanie.readers.prolog import declares_dtd

    assert declares_dtd(io.BytesIO(part)) is found


def test_a_long_prolog_is_read_in_pieces():
    """A DTD behind 20 MB of comment is found, holding a piece at a time, not the part."""
    import io
    import tracemalloc

    from odpracowanie.readers.prolog import declares_dtd

    part = io.BytesIO(b"<?xml version='1.0'?><!--" + b"x" * 20_000_000 + b"--><!DOCTYPE x><x/>")
    tracemalloc.start()
    assert declares_dtd(part)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100_000, peak


def test_a_real_part_is_read_no_further_than_its_root(tmp_path, make_timesheet):
    """Only the first piece of a big sheet is inflated to look at its prolog."""
    from odpracowanie.readers.prolog import PIECE, declares_dtd

    big = tmp_path / "duza.xlsx"
    row = "".join(f'<c r="A{n}"><v>{n}</v></c>' for n in range(1, 200))
    _replace_sheet(
        make_timesheet(week_rows()),
        big,
        lambda stream: [stream.write(f"<row>{row}</row>".encode()) for _ in range(2_000)],
    )
    with zipfile.ZipFile(big) as archive, archive.open("xl/worksheets/sheet1.xml") as stream:
        assert not declares_dtd(stream)
        assert stream.tell() == PIECE
