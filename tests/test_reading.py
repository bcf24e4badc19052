"""Reading timesheets the way offices fill them (SPEC §2.3)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from conftest import D, codes, found, week_rows, work_row

from odpracowanie.core.validation import validate_month
from odpracowanie.readers.scan import expand_paths
from odpracowanie.readers.timesheet import read_timesheet


def _work(path: Path):
    sheets, issues = read_timesheet(path)
    assert issues == []
    return validate_month(sheets, month=(2026, 10))


def test_decimal_comma_text_is_a_number(make_timesheet):
    work = _work(make_timesheet([work_row(5, qty="7,5"), work_row(7, qty="0,5")])).work
    assert work["qty"].tolist() == [450_000, 30_000]  # 7,5 h and 0,5 h in 1/60 000 h


def test_excel_time_is_hours(make_timesheet):
    work = _work(make_timesheet([work_row(5, qty=dt.time(7, 30))])).work
    assert work["qty"].tolist() == [450_000]


def test_minutes_become_hours(make_timesheet):
    work = _work(
        make_timesheet([work_row(5, qty=90, unit="min"), work_row(6, qty=20, unit="min")])
    ).work
    assert work["qty"].tolist() == [90_000, 20_000]  # 1,5 h and exactly 1/3 h
    assert work["unit_kind"].tolist() == ["h", "h"]


def test_number_typed_account_equals_text_account(make_timesheet, validate):
    path = make_timesheet(
        [work_row(5, account=1001), work_row(7, account="1001.0"), work_row(8, account=" 1001 ")]
    )
    work = _work(path).work
    assert work["account"].tolist() == ["1001", "1001", "1001"]
    _status, issues = validate(path)
    assert "ACCOUNT_UNKNOWN" not in codes(issues)


def test_razem_row_is_not_work(make_timesheet):
    path = make_timesheet(week_rows(), total=True)
    assert len(_work(path).work) == 2


@pytest.mark.parametrize(
    "total",
    ["Razem", "RAZEM", "  SUMA:", "Ogółem", "Łącznie", "lacznie", "Podsumowanie", "\u00b4Razem"],
)
def test_a_total_row_in_any_spelling_ends_the_table(total):
    from odpracowanie.readers.workbook import TableStart, read_body

    rows = iter([(2, ["1001", 5]), (3, [total, 10]), (4, ["1002", 7])])
    numbers, body = read_body(rows, TableStart(1, {"account": 0, "qty": 1}, []))
    assert (numbers, body) == ([2], [["1001", 5]])


@pytest.mark.parametrize("first", ["Sumiński Jan", "Ryszard", "200100", "Łączka", "\u00b4Sumiak"])
def test_a_row_whose_first_cell_only_looks_like_a_total_is_read(first):
    from odpracowanie.readers.workbook import TableStart, read_body

    rows = iter([(2, [first, 5]), (3, ["1002", 7])])
    numbers, body = read_body(rows, TableStart(1, {"account": 0, "qty": 1}, []))
    assert (numbers, body) == ([2, 3], [[first, 5], ["1002", 7]])


def test_a_columns_text_and_its_empty_cells_come_from_one_stripping():
    import pandas as pd

    from odpracowanie.core import parse

    cells = ["  Jan ", "", "   ", None, float("nan"), 1001.0, 7.5, D(2026, 10, 5), "\u00a0", True]
    raw = pd.Series(cells, dtype=object)
    text, missing = parse.text_and_missing(raw)
    assert text.tolist() == ["Jan", "", "", "", "nan", "1001", "7.5", "2026-10-05", "", "True"]
    assert missing.tolist() == [False, True, True, True, True, False, False, False, True, False]
    # the same as each on its own
    assert text.equals(parse.parse_text(raw)) and missing.equals(parse.missing_mask(raw))


def test_a_long_number_typed_as_a_number_keeps_its_digits():
    """A whole number beyond int64 (an account typed as a number, 1e20) is its digits, not an
    overflow into a negative one."""
    import pandas as pd

    from odpracowanie.core import parse

    raw = pd.Series([1e20, -3e19, 2.0**63, 9.2e18, 1001.0, 2.5], dtype=object)
    assert parse.parse_account(raw).tolist() == [
        "100000000000000000000",
        "-30000000000000000000",
        "9223372036854775808",
        "9200000000000000000",
        "1001",
        "2.5",
    ]


def test_the_total_row_words_are_kept_folded():
    """`read_body` skips the fold for a cell whose first letter starts none of these words,
    which holds only while they are written folded."""
    from odpracowanie import labels

    assert all(labels.fold(word) == word for word in labels.TOTAL_ROW_PREFIXES)


def test_a_note_below_the_table_is_not_work(make_timesheet, tmp_path):
    import openpyxl

    path = make_timesheet(week_rows())
    book = openpyxl.load_workbook(path)
    book.active.cell(12, 2, "notatka pod tabelą")  # free text in one cell, after a blank row
    book.save(path)
    assert len(_work(path).work) == 2


def test_rows_inserted_above_and_merged_title(make_timesheet):
    path = make_timesheet(week_rows(), above=5)
    [sheet], issues = read_timesheet(path)
    assert issues == []
    assert sheet.table["_row"].tolist() == [13, 14]
    assert sheet.header.month == (2026, 10)
    assert sheet.header.unit == "PGM"


def test_header_labels_ignore_case_diacritics_and_units(make_timesheet):
    path = make_timesheet(
        week_rows(),
        headers={"qty": "ILOSC (h)", "rate": "stawka", "account": "  nr KONTA  ", "date": "DATA:"},
    )
    work = _work(path).work
    assert len(work) == 2
    assert work["account"].tolist() == ["1001", "1001"]


def test_text_dates_and_date_forms(make_timesheet):
    path = make_timesheet(
        [
            work_row(5, date="05.10.2026"),
            work_row(6, date="2026-10-06"),
            work_row(7, date=dt.datetime(2026, 10, 7, 0, 0)),
        ]
    )
    work = _work(path).work
    assert [d.date() for d in work["date"]] == [D(2026, 10, 5), D(2026, 10, 6), D(2026, 10, 7)]


def test_text_dates_in_every_form_and_only_years_a_person_means():
    import pandas as pd

    from odpracowanie.core.parse import parse_dates

    cells = {
        " 05.10.2026 ": D(2026, 10, 5),
        "5.1.2026": D(2026, 1, 5),
        "2026-10-06": D(2026, 10, 6),
        "07-10-2026": D(2026, 10, 7),
        "08/10/2026": D(2026, 10, 8),
        "01.01.1900": D(1900, 1, 1),
        "31.12.2200": D(2200, 12, 31),
        "31.12.1899": None,  # typos: the year is outside 1900–2200
        "01.01.2201": None,
        "07.10.3026": None,
        "31.12.9999": None,
        "29.02.2025": None,  # no such day
        "5.10.26": None,  # a two-digit year is not guessed
        "2026-13-01": None,
        "-2026-10-05": None,  # once read as 2066 by a year found anywhere in the text
    }
    parsed = parse_dates(pd.Series(list(cells), dtype=object))
    days = [None if pd.isna(v) else v.date() for v in parsed.values]
    assert days == list(cells.values())
    assert parsed.invalid.tolist() == [day is None for day in cells.values()]


@pytest.mark.parametrize("month", ["2026-10", "10.2026", D(2026, 10, 17), "10/2026"])
def test_header_month_forms(make_timesheet, month):
    [sheet], _ = read_timesheet(make_timesheet(week_rows(), month=month))
    assert sheet.header.month == (2026, 10)


def test_first_sheet_used_when_rozliczenie_missing(make_timesheet):
    [sheet], issues = read_timesheet(make_timesheet(week_rows(), sheet="Arkusz1"))
    assert issues == [] and sheet.sheet == "Arkusz1" and len(sheet.table) == 2


def test_formula_without_cached_value_counts_as_empty(make_timesheet, validate):
    # openpyxl writes formulas without cached values, as a program that never calculated.
    path = make_timesheet([work_row(5, rate="=31.4", value="=4*31.4"), work_row(7)])
    status, issues = validate(path)
    assert status == 0, issues
    assert issues == []


def test_lock_files_are_skipped_and_other_files_read(make_timesheet, tmp_path):
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="a.xlsx")
    (folder / "~$a.xlsx").write_bytes(b"lock")
    (folder / ".~lock.a.xlsx#").write_text("Jan,komputer")
    (folder / "notatki.txt").write_text("nie arkusz")
    scan = expand_paths([folder])
    assert [p.name for p in scan.files] == ["a.xlsx", "notatki.txt"]
    assert sorted(p.name for p, _ in scan.skipped) == [".~lock.a.xlsx#", "~$a.xlsx"]


def test_folder_lists_every_file_in_name_order(tmp_path, make_timesheet):
    folder = tmp_path / "karty"
    for name in ("c.XLSX", "b.xls", "a.xlsm", "d.ods", "e.csv"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(b"x")
    assert [p.name for p in expand_paths([folder]).files] == [
        "a.xlsm",
        "b.xls",
        "c.XLSX",
        "d.ods",
        "e.csv",
    ]


def _zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("stara.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "uszkodzony"),
        ("tekst.xlsx", b"to jest zwykly tekst", "nie jest skoroszyt, tylko plik tekstowy"),
        ("dane.csv", "Nr konta;Data;Ilość\n1001;05.10.2026;4\n".encode("cp1250"), "(CSV)"),
        ("skan.pdf", b"%PDF-1.7\n%\xe2\xe3", "dokument PDF"),
        ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "zdjęcie lub skan"),
        ("pusty.xlsx", b"", "pusty"),
        ("zip.xlsx", None, "tylko archiwum zip"),
        ("pismo.docx", "word", "dokument programu Word"),
    ],
)
def test_unreadable_files_give_one_issue(tmp_path, name, content, reason, validate, make_timesheet):
    path = tmp_path / "karty" / name
    path.parent.mkdir()
    if content is None:
        content = _zip_bytes({"a.txt": b"x"})
    elif content == "word":
        content = _zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    path.write_bytes(content)
    make_timesheet(week_rows(), folder=tmp_path / "karty", name="dobra.xlsx")
    status, issues = validate(tmp_path / "karty")
    assert found(issues) == [("FILE_UNREADABLE", "", "", "")]
    assert issues[0]["file"] == name and reason in issues[0]["message"]
    assert status == 1


def test_truncated_workbook_is_unreadable(make_timesheet, validate, tmp_path):
    good = make_timesheet(week_rows())
    broken = tmp_path / "ucieta.xlsx"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    _status, issues = validate(broken)
    assert codes(issues) == ["FILE_UNREADABLE"]


def test_real_encrypted_workbook_is_unreadable(make_timesheet, validate, tmp_path):
    import msoffcrypto.format.ooxml

    plain = make_timesheet(week_rows())
    encrypted = tmp_path / "zaszyfrowana.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("tajne", target)
    _status, issues = validate(encrypted)
    assert codes(issues) == ["FILE_UNREADABLE"]
    assert "hasłem" in issues[0]["message"]


def test_missing_required_column(make_timesheet, validate):
    _status, issues = validate(make_timesheet(week_rows(), drop=("accepted",)))
    assert found(issues) == [("HEADER_MISSING", "Rozliczenie", "A7", "")]
    assert "Odebrano" in issues[0]["message"]


def test_no_table_at_all(tmp_path, validate):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Lista zakupów"
    path = tmp_path / "inne.xlsx"
    book.save(path)
    _status, issues = validate(path)
    assert codes(issues) == ["HEADER_MISSING"]


@pytest.mark.parametrize("typed", [D(2026, 5, 7), 46149])
def test_a_date_in_ilosc_names_the_number_meant(make_timesheet, validate, typed):
    """`7.5` typed in a Polish locale becomes 07.05 (a date cell, or its serial 46149 in a cell
    formatted as a number): one NUMBER_INVALID that says so, not 46 149 hours."""
    path = make_timesheet([*week_rows(), work_row(10, qty=typed)])
    status, issues = validate(path)
    assert found(issues) == [("NUMBER_INVALID", "Rozliczenie", "H10", "1001")]
    assert "to data 07.05.2026" in issues[0]["message"]
    assert "chodziło prawdopodobnie o 7,5" in issues[0]["message"]
    assert status == 1


def test_a_big_quantity_that_is_no_date_is_judged_as_a_number(make_timesheet, validate):
    path = make_timesheet([work_row(10, qty=30)])
    status, issues = validate(path)
    assert codes(issues) == ["QTY_DAY_MAX"]


def test_time_in_ilosc_valued_by_an_old_template_is_not_an_amount_error(make_timesheet, validate):
    """Templates before 2026.2 computed 07:30 (0,3125 of a day) × 31,40 = 9,81 zł; the reader
    values 7,5 h × 31,40 = 235,50 zł and credits that, without a false AMOUNT_MISMATCH."""
    rows = [
        work_row(8, qty=dt.time(7, 30), rate=31.4, value=9.81),
        work_row(9, qty=dt.time(4, 0), rate=31.4, value=125.6),  # the new template's
        work_row(10, qty=dt.time(4, 0), rate=31.4, value=5.24),
    ]  # 4/24 × 31,40 = 5,23
    status, issues = validate(make_timesheet(rows))
    assert found(issues) == [("AMOUNT_MISMATCH", "Rozliczenie", "K10", "1001")]
    assert "125,60" in issues[0]["message"]


def test_a_big_area_is_no_date(make_timesheet, validate):
    """40 000 m² of lawn is a quantity, whatever date serial the number also is."""
    path = make_timesheet([*week_rows(), work_row(10, code="MYC", qty=40000, unit="m2")])
    assert validate(path) == (0, [])


def test_only_the_programs_own_output_names_are_passed_over(tmp_path, make_timesheet):
    folder = tmp_path / "karty"
    for name in (
        "zestawienie_godzin_MOSIR.xlsx",
        "salda_pazdziernik.xlsx",
        "salda_2026-09.xlsx",
        "salda_2026-09_2.xlsx",
        "zestawienie_2026-09.pdf",
        "korekta_2026-09_K-7.xlsx",
        "archiwum_2026-09.zip",
    ):
        make_timesheet(week_rows(), folder=folder, name=name)
    scan = expand_paths([folder])
    assert [p.name for p in scan.files] == [
        "salda_pazdziernik.xlsx",
        "zestawienie_godzin_MOSIR.xlsx",
    ]
    assert len(scan.skipped) == 5
