"""What people read on paper (issue 13): the month's outputs printed by LibreOffice under an
English and a Polish locale, read back with pdftotext — Polish numbers, no issue codes on the
pages for the Mayor and the debtors, every column printed, `bledy_` within its pages' width."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SOFFICE, lo_convert

from odpracowanie.cli import main
from odpracowanie.issues import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed",
)
CODE = re.compile(r"\b(" + "|".join(CATALOGUE) + r")\b")
ENGLISH_NUMBER = re.compile(r"\d,\d{3}\.\d{2}|\d\.\d{2} zł")


def _pages(book: Path, out: Path, locale: str) -> list[str]:
    """`book` printed to PDF by LibreOffice under `locale`, as the text of each page."""
    out.mkdir(parents=True, exist_ok=True)
    pdf = lo_convert(book, "pdf", out, locale=locale)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return text.split("\f")[:-1]


def _month(
    out: Path,
    *timesheets: Path,
    program: Path = SAMPLES / "program.xlsx",
    debts: Path = SAMPLES / "zadluzenie.xlsx",
    extra: tuple[str, ...] = (),
) -> Path:
    result = CliRunner().invoke(
        main,
        [
            "reconcile",
            "--program",
            str(program),
            "--debts",
            str(debts),
            "--month",
            "2026-10",
            "--out",
            str(out),
            *extra,
            *map(str, timesheets),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return out


@pytest.fixture(scope="module")
def month_with_errors(tmp_path_factory) -> Path:
    return _month(tmp_path_factory.mktemp("m") / "wyniki", SAMPLES / "2026-10", SAMPLES / "bledne")


@pytest.mark.parametrize("locale", ["en_US.UTF-8", "pl_PL.UTF-8"])
def test_the_summary_prints_polish_words_and_numbers(month_with_errors, tmp_path, locale):
    pages = _pages(month_with_errors / "zestawienie_2026-10.xlsx", tmp_path, locale)
    text = "\n".join(pages)
    assert len(pages) == 2  # the debtors with the signatures; the sums and charts
    assert not CODE.findall(text), CODE.findall(text)
    assert not ENGLISH_NUMBER.findall(text), ENGLISH_NUMBER.findall(text)
    assert "1 130,40 zł" in pages[0]  # Stanisław Wiśniewski's October
    assert "nieprawidłowa data pracy;" in pages[0]  # why Jan Kowalski's month waits
    assert "Podstawa: Program spłaty zadłużenia" in pages[0]
    assert "zatwierdzam: Prezydent Miasta" in pages[0]
    # work-type names whole, not cut at the column's edge
    assert "schodowych)" in pages[1] and "Pielęgnacja zieleni (h)" in pages[1]


@pytest.mark.parametrize("locale", ["en_US.UTF-8", "pl_PL.UTF-8"])
def test_each_debtor_card_is_one_page_with_every_column(month_with_errors, tmp_path, locale):
    book = month_with_errors / "karty_dluznikow_2026-10.xlsx"
    pages = _pages(book, tmp_path, locale)
    assert len(pages) == len(openpyxl.load_workbook(book).sheetnames)
    for page in pages:
        assert not CODE.findall(page), CODE.findall(page)
        assert not ENGLISH_NUMBER.findall(page), ENGLISH_NUMBER.findall(page)
        assert "Odsetki po (zł)" in page  # the last column is inside the print area
        assert "przy przystąpieniu" in page and "przed rozliczeniem za 10.2026" in page
        assert "data i podpis dłużnika" in page
    withheld = next(p for p in pages if "Jan Kowalski" in p)
    assert "nie została w tym rozliczeniu zaliczona" in withheld
    assert "bledy_" not in withheld  # a file the debtor never sees


def test_the_error_report_fits_its_pages_width(month_with_errors, tmp_path):
    pages = _pages(month_with_errors / "bledy_2026-10.xlsx", tmp_path, "en_US.UTF-8")
    errors = [p for p in pages if "Komórka" in p]
    assert errors, pages[:1]
    for page in errors:  # every page has the heads, file and cell beside the message
        heads = next(line for line in page.splitlines() if "Komórka" in line)
        assert re.search(
            r"Plik\s+Arkusz\s+Komórka\s+Wiersz\s+Kolumna\s+Nr konta\s+Waga\s+Kod"
            r"\s+Opis",
            heads,
        ), heads
    assert "Nieprawidłowa data" in "\n".join(errors)


def test_krakow_card_prints_interest_after_too(tmp_path):
    krakow = SAMPLES / "krakow"
    out = tmp_path / "wyniki"
    result = CliRunner().invoke(
        main,
        [
            "reconcile",
            "--program",
            str(krakow / "program.xlsx"),
            "--debts",
            str(krakow / "zadluzenie.xlsx"),
            "--month",
            "2026-10",
            "--payments",
            str(krakow / "wplaty_2026-10.xlsx"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    pages = _pages(out / "karty_dluznikow_2026-10.xlsx", tmp_path / "pdf", "en_US.UTF-8")
    assert pages and all("Odsetki po (zł)" in p and "W tym wpłaty (zł)" in p for p in pages)
    summary = "\n".join(_pages(out / "zestawienie_2026-10.xlsx", tmp_path / "pdf", "en_US.UTF-8"))
    assert "§5.20" not in summary and "Centrum Integracji Społecznej" in summary


def test_a_marked_copy_prints_what_its_comments_say(month_with_errors, tmp_path):
    """Comments do not print: the copy's last sheet lists each marked cell and what to
    correct; the copy sent back corrected reads as before (that sheet is no timesheet)."""
    from odpracowanie.readers.timesheet import read_timesheet

    copy = month_with_errors / "do_poprawy" / "karta_MOSIR_bledy.xlsx"
    text = "\n".join(_pages(copy, tmp_path, "en_US.UTF-8"))
    assert "Uwagi do poprawy" in text and "Co poprawić" in text
    assert re.search(r"Rozliczenie\s+J13\s+Stawka 30,00 zł ≠ stawka PGM 31,40 zł", text), text
    assert not CODE.findall(text.split("Co poprawić")[1])
    # every message whole on the page, the long ones wrapped (a row too low would cut them)
    printed = " ".join(text.split("Co poprawić")[1].split())
    notes = openpyxl.load_workbook(copy)["Uwagi do poprawy"]
    messages = [r[2] for r in notes.iter_rows(min_row=4, values_only=True)]
    assert max(map(len, messages)) > 100
    for message in messages:
        assert " ".join(message.split()) in printed, message
    sheets, issues = read_timesheet(copy)
    original, _ = read_timesheet(SAMPLES / "bledne" / "karta_MOSIR_bledy.xlsx")
    assert [s.sheet for s in sheets] == [s.sheet for s in original] == ["Rozliczenie"]
    assert len(sheets[0].table) == len(original[0].table)
    assert not [i for i in issues if i.code == "HEADER_MISSING"]


def test_a_copy_rebuilt_from_an_ods_lists_its_marks_too(tmp_path):
    """An .ods timesheet (made by LibreOffice) is copied by rebuilding its cells: the notes
    sheet is there as well."""
    env = {**os.environ, "LANG": "pl_PL.UTF-8", "LC_ALL": "pl_PL.UTF-8"}
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{(tmp_path / 'p').as_posix()}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(SAMPLES / "bledne" / "karta_MOSIR_bledy.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    ods = tmp_path / "karta_MOSIR_bledy.ods"
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--program",
            str(SAMPLES / "program.xlsx"),
            "--debts",
            str(SAMPLES / "zadluzenie.xlsx"),
            "--format",
            "json",
            "--annotate",
            str(tmp_path / "kopie"),
            str(ods),
        ],
    )
    assert result.exit_code == 1, result.output
    issues = json.loads(result.stdout)
    copy = openpyxl.load_workbook(tmp_path / "kopie" / "karta_MOSIR_bledy.xlsx")
    assert copy.sheetnames == ["Rozliczenie", "Listy", "Uwagi do poprawy"]
    notes = [tuple(r) for r in copy["Uwagi do poprawy"].iter_rows(min_row=4, values_only=True)]
    assert len(notes) == len(issues)  # every issue, once
    rate = next(n for n in notes if n[:2] == ("Rozliczenie", "J13"))
    assert rate[2].startswith("Stawka 30,00 zł ≠ stawka PGM 31,40 zł")
