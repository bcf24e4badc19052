"""The timesheet template in a real spreadsheet program: LibreOffice recalculates the formulas
and prints the page on A4. `.ci/run` installs LibreOffice where it can; without it these tests
are skipped with that reason."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from conftest import SOFFICE, lo_convert

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def test_template_formulas_compute_in_libreoffice(tmp_path):
    book = openpyxl.load_workbook(ROOT / "input_templates" / "karta_pracy.xlsx")
    sheet = book["Rozliczenie"]
    rows = [
        (dt.date(2026, 10, 5), "PORZ", 7.5, "h"),
        (dt.date(2025, 12, 31), "PORZ", 4, "h"),
        (dt.date(2026, 10, 16), "REM", 90, "min"),
        (dt.date(2026, 10, 16), "XXX", 2, "h"),
        (dt.date(2026, 10, 6), "PORZ", dt.time(7, 30), "h"),
    ]
    for offset, (day, code, qty, unit) in enumerate(rows):
        row = 13 + offset
        sheet[f"B{row}"], sheet[f"F{row}"], sheet[f"H{row}"], sheet[f"I{row}"] = (
            day,
            code,
            qty,
            unit,
        )
        if isinstance(qty, dt.time):
            sheet[f"H{row}"].number_format = "hh:mm"
    last = 12 + 300  # the template's last table row
    sheet[f"B{last}"], sheet[f"F{last}"], sheet[f"H{last}"], sheet[f"I{last}"] = (
        dt.date(2026, 10, 7),
        "PORZ",
        1,
        "h",
    )
    filled = tmp_path / "wypelniona.xlsx"
    book.save(filled)  # openpyxl keeps formulas but no values: LibreOffice must compute them
    again = lo_convert(filled, "xlsx", tmp_path / "lo")
    cells = (
        python_calamine.CalamineWorkbook.from_path(again)
        .get_sheet_by_name("Rozliczenie")
        .to_python(skip_empty_area=False)
    )
    got = [(r[0], r[9], r[10]) for r in cells[12:17]]
    # 7,5 h × 31,40; 4 h × 30,50 (the 2025 rate); 90 min × 35,00; an unknown code: empty;
    # 07:30 typed as a time is 7,5 h too
    assert got == [
        (1.0, 31.4, 235.5),
        (2.0, 30.5, 122.0),
        (3.0, 35.0, 52.5),
        (4.0, "", ""),
        (5.0, 31.4, 235.5),
    ]
    assert (cells[last - 1][0], cells[last - 1][10]) == (300.0, 31.4)
    total = next(r for r in cells if r[0] == "Razem")
    assert total[10] == 676.9  # the sum covers every row of the table, the last one too


def test_filled_timesheet_prints_on_one_a4_page(tmp_path):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) not installed")
    pdf = lo_convert(ROOT / "samples" / "2026-10" / "karta_PGM_2026-10.xlsx", "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60)
    assert "Pages:           1" in info.stdout
    assert "(A4)" in info.stdout


def _pdfinfo(pdf: Path) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) not installed")
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout


def _reconcile_sample(month: str, out: Path, *extra: str) -> None:
    from click.testing import CliRunner

    from odpracowanie.cli import main

    samples = ROOT / "samples"
    result = CliRunner().invoke(
        main,
        [
            "reconcile",
            "--program",
            str(samples / "program.xlsx"),
            "--debts",
            str(samples / "zadluzenie.xlsx"),
            "--month",
            month,
            "--out",
            str(out),
            *extra,
            str(samples / month),
        ],
    )
    assert result.exit_code == 0, result.output


def test_outputs_print_one_card_per_debtor_and_summary_on_a4(tmp_path):
    out = tmp_path / "wyniki"
    _reconcile_sample("2026-10", out)
    debtors = len(openpyxl.load_workbook(out / "karty_dluznikow_2026-10.xlsx").sheetnames)
    cards = _pdfinfo(lo_convert(out / "karty_dluznikow_2026-10.xlsx", "pdf", tmp_path / "pdf"))
    assert f"Pages:           {debtors}\n" in cards and "(A4)" in cards
    # the debtors with the signature lines, then the sums and charts on a page of their own
    summary = _pdfinfo(lo_convert(out / "zestawienie_2026-10.xlsx", "pdf", tmp_path / "pdf"))
    assert "Pages:           2\n" in summary and "(A4)" in summary


def test_reconcile_pdf_prints_cards_and_summary(tmp_path):
    # (the November samples are reconciled on the October ledger: fine for printing)
    out = tmp_path / "wyniki"
    _reconcile_sample("2026-11", out, "--pdf")
    debtors = len(openpyxl.load_workbook(out / "karty_dluznikow_2026-11.xlsx").sheetnames)
    assert f"Pages:           {debtors}\n" in _pdfinfo(out / "karty_dluznikow_2026-11.pdf")
    assert (out / "zestawienie_2026-11.pdf").read_bytes().startswith(b"%PDF")
