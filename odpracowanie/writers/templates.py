"""Blank standard workbooks (`odpracowanie templates`) and filled ones (samples, tests).

`karta_pracy.xlsx` is what supervisors fill: a label/value header, a table of `TABLE_ROWS` rows
with drop-down lists fed from the hidden sheet `Listy`, `Stawka` / `Wartość` as formulas that
Excel 2010+ and LibreOffice 7 both compute (COUNTIFS / SUMIFS / ROUND / CELL — no XLOOKUP, LET
or dynamic arrays), a `Razem` row whose sum grows with rows inserted above it, signature lines,
A4 print set-up and the defined name `wersja_szablonu`. The sheet is not protected: supervisors
insert, delete, sort and filter rows, which a protected sheet with locked formula cells refuses
in both programs; a formula overwritten by hand is checked like any typed value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.core.model import Debt, Params, Program, Rate, month_text
from odpracowanie.core.money import floats_to_grosze, to_decimal
from odpracowanie.core.prepared import Prepared
from odpracowanie.writers.atomic import atomic_path

TABLE_ROWS = 300
VISIBLE_ROWS = 50  # the rest of the table's rows are folded in an outline group
HEADER_ROW = 12  # Excel row of the column headers in karta_pracy.xlsx
FIRST_ROW = HEADER_ROW + 1
LIST_ROWS = 500  # capacity of each list on the hidden sheet
OPEN_END = dt.date(9999, 12, 31)
FORMULA_COLUMNS = labels.COMPUTED_FIELDS


def default_program() -> Program:
    """The Żyrardów defaults: parameters and the PGM board's rates, nothing in the register."""
    rates = tuple(
        Rate(
            code=code,
            name=name,
            unit=unit,
            grosze=int(floats_to_grosze([float(amount)])[0]),
            valid_from=dt.date.fromisoformat(start),
            valid_to=dt.date.fromisoformat(end) if end else None,
            row=0,
        )
        for code, name, unit, amount, start, end in labels.DEFAULT_RATES
    )
    return Program(
        file="program.xlsx", params=Params(), rates=rates, units=(), participants=(), proxies=()
    )


TEMPLATE_NAMES = (
    "program.xlsx",
    "zadluzenie.xlsx",
    "karta_pracy.xlsx",
    # the documents' Word templates (SPEC §9), for the office to edit: `documents --templates`
    *(f"{labels.DOCUMENTS_FOLDER}/{kind}.docx" for kind in labels.DOCUMENT_KINDS),
)


def write_templates(out_dir: Path, program: Program | None = None) -> list[Path]:
    """Write the three blank workbooks into `out_dir`, and the documents' Word templates into
    its folder `dokumenty`; returns their paths.

    With a programme, its parameters, rates and units are kept, but never its register: the
    templates go to supervisors and must carry no personal data (the timesheet's account list
    holds account numbers only).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    source = program or default_program()
    blank = Program(
        file=source.file,
        params=source.params,
        rates=source.rates,
        units=source.units if program else (),
        participants=(),
        proxies=(),
    )
    paths = [out_dir / name for name in TEMPLATE_NAMES]
    write_program(paths[0], blank)
    write_debts(paths[1], [])
    write_timesheet(paths[2], source)
    from odpracowanie.writers.document_templates import write_all

    write_all(out_dir / labels.DOCUMENTS_FOLDER)
    return paths


# -- shared ---------------------------------------------------------------------------------------
class _Formats:
    def __init__(self, book) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "vcenter"}
        self.text = book.add_format({**base, "num_format": "@"})
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "text_wrap": True,
                "align": "center",
            }
        )
        self.title = book.add_format({**base, "bold": True, "font_size": 13, "align": "center"})
        self.subtitle = book.add_format({**base, "italic": True, "align": "center"})
        self.label = book.add_format({**base, "bold": True, "align": "right"})
        self.hint = book.add_format(
            {**base, "italic": True, "font_color": "#595959", "font_size": 9}
        )
        self.date = book.add_format({**base, "num_format": labels.DATE_FORMAT})
        self.money = book.add_format({**base, "num_format": labels.MONEY_FORMAT})
        self.number = book.add_format({**base, "num_format": "0.00"})
        self.wrap = book.add_format({**base, "text_wrap": True, "valign": "top"})
        cell = {**base, "border": 1, "locked": False}
        self.in_text = book.add_format({**cell, "num_format": "@"})
        self.in_date = book.add_format({**cell, "num_format": labels.DATE_FORMAT})
        self.in_number = book.add_format({**cell, "num_format": "0.00"})
        # Ilość keeps the General format: a time typed there (07:30) shows as a time and a
        # Polish `7.5` as the date it became, instead of a number that hides what happened.
        self.in_general = book.add_format(cell)
        self.in_center = book.add_format({**cell, "num_format": "@", "align": "center"})
        self.in_time = book.add_format({**cell, "num_format": "hh:mm"})
        calc = {**base, "border": 1, "bg_color": "#F2F2F2", "locked": True}
        self.calc_text = book.add_format(calc)
        self.calc_center = book.add_format({**calc, "align": "center"})
        self.calc_money = book.add_format({**calc, "num_format": labels.MONEY_FORMAT})
        self.total_label = book.add_format({**base, "bold": True, "border": 1, "locked": True})
        self.total_money = book.add_format(
            {**base, "bold": True, "border": 1, "locked": True, "num_format": labels.MONEY_FORMAT}
        )
        self.signature = book.add_format({**base, "top": 1, "align": "center", "font_size": 8})


def _book(path: Path):
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    # A fixed creation time keeps regenerated templates and samples byte-identical.
    book.set_properties({"created": dt.datetime(2026, 1, 1), "author": "odpracowanie"})
    return book


def _write_table(
    sheet,
    fmt: _Formats,
    columns: Sequence[labels.Column],
    rows: Sequence[Sequence[object]],
    kinds: Sequence[str] | None = None,
) -> None:
    """The table's heads, widths and cells as its columns say (`kinds` overrides theirs)."""
    kinds = kinds or [column.written_as for column in columns]
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.label, fmt.header)
        sheet.set_column(col, col, column.width)
    for r, values in enumerate(rows, start=1):
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            _write_value(sheet, r, col, value, kind, fmt)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


def _write_value(sheet, row: int, col: int, value: object, kind: str, fmt: _Formats) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt.text if kind == "text" else None)
    elif kind == "date":
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt.date)
    elif kind == "money":
        sheet.write_number(row, col, float(value), fmt.money)
    elif kind == "number":
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, str(value), fmt.text)


# -- program.xlsx ---------------------------------------------------------------------------------
def order_text(order: tuple[str, ...]) -> str:
    """The order as a programme writes it: costs left out when they come last (Żyrardów's
    `należność główna, odsetki`)."""
    named = order[:-1] if order[-1] == "costs" else order
    return ", ".join(labels.COMPONENT_NAMES[c] for c in named)


def param_rows(params: Params) -> list[tuple[str, object, str]]:
    """(name, value as a person writes it, description) for sheet Parametry."""
    rows = []
    for definition in labels.PARAMETERS:
        value = getattr(params, definition.field)
        if definition.field == "allocation_order":
            value = order_text(value)
        elif definition.field.endswith("_grosze"):
            value = "" if value is None else to_decimal(value)
        elif value is None:
            value = ""
        rows.append((definition.name, value, definition.description))
    return rows


def write_program(path: Path, program: Program) -> None:
    with atomic_path(path) as temp:
        book = _book(temp)
        fmt = _Formats(book)
        sheet = book.add_worksheet(labels.SHEET_PARAMS)
        _write_table(
            sheet,
            fmt,
            labels.PARAM_COLUMNS,
            [
                (n, v if not isinstance(v, Decimal) else float(v), d)
                for n, v, d in param_rows(program.params)
            ],
            ("text", "value", "text"),
        )
        for r, (_, value, _) in enumerate(param_rows(program.params), start=1):
            if isinstance(value, int | Decimal):
                sheet.write_number(r, 1, float(value))

        sheet = book.add_worksheet(labels.SHEET_RATES)
        _write_table(
            sheet,
            fmt,
            labels.RATE_COLUMNS,
            [
                (r.code, r.name, r.unit, to_decimal(r.grosze), r.valid_from, r.valid_to)
                for r in program.rates
            ],
        )
        sheet.data_validation(
            1, 2, LIST_ROWS, 2, {"validate": "list", "source": list(labels.RATE_UNITS)}
        )

        sheet = book.add_worksheet(labels.SHEET_UNITS)
        _write_table(
            sheet,
            fmt,
            labels.UNIT_COLUMNS,
            [(u.code, u.name, u.supervisor, u.email) for u in program.units],
        )

        sheet = book.add_worksheet(labels.SHEET_PARTICIPANTS)
        kinds = [column.written_as for column in labels.PARTICIPANT_COLUMNS]
        _write_table(
            sheet,
            fmt,
            labels.PARTICIPANT_COLUMNS,
            [
                (
                    p.application,
                    p.application_date,
                    p.account,
                    p.name,
                    p.pesel,
                    p.address,
                    p.legal_title,
                    p.status,
                    p.qualified_on,
                    p.agreement_on,
                    p.refusals,
                    p.bhp_on,
                    p.insurance_from,
                    p.insurance_to,
                    p.office,
                    p.override,
                )
                for p in program.participants
            ],
        )
        for col, kind in enumerate(kinds):
            if kind in ("text", "date"):
                sheet.set_column(col, col, None, fmt.text if kind == "text" else fmt.date)
        sheet.data_validation(
            1, 6, LIST_ROWS, 6, {"validate": "list", "source": list(labels.LEGAL_TITLES)}
        )
        sheet.data_validation(
            1, 7, LIST_ROWS, 7, {"validate": "list", "source": list(labels.STATUSES)}
        )

        sheet = book.add_worksheet(labels.SHEET_PROXIES)
        _write_table(
            sheet,
            fmt,
            labels.PROXY_COLUMNS,
            [(p.account, p.name, p.pesel) for p in program.proxies],
        )
        sheet.set_column(0, 2, None, fmt.text)

        # The finance system's own heads of the debt columns (SPEC §8), one row per head.
        sheet = book.add_worksheet(labels.SHEET_COLUMN_NAMES)
        heads = [(field, head) for field, names in program.finance_heads.items() for head in names]
        _write_table(
            sheet,
            fmt,
            labels.COLUMN_NAME_COLUMNS,
            [(labels.label(labels.DEBT_COLUMNS, field), head) for field, head in heads],
        )
        sheet.data_validation(
            1,
            0,
            LIST_ROWS,
            0,
            {"validate": "list", "source": [c.label for c in labels.DEBT_COLUMNS]},
        )

        # The coordinator's log (SPEC §9): empty in a template (not kept until filled).
        sheet = book.add_worksheet(labels.SHEET_REFERRALS)
        _write_table(
            sheet,
            fmt,
            labels.REFERRAL_COLUMNS,
            [(r.number, r.account, r.unit, r.start, r.end) for r in program.referrals or ()],
        )
        sheet.set_column(0, 2, None, fmt.text)
        units = [u.code for u in program.units]
        if units:
            sheet.data_validation(1, 2, LIST_ROWS, 2, {"validate": "list", "source": units})
        sheet = book.add_worksheet(labels.SHEET_OFFERS)
        answers = (labels.ANSWER_REFUSED, labels.ANSWER_ACCEPTED)
        _write_table(
            sheet,
            fmt,
            labels.OFFER_COLUMNS,
            [
                (o.day, o.account, o.unit, o.work, answers[not o.refused])
                for o in program.offers or ()
            ],
        )
        sheet.set_column(1, 2, None, fmt.text)
        sheet.data_validation(1, 4, LIST_ROWS, 4, {"validate": "list", "source": list(answers)})

        sheet = book.add_worksheet(labels.SHEET_INSTRUCTIONS)
        sheet.set_column(0, 0, 120, fmt.wrap)
        for r, line in enumerate(labels.INSTRUCTIONS):
            sheet.write_string(r, 0, line, fmt.title if r == 0 else fmt.wrap)
        book.close()


# -- zadluzenie.xlsx ------------------------------------------------------------------------------
def write_debts(path: Path, debts: Sequence[Debt]) -> None:
    """Sheet Zadłużenie; the optional Koszty column when a debt has costs, and in the blank
    template (where an office with costs fills it)."""
    costs = not debts or any(d.costs for d in debts)
    columns = [c for c in labels.DEBT_COLUMNS if costs or c.field != "costs"]
    with atomic_path(path) as temp:
        book = _book(temp)
        fmt = _Formats(book)
        sheet = book.add_worksheet(labels.SHEET_DEBTS)
        rows = [
            tuple(
                to_decimal(d.part(c.field)) if c.kind == "money" else getattr(d, c.field)
                for c in columns
            )
            for d in debts
        ]
        _write_table(sheet, fmt, columns, rows)
        sheet.set_column(0, 0, None, fmt.text)
        book.close()


# -- wplaty_YYYY-MM.xlsx (Kraków model, SPEC §2.4) -----------------------------------------------
def write_payments(path: Path, rows: Sequence[tuple[str, dt.date, Decimal, str, str]]) -> None:
    """Wage transfers: account, date, amount in zł, source, remarks."""
    with atomic_path(path) as temp:
        book = _book(temp)
        fmt = _Formats(book)
        sheet = book.add_worksheet(labels.SHEET_PAYMENTS)
        _write_table(
            sheet,
            fmt,
            labels.PAYMENT_COLUMNS,
            rows,
        )
        sheet.data_validation(
            1, 3, LIST_ROWS, 3, {"validate": "list", "source": list(labels.PAYMENT_SOURCES)}
        )
        book.close()


# -- karta_pracy.xlsx -----------------------------------------------------------------------------
@dataclass
class TimesheetFill:
    """What a supervisor typed: header values and rows of raw cell values by field name.

    A row value of `Formula` keeps the template's formula (with its computed value cached, as
    Excel saves it); any other value replaces the formula, as a supervisor may overwrite it.
    """

    unit: str = ""
    supervisor: str = ""
    month: str = ""
    drawn_up: dt.date | None = None
    rows: list[dict[str, object]] = field(default_factory=list)


def _col(field_name: str) -> int:
    return [c.field for c in labels.TIMESHEET_COLUMNS].index(field_name)


def _letter(field_name: str) -> str:
    from odpracowanie.core.cells import column_letter

    return column_letter(_col(field_name))


def write_timesheet(
    path: Path,
    program: Program,
    fill: TimesheetFill | None = None,
    prepared: Prepared | None = None,
) -> None:
    """The supervisor's timesheet; with `fill`, a filled copy as Excel would have saved it;
    with `prepared`, the unit's month prepared (SPEC §11): its header filled, its people's
    accounts and names on the list sheet, the names filled by formula from the account, and
    what the rules would refuse marked while it is typed."""
    with atomic_path(path) as temp:
        book = _book(temp)
        if prepared is not None and fill is None:
            fill = TimesheetFill(
                unit=prepared.unit.code,
                supervisor=prepared.unit.supervisor,
                month=month_text(prepared.month),
            )
        _timesheet(book, program, fill or TimesheetFill(), prepared)
        book.close()


def write_prepared(out_dir: Path, program: Program, prepared: Sequence[Prepared]) -> list[Path]:
    """`karta_pracy_KOD_YYYY-MM.xlsx` for each unit's prepared month; their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for one in prepared:
        path = out_dir / prepared_name(one)
        write_timesheet(path, program, prepared=one)
        paths.append(path)
    paths.append(write_supervisor_guide(out_dir))
    return paths


def write_supervisor_guide(out_dir: Path) -> Path:
    """The one-page instruction for supervisors (UTF-8 with a BOM and CRLF: Notepad opens it
    with its Polish letters)."""
    path = out_dir / labels.SUPERVISOR_GUIDE_FILE
    with atomic_path(path) as temp:
        temp.write_bytes(
            "\ufeff".encode() + labels.SUPERVISOR_GUIDE.replace("\n", "\r\n").encode("utf-8")
        )
    return path


def prepared_name(prepared: Prepared) -> str:
    """`karta_pracy_ZDIZ_2026-10.xlsx` (a unit code's characters a file name refuses: `-`)."""
    return prepared_file(prepared.unit.code, prepared.month)


def prepared_file(unit: str, month) -> str:
    """The prepared timesheet's file name of the unit of code `unit` for `month`."""
    code = re.sub(r'[\\/:*?"<>|\s]+', "-", unit).strip("-") or "jednostka"
    return labels.PREPARED_TIMESHEET.format(unit=code, month=month_text(month))


def _timesheet(book, program: Program, fill: TimesheetFill, prepared: Prepared | None) -> None:
    fmt = _Formats(book)
    sheet = book.add_worksheet(labels.SHEET_TIMESHEET)
    lists = book.add_worksheet(labels.SHEET_LISTS)
    names = _lists(book, lists, program, fmt, prepared)
    lists.hide()

    width = len(labels.TIMESHEET_COLUMNS)
    params = program.params
    sheet.merge_range(0, 0, 0, width - 1, labels.TIMESHEET_TITLE, fmt.title)
    sheet.merge_range(
        1,
        0,
        1,
        width - 1,
        labels.TIMESHEET_SUBTITLE.format(city=params.city, manager=params.manager),
        fmt.subtitle,
    )

    header = (
        (labels.HEADER_UNIT, fill.unit, "unit"),
        (labels.HEADER_SUPERVISOR, fill.supervisor, "text"),
        (labels.HEADER_MONTH, fill.month, "month"),
        (labels.HEADER_DRAWN_UP, fill.drawn_up, "date"),
    )
    for offset, (label, value, kind) in enumerate(header):
        row = 3 + offset
        sheet.merge_range(row, 0, row, 2, f"{label}:", fmt.label)
        cell_fmt = fmt.in_date if kind == "date" else fmt.in_text
        if isinstance(value, dt.date):
            sheet.merge_range(row, 3, row, 5, "", cell_fmt)
            sheet.write_datetime(row, 3, dt.datetime.combine(value, dt.time()), cell_fmt)
        else:
            sheet.merge_range(row, 3, row, 5, value or "", cell_fmt)
        if kind == "unit":
            sheet.data_validation(
                row,
                3,
                row,
                3,
                {"validate": "list", "source": names["units"], "error_type": "warning"},
            )
        if kind == "month":
            sheet.data_validation(
                row,
                3,
                row,
                3,
                {"validate": "any", "input_title": label, "input_message": labels.MONTH_HINT},
            )
    # Hints sit in rows of their own: a hint right of a label would be read as its value.
    for offset, hint in enumerate(labels.TIMESHEET_HINTS):
        sheet.merge_range(7 + offset, 0, 7 + offset, width - 1, hint, fmt.hint)

    for col, column in enumerate(labels.TIMESHEET_COLUMNS):
        sheet.write_string(HEADER_ROW - 1, col, column.label, fmt.header)
        sheet.set_column(col, col, column.width)
    sheet.set_row(HEADER_ROW - 1, 30)

    rows_needed = max(TABLE_ROWS, len(fill.rows))
    shown = max(VISIBLE_ROWS, len(fill.rows))
    for i in range(rows_needed):
        values = fill.rows[i] if i < len(fill.rows) else {}
        _table_row(sheet, FIRST_ROW + i, values, fmt, program, prepared)
        if i >= shown:
            # The rows a month rarely needs are grouped and folded: the page prints on one
            # sheet of paper, and the outline's „+” opens them (hidden rows are read too).
            sheet.set_row(FIRST_ROW + i - 1, None, None, {"level": 1, "hidden": True})

    last = FIRST_ROW + rows_needed - 1  # Excel row number of the last table row
    total = last + 1
    if rows_needed > shown:
        sheet.set_row(total - 1, None, None, {"collapsed": True})
    sheet.outline_settings(True, True, False, False)  # the „+” below the group, on the left
    sheet.write_string(total - 1, 0, labels.TIMESHEET_TOTAL, fmt.total_label)
    for col in range(1, width):
        sheet.write_blank(total - 1, col, None, fmt.total_label)
    value_col = _letter("value")
    values_sum = sum(int(v) for v in _computed_values(fill, program) if v is not None)
    sheet.write_formula(
        total - 1,
        _col("value"),
        f"=SUM({value_col}{FIRST_ROW}:{value_col}{last})",
        fmt.total_money,
        float(to_decimal(values_sum)),
    )

    sign = total + 3
    sheet.merge_range(sign - 1, 1, sign - 1, 4, labels.SIGNATURE_SUPERVISOR, fmt.signature)
    sheet.merge_range(sign - 1, 8, sign - 1, 12, labels.SIGNATURE_PGM, fmt.signature)

    _validations(sheet, names, last, prepared)
    if prepared is not None:
        _marks(book, sheet, prepared, last)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    sheet.print_area(0, 0, sign - 1, width - 1)
    sheet.set_footer(labels.TIMESHEET_FOOTER.format(version=labels.TEMPLATE_VERSION))
    sheet.freeze_panes(HEADER_ROW, 0)
    sheet.activate()
    book.define_name(labels.TEMPLATE_VERSION_NAME, f'="{labels.TEMPLATE_VERSION}"')


def _lists(
    book, lists, program: Program, fmt: _Formats, prepared: Prepared | None
) -> dict[str, str]:
    """The hidden sheet of drop-down sources and the rate table the formulas look up; for a
    prepared month, the unit's people (account, debtor, everyone who may work for it) and its
    referrals' dates instead of the register's account numbers."""
    for col, head in enumerate(labels.LISTS_HEADS):
        if head:
            lists.write_string(0, col, head, fmt.header)
    rates = sorted(program.rates, key=lambda r: (r.code, r.valid_from))
    for r, rate in enumerate(rates, start=1):
        lists.write_string(r, 0, rate.code)
        lists.write_string(r, 1, rate.name)
        lists.write_string(r, 2, rate.unit)
        lists.write_number(r, 3, float(to_decimal(rate.grosze)), fmt.money)
        lists.write_datetime(r, 4, dt.datetime.combine(rate.valid_from, dt.time()), fmt.date)
        lists.write_datetime(
            r, 5, dt.datetime.combine(rate.valid_to or OPEN_END, dt.time()), fmt.date
        )
    codes = sorted({r.code for r in program.rates})
    for r, code in enumerate(codes, start=1):
        lists.write_string(r, 6, code)
    for r, unit in enumerate(program.units, start=1):
        lists.write_string(r, 7, unit.code)
        lists.write_string(r, 8, unit.name)
    if prepared is None:
        people = [p.account for p in program.participants if p.status == labels.STATUS_PARTICIPANT]
        for r, account in enumerate(sorted(people), start=1):
            lists.write_string(r, 10, account)  # numbers only: no names in a blank template
    else:
        people = [p.account for p in prepared.people]
        _people(book, lists, prepared, fmt)
    lists.write_string(1, 13, labels.YES)
    lists.write_string(2, 13, labels.NO)
    for r, unit in enumerate(labels.UNIT_CHOICES, start=1):
        lists.write_string(r, 14, unit)

    def name(key: str, col: str, count: int) -> str:
        book.define_name(key, f"={labels.SHEET_LISTS}!${col}$2:${col}${max(count, 1) + 1}")
        return f"={key}"

    book.define_name("stawki_kod", f"={labels.SHEET_LISTS}!$A$2:$A${LIST_ROWS}")
    book.define_name("stawki_nazwa", f"={labels.SHEET_LISTS}!$B$2:$B${LIST_ROWS}")
    book.define_name("stawki_kwota", f"={labels.SHEET_LISTS}!$D$2:$D${LIST_ROWS}")
    book.define_name("stawki_od", f"={labels.SHEET_LISTS}!$E$2:$E${LIST_ROWS}")
    book.define_name("stawki_do", f"={labels.SHEET_LISTS}!$F$2:$F${LIST_ROWS}")
    return {
        "codes": name("kody_prac", "G", len(codes)),
        "units": name("jednostki_org", "H", len(program.units)),
        "accounts": name("konta", "K", len(people)),
        "yesno": name("tak_nie", "N", 2),
        "measures": name("jednostki_miary", "O", len(labels.UNIT_CHOICES)),
    }


# The prepared month's columns of `Listy`: the people, everyone who may work, the referrals.
PEOPLE_COLUMNS = {"account": 16, "debtor": 17, "worker": 19, "ref_account": 21}


def _people(book, lists, prepared: Prepared, fmt: _Formats) -> None:
    """The unit's people on `Listy` (Q: account, R: debtor; T: every name that may work for
    them, debtors and proxies; V–X: each referral's account, first and last day), with the
    names the formulas and marks use."""
    c = PEOPLE_COLUMNS
    for col, head in zip(
        (c["account"], c["debtor"], c["worker"]), labels.PREPARED_LIST_HEADS[:3], strict=True
    ):
        lists.write_string(0, col, head, fmt.header)
    workers = []
    for r, person in enumerate(prepared.people, start=1):
        lists.write_string(r, c["account"], person.account)
        lists.write_string(r, c["debtor"], person.debtor)
        workers += [person.debtor, *person.proxies]
    workers = [w for w in dict.fromkeys(workers) if w]
    for r, name in enumerate(workers, start=1):
        lists.write_string(r, c["worker"], name)
    col = c["ref_account"]
    for offset, head in enumerate(labels.PREPARED_LIST_HEADS[3:]):
        lists.write_string(0, col + offset, head, fmt.header)
    spans = prepared.referrals or ()
    for r, (account, first, last) in enumerate(spans, start=1):
        lists.write_string(r, col, account)
        lists.write_datetime(r, col + 1, dt.datetime.combine(first, dt.time()), fmt.date)
        lists.write_datetime(r, col + 2, dt.datetime.combine(last, dt.time()), fmt.date)
    rows = max(len(prepared.people), 1) + 1

    def define(name: str, column: int, count: int) -> None:
        letter = column_letter(column)
        book.define_name(name, f"={labels.SHEET_LISTS}!${letter}$2:${letter}${max(count, 1) + 1}")

    define("osoby_konto", c["account"], rows - 1)
    define("osoby_dluznik", c["debtor"], rows - 1)
    define("osoby_wykonawcy", c["worker"], len(workers))
    define("skier_konto", col, len(spans))
    define("skier_od", col + 1, len(spans))
    define("skier_do", col + 2, len(spans))


def _marks(book, sheet, prepared: Prepared, last: int) -> None:
    """Conditional formats that mark, while the month is typed, what the batch would refuse:
    a date outside the month or outside the person's referral, one person's hours of a day
    over 24 (QTY_DAY_MAX, summed over the rows in h and min), an account not referred to the
    unit, a code not on the programme's list. Formulas both Excel and LibreOffice compute."""
    bad = book.add_format({"bg_color": "#F4B6B6", "font_color": "#9C0006"})
    first = FIRST_ROW
    col = {f: _letter(f) for f in ("date", "account", "worker", "code", "qty", "unit")}
    d, a, w, k = (f"${col[f]}{first}" for f in ("date", "account", "worker", "code"))
    year, month = prepared.month
    span = {f: f"${col[f]}${first}:${col[f]}${last}" for f in col}
    day_hours = (
        f'SUMIFS({span["qty"]},{span["worker"]},{w},{span["date"]},{d},{span["unit"]},"h")'
        f'+SUMIFS({span["qty"]},{span["worker"]},{w},{span["date"]},{d},{span["unit"]},"min")/60'
    )
    rules = {
        "date": [
            f"AND(ISNUMBER({d}),OR({d}<DATE({year},{month},1),{d}>DATE({year},{month + 1},0)))",
            f'AND(ISNUMBER({d}),{w}<>"",{day_hours}>24)',
        ],
        "account": [f'AND({a}<>"",SUMPRODUCT(--(osoby_konto=""&{a}))=0)'],
        "code": [f'AND({k}<>"",COUNTIF(kody_prac,{k})=0)'],
        "qty": [f'AND(ISNUMBER({d}),{w}<>"",{day_hours}>24)'],
    }
    if prepared.referrals is not None:
        rules["date"].append(
            f'AND(ISNUMBER({d}),{a}<>"",SUMPRODUCT(--(skier_konto=""&{a}),'
            f"--(skier_od<={d}),--(skier_do>={d}))=0)"
        )
    for field_name, formulas in rules.items():
        c = _col(field_name)
        for formula in formulas:
            sheet.conditional_format(
                first - 1,
                c,
                last - 1,
                c,
                {"type": "formula", "criteria": f"={formula}", "format": bad},
            )


def _validations(sheet, names: dict[str, str], last: int, prepared: Prepared | None = None) -> None:
    first, end = FIRST_ROW - 1, last - 1
    message = {"error_type": "warning", "error_title": labels.INPUT_OFF_LIST}
    hints = labels.INPUT_HINTS

    def drop_down(field_name: str, source: str) -> None:
        col = _col(field_name)
        sheet.data_validation(
            first,
            col,
            end,
            col,
            {"validate": "list", "source": source, "error_message": hints[field_name], **message},
        )

    drop_down("code", names["codes"])
    drop_down("unit", names["measures"])
    drop_down("accepted", names["yesno"])
    if prepared is not None:
        drop_down("account", "=osoby_konto")
        drop_down("worker", "=osoby_wykonawcy")
    elif names["accounts"]:
        drop_down("account", names["accounts"])
    col = _col("date")
    sheet.data_validation(
        first,
        col,
        end,
        col,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2099, 12, 31),
            "error_message": hints["date"],
            **message,
        },
    )
    col = _col("qty")
    sheet.data_validation(
        first,
        col,
        end,
        col,
        {
            "validate": "decimal",
            "criteria": ">",
            "value": 0,
            "error_message": hints["qty"],
            **message,
        },
    )


def _formulas(row: int, prepared: Prepared | None = None) -> dict[str, str]:
    """The formulas of one table row (Excel row number `row`); a prepared month's names too,
    looked up by the account (the worker is the debtor until a proxy's name is typed over)."""
    c = {f: _letter(f) for f in ("date", "code", "qty", "unit", "rate")}
    d, k, q, u, r = (f"{c[f]}{row}" for f in ("date", "code", "qty", "unit", "rate"))
    match = f'stawki_kod,{k},stawki_od,"<="&{d},stawki_do,">="&{d}'
    # A time typed in Ilość (07:30) is a fraction of a day: CELL("format") tells it by its
    # time format (D6–D9 in Excel and LibreOffice alike), and it counts as 24 × that, in hours.
    is_time = "OR(" + ",".join(f'CELL("format",{q})="D{n}"' for n in (6, 7, 8, 9)) + ")"
    a = f"{_letter('account')}{row}"
    names = {}
    if prepared is not None:
        debtor = f'=IF({a}="","",IFERROR(INDEX(osoby_dluznik,MATCH(""&{a},osoby_konto,0)),""))'
        names = {"debtor": debtor, "worker": debtor}
    return {
        **names,
        "lp": f'=IF({d}="","",ROW()-{HEADER_ROW})',
        "work": f'=IF({k}="","",IFERROR(INDEX(stawki_nazwa,MATCH({k},stawki_kod,0)),""))',
        "rate": f'=IF(OR({d}="",{k}=""),"",IF(COUNTIFS({match})=0,"",SUMIFS(stawki_kwota,'
        f"{match})))",
        "value": f'=IF(OR({q}="",{r}=""),"",ROUND(IF({is_time},{q}*24,'
        f'IF({u}="min",{q}/60,{q}))*{r},2))',
    }


class Formula:
    """Marker: keep the template's formula in this cell (the default for formula columns)."""


def _names_cached(values: dict[str, object], prepared: Prepared | None) -> dict[str, str]:
    """What a prepared row's name formulas show for its account (Excel's cached values)."""
    if prepared is None:
        return {}
    account = values.get("account")
    found = next((p.debtor for p in prepared.people if p.account == str(account)), "")
    return {"debtor": found, "worker": found}


def _computed_values(fill: TimesheetFill, program: Program) -> list[int | None]:
    return [_cached(values, program)[1] for values in fill.rows]


def _cached(values: dict[str, object], program: Program) -> tuple[int | None, int | None]:
    """What Excel would show in the Stawka and Wartość formulas of a filled row (grosze)."""
    day, code, qty, unit = (values.get(k) for k in ("date", "code", "qty", "unit"))
    if "rate" in values and values["rate"] is not Formula:
        rate = values["rate"]
        rate_gr = int(floats_to_grosze([float(rate)])[0]) if isinstance(rate, int | float) else None
    elif isinstance(day, dt.date) and code:
        rate_gr = next(
            (
                r.grosze
                for r in program.rates
                if r.code == code and r.valid_from <= day <= (r.valid_to or OPEN_END)
            ),
            None,
        )
    else:
        rate_gr = None
    if "value" in values and values["value"] is not Formula:
        value = values["value"]
        return rate_gr, (
            int(floats_to_grosze([float(value)])[0]) if isinstance(value, int | float) else None
        )
    if isinstance(qty, dt.time):  # a time in Ilość: the formula counts it in hours
        hours = Decimal(qty.hour) + Decimal(qty.minute) / 60
    elif rate_gr is None or not isinstance(qty, int | float):
        return rate_gr, None
    else:
        hours = Decimal(str(qty)) / 60 if unit == "min" else Decimal(str(qty))
    if rate_gr is None:
        return rate_gr, None
    from odpracowanie.core.money import grosze_from_decimal

    return rate_gr, grosze_from_decimal(hours * rate_gr / 100)


def _table_row(
    sheet,
    row: int,
    values: dict[str, object],
    fmt: _Formats,
    program: Program,
    prepared: Prepared | None = None,
) -> None:
    r = row - 1
    formulas = _formulas(row, prepared)
    computed = FORMULA_COLUMNS if prepared is None else (*FORMULA_COLUMNS, "debtor", "worker")
    rate_gr, value_gr = _cached(values, program)
    cached = {
        "lp": row - HEADER_ROW if values.get("date") not in (None, "") else "",
        "work": (
            program.work_codes[values["code"]].name
            if values.get("code") in program.work_codes
            else ""
        ),
        "rate": float(to_decimal(rate_gr)) if rate_gr is not None else "",
        "value": float(to_decimal(value_gr)) if value_gr is not None else "",
        **_names_cached(values, prepared),
    }
    for col, column in enumerate(labels.TIMESHEET_COLUMNS):
        name = column.field
        value = values.get(name, Formula if name in computed else None)
        if value is Formula:
            cell_fmt = {"rate": fmt.calc_money, "value": fmt.calc_money, "lp": fmt.calc_center}.get(
                name, fmt.calc_text
            )
            sheet.write_formula(r, col, formulas[name], cell_fmt, cached[name])
            continue
        if name in ("date",):
            cell_fmt = fmt.in_date
        elif name == "qty":
            cell_fmt = fmt.in_general
        elif name in ("rate", "value"):
            cell_fmt = fmt.in_number
        elif name in ("accepted", "unit", "code"):
            cell_fmt = fmt.in_center
        else:
            cell_fmt = fmt.in_text
        if value is None or value == "":
            sheet.write_blank(r, col, None, cell_fmt)
        elif isinstance(value, dt.datetime | dt.date):
            sheet.write_datetime(
                r,
                col,
                value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time()),
                cell_fmt,
            )
        elif isinstance(value, dt.time):
            sheet.write_datetime(r, col, value, fmt.in_time)
        elif isinstance(value, bool):
            sheet.write_boolean(r, col, value, cell_fmt)
        elif isinstance(value, int | float):
            sheet.write_number(r, col, value, cell_fmt)
        else:
            sheet.write_string(r, col, str(value), cell_fmt)
