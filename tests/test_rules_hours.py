"""Hour limits (SPEC §3, rules §3.6): the row that crosses the line gets the issue."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import D, codes, found, week_rows, work_row

from odpracowanie.core.money import QTY_SCALE
from odpracowanie.core.validation import validate_month
from odpracowanie.readers.program import read_program
from odpracowanie.readers.timesheet import read_timesheet


def test_week_max_exactly_40_is_fine(make_timesheet, validate):
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8, 9)]
    assert validate(make_timesheet(rows))[1] == []


def test_week_max_over_40_at_the_crossing_row(make_timesheet, validate):
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8)] + [work_row(9, qty=8.5)]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("HOURS_WEEK_MAX", "Rozliczenie", "H12", "1001")]
    assert "40,5 h w tygodniu 05.10–11.10.2026" in issues[0]["message"]
    assert status == 1


def test_week_counts_debtor_and_proxy_together_over_files(make_timesheet, validate, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet([work_row(d, qty=8) for d in (5, 6, 7)], folder=folder, name="a.xlsx")
    make_timesheet(
        [work_row(d, qty=8.25, worker="Marek Kowalski") for d in (8, 9)],
        folder=folder,
        name="b.xlsx",
        unit="PGM",
    )
    status, issues = validate(folder)
    assert [(i["file"], i["code"], i["cell"]) for i in issues] == [
        ("b.xlsx", "HOURS_WEEK_MAX", "H9")
    ]


def test_rejected_hours_do_not_count(make_timesheet, validate):
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8, 9)] + [
        work_row(10, qty=8, accepted="NIE", protocol=None)
    ]
    assert validate(make_timesheet(rows))[1] == []


def test_area_rows_do_not_count(make_timesheet, validate):
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8, 9)] + [
        work_row(9, code="MYC", unit="m2", qty=120)
    ]
    assert validate(make_timesheet(rows))[1] == []


def test_month_max(make_timesheet, validate, make_program):
    # 8 h on every weekday of October 2026 = 22 days = 176 h > 160 h; no week above 40 h.
    days = [d for d in range(1, 32) if D(2026, 10, d).weekday() < 5]
    rows = [work_row(d, qty=8) for d in days]
    status, issues = validate(make_timesheet(rows))
    # the 21st weekday row (28.10) brings the month to 168 h
    assert found(issues) == [("HOURS_MONTH_MAX", "Rozliczenie", f"H{7 + 21}", "1001")]
    assert "176 h w miesiącu 10.2026" in issues[0]["message"]
    program = make_program(params={"max_godzin_miesiecznie": 176}, name="p176.xlsx")
    assert validate(make_timesheet(rows, name="k2.xlsx"), program=program)[1] == []


def test_week_min_warning_and_exact_minimum(make_timesheet, validate):
    rows = [
        work_row(5, qty=4),
        work_row(6, qty=4),  # 8 h: fine
        work_row(12, qty=7.75),
    ]  # 7,75 h in the week 12–18: warning
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("HOURS_WEEK_MIN", "Rozliczenie", "B10", "1001")]
    assert issues[0]["severity"] == "warning" and status == 0


def test_week_min_skips_weeks_running_over_the_month(make_timesheet, validate):
    # 1.10.2026 is a Thursday (week from 28.09) and 26.10 a Monday (week to 1.11).
    rows = [work_row(1, qty=2), work_row(26, qty=2), work_row(5, qty=8)]
    assert validate(make_timesheet(rows))[1] == []


def test_week_spanning_two_months_counts_history(make_program, make_timesheet):
    # 30.09 (Wed) 16 h and 1.10 (Thu) 16 h credited in September; 2–4.10: 3 h more each day.
    program = read_program(make_program()).program
    sheets, _ = read_timesheet(make_timesheet([work_row(d, qty=3) for d in (2, 3, 4)]))
    history = pd.DataFrame(
        {
            "month": ["2026-09"] * 2,
            "account": ["1001", "1001"],
            "date": pd.to_datetime(["2026-09-29", "2026-09-30"]),
            "worker_id": ["", ""],
            "code": ["PORZ", "PORZ"],
            "unit": ["h", "h"],
            "qty": [16 * QTY_SCALE, 16 * QTY_SCALE],
        }
    )
    result = validate_month(sheets, program=program, month=(2026, 10), history=history)
    assert [(i.code, i.cell, i.account) for i in result.issues] == [
        ("HOURS_WEEK_MAX", "H10", "1001")
    ]  # 32 + 9 = 41 h on 4.10
    assert "41 h" in result.issues[0].message
    assert result.withheld == {"1001"}
    without = validate_month(sheets, program=program, month=(2026, 10))
    assert without.issues == []


@pytest.mark.parametrize(("september", "short"), [(3, True), (6, False)])
def test_a_week_begun_last_month_is_judged_with_its_credited_hours(
    make_program, make_timesheet, september, short
):
    # The week 28.09–4.10: `september` h credited on 29.09 and 2 h on 1.10 in this month's
    # timesheet. With the history known the week is judged whole: 5 h is under the 8 h
    # minimum, 8 h is not. Without it the week is not judged at all.
    program = read_program(make_program()).program
    sheets, _ = read_timesheet(make_timesheet([work_row(1, qty=2), *week_rows()]))
    history = pd.DataFrame(
        {
            "month": ["2026-09"],
            "account": ["1001"],
            "date": pd.to_datetime(["2026-09-29"]),
            "worker_id": [""],
            "code": ["PORZ"],
            "unit": ["h"],
            "qty": [september * QTY_SCALE],
        }
    )
    result = validate_month(sheets, program=program, month=(2026, 10), history=history)
    seen = [(i.code, i.cell, i.fields.get("found")) for i in result.issues]
    assert seen == ([("HOURS_WEEK_MIN", "B8", "5")] if short else [])
    assert validate_month(sheets, program=program, month=(2026, 10)).issues == []


def test_a_late_timesheet_counts_the_later_month_already_credited(make_program, make_timesheet):
    # A late October timesheet: 30.10 (Fri) 4 h. The week 26.10–1.11 already holds 8 h on each
    # of 27–29.10 (credited in October) and 14 h on Sunday 1.11 (credited in November).
    program = read_program(make_program()).program
    sheets, _ = read_timesheet(make_timesheet([work_row(30, qty=4)]))
    history = pd.DataFrame(
        {
            "month": ["2026-10"] * 3 + ["2026-11"],
            "account": ["1001"] * 4,
            "date": pd.to_datetime(["2026-10-27", "2026-10-28", "2026-10-29", "2026-11-01"]),
            "worker_id": [""] * 4,
            "code": ["PORZ"] * 4,
            "unit": ["h"] * 4,
            "qty": [8 * QTY_SCALE] * 3 + [14 * QTY_SCALE],
        }
    )
    result = validate_month(sheets, program=program, month=(2026, 10), history=history)
    # 24 h + 14 h credited + 4 h late = 42 h: the late row is the one over the limit, though
    # the credited Sunday comes after it in the week.
    assert [(i.code, i.cell) for i in result.issues] == [("HOURS_WEEK_MAX", "H8")]
    assert "42 h" in result.issues[0].message
    fits = history.assign(qty=[8 * QTY_SCALE] * 3 + [12 * QTY_SCALE])
    assert validate_month(sheets, program=program, month=(2026, 10), history=fits).issues == []


def test_day_max_over_all_files(make_timesheet, validate, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet([work_row(5, qty=12), work_row(6, qty=8)], folder=folder, name="a.xlsx")
    make_timesheet(
        [work_row(5, qty=12.5, code="REM"), work_row(7, qty=4)], folder=folder, name="b.xlsx"
    )
    status, issues = validate(folder)
    assert ("QTY_DAY_MAX", "Rozliczenie", "H8", "1001") in found(issues)
    day = [i for i in issues if i["code"] == "QTY_DAY_MAX"][0]
    assert day["file"] == "b.xlsx" and "24,5 h" in day["message"]
    # exactly 24 h on one day is allowed
    assert "QTY_DAY_MAX" not in codes(
        validate(
            make_timesheet([work_row(5, qty=12), work_row(5, qty=12, code="REM")], name="c.xlsx")
        )[1]
    )


def _credited(account: str, day: dt.date, hours: float, code: str = "PORZ") -> pd.DataFrame:
    """`Historia prac` holding one credited row of the debtor's own work (31,40 zł an hour)."""
    from odpracowanie.core.model import WORK_HISTORY_FIELDS

    row = dict.fromkeys(WORK_HISTORY_FIELDS, "")
    row.update(
        row_id=f"{day:%Y-%m}/00001",
        month=f"{day:%Y-%m}",
        account=account,
        unit_code="PGM",
        date=pd.Timestamp(day),
        worker_id="",
        code=code,
        unit="h",
        qty=int(hours * QTY_SCALE),
        value=round(hours * 3140),
        file="wczesniejsza.xlsx",
    )
    return pd.DataFrame([row])


def test_the_day_limit_is_per_person(make_program, make_timesheet):
    # 16 h each on 5.10 by two debtors, and by a debtor and their proxy: 16 h a person, no
    # one over 24 h. A day credited before (20 h of other work on 12.10) and 6 h more now:
    # over.
    program = read_program(make_program()).program
    rows = [
        work_row(5, qty=16),
        work_row(5, account="1002", qty=16),
        work_row(6, qty=16),
        work_row(6, qty=16, worker="Marek Kowalski"),
        work_row(12, account="1002", qty=6),
    ]
    sheets, _ = read_timesheet(make_timesheet(rows))
    result = validate_month(
        sheets,
        program=program,
        month=(2026, 10),
        history=_credited("1002", D(2026, 10, 12), 20, code="ZIEL"),
    )
    day = [(i.cell, i.account) for i in result.issues if i.code == "QTY_DAY_MAX"]
    assert day == [("H12", "1002")]


def test_a_week_ending_on_the_months_last_day_is_judged(make_program, make_timesheet):
    # May 2026 ends on a Sunday: the week 25–31.05 is whole inside the month.
    program = read_program(make_program()).program
    rows = [work_row(25, date=D(2026, 5, 25), qty=4, protocol="M/1")]
    sheets, _ = read_timesheet(make_timesheet(rows, month="2026-05"))
    result = validate_month(sheets, program=program, month=(2026, 5))
    assert [(i.code, i.cell) for i in result.issues if i.code.startswith("HOURS")] == [
        ("HOURS_WEEK_MIN", "B8")
    ]


def test_a_week_beginning_on_the_months_first_day_is_judged(make_program, make_timesheet):
    # June 2026 begins on a Monday: the week 1–7.06 is whole inside the month.
    program = read_program(make_program()).program
    rows = [work_row(1, date=D(2026, 6, 1), qty=4, protocol="C/1")]
    sheets, _ = read_timesheet(make_timesheet(rows, month="2026-06"))
    result = validate_month(sheets, program=program, month=(2026, 6))
    assert [(i.code, i.cell) for i in result.issues if i.code.startswith("HOURS")] == [
        ("HOURS_WEEK_MIN", "B8")
    ]


def test_the_first_row_over_a_credited_day_names_the_person(make_program, make_timesheet):
    # 20 h of other work credited on 12.10 for Anna Nowak; her one row now adds 6 h.
    program = read_program(make_program()).program
    sheets, _ = read_timesheet(make_timesheet([work_row(12, account="1002", qty=6)]))
    history = _credited("1002", D(2026, 10, 12), 20, code="ZIEL")
    result = validate_month(sheets, program=program, month=(2026, 10), history=history)
    day = [i for i in result.issues if i.code == "QTY_DAY_MAX"]
    assert [(i.cell, i.account) for i in day] == [("H8", "1002")]
    assert "Anna Nowak" in day[0].message
