"""program.xlsx and the debt workbook: defaults, parameters, rates, exit 2 when unusable."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import D, week_rows

from odpracowanie.cli import main
from odpracowanie.core.model import Params
from odpracowanie.readers.debts import read_debts
from odpracowanie.readers.program import read_program


def test_missing_parameters_take_defaults(make_program):
    result = read_program(make_program(params={}))
    assert result.issues == []
    assert result.program.params == Params()


def test_every_parameter_left_blank_keeps_its_one_default(make_program):
    # One source of the defaults (Params); each of its fields is set by exactly one row of
    # Parametry, and a row left blank keeps the default (or none, for an optional one).
    import dataclasses

    from odpracowanie import labels

    assert sorted(p.field for p in labels.PARAMETERS) == sorted(
        f.name for f in dataclasses.fields(Params)
    )
    result = read_program(make_program(params={p.name: "" for p in labels.PARAMETERS}))
    assert result.issues == []
    assert result.program.params == Params()


def test_parameters_are_read(make_program):
    params = {
        "kolejnosc_zaliczania": "Odsetki, należność główna",
        "max_godzin_tygodniowo": "30",
        "max_kwoty_rocznie": "20 000,00",
        "max_miesiecy_udzialu": 18,
        "miasto": "Kraków",
    }
    program = read_program(make_program(params=params)).program
    assert program.params.allocation_order == ("interest", "principal", "costs")
    assert program.params.max_hours_week == 30
    assert program.params.max_year_grosze == 2_000_000
    assert program.params.max_participation_months == 18
    assert program.params.city == "Kraków"


@pytest.mark.parametrize(
    "params,code,cell",
    [
        ({"max_godzin_tyg": 40}, "PARAM_UNKNOWN", "A2"),
        ({"max_godzin_tygodniowo": "dużo"}, "PARAM_INVALID", "B2"),
        ({"kolejnosc_zaliczania": "najpierw odsetki"}, "PARAM_INVALID", "B2"),
        ({"max_zadluzenia": -5}, "PARAM_INVALID", "B2"),
        ({"email_koordynatora": "koordynator"}, "PARAM_INVALID", "B2"),
    ],
)
def test_bad_parameters_stop_the_run(make_program, make_timesheet, params, code, cell):
    program = make_program(params=params)
    result = read_program(program)
    assert [(i.code, i.sheet, i.cell) for i in result.issues] == [(code, "Parametry", cell)]
    assert result.program is None
    run = CliRunner().invoke(
        main, ["validate", "--program", str(program), str(make_timesheet(week_rows()))]
    )
    assert run.exit_code == 2
    assert f"[{code}]" in run.stderr and "nie nadaje się do użycia" in run.stderr


def test_rate_overlap(make_program):
    rates = [
        ["PORZ", "Porządki", "h", 31.40, D(2026, 1, 1), D(2026, 6, 30)],
        ["PORZ", "Porządki", "h", 32.00, D(2026, 6, 30), None],
        ["ZIEL", "Zieleń", "h", 31.40, D(2026, 1, 1), D(2026, 6, 29)],
        ["ZIEL", "Zieleń", "h", 32.00, D(2026, 6, 30), None],
    ]
    result = read_program(make_program(rates=rates))
    assert [(i.code, i.cell) for i in result.issues] == [("RATE_OVERLAP", "E3")]
    assert result.program is None


def test_rate_must_be_positive_and_periods_ordered(make_program):
    rates = [
        ["PORZ", "Porządki", "h", 0, D(2026, 1, 1), None],
        ["ZIEL", "Zieleń", "h", 31.4, D(2026, 6, 1), D(2026, 5, 1)],
        ["REM", "Remonty", "kg", 31.4, D(2026, 6, 1), None],
    ]
    result = read_program(make_program(rates=rates))
    assert [(i.code, i.cell) for i in result.issues] == [
        ("UNIT_INVALID", "C4"),
        ("VALUE_INVALID", "D2"),
        ("VALUE_INVALID", "F3"),
    ]


def test_missing_sheet_is_header_missing(tmp_path):
    import openpyxl

    path = tmp_path / "program.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Parametry"
    book.save(path)
    result = read_program(path)
    assert result.program is None
    assert [(i.code, i.sheet) for i in result.issues][:2] == [
        ("HEADER_MISSING", "Parametry"),
        ("HEADER_MISSING", ""),
    ]
    assert "Brak arkusza Stawki" in result.issues[1].message


def test_register_status_must_be_known(make_program):
    result = read_program(make_program(participants=[{"account": "1001", "status": "aktywny"}]))
    assert [(i.code, i.cell, i.account) for i in result.issues] == [("VALUE_INVALID", "H2", "1001")]
    assert "uczestnik" in result.issues[0].message
    assert result.program is not None and result.broken_accounts == {"1001"}


def test_debts_are_exact_grosze(make_debts):
    debts = read_debts(
        make_debts(
            [
                ["1001", "Jan Kowalski", "", 1234.56, "0,10", D(2026, 9, 30)],
                [1002.0, "Anna Nowak", "", 0.3, 0.0, None],
            ]
        )
    ).debts
    assert debts.accounts["1001"].principal == 123456
    assert debts.accounts["1001"].interest == 10
    assert debts.accounts["1002"].principal == 30


@pytest.mark.parametrize(
    "rows,code",
    [
        ([["1001", "Jan", "", -1, 0, None]], "VALUE_INVALID"),
        ([["1001", "Jan", "", 1, 0, None], [1001, "Jan", "", 2, 0, None]], "DUPLICATE_ACCOUNT"),
        ([["1001", "Jan", "", "dużo", 0, None]], "NUMBER_INVALID"),
        ([["1001", None, "", 5, 0, None]], "VALUE_MISSING"),
    ],
)
def test_bad_debt_workbook_stops_the_run(make_debts, make_timesheet, rows, code):
    debts = make_debts(rows)
    result = read_debts(debts)
    assert result.debts is None and [i.code for i in result.issues] == [code]
    run = CliRunner().invoke(
        main, ["validate", "--debts", str(debts), str(make_timesheet(week_rows()))]
    )
    assert run.exit_code == 2


def test_a_bad_parameter_is_said_in_grammatical_polish(make_program):
    issue = read_program(make_program(params={"max_godzin_tygodniowo": "dużo"})).issues[0]
    assert issue.message == (
        "Nieprawidłowa wartość parametru max_godzin_tygodniowo: „dużo”; "
        "dozwolona wartość: liczba całkowita ≥ 0."
    )
    issue = read_program(make_program(params={"email_nadawcy": "pgm(at)example.pl"})).issues[0]
    assert "dozwolona wartość: adres e-mail" in issue.message
