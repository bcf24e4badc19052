"""`odpracowanie register check` and `register queue` (SPEC §5; rules §5.5–5.13)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import D, work_row

from odpracowanie.cli import main


def _check(program, *extra: str):
    result = CliRunner().invoke(
        main, ["register", "check", "--program", str(program), "--format", "json", *extra]
    )
    return result.exit_code, json.loads(result.stdout)


def test_clean_register(make_program):
    assert _check(make_program(), "--date", "2026-11-23") == (0, [])
    text = CliRunner().invoke(
        main, ["register", "check", "--program", str(make_program()), "--date", "2026-11-23"]
    )
    assert text.stdout == ""
    assert "Rejestr na dzień 23.11.2026: błędy 0, ostrzeżenia 0." in text.stderr


def test_pesel_invalid_in_register_and_proxies(make_program):
    program = make_program(
        participants=[
            {"account": "1001", "pesel": "71031412372"},
            {"account": "1002", "pesel": "123", "status": "wykreślony"},
        ],
        proxies=[["1001", "Ewa Kowalska", ""]],
    )
    status, issues = _check(program, "--date", "2026-11-23")
    assert [(i["sheet"], i["cell"], i["code"], i["account"]) for i in issues] == [
        ("Uczestnicy", "E2", "PESEL_INVALID", "1001"),
        ("Upoważnieni", "C2", "PESEL_INVALID", "1001"),
    ]
    assert status == 1


def test_duplicate_account_on_two_active_rows(make_program):
    program = make_program(
        participants=[
            {"account": "1001"},
            {"account": "1001", "status": "oczekuje"},
            {"account": "1002", "status": "zakończył"},
            {"account": "1002"},
        ]
    )
    status, issues = _check(program, "--date", "2026-11-23")
    assert [(i["cell"], i["code"]) for i in issues] == [("C3", "DUPLICATE_ACCOUNT")]
    assert status == 1


def test_signing_overdue_after_30_days(make_program):
    program = make_program(
        participants=[
            {
                "account": "1001",
                "status": "zakwalifikowany",
                "qualified_on": D(2026, 10, 1),
                "agreement_on": None,
            }
        ]
    )
    assert _check(program, "--date", "2026-10-31") == (0, [])  # 30 days: still in time
    status, issues = _check(program, "--date", "2026-11-01")
    assert [(i["cell"], i["code"], i["severity"]) for i in issues] == [
        ("I2", "SIGNING_OVERDUE", "warning")
    ]
    assert status == 0


def test_refusals_limit(make_program):
    program = make_program(
        participants=[
            {"account": "1001", "refusals": 3},
            {"account": "1002", "refusals": 2},
            {"account": "1003", "refusals": 5, "status": "wykreślony"},
        ]
    )
    status, issues = _check(program, "--date", "2026-11-23")
    assert [(i["cell"], i["code"]) for i in issues] == [("K2", "REFUSALS_LIMIT")]


def test_debt_over_limit_katowice(make_program, make_debts):
    program = make_program(
        params={"max_zadluzenia": 20000},
        participants=[
            {"account": "1001", "status": "oczekuje"},
            {"account": "1002", "status": "zakwalifikowany"},
        ],
    )
    debts = make_debts(
        [
            ["1001", "Jan Kowalski", "", 19000.00, 1000.01, None],
            ["1002", "Anna Nowak", "", 19000.00, 1000.00, None],
        ]
    )
    status, issues = _check(program, "--debts", str(debts), "--date", "2026-11-23")
    assert [(i["cell"], i["code"], i["account"]) for i in issues] == [
        ("H2", "DEBT_OVER_LIMIT", "1001")
    ]
    assert "20 000,01 zł" in issues[0]["message"] and status == 1


def test_participation_too_long_krakow(make_program, make_timesheet, validate):
    program = make_program(
        params={"max_miesiecy_udzialu": 18},
        participants=[
            {"account": "1001", "agreement_on": D(2025, 4, 10), "bhp_on": D(2025, 4, 10)}
        ],
    )
    assert _check(program, "--date", "2026-10-09")[1] == []  # the last day of 18 months
    status, issues = _check(program, "--date", "2026-10-10")
    assert [(i["cell"], i["code"]) for i in issues] == [("J2", "PARTICIPATION_TOO_LONG")]
    rows = [work_row(8), work_row(9), work_row(12), work_row(13)]
    status, issues = validate(make_timesheet(rows), program=program)
    assert [(i["cell"], i["code"]) for i in issues] == [("B10", "PARTICIPATION_TOO_LONG")]


def test_queue_in_application_order_with_refusals(make_program):
    program = make_program(
        participants=[
            {"account": "1001", "application": "W/10", "application_date": D(2026, 2, 1)},
            {
                "account": "1002",
                "application": "W/9",
                "application_date": D(2026, 2, 1),
                "status": "zakwalifikowany",
                "refusals": 2,
            },
            {
                "account": "1003",
                "application": "W/1",
                "application_date": D(2026, 1, 5),
                "status": "oczekuje",
            },
        ]
    )
    result = CliRunner().invoke(
        main, ["register", "queue", "--program", str(program), "--format", "json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "position": 1,
            "application": "W/9",
            "date": "2026-02-01",
            "account": "1002",
            "name": "Anna Nowak",
            "status": "zakwalifikowany",
            "refusals": 2,
            "at_limit": False,
        },
        {
            "position": 2,
            "application": "W/10",
            "date": "2026-02-01",
            "account": "1001",
            "name": "Jan Kowalski",
            "status": "uczestnik",
            "refusals": 0,
            "at_limit": False,
        },
    ]
    text = CliRunner().invoke(main, ["register", "queue", "--program", str(program)]).stdout
    assert text.splitlines()[1].split()[:3] == ["1", "W/9", "01.02.2026"]


def test_register_check_unusable_program_exits_2(make_program):
    result = CliRunner().invoke(
        main, ["register", "check", "--program", str(make_program(params={"nieznany": 1}))]
    )
    assert result.exit_code == 2


def test_date_option_is_checked(make_program):
    result = CliRunner().invoke(
        main, ["register", "check", "--program", str(make_program()), "--date", "23.11.2026"]
    )
    assert result.exit_code == 2 and "RRRR-MM-DD" in result.output
