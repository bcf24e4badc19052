"""`odpracowanie approve` (SPEC §7, rules §5.20): the Mayor's decision on a month's credits."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import balances, sheet_rows, week_rows, work_row

from odpracowanie.cli import main


def _approve(program, ledger, out, *args: str):
    return CliRunner().invoke(
        main,
        [
            "approve",
            "--program",
            str(program),
            "--debts",
            str(ledger),
            "--month",
            "2026-10",
            "--decision",
            "Zarządzenie 123/2026",
            "--date",
            "2026-11-20",
            "--out",
            str(out),
            *args,
        ],
    )


def _states(ledger) -> list[tuple]:
    return [(r[1], r[2], r[15]) for r in sheet_rows(ledger, "Historia rozliczeń")[1:]]


def test_an_approval_with_one_account_rejected(make_timesheet, make_program, reconcile, tmp_path):
    program = make_program()
    _, _, month = reconcile(
        make_timesheet([*week_rows(), *week_rows("1002")]), program=program, out=tmp_path / "m"
    )
    ledger = month / "salda_2026-10.xlsx"
    assert _states(ledger) == [
        ("1001", "", "oczekuje na zatwierdzenie"),
        ("1002", "", "oczekuje na zatwierdzenie"),
    ]
    result = _approve(program, ledger, tmp_path / "z", "--reject", "1002")
    assert result.exit_code == 0, result.output
    assert "zatwierdzono zaliczenia 1 kont, odrzucono 1 (cofnięto 251,20 zł)" in result.output
    approved = tmp_path / "z" / "salda_2026-10_2.xlsx"
    assert balances(approved) == {"1001": (4748.8, 400), "1002": (5000, 400), "1003": (5000, 400)}
    assert _states(approved) == [
        ("1001", "", "zatwierdzone: Zarządzenie 123/2026 z 20.11.2026"),
        ("1002", "", "odrzucone: Zarządzenie 123/2026 z 20.11.2026"),
        ("1002", "korekta Zarządzenie 123/2026", ""),
    ]
    reversals = [r for r in sheet_rows(approved, "Historia prac")[1:] if r[12]]
    assert [(r[2], r[7], r[13], r[14]) for r in reversals] == [
        ("1002", -4, "odrzucone przez Prezydenta: Zarządzenie 123/2026", "Zarządzenie 123/2026")
    ] * 2
    check = CliRunner().invoke(main, ["ledger", "check", str(approved)])
    assert check.exit_code == 0, check.output
    # nothing awaits a decision any more
    again = _approve(program, approved, tmp_path / "z2")
    assert again.exit_code == 2 and "czekających na zatwierdzenie" in again.output
    # a supplementary run after the decision awaits one of its own
    resent = make_timesheet([*week_rows(), *week_rows("1002"), work_row(12, "1001")], name="b.xlsx")
    _, output, late = reconcile(resent, program=program, debts=approved, out=tmp_path / "m2")
    # only 1001's new 12.10; 1002's rejected work is never credited again by the same rows
    assert "Zaliczono: 125,60 zł" in output
    assert balances(late / "salda_2026-10_3.xlsx")["1002"] == (5000, 400)
    assert _states(late / "salda_2026-10_3.xlsx") == [
        ("1001", "", "zatwierdzone: Zarządzenie 123/2026 z 20.11.2026"),
        ("1001", "ponowne rozliczenie 1", "oczekuje na zatwierdzenie"),
        ("1002", "", "odrzucone: Zarządzenie 123/2026 z 20.11.2026"),
        ("1002", "korekta Zarządzenie 123/2026", ""),
    ]
    # the next decision concerns only what awaits one: the lines decided before keep theirs
    program_, ledger_, out_ = (
        str(a) for a in (program, late / "salda_2026-10_3.xlsx", tmp_path / "z3")
    )
    decision = ["--decision", "Zarządzenie 140/2026", "--date", "2026-12-01", "--month", "2026-10"]
    decided = CliRunner().invoke(
        main,
        ["approve", "--program", program_, "--debts", ledger_, "--out", out_, *decision],
    )
    assert decided.exit_code == 0, decided.output
    assert _states(tmp_path / "z3" / "salda_2026-10_4.xlsx") == [
        ("1001", "", "zatwierdzone: Zarządzenie 123/2026 z 20.11.2026"),
        ("1001", "ponowne rozliczenie 1", "zatwierdzone: Zarządzenie 140/2026 z 01.12.2026"),
        ("1002", "", "odrzucone: Zarządzenie 123/2026 z 20.11.2026"),
        ("1002", "korekta Zarządzenie 123/2026", ""),
    ]


def test_a_timesheet_corrected_after_a_rejection_is_new_work(
    make_timesheet, make_program, reconcile, tmp_path
):
    # 1002's October (8.10 and 9.10, 4 h each) is rejected; the unit re-sends the timesheet
    # with 8.10 corrected to 5 h and 9.10 left as it was.
    program = make_program()
    _, _, month = reconcile(
        make_timesheet([*week_rows(), *week_rows("1002")]), program=program, out=tmp_path / "m"
    )
    assert (
        _approve(
            program, month / "salda_2026-10.xlsx", tmp_path / "z", "--reject", "1002"
        ).exit_code
        == 0
    )
    corrected = make_timesheet(
        [*week_rows(), work_row(8, "1002", qty=5), work_row(9, "1002")], name="poprawiona.xlsx"
    )
    status, output, again = reconcile(
        corrected,
        program=program,
        out=tmp_path / "m2",
        debts=tmp_path / "z" / "salda_2026-10_2.xlsx",
    )
    # not CREDITED_ROW_CHANGED (nothing of 1002's is credited, and no correction could
    # follow): the corrected 8.10 is new work, 5 h × 31,40 zł; the rejected 9.10 never again
    assert status == 0, output
    assert balances(again / "salda_2026-10_3.xlsx")["1002"] == (5000 - 157, 400)
    found = [(r[2], r[7], r[8]) for r in sheet_rows(again / "bledy_2026-10.xlsx", "Błędy")[1:]]
    assert found[0][:2] == ("B8", "ALREADY_CREDITED")  # 1001's approved rows
    # the rejected 4 h of 9.10 were not credited: they count toward no hour limit
    assert found[1][:2] == ("B10", "HOURS_WEEK_MIN") and "tylko 5 h" in found[1][2]
    assert found[2:] == [
        (
            "B11",
            "ALREADY_CREDITED",
            "Konto 1002: 1 wiersz tej karty (ich zaliczenie odrzucono decyzją "
            "Zarządzenie 123/2026) — zaliczono je już w rozliczeniu za 10.2026 "
            "(arkusz Historia prac); pominięto, nie zostaną zaliczone drugi raz.",
        )
    ]
    assert _states(again / "salda_2026-10_3.xlsx")[-1] == (
        "1002",
        "ponowne rozliczenie 1",
        "oczekuje na zatwierdzenie",
    )


def test_rejecting_an_account_without_credits_is_refused(
    make_timesheet, make_program, reconcile, tmp_path
):
    program = make_program()
    _, _, month = reconcile(make_timesheet(week_rows()), program=program, out=tmp_path / "m")
    result = _approve(program, month / "salda_2026-10.xlsx", tmp_path / "z", "--reject", "1003")
    assert result.exit_code == 2 and "Konto 1003 nie ma zaliczenia" in result.output
    assert not (tmp_path / "z").exists()


def test_a_decision_dated_after_today_or_before_its_month_is_refused(
    make_timesheet, make_program, reconcile, tmp_path
):
    import datetime as dt

    program = make_program()
    _, _, month = reconcile(make_timesheet(week_rows()), program=program, out=tmp_path / "m")
    ledger = month / "salda_2026-10.xlsx"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    ahead = _approve(program, ledger, tmp_path / "z", "--date", tomorrow.isoformat())
    assert ahead.exit_code == 2
    assert f"Decyzja nosi datę {tomorrow:%d.%m.%Y}, późniejszą niż dzisiejsza" in ahead.output
    before = _approve(program, ledger, tmp_path / "z", "--date", "2026-09-30")
    assert before.exit_code == 2
    assert "Decyzja z 30.09.2026 poprzedza miesiąc 10.2026" in before.output
    assert not (tmp_path / "z").exists()
    # the first day of the month and today are both possible dates of a decision
    for day in ("2026-10-01", dt.date.today().isoformat()):
        done = _approve(program, ledger, tmp_path / day, "--date", day)
        assert done.exit_code == 0, done.output


def test_the_summary_of_a_month_run_again_shows_the_whole_month(
    make_timesheet, make_program, reconcile, tmp_path
):
    program = make_program()
    _, _, first = reconcile(
        make_timesheet(week_rows(), name="a.xlsx"), program=program, out=tmp_path / "m1"
    )
    summary = sheet_rows(first / "zestawienie_2026-10.xlsx", "Zestawienie")
    assert not any(r[0] and str(r[0]).startswith("Cały miesiąc") for r in summary)
    resent = make_timesheet([*week_rows(), *week_rows("1002")], name="c.xlsx")
    _, _, second = reconcile(
        resent, program=program, debts=first / "salda_2026-10.xlsx", out=tmp_path / "m2"
    )
    rows = sheet_rows(second / "zestawienie_2026-10.xlsx", "Zestawienie")
    at = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Cały miesiąc"))
    whole = [r[1:8] for r in rows[at + 2 : at + 4]]
    assert whole == [
        ("1001", "Jan Kowalski", 251.2, 251.2, 0, 0, "oczekuje na zatwierdzenie"),
        ("1002", "Anna Nowak", 251.2, 251.2, 0, 0, "oczekuje na zatwierdzenie"),
    ]
    assert rows[at + 4][2:5] == ("Razem", 502.4, 502.4)


def test_the_debtor_card_says_where_the_months_credit_stands(
    make_timesheet, make_program, reconcile, tmp_path
):
    import openpyxl

    program = make_program()
    _, _, month = reconcile(make_timesheet(week_rows()), program=program, out=tmp_path / "m")
    card = openpyxl.load_workbook(month / "karty_dluznikow_2026-10.xlsx").worksheets[0]
    texts = [c for row in card.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Zatwierdzenie zaliczenia za 10.2026: oczekuje na zatwierdzenie" in texts
