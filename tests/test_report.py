"""The yearly report (SPEC §9, `odpracowanie report --year`): its totals are the ledger's, per
component, month, unit, work type and office; archives are checked beside it."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOFFICE, lo_convert, sheet_rows

from odpracowanie.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """October and November 2026 of the samples, November on October's ledger."""
    root = tmp_path_factory.mktemp("rok")
    program = str(SAMPLES / "program.xlsx")
    october = _run(
        *("reconcile", "--program", program, "--debts", str(SAMPLES / "zadluzenie.xlsx")),
        *("--month", "2026-10", "--out", str(root / "10"), str(SAMPLES / "2026-10")),
    )
    assert october.exit_code == 0, october.output
    november = _run(
        *("reconcile", "--program", program, "--debts", str(root / "10" / "salda_2026-10.xlsx")),
        *("--month", "2026-11", "--out", str(root / "11"), str(SAMPLES / "2026-11")),
    )
    assert november.exit_code == 0, november.output
    return root


def _ledger_sums(ledger: Path) -> dict[str, Decimal]:
    rows = sheet_rows(ledger, "Historia rozliczeń")
    heads = rows[0]
    sums: dict[str, Decimal] = {}
    for row in rows[1:]:
        line = dict(zip(heads, row, strict=True))
        for head in ("Wartość (zł)", "Na należność główną (zł)", "Na odsetki (zł)"):
            sums[head] = sums.get(head, Decimal(0)) + Decimal(str(line[head]))
    return sums


def test_the_reports_totals_are_the_ledgers(year, tmp_path):
    ledger = year / "11" / "salda_2026-11.xlsx"
    result = _run(
        *("report", "--year", "2026", "--program", str(SAMPLES / "program.xlsx")),
        *("--debts", str(ledger), "--out", str(tmp_path), "--date", "2027-01-15"),
    )
    assert result.exit_code == 0, result.output
    rows = sheet_rows(tmp_path / "raport_2026.xlsx", "Raport roczny")
    values = {r[1]: r[4] for r in rows if r[1] and r[4] is not None}
    sums = _ledger_sums(ledger)
    assert (
        Decimal(str(values["Zaliczono na zadłużenie (zł)"]))
        == sums["Na należność główną (zł)"] + sums["Na odsetki (zł)"]
    )
    assert Decimal(str(values["Zaliczono na zadłużenie (zł)"])) == Decimal("28160.52")
    months = [r for r in rows if r[1] in ("10.2026", "11.2026")]
    assert [(r[1], r[4]) for r in months] == [("10.2026", 14961), ("11.2026", 13199.52)]
    total = next(r for r in rows if r[1] == "Razem")
    assert total[4] == 28160.52
    # per unit and per work type sum to the work value (no transfers in Żyrardów)
    units = [r for r in rows if r[1] in ("PGM", "MOSIR", "ZDIZ", "SP1")]
    assert round(sum(r[4] for r in units), 2) == round(float(sums["Wartość (zł)"]), 2)
    text = " ".join(str(c) for r in rows for c in r if c)
    assert "Agnieszka Szymańska" in text  # her debt worked off in October
    assert "Sprawozdanie z realizacji programu za 2026" in text
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "reports 28 160,52 zł credited" in readme and "three debts worked off" in readme
    assert "Zadłużenia odpracowane w całości: 3" in text


def test_archives_are_checked_and_compared_with_the_ledger(year, tmp_path):
    ledger = year / "11" / "salda_2026-11.xlsx"
    archives = [year / "10" / "archiwum_2026-10.zip", year / "11" / "archiwum_2026-11.zip"]
    result = _run(
        *("report", "--year", "2026", "--program", str(SAMPLES / "program.xlsx")),
        *("--debts", str(ledger), "--out", str(tmp_path)),
        *(a for path in archives for a in ("--archive", str(path))),
    )
    assert result.exit_code == 0, result.output
    rows = sheet_rows(tmp_path / "raport_2026.xlsx", "Archiwa")[1:]
    assert [(r[0], r[1]) for r in rows] == [
        ("archiwum_2026-10.zip", "10.2026"),
        ("archiwum_2026-11.zip", "11.2026"),
    ]
    assert all(r[2].startswith("zgodne") for r in rows), rows


def test_a_year_without_credits_is_refused(year, tmp_path):
    result = _run(
        *("report", "--year", "2025", "--program", str(SAMPLES / "program.xlsx")),
        *("--debts", str(year / "11" / "salda_2026-11.xlsx"), "--out", str(tmp_path)),
    )
    assert result.exit_code == 2 and "2025" in result.output


needs_office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftoppm") is None, reason="LibreOffice not installed"
)


@needs_office
@pytest.mark.slow
def test_the_report_prints_on_a4_with_its_charts(year, tmp_path):
    result = _run(
        *("report", "--year", "2026", "--program", str(SAMPLES / "program.xlsx")),
        *("--debts", str(year / "11" / "salda_2026-11.xlsx"), "--out", str(tmp_path)),
    )
    assert result.exit_code == 0
    pdf = lo_convert(tmp_path / "raport_2026.xlsx", "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "pts (A4)" in info
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    assert 1 <= pages <= 3
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "28 160,52" in printed


def test_an_archive_that_is_not_one_is_said_on_the_screen(year, tmp_path):
    result = _run(
        *("report", "--year", "2026", "--program", str(SAMPLES / "program.xlsx")),
        *("--debts", str(year / "11" / "salda_2026-11.xlsx"), "--out", str(tmp_path)),
        *("--archive", str(SAMPLES / "program.xlsx")),
    )
    assert result.exit_code == 0
    assert "program.xlsx (—): to nie jest archiwum miesiąca programu" in result.output
