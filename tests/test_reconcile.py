"""`odpracowanie reconcile`: valuation, withholding, history, allocation and the output files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import D, balances, sheet_rows, week_rows, work_row

from odpracowanie.cli import main
from odpracowanie.issues import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _issues(out: Path, month: str = "2026-10") -> list[tuple]:
    return sheet_rows(out / f"bledy_{month}.xlsx", "Błędy")[1:]


def test_value_is_credited_principal_first(make_timesheet, reconcile):
    # 2 × 4 h × 31,40 zł = 251,20 zł against 5 000,00 zł principal and 400,00 zł interest
    status, output, out = reconcile(make_timesheet(week_rows()))
    assert status == 0, output
    assert "Rozliczenie za 10.2026\n" in output  # a month's own run: not called late
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4748.8, 400)
    assert balances(out / "salda_2026-10.xlsx")["1002"] == (5000, 400)
    history = sheet_rows(out / "salda_2026-10.xlsx", "Historia rozliczeń")
    assert history[1] == (
        "2026-10",
        "1001",
        "",
        "Jan Kowalski",
        8,
        251.2,
        0,
        251.2,
        0,
        0,
        0,
        5000,
        400,
        4748.8,
        400,
        "oczekuje na zatwierdzenie",
        "PK/ODPR/2026-10/1",  # the posting document that carried it to finance
    )
    assert "Zaliczono: 251,20 zł (należność główna 251,20 zł, odsetki 0,00 zł)" in output
    stan = sheet_rows(out / "salda_2026-10.xlsx", "Zadłużenie")[1][5]
    assert stan == dt.datetime(2026, 10, 31)


def test_interest_first_order(make_timesheet, make_program, reconcile):
    program = make_program(params={"kolejnosc_zaliczania": "odsetki, należność główna"})
    status, _, out = reconcile(make_timesheet([*week_rows(), work_row(6, qty=8)]), program=program)
    # 16 h × 31,40 = 502,40 zł: 400,00 to interest first, 102,40 to principal
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4897.6, 0)


def test_rate_that_changes_mid_month(make_timesheet, reconcile):
    rows = [work_row(15, code="REM", qty=4), work_row(16, code="REM", qty=4)]
    status, _, out = reconcile(make_timesheet(rows))
    # 4 h × 35,00 + 4 h × 36,50 = 286,00 zł
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4714, 400)
    values = [r[9] for r in sheet_rows(out / "salda_2026-10.xlsx", "Historia prac")[1:]]
    assert values == [140, 146]


def test_surplus_and_no_debt(make_timesheet, make_debts, reconcile):
    debts = make_debts(
        [["1001", "Jan Kowalski", "", 100.00, 50.00, None], ["1002", "Anna Nowak", "", 0, 0, None]]
    )
    status, _, out = reconcile(make_timesheet([*week_rows(), *week_rows("1002")]), debts=debts)
    assert balances(out / "salda_2026-10.xlsx") == {"1001": (0, 0), "1002": (0, 0)}
    found = {(r[7], r[5]) for r in _issues(out)}
    assert found == {("SURPLUS", "1001"), ("NO_DEBT", "1002")}
    surplus = next(r for r in _issues(out) if r[7] == "SURPLUS")
    assert surplus[8].startswith(
        "Wartość 251,20 zł przekracza całe zadłużenie konta 1001 (150,00 zł); nadwyżka 101,20 zł"
    )
    assert status == 0
    # 1002's month credits nothing, yet its work is on record: a line with its value, all
    # of it surplus (what the ledger check and the yearly figures add up)
    lines = sheet_rows(out / "salda_2026-10.xlsx", "Historia rozliczeń")
    heads = lines[0]
    line = next(r for r in lines[1:] if r[1] == "1002")
    assert (line[heads.index("Wartość (zł)")], line[heads.index("Nadwyżka (zł)")]) == (251.2, 251.2)


def test_withheld_debtor_whose_other_rows_are_valid(make_timesheet, reconcile, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet([*week_rows(), *week_rows("1002")], folder=folder, name="a.xlsx")
    make_timesheet([work_row(12, rate=30), work_row(13)], folder=folder, name="b.xlsx")
    status, output, out = reconcile(folder)
    assert status == 1
    after = balances(out / "salda_2026-10.xlsx")
    assert after["1001"] == (5000, 400)  # none of 1001's rows, in either file, credited
    assert after["1002"] == (4748.8, 400)
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    row = next(r for r in summary if r[1] == "1001")
    # the Mayor reads why in words, never a code
    assert row[10:12] == ("TAK", "stawka niezgodna ze stawką PGM")
    assert "Wstrzymano: 1001 (RATE_MISMATCH)" in output
    marked = openpyxl.load_workbook(out / "do_poprawy" / "b.xlsx")["Rozliczenie"]
    assert "[RATE_MISMATCH]" in marked["J8"].comment.text
    assert not (out / "do_poprawy" / "a.xlsx").exists()


def test_file_level_error_withholds_everyone_in_the_file(make_timesheet, reconcile):
    # An unknown unit (an error of the file) beside an old template (a warning of the file)
    # and a wrong rate of 1001's: each debtor's month is withheld, and the summary says why in
    # words — 1002's only for the file's error.
    rows = [*week_rows(), work_row(12, rate=30), *week_rows("1002")]
    status, _, out = reconcile(make_timesheet(rows, unit="XYZ", version="2025.1"))
    assert status == 1
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    heads = next(r for r in summary if r[0] == "Lp.")
    reasons = {r[1]: r[heads.index("Powód")] for r in summary if r[1] in ("1001", "1002")}
    assert reasons["1002"] == CATALOGUE["UNIT_UNKNOWN"].reason
    assert CATALOGUE["RATE_MISMATCH"].reason in reasons["1001"]
    assert balances(out / "salda_2026-10.xlsx") == {
        "1001": (5000, 400),
        "1002": (5000, 400),
        "1003": (5000, 400),
    }


def test_only_credited_rows_reach_the_work_history(make_timesheet, reconcile):
    # 1001's week, one row of it done by the authorised proxy; 1002's week withheld (a wrong
    # rate); the history holds exactly 1001's two rows, the proxy's with their name.
    rows = [
        work_row(8),
        work_row(9, worker="Marek Kowalski"),
        work_row(8, account="1002", rate=30),
        work_row(9, account="1002"),
    ]
    status, output, out = reconcile(make_timesheet(rows))
    assert status == 1, output
    history = sheet_rows(out / "salda_2026-10.xlsx", "Historia prac")[1:]
    assert [(r[2], r[4].day, r[5]) for r in history] == [
        ("1001", 8, ""),
        ("1001", 9, "Marek Kowalski"),
    ]
    assert balances(out / "salda_2026-10.xlsx")["1002"] == (5000, 400)


def test_rerun_and_late_timesheet_credit_only_what_is_new(make_timesheet, reconcile, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    _, _, first = reconcile(folder, out=tmp_path / "m1")
    make_timesheet(week_rows("1002"), folder=folder, name="b_spozniona.xlsx")
    status, output, second = reconcile(
        folder, debts=first / "salda_2026-10.xlsx", out=tmp_path / "m1b"
    )
    # a supplementary run's ledger is the month's second (SPEC §7)
    after = balances(second / "salda_2026-10_2.xlsx")
    assert after["1001"] == (4748.8, 400)  # not credited twice
    assert after["1002"] == (4748.8, 400)  # the late timesheet is
    assert [(r[0], r[7]) for r in _issues(second)] == [("a.xlsx", "ALREADY_CREDITED")]
    assert len(sheet_rows(second / "salda_2026-10_2.xlsx", "Historia prac")) == 1 + 4
    # a rerun of the same month adds to that month's settlement row
    rows = sheet_rows(second / "salda_2026-10_2.xlsx", "Historia rozliczeń")[1:]
    assert [(r[1], r[5], r[11], r[13]) for r in rows] == [
        ("1001", 251.2, 5000, 4748.8),
        ("1002", 251.2, 5000, 4748.8),
    ]
    status, output, third = reconcile(
        folder, debts=second / "salda_2026-10_2.xlsx", out=tmp_path / "m1c"
    )
    assert balances(third / "salda_2026-10_3.xlsx") == after
    assert "Zaliczono: 0,00 zł" in output and status == 0


def test_a_rerun_with_more_work_of_a_debtor_adds_to_the_months_line(
    make_timesheet, reconcile, tmp_path
):
    # October run again with a late timesheet of 1001's: one line for 1001's October, its
    # value the sum, its balances before the month's first ones (not a line of its own).
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    _, _, first = reconcile(folder, out=tmp_path / "m1")
    make_timesheet([work_row(12, protocol="P/12")], folder=folder, name="b_spozniona.xlsx")
    status, output, second = reconcile(
        folder, debts=first / "salda_2026-10.xlsx", out=tmp_path / "m2"
    )
    rows = sheet_rows(second / "salda_2026-10_2.xlsx", "Historia rozliczeń")[1:]
    assert [(r[1], r[2], r[5], r[11], r[13]) for r in rows] == [("1001", "", 376.8, 5000, 4623.2)]
    # the line names both posting documents behind it
    assert rows[0][-1] == "PK/ODPR/2026-10/1, PK/ODPR/2026-10/2"


def test_week_spanning_two_months_over_the_limit(make_timesheet, reconcile, tmp_path):
    # Mon 26 – Sat 31.10: 6 × 6 h = 36 h credited in October; Sun 1.11: 5 h more = 41 h.
    october = make_timesheet([work_row(d, qty=6) for d in range(26, 32)], name="paz.xlsx")
    _, _, first = reconcile(october, out=tmp_path / "m10")
    november = make_timesheet(
        [
            work_row(1, date=D(2026, 11, 1), qty=5),
            work_row(2, date=D(2026, 11, 2), qty=4),
            work_row(3, date=D(2026, 11, 3), qty=4),
        ],
        name="lis.xlsx",
        month="2026-11",
    )
    status, _, second = reconcile(
        november, debts=first / "salda_2026-10.xlsx", month="2026-11", out=tmp_path / "m11"
    )
    assert [(r[2], r[7]) for r in _issues(second, "2026-11")] == [("H8", "HOURS_WEEK_MAX")]
    assert "41 h w tygodniu 26.10–01.11.2026" in _issues(second, "2026-11")[0][8]
    assert status == 1


def test_formula_looking_names_stay_text(make_timesheet, make_debts, reconcile):
    name = '=HYPERLINK("http://example.com","kliknij")'
    debts = make_debts([["1001", name, "@SUM(A1)", 5000, 400, None]])
    book = openpyxl.load_workbook(debts)
    book["Zadłużenie"]["B2"].data_type = "s"  # typed as text in the debt workbook
    book.save(debts)
    status, output, out = reconcile(make_timesheet(week_rows()), debts=debts)
    assert status == 0, output
    for file, sheet in (
        ("salda_2026-10.xlsx", "Zadłużenie"),
        ("zestawienie_2026-10.xlsx", "Zestawienie"),
    ):
        cells = [
            c
            for row in openpyxl.load_workbook(out / file)[sheet].iter_rows()
            for c in row
            if c.value == name
        ]
        assert cells and all(c.data_type == "s" for c in cells), file
    cards = openpyxl.load_workbook(out / "karty_dluznikow_2026-10.xlsx")
    texts = [
        c
        for ws in cards.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "@"))
    ]
    assert texts and all(c.data_type == "s" for c in texts)


def test_dry_run_writes_nothing_and_force_is_needed_to_replace(
    make_timesheet, reconcile, make_program, make_debts
):
    path, program, debts = make_timesheet(week_rows()), make_program(), make_debts()
    inputs = {p: p.read_bytes() for p in (path, program, debts)}
    status, output, out = reconcile(path, program=program, debts=debts, extra=("--dry-run",))
    assert status == 0 and not out.exists() and "próba" in output
    reconcile(path, program=program, debts=debts)
    stamp = (out / "salda_2026-10.xlsx").stat().st_mtime_ns
    status, output, _ = reconcile(path, program=program, debts=debts)
    assert status == 2 and "--force" in output
    assert (out / "salda_2026-10.xlsx").stat().st_mtime_ns == stamp
    status, _, _ = reconcile(path, program=program, debts=debts, extra=("--force",))
    assert status == 0
    assert {p: p.read_bytes() for p in inputs} == inputs  # inputs are never modified
    # the folder holds the new run; the first one's outputs, its archive among them, were
    # moved (never deleted) into zastapione_…/
    names = sorted(p.name for p in out.iterdir())
    (aside,) = [n for n in names if n.startswith("zastapione_")]
    first = [
        "archiwum_2026-10.zip",
        "bledy_2026-10.xlsx",
        "karty_dluznikow_2026-10.xlsx",
        "ksiegowanie_2026-10.csv",
        "ksiegowanie_2026-10.xlsx",
        "przebieg.json",
        "salda_2026-10.xlsx",
        "zestawienie_2026-10.xlsx",
    ]
    assert sorted(p.name for p in (out / aside).iterdir()) == first
    # made from the same debt workbook, the run's ledger, postings and archive are numbered
    # after the ones it replaced (those postings may have gone to finance already)
    again = [
        n.replace("2026-10.", "2026-10_2.") if n.startswith(("salda", "ksieg", "archiwum")) else n
        for n in first
    ]
    assert names == sorted([*again, aside])
    posted = (out / "ksiegowanie_2026-10_2.csv").read_bytes().decode("cp1250").splitlines()
    assert {line.split(";")[0] for line in posted[1:]} == {"PK/ODPR/2026-10/2"}
    # a third run: after both
    status, _, _ = reconcile(path, program=program, debts=debts, extra=("--force",))
    assert status == 0 and (out / "salda_2026-10_3.xlsx").exists()


def test_output_may_not_replace_an_input(make_timesheet, reconcile, tmp_path):
    _, _, first = reconcile(make_timesheet(week_rows()), out=tmp_path / "m")
    status, output, _ = reconcile(
        make_timesheet(week_rows(), name="k2.xlsx"),
        debts=first / "salda_2026-10.xlsx",
        out=first,
        extra=("--force",),
    )
    assert status == 2 and "jeden folder wyników mieści jedno rozliczenie" in output
    # an input where an output would go
    debts = tmp_path / "inne" / "zestawienie_2026-10.xlsx"
    debts.parent.mkdir()
    debts.write_bytes((first / "salda_2026-10.xlsx").read_bytes())
    status, output, _ = reconcile(
        make_timesheet(week_rows(), name="k3.xlsx"), debts=debts, out=debts.parent
    )
    assert status == 2 and "nadpisałby plik wejściowy" in output


def test_history_keeps_twelve_months_and_refuses_older_months(
    make_timesheet, make_debts, reconcile, tmp_path
):
    debts = make_debts()
    book = openpyxl.load_workbook(debts)
    sheet = book.create_sheet("Historia prac")
    sheet.append(
        [
            "Miesiąc",
            "Nr konta",
            "Data",
            "Wykonawca",
            "Kod pracy",
            "Ilość",
            "Jednostka",
            "Wartość (zł)",
            "Plik",
            "SHA-256 pliku",
        ]
    )
    sheet.append(["2025-10", "1001", D(2025, 10, 6), "", "PORZ", 4, "h", 122.0, "x.xlsx", ""])
    sheet.append(["2025-11", "1001", D(2025, 11, 6), "", "PORZ", 4, "h", 122.0, "x.xlsx", ""])
    book.save(debts)
    # the history ends in 11.2025: the months between had no work (--allow-gap)
    status, _, out = reconcile(make_timesheet(week_rows()), debts=debts, extra=("--allow-gap",))
    months = [r[1] for r in sheet_rows(out / "salda_2026-10.xlsx", "Historia prac")[1:]]
    assert months == ["2025-11", "2026-10", "2026-10"]  # 2025-10 is 13 months back
    # a month older than the twelve that Historia prac keeps cannot be settled any more
    status, output, _ = reconcile(
        make_timesheet(week_rows(), month="2025-10", name="s.xlsx"),
        debts=out / "salda_2026-10.xlsx",
        month="2025-10",
        out=tmp_path / "old",
    )
    assert status == 2 and "zawiera już rozliczenie za 10.2026" in output
    assert "starszy niż 12 miesięcy" in output


def test_a_late_timesheet_is_credited_on_the_latest_ledger(
    make_timesheet, make_program, reconcile, tmp_path
):
    # October (251,20 zł) and November (251,20 zł) are run; then MOSiR's October timesheet
    # arrives late: 13–14.10, 2 × 4 h = 251,20 zł, run for October on November's ledger.
    program = make_program(
        units=[
            ["PGM", "PGM", "B. Z.", "bz@example.pl"],
            ["MOSIR", "MOSiR", "J. K.", "jk@example.pl"],
        ]
    )
    _, _, first = reconcile(
        make_timesheet(week_rows(), name="paz.xlsx"), program=program, out=tmp_path / "m10"
    )
    november = make_timesheet(
        [work_row(d, date=D(2026, 11, d)) for d in (2, 3)], name="lis.xlsx", month="2026-11"
    )
    status, _, second = reconcile(
        november,
        program=program,
        month="2026-11",
        debts=first / "salda_2026-10.xlsx",
        out=tmp_path / "m11",
    )
    assert status == 0 and balances(second / "salda_2026-11.xlsx")["1001"] == (4497.6, 400)
    late = make_timesheet([work_row(13), work_row(14)], name="mosir_paz.xlsx", unit="MOSIR")
    status, output, third = reconcile(
        late, program=program, out=tmp_path / "spoznione", debts=second / "salda_2026-11.xlsx"
    )
    assert status == 0, output
    # the new ledger is November's, named after the one it was computed from
    assert sorted(p.name for p in third.iterdir()) == [
        "archiwum_2026-11_2.zip",  # the ledger, its postings and its archive share its number
        "bledy_2026-10.xlsx",
        "karty_dluznikow_2026-10.xlsx",
        "ksiegowanie_2026-11_2.csv",
        "ksiegowanie_2026-11_2.xlsx",
        "przebieg.json",
        "salda_2026-11_2.xlsx",
        "zestawienie_2026-10.xlsx",
    ]
    posted = (third / "ksiegowanie_2026-11_2.csv").read_bytes().decode("cp1250").splitlines()
    assert {line.split(";")[0] for line in posted[1:]} == {"PK/ODPR/2026-11/2"}
    assert "Odpracowanie zaległości za 10.2026" in posted[1]
    assert "spóźnione karty, zaliczone na saldach po 11.2026" in output
    assert "Najnowsze saldo to salda_2026-11_2.xlsx" in output
    ledger = third / "salda_2026-11_2.xlsx"
    assert balances(ledger)["1001"] == (4246.4, 400)
    assert sheet_rows(ledger, "Zadłużenie")[1][5] == dt.datetime(2026, 11, 30)
    # October gets a line of its own, from the balances after November
    lines = [(r[0], r[2], r[5], r[11], r[13]) for r in sheet_rows(ledger, "Historia rozliczeń")[1:]]
    assert lines == [
        ("2026-10", "", 251.2, 5000, 4748.8),
        ("2026-10", "ponowne rozliczenie 1", 251.2, 4497.6, 4246.4),
        ("2026-11", "", 251.2, 4748.8, 4497.6),
    ]
    work = [(r[0], r[1], r[4].date()) for r in sheet_rows(ledger, "Historia prac")[1:]]
    assert work == [
        ("2026-10/00001", "2026-10", D(2026, 10, 8)),
        ("2026-10/00002", "2026-10", D(2026, 10, 9)),
        ("2026-10/00003", "2026-10", D(2026, 10, 13)),
        ("2026-10/00004", "2026-10", D(2026, 10, 14)),
        ("2026-11/00001", "2026-11", D(2026, 11, 2)),
        ("2026-11/00002", "2026-11", D(2026, 11, 3)),
    ]
    run = dict(r[:2] for r in sheet_rows(ledger, "Przebieg") if r[0])
    assert (run["Miesiąc"], run["Salda po miesiącu"]) == ("10.2026", "11.2026")
    # the summary of October shows both of its runs: 502,40 zł
    rows = sheet_rows(third / "zestawienie_2026-10.xlsx", "Zestawienie")
    at = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Cały miesiąc"))
    assert rows[at + 2][1:8] == (
        "1001",
        "Jan Kowalski",
        502.4,
        502.4,
        0,
        0,
        "oczekuje na zatwierdzenie",
    )
    check = CliRunner().invoke(main, ["ledger", "check", str(ledger)])
    assert check.exit_code == 0, check.output
    # the same late timesheet again credits nothing twice
    status, output, again = reconcile(late, program=program, debts=ledger, out=tmp_path / "znowu")
    assert balances(again / "salda_2026-11_3.xlsx")["1001"] == (4246.4, 400)
    assert [r[7] for r in _issues(again)] == ["ALREADY_CREDITED"]
    # December goes on from the late run's ledger: November is its latest month, no gap
    december = make_timesheet(
        [work_row(d, date=D(2026, 12, d)) for d in (7, 8)], name="gru.xlsx", month="2026-12"
    )
    status, output, fourth = reconcile(
        december, program=program, month="2026-12", debts=ledger, out=tmp_path / "m12"
    )
    assert status == 0, output
    assert balances(fourth / "salda_2026-12.xlsx")["1001"] == (3995.2, 400)


def test_debtors_own_name_as_worker_is_the_same_row(make_timesheet, reconcile, tmp_path):
    _, _, first = reconcile(make_timesheet(week_rows()), out=tmp_path / "a")
    resent = make_timesheet(
        [work_row(d, worker="Kowalski Jan") for d in (8, 9)], name="ponownie.xlsx"
    )
    status, _, second = reconcile(resent, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b")
    assert balances(second / "salda_2026-10_2.xlsx")["1001"] == (4748.8, 400)
    assert [r[7] for r in _issues(second)] == ["ALREADY_CREDITED"]


def test_a_late_timesheet_cannot_add_a_second_day_of_work_to_a_credited_day(
    make_timesheet, make_program, reconcile, tmp_path
):
    # 16 h on 8.10 credited from PGM in the first run; MOSIR's late timesheet adds 10 h more
    # that day: 26 h.
    program = make_program(
        units=[
            ["PGM", "PGM", "B. Z.", "bz@example.pl"],
            ["MOSIR", "MOSiR", "J. K.", "jk@example.pl"],
        ]
    )
    _, _, first = reconcile(
        make_timesheet([work_row(8, qty=16)], name="a.xlsx"), program=program, out=tmp_path / "a"
    )
    assert balances(first / "salda_2026-10.xlsx")["1001"] == (5000 - 502.4, 400)
    late = make_timesheet(
        [work_row(8, qty=10, protocol="P/99")], name="b_spozniona.xlsx", unit="MOSIR"
    )
    status, _, second = reconcile(
        late, debts=first / "salda_2026-10.xlsx", program=program, out=tmp_path / "b"
    )
    assert status == 1
    assert [(r[0], r[2], r[7]) for r in _issues(second)] == [
        ("b_spozniona.xlsx", "H8", "QTY_DAY_MAX")
    ]
    assert "26 h" in _issues(second)[0][8]
    assert balances(second / "salda_2026-10_2.xlsx")["1001"] == (5000 - 502.4, 400)


def test_a_re_sent_version_credits_only_the_rows_it_adds(make_timesheet, reconcile, tmp_path):
    # The credited rows again in a new file named otherwise, and one more 4 h on 8.10 (the day
    # split in two): the credited rows are skipped, the added one is new work (SPEC §3).
    _, _, first = reconcile(make_timesheet(week_rows(), name="a.xlsx"), out=tmp_path / "a")
    copy = make_timesheet([*week_rows(), work_row(8, protocol="P/8b")], name="a_poprawiona.xlsx")
    status, output, second = reconcile(copy, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b")
    assert balances(second / "salda_2026-10_2.xlsx")["1001"] == (4623.2, 400)
    assert "Zaliczono: 125,60 zł" in output
    assert [r[7] for r in _issues(second)] == ["ALREADY_CREDITED"]
    again = make_timesheet([*week_rows(), work_row(8, protocol="P/8b")], name="a_poprawiona_2.xlsx")
    status, output, third = reconcile(
        again, debts=second / "salda_2026-10_2.xlsx", out=tmp_path / "c"
    )
    assert balances(third / "salda_2026-10_3.xlsx")["1001"] == (4623.2, 400)
    assert "Zaliczono: 0,00 zł" in output


@pytest.mark.parametrize(
    ("order", "october", "november"),
    [
        ("Należność główna, odsetki", (4748.8, 400), (4600, 400)),
        ("Odsetki, należność główna", (5000, 148.8), (5000, 0)),
    ],
)
def test_the_year_cap_counts_the_months_before_in_the_same_year(
    make_timesheet, make_program, reconcile, tmp_path, order, october, november
):
    # 400 zł a year: October credits 251,20 zł (to principal or to interest), so November
    # only 148,80 of its 251,20 zł.
    program = make_program(params={"max_kwoty_rocznie": 400, "kolejnosc_zaliczania": order})
    _, _, first = reconcile(make_timesheet(week_rows()), program=program, out=tmp_path / "x")
    assert balances(first / "salda_2026-10.xlsx")["1001"] == october
    rows = [work_row(d, date=D(2026, 11, d), protocol=f"L/{d}") for d in (9, 10)]
    status, output, out = reconcile(
        make_timesheet(rows, name="listopad.xlsx", month="2026-11"),
        program=program,
        debts=first / "salda_2026-10.xlsx",
        month="2026-11",
        out=tmp_path / "xi",
    )
    assert balances(out / "salda_2026-11.xlsx")["1001"] == november
    assert [r[7] for r in _issues(out, "2026-11")] == ["YEAR_CAP"]
    assert "zaliczono 148,80 zł, a 102,40 zł nie" in _issues(out, "2026-11")[0][8]


def test_a_surplus_under_the_year_cap_is_what_the_cap_let_through(
    make_timesheet, make_program, make_debts, reconcile
):
    # 251,20 zł of work, 200 zł a year, 150 zł of debt: 51,20 zł over the cap, and of the
    # 200 zł let through 50 zł is surplus.
    program = make_program(params={"max_kwoty_rocznie": 200})
    debts = make_debts([["1001", "Jan Kowalski", "", 100.00, 50.00, None]])
    status, output, out = reconcile(make_timesheet(week_rows()), program=program, debts=debts)
    messages = {r[7]: r[8] for r in _issues(out)}
    assert sorted(messages) == ["SURPLUS", "YEAR_CAP"], output
    assert messages["SURPLUS"].startswith(
        "Wartość 200,00 zł przekracza całe zadłużenie konta 1001 (150,00 zł); nadwyżka 50,00 zł"
    )
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (0, 0)


def test_a_withheld_debtors_hours_are_shown_in_the_summary(make_timesheet, reconcile):
    # 1002's 8 h are withheld (a wrong rate): the summary shows them, and credits nothing.
    rows = [*week_rows(), work_row(8, account="1002", rate=30), work_row(9, account="1002")]
    status, output, out = reconcile(make_timesheet(rows))
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    heads = next(r for r in summary if r[0] == "Lp.")
    row = next(r for r in summary if r[1] == "1002")
    assert row[heads.index("Godziny")] == 8
    assert row[heads.index("Na należność główną (zł)")] == 0
    assert row[heads.index("Wstrzymano")] == "TAK"


def test_a_debt_of_equal_principal_and_interest_is_a_debt(make_timesheet, make_debts, reconcile):
    debts = make_debts([["1001", "Jan Kowalski", "", 300.00, 300.00, None]])
    status, output, out = reconcile(make_timesheet(week_rows()), debts=debts)
    assert status == 0 and _issues(out) == [], output
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (48.8, 300)


def test_a_row_of_an_unknown_account_is_reported_and_the_rest_credited(make_timesheet, reconcile):
    rows = [*week_rows(), work_row(12, account="9999", debtor="Ktoś Obcy")]
    status, output, out = reconcile(make_timesheet(rows))
    assert status == 1, output
    assert [(r[2], r[7]) for r in _issues(out)] == [("C10", "ACCOUNT_UNKNOWN")]
    assert balances(out / "salda_2026-10.xlsx") == {
        "1001": (4748.8, 400),
        "1002": (5000, 400),
        "1003": (5000, 400),
    }
    history = sheet_rows(out / "salda_2026-10.xlsx", "Historia prac")[1:]
    assert [r[2] for r in history] == ["1001", "1001"]


def test_year_cap(make_timesheet, make_program, reconcile):
    program = make_program(params={"max_kwoty_rocznie": 200})
    status, _, out = reconcile(make_timesheet(week_rows()), program=program)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4800, 400)
    assert [r[7] for r in _issues(out)] == ["YEAR_CAP"]
    assert "zaliczono 200,00 zł, a 51,20 zł nie" in _issues(out)[0][8]
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    heads = next(r for r in summary if r[0] == "Lp.")
    row = next(r for r in summary if r[1] == "1001")
    assert row[heads.index("Ponad limit roczny (zł)")] == 51.2
    assert row[heads.index("Na należność główną (zł)")] == 200


def test_error_report_columns(make_timesheet, reconcile):
    status, _, out = reconcile(make_timesheet([work_row(5, rate=30), *week_rows()]))
    rows = sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")
    assert rows[0] == (
        "Plik",
        "Arkusz",
        "Komórka",
        "Wiersz",
        "Kolumna",
        "Nr konta",
        "Waga",
        "Kod",
        "Opis",
    )
    assert rows[1][:8] == (
        "karta.xlsx",
        "Rozliczenie",
        "J8",
        8,
        "Stawka (zł)",
        "1001",
        "błąd",
        "RATE_MISMATCH",
    )


def test_run_record_names_every_input_with_its_sha256(
    make_timesheet, make_program, make_debts, reconcile
):
    import hashlib

    program, debts, sheet = make_program(), make_debts(), make_timesheet(week_rows())
    status, _, out = reconcile(sheet, program=program, debts=debts)
    rows = sheet_rows(out / "salda_2026-10.xlsx", "Przebieg")
    start = rows.index(("Rola", "Plik", "SHA-256"))
    assert rows[start + 1 :] == [
        (role, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for role, path in (("program", program), ("zadłużenie", debts), ("karta pracy", sheet))
    ]
    facts = dict(r[:2] for r in rows[2 : start - 1])
    assert facts["Miesiąc"] == "10.2026" and facts["Wierszy"] == 2
    assert facts["Wartość zaliczona (zł)"] == 251.2 and facts["Dłużników zaliczonych"] == 1


def test_summary_and_cards(make_timesheet, reconcile):
    status, _, out = reconcile(make_timesheet([*week_rows(), *week_rows("1002")]))
    book = openpyxl.load_workbook(out / "zestawienie_2026-10.xlsx")
    assert book.sheetnames == ["Zestawienie", "Sumy i wykresy"]
    rows = [tuple(c.value for c in r) for r in book["Zestawienie"].iter_rows()]
    total = next(r for r in rows if r[2] == "Razem")
    assert total[3:6] == (16, 502.4, 502.4)
    # the sums and charts are on a sheet of their own, not under the debtors' repeated heads
    sums = book["Sumy i wykresy"]
    assert len(sums._charts) == 2
    assert ("", "PGM", "PGM Żyrardów", 16, 502.4) in [
        tuple(c.value for c in r)[:5] for r in sums.iter_rows()
    ]
    cards = openpyxl.load_workbook(out / "karty_dluznikow_2026-10.xlsx")
    assert cards.sheetnames == ["1001 Jan Kowalski", "1002 Anna Nowak"]
    card = [tuple(c.value for c in r) for r in cards["1001 Jan Kowalski"].iter_rows()]
    assert ("10.2026", 8, 251.2, 251.2, 0, 0, 4748.8, 400) in card
    assert cards["1001 Jan Kowalski"].page_setup.paperSize == 9


def test_two_sample_months_end_to_end(tmp_path):
    runner = CliRunner()
    first = tmp_path / "2026-10"
    result = runner.invoke(
        main,
        [
            "reconcile",
            "--program",
            str(SAMPLES / "program.xlsx"),
            "--debts",
            str(SAMPLES / "zadluzenie.xlsx"),
            "--month",
            "2026-10",
            "--out",
            str(first),
            str(SAMPLES / "2026-10"),
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main,
        [
            "reconcile",
            "--program",
            str(SAMPLES / "program.xlsx"),
            "--debts",
            str(first / "salda_2026-10.xlsx"),
            "--month",
            "2026-11",
            "--out",
            str(tmp_path / "2026-11"),
            str(SAMPLES / "2026-11"),
        ],
    )
    assert result.exit_code == 0, result.output
    after = balances(tmp_path / "2026-11" / "salda_2026-11.xlsx")
    # Jan Kowalski: October 12 × 4 h (one row rejected), November 13 × 4 h, at 31,40 zł
    # (8 420,15 − 1 507,20 − 1 632,80 = 5 280,15 zł)
    assert after["104512"] == (5280.15, 1312.4)
    settled = sheet_rows(tmp_path / "2026-11" / "salda_2026-11.xlsx", "Historia rozliczeń")
    assert {r[0] for r in settled[1:]} == {"2026-10", "2026-11"}


def test_last_months_outputs_left_in_the_timesheet_folder_change_nothing(
    tmp_path, make_timesheet, reconcile
):
    """October's results (with an annotated copy) left beside November's timesheets: passed
    over and listed, never read as timesheets nor copied to do_poprawy/."""
    import shutil

    october, november = tmp_path / "pazdziernik", tmp_path / "listopad"
    make_timesheet([*week_rows(), work_row(12, rate=30)], folder=october, name="karta_10.xlsx")
    _, _, out_october = reconcile(october, out=tmp_path / "wyniki_10")
    assert (out_october / "do_poprawy" / "karta_10.xlsx").exists()
    make_timesheet(
        [work_row(d, "1002", date=D(2026, 11, d)) for d in (2, 3)],
        folder=november,
        month="2026-11",
        name="karta_11.xlsx",
    )
    clean_status, clean_output, clean = reconcile(
        november,
        month="2026-11",
        debts=out_october / "salda_2026-10.xlsx",
        out=tmp_path / "osobno" / "wyniki_11_czyste",  # (apart: another branch)
    )
    for item in out_october.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, november / item.name)
    (november / "~$karta_11.xlsx").write_bytes(b"lock")
    status, output, out = reconcile(
        november,
        month="2026-11",
        debts=out_october / "salda_2026-10.xlsx",
        out=tmp_path / "wyniki_11",
    )
    assert (status, balances(out / "salda_2026-11.xlsx")) == (
        clean_status,
        balances(clean / "salda_2026-11.xlsx"),
    )
    assert balances(out / "salda_2026-11.xlsx")["1002"] == (4748.8, 400)
    assert _issues(out, "2026-11") == _issues(clean, "2026-11") == []
    assert "Plików: 1 (nieczytelnych: 0)" in output and "Pominięto" in output
    assert not (out / "do_poprawy").exists()
    run = sheet_rows(out / "salda_2026-11.xlsx", "Przebieg")
    skipped_at = next(i for i, r in enumerate(run) if r[0] == "Pominięty plik")
    assert sorted(Path(r[0]).name for r in run[skipped_at + 1 :]) == [
        "archiwum_2026-10.zip",
        "bledy_2026-10.xlsx",
        "do_poprawy",
        "karty_dluznikow_2026-10.xlsx",
        "przebieg.json",
        "salda_2026-10.xlsx",
        "zestawienie_2026-10.xlsx",
        "~$karta_11.xlsx",
    ]


def test_missing_column_withholds_the_debtors_named_in_the_file(
    make_timesheet, reconcile, tmp_path
):
    folder = tmp_path / "karty"
    make_timesheet([*week_rows(), *week_rows("1002")], folder=folder, name="a.xlsx")
    make_timesheet(
        [work_row(12), work_row(13, account="1003")],
        folder=folder,
        name="b.xlsx",
        drop=("accepted",),
    )
    status, output, out = reconcile(folder)
    assert status == 1
    after = balances(out / "salda_2026-10.xlsx")
    assert after["1001"] == (5000, 400) and after["1003"] == (5000, 400)
    assert after["1002"] == (4748.8, 400)
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    assert next(r for r in summary if r[1] == "1001")[10:12] == (
        "TAK",
        "karta pracy niezgodna ze wzorem",
    )


def test_a_locked_output_changes_nothing(make_timesheet, reconcile, monkeypatch):
    import odpracowanie.writers.atomic as atomic

    path = make_timesheet(week_rows())
    _, _, out = reconcile(path)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = atomic.os.replace

    def locked(source, target):  # Windows refuses to replace a workbook open in Excel
        if Path(target).name == "zestawienie_2026-10.xlsx" and Path(source).suffix == ".xlsx":
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", locked)
    status, output, _ = reconcile(
        make_timesheet(week_rows("1002"), name="k2.xlsx"), extra=("--force",)
    )
    assert status == 2 and "Nie można zastąpić pliku" in output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_corrected_rerun_clears_old_annotated_copies(make_timesheet, reconcile, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet([work_row(5, rate=30), *week_rows()], folder=folder, name="b.xlsx")
    _, _, out = reconcile(folder)
    assert (out / "do_poprawy" / "b.xlsx").exists()
    make_timesheet([work_row(5), *week_rows()], folder=folder, name="b.xlsx")
    status, _, _ = reconcile(folder, extra=("--force",))
    assert status == 0 and not (out / "do_poprawy").exists()


def test_per_square_metre_code_poznan(make_timesheet, reconcile):
    # Poznań pays per m² cleaned: 120 m² × 2,50 zł = 300,00 zł; hour limits do not count it.
    rows = [
        *[work_row(d, qty=8) for d in (5, 6, 7, 8, 9)],
        work_row(9, code="MYC", unit="m2", qty=120),
        work_row(10, code="MYC", unit="m²", qty="12,4"),
    ]
    status, output, out = reconcile(make_timesheet(rows))
    assert status == 0, output
    # 40 h × 31,40 = 1 256,00 zł + 300,00 zł + 31,00 zł
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (3413, 400)
    sums = sheet_rows(out / "zestawienie_2026-10.xlsx", "Sumy i wykresy")
    assert ("", "MYC", "Mycie okien (m2)", 132.4, 331) in [r[:5] for r in sums]


def test_rate_tied_to_minimum_wage_changes_on_1_january(
    make_timesheet, make_program, reconcile, tmp_path
):
    program = make_program(
        rates=[
            ["PORZ", "Porządki", "h", 30.50, D(2025, 1, 1), D(2025, 12, 31)],
            ["PORZ", "Porządki", "h", 31.40, D(2026, 1, 1), None],
        ],
        participants=[
            {
                "account": "1001",
                "agreement_on": D(2025, 3, 1),
                "bhp_on": D(2025, 3, 1),
                "insurance_from": D(2025, 1, 1),
            }
        ],
    )
    december = make_timesheet(
        [work_row(d, date=D(2025, 12, d)) for d in (29, 30, 31)], name="gru.xlsx", month="2025-12"
    )
    status, output, first = reconcile(
        december, program=program, month="2025-12", out=tmp_path / "gru"
    )
    assert status == 0, output
    assert balances(first / "salda_2025-12.xlsx")["1001"] == (4634, 400)  # 12 h × 30,50
    january = make_timesheet(
        [work_row(d, date=D(2026, 1, d)) for d in (2, 5, 6)], name="sty.xlsx", month="2026-01"
    )
    status, output, second = reconcile(
        january,
        program=program,
        month="2026-01",
        debts=first / "salda_2025-12.xlsx",
        out=tmp_path / "sty",
    )
    # 12 h × 31,40 = 376,80 zł; the week 29.12–4.01 spans the years and is checked whole
    assert balances(second / "salda_2026-01.xlsx")["1001"] == (4257.2, 400)


def test_pdf_without_libreoffice_is_a_clear_note(make_timesheet, reconcile, monkeypatch):
    import odpracowanie.writers.pdf as pdf

    monkeypatch.setattr(pdf, "find_office", lambda: None)
    status, output, out = reconcile(make_timesheet(week_rows()), extra=("--pdf",))
    assert status == 0
    assert "LibreOffice nie jest zainstalowany, więc PDF nie powstał" in output
    assert (out / "salda_2026-10.xlsx").exists() and not list(out.glob("*.pdf"))


def test_a_month_is_not_written_into_the_folder_of_the_run_it_continues(
    make_timesheet, reconcile, tmp_path
):
    # One folder, one run (SPEC §7): November into October's folder would put two runs there
    # (and --force would move October's ledger, its own input, aside).
    out = tmp_path / "wspolny"
    october = make_timesheet([work_row(5, rate=30), *week_rows()], name="paz.xlsx")
    reconcile(october, out=out)
    before = sorted(p.name for p in out.iterdir())
    november = make_timesheet(
        [work_row(3, date=D(2026, 11, 3), rate=30), work_row(4, date=D(2026, 11, 4))],
        name="lis.xlsx",
        month="2026-11",
    )
    for extra in ((), ("--force",)):
        status, output, _ = reconcile(
            november, out=out, month="2026-11", debts=out / "salda_2026-10.xlsx", extra=extra
        )
        assert status == 2 and "jeden folder wyników mieści jedno rozliczenie" in output
        assert "wskaż nowy, pusty folder --out na wyniki za 2026-11" in output
        assert sorted(p.name for p in out.iterdir()) == before


def test_credited_rows_keep_their_ids_and_units_across_runs(make_timesheet, reconcile, tmp_path):
    _, _, first = reconcile(make_timesheet(week_rows(), name="a.xlsx"), out=tmp_path / "a")
    rows = sheet_rows(first / "salda_2026-10.xlsx", "Historia prac")
    assert rows[0][:4] == ("ID", "Miesiąc", "Nr konta", "Jednostka organizacyjna")
    assert [(r[0], r[3]) for r in rows[1:]] == [("2026-10/00001", "PGM"), ("2026-10/00002", "PGM")]
    late = make_timesheet(week_rows("1002"), name="b.xlsx")
    _, _, second = reconcile(late, debts=first / "salda_2026-10.xlsx", out=tmp_path / "b")
    ids = {
        (r[2], r[4].day): r[0]
        for r in sheet_rows(second / "salda_2026-10_2.xlsx", "Historia prac")[1:]
    }
    assert ids == {
        ("1001", 8): "2026-10/00001",
        ("1001", 9): "2026-10/00002",
        ("1002", 8): "2026-10/00003",
        ("1002", 9): "2026-10/00004",
    }


def test_every_run_archives_its_inputs_and_outputs_with_a_manifest(
    make_timesheet, make_program, make_debts, tmp_path
):
    """SPEC §7: the inputs exactly as received, the outputs, and manifest.json."""
    import hashlib
    import json
    import subprocess
    import sys
    import zipfile

    folder = tmp_path / "karty"
    good = make_timesheet([*week_rows(), work_row(12, rate=30)], folder=folder, name="a.xlsx")
    (folder / "notatka.txt").write_text("nie karta")
    program, debts, out = make_program(), make_debts(), tmp_path / "wyniki"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "odpracowanie",
            "reconcile",
            "--program",
            str(program),
            "--debts",
            str(debts),
            "--month",
            "2026-10",
            "--out",
            str(out),
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    with zipfile.ZipFile(out / "archiwum_2026-10.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        stored = {name: archive.read(name) for name in archive.namelist()}
    files = {f["path"]: f for f in manifest["files"]}
    assert sorted(files) == [
        "wejscie/a.xlsx",
        "wejscie/notatka.txt",
        "wejscie/program.xlsx",
        "wejscie/zadluzenie.xlsx",
        "wyniki/bledy_2026-10.xlsx",
        "wyniki/do_poprawy/a.xlsx",
        "wyniki/karty_dluznikow_2026-10.xlsx",
        "wyniki/salda_2026-10.xlsx",
        "wyniki/zestawienie_2026-10.xlsx",
    ]
    for path, source in (
        ("wejscie/a.xlsx", good),
        ("wejscie/program.xlsx", program),
        ("wyniki/salda_2026-10.xlsx", out / "salda_2026-10.xlsx"),
    ):
        data = source.read_bytes()
        assert stored[path] == data
        assert files[path]["sha256"] == hashlib.sha256(data).hexdigest()
        assert files[path]["size"] == len(data)
    assert (
        files["wejscie/a.xlsx"]["role"],
        files["wejscie/program.xlsx"]["role"],
        files["wyniki/bledy_2026-10.xlsx"]["role"],
    ) == ("karta pracy", "program", "wynik")
    assert manifest["command"][1:3] == ["reconcile", "--program"]
    assert manifest["version"] and manifest["time"].startswith("20")


def test_progress_covers_reading_checking_and_writing(
    make_timesheet, make_program, make_debts, tmp_path
):
    from odpracowanie.batch import run_reconcile

    folder = tmp_path / "karty"
    for n in range(4):
        make_timesheet(week_rows(), folder=folder, name=f"k{n}.xlsx", unit="PGM")
    seen = []
    run_reconcile(
        [folder],
        program_path=make_program(),
        debts_path=make_debts(),
        month=(2026, 10),
        out_dir=tmp_path / "wyniki",
        now=dt.datetime(2026, 11, 5, 9, 0),
        progress=lambda done, total, label: seen.append((done, total, label)),
    )
    done = [d for d, _, _ in seen]
    assert done == sorted(done) and seen[-1][:2] == (seen[-1][1], seen[-1][1])
    steps = [label for _, _, label in seen]
    assert steps[:4] == [f"Czytanie: k{n}.xlsx" for n in range(4)]
    assert steps[4:6] == ["Karty sprawdzone", "Rozliczenie policzone"]
    assert "Zapisano: salda_2026-10.xlsx" in steps and steps[-1] == "Gotowe"
    # reading is not the whole bar: checking and writing still have half of it to go
    read = next(d for d, _, label in seen if label == "Czytanie: k3.xlsx")
    assert read / seen[-1][1] <= 0.5


def test_a_programme_left_among_the_timesheets_is_passed_over(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    import shutil

    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="karta.xlsx")
    shutil.copy(make_program(), folder / "program_kopia.xlsx")
    shutil.copy(make_debts(), folder / "stare_zadluzenie.xlsx")
    status, output, out = reconcile(folder)
    # nothing was withheld: exit 0, and the two workbooks are listed as passed over
    assert status == 0, output
    assert "program_kopia.xlsx" in output and "skoroszyt programu" in output
    assert "stare_zadluzenie.xlsx" in output and "arkusz Zadłużenie" in output
    assert _issues(out) == []
    assert "Plików: 1" in output


def test_cards_written_to_disk_as_they_go_hold_the_same_cells(
    make_timesheet, make_program, reconcile, tmp_path, monkeypatch
):
    """Thousands of debtors' cards are streamed (constant_memory, each sheet written top to
    bottom): the same cells, merged ranges and print areas as cards kept in memory."""
    from odpracowanie.writers import outputs

    program = make_program()
    path = make_timesheet([*week_rows(), *week_rows("1002"), work_row(12, "1003", rate=30)])
    _, _, kept = reconcile(path, program=program, out=tmp_path / "pamiec")
    monkeypatch.setattr(outputs, "CARDS_STREAMED_FROM", 1)
    _, _, streamed = reconcile(path, program=program, out=tmp_path / "dysk")

    def cards(folder):
        book = openpyxl.load_workbook(folder / "karty_dluznikow_2026-10.xlsx")
        return {
            s.title: (
                [tuple(r) for r in s.iter_rows(values_only=True)],
                sorted(map(str, s.merged_cells.ranges)),
                s.print_area,
            )
            for s in book.worksheets
        }

    assert cards(streamed) == cards(kept)
    withheld = cards(streamed)["1003 Piotr Zieliński"][0]
    assert any(c and str(c).startswith("Praca za 10.2026 nie została") for r in withheld for c in r)


def test_the_transfer_history_keeps_twelve_months():
    # Historia wpłat, like Historia prac, keeps the 12 months up to the ledger's month.
    import pandas as pd

    from odpracowanie.core.settlement import _roll_payments

    months = [f"{y}-{m:02d}" for y, m in [(2025, 10), (2025, 11), (2026, 9)]]
    history = pd.DataFrame(
        {
            "month": months,
            "account": ["1001"] * 3,
            "date": pd.to_datetime(["2025-10-10", "2025-11-10", "2026-09-10"]),
            "amount": [100, 200, 300],
            "source": [""] * 3,
            "file": [""] * 3,
            "sha256": [""] * 3,
        }
    )
    kept = _roll_payments(history, None, (2026, 10), (2026, 10))
    assert kept["month"].tolist() == ["2025-11", "2026-09"]
