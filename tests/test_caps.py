"""Other cities' caps (SPEC §8): a total cap per account, an applicant's debt limit with a
consent, the age of the arrears."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import week_rows, work_row
from kit import debts, program, settle

from odpracowanie.core.rules.register_health import check_register_health

NO_MINIMUM = {"min_hours_week": 0}
MONTH_OF_WORK = [work_row(5), *week_rows(), work_row(12, qty=4)]  # 16 h × 31,40 = 502,40 zł


def _month(params: dict, credited) -> tuple:
    settled = settle(MONTH_OF_WORK, params={**NO_MINIMUM, **params}, owed=debts(credited=credited))
    [debtor] = settled.debtors
    codes = [(i.code, i.fields.get("before"), i.fields.get("capped")) for i in settled.issues]
    return debtor.allocation.credited, debtor.allocation.capped, codes


def test_the_total_cap_counts_every_month_credited_before():
    # 500,00 zł at most; 400,00 zł credited in 2025 and 2026 -> 100,00 zł of 502,40 zł
    credited, capped, codes = _month(
        {"max_total_grosze": 50000}, [("2025-12", "1001", 30000), ("2026-09", "1001", 10000)]
    )
    assert (credited, capped) == (10000, 40240)
    assert codes == [("TOTAL_CAP", "400,00 zł", "402,40 zł")]


def test_the_total_cap_counts_what_went_to_interest_and_costs_too():
    credited, capped, codes = _month(
        {"max_total_grosze": 50000},
        [("2025-12", "1001", 20000, "costs"), ("2026-09", "1001", 20000, "interest")],
    )
    assert (credited, capped) == (10000, 40240)
    assert codes == [("TOTAL_CAP", "400,00 zł", "402,40 zł")]


def test_a_total_cap_not_reached_changes_nothing():
    credited, capped, codes = _month({"max_total_grosze": 100000}, [("2026-09", "1001", 10000)])
    assert (credited, capped, codes) == (50240, 0, [])


@pytest.mark.parametrize(
    ("year", "total", "binds", "credited"),
    [(30000, 100000, "YEAR_CAP", 5000), (100000, 45000, "TOTAL_CAP", 5000)],
)
def test_of_two_caps_the_one_with_less_room_binds(year, total, binds, credited):
    # 250,00 zł this year, 150,00 zł in 2025: year room 50,00 zł of 300,00 zł, total 50,00 zł
    # of 450,00 zł
    params = {"max_year_grosze": year, "max_total_grosze": total}
    got, _, codes = _month(params, [("2025-05", "1001", 15000), ("2026-09", "1001", 25000)])
    assert got == credited
    assert [c[0] for c in codes] == [binds]


def test_a_year_cap_does_not_count_last_year():
    credited, capped, codes = _month({"max_year_grosze": 30000}, [("2025-12", "1001", 29000)])
    assert (credited, capped, codes) == (30000, 20240, [("YEAR_CAP", "0,00 zł", "202,40 zł")])


# -- the register ---------------------------------------------------------------------------


def _register(params: dict, people: list[dict], owed, day=dt.date(2026, 11, 30)):
    found = check_register_health(program(params=params, participants=people), owed, day)
    return [(i.code, i.account, i.fields.get("eligible")) for i in found]


def test_an_applicants_debt_over_the_limit_needs_the_directors_consent():
    owed = debts({"1001": (2_100_000, 0), "1002": (2_100_000, 0), "1003": (1_000_000, 0)})
    people = [
        {"account": "1001", "status": "oczekuje", "agreement_on": None},
        {"account": "1002", "status": "oczekuje", "agreement_on": None, "override": "Z/3/2026"},
        {"account": "1003", "status": "oczekuje", "agreement_on": None},
    ]
    limit = {"max_debt_grosze": 2_000_000}
    assert _register(limit, people, owed) == [("DEBT_OVER_LIMIT", "1001", None)]
    # "nie" or "brak" in the consent column is no consent
    people[1]["override"] = "NIE"
    assert [c for c, *_ in _register(limit, people, owed)] == ["DEBT_OVER_LIMIT"] * 2


def test_the_debt_limit_counts_principal_and_interest_not_costs():
    # SPEC §2.1: 19 000 + 500 zł is within 20 000 zł, whatever the court costs
    owed = debts({"1001": (1_900_000, 50_000, 100_000), "1002": (1_900_000, 150_000, 0)})
    people = [{"account": a, "status": "oczekuje", "agreement_on": None} for a in ("1001", "1002")]
    found = _register({"max_debt_grosze": 2_000_000}, people, owed)
    assert found == [("DEBT_OVER_LIMIT", "1002", None)]


@pytest.mark.parametrize(
    ("day", "status", "too_recent"),
    [
        (dt.date(2026, 11, 30), "oczekuje", True),
        (dt.date(2026, 12, 1), "oczekuje", False),
        (dt.date(2026, 11, 30), "zakwalifikowany", True),
        (dt.date(2026, 11, 30), "uczestnik", False),
    ],
)
def test_arrears_must_be_old_enough_for_an_applicant(day, status, too_recent):
    # owed since 1.06.2026: six months old on 1.12.2026
    owed = debts({"1001": (100000, 0)}, since={"1001": dt.date(2026, 6, 1)})
    people = [{"account": "1001", "status": status}]
    if status != "uczestnik":
        people[0]["agreement_on"] = None
        people[0]["qualified_on"] = None if status == "oczekuje" else dt.date(2026, 11, 20)
    found = _register({"min_arrears_months": 6}, people, owed, day)
    assert found == ([("ARREARS_TOO_RECENT", "1001", "01.12.2026")] if too_recent else [])


def test_without_the_arrears_date_or_the_parameter_nothing_is_judged():
    people = [{"account": "1001", "status": "oczekuje", "agreement_on": None}]
    owed = debts({"1001": (100000, 0)})
    assert _register({"min_arrears_months": 6}, people, owed) == []
    owed = debts({"1001": (100000, 0)}, since={"1001": dt.date(2026, 11, 1)})
    assert _register({}, people, owed) == []


# -- through the command line: a capped month, and its correction ----------------------------


@pytest.mark.parametrize(
    ("params", "balance", "after"),
    [
        ({"max_kwoty_lacznie": 200}, [5000.0, 400.0], (4800, 400)),  # 176,80 zł above the cap
        ({}, [100.0, 50.0], (0, 0)),  # 226,80 zł above the whole debt (surplus)
    ],
)
def test_a_month_above_a_cap_or_the_debt_is_corrected_to_the_grosz(
    make_timesheet, make_program, make_debts, reconcile, tmp_path, params, balance, after
):
    from click.testing import CliRunner
    from conftest import balances

    from odpracowanie.cli import main

    program = make_program(params=params)
    debts = make_debts([["1001", "Jan Kowalski", "ul. Testowa 1", *balance, dt.date(2026, 9, 30)]])
    month = make_timesheet([work_row(d, qty=4) for d in (5, 6, 7)])  # 376,80 zł
    code, output, first = reconcile(month, program=program, debts=debts, out=tmp_path / "m")
    assert code == 0, output
    ledger = first / "salda_2026-10.xlsx"
    assert balances(ledger)["1001"] == after
    args = ["--reason", "błąd", "--document", "K/1", "--account", "1001", "--month", "2026-10"]
    fixed = tmp_path / "k"
    run = CliRunner().invoke(
        main,
        ["correct", "--program", str(program), "--debts", str(ledger), "--out", str(fixed), *args],
    )
    assert run.exit_code == 0, run.output
    returned = 5000 - after[0] + 400 - after[1] if params else sum(balance)
    assert f"{returned:,.2f} zł".replace(",", " ").replace(".", ",") in run.output
    assert balances(fixed / "salda_2026-10_2.xlsx")["1001"] == tuple(balance)
    check = CliRunner().invoke(main, ["ledger", "check", str(fixed / "salda_2026-10_2.xlsx")])
    assert check.exit_code == 0, check.output


def test_one_row_of_a_month_above_the_debt_comes_back_from_the_surplus_first(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    from click.testing import CliRunner
    from conftest import balances, sheet_rows

    from odpracowanie.cli import main

    program = make_program()
    debts = make_debts([["1001", "Jan Kowalski", "ul. A", 100.0, 50.0, dt.date(2026, 9, 30)]])
    month = make_timesheet([work_row(d, qty=4) for d in (5, 6, 7)])  # 376,80 zł of 150,00 zł
    code, output, first = reconcile(month, program=program, debts=debts, out=tmp_path / "m")
    assert code == 0, output
    ledger = first / "salda_2026-10.xlsx"
    row_id = sheet_rows(ledger, "Historia prac")[1][0]
    fixed = tmp_path / "k"
    run = CliRunner().invoke(
        main,
        [
            *("correct", "--program", str(program), "--debts", str(ledger), "--out", str(fixed)),
            *("--reason", "błąd", "--document", "K/2", "--row", row_id),
        ],
    )
    assert run.exit_code == 0, run.output
    # 125,60 zł taken back: 251,20 zł still pays the whole debt, the rest was surplus
    assert balances(fixed / "salda_2026-10_2.xlsx")["1001"] == (0, 0)
    lines = sheet_rows(fixed / "salda_2026-10_2.xlsx", "Historia rozliczeń")
    correcting = [r for r in lines[1:] if r[2] == "korekta K/2"]
    assert [(r[5], r[7], r[8], r[9]) for r in correcting] == [(-125.6, 0, 0, -125.6)]


def test_a_correction_under_a_cap_never_raises_what_was_credited(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    """October credits 200,00 zł (the total cap) of 376,80 zł; November's 376,80 zł is all
    above the cap. October is then corrected whole (its 200,00 zł come back), and one row of
    November after it: that row was never credited, so nothing comes back and nothing is
    taken — the room November had is its own, not what the corrected ledger shows now."""
    from click.testing import CliRunner
    from conftest import D, balances, sheet_rows

    from odpracowanie.cli import main

    program = make_program(params={"max_kwoty_lacznie": 200})
    debts = make_debts([["1001", "Jan Kowalski", "ul. A", 5000.0, 400.0, dt.date(2026, 9, 30)]])
    october = make_timesheet([work_row(d) for d in (5, 6, 7)], name="paz.xlsx")
    _, _, first = reconcile(october, program=program, debts=debts, out=tmp_path / "o")
    rows = [work_row(d, date=D(2026, 11, d), protocol=f"N/{d}") for d in (2, 3, 4)]
    november = make_timesheet(rows, month="2026-11", name="lis.xlsx")
    code, output, second = reconcile(
        november,
        program=program,
        debts=first / "salda_2026-10.xlsx",
        month="2026-11",
        out=tmp_path / "n",
    )
    assert code == 0, output
    assert balances(second / "salda_2026-11.xlsx")["1001"] == (4800, 400)

    def correct(ledger, out, *what):
        run = CliRunner().invoke(
            main,
            [
                *("correct", "--program", str(program), "--debts", str(ledger)),
                *("--out", str(out), "--reason", "błąd", *what),
            ],
        )
        assert run.exit_code == 0, run.output
        [made] = out.glob("salda_*.xlsx")
        return made

    whole = correct(
        second / "salda_2026-11.xlsx",
        tmp_path / "k1",
        "--document",
        "K/1",
        "--account",
        "1001",
        "--month",
        "2026-10",
    )
    assert balances(whole)["1001"] == (5000, 400)
    row = next(r[0] for r in sheet_rows(whole, "Historia prac")[1:] if r[1] == "2026-11")
    one = correct(whole, tmp_path / "k2", "--document", "K/2", "--row", row)
    assert balances(one)["1001"] == (5000, 400)
    assert not list((tmp_path / "k2").glob("ksiegowanie_*"))  # nothing to book
