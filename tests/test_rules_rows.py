"""Row-level rules (SPEC §3): each code at its exact cell, and its neighbour that is fine."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import D, balances, codes, found, week_rows, work_row

# The table header is at row 7 in the builder's layout; the first data row is row 8.
R1, R2, R3 = 8, 9, 10


def test_clean_timesheet_has_no_issues(make_timesheet, validate):
    status, issues = validate(make_timesheet(week_rows()))
    assert (status, issues) == (0, [])


@pytest.mark.parametrize(
    "field,letter",
    [
        ("date", "B"),
        ("account", "C"),
        ("code", "F"),
        ("qty", "H"),
        ("unit", "I"),
        ("accepted", "M"),
    ],
)
def test_value_missing_in_required_cell(make_timesheet, validate, field, letter):
    rows = [work_row(5, **{field: None}), work_row(7), work_row(6)]
    status, issues = validate(make_timesheet(rows))
    # One cause, one issue: an empty cell is not also an invalid date, number or unit.
    assert [i for i in found(issues) if i[0] != "HOURS_WEEK_MIN"] == [
        ("VALUE_MISSING", "Rozliczenie", f"{letter}{R1}", "" if field == "account" else "1001")
    ]
    assert status == 1


def test_date_invalid(make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(5, date="31.09.2026"), *week_rows()]))
    assert found(issues) == [("DATE_INVALID", "Rozliczenie", f"B{R1}", "1001")]
    assert "„31.09.2026”" in issues[0]["message"]


def test_date_outside_month_and_last_day_inside(make_timesheet, validate):
    rows = [work_row(5, date=D(2026, 11, 1)), work_row(5, date=D(2026, 10, 31)), *week_rows()]
    status, issues = validate(make_timesheet(rows))
    assert found(issues, "DATE_OUTSIDE_MONTH") == [
        ("DATE_OUTSIDE_MONTH", "Rozliczenie", f"B{R1}", "1001")
    ]
    assert "01.11.2026" in issues[0]["message"] and "10.2026" in issues[0]["message"]


def test_number_invalid(make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(5, qty="cztery"), *week_rows()]))
    assert found(issues) == [("NUMBER_INVALID", "Rozliczenie", f"H{R1}", "1001")]


@pytest.mark.parametrize(
    "field,letter,error,code",
    [("qty", "H", "#VALUE!", "NUMBER_INVALID"), ("date", "B", "#REF!", "DATE_INVALID")],
)
def test_a_cell_showing_a_formula_error_is_named_not_called_empty(
    make_timesheet, validate, field, letter, error, code
):
    # openpyxl writes "#VALUE!" as an error cell (t="e"), as Excel saves a broken formula.
    status, issues = validate(make_timesheet([work_row(5, **{field: error}), *week_rows()]))
    assert found(issues) == [(code, "Rozliczenie", f"{letter}{R1}", "1001")]
    assert f"„{error}”" in issues[0]["message"] and status == 1


def test_a_protocol_cell_showing_an_error_is_no_protocol(make_timesheet, validate):
    # `#REF!` where the protocol number should be: as if empty, so the row is never credited.
    status, issues = validate(make_timesheet([work_row(5, protocol="#REF!"), *week_rows()]))
    assert found(issues) == [("PROTOCOL_MISSING", "Rozliczenie", f"L{R1}", "1001")]
    assert status == 1


def test_a_row_of_error_cells_does_not_end_the_table(make_timesheet, validate):
    # Every typed-in cell of row 9 shows an error: the rows below it are still read.
    broken = {
        f: "#REF!"
        for f in (
            "date",
            "account",
            "debtor",
            "worker",
            "code",
            "qty",
            "unit",
            "protocol",
            "accepted",
        )
    }
    rows = [work_row(5), broken, work_row(8, rate=30), work_row(9)]
    status, issues = validate(make_timesheet(rows))
    assert (R2, "Rozliczenie") in {(i["row"], i["sheet"]) for i in issues}
    # Row 10 below it was read: its wrong rate is found.
    assert ("RATE_MISMATCH", "Rozliczenie", f"J{R3}", "1001") in found(issues)
    assert status == 1


def test_an_error_in_a_computed_column_is_left_to_its_cause(make_timesheet, validate):
    # Wartość shows #VALUE! because Ilość is text: one cause, one issue, at Ilość.
    status, issues = validate(
        make_timesheet([work_row(5, qty="cztery", value="#VALUE!"), *week_rows()])
    )
    assert found(issues) == [("NUMBER_INVALID", "Rozliczenie", f"H{R1}", "1001")]
    # With a good quantity, an error in Wartość alone is no issue: the value is computed.
    status, issues = validate(make_timesheet([work_row(5, value="#VALUE!"), *week_rows()]))
    assert (status, issues) == (0, [])


def test_time_in_an_area_row_is_not_a_quantity(make_timesheet, validate):
    row = work_row(5, code="MYC", unit="m2", qty=dt.time(2, 0))
    status, issues = validate(make_timesheet([row, *week_rows()]))
    assert found(issues) == [("NUMBER_INVALID", "Rozliczenie", f"H{R1}", "1001")]


@pytest.mark.parametrize(
    "qty,expected", [(0, ["QTY_NONPOSITIVE"]), (-1.5, ["QTY_NONPOSITIVE"]), (0.25, [])]
)
def test_qty_nonpositive(make_timesheet, validate, qty, expected):
    status, issues = validate(make_timesheet([*week_rows(), work_row(9, qty=qty)]))
    assert [c for c in codes(issues)] == expected
    # a value typed beside a quantity of 0 is not judged against it: one cause, one issue
    if qty == 0:
        row = work_row(9, qty=0, value=125.60)
        status, issues = validate(make_timesheet([*week_rows(), row], name="zero.xlsx"))
        assert codes(issues) == ["QTY_NONPOSITIVE"]
    if expected:
        assert issues[0]["cell"] == f"H{R3}"


def test_unit_invalid_unknown_spelling(make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(5, unit="kg"), *week_rows()]))
    assert found(issues) == [("UNIT_INVALID", "Rozliczenie", f"I{R1}", "1001")]


@pytest.mark.parametrize("unit", ["h", "godz.", "godz", "rbh", "H", "min"])
def test_hour_unit_spellings_fit_hour_codes(make_timesheet, validate, unit):
    qty = 240 if unit == "min" else 4
    status, issues = validate(make_timesheet([work_row(5, unit=unit, qty=qty), work_row(7)]))
    assert issues == []


def test_unit_must_fit_the_work_code(make_timesheet, validate):
    rows = [
        work_row(5, unit="m2"),
        work_row(6, code="MYC", unit="m²", qty=40),
        work_row(7, code="MYC", unit="h"),
        *week_rows(),
    ]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [
        ("UNIT_INVALID", "Rozliczenie", f"I{R1}", "1001"),
        ("UNIT_INVALID", "Rozliczenie", f"I{R3}", "1001"),
    ]
    assert "m2, m²" in issues[1]["message"]


def test_work_code_unknown(make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(5, code="SPRZ"), *week_rows()]))
    assert found(issues) == [("WORK_CODE_UNKNOWN", "Rozliczenie", f"F{R1}", "1001")]
    assert "MYC, PORZ, REM" in issues[0]["message"]


def test_work_code_is_case_insensitive(make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(5, code="porz"), work_row(7)]))
    assert issues == []


def test_rate_missing_before_the_first_period(make_program, make_timesheet, validate):
    program = make_program(rates=[["PORZ", "Porządki", "h", 31.40, D(2026, 10, 6), None]])
    rows = [work_row(5), work_row(6), work_row(7)]
    status, issues = validate(make_timesheet(rows), program=program)
    assert found(issues, "RATE_MISSING") == [("RATE_MISSING", "Rozliczenie", f"F{R1}", "1001")]
    assert "05.10.2026" in issues[0]["message"]


def test_rate_mismatch_names_both_rates(make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(5, rate=30), work_row(7, rate=31.4)]))
    assert found(issues) == [("RATE_MISMATCH", "Rozliczenie", f"J{R1}", "1001")]
    assert issues[0]["message"] == ("Stawka 30,00 zł ≠ stawka PGM 31,40 zł dla PORZ od 01.01.2026.")


def test_rate_changes_mid_month(make_timesheet, validate):
    # REM costs 35,00 zł until 15.10 and 36,50 zł from 16.10.
    rows = [
        work_row(15, code="REM", rate=35.0, value=140.0),
        work_row(16, code="REM", rate=36.5, value=146.0),
        work_row(14, code="REM", rate=36.5),
    ]
    status, issues = validate(make_timesheet(rows))
    assert found(issues, "RATE_MISMATCH") == [("RATE_MISMATCH", "Rozliczenie", f"J{R3}", "1001")]


def test_amount_mismatch(make_timesheet, validate):
    # 7,5 h × 31,40 zł = 235,50 zł
    rows = [work_row(5, qty=7.5, value=235.5), work_row(7, qty=7.5, value=235.0)]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("AMOUNT_MISMATCH", "Rozliczenie", f"K{R2}", "1001")]
    assert issues[0]["message"] == "Wartość 235,00 zł ≠ 7,5 h × 31,40 zł = 235,50 zł."


def test_amount_uses_half_up_rounding(make_timesheet, validate):
    # 20 min × 31,40 zł = 10,4666… zł -> 10,47 zł
    rows = [work_row(5, qty=20, unit="min", value=10.47), *week_rows()]
    assert validate(make_timesheet(rows))[1] == []
    rows = [work_row(5, qty=20, unit="min", value=10.46), *week_rows()]
    assert codes(validate(make_timesheet(rows))[1]) == ["AMOUNT_MISMATCH"]


def test_wrong_rate_with_consistent_value_is_one_issue(make_timesheet, validate):
    rows = [work_row(5, rate=30, value=120), work_row(7)]
    status, issues = validate(make_timesheet(rows))
    assert codes(issues) == ["RATE_MISMATCH"]


def test_acceptance_invalid(make_timesheet, validate):
    rows = [work_row(5, accepted="T"), work_row(6, accepted="tak"), *week_rows()]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("ACCEPTANCE_INVALID", "Rozliczenie", f"M{R1}", "1001")]


def test_protocol_missing_only_for_accepted_rows(make_timesheet, validate):
    rows = [work_row(5, protocol=None), work_row(6, protocol=None, accepted="NIE"), *week_rows()]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("PROTOCOL_MISSING", "Rozliczenie", f"L{R1}", "1001")]


def test_account_unknown(make_timesheet, validate):
    rows = [work_row(5, account="9999"), *week_rows()]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("ACCOUNT_UNKNOWN", "Rozliczenie", f"C{R1}", "9999")]


def test_rejected_rows_are_not_errors(make_timesheet, validate):
    rows = [work_row(5, accepted="NIE", protocol=None), *week_rows()]
    status, issues = validate(make_timesheet(rows))
    assert (status, issues) == (0, [])


def test_name_mismatch_is_a_warning_and_ignores_order_case_diacritics(make_timesheet, validate):
    rows = [
        work_row(5, debtor="KOWALSKI JAN"),
        work_row(6, debtor="Jan Kowalsky"),
        work_row(7, debtor="jan kowalski"),
    ]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("NAME_MISMATCH", "Rozliczenie", f"D{R2}", "1001")]
    assert issues[0]["severity"] == "warning" and status == 0


def test_name_diacritics_do_not_count(make_timesheet, validate):
    rows = [work_row(5, account="1003", debtor="Piotr Zielinski"), work_row(7, account="1003")]
    assert validate(make_timesheet(rows))[1] == []


def test_duplicate_row_inside_one_file_is_a_warning(make_timesheet, validate):
    rows = [work_row(5), work_row(5), work_row(7)]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("DUPLICATE_ROW", "Rozliczenie", f"B{R2}", "1001")]
    assert issues[0]["severity"] == "warning" and status == 0


def test_duplicate_row_across_files_is_an_error(make_timesheet, validate, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    make_timesheet([work_row(8), work_row(6, qty=6)], folder=folder, name="b.xlsx")
    status, issues = validate(folder)
    assert [(i["file"], i["code"], i["cell"], i["severity"]) for i in issues] == [
        ("b.xlsx", "DUPLICATE_ROW", f"B{R1}", "error")
    ]
    assert "a.xlsx" in issues[0]["message"] and status == 1


def test_two_versions_of_one_units_timesheet_are_an_error_whatever_the_quantities(
    make_timesheet, validate, reconcile, tmp_path
):
    """a.xlsx says 8.10 4 h, a_v2.xlsx (the same unit's corrected copy) 8.10 5 h: not 9 h."""
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    make_timesheet([work_row(8, qty=5), work_row(9)], folder=folder, name="a_v2.xlsx")
    status, issues = validate(folder)
    assert [(i["file"], i["code"], i["cell"], i["severity"]) for i in issues] == [
        ("a_v2.xlsx", "DUPLICATE_ROW", f"B{R1}", "error"),
        ("a_v2.xlsx", "DUPLICATE_ROW", f"B{R2}", "error"),
    ]
    assert "pliku a.xlsx, wiersz 8 (ilość 4)" in issues[0]["message"]
    assert "dwie wersje karty" in issues[0]["message"] and status == 1
    status, output, out = reconcile(folder)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (5000, 400)  # withheld, not 9 h
    assert status == 1


def test_the_same_work_at_two_units_is_no_duplicate(
    make_timesheet, make_program, validate, tmp_path
):
    """4 h of PORZ at PGM and 4 h at MOSIR on the same day: two places, not two versions."""
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    make_timesheet(week_rows(), folder=folder, name="b.xlsx", unit="MOSIR")
    program = make_program(
        units=[
            ["PGM", "PGM", "B. Z.", "bz@example.pl"],
            ["MOSIR", "MOSiR", "J. K.", "jk@example.pl"],
        ]
    )
    assert validate(folder, program=program) == (0, [])


def test_a_value_of_half_a_grosz_above_5000_zl_is_the_supervisors_rounding(
    make_timesheet, validate
):
    """2 000,05 m² × 2,50 zł = 5 000,125 zł: the template's unrounded value shows 5 000,13 zł,
    which is the official value rounded half up — no AMOUNT_MISMATCH."""
    rows = [
        work_row(8, code="MYC", qty=2000.05, unit="m2", rate=2.5, value=5000.125),
        work_row(9, code="MYC", qty=2000.05, unit="m2", rate=2.5, value=5000.12),
    ]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("AMOUNT_MISMATCH", "Rozliczenie", "K9", "1001")]
    assert "5 000,12 zł ≠ 2000,05 m2 × 2,50 zł = 5 000,13 zł" in issues[0]["message"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (235.50, []),  # 07:30 h × 31,40 zł, as template 2026.2 values it
        (9.81, []),  # an old template's fraction of a day: 0,3125 × 31,40 zł
        (9.80, ["AMOUNT_MISMATCH"]),  # neither
    ],
)
def test_a_time_in_quantity_is_valued_as_hours_and_an_old_templates_value_accepted(
    make_timesheet, validate, value, expected
):
    row = work_row(9, qty=dt.time(7, 30), value=value)
    status, issues = validate(make_timesheet([work_row(8), row]))
    assert [c for c in codes(issues) if c != "HOURS_WEEK_MIN"] == expected
