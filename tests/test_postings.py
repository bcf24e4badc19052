"""Postings for the finance system (SPEC §8): `ksiegowanie_…csv` for FK's import and the
polecenie księgowania to print, from every run that credits or reverses; totals equal what the
ledger records as credited, to the grosz."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SOFFICE, lo_convert, sheet_rows, week_rows, work_row
from python_calamine import CalamineWorkbook

from odpracowanie.cli import main
from odpracowanie.core.postings import Posting, PostingOrder
from odpracowanie.writers.outputs import write_postings_csv

HEADS = ["Nr dokumentu", "Data", "Nr konta", "Dłużnik", "Składnik", "Kwota", "Opis"]


def _month(make_timesheet, make_program, make_debts, reconcile, tmp_path) -> Path:
    """1001 owes 100,00 zł principal (its 376,80 zł reaches interest), 1002 5 000,00 zł,
    1003's month is withheld (a wrong rate)."""
    debts = make_debts(
        [
            ["1001", "Jan Kowalski", "ul. A 1", 100.0, 400.0, dt.date(2026, 9, 30)],
            ["1002", "Anna Nowak", "ul. B 2", 5000.0, 400.0, dt.date(2026, 9, 30)],
            ["1003", "Piotr Zieliński", "ul. C 3", 5000.0, 400.0, dt.date(2026, 9, 30)],
        ]
    )
    rows = [work_row(5), *week_rows(), *week_rows("1002"), work_row(8, "1003", rate=30.0)]
    code, output, out = reconcile(
        make_timesheet(rows), program=make_program(), debts=debts, out=tmp_path / "m"
    )
    assert code == 1, output  # 1003's error
    return out


def _csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    return [line.split(";") for line in data.decode("cp1250").split("\r\n")[:-1]]


def _credited(ledger: Path, month: str) -> dict[tuple[str, str], Decimal]:
    """(account, component) -> what `Historia rozliczeń` records for `month`, in zł."""
    out: dict[tuple[str, str], Decimal] = {}
    for row in sheet_rows(ledger, "Historia rozliczeń")[1:]:
        if row[0] == month:
            for component, value in (("należność główna", row[7]), ("odsetki", row[8])):
                key = (row[1], component)
                out[key] = out.get(key, Decimal(0)) + Decimal(str(value))
    return {k: v for k, v in out.items() if v}


def _amounts(lines: list[list[str]]) -> dict[tuple[str, str], Decimal]:
    return {(r[2], r[4]): Decimal(r[5].replace(",", ".")) for r in lines[1:]}


def test_a_run_books_each_account_and_component_it_credited(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path)
    lines = _csv(out / "ksiegowanie_2026-10.csv")
    assert lines[0] == HEADS
    today = dt.date.today().strftime("%d.%m.%Y")
    assert [r[:5] for r in lines[1:]] == [
        ["PK/ODPR/2026-10/1", today, "1001", "Jan Kowalski", "należność główna"],
        ["PK/ODPR/2026-10/1", today, "1001", "Jan Kowalski", "odsetki"],
        ["PK/ODPR/2026-10/1", today, "1002", "Anna Nowak", "należność główna"],
    ]  # 1003 withheld: nothing to book
    assert _amounts(lines) == {
        ("1001", "należność główna"): Decimal("100.00"),
        ("1001", "odsetki"): Decimal("276.80"),
        ("1002", "należność główna"): Decimal("251.20"),
    }
    assert _amounts(lines) == _credited(out / "salda_2026-10.xlsx", "2026-10")
    assert lines[2][6] == "Odpracowanie zaległości za 10.2026: odsetki"


def test_the_printed_order_has_the_fields_of_art_21_and_the_summarys_totals(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path)
    book = openpyxl.load_workbook(out / "ksiegowanie_2026-10.xlsx")
    sheet = book.active
    assert sheet.title == "Polecenie księgowania"
    assert sheet.page_setup.paperSize == 9  # A4
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "POLECENIE KSIĘGOWANIA nr PK/ODPR/2026-10/1"
    facts = {row[0]: row[2] for row in cells[2:8]}
    assert set(facts) == {
        "Wystawił",
        "Data wystawienia",
        "Data operacji",
        "Opis operacji",
        "Strony operacji",
        "Podstawa",
    }
    assert "2 kont, 20 h" in facts["Opis operacji"]
    assert facts["Data operacji"] == "miesiąc 10.2026 (ostatni dzień: 31.10.2026)"
    total = next(row for row in cells if row[0] == "Razem")
    assert total[4:8] == [20, 351.2, 276.8, 628]
    # the summary's total of the month, to the grosz
    summary = CalamineWorkbook.from_path(out / "zestawienie_2026-10.xlsx")
    rows = summary.get_sheet_by_name(summary.sheet_names[0]).to_python()
    credited = next(r for r in rows if len(r) > 2 and r[2] == "Razem")
    assert credited[4:7] == [628, 351.2, 276.8]  # value, to principal, to interest
    text = " ".join(str(v) for row in cells for v in row if v)
    for words in ("wystawił (data i podpis)", "zatwierdził do księgowania", "Konto Wn"):
        assert words in text


needs_office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed",
)


@needs_office
def test_a_polish_spreadsheet_reads_the_csv_as_numbers_and_prints_the_order(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path)
    # LibreOffice with a Polish locale, the import a Polish Excel does: `;`, Windows-1250
    book = lo_convert(
        out / "ksiegowanie_2026-10.csv",
        "xlsx",
        tmp_path / "lo",
        locale="pl_PL.UTF-8",
        infilter="CSV:59,34,33,1,,1045",
    )
    read = CalamineWorkbook.from_path(book)
    rows = read.get_sheet_by_name(read.sheet_names[0]).to_python()
    assert [str(v) for v in rows[0]] == HEADS
    assert [(r[3], r[4], r[5]) for r in rows[1:]] == [
        ("Jan Kowalski", "należność główna", 100.0),
        ("Jan Kowalski", "odsetki", 276.8),
        ("Anna Nowak", "należność główna", 251.2),
    ]
    assert rows[1][1] == dt.date.today()
    # the order prints on one A4 page with Polish amounts
    pdf = lo_convert(out / "ksiegowanie_2026-10.xlsx", "pdf", tmp_path / "pdf", "pl_PL.UTF-8")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("\f") == 1
    assert "POLECENIE KSIĘGOWANIA nr PK/ODPR/2026-10/1" in text
    assert "276,80 zł" in text and "628,00 zł" in text


def test_a_correction_and_a_rejection_book_negative_amounts(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path)
    program = str(tmp_path / "program.xlsx")
    ledger = str(out / "salda_2026-10.xlsx")
    corrected = CliRunner().invoke(
        main,
        [
            *("correct", "--program", program, "--debts", ledger, "--out", str(tmp_path / "k")),
            *("--reason", "błąd", "--document", "K/7/2026", "--account", "1001"),
            *("--month", "2026-10"),
        ],
    )
    assert corrected.exit_code == 0, corrected.output
    # the correction's ledger is October's second: its postings are document PK/ODPR/2026-10/2,
    # and each line names the correction it carries out
    lines = _csv(tmp_path / "k" / "ksiegowanie_2026-10_2.csv")
    assert [(r[0], r[2], r[4], r[5]) for r in lines[1:]] == [
        ("PK/ODPR/2026-10/2", "1001", "należność główna", "-100,00"),
        ("PK/ODPR/2026-10/2", "1001", "odsetki", "-276,80"),
    ]
    assert lines[1][6] == "Korekta odpracowania za 10.2026 (K/7/2026): należność główna"
    order = openpyxl.load_workbook(tmp_path / "k" / "ksiegowanie_2026-10_2.xlsx").active
    assert order["A1"].value == "POLECENIE KSIĘGOWANIA nr PK/ODPR/2026-10/2"
    rejected = CliRunner().invoke(
        main,
        [
            *("approve", "--program", program, "--debts", ledger, "--out", str(tmp_path / "z")),
            *("--month", "2026-10", "--decision", "Zarządzenie 12/2026", "--date", "2026-11-20"),
            *("--reject", "1002"),
        ],
    )
    assert rejected.exit_code == 0, rejected.output
    # made from the same ledger as the correction beside it: another branch, numbered after
    # it, so that the two documents never share a number
    [posting] = list((tmp_path / "z").glob("ksiegowanie_*.csv"))
    assert posting.name == "ksiegowanie_2026-10_3.csv"
    assert [(r[0], r[2], r[5], r[6]) for r in _csv(posting)[1:]] == [
        (
            "PK/ODPR/2026-10/3",
            "1002",
            "-251,20",
            "Korekta odpracowania za 10.2026 (Zarządzenie 12/2026): należność główna",
        )
    ]


def test_a_run_that_credits_nothing_books_nothing(
    make_timesheet, make_program, reconcile, tmp_path
):
    code, _, out = reconcile(make_timesheet([work_row(5, rate=30.0)]), program=make_program())
    assert code == 1
    assert not list(out.glob("ksiegowanie_*"))
    assert (out / "salda_2026-10.xlsx").exists()


# SPEC §6 (OWASP's rule for CSV injection): a text field a spreadsheet would start a formula
# with gets an apostrophe; an amount never does.
HOSTILE_DEBTORS = {
    "2001": '=HYPERLINK("http://x","y")',
    "2002": "+48 600 100 200",
    "2003": "-",
    "2004": "@SUM(1)",
    "2005": "\tKowalski",
    "2006": "\rNowak",
    "2007": "Jan Kowalski",
}


def _hostile_order(
    *, reversal: bool = False, document: str = "PK/ODPR/2026-10/1", reference: str = ""
) -> PostingOrder:
    sign = -1 if reversal else 1
    lines = tuple(
        Posting("2026-10", account, name, "principal", sign * 1234, sign * 400)
        for account, name in HOSTILE_DEBTORS.items()
    )
    return PostingOrder(document, dt.date(2026, 11, 5), (2026, 10), reversal, lines, reference)


def _csv_fields(path: Path) -> list[list[str]]:
    """The CSV's rows as a CSV reader gives them (a quoted field may hold a CR or a tab)."""
    text = path.read_bytes().decode("cp1250")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_text_starting_a_formula_gets_an_apostrophe_and_amounts_stay_numbers(tmp_path):
    path = tmp_path / "ksiegowanie_2026-10.csv"
    write_postings_csv(path, _hostile_order())
    rows = _csv_fields(path)
    assert rows[0] == HEADS
    assert [r[3] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x","y")',
        "'+48 600 100 200",
        "'-",
        "'@SUM(1)",
        "'\tKowalski",
        "'\rNowak",
        "Jan Kowalski",  # an ordinary name untouched
    ]
    assert {r[5] for r in rows[1:]} == {"12,34"}
    assert rows[1][:3] == ["PK/ODPR/2026-10/1", "05.11.2026", "2001"]


def test_csv_reversal_keeps_negative_amounts_as_numbers_and_quotes_the_document(tmp_path):
    path = tmp_path / "ksiegowanie_2026-10_K.csv"
    order = _hostile_order(reversal=True, document="=PK/2", reference="=K/7/2026")
    write_postings_csv(path, order)
    rows = _csv_fields(path)
    assert {r[5] for r in rows[1:]} == {"-12,34"}  # Kwota: a number, no apostrophe
    assert {r[0] for r in rows[1:]} == {"'=PK/2"}  # the document's number is text
    assert rows[1][6] == "Korekta odpracowania za 10.2026 (=K/7/2026): należność główna"


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_a_formula_looking_name_as_text_and_kwota_as_a_number(tmp_path):
    """What the finance clerk sees: the postings opened in LibreOffice as a Polish spreadsheet
    opens them (`;`, Windows-1250), then read back with openpyxl: no cell is a formula."""
    path = tmp_path / "ksiegowanie_2026-10.csv"
    write_postings_csv(path, _hostile_order(reversal=True))
    book = lo_convert(
        path, "xlsx", tmp_path / "lo", locale="pl_PL.UTF-8", infilter="CSV:59,34,33,1,,1045"
    )
    sheet = openpyxl.load_workbook(book).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(HOSTILE_DEBTORS)
    formulas = [c.coordinate for row in rows for c in row if c.data_type == "f"]
    assert formulas == []
    names = [row[3] for row in rows]
    assert all(c.data_type == "s" for c in names)
    assert names[0].value.endswith('=HYPERLINK("http://x","y")')
    assert names[-1].value == "Jan Kowalski"
    assert [row[5].value for row in rows] == [-12.34] * len(HOSTILE_DEBTORS)
    assert all(row[5].data_type == "n" for row in rows)
