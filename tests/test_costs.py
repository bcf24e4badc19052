"""Court and enforcement costs (SPEC §8): a third debt component through crediting in any
order, the ledger, the summary, the debtor card, corrections and postings — each component's
before − credited = after, and every output that shows principal and interest shows costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import sheet_rows, week_rows, work_row

from odpracowanie.cli import main

HEADS = ["Nr konta", "Dłużnik", "Adres lokalu", "Należność główna", "Odsetki", "Koszty", "Stan na"]
ART_451 = "koszty, odsetki, należność główna"
# 1001 owes 100,00 principal, 50,00 interest and 300,00 costs; works 12 h (376,80 zł);
# 1002 owes no costs and works 8 h (251,20 zł).
DEBTS = [
    ["1001", "Jan Kowalski", "ul. A 1", 100.0, 50.0, 300.0, dt.date(2026, 9, 30)],
    ["1002", "Anna Nowak", "ul. B 2", 5000.0, 400.0, None, dt.date(2026, 9, 30)],
]
# What 1001's 376,80 zł pays, (principal, interest, costs), in each order.
PAID = {
    "należność główna, odsetki": (100.0, 50.0, 226.8),  # Żyrardów: costs last
    ART_451: (26.8, 50.0, 300.0),
}


def _table(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = sheet_rows(path, sheet)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _month(make_timesheet, make_program, make_debts, reconcile, tmp_path, order: str):
    program = make_program(params={"kolejnosc_zaliczania": order})
    debts = make_debts(DEBTS, heads=HEADS)
    sheet = make_timesheet([work_row(5), *week_rows(), *week_rows("1002")])
    code, output, out = reconcile(sheet, program=program, debts=debts, out=tmp_path / "m")
    assert code == 0, output
    return program, out


@pytest.mark.parametrize("order", list(PAID))
def test_costs_are_credited_in_the_programmes_order_and_the_ledger_keeps_them(
    make_timesheet, make_program, make_debts, reconcile, tmp_path, order
):
    _, out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path, order)
    principal, interest, costs = PAID[order]
    ledger = out / "salda_2026-10.xlsx"
    debts = {r["Nr konta"]: r for r in _table(ledger, "Zadłużenie")}
    assert [debts["1001"][h] for h in ("Należność główna", "Odsetki", "Koszty")] == [
        round(100 - principal, 2),
        round(50 - interest, 2),
        round(300 - costs, 2),
    ]
    assert debts["1002"]["Koszty"] == 0
    line = next(r for r in _table(ledger, "Historia rozliczeń") if r["Nr konta"] == "1001")
    assert (line["Na należność główną (zł)"], line["Na odsetki (zł)"], line["Na koszty (zł)"]) == (
        principal,
        interest,
        costs,
    )
    assert (line["Koszty przed (zł)"], line["Koszty po (zł)"]) == (300, round(300 - costs, 2))
    assert line["Nadwyżka (zł)"] == 0
    check = CliRunner().invoke(main, ["ledger", "check", str(ledger)])
    assert check.exit_code == 0, check.output


def test_the_summary_card_and_postings_show_costs_with_the_same_totals(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    _, out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path, ART_451)
    summary = sheet_rows(out / "zestawienie_2026-10.xlsx", "Zestawienie")
    top = next(i for i, r in enumerate(summary) if r[0] == "Lp.")
    heads = summary[top]
    at = {h: heads.index(h) for h in heads if h}
    row = next(r for r in summary if r[1] == "1001")
    assert row[at["Na koszty (zł)"]] == 300
    assert row[at["Zadłużenie przed (zł)"]] == 450  # costs count in the debt
    assert row[at["Zadłużenie po (zł)"]] == 73.2
    total = next(r for r in summary if r[2] == "Razem")
    assert [
        total[at[h]] for h in ("Na należność główną (zł)", "Na odsetki (zł)", "Na koszty (zł)")
    ] == [26.8, 50 + 251.2, 300]  # 1002's 251,20 zł all to its interest (art. 451)

    lines = [
        line.split(";")
        for line in (out / "ksiegowanie_2026-10.csv").read_bytes().decode("cp1250").splitlines()
    ]
    booked = {(r[2], r[4]): Decimal(r[5].replace(",", ".")) for r in lines[1:]}
    assert booked == {
        ("1001", "należność główna"): Decimal("26.80"),
        ("1001", "odsetki"): Decimal("50.00"),
        ("1001", "koszty"): Decimal("300.00"),
        ("1002", "odsetki"): Decimal("251.20"),
    }
    order = sheet_rows(out / "ksiegowanie_2026-10.xlsx", "Polecenie księgowania")
    heads = next(r for r in order if r[0] == "Lp.")
    razem = next(r for r in order if r[0] == "Razem")
    assert heads[5:9] == ("Należność główna (zł)", "Odsetki (zł)", "Koszty (zł)", "Razem (zł)")
    assert razem[5:9] == (26.8, 301.2, 300, 628)
    decree = {r[0]: r[3] for r in order if r[0] in ("należność główna", "odsetki", "koszty")}
    assert decree == {"należność główna": 26.8, "odsetki": 301.2, "koszty": 300}

    card = openpyxl.load_workbook(out / "karty_dluznikow_2026-10.xlsx")
    sheet = next(s for s in card.worksheets if s.title.startswith("1001"))
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    debt_heads = next(r for r in cells if r[3] == "Należność główna (zł)")
    assert debt_heads[3:7] == ["Należność główna (zł)", "Odsetki (zł)", "Koszty (zł)", "Razem (zł)"]
    before = next(r for r in cells if str(r[0]).startswith("przed rozliczeniem"))
    after = next(r for r in cells if str(r[0]).startswith("po rozliczeniu"))
    assert before[3:7] == [100, 50, 300, 450]
    assert after[3:7] == [73.2, 0, 0, 73.2]
    months = next(r for r in cells if r[0] == "Miesiąc")
    assert "Na koszty (zł)" in months and "Koszty po (zł)" in months
    october = next(r for r in cells if r[0] == "10.2026")
    assert october[months.index("Na koszty (zł)")] == 300
    assert october[months.index("Koszty po (zł)")] == 0


def test_a_month_without_costs_shows_no_costs_columns(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    code, output, out = reconcile(make_timesheet([work_row(5)]), out=tmp_path / "m")
    assert code == 0, output
    assert "Koszty" not in sheet_rows(out / "salda_2026-10.xlsx", "Zadłużenie")[0]
    heads = sheet_rows(out / "salda_2026-10.xlsx", "Historia rozliczeń")[0]
    assert not [h for h in heads if "oszty" in h]
    assert "koszty" not in output


def test_a_correction_gives_each_component_back_what_it_took(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    program, out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path, ART_451)
    ledger = out / "salda_2026-10.xlsx"
    # 8.10 (4 h, 125,60 zł) of 1001 was the last to be credited: it took principal 26,80 and
    # interest 50,00 and 48,80 of the costs (crediting in order is additive)
    row_id = next(
        r["ID"]
        for r in _table(ledger, "Historia prac")
        if r["Nr konta"] == "1001" and r["Data"].day == 8
    )
    result = CliRunner().invoke(
        main,
        [
            *("correct", "--program", str(program), "--debts", str(ledger)),
            *("--out", str(tmp_path / "k"), "--reason", "błąd w karcie"),
            *("--document", "K/1", "--row", row_id),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "należność główna 26,80 zł, odsetki 50,00 zł, koszty 48,80 zł" in result.output
    fixed = tmp_path / "k" / "salda_2026-10_2.xlsx"
    debt = next(r for r in _table(fixed, "Zadłużenie") if r["Nr konta"] == "1001")
    assert [debt[h] for h in ("Należność główna", "Odsetki", "Koszty")] == [100, 50, 48.8]
    line = _table(fixed, "Historia rozliczeń")[-1]
    assert line["Zapis"] == "korekta K/1"
    assert (line["Na koszty (zł)"], line["Koszty przed (zł)"], line["Koszty po (zł)"]) == (
        -48.8,
        0,
        48.8,
    )
    postings = (tmp_path / "k").glob("ksiegowanie_*.csv")
    lines = [ln.split(";") for ln in next(postings).read_bytes().decode("cp1250").splitlines()]
    assert {(r[4], r[5]) for r in lines[1:]} == {
        ("należność główna", "-26,80"),
        ("odsetki", "-50,00"),
        ("koszty", "-48,80"),
    }
    document = sheet_rows(tmp_path / "k" / "korekta_2026-10_K-1.xlsx", "Korekta")
    heads = next(r for r in document if r[0] == "Nr konta")
    row = next(r for r in document if r[0] == "1001")
    assert row[heads.index("Zwrot na koszty (zł)")] == 48.8
    check = CliRunner().invoke(main, ["ledger", "check", str(fixed)])
    assert check.exit_code == 0, check.output


def test_a_ledger_with_costs_is_next_months_debts(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    program, out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path, ART_451)
    november = make_timesheet(
        [work_row(d, date=dt.date(2026, 11, d)) for d in (2, 3, 4)],
        month="2026-11",
        name="karta_11.xlsx",
    )
    code, output, nov = reconcile(
        november,
        program=program,
        debts=out / "salda_2026-10.xlsx",
        month="2026-11",
        out=tmp_path / "nov",
    )
    assert code == 0, output
    # 376,80 zł on principal 73,20: the rest is surplus; costs paid off in October stay shown
    # costs are shown, none credited in November, as the ledger has them
    assert "należność główna 73,20 zł, odsetki 0,00 zł, koszty 0,00 zł)" in output
    lines = _table(nov / "salda_2026-11.xlsx", "Historia rozliczeń")
    assert [(r["Miesiąc"], r["Nr konta"], r["Na koszty (zł)"]) for r in lines] == [
        ("2026-10", "1001", 300),
        ("2026-10", "1002", 0),
        ("2026-11", "1001", 0),
    ]
    assert lines[-1]["Nadwyżka (zł)"] == 303.6


def test_a_hand_edited_costs_balance_is_named_by_its_cell(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    _, out = _month(make_timesheet, make_program, make_debts, reconcile, tmp_path, ART_451)
    ledger = out / "salda_2026-10.xlsx"
    book = openpyxl.load_workbook(ledger)
    sheet = book["Historia rozliczeń"]
    column = next(c for c in sheet[1] if c.value == "Koszty po (zł)").column_letter
    sheet[f"{column}2"] = 10  # 1001's costs after October: 0,00 zł
    book.save(edited := tmp_path / "salda_edytowane.xlsx")
    result = CliRunner().invoke(main, ["ledger", "check", "--format", "json", str(edited)])
    assert result.exit_code == 1
    assert f'"cell": "{column}2"' in result.output and "LEDGER_CELL_EDITED" in result.output


def test_an_order_naming_a_component_twice_or_an_unknown_one_stops_the_run(make_program):
    from odpracowanie.readers.program import read_program

    for order, expected in (
        (ART_451, ("costs", "interest", "principal")),
        ("Odsetki", ("interest", "principal", "costs")),
        ("koszty; należność główna", ("costs", "principal", "interest")),
    ):
        program = read_program(make_program(params={"kolejnosc_zaliczania": order})).program
        assert program.params.allocation_order == expected
    for order in ("koszty, koszty", "koszty, opłaty", "najpierw odsetki"):
        result = read_program(make_program(params={"kolejnosc_zaliczania": order}))
        assert [(i.code, i.cell) for i in result.issues] == [("PARAM_INVALID", "B2")], order


def test_a_credit_to_costs_not_booked_in_finance_is_found(tmp_path):
    from dataclasses import replace

    from kit import debts

    from odpracowanie.core.rules.booked import check_booked
    from odpracowanie.readers.debts import read_debts

    # October credited 1001 50,00 zł to costs; its ledger ends with 0,00 zł costs
    ledger = replace(
        debts({"1001": (10000, 0, 0)}, credited=[("2026-10", "1001", 5000, "costs")]),
        last_month=(2026, 10),
    )
    heads = "Nr konta;Dłużnik;Adres lokalu;Należność główna;Odsetki;Koszty;Stan na\r\n"
    for costs, found in (("50,00", ["CREDIT_NOT_BOOKED"]), ("0,00", []), ("", [])):
        export = tmp_path / "fk.csv"
        line = f"1001;Jan Kowalski;ul. A;100,00;0,00;{costs};31.10.2026\r\n"
        export.write_bytes((heads + line).encode("cp1250"))
        balances = read_debts(export).debts
        assert balances.accounts["1001"].costs == (5000 if costs == "50,00" else 0)
        issues = check_booked(balances, ledger).issues
        assert [i.code for i in issues] == found
        if found:
            assert "odsetki 0,00 zł, koszty 50,00 zł" in issues[0].message
    # a ledger without its `Przebieg` sheet: the month of its newest line
    assert [i.code for i in check_booked(balances, replace(ledger, last_month=None)).issues] == []
    export.write_bytes((heads + line.replace(";;", ";50,00;")).encode("cp1250"))
    unbooked = read_debts(export).debts
    found = check_booked(unbooked, replace(ledger, last_month=None)).issues
    assert [(i.code, i.fields["month"]) for i in found] == [("CREDIT_NOT_BOOKED", "10.2026")]


def test_not_booked_is_found_from_any_credited_component_the_export_has(tmp_path):
    from dataclasses import replace

    from kit import debts

    from odpracowanie.core.rules.booked import check_booked
    from odpracowanie.readers.debts import read_debts

    # October credited 1001 100,00 principal, 50,00 interest and 300,00 costs: all paid off
    credited = [
        ("2026-10", "1001", 10000, "principal"),
        ("2026-10", "1001", 5000, "interest"),
        ("2026-10", "1001", 30000, "costs"),
    ]
    ledger = replace(debts({"1001": (0, 0, 0)}, credited=credited), last_month=(2026, 10))

    def judged(heads: str, line: str) -> list[str]:
        export = tmp_path / "fk.csv"
        export.write_bytes(f"{heads}\r\n{line}\r\n".encode("cp1250"))
        return [i.code for i in check_booked(read_debts(export).debts, ledger).issues]

    plain = "Nr konta;Dłużnik;Adres lokalu;Należność główna;Odsetki"
    with_costs = plain + ";Koszty"
    # an export without costs: principal and interest still as before October
    assert judged(plain, "1001;Jan Kowalski;ul. A;100,00;50,00") == ["CREDIT_NOT_BOOKED"]
    assert judged(plain, "1001;Jan Kowalski;ul. A;0,00;0,00") == []
    # interest grew since (new interest), principal not booked: still not booked
    assert judged(with_costs, "1001;Jan Kowalski;ul. A;100,00;7,50;0,00") == ["CREDIT_NOT_BOOKED"]
    # costs added by the bailiff, the credits booked: booked
    assert judged(with_costs, "1001;Jan Kowalski;ul. A;0,00;0,00;200,00") == []


def test_a_correction_after_a_late_run_on_changed_balances_returns_nothing_negative(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    # October credits 1001 31,40 zł to costs (costs first); FK then shows the costs paid in
    # cash; a late October timesheet credits 125,60 zł to principal on those balances; the
    # 31,40 zł row is corrected.
    units = [["PGM", "PGM", "", ""], ["MOS", "MOSiR", "", ""]]
    program = make_program(params={"kolejnosc_zaliczania": ART_451}, units=units)
    rows = [["1001", "Jan Kowalski", "ul. A 1", 500.0, 0, 100.0, dt.date(2026, 9, 30)]]
    code, output, october = reconcile(
        make_timesheet([work_row(5, qty=1)]),
        program=program,
        debts=make_debts(rows, heads=HEADS),
        out=tmp_path / "oct",
    )
    fk = tmp_path / "fk.csv"
    heads = "Nr konta;Dłużnik;Należność główna;Odsetki;Koszty"
    fk.write_bytes(f"{heads}\r\n1001;Jan Kowalski;500,00;0,00;0,00\r\n".encode("cp1250"))
    november = make_timesheet(
        [work_row(2, date=dt.date(2026, 11, 2))], month="2026-11", name="nov.xlsx"
    )
    code, output, nov = reconcile(
        november,
        program=program,
        debts=fk,
        month="2026-11",
        out=tmp_path / "nov",
        extra=("--history", str(october / "salda_2026-10.xlsx")),
    )
    assert code == 0, output
    late = make_timesheet([work_row(12)], name="late.xlsx", unit="MOS")
    code, output, late_out = reconcile(
        late, program=program, debts=nov / "salda_2026-11.xlsx", out=tmp_path / "late"
    )
    assert code == 0, output
    ledger = next(late_out.glob("salda_*.xlsx"))
    row_id = next(
        r["ID"] for r in _table(ledger, "Historia prac") if r["Data"] == dt.datetime(2026, 10, 5)
    )
    result = CliRunner().invoke(
        main,
        [
            *("correct", "--program", str(program), "--debts", str(ledger)),
            *("--out", str(tmp_path / "k"), "--reason", "x", "--document", "K/1"),
            *("--row", row_id),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wraca 31,40 zł" in result.output
    fixed = next((tmp_path / "k").glob("salda_*.xlsx"))
    line = _table(fixed, "Historia rozliczeń")[-1]
    returned = [line[h] for h in ("Na należność główną (zł)", "Na odsetki (zł)", "Na koszty (zł)")]
    assert all(v <= 0 for v in returned) and round(sum(returned), 2) == -31.4
    debt = _table(fixed, "Zadłużenie")[0]
    assert min(debt["Należność główna"], debt["Odsetki"], debt["Koszty"]) >= 0
    check = CliRunner().invoke(main, ["ledger", "check", str(fixed)])
    assert check.exit_code == 0, check.output


def test_a_run_again_on_balances_that_moved_gets_a_line_of_its_own(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    # October credited 125,60 zł; FK booked it and the bailiff added 50,00 zł of costs; a
    # late October timesheet is run on FK's balances: its own line, the ledger consistent.
    units = [["PGM", "PGM", "", ""], ["MOS", "MOSiR", "", ""]]
    program = make_program(params={"kolejnosc_zaliczania": ART_451}, units=units)
    rows = [["1001", "Jan Kowalski", "ul. A 1", 500.0, 0, 0, dt.date(2026, 9, 30)]]
    _, _, october = reconcile(
        make_timesheet([work_row(5)]),
        program=program,
        debts=make_debts(rows, heads=HEADS),
        out=tmp_path / "oct",
    )
    fk = tmp_path / "fk.csv"
    heads = "Nr konta;Dłużnik;Należność główna;Odsetki;Koszty"
    fk.write_bytes(f"{heads}\r\n1001;Jan Kowalski;374,40;0,00;50,00\r\n".encode("cp1250"))
    code, output, again = reconcile(
        make_timesheet([work_row(12)], name="late.xlsx", unit="MOS"),
        program=program,
        debts=fk,
        out=tmp_path / "again",
        extra=("--history", str(october / "salda_2026-10.xlsx")),
    )
    assert code == 0, output
    ledger = next(again.glob("salda_*.xlsx"))
    lines = _table(ledger, "Historia rozliczeń")
    assert [(r["Zapis"], r["Koszty przed (zł)"], r["Na koszty (zł)"]) for r in lines] == [
        ("", 0, 0),
        ("ponowne rozliczenie 1", 50, 50),
    ]
    check = CliRunner().invoke(main, ["ledger", "check", str(ledger)])
    assert check.exit_code == 0, check.output
