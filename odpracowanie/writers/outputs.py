"""The monthly batch's workbooks (SPEC §5 `reconcile`), written with xlsxwriter, atomically.

Every text goes through `write_string`, and the workbooks are opened with
`strings_to_formulas=False`: a debtor called `=HYPERLINK(...)` stays a name, never a formula.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from odpracowanie import labels
from odpracowanie.core.lineage import Lineage
from odpracowanie.core.model import COMPONENTS, Month, Pending, Program, month_bounds, month_text
from odpracowanie.core.money import QTY_SCALE, qty_text
from odpracowanie.core.rules.booked import waiting
from odpracowanie.core.settlement import DebtorResult, Settlement
from odpracowanie.issues import Issue, reasons_text
from odpracowanie.writers.atomic import atomic_path
from odpracowanie.writers.csvfields import text_field


@dataclass(frozen=True)
class RunRecord:
    """What the `Przebieg` sheet records about one run."""

    started: dt.datetime
    inputs: Sequence[tuple[str, str, str]]  # (role, file, sha256)
    rows: int
    version: str
    skipped: Sequence[tuple[str, str]] = ()  # (file, why it was not read)
    # e-mails among the timesheets: (message, sender, date, subject, attachment, its sha256)
    messages: Sequence[tuple[str, str, str, str, str, str]] = ()
    lineage: Lineage | None = None  # the ledger's place in its chain (SPEC §7)
    posting: str = ""  # the posting document the run issued ('' when it posted nothing)
    pending: Sequence[Pending] = ()  # credits finance has not booked yet (Do zaksięgowania)
    booked: Sequence[Pending] = ()  # those an export has shown booked since the last ledger


def output_names(month: Month) -> dict[str, str]:
    text = month_text(month)
    return {key: name.format(month=text) for key, name in labels.OUTPUT_FILES.items()}


def chain_names(lineage: Lineage) -> dict[str, str]:
    """The names a ledger's place in its chain gives (SPEC §7): the ledger, its postings and
    its archive, `salda_2026-10.xlsx` for the month's first, `salda_2026-10_3.xlsx`,
    `ksiegowanie_2026-10_3.csv`, `archiwum_2026-10_3.zip` for its third."""
    suffix = lineage.suffix
    return {
        "balances": labels.OUTPUT_FILES["balances"].format(month=suffix),
        **{key: name.format(month=suffix) for key, name in labels.POSTINGS_FILES.items()},
        "archive": labels.ARCHIVE_FILE.format(month=suffix),
    }


@functools.cache
def _unique_names_class():
    import xlsxwriter

    class UniqueNames(xlsxwriter.Workbook):
        """A workbook whose sheet names the caller makes unique (casefolded, so also under
        `lower()`): xlsxwriter's own check compares each new name with every earlier one,
        quadratic in the number of debtors; its other checks of a name stay."""

        def _check_sheetname(self, sheetname, is_chartsheet=False):
            self.worksheets = tuple  # no earlier sheet to compare with (an instance attribute)
            try:
                return super()._check_sheetname(sheetname, is_chartsheet)
            finally:
                del self.worksheets

    return UniqueNames


class _Book:
    """An xlsxwriter workbook with the house formats and safe writing of any value."""

    def __init__(
        self,
        path: Path,
        *,
        ledger: bool = False,
        unique_names: bool = False,
        streamed: bool = False,
    ) -> None:
        """`ledger`: a workbook of big data tables, not printed (the balances). Its default
        font is the house font, so a plain text cell needs no format of its own: tens of
        thousands of history cells are written without one (xlsxwriter spends as long on a
        cell's format as on the cell). Printed workbooks keep the standard default font, by
        which spreadsheet programs measure the column widths the page layouts rely on."""
        import xlsxwriter

        base = {"font_name": "Arial", "font_size": 9}
        options = {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        }
        if ledger:
            options["default_format_properties"] = base
        if ledger or streamed:
            # Rows go to disk as they are written: memory stays flat however long the history
            # or many the debtors (each sheet is written whole, row by row, before the next).
            options["constant_memory"] = True
        else:
            # no temporary file per sheet (the cards workbook has one per debtor)
            options["in_memory"] = True
        kind = _unique_names_class() if unique_names else xlsxwriter.Workbook
        self.book = kind(str(path), options)
        self.widths: dict[str, dict[int, float]] = {}
        base = base if ledger else {**base, "valign": "vcenter"}
        add = self.book.add_format
        self.f = {
            "text": None if ledger else add(base),
            "wrap": add({**base, "text_wrap": True}),
            "head": add(
                {
                    **base,
                    "bold": True,
                    "bg_color": "#D9E1F2",
                    "border": 1,
                    "text_wrap": True,
                    "align": "center",
                }
            ),
            "title": add({**base, "bold": True, "font_size": 12}),
            "bold": add({**base, "bold": True}),
            "money": add({**base, "num_format": labels.OUT_MONEY}),
            "date": add({**base, "num_format": labels.OUT_DATE}),
            "hours": add({**base, "num_format": labels.OUT_HOURS}),
            "qty": add({**base, "num_format": labels.OUT_QTY}),
            "int": add({**base, "num_format": labels.OUT_INT}),
            "lp": add({**base, "num_format": labels.OUT_INT, "align": "center"}),
            "cell": add({**base, "border": 1}),
            "cell_money": add({**base, "border": 1, "num_format": labels.OUT_MONEY}),
            "cell_hours": add({**base, "border": 1, "num_format": labels.OUT_HOURS}),
            "total": add({**base, "bold": True, "top": 1}),
            "total_money": add({**base, "bold": True, "top": 1, "num_format": labels.OUT_MONEY}),
            "total_hours": add({**base, "bold": True, "top": 1, "num_format": labels.OUT_HOURS}),
            "sign": add({**base, "top": 1, "align": "center", "font_size": 8}),
        }

    def done(self, sheet) -> None:
        """A streamed sheet is complete: its temporary file is closed now (xlsxwriter would
        keep one open per sheet until the end — thousands of debtors, thousands of files)
        and reopened, as xlsxwriter does with every sheet, when the workbook is packed."""
        close = getattr(sheet, "_opt_close", None)
        if self.book.constant_memory and close is not None:
            close()

    def column(self, sheet, col: int, width: float) -> None:
        """Set a column's width and remember it: wrapped text below is given rows tall
        enough for it (spreadsheet programs do not grow rows of a file on opening)."""
        sheet.set_column(col, col, width)
        self.widths.setdefault(sheet.name, {})[col] = width

    def lines(self, sheet, col: int, text: str) -> int:
        """How many lines `text` takes wrapped in column `col` (an estimate by word)."""
        width = self.widths.get(sheet.name, {}).get(col)
        if not width or not text:
            return 1
        return _wrapped_lines(text, max(4, int(width * 1.4)))

    def put(self, sheet, row: int, col: int, value: object, fmt: str = "text") -> None:
        style = self.f[fmt]
        if value is None or (isinstance(value, float) and pd.isna(value)):
            sheet.write_blank(row, col, None, style)
        elif isinstance(value, bool):
            sheet.write_string(row, col, labels.YES if value else labels.NO, style)
        elif isinstance(value, dt.datetime | dt.date | pd.Timestamp):
            day = (
                value.date() if hasattr(value, "date") and not isinstance(value, dt.date) else value
            )
            if isinstance(day, dt.datetime):
                sheet.write_datetime(row, col, day, style)
            else:
                sheet.write_datetime(
                    row,
                    col,
                    dt.datetime.combine(day, dt.time()),
                    self.f["date"] if fmt == "text" else style,
                )
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, style)
        else:
            sheet.write_string(row, col, str(value), style)

    def close(self) -> None:
        self.book.close()


@functools.lru_cache(maxsize=4096)  # work-type names and reasons repeat on every card
def _wrapped_lines(text: str, chars: int) -> int:
    """Lines of `text` wrapped at `chars` characters (a column's width counts digits of the
    standard font; the house font is smaller, hence the caller's factor)."""
    import textwrap

    return max(1, len(textwrap.wrap(text, chars)))


EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


def excel_days(dates: pd.Series) -> list[float]:
    """Dates as Excel serial numbers, in one vector step (written with a date format)."""
    days = (dates.to_numpy(dtype="datetime64[D]") - EXCEL_EPOCH).astype("int64")
    return days.astype(float).tolist()


def _zl(grosze: int) -> float:
    """Grosze as the zł number a cell holds: the double nearest to the exact amount (true
    division of integers rounds correctly, so 1 234 567 gr is exactly what 12345.67 reads as)."""
    return int(grosze) / 100


def _h(qty: int) -> float:
    return int(qty) / QTY_SCALE


def _whole(column: pd.Series) -> np.ndarray:
    """A column of whole numbers (grosze, quantities) as int64; a float or missing value here
    is a bug, never silently a number (numpy would turn NaN into -9 223 372 036 854 775 808)."""
    if not pd.api.types.is_integer_dtype(column.dtype):
        raise TypeError(f"column {column.name} holds {column.dtype}, not whole numbers")
    return column.to_numpy(dtype="int64")  # an Int64 column with <NA> raises here


def _zl_column(grosze: pd.Series) -> list[float]:
    """`_zl` over a whole column at once (int64 -> float64 is exact below 2**53 grosze)."""
    return (_whole(grosze) / 100).tolist()


def _h_column(qty: pd.Series) -> list[float]:
    return (_whole(qty) / QTY_SCALE).tolist()


def _columns_table(
    book: _Book, sheet, columns: Sequence[labels.Column], rows: Iterable[Sequence[object]]
) -> int:
    """A ledger table at the sheet's top, with the heads, kinds and widths of its columns."""
    heads = [c.label for c in columns]
    kinds = [c.written_as for c in columns]
    return _table(book, sheet, 0, heads, rows, kinds, [c.width for c in columns])


def _table(
    book: _Book,
    sheet,
    top: int,
    heads: Sequence[str],
    rows: Iterable[Sequence[object]],
    kinds: Sequence[str],
    widths: Sequence[float] | None = None,
) -> int:
    """Column heads at `top`, rows below, top to bottom; returns the next free row.

    Each column's writer is chosen once from its kind (a month's history is tens of thousands
    of rows); `_Book.put` handles a value that does not fit its kind.
    """
    sheet.set_row(top, 30)  # room for two-line column heads
    for col, head in enumerate(heads):
        book.put(sheet, top, col, head, "head")
        if widths:
            book.column(sheet, col, widths[col])
    numeric = [kind in ("money", "hours", "qty", "int", "lp", "date") for kind in kinds]
    styles = [book.f[kind] for kind in kinds]
    wrapped = [col for col, kind in enumerate(kinds) if kind == "wrap"]
    write_number, write_string = sheet.write_number, sheet.write_string
    r = top
    for r, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values):
            kind = type(value)
            if numeric[col] and (kind is float or kind is int):
                write_number(r, col, value, styles[col])
            elif kind is str and not numeric[col] and kinds[col] != "date":
                write_string(r, col, value, styles[col])
            else:
                book.put(sheet, r, col, value, kinds[col])
        if wrapped:
            lines = max(book.lines(sheet, col, str(values[col] or "")) for col in wrapped)
            if lines > 1:
                sheet.set_row(r, 11.5 * lines + 1)
    return r + 1


# -- salda_YYYY-MM.xlsx ----------------------------------------------------------------------------
CARDS_STREAMED_FROM = 2000  # debtors: from here on the cards are written to disk as they go
CARD_FIELDS = (
    "account",
    "date",
    "unit_code",
    "code",
    "worker",
    "worker_id",
    "qty",
    "unit_kind",
    "value_official",
)


def cards_part(settlement: Settlement) -> Settlement:
    """Only what `write_cards` reads, for sending to a child process: the history of work
    (the biggest table) stays behind, in the process that writes the ledger, and of the
    month's credited rows only the columns a card shows go."""
    return replace(
        settlement,
        work_history=settlement.work_history.iloc[:0],
        issues=[],
        payment_history=None,
        credited_rows=settlement.credited_rows[list(CARD_FIELDS)].copy(),
    )


def _a4(sheet, *, landscape: bool, one_page: bool = False) -> None:
    """A printed page: A4, the page's width filled (and its height too when `one_page`),
    narrower margins across a landscape page."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    else:
        sheet.set_portrait()
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 1 if one_page else 0)


COST_FIELDS = frozenset({"costs", "to_costs", "costs_before", "costs_after"})


def _shown(columns: Sequence[labels.Column], costs: bool) -> tuple[labels.Column, ...]:
    """A ledger table's columns: those of costs only when there are costs (SPEC §8)."""
    return tuple(c for c in columns if costs or c.field not in COST_FIELDS)


def write_balances(path: Path, settlement: Settlement, record: RunRecord, counts: dict) -> None:
    costs = settlement.has_costs
    with atomic_path(path) as temp:
        book = _Book(temp, ledger=True)
        sheet = book.book.add_worksheet(labels.SHEET_DEBTS)
        debts = sorted(settlement.accounts_after.values(), key=lambda d: (d.row, d.account))
        shown = _shown(labels.DEBT_COLUMNS, costs)
        rows = [
            tuple(
                _zl(d.part(c.field)) if c.field in COMPONENTS else getattr(d, c.field)
                for c in shown
            )
            for d in debts
        ]
        _columns_table(book, sheet, shown, rows)
        sheet.freeze_panes(1, 0)

        sheet = book.book.add_worksheet(labels.SHEET_WORK_HISTORY)
        history = settlement.work_history
        _columns_table(
            book,
            sheet,
            labels.WORK_HISTORY_COLUMNS,
            zip(
                history["row_id"].tolist(),
                history["month"].tolist(),
                history["account"].tolist(),
                history["unit_code"].tolist(),
                excel_days(history["date"]),
                history["worker"].tolist(),
                history["code"].tolist(),
                _h_column(history["qty"]),
                history["unit"].tolist(),
                _zl_column(history["value"]),
                history["file"].tolist(),
                history["sha256"].tolist(),
                history["reverses"].tolist(),
                history["reason"].tolist(),
                history["document"].tolist(),
                strict=True,
            ),
        )
        sheet.freeze_panes(1, 0)

        sheet = book.book.add_worksheet(labels.SHEET_SETTLEMENT_HISTORY)
        s = settlement.settlements
        shown = _shown(labels.SETTLEMENT_COLUMNS, costs)
        texts = ("month", "account", "entry", "debtor")
        values = {
            **{f: s[f].tolist() for f in texts},
            "hours": _h_column(s["hours"]),
            "approval": s["approval"].fillna("").tolist(),
            "posting": s["posting"].fillna("").tolist(),
        }
        _columns_table(
            book,
            sheet,
            shown,
            list(
                zip(
                    *(
                        values[c.field] if c.field in values else _zl_column(s[c.field])
                        for c in shown
                    ),
                    strict=True,
                )
            ),
        )
        sheet.freeze_panes(1, 0)

        paid = settlement.payment_history
        if paid is not None and not paid.empty:
            sheet = book.book.add_worksheet(labels.SHEET_PAYMENT_HISTORY)
            _columns_table(
                book,
                sheet,
                labels.PAYMENT_HISTORY_COLUMNS,
                list(
                    zip(
                        paid["month"].tolist(),
                        paid["account"].tolist(),
                        excel_days(paid["date"]),
                        _zl_column(paid["amount"]),
                        paid["source"].tolist(),
                        paid["file"].tolist(),
                        paid["sha256"].tolist(),
                        strict=True,
                    )
                ),
            )
            sheet.freeze_panes(1, 0)

        if record.pending:
            _pending_sheet(book, record.pending, costs)

        sheet = book.book.add_worksheet(labels.SHEET_RUN)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 2, 68)
        book.put(sheet, 0, 0, labels.RUN_TITLE, "title")
        facts = [
            (labels.RUN_MONTH, labels.format_month(settlement.month)),
            (labels.RUN_LEDGER_MONTH, labels.format_month(settlement.latest)),
            (labels.RUN_STARTED, record.started.strftime("%d.%m.%Y %H:%M:%S")),
            (labels.RUN_VERSION, record.version),
            *_lineage_facts(record),
            *((label, value) for label, value in counts.items()),
        ]
        row = 2
        for label, value in facts:
            book.put(sheet, row, 0, label, "bold")
            if isinstance(value, Decimal):
                book.put(sheet, row, 1, float(value), "money")
            else:
                book.put(sheet, row, 1, value)
            row += 1
        row += 1
        row = (
            _table(
                book,
                sheet,
                row,
                labels.RUN_INPUT_HEADS,
                list(record.inputs),
                ("text", "text", "text"),
            )
            + 1
        )
        if record.skipped:
            row = (
                _table(
                    book,
                    sheet,
                    row,
                    labels.RUN_SKIPPED_HEADS,
                    list(record.skipped),
                    ("text", "text"),
                )
                + 1
            )
        if record.messages:
            book.put(sheet, row, 0, labels.RUN_MESSAGES_TITLE, "bold")
            kinds = ("text",) * len(labels.RUN_MESSAGE_HEADS)
            row = (
                _table(book, sheet, row + 1, labels.RUN_MESSAGE_HEADS, list(record.messages), kinds)
                + 1
            )
        if record.booked:
            book.put(sheet, row, 0, labels.RUN_BOOKED_TITLE, "bold")
            booked = [
                (p.account, p.month, p.posting, _zl(p.total))
                for p in sorted(record.booked, key=lambda p: (p.account, p.month))
            ]
            kinds = ("text", "text", "text", "money")
            _table(book, sheet, row + 1, labels.RUN_BOOKED_HEADS, booked, kinds)
        book.close()


def _lineage_facts(record: RunRecord) -> list[tuple[str, object]]:
    """`Przebieg`'s facts of the ledger's chain: its identifier and number, the ledger it was
    made from, the posting document its run issued, what awaits booking."""
    lineage = record.lineage
    if lineage is None:
        return []
    source = lineage.source
    facts: list[tuple[str, object]] = [
        (labels.RUN_LEDGER_ID, lineage.ledger_id),
        (labels.RUN_LEDGER_NUMBER, lineage.number),
        (labels.RUN_SOURCE_FILE, source.file),
        (labels.RUN_SOURCE_ID, source.ledger_id),
        (labels.RUN_SOURCE_SHA, source.sha256),
        (labels.RUN_CHAIN, lineage.chain),
        (labels.RUN_POSTING, record.posting or labels.RUN_NO_POSTING),
    ]
    unbooked = waiting(record.pending)
    if unbooked:
        facts.append((labels.RUN_PENDING, Decimal(sum(p.total for p in unbooked)) / 100))
    return facts


def _pending_sheet(book: _Book, pending: Sequence[Pending], costs: bool) -> None:
    """Do zaksięgowania: each credit the finance system has not booked yet (SPEC §7)."""
    sheet = book.book.add_worksheet(labels.SHEET_PENDING)
    shown = _shown(labels.PENDING_COLUMNS, costs or any(p.amount("costs") for p in pending))
    rows = [
        tuple(
            _zl(p.amount(c.field[3:])) if c.field.startswith("to_") else getattr(p, c.field)
            for c in shown
        )
        for p in pending
    ]
    _columns_table(book, sheet, shown, rows)
    sheet.freeze_panes(1, 0)
    sheet.write_comment(0, 0, labels.PENDING_NOTE)


# -- zestawienie_YYYY-MM.xlsx ----------------------------------------------------------------------
def _whole_month(book: _Book, sheet, settlement: Settlement, row: int) -> int:
    """When earlier runs, corrections or decisions touched this month, its whole amounts per
    debtor (all lines of `Historia rozliczeń`) with their approval: a supplementary request
    shows the month, not only this run. Returns the next free row."""
    lines = settlement.settlements
    lines = lines[lines["month"] == month_text(settlement.month)]
    this_run = {d.account: d.value for d in settlement.debtors if d.allocation}
    sums = lines.groupby("account", sort=True).agg(
        debtor=("debtor", "last"),
        value=("value", "sum"),
        **{f"to_{c}": (f"to_{c}", "sum") for c in COMPONENTS},
        surplus=("surplus", "sum"),
        approval=("approval", lambda s: "; ".join(dict.fromkeys(v for v in s.fillna("") if v))),
    )
    if all(this_run.get(a, 0) == v for a, v in zip(sums.index, sums["value"], strict=True)) and len(
        lines
    ) == len(sums):
        return row  # this run is the whole month
    book.put(
        sheet,
        row,
        0,
        labels.MONTH_ALL_TITLE.format(month=labels.format_month(settlement.month)),
        "bold",
    )
    costs = settlement.has_costs
    money = ("value", "to_principal", "to_interest", *["to_costs"] * costs, "surplus")
    h = labels.MONTH_ALL_HEADS
    heads = (*h[:6], *[labels.HEAD_TO_COSTS] * costs, *h[6:])
    end = _table(
        book,
        sheet,
        row + 1,
        heads,
        [
            ("", a, r.debtor, *(_zl(int(getattr(r, f))) for f in money), r.approval)
            for a, r in zip(sums.index, sums.itertuples(), strict=True)
        ],
        ("text", "text", "text", *["money"] * len(money), "wrap"),
    )
    book.put(sheet, end, 2, labels.TIMESHEET_TOTAL, "total")
    for col, field in enumerate(money, start=3):
        book.put(sheet, end, col, _zl(int(sums[field].sum())), "total_money")
    return end + 2


def write_summary(
    path: Path,
    settlement: Settlement,
    program: Program,
    units: dict[str, str],
    pending: Sequence[Pending] = (),
) -> None:
    """The approval request to the Mayor (§5.20): one row per debtor with totals, the whole
    month, what earlier credits still await booking in the finance system, and the signature
    lines; the sums and charts on a sheet of their own (under the debtors' repeated column
    heads they would be misread)."""
    with atomic_path(path) as temp:
        book = _Book(temp)
        _summary_sheet(book, settlement, program, pending)
        _sums_sheet(book, settlement, program, units)
        book.close()


def _summary_sheet(
    book: _Book, settlement: Settlement, program: Program, pending: Sequence[Pending] = ()
) -> None:
    params = program.params
    sheet = book.book.add_worksheet(labels.SHEET_SUMMARY)
    _a4(sheet, landscape=True)
    month = labels.format_month(settlement.month)
    sheet.set_footer(labels.SUMMARY_FOOTER.format(month=month))
    book.put(
        sheet, 0, 0, labels.SUMMARY_TITLE.format(manager=params.manager, city=params.city), "title"
    )
    book.put(sheet, 1, 0, labels.SUMMARY_BASIS.format(basis=params.legal_basis))
    book.put(sheet, 2, 0, labels.SUMMARY_MONTH.format(month=month), "bold")
    capped = params.max_year_grosze is not None or params.max_total_grosze is not None
    transfers, costs = settlement.has_transfers, settlement.has_costs
    over = labels.HEAD_CAPPED if params.max_total_grosze is None else labels.HEAD_OVER_CAP
    h = labels.SUMMARY_HEADS  # Lp. … Wartość | na należność, na odsetki | Nadwyżka | przed …
    heads = [
        *h[:5],
        *([labels.HEAD_TRANSFERS] if transfers else []),
        *h[5:7],
        *([labels.HEAD_TO_COSTS] if costs else []),
        h[7],
        *([over] if capped else []),
        *h[8:],
    ]
    widths = [5, 10, 24, 8, 12, *[11] * transfers, 13, 11, *[11] * costs, 11, *[11] * capped]
    widths += [13, 13, 10, 30]
    shown = [c for c in COMPONENTS if costs or c != "costs"]
    money_cols = list(range(4, 10 + capped + transfers + costs))
    grosze = []  # the money columns in grosze, summed exactly for the totals
    rows = []
    for n, d in enumerate(settlement.debtors, start=1):
        a = d.allocation
        after = settlement.accounts_after[d.account].total
        before = a.total_before if a else after
        amounts = [
            d.value,
            *([d.transfers] if transfers else []),
            *(a.to(c) if a else 0 for c in shown),
            a.surplus if a else 0,
            *([a.capped if a else 0] if capped else []),
            before,
            after,
        ]
        grosze.append(amounts)
        rows.append(
            (
                n,
                d.account,
                d.name,
                _h(d.hours),
                *map(_zl, amounts),
                d.withheld,
                reasons_text(d.reasons),
            )
        )
    kinds = ("lp", "text", "wrap", "hours", *["money"] * len(money_cols), "text", "wrap")
    top = 4
    end = _table(book, sheet, top, heads, rows, kinds, widths)
    sheet.repeat_rows(top)
    book.put(sheet, end, 2, labels.TIMESHEET_TOTAL, "total")
    book.put(sheet, end, 3, _h(sum(d.hours for d in settlement.debtors)), "total_hours")
    for offset, col in enumerate(money_cols):
        book.put(sheet, end, col, _zl(sum(a[offset] for a in grosze)), "total_money")
    row = _whole_month(book, sheet, settlement, end + 2)
    if pending:
        text = labels.SUMMARY_PENDING.format(
            total=labels.format_money(sum(p.total for p in pending)),
            accounts=labels.plural(len({p.account for p in pending}), *labels.ACCOUNT_FORMS),
        )
        book.put(sheet, row + 1, 1, text, "bold")
        row += 2
    row += 3
    board = labels.SIGN_BOARD.format(manager=params.manager)
    for col, text in ((1, labels.SIGN_DRAWN_UP), (5, board), (9, labels.SIGN_APPROVED)):
        sheet.merge_range(row, col, row, col + 2, text, book.f["sign"])
    sheet.print_area(0, 0, row, len(heads) - 1)


def _sums_sheet(
    book: _Book, settlement: Settlement, program: Program, units: dict[str, str]
) -> None:
    """Per unit, per work type, per intake office, the debt by month, and two charts."""
    sheet = book.book.add_worksheet(labels.SHEET_SUMS)
    _a4(sheet, landscape=False)
    month = labels.format_month(settlement.month)
    sheet.set_footer(labels.SUMMARY_FOOTER.format(month=month))
    book.put(sheet, 0, 0, labels.SUMS_TITLE.format(month=month), "title")
    widths = (2, 10, 40, 12, 14)
    for col, width in enumerate(widths):
        book.column(sheet, col, width)
    credit = settlement.credited_rows
    sums = (("text", "text", "wrap", "hours", "money"),)
    row = 2
    if not credit.empty:
        row, _ = _section(
            book, sheet, row, labels.BY_UNIT, labels.BY_UNIT_HEADS, _unit_sums(credit, units), *sums
        )
    code_rows = _code_sums(credit, program) if not credit.empty else []
    code_top = row + 1
    if code_rows:
        row, code_top = _section(
            book, sheet, row, labels.BY_CODE, labels.BY_CODE_HEADS, code_rows, *sums
        )
    office_rows = _office_sums(settlement, program)
    if office_rows:
        kinds = ("text", "wrap", "int", "money", "money")
        row, _ = _section(
            book, sheet, row, labels.BY_OFFICE, labels.BY_OFFICE_HEADS, office_rows, kinds
        )
    trend = debt_by_month(settlement)
    trend_top = row + 1
    if trend:
        rows = [("", m, _zl(v)) for m, v in trend]
        kinds = ("text", "text", "money")
        row, trend_top = _section(book, sheet, row, labels.TREND, labels.TREND_HEADS, rows, kinds)

    name = labels.SHEET_SUMS
    row = _chart(
        book,
        sheet,
        row,
        "bar",
        labels.CHART_VALUE,
        labels.NO_CREDIT_CHART,
        (name, code_top, len(code_rows), 2, 4),
        with_labels=True,
    )
    # Columns, not a line: one month of history is a bar, not a lone dot.
    row = _chart(
        book,
        sheet,
        row,
        "column",
        labels.CHART_DEBT,
        labels.NO_TREND_CHART,
        (name, trend_top, len(trend), 1, 2),
        with_labels=len(trend) <= 6,
    )
    sheet.print_area(0, 0, row, len(widths) - 1)


def _section(book: _Book, sheet, row: int, title: str, heads, rows, kinds) -> tuple[int, int]:
    """A titled table of the sums sheet at `row`: (the row after it and a blank, its top)."""
    book.put(sheet, row, 0, title, "bold")
    return _table(book, sheet, row + 1, heads, rows, kinds) + 1, row + 1


def _unit_sums(credit: pd.DataFrame, units: dict[str, str]) -> list[tuple]:
    by_unit = credit.groupby("unit_code").agg(value=("value_official", "sum")).reset_index()
    hours = credit[credit["unit_kind"] == labels.UNIT_HOURS].groupby("unit_code")["qty"].sum()
    return [
        ("", u, units.get(u, ""), _h(hours.get(u, 0)), _zl(v))
        for u, v in zip(by_unit["unit_code"], by_unit["value"], strict=True)
    ]


def _code_sums(credit: pd.DataFrame, program: Program) -> list[tuple]:
    names = {c: r.name for c, r in program.work_codes.items()}
    by_code = (
        credit.groupby(["code", "unit_kind"])
        .agg(qty=("qty", "sum"), value=("value_official", "sum"))
        .reset_index()
    )
    return [
        ("", c, f"{names.get(c, c)} ({u})", _h(q), _zl(v))
        for c, u, q, v in zip(
            by_code["code"], by_code["unit_kind"], by_code["qty"], by_code["value"], strict=True
        )
    ]


def _office_sums(settlement: Settlement, program: Program) -> list[tuple]:
    """Per intake office (Kraków): debtors credited, work and transfers; none without offices."""
    offices = {p.account: p.office for p in program.participants if p.office}
    if not offices:
        return []
    by_office: dict[str, list[int]] = {}
    for d in settlement.debtors:
        if d.allocation:
            totals = by_office.setdefault(offices.get(d.account, labels.NONE), [0, 0, 0])
            totals[0] += 1
            totals[1] += d.value - d.transfers
            totals[2] += d.transfers
    return [
        ("", office, n, _zl(work), _zl(paid))
        for office, (n, work, paid) in sorted(by_office.items())
    ]


def _chart(
    book: _Book,
    sheet,
    row: int,
    kind: str,
    names: tuple[str, str],
    none: str,
    table: tuple[str, int, int, int, int],
    *,
    with_labels: bool,
) -> int:
    """A chart of one series with zł on its value axis at `row`, from `table` (sheet, its
    heading row, its rows, the column of the categories, of the values), or the line saying
    why there is none; returns the row below it."""
    sheet_name, top, count, categories, values = table
    if not count:
        book.put(sheet, row, 1, none)
        return row + 17
    chart = book.book.add_chart({"type": kind})
    chart.add_series(
        {
            "name": names[0],
            "categories": [sheet_name, top + 1, categories, top + count, categories],
            "values": [sheet_name, top + 1, values, top + count, values],
            "data_labels": {"value": with_labels, "num_format": labels.CHART_MONEY},
        }
    )
    chart.set_title({"name": names[1]})
    # amounts from nil: a bar's length is its amount, never cut at the axis' start
    axis = {"num_format": labels.CHART_MONEY, "major_gridlines": {"visible": True}, "min": 0}
    # a bar chart's values run along its x axis, a column chart's along its y axis
    (chart.set_x_axis if kind == "bar" else chart.set_y_axis)(axis)
    chart.set_legend({"none": True})
    sheet.insert_chart(row, 1, chart, {"x_scale": 1.15, "y_scale": 0.75})
    return row + 17


def debt_by_month(settlement: Settlement) -> list[tuple[str, int]]:
    """Total debt after each month in the history, of the accounts settled in it so far."""
    s = settlement.settlements
    if s.empty:
        return []
    out = []
    latest: dict[str, int] = {}
    after = s[[f"{c}_after" for c in COMPONENTS]].sum(axis=1).astype("int64")
    s = s.assign(_after=after)
    for month, group in s.sort_values("month", kind="stable").groupby("month", sort=True):
        latest.update(zip(group["account"], map(int, group["_after"]), strict=True))
        year, number = month.split("-")
        out.append((f"{number}.{year}", sum(latest.values())))
    return out


# -- karty_dluznikow_YYYY-MM.xlsx ------------------------------------------------------------------
def _sheet_name(account: str, name: str, used: set[str]) -> str:
    cleaned = "".join(ch for ch in f"{account} {name}" if ch not in "[]:*?/\\'")[:31].strip()
    candidate, n = cleaned, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = cleaned[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


def write_cards(path: Path, settlement: Settlement, program: Program) -> None:
    """One A4 page per debtor (Załącznik 7), for the debtor to sign: who, the debt at entry,
    before and after this month, the month's credited work, every month so far, the Mayor's
    decision, and why a withheld month was not credited — in words, no codes."""
    people = {p.account: p for p in program.participants}
    history = settlement.settlements
    transfers, costs = settlement.has_transfers, settlement.has_costs
    h = labels.CARD_HEADS  # Miesiąc, Godziny, Wartość | na…, na… | Nadwyżka | …po, …po
    heads = [
        *h[:3],
        *[labels.HEAD_TRANSFERS] * transfers,
        *h[3:5],
        *[labels.HEAD_TO_COSTS] * costs,
        h[5],
        *h[6:],
        *[labels.HEAD_COSTS_AFTER] * costs,
    ]
    shown = [c for c in COMPONENTS if costs or c != "costs"]
    columns = [
        "month",
        "hours",
        "value",
        *["transfers"] * transfers,
        *(f"to_{c}" for c in shown),
        "surplus",
        *(f"{c}_after" for c in shown),
    ]
    # Each debtor's months and this month's rows, in one pass each (not a filter per debtor).
    ordered = history.sort_values(["account", "month"], kind="stable")
    months: dict[str, list[list]] = {}
    entry: dict[str, tuple[str, dict[str, int]]] = {}
    befores = [ordered[f"{c}_before"].tolist() for c in COMPONENTS]
    for account, month, before, *values in zip(
        ordered["account"].tolist(),
        ordered["month"].tolist(),
        zip(*befores, strict=True),
        *(ordered[c].tolist() for c in columns),
        strict=True,
    ):
        months.setdefault(account, []).append(values)
        entry.setdefault(account, (month, dict(zip(COMPONENTS, map(int, before), strict=True))))
    work = _card_work(settlement, program)
    paid = _card_transfers(settlement)
    of_month = history[history["month"] == month_text(settlement.month)]
    # The Mayor's decision on this month's credit of each debtor (§5.20), as it stands.
    approvals = {
        a: "; ".join(dict.fromkeys(v for v in group.fillna("") if v))
        for a, group in of_month.groupby("account")["approval"]
    }
    width = max(len(heads), len(labels.CARD_WORK_HEADS))
    with atomic_path(path) as temp:
        # `_sheet_name` makes the names unique. A card is written top to bottom: thousands
        # of them go to disk as they are written (memory), fewer stay in memory (speed).
        book = _Book(
            temp, unique_names=True, streamed=len(settlement.debtors) >= CARDS_STREAMED_FROM
        )
        used: set[str] = set()
        for result in settlement.debtors or []:
            sheet = book.book.add_worksheet(_sheet_name(result.account, result.name, used))
            _a4(sheet, landscape=False, one_page=True)
            for col, w in enumerate((9, 12, 20, 13, 11, 9, 12, 12, 12, 12, 12)[:width]):
                book.column(sheet, col, w)
            row = _card_head(book, sheet, program, result, people.get(result.account))
            row = _card_debt(book, sheet, row, settlement, result, entry.get(result.account))
            row = _card_month(
                book,
                sheet,
                row,
                settlement,
                work.get(result.account, []),
                paid.get(result.account, []),
            )
            row = _card_months(book, sheet, row, heads, months.get(result.account, []), len(shown))
            _card_end(book, sheet, row, width, settlement, result, approvals.get(result.account))
            book.done(sheet)
        if not settlement.debtors:
            sheet = book.book.add_worksheet(labels.NO_CARDS_SHEET)
            book.put(sheet, 0, 0, labels.NO_CARDS)
        book.close()


def _card_months(
    book: _Book, sheet, row: int, heads: list[str], months: list[list], balances: int
) -> int:
    """Every month of the debtor so far, one row each, and their totals (summed in grosze
    and 1/QTY_SCALE hours, as the ledger holds them) but of the last `balances` columns (the
    balances after each month); returns the next free row."""
    book.put(sheet, row, 0, labels.CARD_MONTHS_TITLE, "bold")
    rows = [(f"{m[5:]}.{m[:4]}", _h(values[0]), *map(_zl, values[1:])) for m, *values in months]
    kinds = ("text", "hours", *["money"] * (len(heads) - 2))
    end = _table(book, sheet, row + 1, heads, rows, kinds)
    book.put(sheet, end, 0, labels.TIMESHEET_TOTAL, "total")
    for col in range(1, len(heads) - balances):
        total = sum(int(values[col - 1]) for _, *values in months)
        shown, kind = (_h(total), "total_hours") if col == 1 else (_zl(total), "total_money")
        book.put(sheet, end, col, shown, kind)
    return end + 2


def _card_end(
    book: _Book,
    sheet,
    row: int,
    width: int,
    settlement: Settlement,
    result: DebtorResult,
    approval: str | None,
) -> None:
    """The Mayor's decision on the month, why a withheld month was not credited, and the
    signature lines; the card's print area ends there."""
    month = labels.format_month(settlement.month)
    if approval:
        book.put(sheet, row, 0, labels.CARD_APPROVAL.format(month=month, state=approval), "bold")
        row += 2
    if result.withheld:
        # (the text goes in with the merge: a streamed sheet cannot go back a row)
        reasons = reasons_text(result.reasons)
        text = labels.CARD_WITHHELD.format(month=month, reasons=reasons)
        sheet.merge_range(row, 0, row + 1, width - 1, text, book.f["wrap"])
        row += 3
    row += 4
    sheet.merge_range(row, 0, row, 2, labels.CARD_SIGN_DEBTOR, book.f["sign"])
    sheet.merge_range(row, width - 3, row, width - 1, labels.CARD_SIGN_COORDINATOR, book.f["sign"])
    sheet.print_area(0, 0, row, width - 1)


def _card_head(book: _Book, sheet, program: Program, result: DebtorResult, person) -> int:
    book.put(sheet, 0, 0, labels.CARD_TITLE, "title")
    book.put(sheet, 1, 0, f"{program.params.manager}, {program.params.city}")
    facts = zip(
        labels.CARD_FACTS,
        (
            result.name,
            result.account,
            result.address,
            person.application if person else "",
            labels.format_date(person.agreement_on) if person and person.agreement_on else "",
        ),
        strict=True,
    )
    row = 3
    for label, value in facts:
        book.put(sheet, row, 0, label, "bold")
        book.put(sheet, row, 2, value)
        row += 1
    return row + 1


def _card_debt(
    book: _Book,
    sheet,
    row: int,
    settlement: Settlement,
    result: DebtorResult,
    entry: tuple[str, dict[str, int]] | None,
) -> int:
    """The debt at entry (the first month in the ledger), before and after this month: a
    column per component (costs only when the ledger has any) and their sum."""
    month = labels.format_month(settlement.month)
    debt = settlement.accounts_after[result.account]
    a = result.allocation
    now = {c: debt.part(c) for c in COMPONENTS}
    before = {c: a.before(c) for c in COMPONENTS} if a else now
    first = (
        (entry[1], labels.format_month(tuple(map(int, entry[0].split("-")))))
        if entry
        else (before, month)
    )
    lines = [
        (labels.CARD_DEBT_ENTRY.format(month=first[1]), first[0]),
        (labels.CARD_DEBT_BEFORE.format(month=month), before),
        (labels.CARD_DEBT_AFTER.format(month=month, day=labels.format_date(debt.as_of)), now),
    ]
    shown = [c for c in COMPONENTS if settlement.has_costs or c != "costs"]
    h = labels.CARD_DEBT_HEADS  # "", należność, odsetki | razem
    heads = (*h[:3], *[labels.HEAD_COSTS] * ("costs" in shown), *h[3:])
    book.put(sheet, row, 0, labels.CARD_DEBT_TITLE, "bold")
    sheet.merge_range(row + 1, 0, row + 1, 2, "", book.f["head"])
    for col, head in zip((0, *range(3, 2 + len(heads))), heads, strict=True):
        book.put(sheet, row + 1, col, head, "head")
    sheet.set_row(row + 1, 30)
    for offset, (label, parts) in enumerate(lines, start=2):
        sheet.merge_range(row + offset, 0, row + offset, 2, label, book.f["cell"])
        amounts = [*(parts[c] for c in shown), sum(parts.values())]
        for col, amount in enumerate(amounts, start=3):
            book.put(sheet, row + offset, col, _zl(amount), "cell_money")
    return row + len(lines) + 3


def _card_work(settlement: Settlement, program: Program) -> dict[str, list[tuple]]:
    """Each debtor's credited rows of the month, as the card lists them."""
    credit = settlement.credited_rows
    if credit.empty:
        return {}
    names = {c: r.name for c, r in program.work_codes.items()}
    rows = credit.sort_values(["account", "date"], kind="stable")
    workers = rows["worker"].where(rows["worker_id"] != "", labels.CARD_OWN_WORK)
    out: dict[str, list[tuple]] = {}
    for account, day, unit, code, who, qty, kind, value in zip(
        rows["account"].tolist(),
        rows["date"].tolist(),
        rows["unit_code"].tolist(),
        rows["code"].tolist(),
        workers.tolist(),
        _h_column(rows["qty"].astype("int64")),
        rows["unit_kind"].tolist(),
        _zl_column(rows["value_official"].astype("int64")),
        strict=True,
    ):
        out.setdefault(account, []).append(
            (day, unit, names.get(code, code), who, qty, kind, value)
        )
    return out


def _card_transfers(settlement: Settlement) -> dict[str, list[tuple]]:
    paid = settlement.credited_payments
    if paid is None or paid.empty:
        return {}
    out: dict[str, list[tuple]] = {}
    for account, day, source, amount in zip(
        paid["account"].tolist(),
        paid["date"].tolist(),
        paid["source"].tolist(),
        _zl_column(paid["amount"].astype("int64")),
        strict=True,
    ):
        out.setdefault(account, []).append((day, source, "", "", None, "", amount))
    return out


def _card_month(
    book: _Book, sheet, row: int, settlement: Settlement, work: list[tuple], paid: list[tuple]
) -> int:
    month = labels.format_month(settlement.month)
    kinds = ("date", "text", "wrap", "wrap", "hours", "text", "money")
    book.put(sheet, row, 0, labels.CARD_WORK_TITLE.format(month=month), "bold")
    if work:
        row = _table(book, sheet, row + 1, labels.CARD_WORK_HEADS, work, kinds) + 1
    else:
        book.put(sheet, row + 1, 0, labels.CARD_NO_WORK)
        row += 3
    if paid:
        book.put(sheet, row, 0, labels.CARD_TRANSFERS_TITLE.format(month=month), "bold")
        row = _table(book, sheet, row + 1, labels.CARD_TRANSFER_HEADS, paid, kinds) + 1
    return row


# -- bledy_YYYY-MM.xlsx ----------------------------------------------------------------------------
def write_errors(
    path: Path,
    issues: list[Issue],
    to_fix: Sequence[tuple[str, str, str, str, str, int, str]] = (),
    missing: Sequence[tuple[str, str, str, str, str]] = (),
) -> None:
    """Sheet `Błędy` (every issue), `Do poprawy`: which timesheet goes back to whom, with
    the name of its annotated copy in `do_poprawy/`, and, when there are any, `Brak kart`:
    the units to remind of a missing timesheet (TIMESHEET_MISSING)."""
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_ERRORS)
        # Printed: A4 landscape, every column on the page's width, the heads on every page.
        _a4(sheet, landscape=True)
        sheet.repeat_rows(0)
        sheet.set_footer(labels.ERRORS_FOOTER)
        _table(
            book,
            sheet,
            0,
            labels.ERROR_COLUMNS,
            [
                (
                    i.file,
                    i.sheet,
                    i.cell,
                    i.row,
                    i.column,
                    i.account,
                    i.severity.polish,
                    i.code,
                    i.message,
                )
                for i in issues
            ],
            ("wrap", "wrap", "text", "int", "wrap", "text", "text", "text", "wrap"),
            (22, 12, 7, 6, 12, 9, 10, 19, 70),
        )
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(issues), 1), len(labels.ERROR_COLUMNS) - 1)
        sheet = book.book.add_worksheet(labels.SHEET_TO_FIX)
        _a4(sheet, landscape=True)
        sheet.repeat_rows(0)
        _table(
            book,
            sheet,
            0,
            labels.TO_FIX_COLUMNS,
            list(to_fix),
            ("wrap", "text", "wrap", "wrap", "wrap", "int", "wrap"),
            (28, 10, 30, 22, 28, 8, 28),
        )
        if missing:
            sheet = book.book.add_worksheet(labels.SHEET_MISSING)
            _a4(sheet, landscape=True)
            _table(
                book,
                sheet,
                0,
                labels.MISSING_COLUMNS,
                list(missing),
                ("text", "wrap", "wrap", "wrap", "wrap"),
                (12, 30, 22, 28, 40),
            )
        book.close()


# -- korekta_YYYY-MM_NR.xlsx ----------------------------------------------------------------------
def write_correction(path: Path, correction, program: Program, ledger: str, day: dt.date) -> None:
    """The correction document to sign (SPEC §7): what, why, the document number, what goes
    back to each component per debtor-month, the rows reversed; A4 portrait."""
    params = program.params
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_CORRECTION)
        _a4(sheet, landscape=False)
        reversals = correction.reversals
        costs = any(r.to_costs or r.costs_before for r in reversals)
        widths = (15, 24, 9, 9, 12, 13, 12, *[12] * costs, 11, 11)
        for col, width in enumerate(widths):
            book.column(sheet, col, width)
        book.put(sheet, 0, 0, labels.CORRECTION_TITLE.format(document=correction.document), "title")
        book.put(sheet, 1, 0, f"{params.manager}, {params.city}")
        facts = (labels.format_date(day), ledger, correction.reason, labels.CORRECTION_BASIS)
        row = 3
        for label, value in zip(labels.CORRECTION_FACTS, facts, strict=True):
            book.put(sheet, row, 0, label, "bold")
            sheet.merge_range(row, 1, row, len(widths) - 1, "", book.f["wrap"])
            book.put(sheet, row, 1, value, "wrap")
            row += 1
        row += 1
        money = ("value", "to_principal", "to_interest", *["to_costs"] * costs, "surplus", "capped")
        h = labels.CORRECTION_SUMMARY_HEADS  # … Wartość, zwrot na…, zwrot na… | Nadwyżka …
        heads = (*h[:7], *[labels.HEAD_RETURN_COSTS] * costs, *h[7:])
        summary = [
            (
                r.account,
                r.debtor,
                r.month,
                r.hours / QTY_SCALE,
                *(_zl(getattr(r, f)) for f in money),
            )
            for r in reversals
        ]
        row = _table(
            book,
            sheet,
            row,
            heads,
            summary,
            ("text", "text", "text", "hours", *["money"] * len(money)),
        )
        book.put(sheet, row, 0, labels.CORRECTION_TOTAL, "total")
        totals = (
            sum(r.hours for r in reversals) / QTY_SCALE,
            *(_zl(sum(getattr(r, f) for r in reversals)) for f in money),
        )
        for col, value in enumerate(totals, start=3):
            book.put(sheet, row, col, value, "total_hours" if col == 3 else "total_money")
        row += 2
        book.put(sheet, row, 0, labels.CORRECTION_ROWS_TITLE, "bold")
        rows = pd.concat([r.rows for r in reversals], ignore_index=True)
        row = _table(
            book,
            sheet,
            row + 1,
            labels.CORRECTION_ROW_HEADS,
            list(
                zip(
                    rows["row_id"].tolist(),
                    rows["month"].tolist(),
                    rows["account"].tolist(),
                    excel_days(rows["date"]),
                    rows["code"].tolist(),
                    _h_column(rows["qty"]),
                    rows["unit"].tolist(),
                    _zl_column(rows["value"]),
                    rows["file"].tolist(),
                    strict=True,
                )
            ),
            ("text", "text", "text", "date", "text", "qty", "text", "money", "text"),
        )
        row += 3
        for col, text in zip((0, 5), labels.CORRECTION_SIGN, strict=True):
            sheet.merge_range(row, col, row, col + 3, text, book.f["sign"])
        sheet.print_area(0, 0, row, len(widths) - 1)
        book.close()


# -- postings for the finance system (SPEC §8) --------------------------------------------------
def _posting_text(order, posting) -> str:
    component = labels.COMPONENT_NAMES[posting.component]
    month = labels.format_month_text(posting.month)
    if order.reversal:
        return labels.POSTING_REVERSAL.format(
            month=month, document=order.reference, component=component
        )
    return labels.POSTING_CREDIT.format(month=month, component=component)


def _polish_amount(grosze: int) -> str:
    """`-1234,56`: what a Polish spreadsheet reads as a number (no thousands separator)."""
    sign = "-" if grosze < 0 else ""
    whole, part = divmod(abs(int(grosze)), 100)
    return f"{sign}{whole},{part:02d}"


def write_postings_csv(path: Path, order) -> None:
    """`ksiegowanie_…csv` for the finance system's import: Windows-1250, `;`, decimal comma,
    CRLF; one line per account and component (a character Windows-1250 lacks, in a name,
    becomes `?`; numbers and accounts are plain digits). Every column but `Kwota` is text, so
    a field that a spreadsheet would take for a formula gets an apostrophe (`text_field`);
    `Kwota` is a number, a reversal's `-100,00` included."""
    import csv
    import io

    text = io.StringIO()
    out = csv.writer(text, delimiter=";", lineterminator="\r\n")
    out.writerow([text_field(head) for head in labels.POSTING_HEADS])
    document, day = text_field(order.document), text_field(labels.format_date(order.day))
    for posting in order.lines:
        out.writerow(
            (
                document,
                day,
                text_field(posting.account),
                text_field(posting.debtor),
                text_field(labels.COMPONENT_NAMES[posting.component]),
                _polish_amount(posting.amount),  # a number: never an apostrophe
                text_field(_posting_text(order, posting)),
            )
        )
    with atomic_path(path) as temp:
        temp.write_bytes(text.getvalue().encode("cp1250", errors="replace"))


def write_postings(path: Path, order, program: Program) -> None:
    """`ksiegowanie_…xlsx`: the polecenie księgowania to print and sign, with the fields of
    art. 21 of the accounting act — type and number, issuer and parties, description, amounts
    and hours, the dates of issue and of the operation, the decree and the signatures; A4."""
    params = program.params
    month = labels.format_month(order.month)
    by_account: dict[tuple[str, str], dict] = {}
    for posting in order.lines:
        entry = by_account.setdefault(
            (posting.account, posting.month), {"debtor": posting.debtor, "hours": 0}
        )
        entry["hours"] += posting.hours
        entry[posting.component] = entry.get(posting.component, 0) + posting.amount
    hours = sum(entry["hours"] for entry in by_account.values())
    hours_text = qty_text(abs(hours))
    if order.reversal:
        what = labels.POSTINGS_REVERSAL_TEXT.format(
            document=order.reference, accounts=order.accounts, hours=hours_text
        )
    else:
        what = labels.POSTINGS_CREDIT_TEXT.format(
            month=month, accounts=order.accounts, hours=hours_text
        )
    last_day = month_bounds(order.month)[1]
    facts = (
        f"{params.manager}, {params.city}",
        labels.format_date(order.day),
        labels.POSTINGS_OPERATION_DATE.format(month=month, day=labels.format_date(last_day)),
        what,
        labels.POSTINGS_PARTIES.format(manager=params.manager),
        params.legal_basis,
    )
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_POSTINGS)
        _a4(sheet, landscape=False)
        shown = [
            c for c in COMPONENTS if c != "costs" or any(e.get(c) for e in by_account.values())
        ]
        widths = (5, 11, 26, 9, 9, 14, 12, *[12] * (len(shown) - 2), 13)
        last = len(widths) - 1
        for col, width in enumerate(widths):
            book.column(sheet, col, width)
        book.put(sheet, 0, 0, labels.POSTINGS_TITLE.format(document=order.document), "title")
        row = 2
        for label, value in zip(labels.POSTINGS_FACTS, facts, strict=True):
            book.put(sheet, row, 0, label, "bold")
            sheet.merge_range(row, 2, row, last, "", book.f["wrap"])
            book.put(sheet, row, 2, value, "wrap")
            sheet.set_row(row, 13 * _wrapped_lines(value, 110))  # 83 digits wide, house font
            row += 1
        rows = [
            (
                n,
                account,
                entry["debtor"],
                labels.format_month_text(month_of),
                _h(entry["hours"]),
                *(_zl(entry.get(c, 0)) for c in shown),
                _zl(sum(entry.get(c, 0) for c in COMPONENTS)),
            )
            for n, ((account, month_of), entry) in enumerate(sorted(by_account.items()), start=1)
        ]
        kinds = ("lp", "text", "text", "text", "hours", *["money"] * (len(shown) + 1))
        h = labels.POSTINGS_HEADS  # … Godziny, należność, odsetki | Razem
        heads = (*h[:7], *[labels.HEAD_COSTS] * (len(shown) - 2), h[7])
        row = _table(book, sheet, row + 1, heads, rows, kinds)
        book.put(sheet, row, 0, labels.POSTINGS_TOTAL, "total")
        totals = (_h(hours), *(_zl(order.total(c)) for c in shown), _zl(order.total()))
        for col, value in enumerate(totals, start=4):
            book.put(sheet, row, col, value, "total_hours" if col == 4 else "total_money")
        row += 2
        book.put(sheet, row, 0, labels.POSTINGS_DECREE_TITLE, "bold")
        decree = [
            (labels.COMPONENT_NAMES[c], "", "", _zl(order.total(c)))
            for c in COMPONENTS
            if order.total(c)
        ]
        row = _table(
            book,
            sheet,
            row + 1,
            labels.POSTINGS_DECREE_HEADS,
            decree,
            ("text", "text", "text", "money"),
        )
        book.put(sheet, row + 1, 0, labels.POSTINGS_DECREE_MONTH)
        row += 4
        for col, text in zip((0, 3, 6), labels.POSTINGS_SIGN, strict=True):
            sheet.merge_range(row, col, row + 1, col + 2 if col < 6 else last, text, book.f["sign"])
        sheet.print_area(0, 0, row + 1, last)
        book.close()
