"""`odpracowanie templates`: the blank workbooks, and that input_templates/ is what it writes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import TIMESHEET_HEADERS, D

from odpracowanie.cli import main
from odpracowanie.core.validation import validate_month
from odpracowanie.labels import TEMPLATE_VERSION
from odpracowanie.readers.program import read_program
from odpracowanie.readers.timesheet import read_timesheet
from odpracowanie.writers.templates import (
    FIRST_ROW,
    Formula,
    TimesheetFill,
    default_program,
    write_timesheet,
)

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("program.xlsx", "zadluzenie.xlsx", "karta_pracy.xlsx")


def _cells(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    content = {name: str(book.defined_names[name].attr_text) for name in book.defined_names}
    for sheet in book.worksheets:
        content[sheet.title] = [[c.value for c in row] for row in sheet.iter_rows()]
    return content


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wzory")
    result = CliRunner().invoke(main, ["templates", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", NAMES)
def test_input_templates_equal_what_the_command_writes(written, name):
    assert _cells(ROOT / "input_templates" / name) == _cells(written / name)


def test_timesheet_structure(written):
    book = openpyxl.load_workbook(written / "karta_pracy.xlsx")
    assert book.sheetnames == ["Rozliczenie", "Listy"]
    assert book["Listy"].sheet_state == "hidden"
    assert book.defined_names["wersja_szablonu"].attr_text == f'"{TEMPLATE_VERSION}"'
    sheet = book["Rozliczenie"]
    assert [c.value for c in sheet[FIRST_ROW - 1]] == list(TIMESHEET_HEADERS)
    rate, value = sheet[f"J{FIRST_ROW}"].value, sheet[f"K{FIRST_ROW}"].value
    assert rate.startswith("=IF(") and "SUMIFS(stawki_kwota" in rate and "COUNTIFS(" in rate
    h, i, j = (f"{c}{FIRST_ROW}" for c in "HIJ")
    time = ",".join(f'CELL("format",{h})="D{n}"' for n in (6, 7, 8, 9))
    assert value == (
        f'=IF(OR({h}="",{j}=""),"",ROUND(IF(OR({time}),{h}*24,IF({i}="min",{h}/60,{h}))*{j},2))'
    )
    for text in (rate, value, sheet[f"G{FIRST_ROW}"].value):
        assert not any(f in text.upper() for f in ("XLOOKUP", "LET(", "FILTER(", "_XLFN"))
    # No protection: rows can be inserted, deleted and sorted in Excel and LibreOffice.
    assert not sheet.protection.sheet
    # 300 rows with formulas; those past the 50th folded in an outline group, not lost
    last = FIRST_ROW + 299
    assert sheet[f"K{last}"].value.startswith(f'=IF(OR(H{last}=""')
    assert sheet.row_dimensions[FIRST_ROW + 49].outlineLevel == 0
    assert sheet.row_dimensions[FIRST_ROW + 50].outlineLevel == 1
    assert sheet.row_dimensions[FIRST_ROW + 50].hidden
    razem = next(r for r in sheet.iter_rows() if r[0].value == "Razem")
    assert razem[0].row == last + 1
    assert razem[10].value == f"=SUM(K{FIRST_ROW}:K{last})"
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {
        "data i podpis osoby nadzorującej",
        "Jednostka organizacyjna:",
        "Miesiąc rozliczenia:",
    } <= texts
    # drop-downs for work codes, units, TAK/NIE and the unit code in the header
    sources = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert {"kody_prac", "jednostki_miary", "tak_nie", "jednostki_org"} <= sources
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${FIRST_ROW - 1}:${FIRST_ROW - 1}"


def test_program_template_has_defaults_and_instructions(written):
    result = read_program(written / "program.xlsx")
    assert result.issues == [] and result.program is not None
    assert {r.code for r in result.program.rates} == {"PORZ", "ZIEL", "REM", "ODSN"}
    book = openpyxl.load_workbook(written / "program.xlsx")
    assert book.sheetnames == [
        "Parametry",
        "Stawki",
        "Jednostki",
        "Uczestnicy",
        "Upoważnieni",
        "Nazwy kolumn",
        "Skierowania",
        "Oferty",
        "Instrukcja",
    ]
    # the coordinator's log comes empty: not kept until the office fills it
    assert result.program.referrals is None and result.program.offers is None
    params = {r[0].value: r[1].value for r in book["Parametry"].iter_rows(min_row=2)}
    assert params["max_godzin_tygodniowo"] == 40
    assert params["kolejnosc_zaliczania"] == "należność główna, odsetki"


def test_templates_from_a_program_carry_its_lists(tmp_path, make_program):
    program = make_program()
    result = CliRunner().invoke(
        main, ["templates", str(tmp_path / "out"), "--program", str(program)]
    )
    assert result.exit_code == 0
    lists = openpyxl.load_workbook(tmp_path / "out" / "karta_pracy.xlsx")["Listy"]
    column = {c.value for c in lists["K"]}
    assert {"1001", "1002", "1003"} <= column  # the participants' accounts
    assert {c.value for c in lists["H"]} >= {"PGM"}
    # templates go to supervisors: no names or PESEL from the register
    texts = {
        c.value
        for ws in openpyxl.load_workbook(tmp_path / "out" / "karta_pracy.xlsx")
        for row in ws.iter_rows()
        for c in row
    }
    assert "Jan Kowalski" not in texts
    blank = read_program(tmp_path / "out" / "program.xlsx").program
    assert blank.participants == () and blank.proxies == ()
    assert [u.code for u in blank.units] == ["PGM"]


def test_templates_never_overwrite_without_force(tmp_path, make_program):
    program = make_program()
    before = program.read_bytes()
    result = CliRunner().invoke(
        main, ["templates", str(program.parent), "--program", str(program), "--force"]
    )
    assert result.exit_code == 2 and "nadpisałby plik programu" in result.stderr
    assert program.read_bytes() == before
    out = tmp_path / "wzory"
    assert CliRunner().invoke(main, ["templates", str(out)]).exit_code == 0
    stamp = (out / "program.xlsx").stat().st_mtime_ns
    again = CliRunner().invoke(main, ["templates", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (out / "program.xlsx").stat().st_mtime_ns == stamp
    assert CliRunner().invoke(main, ["templates", str(out), "--force"]).exit_code == 0


def test_a_filled_template_validates_clean(tmp_path, make_program):
    program = read_program(make_program()).program
    rows = [
        {
            "date": D(2026, 10, d),
            "account": "1001",
            "debtor": "Jan Kowalski",
            "code": "PORZ",
            "qty": 4,
            "unit": "h",
            "protocol": f"P/{d}",
            "accepted": "TAK",
        }
        for d in (5, 7)
    ]
    rows += [
        {
            "date": D(2026, 10, d),
            "account": "1001",
            "code": "REM",
            "qty": 90 * n,
            "unit": "min",
            "protocol": f"P/{d}",
            "accepted": "TAK",
            "rate": Formula,
        }
        for d, n in ((16, 1), (12, 5))
    ]
    path = tmp_path / "karta.xlsx"
    write_timesheet(path, program, TimesheetFill("PGM", "B. Z.", "2026-10", D(2026, 11, 2), rows))
    sheets, issues = read_timesheet(path)
    assert issues == []
    result = validate_month(sheets, program=program, month=(2026, 10))
    assert result.issues == []
    # the cached values Excel would show: 4 h × 31,40, 1,5 h × 36,50 and 7,5 h × 35,00
    # (REM costs 35,00 zł until 15.10 and 36,50 zł from 16.10)
    assert result.work["value_given"].tolist() == [12560, 12560, 5475, 26250]
    assert result.work["rate_given"].tolist() == [3140, 3140, 3650, 3500]


def test_default_program_rates_are_exact():
    rates = {(r.code, r.valid_from): r.grosze for r in default_program().rates}
    assert rates[("PORZ", D(2026, 1, 1))] == 3140
    assert rates[("PORZ", D(2025, 1, 1))] == 3050
