"""Register rules (SPEC §3; rules §3.4, §4.2, §5.2): participants, agreements, BHP, NNW, proxies."""

from __future__ import annotations

import pytest
from conftest import PROXY_ADULT, D, codes, found, week_rows, work_row

from odpracowanie.core.rules.register import birth_date, eighteenth_birthday, pesel_problem


@pytest.mark.parametrize("status", ["oczekuje", "zakwalifikowany", "wykreślony", "zakończył"])
def test_not_participant_once_per_file_and_account(make_program, make_timesheet, validate, status):
    program = make_program(
        participants=[{"account": "1001", "status": status}, {"account": "1002"}]
    )
    rows = [*week_rows(), *week_rows("1002")]
    status_code, issues = validate(make_timesheet(rows), program=program)
    assert found(issues) == [("NOT_PARTICIPANT", "Rozliczenie", "C8", "1001")]
    assert status in issues[0]["message"]


def test_not_in_register_at_all(make_program, make_timesheet, validate):
    program = make_program(participants=[{"account": "1002"}])
    status, issues = validate(make_timesheet(week_rows()), program=program)
    assert found(issues) == [("NOT_PARTICIPANT", "Rozliczenie", "C8", "1001")]
    assert "nie występuje w rejestrze" in issues[0]["message"]


def test_not_participant_rejected_rows_are_not_judged(make_program, make_timesheet, validate):
    program = make_program(participants=[{"account": "1001", "status": "oczekuje"}])
    rows = [work_row(5, accepted="NIE", protocol=None)]
    assert validate(make_timesheet(rows), program=program)[1] == []


def test_before_agreement_and_on_the_day(make_program, make_timesheet, validate):
    program = make_program(
        participants=[{"account": "1001", "agreement_on": D(2026, 10, 6), "bhp_on": D(2026, 10, 1)}]
    )
    rows = [work_row(5), work_row(6), work_row(7)]
    status, issues = validate(make_timesheet(rows), program=program)
    assert found(issues) == [("BEFORE_AGREEMENT", "Rozliczenie", "B8", "1001")]
    assert "06.10.2026" in issues[0]["message"]


def test_no_agreement_date(make_program, make_timesheet, validate):
    program = make_program(participants=[{"account": "1001", "agreement_on": None}])
    rows = [work_row(5), work_row(7), work_row(6)]
    status, issues = validate(make_timesheet(rows), program=program)
    assert found(issues) == [("BEFORE_AGREEMENT", "Rozliczenie", "B8", "1001")]
    assert "i jeszcze 2" in issues[0]["message"]


def test_no_bhp(make_program, make_timesheet, validate):
    program = make_program(
        participants=[
            {"account": "1001", "bhp_on": D(2026, 10, 8)},
            {"account": "1002", "bhp_on": None},
        ]
    )
    rows = [work_row(8), work_row(7), work_row(9), *week_rows("1002")]
    status, issues = validate(make_timesheet(rows), program=program)
    assert found(issues) == [
        ("NO_BHP", "Rozliczenie", "B9", "1001"),
        ("NO_BHP", "Rozliczenie", "B11", "1002"),
    ]


@pytest.mark.parametrize(
    "start,end,bad",
    [
        (D(2026, 10, 1), D(2026, 10, 31), False),
        (D(2026, 10, 2), D(2026, 12, 31), True),
        (D(2026, 1, 1), D(2026, 10, 30), True),
        (None, None, True),
        (D(2026, 1, 1), None, True),  # one date of the two missing: not covered
        (None, D(2026, 12, 31), True),
    ],
)
def test_no_insurance_for_the_whole_month(make_program, make_timesheet, validate, start, end, bad):
    program = make_program(
        participants=[{"account": "1001", "insurance_from": start, "insurance_to": end}]
    )
    status, issues = validate(make_timesheet(week_rows()), program=program)
    assert found(issues) == ([("NO_INSURANCE", "Rozliczenie", "B8", "1001")] if bad else [])
    if bad:  # a period that misses part of the month is named; a missing date is said so
        said = "nie obejmuje całego miesiąca 10.2026" if start and end else "brak ubezpieczenia"
        assert said in issues[0]["message"]


@pytest.mark.parametrize(
    "statuses",
    [
        ("wykreślony", "uczestnik"),  # struck off, then taken back
        ("uczestnik", "oczekuje"),  # a participant who applied again
        ("uczestnik", "zakończył", "uczestnik"),
    ],
)
def test_a_participants_row_wins_among_an_accounts_rows(
    make_program, make_timesheet, validate, statuses
):
    program = make_program(participants=[{"account": "1001", "status": s} for s in statuses])
    status, issues = validate(make_timesheet(week_rows()), program=program)
    assert (status, issues) == (0, [])


def test_of_an_accounts_rows_without_a_participant_the_last_is_said(
    make_program, make_timesheet, validate
):
    program = make_program(
        participants=[
            {"account": "1001", "status": "oczekuje"},
            {"account": "1001", "status": "zakończył"},
        ]
    )
    status, issues = validate(make_timesheet([work_row(5), *week_rows()]), program=program)
    assert found(issues) == [("NOT_PARTICIPANT", "Rozliczenie", "C8", "1001")]
    assert "zakończył" in issues[0]["message"]


def test_a_register_issue_says_how_many_more_rows_it_covers(make_program, make_timesheet, validate):
    program = make_program(participants=[{"account": "1001", "bhp_on": None}])
    status, issues = validate(make_timesheet([work_row(5), *week_rows()]), program=program)
    assert found(issues) == [("NO_BHP", "Rozliczenie", "B8", "1001")]
    assert "(i jeszcze 2 wiersze tego konta w tej karcie)" in issues[0]["message"]
    one = make_timesheet([work_row(5, qty=8)], name="jeden.xlsx")
    status, issues = validate(one, program=program)
    assert found(issues) == [("NO_BHP", "Rozliczenie", "B8", "1001")]
    assert "i jeszcze" not in issues[0]["message"]  # one row: nothing more to say


def test_worker_not_authorized(make_timesheet, validate):
    rows = [
        work_row(5, worker="Jan Obcy"),
        work_row(6, worker="Kowalski Jan"),
        work_row(7, worker="Marek Kowalski"),
        *week_rows(),
    ]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("WORKER_NOT_AUTHORIZED", "Rozliczenie", "E8", "1001")]


def test_proxy_of_another_account_is_not_authorized(make_timesheet, validate):
    rows = [work_row(5, account="1002", worker="Marek Kowalski"), *week_rows("1002")]
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("WORKER_NOT_AUTHORIZED", "Rozliczenie", "E8", "1002")]


def test_worker_minor_by_pesel_until_the_18th_birthday(make_program, make_timesheet, validate):
    # Born 07.10.2008 (PESEL month 30 = October of the 2000s): 18 on 07.10.2026.
    program = make_program(proxies=[["1001", "Ola Kowalska", "08300712368"]])
    assert pesel_problem("08300712368") is None
    rows = [
        work_row(5, worker="Ola Kowalska"),
        work_row(7, worker="Ola Kowalska"),
        work_row(8),
        work_row(9),
    ]
    status, issues = validate(make_timesheet(rows), program=program)
    assert found(issues) == [("WORKER_MINOR", "Rozliczenie", "E8", "1001")]
    assert "05.10.2026" in issues[0]["message"]


@pytest.mark.parametrize(
    ("born", "adult"),
    [
        (D(2008, 2, 29), D(2026, 2, 28)),  # no 29 February in 2026: its last day (art. 112 k.c.)
        (D(2010, 2, 28), D(2028, 2, 28)),
        (D(2004, 2, 29), D(2022, 2, 28)),
        (D(2008, 12, 31), D(2026, 12, 31)),
        (D(2006, 3, 1), D(2024, 3, 1)),
    ],
)
def test_a_person_is_adult_on_the_18th_birthday(born, adult):
    assert eighteenth_birthday(born) == adult


def test_work_on_the_18th_birthday_is_an_adults(make_program, make_timesheet, validate):
    # Born 07.10.2008: 18 on 07.10.2026, so a row of that day (and of the 8th) is an adult's,
    # one of the 6th a minor's.
    program = make_program(proxies=[["1001", "Ola Kowalska", "08300712368"]])
    rows = [work_row(7, worker="Ola Kowalska"), work_row(8, worker="Ola Kowalska"), work_row(9)]
    status, issues = validate(make_timesheet(rows), program=program)
    assert "WORKER_MINOR" not in codes(issues)
    rows = [work_row(6, worker="Ola Kowalska"), work_row(8), work_row(9)]
    status, issues = validate(make_timesheet(rows, name="wczesniej.xlsx"), program=program)
    assert found(issues) == [("WORKER_MINOR", "Rozliczenie", "E8", "1001")]
    assert issues[0]["message"].count("06.10.2026") == 1


def test_pesel_invalid_points_at_the_register(make_program, make_timesheet, validate):
    program = make_program(proxies=[list(PROXY_ADULT), ["1001", "Ewa Kowalska", "12345678901"]])
    rows = [work_row(5, worker="Ewa Kowalska"), *week_rows()]
    status, issues = validate(make_timesheet(rows), program=program)
    assert [(i["file"], i["sheet"], i["cell"], i["code"], i["account"]) for i in issues] == [
        ("program.xlsx", "Upoważnieni", "C3", "PESEL_INVALID", "1001")
    ]
    assert status == 1


def test_pesel_helpers():
    assert pesel_problem("") == "brak numeru PESEL"
    assert pesel_problem("123") == "PESEL ma 11 cyfr"
    assert pesel_problem("71031412372") == "cyfra kontrolna się nie zgadza"
    assert birth_date("71031412371") == D(1971, 3, 14)
    assert birth_date("08300712368") == D(2008, 10, 7)


def test_register_row_error_withholds_only_that_account(make_program, make_timesheet, validate):
    program = make_program(
        participants=[{"account": "1001", "insurance_from": "1.13.2026"}, {"account": "1002"}]
    )
    rows = [*week_rows(), *week_rows("1002")]
    status, issues = validate(make_timesheet(rows), program=program)
    assert [(i["sheet"], i["code"], i["account"]) for i in issues] == [
        ("Uczestnicy", "DATE_INVALID", "1001")
    ]
    assert issues[0]["cell"] == "M2" and status == 1
    assert "NO_INSURANCE" not in codes(issues)  # one cause, one issue


def test_per_account_dates_map_to_rows_and_missing_ones_are_not_a_time():
    import datetime as dt

    import pandas as pd

    from odpracowanie.core.rules.register import _dates_of

    rows = pd.DataFrame({"account": ["1001", "1002", "9999"]}, index=[5, 6, 7])
    found = _dates_of(rows, {"1001": dt.date(2026, 10, 1), "1002": None})
    assert found.dtype == "datetime64[ns]" and list(found.index) == [5, 6, 7]
    assert found[5] == pd.Timestamp(2026, 10, 1) and found[6:].isna().all()
    assert _dates_of(rows, {}).isna().all()
