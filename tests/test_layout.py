"""The table as the person who filled it sees it (SPEC §2.3): blank rows, total rows, work typed
under a total, notes and signatures, merged cells, copied sheets, hidden rows. Each case checks
the money credited to the grosz, not only the issues: a row lost without a word is the worst bug.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from conftest import D, balances, found, week_rows, work_row

from odpracowanie.core.validation import validate_month
from odpracowanie.readers.timesheet import read_timesheet

HEADER_ROW = 7  # make_timesheet's header row; the first table row is 8


def _edit(path, change) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def _rows(path) -> list[tuple[str, int, str, int]]:
    """(sheet, Excel row, account, quantity in 1/60 000 h) of every work row read."""
    sheets, issues = read_timesheet(path)
    assert [i.code for i in issues if i.code != "TOTAL_NOT_LAST"] == []
    work = validate_month(sheets, month=(2026, 10)).work
    names = {i: s.sheet for i, s in enumerate(sheets)}
    return [
        (names[s], r, a, int(q))
        for s, r, a, q in zip(work["_src"], work["_row"], work["account"], work["qty"], strict=True)
    ]


def _type(ws, row: int, values: dict[str, object]) -> None:
    """Cells of one row by field, as make_timesheet lays the columns out."""
    from conftest import FIELD_OF

    for col, field in enumerate(FIELD_OF, start=1):
        if field in values:
            cell = ws.cell(row, col, values[field])
            if field == "date":
                cell.number_format = "dd.mm.yyyy"


def test_blank_rows_inside_the_table_skip_nothing_below(make_timesheet, reconcile):
    path = make_timesheet([work_row(5), work_row(6)])

    def gap(book) -> None:  # rows 10–11 left blank, two more rows below them
        _type(book.active, 12, work_row(7))
        _type(book.active, 14, work_row(8))

    _edit(path, gap)
    assert [(r, q) for _, r, _, q in _rows(path)] == [
        (8, 240_000),
        (9, 240_000),
        (12, 240_000),
        (14, 240_000),
    ]
    status, output, out = reconcile(path)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4497.6, 400)  # 16 h × 31,40 zł
    assert status == 0, output


def test_work_typed_under_the_total_row_is_read_and_named(make_timesheet, validate, reconcile):
    path = make_timesheet(week_rows(), total=True)  # Razem in row 10

    def below(book) -> None:
        _type(book.active, 11, work_row(10))
        _type(book.active, 13, {"debtor": "Podpis osoby nadzorującej: ……"})

    _edit(path, below)
    status, issues = validate(path)
    assert found(issues) == [("TOTAL_NOT_LAST", "Rozliczenie", "B11", "")]
    assert "wiersz 10" in issues[0]["message"]
    assert status == 0  # a warning: the row is credited
    status, _, out = reconcile(path)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4623.2, 400)  # 12 h × 31,40 zł


@pytest.mark.parametrize("label", ["Ogółem:", "SUMA", "Łącznie godzin", "Podsumowanie", "razem"])
def test_total_row_words_are_not_work(make_timesheet, validate, label):
    path = make_timesheet(week_rows())

    def total(book) -> None:
        book.active.cell(10, 1, label)
        book.active.cell(10, 8, 8)
        book.active.cell(10, 11, 251.2)

    _edit(path, total)
    assert validate(path) == (0, [])
    assert len(_rows(path)) == 2


def test_an_unlabelled_sum_row_is_not_work(make_timesheet, validate):
    path = make_timesheet(week_rows())
    _edit(path, lambda book: (book.active.cell(10, 8, 8.0), book.active.cell(10, 11, 251.2)))
    assert validate(path) == (0, [])


def test_signature_and_note_lines_are_not_work(make_timesheet, validate):
    path = make_timesheet(week_rows())

    def signatures(book) -> None:
        ws = book.active
        ws.cell(12, 2, "Podpis osoby nadzorującej: ………………")
        ws.merge_cells("B12:E12")
        ws.cell(12, 9, "Sporządził")
        ws.cell(14, 14, "Data i podpis")
        ws.cell(16, 4, "Uwagi: praca w deszczu")

    _edit(path, signatures)
    assert validate(path) == (0, [])


def test_a_half_filled_row_is_reported_not_dropped(make_timesheet, validate):
    path = make_timesheet(week_rows())
    _edit(path, lambda book: _type(book.active, 12, {"date": D(2026, 10, 10), "qty": 4}))
    status, issues = validate(path)
    assert ("VALUE_MISSING", "Rozliczenie", "C12", "") in found(issues)
    assert status == 1


def test_a_merged_account_belongs_to_every_row_of_the_range(make_timesheet, reconcile):
    rows = [work_row(5), work_row(6, account="")]
    path = make_timesheet(rows)
    _edit(path, lambda book: book.active.merge_cells("C8:C9"))
    assert [(r, a) for _, r, a, _ in _rows(path)] == [(8, "1001"), (9, "1001")]
    status, output, out = reconcile(path)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4748.8, 400)
    assert status == 0, output


def test_hidden_and_filtered_rows_are_read(make_timesheet, reconcile):
    path = make_timesheet([work_row(5), work_row(6), work_row(7, code="REM")])

    def hide(book) -> None:
        ws = book.active
        ws.row_dimensions[9].hidden = True
        ws.auto_filter.ref = "A7:N10"
        ws.auto_filter.add_filter_column(5, ["REM"])
        ws.row_dimensions[8].hidden = True

    _edit(path, hide)
    assert [r for _, r, _, _ in _rows(path)] == [8, 9, 10]
    status, output, out = reconcile(path)
    # 8 h × 31,40 + 4 h × 35,00 (REM until 15.10)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4608.8, 400)
    assert status == 0, output


def test_a_copied_sheet_for_the_second_half_of_the_month_is_read(
    make_timesheet, validate, reconcile
):
    path = make_timesheet([work_row(5), work_row(6)])

    def second_half(book) -> None:
        copy = book.copy_worksheet(book["Rozliczenie"])
        copy.title = "Rozliczenie (2)"
        for row in (8, 9):
            for col in range(1, 15):
                copy.cell(row, col).value = None
        _type(copy, 8, work_row(20))
        _type(copy, 9, work_row(21, code="XXX"))

    _edit(path, second_half)
    status, issues = validate(path)
    assert found(issues) == [("WORK_CODE_UNKNOWN", "Rozliczenie (2)", "F9", "1001")]
    _edit(path, lambda book: book["Rozliczenie (2)"].cell(9, 6, "PORZ"))
    assert validate(path) == (0, [])
    status, output, out = reconcile(path)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4497.6, 400)  # 16 h
    assert status == 0, output


def test_a_copied_sheet_without_a_header_takes_the_first_sheets(make_timesheet, validate):
    path = make_timesheet([work_row(5), work_row(6)])

    def bare_copy(book) -> None:
        ws = book.create_sheet("Arkusz2")
        from conftest import FIELD_OF

        for col, label in enumerate(FIELD_OF.values(), start=1):
            ws.cell(1, col, label)
        _type(ws, 2, work_row(20))
        _type(ws, 3, work_row(21))

    _edit(path, bare_copy)
    assert validate(path) == (0, [])
    assert [(s, r) for s, r, _, _ in _rows(path)] == [
        ("Rozliczenie", 8),
        ("Rozliczenie", 9),
        ("Arkusz2", 2),
        ("Arkusz2", 3),
    ]


def test_a_sheet_copied_with_its_rows_left_in_is_an_error_not_twice_the_work(
    make_timesheet, validate, reconcile
):
    path = make_timesheet(week_rows())

    def copy(book) -> None:
        book.copy_worksheet(book["Rozliczenie"]).title = "Rozliczenie (2)"

    _edit(path, copy)
    status, issues = validate(path)
    assert [(i["code"], i["sheet"], i["cell"], i["severity"]) for i in issues] == [
        ("DUPLICATE_ROW", "Rozliczenie (2)", "B8", "error"),
        ("DUPLICATE_ROW", "Rozliczenie (2)", "B9", "error"),
    ]
    assert "arkuszu Rozliczenie tego pliku, wiersz 8" in issues[0]["message"]
    status, output, out = reconcile(path)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (5000, 400)  # withheld, not 16 h
    assert status == 1


def test_sheets_without_the_table_are_ignored(make_timesheet, validate):
    path = make_timesheet(week_rows())

    def others(book) -> None:
        notes = book.create_sheet("Notatki")
        notes["A1"] = "Kod"
        notes["B1"] = "Rodzaj pracy"
        notes["C1"] = "Jednostka"  # three labels, but not the table's required columns
        book.create_sheet("Pusty")

    _edit(path, others)
    assert validate(path) == (0, [])


def test_an_issue_in_a_merged_cell_is_marked_on_its_range(make_timesheet, validate, tmp_path):
    path = make_timesheet([work_row(5, account="9999"), work_row(6, account="")])
    _edit(path, lambda book: book.active.merge_cells("C8:C9"))
    status, issues = validate(path, extra=("--annotate", str(tmp_path / "do_poprawy")))
    assert found(issues, "ACCOUNT_UNKNOWN") == [
        ("ACCOUNT_UNKNOWN", "Rozliczenie", "C8", "9999"),
        ("ACCOUNT_UNKNOWN", "Rozliczenie", "C9", "9999"),
    ]
    copy = openpyxl.load_workbook(tmp_path / "do_poprawy" / "karta.xlsx")
    # the supervisor's own workbook, marked (not rebuilt from its values)
    assert "wersja_szablonu" in copy.defined_names
    assert copy.active["C8"].comment.text.count("[ACCOUNT_UNKNOWN]") == 2
    assert status == 1


def _merge_rows(ws, first: int, last: int, columns: str) -> None:
    for letter in columns:
        ws.merge_cells(f"{letter}{first}:{letter}{last}")


def test_a_row_under_vertically_merged_cells_is_work(make_timesheet, reconcile):
    """Row 8's date, account, code, quantity... merged over rows 8–9; row 9 names another
    worker (a proxy): the person sees two rows of 4 h."""
    path = make_timesheet([work_row(8), {"worker": "Marek Kowalski"}])

    def merge(book) -> None:
        book.active.cell(9, 1).value = None  # no Lp. of its own
        _merge_rows(book.active, 8, 9, "BCDFGHIJKLM")

    _edit(path, merge)
    assert [(r, a, q) for _, r, a, q in _rows(path)] == [(8, "1001", 240_000), (9, "1001", 240_000)]
    status, output, out = reconcile(path)
    assert balances(out / "salda_2026-10.xlsx")["1001"] == (4748.8, 400)
    assert status == 0, output


def test_merged_notes_remarks_and_signatures_are_not_work(make_timesheet, validate):
    path = make_timesheet([work_row(5), work_row(6), {}, {}, work_row(7)])

    def merged(book) -> None:
        ws = book.active
        for row in (10, 11):
            ws.cell(row, 1).value = None
        ws.cell(10, 1, "Uwaga: 6.10 praca przerwana przez deszcz")
        ws.merge_cells("A10:N11")
        ws.cell(8, 14, "Prace przy ul. Długiej")
        ws.merge_cells("N8:N9")
        ws.cell(14, 2, "Podpis osoby nadzorującej")
        ws.merge_cells("B14:E15")

    _edit(path, merged)
    assert validate(path) == (0, [])
    assert [r for _, r, _, _ in _rows(path)] == [8, 9, 12]


def test_razem_typed_in_the_date_column_beside_a_computed_lp_is_a_total(make_timesheet, validate):
    path = make_timesheet(week_rows())
    _edit(
        path,
        lambda book: _type(book.active, 10, {"lp": 3, "date": "Razem", "qty": 8, "value": 251.2}),
    )
    assert validate(path) == (0, [])


def test_an_unlabelled_total_of_times_is_not_work(make_timesheet, validate):
    path = make_timesheet([work_row(8, qty=dt.time(4, 0)), work_row(9, qty=dt.time(4, 30))])
    _edit(path, lambda book: book.active.cell(10, 8, dt.time(8, 30)))
    assert validate(path) == (0, [])


def test_a_name_that_starts_like_a_total_word_is_no_total(make_timesheet, validate):
    path = make_timesheet(week_rows())
    _edit(path, lambda book: _type(book.active, 10, {"debtor": "Sumara Jan", "qty": 4}))
    status, issues = validate(path)
    assert ("VALUE_MISSING", "Rozliczenie", "C10", "") in found(issues)
    assert status == 1


def test_a_row_showing_only_a_cell_merged_from_above_is_not_work(make_timesheet, validate):
    path = make_timesheet([work_row(8), {}, work_row(10)])

    def tall(book) -> None:
        book.active.cell(9, 1).value = None
        book.active.merge_cells("C8:C9")  # a tall account cell, nothing else in row 9

    _edit(path, tall)
    assert validate(path) == (0, [])
    assert [r for _, r, _, _ in _rows(path)] == [8, 10]


def test_a_copied_sheet_with_a_retyped_heading_is_named_and_withholds_the_file(
    make_timesheet, validate, reconcile
):
    path = make_timesheet([work_row(5), work_row(6), work_row(7, account="1002")])

    def copy(book) -> None:
        second = book.copy_worksheet(book["Rozliczenie"])
        second.title = "Rozliczenie (2)"
        second.cell(HEADER_ROW, 3, "Nr konta najemcy")  # no longer the table's Nr konta
        for row in (8, 9, 10):
            _type(second, row, work_row(row + 12))

    _edit(path, copy)
    status, issues = validate(path)
    assert found(issues) == [("HEADER_MISSING", "Rozliczenie (2)", "A7", "")]
    assert "Nr konta" in issues[0]["message"] and status == 1
    status, output, out = reconcile(path)
    after = balances(out / "salda_2026-10.xlsx")
    assert (after["1001"], after["1002"]) == ((5000, 400), (5000, 400))  # the file withheld
    assert status == 1


def test_a_damaged_second_sheet_makes_the_file_unreadable(make_timesheet, validate, tmp_path):
    import zipfile

    path = make_timesheet(week_rows())
    _edit(
        path,
        lambda book: setattr(book.copy_worksheet(book["Rozliczenie"]), "title", "Rozliczenie (2)"),
    )
    broken = tmp_path / "uszkodzona.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</sheetData>", b"</sheetDat>")
            target.writestr(info, data)
    status, issues = validate(broken)
    assert found(issues) == [("FILE_UNREADABLE", "", "", "")]
    assert "arkusz Rozliczenie (2) jest uszkodzony" in issues[0]["message"] and status == 1
