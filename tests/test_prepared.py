"""A timesheet prepared for each unit and month (SPEC §11, `templates --month`): its header and
lists, no personal data beyond accounts and names, read like the plain template (untouched it
is empty; filled it credits what the same rows in the plain template credit), and its marks
computed by LibreOffice as the rules would judge the rows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import balances

from odpracowanie.cli import main
from odpracowanie.readers.program import read_program

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PROGRAM = SAMPLES / "koordynator" / "program.xlsx"  # the sample programme with Skierowania
DEBTS = SAMPLES / "zadluzenie.xlsx"


def _program():
    found = read_program(PROGRAM)
    return found[0] if isinstance(found, tuple) else found.program


def _prepare(out: Path, *more: str) -> CliRunner:
    args = ["templates", str(out), "--program", str(PROGRAM), "--month", "2026-10", *more]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result


def _cells(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path)
    return [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]


def test_each_unit_with_a_referral_in_the_month_gets_its_own_prepared_timesheet(tmp_path):
    _prepare(tmp_path)
    names = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert names == [
        f"karta_pracy_{u}_2026-10.xlsx" for u in ("MOSIR", "OPS", "PGM", "SP1", "ZDIZ")
    ]
    # and the one-page instruction for supervisors, which Notepad opens in Polish
    guide = (tmp_path / "instrukcja_karty_pracy.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and b"\r\n" in guide
    assert "na czerwono to błąd" in guide.decode("utf-8-sig").replace("\r\n", " ")
    book = openpyxl.load_workbook(tmp_path / "karta_pracy_OPS_2026-10.xlsx")
    sheet = book["Rozliczenie"]
    assert (sheet["D4"].value, sheet["D5"].value, sheet["D6"].value) == (
        "OPS",
        "Irena Sowa",
        "2026-10",
    )
    lists = book["Listy"]
    people = [(r[16], r[17]) for r in lists.iter_rows(min_row=2, values_only=True) if r[16]]
    assert people == [("124210", _name("124210"))]
    # OPS's referral starts on 12.10: the referral table says so
    spans = [r[21:24] for r in lists.iter_rows(min_row=2, values_only=True) if r[21]]
    assert spans == [("124210", dt.datetime(2026, 10, 12), dt.datetime(2026, 10, 31))]
    # the names come from the account, by formula; the sheet is not protected
    assert "MATCH" in sheet["D13"].value and sheet["E13"].value == sheet["D13"].value
    assert not sheet.protection.sheet
    # --unit: that unit only
    only = tmp_path / "sp1"
    _prepare(only, "--unit", "sp1")
    assert [p.name for p in only.glob("*.xlsx")] == ["karta_pracy_SP1_2026-10.xlsx"]


def _name(account: str) -> str:
    return next(p.name for p in _program().participants if p.account == account)


def test_a_prepared_timesheet_holds_no_pesel_address_or_balance(tmp_path):
    _prepare(tmp_path)
    program = _program()
    secret = {p.pesel for p in program.participants if p.pesel}
    secret |= {p.address for p in program.participants if p.address}
    secret |= {p.pesel for p in program.proxies if p.pesel}
    assert secret
    for path in tmp_path.glob("*.xlsx"):
        texts = {str(c) for c in _cells(path) if c is not None}
        assert not secret & texts, path.name
        assert not any(re.fullmatch(r"\d{11}", t) for t in texts), path.name  # no PESEL at all


def test_an_unknown_unit_or_no_programme_is_refused_in_polish(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "templates",
            str(tmp_path),
            "--program",
            str(PROGRAM),
            "--month",
            "2026-10",
            "--unit",
            "XYZ",
        ],
    )
    assert result.exit_code == 2 and "Jednostki XYZ nie ma w arkuszu Jednostki" in result.stderr
    bare = CliRunner().invoke(main, ["templates", str(tmp_path), "--month", "2026-10"])
    assert bare.exit_code == 2 and "podaj --program" in bare.stderr
    assert not any(tmp_path.iterdir())


def _reconcile(folder: Path, out: Path):
    args = ["reconcile", "--program", str(PROGRAM), "--debts", str(DEBTS), "--month", "2026-10"]
    result = CliRunner().invoke(main, [*args, "--out", str(out), str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_an_untouched_prepared_timesheet_is_an_empty_one(tmp_path):
    _prepare(tmp_path / "karty")
    result = _reconcile(tmp_path / "karty", tmp_path / "wyniki")
    assert result.exit_code == 0, result.output
    assert (
        "Plików: 5 (nieczytelnych: 0), wierszy: 0" in result.output
        and "Błędy: 0, ostrzeżenia: 0" in result.output
    )


# A PGM month: 104512 and 104587 referred there; REM's rate changes on 16.10.
ROWS = [
    (dt.date(2026, 10, 5), "104512", "PORZ", 7.5, "h", "P/1"),
    (dt.date(2026, 10, 15), "104512", "REM", 4, "h", "P/2"),
    (dt.date(2026, 10, 16), "104512", "REM", 4, "h", "P/3"),
    (dt.date(2026, 10, 20), "104587", "ZIEL", 90, "min", "P/4"),
]
COLUMNS = {"date": "B", "account": "C", "code": "F", "qty": "H", "unit": "I", "protocol": "L"}


def _plain_rows(rows) -> list[dict[str, object]]:
    """(date, account, code, qty, unit, protocol) rows as the plain template's fill, accepted."""
    return [
        {"date": d, "account": a, "code": k, "qty": q, "unit": u, "protocol": p, "accepted": "TAK"}
        for d, a, k, q, u, p in rows
    ]


def _typed(sheet, rows) -> None:
    for n, (day, account, code, qty, unit, protocol) in enumerate(rows, start=13):
        values = dict(zip(COLUMNS, (day, account, code, qty, unit, protocol), strict=True))
        for field_name, value in values.items():
            sheet[f"{COLUMNS[field_name]}{n}"] = value
        sheet[f"M{n}"] = "TAK"


def test_filled_by_a_spreadsheet_program_it_credits_what_the_plain_template_credits(tmp_path):
    from odpracowanie.writers.templates import TimesheetFill, write_timesheet

    _prepare(tmp_path / "przygotowane", "--unit", "PGM")
    prepared = tmp_path / "przygotowane" / "karta_pracy_PGM_2026-10.xlsx"
    book = openpyxl.load_workbook(prepared)  # as a program that keeps no computed values
    _typed(book["Rozliczenie"], ROWS)
    (tmp_path / "a").mkdir()
    book.save(tmp_path / "a" / "karta.xlsx")
    plain = TimesheetFill(
        unit="PGM",
        supervisor="Barbara Zielińska",
        month="2026-10",
        rows=_plain_rows(ROWS),
    )
    (tmp_path / "b").mkdir()
    write_timesheet(tmp_path / "b" / "karta.xlsx", _program(), plain)
    first = _reconcile(tmp_path / "a", tmp_path / "wa" / "wyniki")
    second = _reconcile(tmp_path / "b", tmp_path / "wb" / "wyniki")
    assert first.exit_code == second.exit_code == 0, (first.output, second.output)
    # 7,5 h × 31,40 + 4 h × 35,00 + 4 h × 36,50 = 521,50 zł; 1,5 h × 31,40 = 47,10 zł
    assert "Zaliczono: 568,60 zł" in first.output
    assert balances(tmp_path / "wa" / "wyniki" / "salda_2026-10.xlsx") == balances(
        tmp_path / "wb" / "wyniki" / "salda_2026-10.xlsx"
    )


# -- the marks, computed by LibreOffice ---------------------------------------------------------

lo = pytest.importorskip("test_lo_typed")


@pytest.mark.skipif(lo._missing() is not None, reason=lo._missing() or "")
def test_libreoffice_marks_each_mistake_while_it_is_typed_and_credits_the_rest(tmp_path):
    """Each conditional format's formula, copied beside the rows (Z…AD), computed by
    LibreOffice after typing: TRUE exactly on the rows the batch would refuse."""
    _prepare(tmp_path / "przygotowane", "--unit", "SP1")
    source = tmp_path / "przygotowane" / "karta_pracy_SP1_2026-10.xlsx"
    book = openpyxl.load_workbook(source)
    sheet = book["Rozliczenie"]
    rules = {}
    for ranges in sheet.conditional_formatting:
        for rule in ranges.rules:
            rules.setdefault(str(ranges.sqref).split(":")[0], []).append(rule.formula[0])
    # one column per mark: the date (month), the day's hours, the account, the code, the referral
    marks = [rules["B13"][0], rules["B13"][1], rules["C13"][0], rules["F13"][0], rules["B13"][2]]
    for n in range(13, 21):
        for col, formula in zip(("Z", "AA", "AB", "AC", "AD"), marks, strict=True):
            sheet[f"{col}{n}"] = "=" + re.sub(r"\$([A-Z]+)13\b", rf"$\g<1>{n}", formula)
    with_marks = tmp_path / "ze_znakami.xlsx"
    book.save(with_marks)
    typed = [
        ("13", "05.10.2026", "121002", "PORZ", "8"),  # right
        ("14", "05.11.2026", "121002", "PORZ", "2"),  # another month
        ("15", "06.10.2026", "999999", "PORZ", "2"),  # not referred to SP1
        ("16", "07.10.2026", "121450", "XYZ", "2"),  # no such code
        ("17", "08.10.2026", "121450", "PORZ", "16"),  # with the next row: 26 h in one day
        ("18", "08.10.2026", "121450", "PORZ", "10"),
        ("19", "27.10.2026", "122390", "PORZ", "3"),  # the referral ended on 23.10
        ("20", "22.10.2026", "122390", "PORZ", "3"),  # right
    ]
    plan = []
    for row, day, account, code, qty in typed:
        plan += lo._work(int(row), day, account, code, qty, "h", f"P/{row}")
    plan += [
        {"type": "read", "sheet": "Rozliczenie", "cell": f"{c}{n}", "recalc": n == 13 and c == "Z"}
        for n in range(13, 21)
        for c in ("Z", "AA", "AB", "AC", "AD", "D")
    ]
    saved, reads = _fill(tmp_path, with_marks, plan)
    got = {(r["cell"]): r for r in reads}

    def marked(col: str, n: int) -> bool:
        value = got[f"{col}{n}"]["value"]
        return bool(value)

    expected = {
        "Z": {14},  # a date outside the month
        "AA": {17, 18},  # one person's day over 24 h
        "AB": {15},  # an account not referred to the unit
        "AC": {16},  # a code not on the list
        "AD": {14, 15, 19},  # outside the person's referral (or nobody's)
    }
    for col, rows in expected.items():
        assert {n for n in range(13, 21) if marked(col, n)} == rows, col
    # the debtor's name filled from the account by LibreOffice
    assert got["D13"]["string"] == _name("121002")
    # printed as LibreOffice prints it: the marks on paper (the guide's picture)
    _print(Path(saved["ods"]), tmp_path)
    # and the month LibreOffice saved is read as typed
    result = _reconcile(Path(saved["xlsx"]), tmp_path / "lo" / "wyniki")
    found = _codes(tmp_path / "lo" / "wyniki")
    assert {"DATE_OUTSIDE_MONTH", "ACCOUNT_UNKNOWN", "WORK_CODE_UNKNOWN", "QTY_DAY_MAX"} <= found
    assert "NO_REFERRAL" in found, result.output


def _print(sheet: Path, tmp_path: Path) -> None:
    """`sheet` printed by LibreOffice, its first page's top as a PNG (`7_karta_jednostki.png`
    in ODPRACOWANIE_SCREENSHOTS, else the test's folder): red cells on the typed rows."""
    import os
    import shutil
    import subprocess

    from odpracowanie.writers.pdf import to_pdf

    (tmp_path / "wydruk").mkdir()
    (pdf,) = to_pdf([sheet], tmp_path / "wydruk")
    shots = Path(os.environ.get("ODPRACOWANIE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed to look at the printed page")
    stem = tmp_path / "strona"
    subprocess.run(
        [
            *("pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-W", "1300", "-H", "420"),
            *("-singlefile", str(pdf), str(stem)),
        ],
        check=True,
        timeout=120,
    )
    picture = stem.with_suffix(".png")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
        timeout=120,
    )
    raw = stem.with_suffix(".ppm").read_bytes()  # P6: "P6 W H 255" then RGB bytes
    magic, width, height, top, pixels = raw.split(maxsplit=4)
    assert magic == b"P6" and top == b"255"
    rgb = pixels[: int(width) * int(height) * 3]
    red = sum(
        1
        for i in range(0, len(rgb), 3)
        if rgb[i] > 230 and 160 < rgb[i + 1] < 200 and 160 < rgb[i + 2] < 200
    )
    assert red > 100, red  # the marks' fill (#F4B6B6) is on the printed page
    shutil.copyfile(picture, shots / "7_karta_jednostki.png")


def _codes(out: Path) -> set[str]:
    from conftest import sheet_rows

    rows = sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")
    at = rows[0].index("Kod")
    return {r[at] for r in rows[1:]}


def _fill(tmp_path: Path, template: Path, plan: list[dict]):
    return lo.fill_and_read(tmp_path, template, plan)


# -- sent to the supervisors ----------------------------------------------------------------------


def _program_with(tmp_path: Path, due: int | None, blank_email: str = "") -> Path:
    book = openpyxl.load_workbook(PROGRAM)
    if due is not None:
        book["Parametry"].append(["termin_kart_dni", due])
    if blank_email:
        sheet = book["Jednostki"]
        heads = [c.value for c in sheet[1]]
        at = next(i for i, h in enumerate(heads) if h and "mail" in str(h).lower())
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == blank_email:
                row[at].value = None
    path = tmp_path / "program.xlsx"
    book.save(path)
    return path


def _drafts(folder: Path) -> dict[str, object]:
    import email
    import email.policy

    return {
        p.name: email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted((folder / "wysylka").glob("*.eml"))
    }


def test_each_unit_gets_its_prepared_timesheet_with_the_deadline(tmp_path):
    program = _program_with(tmp_path, 10)
    cards = tmp_path / "karty"
    args = ["templates", str(cards), "--program", str(program), "--month", "2026-11"]
    assert CliRunner().invoke(main, args).exit_code == 0
    sent = CliRunner().invoke(
        main,
        ["send", "--templates", str(cards), "--month", "2026-11", "--program", str(program)],
    )
    assert sent.exit_code == 0, sent.output
    drafts = _drafts(cards)
    assert list(drafts) == [
        f"0{n}_karta_{u}.eml" for n, u in enumerate(("MOSIR", "OPS", "PGM", "SP1", "ZDIZ"), 1)
    ]
    units = {u.code: u for u in _program().units}
    for name, message in drafts.items():
        code = name.split("_karta_")[1][:-4]
        assert message["To"] == units[code].email and message["X-Unsent"] == "1"
        assert message["Subject"] == f"Karta pracy na 11.2026 — {units[code].name}"
        body = message.get_body(("plain",)).get_content()
        # 30.11.2026 + 10 days
        assert "odeślij do 10.12.2026." in body and "PESEL" not in body
        attached, guide = message.iter_attachments()
        assert guide.get_filename() == "instrukcja_karty_pracy.txt"
        assert attached.get_filename() == f"karta_pracy_{code}_2026-11.xlsx"
        assert attached.get_content() == (cards / attached.get_filename()).read_bytes()


def test_a_unit_without_an_address_is_said_and_the_rest_go(tmp_path):
    program = _program_with(tmp_path, None, blank_email="OPS")
    cards = tmp_path / "karty"
    args = ["templates", str(cards), "--program", str(program), "--month", "2026-11"]
    assert CliRunner().invoke(main, args).exit_code == 0
    sent = CliRunner().invoke(
        main,
        ["send", "--templates", str(cards), "--month", "2026-11", "--program", str(program)],
    )
    assert sent.exit_code == 1
    assert "karta jednostki OPS (brak adresu e-mail w arkuszu Jednostki)" in sent.stderr
    drafts = _drafts(cards)
    assert len(drafts) == 4 and not any("OPS" in n for n in drafts)
    body = next(iter(drafts.values())).get_body(("plain",)).get_content()
    assert "odeślij po zakończeniu miesiąca" in body  # no termin_kart_dni


def test_send_templates_without_prepared_timesheets_or_with_a_month_folder_is_refused(tmp_path):
    empty = tmp_path / "pusty"
    empty.mkdir()
    args = ["send", "--templates", str(empty), "--month", "2026-11", "--program", str(PROGRAM)]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 2 and "nie ma kart przygotowanych na 11.2026" in refused.stderr
    both = CliRunner().invoke(main, [*args, "--to", "pgm@example.pl"])
    assert both.exit_code == 2 and "albo --templates" in both.stderr
    assert not (empty / "wysylka").exists()


@pytest.mark.skipif(lo._missing() is not None, reason=lo._missing() or "")
def test_typed_in_libreoffice_with_rows_inserted_and_sorted_it_credits_as_the_plain_one(tmp_path):
    """The prepared sheet typed in LibreOffice as a supervisor types (text dates, decimal
    commas, rows inserted, the table sorted by date) credits what the same rows in the plain
    template credit, to the grosz."""
    from odpracowanie.writers.templates import TimesheetFill, write_timesheet

    _prepare(tmp_path / "przygotowane", "--unit", "PGM")
    source = tmp_path / "przygotowane" / "karta_pracy_PGM_2026-10.xlsx"
    typed = [
        (13, "16.10.2026", "104512", "REM", "4", "P/3"),
        (14, "05.10.2026", "104512", "PORZ", "7,5", "P/1"),
        (15, "20.10.2026", "104587", "ZIEL", "1,5", "P/4"),
        (16, "15.10.2026", "104512", "REM", "4", "P/2"),
    ]
    plan = []
    for row, day, account, code, qty, protocol in typed:
        plan += lo._work(row, day, account, code, qty, "h", protocol)
    plan += [
        {"type": "insert_rows", "sheet": "Rozliczenie", "before": 14, "count": 2},
        *lo._work(14, "22.10.2026", "104587", "PORZ", "2", "h", "P/5"),
        {"type": "sort", "sheet": "Rozliczenie", "range": "A13:N20", "key_column": "B"},
    ]
    saved, _ = _fill(tmp_path, source, plan)
    rows = [
        (dt.date(2026, 10, d), a, k, q, "h", p)
        for d, a, k, q, p in (
            (5, "104512", "PORZ", 7.5, "P/1"),
            (15, "104512", "REM", 4, "P/2"),
            (16, "104512", "REM", 4, "P/3"),
            (20, "104587", "ZIEL", 1.5, "P/4"),
            (22, "104587", "PORZ", 2, "P/5"),
        )
    ]
    plain = TimesheetFill(
        unit="PGM",
        month="2026-10",
        rows=_plain_rows(rows),
    )
    (tmp_path / "b").mkdir()
    write_timesheet(tmp_path / "b" / "karta.xlsx", _program(), plain)
    for fmt, path in saved.items():
        typed_run = _reconcile(Path(path), tmp_path / fmt / "wyniki")
        assert typed_run.exit_code == 0, (fmt, typed_run.output)
        # 7,5 × 31,40 + 4 × 35,00 + 4 × 36,50 + 1,5 × 31,40 + 2 × 31,40 = 631,40 zł
        assert "Zaliczono: 631,40 zł" in typed_run.output, (fmt, typed_run.output)
    plain_run = _reconcile(tmp_path / "b", tmp_path / "plain" / "wyniki")
    assert "Zaliczono: 631,40 zł" in plain_run.output
    assert balances(tmp_path / "xlsx" / "wyniki" / "salda_2026-10.xlsx") == balances(
        tmp_path / "plain" / "wyniki" / "salda_2026-10.xlsx"
    )


def test_a_name_read_as_the_number_0_is_no_name(tmp_path):
    """LibreOffice's .xls keeps a name formula's text result as 0: a row holding only such
    zeros is empty, and a 0 beside real work is no name to compare with the register."""
    _prepare(tmp_path / "przygotowane", "--unit", "PGM")
    book = openpyxl.load_workbook(tmp_path / "przygotowane" / "karta_pracy_PGM_2026-10.xlsx")
    sheet = book["Rozliczenie"]
    _typed(sheet, ROWS[:1])
    for cell in ("D13", "E13", "D14", "E14", "D15", "E15"):
        sheet[cell] = 0
    (tmp_path / "a").mkdir()
    book.save(tmp_path / "a" / "karta.xlsx")
    result = _reconcile(tmp_path / "a", tmp_path / "w" / "wyniki")
    assert result.exit_code == 0, result.output
    assert "wierszy: 1" in result.output and "Błędy: 0" in result.output
    assert "NAME_MISMATCH" not in _codes(tmp_path / "w" / "wyniki")


def test_send_templates_says_in_polish_what_it_cannot_read(tmp_path):
    cards = tmp_path / "karty"
    _prepare(cards, "--unit", "SP1")
    broken = tmp_path / "zly.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    args = ["send", "--templates", str(cards), "--month", "2026-10", "--program"]
    bad_program = CliRunner().invoke(main, [*args, str(broken)])
    assert bad_program.exit_code == 2 and "Błąd wewnętrzny" not in bad_program.output
    (cards / "karta_pracy_SP1_2026-10.xlsx").write_bytes(b"PK\x03\x04 damaged")
    damaged = CliRunner().invoke(main, [*args, str(PROGRAM)])
    assert damaged.exit_code == 2
    assert "Nie można odczytać karty karta_pracy_SP1_2026-10.xlsx" in damaged.stderr
    assert not (cards / "wysylka").exists()


def test_two_units_whose_files_would_share_a_name_are_refused(tmp_path):
    book = openpyxl.load_workbook(PROGRAM)
    sheet = book["Jednostki"]
    sheet.append(["sp1", "Druga szkoła", "Anna Kowal", "a@sp.example.pl"])
    program = tmp_path / "program.xlsx"
    book.save(program)
    args = ["templates", str(tmp_path / "k"), "--program", str(program), "--month", "2026-10"]
    result = CliRunner().invoke(main, [*args, "--unit", "SP1", "--unit", "sp1"])
    assert result.exit_code == 2, result.output
    assert "dałyby kartę o tej samej nazwie pliku" in result.stderr
