"""File-level rules (SPEC §3): version, month, unit, duplicate files."""

from __future__ import annotations

from conftest import D, codes, found, week_rows, work_row


def test_template_version_missing_or_old_is_a_warning(make_timesheet, validate):
    status, issues = validate(make_timesheet(week_rows(), version=None))
    assert found(issues) == [("TEMPLATE_VERSION", "Rozliczenie", "", "")]
    assert issues[0]["severity"] == "warning" and status == 0
    status, issues = validate(make_timesheet(week_rows(), version="2025.1", name="stara.xlsx"))
    assert codes(issues) == ["TEMPLATE_VERSION"] and "2025.1" in issues[0]["message"]


def test_month_mismatch_at_the_month_cell_and_rows_not_repeated(make_timesheet, validate):
    status, issues = validate(make_timesheet(week_rows(), month="2026-09"))
    assert found(issues) == [("MONTH_MISMATCH", "Rozliczenie", "C5", "")]
    assert "09.2026" in issues[0]["message"] and status == 1


def test_month_from_header_without_month_option(make_timesheet, validate):
    status, issues = validate(make_timesheet(week_rows(), month=D(2026, 10, 31)), month=None)
    assert issues == []
    # an empty month cell: the rows' dates say which month, as in reconcile (no issue there
    # either); dates of two months cannot, and the cell is asked for
    status, issues = validate(make_timesheet(week_rows(), month=None, name="b.xlsx"), month=None)
    assert issues == []
    two = make_timesheet(
        [*week_rows(), work_row(3, date=D(2026, 11, 3))], month=None, name="c.xlsx"
    )
    status, issues = validate(two, month=None)
    assert found(issues) == [("VALUE_MISSING", "Rozliczenie", "B5", "")]


def test_unit_unknown(make_timesheet, validate):
    status, issues = validate(make_timesheet(week_rows(), unit="XYZ"))
    assert found(issues) == [("UNIT_UNKNOWN", "Rozliczenie", "C3", "")]
    assert "PGM" in issues[0]["message"] and status == 1


def test_duplicate_file_is_skipped_whole(make_timesheet, validate, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    make_timesheet(list(reversed(week_rows())), folder=folder, name="b.xlsx")
    status, issues = validate(folder)
    assert [(i["file"], i["code"], i["severity"]) for i in issues] == [
        ("b.xlsx", "DUPLICATE_FILE", "warning")
    ]
    assert status == 0


def test_file_level_error_withholds_every_debtor_of_the_file(make_timesheet, make_program):
    from odpracowanie.core.validation import validate_month
    from odpracowanie.readers.program import read_program
    from odpracowanie.readers.timesheet import read_timesheet

    program = read_program(make_program()).program
    sheets, _ = read_timesheet(make_timesheet([*week_rows(), *week_rows("1002")], unit="XYZ"))
    result = validate_month(sheets, program=program, month=(2026, 10))
    assert result.withheld == {"1001", "1002"}
