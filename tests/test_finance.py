"""The finance system (SPEC §8): balances from FK's CSV export, the history from last month's
ledger (`--history`) and CREDIT_NOT_BOOKED."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import PEOPLE, D, _sheet, sheet_rows, week_rows, work_row

import odpracowanie.labels as labels
from odpracowanie.cli import main
from odpracowanie.readers.debts import read_debts

HEADS = ["Nr konta", "Dłużnik", "Adres lokalu", "Należność główna", "Odsetki", "Stan na"]
# What make_debts writes, with Polish letters where ISO 8859-2 and Windows-1250 differ.
BALANCES = [
    ["1001", "Jan Kowalski", "ul. Świętochłowicka 5", "5000.00", "400.00", D(2026, 9, 30)],
    ["1002", "Anna Nowak", "ul. Źródlana 1/2", "1234.56", "0.05", D(2026, 9, 30)],
    ["1003", "Piotr Zieliński", "ul. Wąska 3", "0.00", "78.90", D(2026, 9, 30)],
]


def export(
    path: Path,
    rows: list[list[object]] | None = None,
    *,
    encoding: str = "cp1250",
    separator: str = ";",
    decimal: str = ",",
    date: str = "%d.%m.%Y",
    heads: list[str] | None = None,
) -> Path:
    """A balances export as FK writes it (CRLF lines)."""
    lines = [separator.join(heads or HEADS)]
    for row in rows if rows is not None else BALANCES:
        cells = [
            c.strftime(date)
            if isinstance(c, dt.date)
            else str(c).replace(".", decimal)
            if i in (3, 4)
            else str(c)
            for i, c in enumerate(row)
        ]
        lines.append(separator.join(f'"{c}"' if separator in c else c for c in cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _balances(path: Path) -> dict[str, tuple]:
    debts = read_debts(path).debts
    assert debts is not None
    return {
        a: (d.debtor, d.address, d.principal, d.interest, d.as_of)
        for a, d in debts.accounts.items()
    }


EXPECTED = {
    "1001": ("Jan Kowalski", "ul. Świętochłowicka 5", 500000, 40000, dt.date(2026, 9, 30)),
    "1002": ("Anna Nowak", "ul. Źródlana 1/2", 123456, 5, dt.date(2026, 9, 30)),
    "1003": ("Piotr Zieliński", "ul. Wąska 3", 0, 7890, dt.date(2026, 9, 30)),
}


@pytest.mark.parametrize("encoding", ["cp1250", "utf-8", "utf-8-sig", "iso8859_2", "utf-16"])
def test_an_export_in_any_encoding_gives_the_same_balances(tmp_path, encoding):
    assert _balances(export(tmp_path / "salda.csv", encoding=encoding)) == EXPECTED


@pytest.mark.parametrize(
    ("separator", "decimal", "date"),
    [(";", ",", "%d.%m.%Y"), (",", ",", "%Y-%m-%d"), ("\t", ".", "%Y%m%d"), (",", ".", "%d.%m.%Y")],
)
def test_separator_decimal_mark_and_date_form_are_found(tmp_path, separator, decimal, date):
    path = export(tmp_path / "salda.txt", separator=separator, decimal=decimal, date=date)
    assert _balances(path) == EXPECTED


def test_an_export_gives_the_ledger_the_workbook_gives(
    tmp_path, make_timesheet, make_debts, reconcile
):
    sheet = make_timesheet([work_row(5), *week_rows(), work_row(6, account="1002")])
    rows = [
        [a, name, "ul. Testowa 1", 5000.00, 400.00, D(2026, 9, 30)]
        for a, (name, _) in PEOPLE.items()
    ]
    code, _, from_book = reconcile(sheet, debts=make_debts(rows), out=tmp_path / "a")
    assert code == 0
    csv = export(tmp_path / "fk.csv", [[*r[:3], f"{r[3]:.2f}", f"{r[4]:.2f}", r[5]] for r in rows])
    code, _, from_csv = reconcile(sheet, debts=csv, out=tmp_path / "b")
    assert code == 0
    # the one warning more: HISTORY_MISSING, as no --history was given
    warned = {(r[0], r[7]) for r in sheet_rows(from_csv / "bledy_2026-10.xlsx", "Błędy")[1:]}
    before = {(r[0], r[7]) for r in sheet_rows(from_book / "bledy_2026-10.xlsx", "Błędy")[1:]}
    assert warned - before == {("fk.csv", "HISTORY_MISSING")}
    for name in ("Zadłużenie", "Historia prac", "Historia rozliczeń"):
        book = sheet_rows(from_book / "salda_2026-10.xlsx", name)
        assert sheet_rows(from_csv / "salda_2026-10.xlsx", name) == book
    # 12 h × 31,40 zł off 5 000,00 zł
    assert sheet_rows(from_csv / "salda_2026-10.xlsx", "Zadłużenie")[1][3] == 4623.2


@pytest.mark.parametrize(
    ("change", "cell", "says"),
    [
        (lambda r: r.__setitem__(3, "1 234,56"), "D3", "separatora tysięcy"),
        (lambda r: r.__setitem__(3, "1.234,56"), "D3", "separatora tysięcy"),
        (lambda r: r.__setitem__(3, "1234,567"), "D3", "dwoma miejscami"),
        (lambda r: r.__setitem__(4, "0.05"), "E3", "przecinek i kropka"),
        (lambda r: r.append("nadmiarowe"), "", "wiersz ma 7 pól, a nagłówek 6"),
        (lambda r: r.__setitem__(5, "30/09/2026"), "F3", "dd.mm.rrrr"),
    ],
)
def test_what_would_have_to_be_guessed_stops_the_run(tmp_path, change, cell, says, make_timesheet):
    rows = [
        [*r[:3], r[3].replace(".", ","), r[4].replace(".", ","), "30.09.2026"] for r in BALANCES
    ]
    change(rows[1])
    path = tmp_path / "fk.csv"
    path.write_bytes(("\r\n".join(";".join(r) for r in [HEADS, *rows]) + "\r\n").encode("cp1250"))
    result = read_debts(path)
    assert result.debts is None
    [issue] = result.issues
    assert (issue.code, issue.cell, issue.row) == ("CSV_INVALID", cell, 3)
    assert says in issue.message and "(wiersz 3" in issue.message
    # the command stops before anything is written
    out = tmp_path / "wyniki"
    run = CliRunner().invoke(
        main,
        [
            "reconcile",
            "--program",
            str(_program(tmp_path)),
            "--debts",
            str(path),
            "--month",
            "2026-10",
            "--out",
            str(out),
            str(make_timesheet([work_row(5)])),
        ],
    )
    assert run.exit_code == 2 and "CSV_INVALID" in run.output
    assert not out.exists() or not any(out.iterdir())


def test_an_empty_balance_is_missing_at_its_cell(tmp_path):
    rows = [["1001", "Jan Kowalski", "ul. A", "", "1,00", ""]]
    result = read_debts(export(tmp_path / "fk.csv", rows))
    assert result.debts is None
    assert [(i.code, i.cell, i.column) for i in result.issues] == [
        ("VALUE_MISSING", "D2", "Należność główna")
    ]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("Nr konta;Dłużnik\r\n".encode("utf-16-le"), "kodowanie"),
        (b"", "pusty"),
        ("Konto;Nazwisko;Kwota\r\n1001;Jan;5,00\r\n".encode("cp1250"), "nagłówków"),
    ],
)
def test_an_export_that_cannot_be_read_says_why(tmp_path, data, says):
    path = tmp_path / "fk.csv"
    path.write_bytes(data)
    result = read_debts(path)
    assert result.debts is None
    assert [i.code for i in result.issues] == ["CSV_INVALID"]
    assert says in result.issues[0].message


def _program(tmp_path: Path, names: list[tuple[str, str]] | None = None) -> Path:
    """conftest's programme (written by `_programme`), with `Nazwy kolumn` when given."""
    path = tmp_path / "program.xlsx"
    if names:
        book = openpyxl.load_workbook(path)
        _sheet(book, labels.SHEET_COLUMN_NAMES, ["Kolumna", "Nazwa w pliku"], names)
        book.save(path)
    return path


@pytest.fixture(autouse=True)
def _programme(tmp_path, make_program):
    make_program()  # tmp_path / program.xlsx, as conftest builds it


def test_the_finance_systems_own_heads_come_from_the_programme(tmp_path):
    from odpracowanie.readers.program import read_program

    heads = ["Konto", "Nazwisko i imię", "Adres", "Saldo kapitału", "Saldo odsetek", "Data"]
    path = export(tmp_path / "fk.csv", heads=heads)
    assert read_debts(path).issues[0].code == "CSV_INVALID"
    names = [
        ("Nr konta", "Konto"),
        ("Dłużnik", "Nazwisko i imię"),
        ("Adres lokalu", "Adres"),
        ("Należność główna", "Saldo kapitału"),
        ("Odsetki", "Saldo odsetek"),
        ("Stan na", "Data"),
    ]
    program = read_program(_program(tmp_path, names)).program
    assert program is not None
    debts = read_debts(path, aliases=program.finance_heads).debts
    assert {a: (d.principal, d.interest) for a, d in debts.accounts.items()} == {
        a: e[2:4] for a, e in EXPECTED.items()
    }


def test_a_column_name_the_debts_do_not_have_is_an_error(tmp_path):
    from odpracowanie.readers.program import read_program

    result = read_program(_program(tmp_path, [("Kapitał", "Saldo")]))
    assert result.program is None
    assert [(i.code, i.cell) for i in result.issues] == [("VALUE_INVALID", "A2")]
    assert "Należność główna" in result.issues[0].message


# -- --history and CREDIT_NOT_BOOKED --------------------------------------------------------


def _october(tmp_path, make_timesheet, make_debts, reconcile) -> Path:
    sheet = make_timesheet([work_row(5), *week_rows(), work_row(6, account="1002")])
    code, _, out = reconcile(sheet, debts=make_debts(), out=tmp_path / "oct")
    assert code == 0
    return out / "salda_2026-10.xlsx"


def _fk_after(ledger: Path, path: Path, unbooked: set[str] = frozenset()) -> Path:
    """FK's November export: October's credits booked, except for `unbooked` accounts."""
    debts = read_debts(ledger).debts
    lines = debts.settlements[debts.settlements["month"] == "2026-10"].set_index("account")
    rows = []
    for account, d in debts.accounts.items():
        principal, interest = d.principal, d.interest
        if account in unbooked:
            principal = int(lines.at[account, "principal_before"])
            interest = int(lines.at[account, "interest_before"])
        rows.append(
            [
                account,
                d.debtor,
                d.address,
                f"{principal / 100:.2f}",
                f"{interest / 100:.2f}",
                d.as_of,
            ]
        )
    return export(path, rows)


def _november(tmp_path, make_timesheet):
    rows = [work_row(d, date=D(2026, 11, d)) for d in (2, 3, 4)]
    rows += [work_row(d, account="1002", date=D(2026, 11, d)) for d in (2, 3)]
    return make_timesheet(rows, month="2026-11", name="karta_11.xlsx")


def test_balances_from_finance_with_last_months_history_give_the_ledger_of_the_ledger(
    tmp_path, make_timesheet, make_debts, reconcile
):
    ledger = _october(tmp_path, make_timesheet, make_debts, reconcile)
    november = _november(tmp_path, make_timesheet)
    code, _, direct = reconcile(november, debts=ledger, month="2026-11", out=tmp_path / "a" / "w")
    assert code == 0
    fk = _fk_after(ledger, tmp_path / "fk_11.csv")
    code, output, from_fk = reconcile(
        november,
        debts=fk,
        month="2026-11",
        out=tmp_path / "b" / "w",
        extra=("--history", str(ledger)),
    )
    assert code == 0, output
    for name in ("Zadłużenie", "Historia prac", "Historia rozliczeń"):
        book = sheet_rows(direct / "salda_2026-11.xlsx", name)
        assert sheet_rows(from_fk / "salda_2026-11.xlsx", name) == book
    run = dict((r[0], r[1]) for r in sheet_rows(from_fk / "salda_2026-11.xlsx", "Przebieg"))
    assert run["historia (salda_…)"] == "salda_2026-10.xlsx"


def test_a_credit_finance_has_not_booked_is_kept_until_an_export_shows_it_booked(
    tmp_path, make_timesheet, make_debts, reconcile
):
    # SPEC §7: 1001's October credit (PK/ODPR/2026-10/1) is not in FK's November export.
    ledger = _october(tmp_path, make_timesheet, make_debts, reconcile)
    october = read_debts(ledger).debts
    left = october.accounts["1001"]  # what October's ledger left: 5 000 − 376,80 zł
    assert (left.principal, left.interest) == (500000 - 37680, 40000)
    fk = _fk_after(ledger, tmp_path / "fk_11.csv", unbooked={"1001"})
    november = _november(tmp_path, make_timesheet)
    args = ["--debts", str(fk), "--history", str(ledger), "--month", "2026-11"]
    program = str(tmp_path / "program.xlsx")
    result = CliRunner().invoke(
        main, ["validate", "--format", "json", "--program", program, *args, str(november)]
    )
    issues = json.loads(result.stdout)
    assert [(i["code"], i["severity"], i["account"], i["file"]) for i in issues] == [
        ("CREDIT_NOT_BOOKED", "warning", "1001", "fk_11.csv")
    ]
    message = issues[0]["message"]
    assert "nie zawiera jeszcze zaliczenia za 10.2026 (376,80 zł, PK/ODPR/2026-10/1)" in message
    assert "od salda bez tego zaliczenia (należność główna 4 623,20 zł" in message
    code, output, out = reconcile(
        november,
        debts=fk,
        month="2026-11",
        out=tmp_path / "c" / "w",
        extra=("--history", str(ledger)),
    )
    assert code == 0, output
    assert "Czeka na zaksięgowanie w F-K: 376,80 zł (1 konto;" in output
    nov = out / "salda_2026-11.xlsx"
    lines = sheet_rows(nov, "Historia rozliczeń")
    # both credited; 1001 on the balance October left, not on FK's stale 5 000,00 zł
    november_lines = {r[1]: r for r in lines[1:] if r[0] == "2026-11"}
    assert set(november_lines) == {"1001", "1002"}
    assert november_lines["1001"][11] == 4623.2  # Należność główna przed
    assert november_lines["1001"][13] == round(4623.2 - 376.8, 2)  # po: 3 × 4 h × 31,40 zł
    waiting = sheet_rows(nov, "Do zaksięgowania")
    # October's credit, unbooked since November's export; November's, as sent
    assert waiting[1:] == [
        (
            "1001",
            "Jan Kowalski",
            "2026-10",
            "PK/ODPR/2026-10/1",
            376.8,
            0,
            "niezaksięgowane w F-K (od 11.2026)",
        ),
        ("1001", "Jan Kowalski", "2026-11", "PK/ODPR/2026-11/1", 376.8, 0, "wysłane do F-K"),
        ("1002", "Anna Nowak", "2026-11", "PK/ODPR/2026-11/1", 251.2, 0, "wysłane do F-K"),
    ]
    run = dict(r[:2] for r in sheet_rows(nov, "Przebieg") if r[0])
    assert run["Czeka na zaksięgowanie w F-K (zł)"] == 376.8
    summary = [c for r in sheet_rows(out / "zestawienie_2026-11.xlsx", "Zestawienie") for c in r]
    assert any(
        isinstance(c, str) and "czekają na zaksięgowanie w systemie F-K: 376,80 zł (1 konto;" in c
        for c in summary
    )

    # December: FK has booked October at last, but not November yet; both credited 376,80 zł,
    # so FK's balance cannot tell which it booked: November's awaits, October's is taken as
    # booked and kept to be confirmed (not counted as awaiting)
    december = tuple(work_row(d, date=D(2026, 12, d), protocol=f"G/{d}") for d in (7, 8))
    sheet = make_timesheet(list(december), name="gru.xlsx", month="2026-12")
    nov_debts = read_debts(nov).debts
    rows = []
    for account, d in nov_debts.accounts.items():
        principal = d.principal + (37680 if account == "1001" else 0)
        rows.append([account, d.debtor, d.address, f"{principal / 100:.2f}", "400.00", d.as_of])
    fk12 = export(tmp_path / "fk_12.csv", rows)
    code, output, dec = reconcile(
        sheet, debts=fk12, month="2026-12", out=tmp_path / "g", extra=("--history", str(nov))
    )
    assert code == 0, output
    ledger12 = dec / "salda_2026-12.xlsx"
    waiting = sheet_rows(ledger12, "Do zaksięgowania")
    assert [(*r[:4], r[6]) for r in waiting[1:]] == [
        (
            "1001",
            "Jan Kowalski",
            "2026-10",
            "PK/ODPR/2026-10/1",
            "przyjęte jako zaksięgowane, do potwierdzenia: saldo F-K tego nie rozstrzyga"
            " (od 12.2026)",
        ),
        (
            "1001",
            "Jan Kowalski",
            "2026-11",
            "PK/ODPR/2026-11/1",
            "niezaksięgowane w F-K (od 12.2026)",
        ),
        ("1001", "Jan Kowalski", "2026-12", "PK/ODPR/2026-12/1", "wysłane do F-K"),
    ]
    booked = sheet_rows(ledger12, "Przebieg")
    at = next(i for i, r in enumerate(booked) if r[0] and str(r[0]).startswith("Zaksięgowane"))
    # what FK has booked since leaves the list, said once in Przebieg
    assert sorted(r[:3] for r in booked[at + 2 :] if r[0]) == [
        ("1002", "2026-11", "PK/ODPR/2026-11/1"),
    ]
    run12 = dict(r[:2] for r in booked if r[0])
    assert run12["Czeka na zaksięgowanie w F-K (zł)"] == 376.8
    balances12 = read_debts(ledger12).debts.accounts
    assert balances12["1001"].principal == 500000 - 37680 - 37680 - 25120
    # January: FK books October at last -> nothing awaits, the ledger keeps FK's balance
    jan_rows = [
        [a, d.debtor, d.address, f"{d.principal / 100:.2f}", "400.00", d.as_of]
        for a, d in balances12.items()
    ]
    fk01 = export(tmp_path / "fk_01.csv", jan_rows)
    empty = make_timesheet([], name="sty.xlsx", month="2027-01")
    code, output, jan = reconcile(
        empty, debts=fk01, month="2027-01", out=tmp_path / "s", extra=("--history", str(ledger12))
    )
    # a credit still awaiting booking two months after its posting: ledger check warns
    check = CliRunner().invoke(main, ["ledger", "check", str(ledger12)])
    assert check.exit_code == 0, check.output  # November's posting is one month old
    from odpracowanie.batch import run_ledger_check

    later = tmp_path / "pozniej.xlsx"
    book = openpyxl.load_workbook(ledger12)
    sheet = book["Przebieg"]
    for row in sheet.iter_rows():
        if row[0].value == "Salda po miesiącu":
            row[1].value = "01.2027"
    book.save(later)
    found = [i for i in run_ledger_check(later, [])[1] if i.code == "PENDING_TOO_LONG"]
    assert [(i.account, i.severity.value) for i in found] == [("1001", "warning")]
    assert "czeka na zaksięgowanie w systemie F-K od 11.2026" in found[0].message
    final = jan / "salda_2027-01.xlsx"
    assert "Do zaksięgowania" not in openpyxl.load_workbook(final, read_only=True).sheetnames
    assert read_debts(final).debts.accounts["1001"].principal == balances12["1001"].principal


def test_history_beside_a_ledger_or_without_debts_is_refused(
    tmp_path, make_timesheet, make_debts, reconcile
):
    ledger = _october(tmp_path, make_timesheet, make_debts, reconcile)
    november = _november(tmp_path, make_timesheet)
    code, output, _ = reconcile(
        november,
        debts=ledger,
        month="2026-11",
        out=tmp_path / "d",
        extra=("--history", str(ledger)),
    )
    assert code == 2 and "ma już własną historię" in output
    result = CliRunner().invoke(main, ["validate", "--history", str(ledger), str(november)])
    assert result.exit_code == 2 and "razem z --debts" in result.output


def test_not_booked_is_judged_per_component_and_only_where_last_month_credited(
    tmp_path, make_timesheet, make_debts, reconcile
):
    # 1001: 62,80 zł principal, so October's 125,60 zł is 62,80 + 62,80 zł of interest;
    # 1002: credited, then gone from FK's export (paid off); 1003: withheld in October.
    rows = [
        ["1001", "Jan Kowalski", "ul. A", 62.80, 500.0, D(2026, 9, 30)],
        ["1002", "Anna Nowak", "ul. B", 5000.0, 400.0, D(2026, 9, 30)],
        ["1003", "Piotr Zieliński", "ul. C", 5000.0, 400.0, D(2026, 9, 30)],
    ]
    october = make_timesheet(
        [work_row(5), *week_rows("1002"), work_row(6, account="1003", rate=1.0)]
    )
    code, output, out = reconcile(october, debts=make_debts(rows), out=tmp_path / "oct")
    assert code == 1, output
    ledger = out / "salda_2026-10.xlsx"
    fk = _fk_after(ledger, tmp_path / "fk.csv", unbooked={"1001"})
    kept = [line for line in fk.read_bytes().split(b"\r\n") if not line.startswith(b"1002;")]
    fk.write_bytes(b"\r\n".join(kept))
    result = CliRunner().invoke(
        main,
        [
            *("validate", "--format", "json", "--program", str(tmp_path / "program.xlsx")),
            *("--debts", str(fk), "--history", str(ledger), "--month", "2026-11"),
            str(_november(tmp_path, make_timesheet)),
        ],
    )
    found = [i for i in json.loads(result.stdout) if i["code"] == "CREDIT_NOT_BOOKED"]
    assert [i["account"] for i in found] == ["1001"]
    assert "należność główna 62,80 zł, odsetki 500,00 zł" in found[0]["message"]
    assert "(125,60 zł, PK/ODPR/2026-10/1)" in found[0]["message"]


def test_the_programme_template_keeps_the_finance_systems_heads(tmp_path):
    import dataclasses

    from kit import program

    from odpracowanie.readers.program import read_program
    from odpracowanie.writers.templates import write_program

    heads = {"principal": ("Saldo kapitału", "Kapitał"), "as_of": ("Data salda",)}
    write_program(tmp_path / "p.xlsx", dataclasses.replace(program(), finance_heads=heads))
    assert read_program(tmp_path / "p.xlsx").program.finance_heads == heads


@pytest.mark.parametrize(
    "data",
    [
        # a UTF-8 mark before Windows-1250 text; a UTF-16 file cut in the middle of a letter
        b"\xef\xbb\xbf" + ";".join(HEADS).encode("cp1250"),
        ("\ufeff" + ";".join(HEADS)).encode("utf-16-le")[:-1],
    ],
)
def test_bytes_that_contradict_their_encoding_are_refused(tmp_path, data):
    path = tmp_path / "fk.csv"
    path.write_bytes(data)
    result = read_debts(path)
    assert [i.code for i in result.issues] == ["CSV_INVALID"]
    assert "kodowanie" in result.issues[0].message


def test_a_file_in_dos_polish_is_refused_not_read_as_other_letters(tmp_path):
    # ASCII heads (as FK's own, named in Nazwy kolumn), names in code page 852
    text = "Nr konta;Dluznik;Naleznosc glowna;Odsetki\r\n104512;Stanisław Wiśniewski;10,00;1,00\r\n"
    path = tmp_path / "fk.csv"
    path.write_bytes(text.encode("cp852"))
    aliases = {"debtor": ("Dluznik",), "principal": ("Naleznosc glowna",)}
    result = read_debts(path, aliases=aliases)
    assert [i.code for i in result.issues] == ["CSV_INVALID"]
    path.write_bytes(text.encode("cp1250"))
    assert read_debts(path, aliases=aliases).debts.accounts["104512"].debtor == (
        "Stanisław Wiśniewski"
    )


def test_one_decimal_mark_for_the_whole_file_and_one_head_per_column(tmp_path):
    # a point in Odsetki after a comma in Należność główna: which one is the thousands mark?
    rows = [["1001", "Jan Kowalski", "ul. A", "2,50", "5", "30.09.2026"]]
    rows += [["1002", "Anna Nowak", "ul. B", "7", "5.5", "30.09.2026"]]
    path = tmp_path / "fk.csv"
    path.write_bytes(("\r\n".join(";".join(r) for r in [HEADS, *rows])).encode("cp1250"))
    [issue] = read_debts(path).issues
    assert (issue.code, issue.cell) == ("CSV_INVALID", "E3")
    # Należność główna twice (the second under FK's own head): neither is guessed
    heads = ["Nr konta", "Dłużnik", "Należność główna", "Saldo kapitału", "Odsetki"]
    lines = [";".join(heads), "104512;Jan;9000,00;6912,95;10,00"]
    path.write_bytes("\r\n".join(lines).encode("cp1250"))
    [issue] = read_debts(path, aliases={"principal": ("Saldo kapitału",)}).issues
    assert issue.code == "CSV_INVALID"
    assert "Należność główna występuje w nagłówku dwa razy (kolumny C, D)" in issue.message


def test_the_register_check_on_an_export_asks_for_no_history(
    tmp_path, make_program, make_timesheet
):
    program, fk = str(make_program()), str(export(tmp_path / "fk.csv"))
    checked = CliRunner().invoke(
        main, ["register", "check", "--program", program, "--debts", fk, "--format", "json"]
    )
    assert checked.exit_code == 0, checked.output
    assert "HISTORY_MISSING" not in {i["code"] for i in json.loads(checked.stdout)}
    validated = CliRunner().invoke(
        main,
        [
            *("validate", "--format", "json", "--program", program, "--debts", fk),
            *("--month", "2026-10", str(make_timesheet([work_row(5)]))),
        ],
    )
    assert "HISTORY_MISSING" in {i["code"] for i in json.loads(validated.stdout)}
