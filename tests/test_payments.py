"""Kraków model (SPEC §2.4): wage transfers credited with the work value, in the same order."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import D, balances, sheet_rows, week_rows


@pytest.fixture
def make_payments(tmp_path: Path):
    def build(rows: list[list[object]], name: str = "wplaty_2026-10.xlsx") -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Wpłaty"
        sheet.append(["Nr konta", "Data", "Kwota (zł)", "Źródło", "Uwagi"])
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        book.save(path)
        return path

    return build


def test_transfers_are_credited_with_work(make_timesheet, make_payments, reconcile):
    payments = make_payments(
        [
            ["1001", D(2026, 10, 10), 600.00, "CIS", "wynagrodzenie"],
            ["1002", D(2026, 10, 28), "1 000,50", "roboty publiczne", ""],
        ]
    )
    status, output, out = reconcile(
        make_timesheet(week_rows()), extra=("--payments", str(payments))
    )
    assert status == 0, output
    # 1001: 251,20 zł of work + 600,00 zł transferred; 1002: 1 000,50 zł transferred only
    assert balances(out / "salda_2026-10.xlsx") == {
        "1001": (4148.8, 400),
        "1002": (3999.5, 400),
        "1003": (5000, 400),
    }
    paid = sheet_rows(out / "salda_2026-10.xlsx", "Historia wpłat")
    assert [(r[1], r[3], r[4]) for r in paid[1:]] == [
        ("1001", 600, "CIS"),
        ("1002", 1000.5, "roboty publiczne"),
    ]
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    heads = next(r for r in summary if r[0] == "Lp.")
    row = next(r for r in summary if r[1] == "1001")
    assert row[heads.index("Wartość (zł)")] == 851.2
    assert row[heads.index("W tym wpłaty (zł)")] == 600
    card = sheet_rows(out / "karty_dluznikow_2026-10.xlsx", "1002 Anna Nowak")
    assert ("10.2026", 0, 1000.5, 1000.5, 1000.5, 0, 0, 3999.5, 400) in card


def test_transfers_follow_the_allocation_order(
    make_timesheet, make_payments, make_program, reconcile
):
    program = make_program(params={"kolejnosc_zaliczania": "odsetki, należność główna"})
    payments = make_payments([["1002", D(2026, 10, 5), 500, "przygotowanie zawodowe", ""]])
    status, _, out = reconcile(
        make_timesheet(week_rows()), program=program, extra=("--payments", str(payments))
    )
    assert balances(out / "salda_2026-10.xlsx")["1002"] == (4900, 0)


@pytest.mark.parametrize(
    "row,code,cell",
    [
        (["1001", D(2026, 11, 2), 100, "CIS", ""], "DATE_OUTSIDE_MONTH", "B2"),
        (["1001", D(2026, 10, 2), 0, "CIS", ""], "VALUE_INVALID", "C2"),
        (["1001", D(2026, 10, 2), 100, "zasiłek", ""], "VALUE_INVALID", "D2"),
        (["1001", D(2026, 10, 2), "sto", "CIS", ""], "NUMBER_INVALID", "C2"),
        (["1001", None, 100, "CIS", ""], "VALUE_MISSING", "B2"),
    ],
)
def test_a_bad_transfer_withholds_that_debtor(
    make_timesheet, make_payments, reconcile, row, code, cell
):
    payments = make_payments([row, ["1002", D(2026, 10, 5), 100, "CIS", ""]])
    status, _, out = reconcile(make_timesheet(week_rows()), extra=("--payments", str(payments)))
    issues = sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")[1:]
    assert [(r[1], r[2], r[5], r[7]) for r in issues] == [("Wpłaty", cell, "1001", code)]
    after = balances(out / "salda_2026-10.xlsx")
    assert after["1001"] == (5000, 400) and after["1002"] == (4900, 400)
    assert status == 1


def test_transfer_to_an_unknown_account(make_timesheet, make_payments, reconcile):
    payments = make_payments([["9999", D(2026, 10, 5), 100, "CIS", ""]])
    status, _, out = reconcile(make_timesheet(week_rows()), extra=("--payments", str(payments)))
    issues = sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")[1:]
    assert [(r[2], r[7]) for r in issues] == [("A2", "ACCOUNT_UNKNOWN")]


def test_rerun_does_not_credit_transfers_twice(make_timesheet, make_payments, reconcile, tmp_path):
    payments = make_payments([["1002", D(2026, 10, 5), 100, "CIS", ""]])
    sheet = make_timesheet(week_rows())
    _, _, first = reconcile(sheet, out=tmp_path / "a", extra=("--payments", str(payments)))
    status, _, second = reconcile(
        sheet,
        debts=first / "salda_2026-10.xlsx",
        out=tmp_path / "b",
        extra=("--payments", str(payments)),
    )
    assert balances(second / "salda_2026-10_2.xlsx")["1002"] == (4900, 400)
    issues = sheet_rows(second / "bledy_2026-10.xlsx", "Błędy")[1:]
    assert sorted(r[7] for r in issues) == ["ALREADY_CREDITED", "ALREADY_CREDITED"]
    assert status == 0


def test_summary_sums_per_intake_office(make_timesheet, make_payments, make_program, reconcile):
    program = make_program(
        participants=[
            {"account": "1001", "office": "Biuro Nowa Huta"},
            {"account": "1002", "office": "Biuro Podgórze"},
            {"account": "1003", "office": "Biuro Podgórze"},
        ]
    )
    payments = make_payments(
        [["1002", D(2026, 10, 5), 100, "CIS", ""], ["1003", D(2026, 10, 6), 50, "CIS", ""]]
    )
    status, _, out = reconcile(
        make_timesheet(week_rows()), program=program, extra=("--payments", str(payments))
    )
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Sumy i wykresy")
    start = next(i for i, r in enumerate(summary) if r[0] == "Według biur przyjmujących wnioski")
    assert summary[start + 2 : start + 4] == [
        ("", "Biuro Nowa Huta", 1, 251.2, 0) + (None,) * (len(summary[0]) - 5),
        ("", "Biuro Podgórze", 2, 0, 150) + (None,) * (len(summary[0]) - 5),
    ]


def test_a_transfer_after_the_participation_limit_is_warned_of(
    make_timesheet, make_payments, make_program, reconcile
):
    # 1002 signed on 1.03.2025; with at most 12 months, participation ended on 28.02.2026.
    program = make_program(
        params={"max_miesiecy_udzialu": 12},
        participants=[{"account": "1001"}, {"account": "1002", "agreement_on": D(2025, 3, 1)}],
    )
    payments = make_payments(
        [
            ["1002", D(2026, 10, 5), 100, "CIS", ""],
            ["1002", D(2026, 10, 19), 100, "CIS", ""],
            ["1001", D(2026, 10, 6), 50, "CIS", ""],
        ]
    )
    status, output, out = reconcile(
        make_timesheet(week_rows()), program=program, extra=("--payments", str(payments))
    )
    issues = [
        r
        for r in sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")[1:]
        if r[7] == "PARTICIPATION_TOO_LONG"
    ]
    assert [(r[0], r[1], r[2], r[5], r[6]) for r in issues] == [
        ("wplaty_2026-10.xlsx", "Wpłaty", "B2", "1002", "ostrzeżenie")
    ]
    assert "udział od 01.03.2025 kończy się 28.02.2026" in issues[0][8]
    assert "wpłata z dnia 05.10.2026 (i jeszcze 1 tego konta w tym pliku)." in issues[0][8]
    # a warning: the transfers are credited all the same
    assert status == 0, output
    assert balances(out / "salda_2026-10.xlsx")["1002"] == (4800, 400)


def test_a_transfer_on_the_participations_last_day_is_within_it(
    make_timesheet, make_payments, make_program, reconcile
):
    # 1002 signed on 1.11.2025; with at most 12 months, participation ends on 31.10.2026.
    program = make_program(
        params={"max_miesiecy_udzialu": 12},
        participants=[{"account": "1001"}, {"account": "1002", "agreement_on": D(2025, 11, 1)}],
    )
    payments = make_payments([["1002", D(2026, 10, 31), 100, "CIS", ""]])
    status, output, out = reconcile(
        make_timesheet(week_rows()), program=program, extra=("--payments", str(payments))
    )
    assert status == 0, output
    codes = [r[7] for r in sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")[1:]]
    assert "PARTICIPATION_TOO_LONG" not in codes
    assert balances(out / "salda_2026-10.xlsx")["1002"] == (4900, 400)
