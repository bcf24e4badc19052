"""The marked copy of a supervisor's `.xlsx` (SPEC §5): the marks are written into the
original package, and everything else the supervisor made — every part, a logo included — is
kept byte for byte. Checked on workbooks written by openpyxl, by xlsxwriter (with an image) and
by LibreOffice, read back by openpyxl, python-calamine and LibreOffice itself."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from click.testing import CliRunner
from conftest import FIELD_OF, SOFFICE, lo_convert, week_rows, work_row
from lxml import etree

from odpracowanie.cli import main
from odpracowanie.labels import TEMPLATE_VERSION
from odpracowanie.writers import package as xlsx

RED, YELLOW = "FFFF9999", "FFFFE699"
# The parts of a one-sheet timesheet that the marks change (the sheet's .rels is new or changed)
PATCHED = {
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/_rels/sheet1.xml.rels",
}


def _annotate(path: Path, program: Path, debts: Path, out: Path) -> Path:
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--program",
            str(program),
            "--debts",
            str(debts),
            "--month",
            "2026-10",
            "--annotate",
            str(out),
            str(path),
        ],
    )
    assert result.exit_code == 1, result.output
    return out / path.name


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _values(path: Path, sheet: str) -> list[list[object]]:
    return (
        python_calamine.CalamineWorkbook.from_path(str(path))
        .get_sheet_by_name(sheet)
        .to_python(skip_empty_area=False)
    )


def _png() -> bytes:
    """A 2×2 red PNG (a stand-in for a unit's logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _xlsxwriter_timesheet(path: Path, rows: list[dict[str, object]]) -> Path:
    """The template's layout written by xlsxwriter, with a logo; empty cells are not written
    at all (as Excel does)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Rozliczenie")
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet.merge_range(0, 0, 0, 7, "ROZLICZENIE WYKONANYCH PRAC")
    sheet.write(2, 0, "Jednostka organizacyjna:")
    sheet.write(2, 2, "PGM")
    sheet.write(4, 0, "Miesiąc rozliczenia:")
    sheet.write(4, 2, "2026-10")
    sheet.write_row(6, 0, list(FIELD_OF.values()))
    for r, row in enumerate(rows, start=7):
        for c, field in enumerate(FIELD_OF):
            value = row.get(field, r - 6 if field == "lp" else None)
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif value is not None:
                sheet.write(r, c, value)
    png = path.with_suffix(".png")
    png.write_bytes(_png())
    sheet.insert_image("J1", str(png))
    book.define_name("wersja_szablonu", f'="{TEMPLATE_VERSION}"')
    book.close()
    png.unlink()
    return path


def _order_kept(sheet_xml: bytes) -> bool:
    names = [etree.QName(c).localname for c in etree.fromstring(sheet_xml)]
    ranks = [xlsx.SHEET_ORDER.index(n) for n in names]
    return ranks == sorted(ranks)


def test_a_copy_keeps_every_part_and_adds_only_the_marks(make_program, make_debts, tmp_path):
    rows = [work_row(5, rate=30), {**work_row(6), "qty": None}, *week_rows()]
    source = _xlsxwriter_timesheet(tmp_path / "karta_logo.xlsx", rows)
    copy = _annotate(source, make_program(), make_debts(), tmp_path / "do_poprawy")

    before, after = _parts(source), _parts(copy)
    assert "xl/media/image1.png" in before  # the logo, kept as it was
    changed = {name for name in before if after[name] != before[name]}
    assert changed == PATCHED
    assert _order_kept(after["xl/worksheets/sheet1.xml"])
    # the cells read as before, the marks on them
    assert _values(copy, "Rozliczenie") == _values(source, "Rozliczenie")
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == ["Rozliczenie", "Uwagi do poprawy"]
    sheet = book["Rozliczenie"]
    assert (sheet["J8"].fill.fgColor.rgb, sheet["J8"].value) == (RED, 30)
    assert "[RATE_MISMATCH] Stawka 30,00 zł" in sheet["J8"].comment.text
    assert sheet["J8"].number_format == "General"
    # a cell the file did not hold (the empty Ilość of row 9) is made, in its row's order
    assert sheet["H9"].fill.fgColor.rgb == RED and sheet["H9"].value is None
    assert "[VALUE_MISSING]" in sheet["H9"].comment.text
    refs = [
        c.get("r")
        for c in etree.fromstring(after["xl/worksheets/sheet1.xml"]).iter(f"{{{xlsx.MAIN}}}c")
        if c.get("r").endswith("9")
    ]
    assert refs == sorted(refs, key=lambda r: xlsx.cell_position(r)[1]) and "H9" in refs
    assert sheet["B8"].fill.fgColor.rgb != RED and sheet["B8"].comment is None
    assert sheet["B8"].number_format == "dd.mm.yyyy"
    assert sheet.page_setup.cellComments == "atEnd"
    notes = [r for r in book["Uwagi do poprawy"].iter_rows(values_only=True)]
    assert notes[2] == ("Arkusz", "Komórka", "Co poprawić")
    assert [r[:2] for r in notes[3:]] == [("Rozliczenie", "J8"), ("Rozliczenie", "H9")]
    notes = book["Uwagi do poprawy"]
    assert notes["A1"].font.b and notes["C4"].alignment.wrap_text


def test_a_mark_in_a_merged_range_goes_on_its_first_cell(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Rozliczenie"
    book.active["A1"] = "Tytuł"
    book.active.merge_cells("A1:H2")
    path = tmp_path / "scalone.xlsx"
    book.save(path)
    package = xlsx.Package(path)
    try:
        sheet = xlsx.Sheet(package, package.sheets["Rozliczenie"])
        assert [sheet.merged_start(c) for c in ("C2", "H1", "I1", "A3")] == ["A1", "A1", "I1", "A3"]
        # a row the sheet does not hold is made between its neighbours
        sheet.cell("B5")
        sheet.cell("C4")
        assert sheet.cell("c4") is sheet.cell("C4")
        rows = [r.get("r") for r in sheet.data.iterfind(f"{{{xlsx.MAIN}}}row")]
        assert rows == ["1", "2", "4", "5"]
    finally:
        package.close()


def test_a_sheet_with_its_own_comments_is_copied_by_openpyxl_keeping_them(
    make_timesheet, make_program, make_debts, tmp_path
):
    path = make_timesheet([work_row(5, rate=30), *week_rows()], version=None)
    book = openpyxl.load_workbook(path)
    book["Rozliczenie"]["N8"].comment = openpyxl.comments.Comment("uwaga nadzorującego", "B.Z.")
    book.save(path)
    package = xlsx.Package(path)
    with pytest.raises(xlsx.Unsupported):
        xlsx.Sheet(package, package.sheets["Rozliczenie"])
    package.close()
    sheet = openpyxl.load_workbook(
        _annotate(path, make_program(), make_debts(), tmp_path / "do_poprawy")
    )["Rozliczenie"]
    assert sheet["N8"].comment.text == "uwaga nadzorującego"
    assert "[RATE_MISMATCH]" in sheet["J8"].comment.text


def test_a_strict_or_broken_package_is_not_patched(tmp_path):
    broken = tmp_path / "zepsuty.xlsx"
    broken.write_bytes(b"PK\x03\x04 nie zip")
    with pytest.raises(xlsx.Unsupported):
        xlsx.Package(broken)
    path = tmp_path / "strict.xlsx"
    book = openpyxl.Workbook()
    book.save(path)
    parts = _parts(path)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(
                name,
                data.replace(
                    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                ),
            )
    with pytest.raises(xlsx.Unsupported):
        xlsx.Package(path)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_marks_of_a_copy_of_its_own_file(
    make_timesheet, make_program, make_debts, tmp_path
):
    made = make_timesheet(
        [work_row(5, rate=30), work_row(6, debtor="Jan Kowalsky"), *week_rows()],
        name="karta_lo.xlsx",
        folder=tmp_path / "made",
    )

    def resave(path: Path, out: Path) -> Path:
        return lo_convert(path, "xlsx", out, locale="pl_PL.UTF-8")

    source = resave(made, tmp_path / "lo_zapis")  # a timesheet saved by LibreOffice
    copy = _annotate(source, make_program(), make_debts(), tmp_path / "do_poprawy")
    before, after = _parts(source), _parts(copy)
    assert {n for n in before if after[n] != before[n]} <= PATCHED
    assert _order_kept(after["xl/worksheets/sheet1.xml"])
    # LibreOffice opens the copy and sees the fills and the comments
    again = openpyxl.load_workbook(resave(copy, tmp_path / "lo_odczyt"))
    sheet = again["Rozliczenie"]
    assert again.sheetnames == ["Rozliczenie", "Uwagi do poprawy"]
    assert (sheet["J8"].fill.fgColor.rgb, sheet["D9"].fill.fgColor.rgb) == (RED, YELLOW)
    assert "[RATE_MISMATCH]" in sheet["J8"].comment.text
    assert "[NAME_MISMATCH]" in sheet["D9"].comment.text
    assert sheet["J8"].value == 30 and sheet["D9"].value == "Jan Kowalsky"


def _retyped(source: Path, target: Path, retype) -> Path:
    """`source` with its `[Content_Types].xml` rewritten by `retype` (a root -> None)."""
    parts = _parts(source)
    root = etree.fromstring(parts["[Content_Types].xml"])
    retype(root)
    parts["[Content_Types].xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


def _untyped_parts(path: Path) -> list[str]:
    """The parts of `path` that `[Content_Types].xml` gives no content type (OPC requires
    one for every part; Excel calls such a file damaged)."""
    parts = _parts(path)
    root = etree.fromstring(parts.pop("[Content_Types].xml"))
    types = f"{{{xlsx.TYPES}}}"
    named = {o.get("PartName").casefold() for o in root.iter(f"{types}Override")}
    extensions = {d.get("Extension").casefold() for d in root.iter(f"{types}Default")}
    return [
        n
        for n in parts
        if not n.endswith("/")
        and f"/{n}".casefold() not in named
        and n.rpartition(".")[2].casefold() not in extensions
    ]


def test_every_part_of_a_copy_has_its_content_type(
    make_timesheet, make_program, make_debts, tmp_path
):
    made = make_timesheet([work_row(5, rate=30), *week_rows()], version=None)
    types = f"{{{xlsx.TYPES}}}"

    def rels_by_name(root):  # as LibreOffice 3.3-6.0 and POI write it: each .rels named
        for default in root.findall(f"{types}Default"):
            if default.get("Extension") == "rels":
                root.remove(default)
        for name in _parts(made):
            if name.endswith(".rels"):
                etree.SubElement(
                    root, f"{types}Override", PartName=f"/{name}", ContentType=xlsx.TYPE_RELS
                )

    def workbook_by_default(root):  # as ClosedXML writes it: the workbook typed by `.xml`
        for override in root.findall(f"{types}Override"):
            if override.get("PartName") == "/xl/workbook.xml":
                root.remove(override)
        for default in root.findall(f"{types}Default"):
            if default.get("Extension") == "xml":
                default.set("ContentType", xlsx.TYPE_WORKBOOK)

    program, debts = make_program(), make_debts()
    (tmp_path / "zrodla").mkdir()
    for name, retype in (("nazwane.xlsx", rels_by_name), ("domyslne.xlsx", workbook_by_default)):
        source = _retyped(made, tmp_path / "zrodla" / name, retype)
        assert _untyped_parts(source) == []
        copy = _annotate(source, program, debts, tmp_path / "do_poprawy")
        assert _untyped_parts(copy) == [], name
        # patched, not passed to openpyxl (which would write every part anew)
        before, after = _parts(source), _parts(copy)
        assert {n for n in before if after[n] != before[n]} <= PATCHED, name
        assert "xl/worksheets/_rels/sheet1.xml.rels" in _parts(copy)
        assert "[RATE_MISMATCH]" in openpyxl.load_workbook(copy)["Rozliczenie"]["J8"].comment.text
