"""Odd input found in review: each once gave a traceback or one cause with several issues."""

from __future__ import annotations

import datetime as dt

from conftest import D, codes, found, week_rows, work_row


def test_year_typo_is_a_date_error_not_a_crash(make_timesheet, validate):
    rows = [work_row(5, date="07.10.3026"), work_row(6, date=dt.date(3026, 10, 7)), *week_rows()]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [
        ("DATE_INVALID", "Rozliczenie", "B8", "1001"),
        ("DATE_INVALID", "Rozliczenie", "B9", "1001"),
    ]


def test_unreadable_date_with_register_gaps_does_not_crash(make_program, make_timesheet, validate):
    program = make_program(participants=[{"account": "1001", "agreement_on": None, "bhp_on": None}])
    rows = [work_row(5, date="31.10.2O26"), work_row(6), work_row(7)]
    status, issues = validate(make_timesheet(rows), program=program)
    assert codes(issues) == ["DATE_INVALID", "BEFORE_AGREEMENT", "NO_BHP"]


def test_date_outside_month_is_judged_no_further(make_timesheet, validate):
    rows = [work_row(7, date=D(2025, 10, 7), rate=31.40), *week_rows()]
    assert codes(validate(make_timesheet(rows))[1]) == ["DATE_OUTSIDE_MONTH"]


def test_a_typo_over_24_hours_does_not_also_break_the_week(make_timesheet, validate):
    rows = [work_row(5), work_row(6), work_row(7, qty=45)]
    assert codes(validate(make_timesheet(rows))[1]) == ["QTY_DAY_MAX"]


def test_a_pasted_pesel_in_quantity_is_not_a_number(make_timesheet, validate):
    rows = [work_row(5, qty=71031412371, value=5), *week_rows()]
    assert found(validate(make_timesheet(rows))[1]) == [
        ("NUMBER_INVALID", "Rozliczenie", "H8", "1001")
    ]


def test_amount_not_checked_when_the_unit_is_unreadable(make_timesheet, validate):
    rows = [work_row(6, qty=450, unit="min.", value=235.50), *week_rows()]
    assert codes(validate(make_timesheet(rows))[1]) == ["UNIT_INVALID"]


def test_pesel_typed_as_a_number_keeps_its_leading_zero(make_program, make_timesheet, validate):
    # 08300712368: born 07.10.2008; as a number Excel shows 8300712368.
    program = make_program(proxies=[["1001", "Ola Kowalska", 8300712368]])
    rows = [work_row(5, worker="Ola Kowalska"), *week_rows()]
    assert codes(validate(make_timesheet(rows), program=program)[1]) == ["WORKER_MINOR"]


def test_corrected_resend_is_not_a_duplicate_file(make_timesheet, validate, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx", month="2026-09")
    make_timesheet(week_rows(), folder=folder, name="b_poprawiona.xlsx")
    status, issues = validate(folder)
    assert [(i["file"], i["code"]) for i in issues] == [("a.xlsx", "MONTH_MISMATCH")]


def test_blank_worker_and_the_debtors_name_are_one_person(make_timesheet, validate):
    rows = [work_row(5, qty=13), work_row(5, qty=13, worker="Jan Kowalski", code="REM")]
    assert found(validate(make_timesheet(rows))[1]) == [
        ("QTY_DAY_MAX", "Rozliczenie", "H9", "1001")
    ]


def test_money_of_a_rejected_row_is_not_checked(make_timesheet, validate):
    rows = [work_row(5, accepted="NIE", protocol=None, rate=30, value=1), *week_rows()]
    assert validate(make_timesheet(rows)) == (0, [])


def test_template_versions_compare_as_numbers(make_timesheet, validate):
    assert validate(make_timesheet(week_rows(), version="2026.10"))[1] == []
    assert codes(validate(make_timesheet(week_rows(), version="2025.9", name="b.xlsx"))[1]) == [
        "TEMPLATE_VERSION"
    ]
