"""The month's rules at their boundaries, in memory (tests/kit.py): no workbook, no CLI.

The end-to-end tests (test_rules_*.py, test_reconcile.py) keep real files and the command
line; these pin each limit from both sides and what its issue says, by the issue's fields.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import D, work_row
from kit import check, program, settle, timesheet, validate, where

from odpracowanie import labels
from odpracowanie.core.money import QTY_SCALE
from odpracowanie.core.validation import validate_month
from odpracowanie.readers.program import read_program
from odpracowanie.readers.timesheet import read_timesheet

# For the rules other than the weekly minimum: a single row of 4 h would be under it.
NO_MINIMUM = {"min_hours_week": 0}

# Rows of every kind the rules judge: a wrong rate, a wrong value, a quantity of 0, a date of
# another month, an unknown code, a unit the rate is not in, a time in m², a 25-hour day, a
# proxy, a row not accepted, a day split in two, and a week of 40,5 h.
MIXED = [
    work_row(1, rate=30.0, value=120.0),
    work_row(2, value=99.0),
    work_row(3, qty=0),
    work_row(4, date=D(2026, 9, 30)),
    work_row(5, code="XYZ"),
    work_row(6, code="MYC", unit="h"),
    work_row(7, code="MYC", unit="m2", qty=pd.Timestamp("2026-10-07 07:30").time()),
    work_row(12, qty=13),
    work_row(12, qty=12, code="REM"),
    work_row(13, account="1002", worker="Marek Kowalski", qty=6),
    work_row(14, accepted="NIE", protocol=None, rate=10.0),
    work_row(15, account="1003", qty=2),
    work_row(15, account="1003", qty=2),
    *[work_row(d, account="1002", qty=8) for d in (19, 20, 21, 22)],
    work_row(23, account="1002", qty=8.5),
]


def test_the_kit_gives_what_the_reader_gives(make_timesheet, make_program):
    # The same rows through a real workbook and the reader, and through the kit.
    sheets, read_issues = read_timesheet(make_timesheet(MIXED))
    real = validate_month(sheets, program=read_program(make_program()).program, month=(2026, 10))
    fast = validate([timesheet(MIXED)], program=program())
    assert read_issues == []
    assert [(i.code, i.cell, i.account, i.message) for i in fast.issues] == [
        (i.code, i.cell, i.account, i.message) for i in real.issues
    ]
    assert {i.code for i in fast.issues} >= {
        "RATE_MISMATCH",
        "AMOUNT_MISMATCH",
        "QTY_NONPOSITIVE",
        "DATE_OUTSIDE_MONTH",
        "WORK_CODE_UNKNOWN",
        "UNIT_INVALID",
        "NUMBER_INVALID",
        "QTY_DAY_MAX",
        "DUPLICATE_ROW",
        "HOURS_WEEK_MAX",
    }
    assert fast.withheld == real.withheld


# -- hours of a day ------------------------------------------------------------------------


@pytest.mark.parametrize(("second", "over"), [(12, False), (12.25, True)])
def test_a_day_holds_24_hours(second, over):
    issues = check([work_row(12, qty=12), work_row(12, qty=second, code="REM")])
    assert [(i.code, i.cell, i.fields["found"]) for i in issues] == (
        [("QTY_DAY_MAX", "H9", "24,25")] if over else []
    )


def test_a_day_is_one_workers_over_all_accounts_but_the_debtor_and_proxy_are_two():
    # Marek Kowalski works 13 h for 1001 and 12 h for 1002 (as a stranger there): 25 h.
    marek = [
        work_row(12, qty=13, worker="Marek Kowalski"),
        work_row(12, account="1002", qty=12, worker="Marek Kowalski"),
    ]
    assert "QTY_DAY_MAX" in [i.code for i in check(marek)]
    # The debtor 13 h and the proxy 12 h on one day: two people, no day over 24 h.
    both = [work_row(12, qty=13), work_row(12, qty=11, worker="Marek Kowalski")]
    assert [i.code for i in check(both)] == []


def test_rows_not_accepted_count_toward_the_day_not_the_week():
    # 20 h accepted and 5 h not accepted on one day: 25 h is a typo (an error at the row
    # that crosses 24 h); the week holds the accepted hours only.
    rows = [work_row(12, qty=20), work_row(12, qty=5, accepted="NIE", protocol=None)]
    assert [(i.code, i.cell) for i in check(rows)] == [("QTY_DAY_MAX", "H9")]


def test_a_day_over_24_hours_counts_toward_no_week():
    # 8 h on four days and a 25-hour day in one week: the day is reported, not the week.
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8)] + [work_row(9, qty=25)]
    assert [i.code for i in check(rows)] == ["QTY_DAY_MAX"]


def test_a_day_of_exactly_24_hours_counts_toward_the_week():
    rows = [work_row(12, qty=24)] + [work_row(d, qty=4.5) for d in (13, 14, 15, 16)]
    assert [(i.code, i.cell, i.fields["found"]) for i in check(rows)] == [
        ("HOURS_WEEK_MAX", "H12", "42")
    ]


def test_the_day_counts_hours_credited_before():
    history = _history(["2026-10-12"], [20])
    assert [(i.code, i.fields["found"]) for i in check([work_row(12, qty=5)], history=history)] == [
        ("QTY_DAY_MAX", "25")
    ]
    assert check([work_row(12, qty=4)], history=history) == []


# -- hours of a week and a month -----------------------------------------------------------


@pytest.mark.parametrize(("last", "over"), [(8, False), (8.25, True)])
def test_a_week_holds_40_hours(last, over):
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8)] + [work_row(9, qty=last)]
    issues = check(rows)
    assert [(i.code, i.cell, i.fields["found"], i.fields["expected"]) for i in issues] == (
        [("HOURS_WEEK_MAX", "H12", "40,25", 40)] if over else []
    )


def test_each_week_over_is_reported_once_at_the_row_that_crosses():
    # 3 × 14 h in each of two weeks: 42 h, crossed by the third row of each.
    rows = [work_row(d, qty=14) for d in (5, 6, 7, 12, 13, 14)]
    assert [(i.code, i.cell, i.fields["week"]) for i in check(rows)] == [
        ("HOURS_WEEK_MAX", "H10", "05.10–11.10.2026"),
        ("HOURS_WEEK_MAX", "H13", "12.10–18.10.2026"),
    ]


def test_the_weekly_limit_comes_from_the_programme():
    rows = [work_row(d, qty=8) for d in (5, 6, 7, 8, 9)]
    assert [i.code for i in check(rows, params={"max_hours_week": 39})] == ["HOURS_WEEK_MAX"]
    assert check(rows, params={"max_hours_week": 40}) == []


def test_the_rows_of_a_week_count_in_date_order_not_row_order():
    # The row of 9.10 comes first on the sheet; by date it is the one that crosses 40 h.
    rows = [work_row(9, qty=8.5)] + [work_row(d, qty=8) for d in (5, 6, 7, 8)]
    assert [(i.code, i.cell) for i in check(rows)] == [("HOURS_WEEK_MAX", "H8")]


@pytest.mark.parametrize(("limit", "over"), [(176, False), (175, True)])
def test_a_month_holds_its_limit(limit, over):
    # 8 h on each of the 22 weekdays of October 2026: 176 h, no week over 40 h.
    days = [d for d in range(1, 32) if D(2026, 10, d).weekday() < 5]
    rows = [work_row(d, qty=8) for d in days]
    issues = check(rows, params={"max_hours_month": limit})
    assert [(i.code, i.cell, i.fields["found"]) for i in issues] == (
        [("HOURS_MONTH_MAX", "H29", "176")] if over else []
    )


def test_the_week_counts_hours_credited_before():
    # 29.09 and 30.09, 16 h each, credited in September; 3 × 3 h in October: 41 h.
    history = _history(["2026-09-29", "2026-09-30"], [16, 16])
    issues = check([work_row(d, qty=3) for d in (2, 3, 4)], history=history)
    assert [(i.code, i.cell, i.fields["found"]) for i in issues] == [
        ("HOURS_WEEK_MAX", "H10", "41")
    ]


def test_rejected_hours_credited_before_count_toward_no_limit():
    # ZDIZ's 20 h of 12.10, then reversed by the Mayor's rejection
    credited = _history(["2026-10-12"], [20])
    rejection = credited.assign(
        row_id="H9",
        reverses="H0",
        reason=labels.REJECTION_REASON.format(decision="ODRZ/1"),
        document="ODRZ/1",
    )
    history = pd.concat([credited, rejection], ignore_index=True)
    assert [i.code for i in check([work_row(12, qty=5)], history=credited)] == ["QTY_DAY_MAX"]
    assert check([work_row(12, qty=5)], history=history, params=NO_MINIMUM) == []


@pytest.mark.parametrize(("hours", "short"), [(8, False), (7.75, True)])
def test_a_week_needs_its_minimum(hours, short):
    # The week 5–11.10 ends inside October; 8 h is the minimum.
    issues = check([work_row(6, qty=4), work_row(7, qty=hours - 4)])
    assert [(i.code, i.cell, i.fields["found"]) for i in issues] == (
        [("HOURS_WEEK_MIN", "B8", "7,75")] if short else []
    )


def test_a_week_that_ends_after_the_month_or_began_before_it_is_not_judged():
    # 26.10–1.11 ends in November; 28.09–4.10 began in September (no history given).
    assert check([work_row(27, qty=2), work_row(1, qty=2)]) == []


def test_no_minimum_when_the_programme_sets_none():
    assert check([work_row(6, qty=1)], params={"min_hours_week": 0}) == []


def test_every_hour_limit_in_one_month():
    rows = [
        work_row(12, qty=25),  # 1001: a 25-hour day
        *[work_row(d, account="1002", qty=9) for d in (5, 6, 7, 8, 9)],  # 45 h in a week
        work_row(13, account="1003", qty=2),  # 1003: 2 h in the week 12–18.10
        *[work_row(d, account="1003", qty=8) for d in (20, 21, 22)],  # and 24 h in 19–25.10
    ]
    issues = check(rows, params={"max_hours_month": 25})
    assert [(i.code, i.account, i.cell) for i in issues] == [
        ("QTY_DAY_MAX", "1001", "H8"),
        ("HOURS_MONTH_MAX", "1002", "H11"),  # 27 h on 7.10
        ("HOURS_WEEK_MAX", "1002", "H13"),  # 45 h on 9.10
        ("HOURS_WEEK_MIN", "1003", "B14"),
        ("HOURS_MONTH_MAX", "1003", "H17"),
    ]


# -- rows and rates ------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "rate"), [(15, 35.0), (16, 36.5)])
def test_the_rate_of_the_rows_date(day, rate):
    # REM costs 35,00 zł to 15.10 and 36,50 zł from 16.10.
    assert check([work_row(day, code="REM", rate=rate)], params=NO_MINIMUM) == []
    wrong = check([work_row(day, code="REM", rate=71.5 - rate)], params=NO_MINIMUM)
    assert [(i.code, i.cell, i.fields["expected"]) for i in wrong] == [
        ("RATE_MISMATCH", "J8", f"{rate:.2f} zł".replace(".", ","))
    ]


def test_a_value_is_checked_against_the_supervisors_rate_when_that_is_already_wrong():
    # 4 h × 30,00 zł = 120,00 zł: the rate is wrong (one issue), the value follows from it.
    one = check([work_row(5, rate=30.0, value=120.0)], params=NO_MINIMUM)
    assert [i.code for i in one] == ["RATE_MISMATCH"]
    both = check([work_row(5, rate=30.0, value=125.6)], params=NO_MINIMUM)
    assert [(i.code, i.fields.get("expected")) for i in both] == [
        ("RATE_MISMATCH", "31,40 zł"),
        ("AMOUNT_MISMATCH", "120,00 zł"),
    ]


def test_money_of_a_row_not_accepted_is_not_checked():
    rows = [work_row(5, accepted="NIE", protocol=None, rate=1.0, value=1.0)]
    assert check(rows) == []


@pytest.mark.parametrize("qty", [0, -2])
def test_a_quantity_must_be_positive(qty):
    assert where(check([work_row(5, qty=qty)])) == [("QTY_NONPOSITIVE", "H8", "1001")]


def test_a_date_of_another_month_is_one_issue():
    rows = [work_row(5, date=D(2026, 11, 2), rate=1.0)]
    assert [(i.code, i.cell) for i in check(rows)] == [("DATE_OUTSIDE_MONTH", "B8")]


def test_a_unit_must_be_the_unit_of_the_work_code():
    assert [(i.code, i.cell) for i in check([work_row(5, unit="m2")])] == [("UNIT_INVALID", "I8")]
    assert check([work_row(5, code="MYC", unit="m2", qty=40)]) == []


def test_an_accepted_row_needs_its_protocol():
    assert [(i.code, i.cell) for i in check([work_row(5, protocol=None)], params=NO_MINIMUM)] == [
        ("PROTOCOL_MISSING", "L8")
    ]
    assert check([work_row(5, protocol=None, accepted="NIE")]) == []


# -- repeated rows -------------------------------------------------------------------------


def test_a_row_twice_on_one_sheet_is_a_warning_and_counts_twice():
    issues = check([work_row(5, qty=4), work_row(5, qty=4)])
    assert [(i.code, i.cell, i.is_error) for i in issues] == [("DUPLICATE_ROW", "B9", False)]


def test_the_same_work_in_two_files_of_one_unit_is_an_error_at_the_later_file():
    first = timesheet([work_row(5, qty=4)], file="a.xlsx")
    second = timesheet([work_row(5, qty=5)], file="b.xlsx")
    result = validate([first, second], program=program(params=NO_MINIMUM))
    assert [(i.file, i.code, i.cell, i.is_error) for i in result.issues] == [
        ("b.xlsx", "DUPLICATE_ROW", "B8", True)
    ]
    assert result.withheld == {"1001"}
    # the second copy counts toward no limit: 2 × 22 h on one day is one day of 22 h
    # (two versions: the second says another protocol, or it would be the same file twice)
    big = [
        timesheet([work_row(5, qty=22, protocol=p)], file=f)
        for f, p in (("a.xlsx", "P/1"), ("b.xlsx", "P/2"))
    ]
    assert [i.code for i in validate(big, program=program()).issues] == ["DUPLICATE_ROW"]


def _history(days: list[str], hours: list[float], unit: str = "ZDIZ") -> pd.DataFrame:
    """Hours of 1001 (the debtor's own, PORZ) that `unit`'s timesheets had credited."""
    n = len(days)
    return pd.DataFrame(
        {
            "row_id": [f"H{i}" for i in range(n)],
            "month": [d[:7] for d in days],
            "account": ["1001"] * n,
            "unit_code": [unit] * n,
            "date": pd.to_datetime(days),
            "worker": [""] * n,
            "worker_id": [""] * n,
            "code": ["PORZ"] * n,
            "qty": [int(h * QTY_SCALE) for h in hours],
            "unit": ["h"] * n,
            "value": [int(h * 3140) for h in hours],
            "file": [f"karta_{unit}.xlsx"] * n,
            "sha256": [""] * n,
            "reverses": [""] * n,
            "reason": [""] * n,
            "document": [""] * n,
        }
    )


# -- the month and the sheets of one file ----------------------------------------------------


def test_the_months_first_and_last_day_are_inside_it():
    rows = [work_row(1, qty=4), work_row(31, qty=4)]
    assert check(rows, params=NO_MINIMUM) == []
    assert [(i.code, i.cell) for i in check([work_row(1, date=D(2026, 11, 1))])] == [
        ("DATE_OUTSIDE_MONTH", "B8")
    ]


def test_a_quantity_up_to_a_million_is_read():
    # m² of a big area: a million is read as such; more is a typo (NUMBER_INVALID)
    big = [work_row(5, code="MYC", unit="m2", qty=1_000_000)]
    assert [i.code for i in check(big, params=NO_MINIMUM)] == []
    bigger = [work_row(5, code="MYC", unit="m2", qty=1_000_001)]
    assert [(i.code, i.cell) for i in check(bigger, params=NO_MINIMUM)] == [
        ("NUMBER_INVALID", "H8")
    ]


def test_each_sheet_with_a_header_of_its_own_is_judged_by_it():
    # A workbook of two sheets: the second's own header says September.
    first = timesheet([work_row(5, qty=4)], sheet="Rozliczenie")
    second = timesheet([work_row(6, qty=4)], sheet="Rozliczenie (2)", month=(2026, 9))
    second = dataclasses.replace(second, part=1)
    issues = validate([first, second], program=program(params=NO_MINIMUM)).issues
    assert [(i.sheet, i.code) for i in issues] == [("Rozliczenie (2)", "MONTH_MISMATCH")]


def test_the_rows_of_the_months_first_and_last_day_are_credited():
    settled = settle([work_row(1, qty=4), work_row(31, qty=4)], params=NO_MINIMUM)
    [debtor] = settled.debtors
    assert (debtor.account, debtor.value, debtor.withheld) == ("1001", 2 * 4 * 3140, False)
    assert list(settled.credited_rows["_row"]) == [8, 9]


def test_the_debtors_name_in_wykonawca_is_the_debtor_as_dluznik_writes_it():
    # Dłużnik and Wykonawca both say "J. Kowalski" (the register: "Jan Kowalski"): the
    # debtor worked (a name to check, a warning), not a stranger to the account.
    rows = [work_row(5, debtor="J. Kowalski", worker="J. Kowalski")]
    assert [i.code for i in check(rows, params=NO_MINIMUM)] == ["NAME_MISMATCH"]
