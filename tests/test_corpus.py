"""Odd files in a timesheet folder (SPEC: every file given is read or reported).

A workbook (.xlsx also as Strict Open XML, .xlsm, .xlsb, .xls, .ods) is read; anything else — a
CSV, a PDF, a photo, a Word document, a Numbers file, a flat .fods — and a broken, encrypted or
oversized workbook gives exactly ONE file-level issue (`FILE_UNREADABLE`, or `HEADER_MISSING`
for a readable workbook without the timesheet table); lock files, system files, the program's
own outputs and its folders are passed over without an issue and listed in `Przebieg`. One odd
file never stops the batch and never changes what the good files credit.

The corpus is generated once per module by `build_corpus`: besides three timesheets written by
openpyxl (conftest), every workbook in it was saved by LibreOffice (`soffice --convert-to`,
`tests/lo_fill.py` for the pivot table) or is a faithful byte-level edit of such a file (Strict
namespaces, an empty `s=""`, a bad CRC, a cut, a password); the PDF is LibreOffice's print of a
timesheet and the photos poppler's renderings of it; the other files are the least their
programs write (a Word .docx, a Numbers package, a web page, SpreadsheetML 2003, a CSV). No
binary blob lives in git. An external corpus of real third-party files is checked too when
`ODPRACOWANIE_CORPUS` names a folder (or `../shared/corpus` exists).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import (
    MONTH,
    balances,
    make_debts,
    make_program,
    make_timesheet,
    peak_memory_mb,
    sheet_rows,
    week_rows,
    work_row,
)

from odpracowanie.cli import main
from odpracowanie.readers.timesheet import read_timesheet

ROOT = Path(__file__).resolve().parent.parent
LO_FILL = Path(__file__).resolve().with_name("lo_fill.py")
SYSTEM_PYTHON = "/usr/bin/python3"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")

FILE_LEVEL = {"FILE_UNREADABLE", "HEADER_MISSING"}
# What a Polish message about a file says; what no message on the clerk's screen may say.
POLISH_WORDS = re.compile(r"plik|skoroszyt|arkusz", re.IGNORECASE)
ENGLISH = re.compile(
    r"Traceback|Exception|Error\b|Warning|warn\(|\bthe\b|\bfailed\b|"
    r"\bcannot\b|\binvalid\b|\bunexpected\b|\bnot a\b|File \""
)
INTERNAL = "błąd programu"  # Say.INTERNAL: the reader itself tripped over the file

# One 4-hour PORZ row a day (31,40 zł/h): two days = 8 h = 251,20 zł, principal first.
ROW_VALUE = 125.60

# The readable timesheets: name -> (account, days). Each is credited; none repeats another's
# rows. `a_`–`c_` are openpyxl's (conftest), the rest were saved by LibreOffice.
TIMESHEETS = {
    "a_dobra_1001.xlsx": ("1001", (8, 9)),
    "b_dobra_1002.xlsx": ("1002", (8, 9)),
    "c_dobra_1003.xlsx": ("1003", (8, 9)),
    "d_strict_1001.xlsx": ("1001", (13, 14)),  # LibreOffice's xlsx in ISO Strict namespaces
    "e_pusty_styl_1002.xlsx": ("1002", (13, 14)),  # s="" on two cells (openpyxl fails)
    "f_przestawna_1003.xlsx": ("1003", (13, 14)),  # a LibreOffice pivot table on a 2nd sheet
    "g_excel97_1001.xls": ("1001", (20, 21)),  # soffice --convert-to xls
    "h_calc_1002.ods": ("1002", (20, 21)),  # soffice --convert-to ods
    "i_makra_1003.xlsm": ("1003", (27, 28)),  # "Calc MS Excel 2007 VBA XML"
}
PIVOT = "f_przestawna_1003.xlsx"
CRC = "j_zla_crc_1003.xlsx"  # a STORED sheet with one digit changed, its CRC left as it was
CRC_ROWS = ("1003", (20, 21))

# Every other file gives exactly one issue: name -> (code, cell, words of its message). The
# cell is "" (the file as a whole) except for the programme workbook, whose `Stawki` table has
# three of the timesheet's labels (Rodzaj pracy, Jednostka, Stawka) and so is reported as a
# table lacking columns, at its header row.
ODD = {
    "k_tabela.csv": ("FILE_UNREADABLE", "", "(CSV)"),
    "l_wydruk.pdf": ("FILE_UNREADABLE", "", "dokument PDF"),
    "m_zdjecie.png": ("FILE_UNREADABLE", "", "zdjęcie lub skan"),
    "m_zdjecie.jpg": ("FILE_UNREADABLE", "", "zdjęcie lub skan"),
    "n_pismo.docx": ("FILE_UNREADABLE", "", "dokument programu Word (.docx)"),
    "o_karta.numbers": ("FILE_UNREADABLE", "", "arkusz programu Numbers"),
    "p_plaski.fods": ("FILE_UNREADABLE", "", "płaski plik XML programu LibreOffice (.fods)"),
    "q_pusty.xlsx": ("FILE_UNREADABLE", "", "plik jest pusty"),
    "r_ucieta.xlsx": ("FILE_UNREADABLE", "", "plik jest uszkodzony lub niekompletny"),
    "s_haslo.xlsx": ("FILE_UNREADABLE", "", "zabezpieczony hasłem"),
    "t_strona.xls": ("FILE_UNREADABLE", "", "strona internetowa (HTML)"),
    "w_tekst_unicode.xls": ("FILE_UNREADABLE", "", "(CSV)"),  # Excel's "Unicode text"
    "x_excel2003.xml": ("FILE_UNREADABLE", "", "plik XML arkusza Excel 2003"),
}

# The programme and a ledger left among the timesheets: passed over and listed, no issue
# (nothing of anybody's is withheld by them).
OTHER_WORKBOOKS = {"u_saldo.xlsx": "arkusz Zadłużenie", "v_program.xlsx": "Parametry i Stawki"}

# Passed over without an issue (a folder's own outputs are from a real run, renamed).
OUTPUTS = ("salda", "zestawienie", "karty_dluznikow", "bledy")
SKIPPED = (
    "~$karta.xlsx",
    ".~lock.karta.xlsx#",
    "Thumbs.db",
    "desktop.ini",
    "._a_dobra_1001.xlsx",
    "do_poprawy",
    "wysylka",
    "stare",
    *(f"{name}_2026-09.xlsx" for name in OUTPUTS),
    "przebieg.json",  # the manifest of the run whose results are left here
    "zastapione_20261001-120000",  # an earlier run's outputs, moved aside by --force
)
SKIPPED_FOLDERS = ("do_poprawy", "wysylka", "stare", "zastapione_20261001-120000")

# ISO 29500 Strict: the transitional namespaces and relationship types it renames.
T, S = "http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/"
STRICT = (
    (
        T + "officeDocument/2006/relationships/extended-properties",
        S + "officeDocument/relationships/extendedProperties",
    ),
    (
        T + "officeDocument/2006/relationships/custom-properties",
        S + "officeDocument/relationships/customProperties",
    ),
    (T + "officeDocument/2006/relationships", S + "officeDocument/relationships"),
    (T + "officeDocument/2006/extended-properties", S + "officeDocument/extendedProperties"),
    (T + "officeDocument/2006/custom-properties", S + "officeDocument/customProperties"),
    (T + "officeDocument/2006/docPropsVTypes", S + "officeDocument/docPropsVTypes"),
    (T + "spreadsheetml/2006/main", S + "spreadsheetml/main"),
    (T + "drawingml/2006/main", S + "drawingml/main"),
    (T + "drawingml/2006/spreadsheetDrawing", S + "drawingml/spreadsheetDrawing"),
)


# -- the corpus --------------------------------------------------------------------------------


def uno_missing() -> str | None:
    try:
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return f"{SYSTEM_PYTHON} not runnable"
    return None if probe.returncode == 0 else f"{SYSTEM_PYTHON} has no uno (python3-uno)"


def _soffice(sources: list[Path], fmt: str, out: Path, profile: Path) -> subprocess.Popen:
    """`soffice --convert-to` of `sources`, started (several run at once, each own profile)."""
    return subprocess.Popen(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait(proc: subprocess.Popen, what: str) -> None:
    output, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, f"{what}: {output.decode(errors='replace')}"


def _rezip(source: Path, target: Path, edit=None, stored: tuple[str, ...] = ()) -> None:
    """A copy of a zip package, each XML part passed through `edit(name, text)`; the parts in
    `stored` are written uncompressed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if edit and info.filename.endswith((".xml", ".rels")):
                data = edit(info.filename, data.decode("utf-8")).encode("utf-8")
            info.compress_type = (
                zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED
            )
            out.writestr(info, data)


def to_strict(name: str, text: str) -> str:
    """A part of a transitional package as ISO Strict writes it (content types stay)."""
    if name == "[Content_Types].xml":
        return text
    for old, new in STRICT:
        text = text.replace(old, new)
    if name == "xl/workbook.xml":
        text = text.replace(
            f'<workbook xmlns="{S}spreadsheetml/main"',
            f'<workbook xmlns="{S}spreadsheetml/main" conformance="strict"',
            1,
        )
    return text


def empty_style(name: str, text: str) -> str:
    """Cells H8 (Ilość) and I8 (Jednostka) with an empty style attribute, as some writers
    leave it; openpyxl's reader fails on it (int(''))."""
    if name == "xl/worksheets/sheet1.xml":
        for ref in ("H8", "I8"):
            text, n = re.subn(rf'(<c r="{ref}") s="\d+"', r'\1 s=""', text)
            assert n == 1, (ref, text[:2000])
    return text


def bad_crc(source: Path, target: Path) -> None:
    """The sheet STORED, then the quantity of row 8 (4) changed to 5 in the bytes: the zip's
    CRC-32 of the member no longer matches its data."""
    _rezip(source, target, stored=("xl/worksheets/sheet1.xml",))
    data = bytearray(target.read_bytes())
    match = re.search(rb'<c r="H8"[^>]*><v>4</v>', data)
    assert match, "H8 not found in the stored sheet"
    data[match.end() - 5] = ord("5")
    target.write_bytes(bytes(data))
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() == "xl/worksheets/sheet1.xml"  # the CRC is wrong now


def _png(path: Path) -> None:
    """A real 8×8 grey PNG, chunk by chunk (for machines without pdftoppm)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _photos(pdf: Path, folder: Path) -> None:
    """A photo of the printed timesheet: the PDF's page rendered by poppler as PNG and JPEG."""
    png, jpg = folder / "m_zdjecie.png", folder / "m_zdjecie.jpg"
    if shutil.which("pdftoppm"):
        for flag, target in (("-png", png), ("-jpeg", jpg)):
            subprocess.run(
                [
                    "pdftoppm",
                    flag,
                    "-r",
                    "30",
                    "-singlefile",
                    str(pdf),
                    str(target.with_suffix("")),
                ],
                check=True,
                timeout=60,
            )
        if jpg.with_suffix(".jpg").exists():
            return
    _png(png)
    jpg.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")


def _docx(path: Path) -> None:
    """A Word document: the parts Word itself writes at the least."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="'
            'http://schemas.openxmlformats.org/package/2006/content-types"><Default '
            'Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="'
            'http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            "<w:r><w:t>Karta pracy za październik 2026</w:t></w:r></w:p></w:body>"
            "</w:document>",
        )


def _numbers(path: Path) -> None:
    """An Apple Numbers document as it travels (a zip: Index/*.iwa, Metadata, a preview)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("Index/Document.iwa", b"\x00\x1d\x00\x00" + bytes(29))
        z.writestr("Index/Tables/DataList.iwa", b"\x00\x08\x00\x00" + bytes(8))
        z.writestr("Metadata/Properties.plist", b"bplist00\xd1\x01\x02")
        z.writestr("Metadata/DocumentIdentifier", "5A4B0C1E-2F3A-4B5C-8D9E-0F1A2B3C4D5E")
        z.writestr("preview.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xd9")


def _html_xls(path: Path) -> None:
    """A table saved as a web page with the name .xls (Excel's "Save as Web Page", old
    systems' exports), in Windows-1250."""
    rows = "".join(
        f"<tr><td>{d}.10.2026</td><td>1001</td><td>PORZ</td><td>4</td></tr>" for d in (8, 9)
    )
    path.write_bytes(
        (
            '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-'
            'microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40"><head><meta '
            'http-equiv=Content-Type content="text/html; charset=windows-1250"></head><body>'
            "<table><tr><td>Data</td><td>Nr konta</td><td>Kod pracy</td><td>Ilość</td></tr>"
            f"{rows}</table></body></html>"
        ).encode("cp1250")
    )


def _spreadsheet_2003(path: Path) -> None:
    """Excel's "XML Spreadsheet 2003" (SpreadsheetML), as Excel writes it."""
    cells = "".join(
        f'<Cell><Data ss:Type="String">{h}</Data></Cell>'
        for h in ("Data", "Nr konta", "Kod pracy", "Ilość", "Jednostka")
    )
    path.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="'
        'urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:'
        'schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Rozliczenie"><Table>'
        f"<Row>{cells}</Row></Table></Worksheet></Workbook>\n",
        encoding="utf-8",
    )


@dataclass
class Corpus:
    root: Path
    everything: Path  # one folder: the readable timesheets, every odd file, what is skipped
    good: Path  # the readable timesheets alone
    odd: Path  # every odd file alone (no timesheet)
    program: Path
    debts: Path
    formula_error: Path  # LibreOffice's xlsx with #VALUE! in H8 (its Strict copy beside it)
    pivot_skip: str | None = None  # why the pivot table could not be made
    reference: Path | None = None  # outputs of a real run over `good`


def build_corpus(root: Path) -> Corpus:
    """Generate the corpus under `root` (LibreOffice conversions run side by side)."""
    src, lo = root / "zrodla", root / "lo"
    build = make_timesheet.__wrapped__(src)
    for name, (account, days) in {**TIMESHEETS, CRC: CRC_ROWS}.items():
        build(week_rows(account, days), name=Path(name).with_suffix(".xlsx").name)
    for stem in ("r_ucieta", "p_plaski", "l_wydruk"):
        build(week_rows("1001", (27, 28)), name=f"{stem}.xlsx")
    # Ilość a formula showing #VALUE! (LibreOffice stores the error as the cell's value)
    build([work_row(13, qty='="a"+1'), work_row(14), work_row(15)], name="blad_formuly.xlsx")
    program = make_program.__wrapped__(root)()
    debts = make_debts.__wrapped__(root)()
    shutil.copy(debts, src / "u_saldo.xlsx")
    shutil.copy(program, src / "v_program.xlsx")
    made = {
        n: src / Path(n).with_suffix(".xlsx").name
        for n in (*TIMESHEETS, CRC, *ODD, *OTHER_WORKBOOKS)
    }

    to_xlsx = [
        made[n]
        for n in (
            "d_strict_1001.xlsx",
            "e_pusty_styl_1002.xlsx",
            CRC,
            "r_ucieta.xlsx",
            "u_saldo.xlsx",
            "v_program.xlsx",
        )
    ]
    to_xlsx.append(src / "blad_formuly.xlsx")
    conversions = [
        (to_xlsx, "xlsx"),
        ([made["g_excel97_1001.xls"]], "xls"),
        ([made["h_calc_1002.ods"]], "ods"),
        ([made["i_makra_1003.xlsm"]], "xlsm:Calc MS Excel 2007 VBA XML"),
        ([made["p_plaski.fods"]], "fods"),
        ([made["l_wydruk.pdf"]], "pdf"),
    ]
    jobs = [
        (_soffice(files, fmt, lo, root / f"profil{n}"), fmt)
        for n, (files, fmt) in enumerate(conversions)
    ]
    pivot_skip = uno_missing()
    pivot = None
    if pivot_skip is None:
        plan = root / "przestawna.json"
        plan.write_text(
            json.dumps(
                {
                    "formats": ["xlsx"],
                    "actions": [
                        {
                            "type": "pivot",
                            "sheet": "Rozliczenie",
                            "range": "A7:N9",
                            "row_field": "C",
                            "data_field": "H",
                            "target": "Przestawna",
                        }
                    ],
                }
            ),
            encoding="utf-8",
        )
        pivot = subprocess.Popen(
            [
                SYSTEM_PYTHON,
                str(LO_FILL),
                str(made[PIVOT]),
                str(plan),
                str(root / "lo_fill" / Path(PIVOT).stem),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    for proc, what in jobs:
        _wait(proc, f"soffice --convert-to {what}")
    if pivot is not None:
        _wait(pivot, "lo_fill.py pivot")

    good, odd = root / "dobre", root / "dziwne"
    good.mkdir()
    odd.mkdir()
    for name in ("a_dobra_1001.xlsx", "b_dobra_1002.xlsx", "c_dobra_1003.xlsx"):
        shutil.copy(made[name], good / name)
    _rezip(lo / "d_strict_1001.xlsx", good / "d_strict_1001.xlsx", to_strict)
    _rezip(lo / "e_pusty_styl_1002.xlsx", good / "e_pusty_styl_1002.xlsx", empty_style)
    _rezip(lo / "blad_formuly.xlsx", root / "blad_formuly_strict.xlsx", to_strict)
    if pivot is not None:
        shutil.copy(root / "lo_fill" / PIVOT, good / PIVOT)
    for name in ("g_excel97_1001.xls", "h_calc_1002.ods", "i_makra_1003.xlsm"):
        shutil.copy(lo / name, good / name)

    bad_crc(lo / CRC, odd / CRC)
    (odd / "k_tabela.csv").write_bytes(
        "Data;Nr konta;Dłużnik;Kod pracy;Ilość\r\n08.10.2026;1001;Jan Kowalski;PORZ;4\r\n"
        "09.10.2026;1001;Jan Kowalski;PORZ;4,5\r\n".encode("cp1250")
    )
    shutil.copy(lo / "l_wydruk.pdf", odd / "l_wydruk.pdf")
    _photos(odd / "l_wydruk.pdf", odd)
    _docx(odd / "n_pismo.docx")
    _numbers(odd / "o_karta.numbers")
    shutil.copy(lo / "p_plaski.fods", odd / "p_plaski.fods")
    (odd / "q_pusty.xlsx").write_bytes(b"")
    whole = (lo / "r_ucieta.xlsx").read_bytes()
    (odd / "r_ucieta.xlsx").write_bytes(whole[: len(whole) * 2 // 3])
    import msoffcrypto.format.ooxml

    with (lo / "r_ucieta.xlsx").open("rb") as plain, (odd / "s_haslo.xlsx").open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("tajne", out)
    _html_xls(odd / "t_strona.xls")
    for name in ("u_saldo.xlsx", "v_program.xlsx"):
        shutil.copy(lo / name, odd / name)
    (odd / "w_tekst_unicode.xls").write_bytes(  # UTF-16 with its mark, tab-separated
        "\ufeffData\tNr konta\tKod pracy\tIlość\r\n08.10.2026\t1001\tPORZ\t4\r\n".encode(
            "utf-16-le"
        )
    )
    _spreadsheet_2003(odd / "x_excel2003.xml")

    # A real month's outputs over the good files, to be left in the folder as last month's.
    reference = root / "wzorzec"
    result = CliRunner().invoke(
        main,
        [
            "reconcile",
            "--program",
            str(program),
            "--debts",
            str(debts),
            "--month",
            MONTH,
            "--out",
            str(reference),
            str(good),
        ],
    )
    assert result.exit_code == 0, result.output

    everything = root / "wszystko"
    shutil.copytree(good, everything)
    for path in odd.iterdir():
        if path.name != CRC:  # its own test (it credits what the damage says)
            shutil.copy(path, everything / path.name)
    owner = "Barbara Zielińska"  # Excel's owner file: the name in ANSI, then in UTF-16
    (everything / "~$karta.xlsx").write_bytes(
        (
            bytes([len(owner)])
            + owner.encode("cp1250").ljust(53)
            + bytes([len(owner), 0])
            + owner.encode("utf-16-le")
        ).ljust(165, b" ")
    )
    (everything / ".~lock.karta.xlsx#").write_text(
        "Barbara Zielińska,bzielinska,pgm-pc,30.10.2026 14:02,file:///home/bzielinska/"
        ".config/libreoffice/4;",
        encoding="utf-8",
    )
    (everything / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (everything / "desktop.ini").write_text("[.ShellClassInfo]\r\nIconResource=C:\\x.ico\r\n")
    # macOS's AppleDouble shadow of a file copied from a Mac
    (everything / "._a_dobra_1001.xlsx").write_bytes(
        b"\x00\x05\x16\x07\x00\x02\x00\x00" + b"Mac OS X        " + bytes(58)
    )
    (everything / "stare").mkdir()  # a subfolder: not searched
    shutil.copy(good / "b_dobra_1002.xlsx", everything / "stare" / "b_dobra_1002.xlsx")
    for name in OUTPUTS:
        shutil.copy(reference / f"{name}_{MONTH}.xlsx", everything / f"{name}_2026-09.xlsx")
    (everything / "do_poprawy").mkdir()
    shutil.copy(good / "a_dobra_1001.xlsx", everything / "do_poprawy" / "a_dobra_1001.xlsx")
    (everything / "wysylka").mkdir()
    (everything / "wysylka" / "do_PGM.eml").write_text(
        "Subject: Rozliczenie\n\nW załączeniu wyniki.\n", encoding="utf-8"
    )
    shutil.copy(reference / "przebieg.json", everything / "przebieg.json")
    aside = everything / "zastapione_20261001-120000"
    aside.mkdir()
    shutil.copy(good / "a_dobra_1001.xlsx", aside / "a_dobra_1001.xlsx")
    return Corpus(
        root=root,
        everything=everything,
        good=good,
        odd=odd,
        program=program,
        debts=debts,
        formula_error=lo / "blad_formuly.xlsx",
        pivot_skip=pivot_skip,
        reference=reference,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("korpus"))


# -- helpers -----------------------------------------------------------------------------------


def credited(*sheets: str) -> dict[str, tuple]:
    """Balances after crediting the given timesheets (5 000 zł principal, 400 zł interest)."""
    done = Counter()
    for name in sheets:
        account, days = TIMESHEETS[name]
        done[account] += len(days) * ROW_VALUE
    return {a: (round(5000 - done[a], 2), 400) for a in ("1001", "1002", "1003")}


def readable(corpus: Corpus) -> list[str]:
    """The readable timesheets this machine made (the pivot table needs python3-uno)."""
    return [n for n in TIMESHEETS if (corpus.good / n).exists()]


def error_rows(path: Path) -> list[dict]:
    """The rows of `Błędy` in a bledy_ workbook, by column name (an empty cell as "")."""
    rows = sheet_rows(path, "Błędy")
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Plik")
    return [
        {k: "" if v is None else v for k, v in zip(rows[head], r, strict=True)}
        for r in rows[head + 1 :]
        if r and r[0]
    ]


def skipped_rows(path: Path) -> dict[str, str]:
    """Pominięty plik -> Powód from the salda workbook's `Przebieg`."""
    rows = sheet_rows(path, "Przebieg")
    head = next(i for i, r in enumerate(rows) if r[:2] == ("Pominięty plik", "Powód"))
    return {Path(r[0]).name: r[1] for r in rows[head + 1 :] if r and r[0]}


def run_validate(*paths: Path, corpus: Corpus):
    """`validate --format json` with the corpus's programme and debts: (exit, issues,
    everything printed)."""
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--format",
            "json",
            "--program",
            str(corpus.program),
            "--debts",
            str(corpus.debts),
            "--month",
            MONTH,
            *map(str, paths),
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.lstrip().startswith("["), result.output
    return result.exit_code, json.loads(result.stdout), result.output


def annotate(path: Path, folder: Path) -> list[tuple[str, str]]:
    """`validate --annotate` in the wrong month (one MONTH_MISMATCH): (code, cell) found."""
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--format",
            "json",
            "--month",
            "2026-11",
            "--annotate",
            str(folder),
            str(path),
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert_polish(result.output)
    return [(i["code"], i["cell"]) for i in json.loads(result.stdout)]


def assert_polish(text: str) -> None:
    hit = ENGLISH.search(text)
    assert hit is None, f"English on the screen: {hit.group(0)!r} in\n{text}"


def assert_one_file_issue(issues: list[dict], name: str, code: str, cell: str, words: str) -> None:
    assert [(i["file"], i["code"], i["cell"], i["severity"]) for i in issues] == [
        (name, code, cell, "error")
    ], issues
    message = issues[0]["message"]
    assert words in message and POLISH_WORDS.search(message) and INTERNAL not in message
    assert_polish(message)


# -- each file alone ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ODD), ids=list(ODD))
def test_odd_file_alone_gives_one_file_level_issue(corpus, name):
    status, issues, output = run_validate(corpus.odd / name, corpus=corpus)
    assert status == 1
    assert_one_file_issue(issues, name, *ODD[name])
    assert_polish(output)


@pytest.mark.parametrize("name", list(OTHER_WORKBOOKS), ids=list(OTHER_WORKBOOKS))
def test_a_programme_or_ledger_alone_is_passed_over_and_listed(corpus, name):
    status, issues, output = run_validate(corpus.odd / name, corpus=corpus)
    assert (status, issues) == (0, [])
    assert name in output and OTHER_WORKBOOKS[name] in output
    assert_polish(output)


@pytest.mark.parametrize(
    "name", [n for n in TIMESHEETS if n != PIVOT], ids=[n for n in TIMESHEETS if n != PIVOT]
)
def test_readable_timesheet_alone_is_read_without_an_issue(corpus, name):
    status, issues, _ = run_validate(corpus.good / name, corpus=corpus)
    assert (status, issues) == (0, [])
    account, days = TIMESHEETS[name]
    sheets, read_issues = read_timesheet(corpus.good / name)
    assert read_issues == [] and [s.sheet for s in sheets] == ["Rozliczenie"]
    table = sheets[0].table
    assert list(
        zip(
            table["account"],
            table["date"],
            table["qty"],
            table["code"],
            table["accepted"],
            strict=True,
        )
    ) == [(account, dt.date(2026, 10, d), 4.0, "PORZ", "TAK") for d in days]
    assert sheets[0].header.month == (2026, 10) and sheets[0].header.unit == "PGM"


SKIPPED_FILES = [n for n in SKIPPED if n not in SKIPPED_FOLDERS]


@pytest.mark.parametrize("name", SKIPPED_FILES, ids=SKIPPED_FILES)
def test_skipped_file_alone_gives_no_issue(corpus, name):
    status, issues, _ = run_validate(corpus.everything / name, corpus=corpus)
    assert (status, issues) == (0, [])


def test_output_folder_given_by_name_is_read(corpus):
    # Passed over inside a timesheet folder, but read when the clerk names it: its e-mail
    # draft is then opened like any e-mail (SPEC §11) and, bringing no timesheet, named.
    status, issues, _ = run_validate(corpus.everything / "wysylka", corpus=corpus)
    assert status == 0
    assert [(i["file"], i["code"], i["severity"]) for i in issues] == [
        ("do_PGM.eml", "MAIL_NO_TIMESHEET", "warning")
    ]
    assert "Rozliczenie" in issues[0]["message"]
    assert_polish(issues[0]["message"])


def test_strict_timesheet_is_read_credited_and_annotated(corpus, reconcile):
    path = corpus.good / "d_strict_1001.xlsx"
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("_rels/.rels").decode()
    assert 'conformance="strict"' in workbook and T + "spreadsheetml" not in workbook
    assert S + "officeDocument/relationships/officeDocument" in rels
    status, output, out = reconcile(path, out=corpus.root / "wyniki_strict" / "wyniki")
    assert status == 0, output
    assert balances(out / "salda_2026-10.xlsx") == credited("d_strict_1001.xlsx")
    history = sheet_rows(out / "salda_2026-10.xlsx", "Historia prac")
    assert [r[2:3] + r[4:5] + r[7:11] for r in history[1:]] == [
        ("1001", dt.datetime(2026, 10, d), 4, "h", ROW_VALUE, "d_strict_1001.xlsx")
        for d in (13, 14)
    ]
    # openpyxl sees a Strict workbook as empty sheets: the copy is rebuilt from the cells.
    fix = corpus.root / "do_poprawy_strict"
    assert annotate(path, fix) == [("MONTH_MISMATCH", "C5")]
    copy = openpyxl.load_workbook(fix / "d_strict_1001.xlsx")["Rozliczenie"]
    assert "[MONTH_MISMATCH]" in copy["C5"].comment.text and copy["H8"].value == 4


def test_strict_formula_error_is_named_like_in_a_transitional_workbook(corpus):
    transitional = corpus.formula_error
    strict = corpus.root / "blad_formuly_strict.xlsx"
    _, plain, _ = run_validate(transitional, corpus=corpus)
    assert [(i["code"], i["cell"]) for i in plain] == [("NUMBER_INVALID", "H8")]
    assert "#VALUE!" in plain[0]["message"]
    _, issues, _ = run_validate(strict, corpus=corpus)
    assert [(i["code"], i["cell"], i["message"]) for i in issues] == [
        (i["code"], i["cell"], i["message"]) for i in plain
    ]


def test_empty_style_attribute_is_read_credited_and_annotated(corpus, reconcile):
    path = corpus.good / "e_pusty_styl_1002.xlsx"
    with zipfile.ZipFile(path) as z:
        assert '<c r="H8" s=""' in z.read("xl/worksheets/sheet1.xml").decode()
    with pytest.raises(TypeError):
        openpyxl.load_workbook(path)  # openpyxl cannot open it (style index '')
    status, output, out = reconcile(path, out=corpus.root / "wyniki_styl" / "wyniki")
    assert status == 0, output
    assert balances(out / "salda_2026-10.xlsx") == credited("e_pusty_styl_1002.xlsx")
    fix = corpus.root / "do_poprawy_styl"
    assert annotate(path, fix) == [("MONTH_MISMATCH", "C5")]
    copy = openpyxl.load_workbook(fix / "e_pusty_styl_1002.xlsx")["Rozliczenie"]
    assert copy["C5"].fill.fgColor.rgb == "FFFF9999"
    assert "[MONTH_MISMATCH]" in copy["C5"].comment.text
    assert (copy["H8"].value, copy["I8"].value) == (4, "h")


def test_pivot_table_timesheet_is_read_credited_and_annotated(corpus, reconcile):
    if corpus.pivot_skip:
        pytest.skip(corpus.pivot_skip)
    path = corpus.good / PIVOT
    with zipfile.ZipFile(path) as z:
        assert "xl/pivotTables/pivotTable1.xml" in z.namelist()
    status, issues, _ = run_validate(path, corpus=corpus)
    assert (status, issues) == (0, [])
    sheets, _ = read_timesheet(path)
    assert [(s.sheet, len(s.table)) for s in sheets] == [("Rozliczenie", 2)]
    status, output, out = reconcile(path, out=corpus.root / "wyniki_przestawna" / "wyniki")
    assert status == 0, output
    assert balances(out / "salda_2026-10.xlsx") == credited(PIVOT)
    fix = corpus.root / "do_poprawy_przestawna"
    assert annotate(path, fix) == [("MONTH_MISMATCH", "C5")]
    copy = openpyxl.load_workbook(fix / PIVOT)
    assert copy.sheetnames == ["Rozliczenie", "Przestawna", "Uwagi do poprawy"]
    assert "[MONTH_MISMATCH]" in copy["Rozliczenie"]["C5"].comment.text


def test_bad_crc_beside_good_files_does_not_stop_the_batch(corpus, reconcile):
    folder = corpus.root / "dobre_i_crc"
    shutil.copytree(corpus.good, folder)
    shutil.copy(corpus.odd / CRC, folder / CRC)
    status, output, out = reconcile(folder, out=corpus.root / "wyniki_crc" / "wyniki")
    assert_polish(output)
    assert status in (0, 1), output
    errors = [r for r in error_rows(out / "bledy_2026-10.xlsx") if r["Plik"] == CRC]
    assert [(r["Kod"], r["Komórka"]) for r in errors] == [("FILE_UNREADABLE", "")]
    alone = balances(corpus.reference / "salda_2026-10.xlsx")
    after = balances(out / "salda_2026-10.xlsx")
    assert {a: after[a] for a in ("1001", "1002")} == {a: alone[a] for a in ("1001", "1002")}


def test_bad_crc_is_reported_not_credited(corpus):
    status, issues, _ = run_validate(corpus.odd / CRC, corpus=corpus)
    assert [(i["code"], i["cell"]) for i in issues] == [("FILE_UNREADABLE", "")], issues
    assert status == 1


# -- one folder holding everything -------------------------------------------------------------


def test_folder_of_everything_credits_exactly_what_the_good_files_do(corpus, reconcile):
    from odpracowanie import labels

    status, output, out = reconcile(
        corpus.everything, out=corpus.root / "wyniki_wszystko" / "wyniki"
    )
    assert_polish(output)
    assert status == 1  # the odd files' errors; nothing of the good files is withheld
    alone = balances(corpus.reference / "salda_2026-10.xlsx")
    assert alone == credited(*readable(corpus))
    assert balances(out / "salda_2026-10.xlsx") == alone
    errors = error_rows(out / "bledy_2026-10.xlsx")
    assert Counter(r["Plik"] for r in errors) == Counter(list(ODD)), errors
    by_file = {r["Plik"]: r for r in errors}
    for name, (code, cell, words) in ODD.items():
        row = by_file[name]
        assert (row["Kod"], row["Komórka"], row["Waga"]) == (code, cell, "błąd"), row
        assert words in row["Opis"] and INTERNAL not in row["Opis"]
    reasons = {
        "~$karta.xlsx": labels.SKIP_LOCK,
        ".~lock.karta.xlsx#": labels.SKIP_LOCK,
        "Thumbs.db": labels.SKIP_SYSTEM,
        "desktop.ini": labels.SKIP_SYSTEM,
        "._a_dobra_1001.xlsx": labels.SKIP_SYSTEM,
        "stare": labels.SKIP_SUBFOLDER,
        "do_poprawy": labels.SKIP_OUTPUT_FOLDER,
        "wysylka": labels.SKIP_OUTPUT_FOLDER,
        "zastapione_20261001-120000": labels.SKIP_OUTPUT_FOLDER,
        "przebieg.json": labels.SKIP_OUTPUT,
        **{f"{n}_2026-09.xlsx": labels.SKIP_OUTPUT for n in OUTPUTS},
        "u_saldo.xlsx": labels.SKIP_DEBTS_FILE,
        "v_program.xlsx": labels.SKIP_PROGRAM_FILE,
    }
    assert skipped_rows(out / "salda_2026-10.xlsx") == reasons
    unread = sum(1 for code, _, _ in ODD.values() if code == "FILE_UNREADABLE")
    assert f"Plików: {len(readable(corpus)) + len(ODD)} (nieczytelnych: {unread})" in output
    assert f"Pominięto (nie są kartami pracy): {len(SKIPPED) + len(OTHER_WORKBOOKS)}" in output
    # No annotated copies: none of the odd files holds a timesheet's table (a copy of the
    # programme, with its register, must not go out to a supervisor).
    assert not (out / "do_poprawy").exists()


def test_subprocess_run_prints_no_english_warning(corpus, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    out = tmp_path / "wyniki"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "odpracowanie",
            "reconcile",
            "--program",
            str(corpus.program),
            "--debts",
            str(corpus.debts),
            "--month",
            MONTH,
            "--out",
            str(out),
            str(corpus.everything),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 1, proc.stderr
    for text in (proc.stdout, proc.stderr):
        assert "UserWarning" not in text and "warn(" not in text
        assert_polish(text)
    assert balances(out / "salda_2026-10.xlsx") == credited(*readable(corpus))


def test_big_folder_read_by_child_processes_credits_the_same(corpus, reconcile):
    from odpracowanie.parallel import PARALLEL_MIN_FILES

    folder = corpus.root / "duzy_folder"
    shutil.copytree(corpus.good, folder)
    copies = [f"{n}_{name}" for n in range(3) for name in ODD]
    for name in copies:
        shutil.copy(corpus.odd / name[2:], folder / name)
    assert len(list(folder.iterdir())) >= PARALLEL_MIN_FILES  # read in child processes
    status, output, out = reconcile(folder, out=corpus.root / "wyniki_duzy_folder" / "wyniki")
    assert status == 1, output
    assert_polish(output)
    assert balances(out / "salda_2026-10.xlsx") == credited(*readable(corpus))
    errors = error_rows(out / "bledy_2026-10.xlsx")
    assert sorted((r["Plik"], r["Kod"], r["Komórka"]) for r in errors) == sorted(
        (name, *ODD[name[2:]][:2]) for name in copies
    )


# -- memory ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_huge_sparse_file_is_refused_by_its_size(
    tmp_path, make_timesheet, make_program, make_debts, reconcile
):
    folder = tmp_path / "karty"
    make_timesheet(week_rows("1001"), folder=folder, name="dobra.xlsx")
    with (folder / "ogromna.xlsx").open("wb") as f:
        f.truncate(1_100_000_000)
    assert os.stat(folder / "ogromna.xlsx").st_blocks * 512 < 1_000_000  # no disk used
    program, debts = make_program(), make_debts()
    status, output, out = reconcile(folder, program=program, debts=debts)
    assert status == 1, output
    assert_polish(output)
    errors = error_rows(out / "bledy_2026-10.xlsx")
    assert [(r["Plik"], r["Kod"], r["Komórka"]) for r in errors] == [
        ("ogromna.xlsx", "FILE_UNREADABLE", "")
    ]
    assert "plik ma 1100 MB" in errors[0]["Opis"]
    assert balances(out / "salda_2026-10.xlsx") == {
        "1001": (4748.8, 400),
        "1002": (5000, 400),
        "1003": (5000, 400),
    }
    # the same run in a fresh process: neither it nor its children held the 1,1 GB
    args = [
        "reconcile",
        "--program",
        str(program),
        "--debts",
        str(debts),
        "--month",
        "2026-10",
        "--out",
        str(tmp_path / "drugi"),
        str(folder),
    ]
    grown, children = peak_memory_mb(
        f"main({args!r}, prog_name='odpracowanie')", "from odpracowanie.cli import main"
    )
    assert grown < 200 and children < 400, (grown, children)


# -- an external corpus ------------------------------------------------------------------------


def external_corpus(generated: Path) -> Path:
    """`ODPRACOWANIE_CORPUS`, else ../shared/corpus beside the repository, else the
    generated corpus again."""
    named = os.environ.get("ODPRACOWANIE_CORPUS")
    for folder in (Path(named) if named else None, Path(__file__).parents[2] / "shared" / "corpus"):
        if folder is not None and folder.is_dir():
            return folder
    return generated


def test_every_file_of_a_corpus_is_read_or_reported_once(corpus):
    from odpracowanie.readers.scan import expand_paths

    folder = external_corpus(corpus.everything)
    names = [p.name for p in expand_paths([folder]).files]
    assert names, folder
    _, issues, _ = run_validate(folder, corpus=corpus)
    by_file: dict[str, list[dict]] = {}
    for issue in issues:
        by_file.setdefault(issue["file"], []).append(issue)
        # (a sheet's own name may be English: only the program's words are checked)
        assert_polish(issue["message"].replace(issue["sheet"], "").replace(issue["file"], ""))
        assert INTERNAL not in issue["message"], issue
    assert set(by_file) <= set(names)
    for name in names:
        if name in OTHER_WORKBOOKS:
            continue  # passed over when read (not a timesheet): no issue
        found = by_file.get(name, [])
        level = [i for i in found if i["code"] in FILE_LEVEL]
        assert len(level) <= 1, (name, found)
        if any(i["code"] == "FILE_UNREADABLE" for i in found):
            assert len(found) == 1, (name, found)  # nothing else of a file not read
        if not found:  # read: then as a timesheet with work rows
            sheets, _ = read_timesheet(folder / name)
            assert sheets and sum(len(s.table) for s in sheets) > 0, name
