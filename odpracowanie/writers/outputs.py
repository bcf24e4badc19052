"""The monthly batch's workbooks (SPEC §5 `reconcile`), written with xlsxwriter, atomically.

Every text goes through `write_string`, and the workbooks are opened with
`strings_to_formulas=False`: a debtor called `=HYPERLINK(...)` stays a name, never a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import Month, Program, month_bounds, month_text
from odpracowanie.core.money import QTY_SCALE
from odpracowanie.core.settlement import DebtorResult, Settlement
from odpracowanie.issues import Issue
from odpracowanie.writers.atomic import atomic_path


@dataclass(frozen=True)
class RunRecord:
    """What the `Przebieg` sheet records about one run."""

    started: dt.datetime
    inputs: Sequence[tuple[str, str, str]]  # (role, file, sha256)
    rows: int
    version: str
    skipped: Sequence[tuple[str, str]] = ()  # (file, why it was not read)


def output_names(month: Month) -> dict[str, str]:
    text = month_text(month)
    return {key: name.format(month=text) for key, name in labels.OUTPUT_FILES.items()}


def later_balances_name(latest: Month, debts_name: str) -> str:
    """The ledger of a late run (an earlier month credited on the `latest` month's ledger):
    named after `latest`, numbered after the ledger it was computed from, so that the newest
    file has the highest number: `salda_2026-10.xlsx` -> `salda_2026-10_2.xlsx` -> `_3`."""
    text = month_text(latest)
    base = labels.OUTPUT_FILES["balances"].format(month=text)
    stem, suffix = base.rsplit(".", 1)
    found = re.fullmatch(rf"{re.escape(stem)}(?:_(\d+))?\.{suffix}", debts_name, re.IGNORECASE)
    number = int(found.group(1) or 1) + 1 if found else 2
    return f"{stem}_{number}.{suffix}"


class _Book:
    """An xlsxwriter workbook with the house formats and safe writing of any value."""

    def __init__(self, path: Path, *, ledger: bool = False) -> None:
        """`ledger`: a workbook of big data tables, not printed (the balances). Its default
        font is the house font, so a plain text cell needs no format of its own: tens of
        thousands of history cells are written without one (xlsxwriter spends as long on a
        cell's format as on the cell). Printed workbooks keep the standard default font, by
        which spreadsheet programs measure the column widths the page layouts rely on."""
        import xlsxwriter

        base = {"font_name": "Arial", "font_size": 9}
        options = {"strings_to_formulas": False, "strings_to_urls": False,
                   "strings_to_numbers": False,
                   # no temporary file per sheet (the cards workbook has one per debtor)
                   "in_memory": True}
        if ledger:
            options["default_format_properties"] = base
        self.book = xlsxwriter.Workbook(str(path), options)
        base = base if ledger else {**base, "valign": "vcenter"}
        add = self.book.add_format
        self.f = {
            "text": None if ledger else add(base),
            "wrap": add({**base, "text_wrap": True}),
            "head": add({**base, "bold": True, "bg_color": "#D9E1F2", "border": 1,
                         "text_wrap": True, "align": "center"}),
            "title": add({**base, "bold": True, "font_size": 12}),
            "bold": add({**base, "bold": True}),
            "money": add({**base, "num_format": labels.MONEY_FORMAT}),
            "date": add({**base, "num_format": labels.DATE_FORMAT}),
            "hours": add({**base, "num_format": "0.00"}),
            "qty": add({**base, "num_format": "0.0000"}),
            "int": add({**base, "num_format": "0"}),
            "cell": add({**base, "border": 1}),
            "cell_money": add({**base, "border": 1, "num_format": labels.MONEY_FORMAT}),
            "cell_hours": add({**base, "border": 1, "num_format": "0.00"}),
            "total": add({**base, "bold": True, "top": 1}),
            "total_money": add({**base, "bold": True, "top": 1,
                                "num_format": labels.MONEY_FORMAT}),
            "total_hours": add({**base, "bold": True, "top": 1, "num_format": "0.00"}),
            "sign": add({**base, "top": 1, "align": "center", "font_size": 8}),
        }

    def put(self, sheet, row: int, col: int, value: object, fmt: str = "text") -> None:
        style = self.f[fmt]
        if value is None or (isinstance(value, float) and pd.isna(value)):
            sheet.write_blank(row, col, None, style)
        elif isinstance(value, bool):
            sheet.write_string(row, col, labels.YES if value else labels.NO, style)
        elif isinstance(value, dt.datetime | dt.date | pd.Timestamp):
            day = value.date() if hasattr(value, "date") and not isinstance(value, dt.date) \
                else value
            if isinstance(day, dt.datetime):
                sheet.write_datetime(row, col, day, style)
            else:
                sheet.write_datetime(row, col, dt.datetime.combine(day, dt.time()),
                                     self.f["date"] if fmt == "text" else style)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, style)
        else:
            sheet.write_string(row, col, str(value), style)

    def close(self) -> None:
        self.book.close()


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


def _table(book: _Book, sheet, top: int, heads: Sequence[str], rows: Sequence[Sequence[object]],
           kinds: Sequence[str], widths: Sequence[float] | None = None) -> int:
    """Column heads at `top`, rows below, top to bottom; returns the next free row.

    Each column's writer is chosen once from its kind (a month's history is tens of thousands
    of rows); `_Book.put` handles a value that does not fit its kind.
    """
    sheet.set_row(top, 30)  # room for two-line column heads
    for col, head in enumerate(heads):
        book.put(sheet, top, col, head, "head")
        if widths:
            sheet.set_column(col, col, widths[col])
    numeric = [kind in ("money", "hours", "qty", "int", "date") for kind in kinds]
    styles = [book.f[kind] for kind in kinds]
    write_number, write_string = sheet.write_number, sheet.write_string
    for r, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values):
            kind = type(value)
            if numeric[col] and (kind is float or kind is int):
                write_number(r, col, value, styles[col])
            elif kind is str and not numeric[col] and kinds[col] != "date":
                write_string(r, col, value, styles[col])
            else:
                book.put(sheet, r, col, value, kinds[col])
    return top + 1 + len(rows)


# -- salda_YYYY-MM.xlsx ----------------------------------------------------------------------------
def balances_part(settlement: Settlement) -> Settlement:
    """Only what `write_balances` reads (the ledgers), for sending to a child process: this
    month's credited rows and the per-debtor results stay behind."""
    return replace(settlement, debtors=[], credited_rows=settlement.credited_rows.iloc[:0],
                   issues=[], credited_payments=None)


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


def write_balances(path: Path, settlement: Settlement, record: RunRecord, counts: dict) -> None:
    with atomic_path(path) as temp:
        book = _Book(temp, ledger=True)
        sheet = book.book.add_worksheet(labels.SHEET_DEBTS)
        debts = sorted(settlement.accounts_after.values(), key=lambda d: (d.row, d.account))
        _table(book, sheet, 0, [c.label for c in labels.DEBT_COLUMNS],
               [(d.account, d.debtor, d.address, _zl(d.principal), _zl(d.interest), d.as_of)
                for d in debts],
               ("text", "text", "text", "money", "money", "date"), (11, 28, 32, 16, 12, 12))
        sheet.freeze_panes(1, 0)

        sheet = book.book.add_worksheet(labels.SHEET_WORK_HISTORY)
        history = settlement.work_history
        _table(book, sheet, 0, [c.label for c in labels.WORK_HISTORY_COLUMNS], list(zip(
                history["row_id"].tolist(), history["month"].tolist(),
                history["account"].tolist(), history["unit_code"].tolist(),
                excel_days(history["date"]), history["worker"].tolist(),
                history["code"].tolist(), _h_column(history["qty"]), history["unit"].tolist(),
                _zl_column(history["value"]), history["file"].tolist(),
                history["sha256"].tolist(), history["reverses"].tolist(),
                history["reason"].tolist(), history["document"].tolist(), strict=True)),
               ("text", "text", "text", "text", "date", "text", "text", "qty", "text", "money",
                "text", "text", "text", "text", "text"),
               (13, 9, 11, 12, 11, 22, 9, 9, 9, 12, 28, 20, 13, 30, 14))
        sheet.freeze_panes(1, 0)

        sheet = book.book.add_worksheet(labels.SHEET_SETTLEMENT_HISTORY)
        s = settlement.settlements
        money = ("value", "transfers", "to_principal", "to_interest", "surplus", "capped",
                 "principal_before", "interest_before", "principal_after", "interest_after")
        _table(book, sheet, 0, [c.label for c in labels.SETTLEMENT_COLUMNS], list(zip(
            s["month"].tolist(), s["account"].tolist(), s["entry"].tolist(),
            s["debtor"].tolist(), _h_column(s["hours"]), *(_zl_column(s[f]) for f in money),
            s["approval"].fillna("").tolist(), strict=True)),
               ("text", "text", "text", "text", "hours", *["money"] * len(money), "text"),
               (9, 11, 14, 24, 9, *[13] * len(money), 34))
        sheet.freeze_panes(1, 0)

        paid = settlement.payment_history
        if paid is not None and not paid.empty:
            sheet = book.book.add_worksheet(labels.SHEET_PAYMENT_HISTORY)
            _table(book, sheet, 0, [c.label for c in labels.PAYMENT_HISTORY_COLUMNS], list(zip(
                paid["month"].tolist(), paid["account"].tolist(), excel_days(paid["date"]),
                _zl_column(paid["amount"]), paid["source"].tolist(), paid["file"].tolist(),
                paid["sha256"].tolist(), strict=True)),
                   ("text", "text", "date", "money", "text", "text", "text"),
                   (9, 11, 11, 12, 22, 28, 20))
            sheet.freeze_panes(1, 0)

        sheet = book.book.add_worksheet(labels.SHEET_RUN)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 2, 68)
        book.put(sheet, 0, 0, labels.RUN_TITLE, "title")
        facts = [(labels.RUN_MONTH, labels.format_month(settlement.month)),
                 (labels.RUN_LEDGER_MONTH, labels.format_month(settlement.latest)),
                 (labels.RUN_STARTED, record.started.strftime("%d.%m.%Y %H:%M:%S")),
                 (labels.RUN_VERSION, record.version),
                 *((label, value) for label, value in counts.items())]
        row = 2
        for label, value in facts:
            book.put(sheet, row, 0, label, "bold")
            if isinstance(value, Decimal):
                book.put(sheet, row, 1, float(value), "money")
            else:
                book.put(sheet, row, 1, value)
            row += 1
        row += 1
        row = _table(book, sheet, row, labels.RUN_INPUT_HEADS, list(record.inputs),
                     ("text", "text", "text")) + 1
        if record.skipped:
            _table(book, sheet, row, labels.RUN_SKIPPED_HEADS, list(record.skipped),
                   ("text", "text"))
        book.close()


# -- zestawienie_YYYY-MM.xlsx ----------------------------------------------------------------------
def _reason(result: DebtorResult) -> str:
    return ", ".join(result.reasons) if result.reasons else ""


def _whole_month(book: _Book, sheet, settlement: Settlement, row: int) -> int:
    """When earlier runs, corrections or decisions touched this month, its whole amounts per
    debtor (all lines of `Historia rozliczeń`) with their approval: a supplementary request
    shows the month, not only this run. Returns the next free row."""
    lines = settlement.settlements
    lines = lines[lines["month"] == month_text(settlement.month)]
    this_run = {d.account: d.value for d in settlement.debtors if d.allocation}
    sums = lines.groupby("account", sort=True).agg(
        debtor=("debtor", "last"), value=("value", "sum"), to_principal=("to_principal", "sum"),
        to_interest=("to_interest", "sum"), surplus=("surplus", "sum"),
        approval=("approval", lambda s: "; ".join(dict.fromkeys(v for v in s.fillna("")
                                                                  if v))))
    if all(this_run.get(a, 0) == v for a, v in zip(sums.index, sums["value"], strict=True)) \
            and len(lines) == len(sums):
        return row  # this run is the whole month
    book.put(sheet, row, 0, labels.MONTH_ALL_TITLE.format(
        month=labels.format_month(settlement.month)), "bold")
    money = ("value", "to_principal", "to_interest", "surplus")
    end = _table(book, sheet, row + 1, labels.MONTH_ALL_HEADS, [
        ("", a, r.debtor, *(_zl(int(getattr(r, f))) for f in money), r.approval)
        for a, r in zip(sums.index, sums.itertuples(), strict=True)],
        ("text", "text", "text", *["money"] * len(money), "wrap"))
    book.put(sheet, end, 2, labels.TIMESHEET_TOTAL, "total")
    for col, field in enumerate(money, start=3):
        book.put(sheet, end, col, _zl(int(sums[field].sum())), "total_money")
    return end + 2


def write_summary(path: Path, settlement: Settlement, program: Program,
                  units: dict[str, str]) -> None:
    """The approval request to the Mayor (§5.20): one row per debtor, totals, sums, charts."""
    params = program.params
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_SUMMARY)
        _a4(sheet, landscape=True)
        month = labels.format_month(settlement.month)
        sheet.set_footer(labels.SUMMARY_FOOTER.format(month=month))
        book.put(sheet, 0, 0, labels.SUMMARY_TITLE.format(manager=params.manager,
                                                          city=params.city), "title")
        book.put(sheet, 1, 0, labels.SUMMARY_MONTH.format(month=month))
        capped = params.max_year_grosze is not None
        heads = list(labels.SUMMARY_HEADS)
        widths = [4, 10, 24, 8, 12, 13, 11, 11, 13, 13, 10, 26]
        transfers = settlement.has_transfers
        if capped:
            heads.insert(8, labels.HEAD_CAPPED)
            widths.insert(8, 11)
        if transfers:
            heads.insert(5, labels.HEAD_TRANSFERS)
            widths.insert(5, 11)
        money_cols = list(range(4, 10 + capped + transfers))
        grosze = []  # the money columns in grosze, summed exactly for the totals
        rows = []
        for n, d in enumerate(settlement.debtors, start=1):
            a = d.allocation
            debt = settlement.accounts_after[d.account]
            after = debt.principal + debt.interest
            before = a.principal_before + a.interest_before if a else after
            amounts = [d.value, *([d.transfers] if transfers else []),
                       a.to_principal if a else 0, a.to_interest if a else 0,
                       a.surplus if a else 0, *([a.capped if a else 0] if capped else []),
                       before, after]
            grosze.append(amounts)
            rows.append((n, d.account, d.name, _h(d.hours), *map(_zl, amounts), d.withheld,
                         _reason(d)))
        kinds = ("int", "text", "text", "hours", *["money"] * len(money_cols), "text", "wrap")
        top = 3
        end = _table(book, sheet, top, heads, rows, kinds, widths)
        sheet.repeat_rows(top)
        book.put(sheet, end, 2, labels.TIMESHEET_TOTAL, "total")
        book.put(sheet, end, 3, _h(sum(d.hours for d in settlement.debtors)), "total_hours")
        for offset, col in enumerate(money_cols):
            book.put(sheet, end, col, _zl(sum(a[offset] for a in grosze)), "total_money")
        row = _whole_month(book, sheet, settlement, end + 2)

        credit = settlement.credited_rows
        by_unit = (credit.groupby("unit_code").agg(value=("value_official", "sum"))
                   .reset_index() if not credit.empty else pd.DataFrame(
                       columns=["unit_code", "value"]))
        unit_hours = (credit[credit["unit_kind"] == labels.UNIT_HOURS].groupby("unit_code")["qty"]
                      .sum() if not credit.empty else pd.Series(dtype="int64"))
        if len(by_unit):
            book.put(sheet, row, 0, labels.BY_UNIT, "bold")
            row = _table(book, sheet, row + 1, labels.BY_UNIT_HEADS, [
                ("", u, units.get(u, ""), _h(unit_hours.get(u, 0)), _zl(v))
                for u, v in zip(by_unit["unit_code"], by_unit["value"], strict=True)],
                ("text", "text", "text", "hours", "money")) + 1

        names = {c: r.name for c, r in program.work_codes.items()}
        by_code = (credit.groupby(["code", "unit_kind"]).agg(qty=("qty", "sum"),
                                                             value=("value_official", "sum"))
                   .reset_index() if not credit.empty else pd.DataFrame(
                       columns=["code", "unit_kind", "qty", "value"]))
        code_top = row + 1
        if len(by_code):
            book.put(sheet, row, 0, labels.BY_CODE, "bold")
            row = _table(book, sheet, code_top, labels.BY_CODE_HEADS,
                         [("", c, f"{names.get(c, c)} ({u})", _h(q), _zl(v))
                          for c, u, q, v in zip(by_code["code"], by_code["unit_kind"],
                                                by_code["qty"], by_code["value"], strict=True)],
                         ("text", "text", "text", "hours", "money")) + 1

        offices = {p.account: p.office for p in program.participants if p.office}
        if offices:
            by_office: dict[str, list[int]] = {}
            for d in settlement.debtors:
                if d.allocation:
                    totals = by_office.setdefault(offices.get(d.account, labels.NONE),
                                                  [0, 0, 0])
                    totals[0] += 1
                    totals[1] += d.value - d.transfers
                    totals[2] += d.transfers
            book.put(sheet, row, 0, labels.BY_OFFICE, "bold")
            row = _table(book, sheet, row + 1, labels.BY_OFFICE_HEADS,
                         [("", office, n, _zl(work), _zl(paid))
                          for office, (n, work, paid) in sorted(by_office.items())],
                         ("text", "text", "int", "money", "money")) + 1

        trend = debt_by_month(settlement)
        book.put(sheet, row, 0, labels.TREND, "bold")
        trend_top = row + 1
        row = _table(book, sheet, trend_top, labels.TREND_HEADS,
                     [("", m, _zl(v)) for m, v in trend], ("text", "text", "money")) + 1

        name = labels.SHEET_SUMMARY
        if len(by_code):
            chart = book.book.add_chart({"type": "column"})
            chart.add_series({"name": labels.CHART_VALUE[0],
                              "categories": [name, code_top + 1, 1, code_top + len(by_code), 1],
                              "values": [name, code_top + 1, 4, code_top + len(by_code), 4]})
            chart.set_title({"name": labels.CHART_VALUE[1]})
            chart.set_legend({"none": True})
            sheet.insert_chart(row, 1, chart, {"x_scale": 0.9, "y_scale": 0.65})
        if trend:
            chart = book.book.add_chart({"type": "line"})
            chart.add_series({"name": labels.CHART_DEBT[0],
                              "categories": [name, trend_top + 1, 1, trend_top + len(trend), 1],
                              "values": [name, trend_top + 1, 2, trend_top + len(trend), 2],
                              "marker": {"type": "circle"}})
            chart.set_title({"name": labels.CHART_DEBT[1]})
            chart.set_legend({"none": True})
            sheet.insert_chart(row, 6, chart, {"x_scale": 0.9, "y_scale": 0.65})
        row += 13  # below the charts
        board = labels.SIGN_BOARD.format(manager=params.manager)
        for col, text in ((1, labels.SIGN_DRAWN_UP), (5, board), (9, labels.SIGN_APPROVED)):
            sheet.merge_range(row, col, row, col + 2, text, book.f["sign"])
        sheet.print_area(0, 0, row, len(heads) - 1)
        book.close()


def debt_by_month(settlement: Settlement) -> list[tuple[str, int]]:
    """Total debt after each month in the history, of the accounts settled in it so far."""
    s = settlement.settlements
    if s.empty:
        return []
    out = []
    latest: dict[str, int] = {}
    for month, group in s.sort_values("month", kind="stable").groupby("month", sort=True):
        for account, p, i in zip(group["account"], group["principal_after"],
                                 group["interest_after"], strict=True):
            latest[account] = int(p) + int(i)
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
    """One A4 sheet per debtor (Załącznik 7): data, every month so far, balances, signatures."""
    people = {p.account: p for p in program.participants}
    history = settlement.settlements
    last_day = month_bounds(settlement.month)[1]
    heads = list(labels.CARD_HEADS)
    columns = ["month", "hours", "value", "to_principal", "to_interest", "surplus",
               "principal_after", "interest_after"]
    if settlement.has_transfers:
        heads.insert(3, labels.HEAD_TRANSFERS)
        columns.insert(3, "transfers")
    # Each debtor's months, in one pass over the history (not one filter per debtor).
    ordered = history.sort_values(["account", "month"], kind="stable")
    months: dict[str, list[list]] = {}
    for account, *values in zip(ordered["account"].tolist(),
                                *(ordered[c].tolist() for c in columns), strict=True):
        months.setdefault(account, []).append(values)
    with atomic_path(path) as temp:
        book = _Book(temp)
        used: set[str] = set()
        # The Mayor's decision on this month's credit of each debtor (§5.20), as it stands.
        of_month = history[history["month"] == month_text(settlement.month)]
        approvals = {a: "; ".join(dict.fromkeys(v for v in group.fillna("") if v))
                     for a, group in of_month.groupby("account")["approval"]}
        for result in settlement.debtors or []:
            sheet = book.book.add_worksheet(_sheet_name(result.account, result.name, used))
            _a4(sheet, landscape=False, one_page=True)
            for col, width in enumerate((9, 9, 12, 13, 12, 11, 13, 12)):
                sheet.set_column(col, col, width)
            book.put(sheet, 0, 0, labels.CARD_TITLE, "title")
            book.put(sheet, 1, 0, f"{program.params.manager}, {program.params.city}")
            person = people.get(result.account)
            debt = settlement.accounts_after[result.account]
            facts = zip(labels.CARD_FACTS, (
                result.name, result.account, result.address,
                person.application if person else "",
                labels.format_date(person.agreement_on) if person and person.agreement_on
                else ""), strict=True)
            for r, (label, value) in enumerate(facts, start=3):
                book.put(sheet, r, 0, label, "bold")
                book.put(sheet, r, 2, value)
            rows = [(f"{m[5:]}.{m[:4]}", _h(values[0]), *map(_zl, values[1:]))
                    for m, *values in months.get(result.account, [])]
            end = _table(book, sheet, 9, heads, rows,
                         ("text", "hours", *["money"] * (len(heads) - 2)))
            book.put(sheet, end, 0, labels.TIMESHEET_TOTAL, "total")
            for col in range(1, len(heads) - 2):
                values = [r[col] for r in rows]
                book.put(sheet, end, col, round(sum(values), 2),
                         "total_hours" if col == 1 else "total_money")
            row = end + 2
            if approvals.get(result.account):
                book.put(sheet, row, 0, labels.CARD_APPROVAL.format(
                    month=labels.format_month(settlement.month),
                    state=approvals[result.account]), "bold")
                row += 2
            if result.withheld:
                book.put(sheet, row, 0, labels.CARD_WITHHELD.format(
                    month=labels.format_month(settlement.month), reasons=_reason(result),
                    file=output_names(settlement.month)["errors"]), "bold")
                row += 2
            book.put(sheet, row, 0, labels.CARD_DEBT_ON.format(day=labels.format_date(last_day)),
                     "bold")
            amounts = (debt.principal, debt.interest, debt.principal + debt.interest)
            for offset, (label, amount) in enumerate(
                    zip(labels.CARD_DEBT_PARTS, amounts, strict=True), start=1):
                book.put(sheet, row + offset, 1, label)
                book.put(sheet, row + offset, 3, _zl(amount), "money")
            row += 8
            sheet.merge_range(row, 0, row, 2, labels.CARD_SIGN_DEBTOR, book.f["sign"])
            sheet.merge_range(row, 5, row, 7, labels.CARD_SIGN_COORDINATOR, book.f["sign"])
            sheet.print_area(0, 0, row, 7)
        if not settlement.debtors:
            sheet = book.book.add_worksheet(labels.NO_CARDS_SHEET)
            book.put(sheet, 0, 0, labels.NO_CARDS)
        book.close()


# -- bledy_YYYY-MM.xlsx ----------------------------------------------------------------------------
def write_errors(path: Path, issues: list[Issue],
                 to_fix: Sequence[tuple[str, str, str, str, str, int, str]] = ()) -> None:
    """Sheet `Błędy` (every issue) and `Do poprawy`: which timesheet goes back to whom, with
    the name of its annotated copy in `do_poprawy/`."""
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_ERRORS)
        _table(book, sheet, 0, labels.ERROR_COLUMNS, [
            (i.file, i.sheet, i.cell, i.row, i.column, i.account, i.severity.polish, i.code,
             i.message) for i in issues],
               ("text", "text", "text", "int", "text", "text", "text", "text", "wrap"),
               (26, 14, 8, 7, 16, 10, 11, 22, 90))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(issues), 1), len(labels.ERROR_COLUMNS) - 1)
        sheet = book.book.add_worksheet(labels.SHEET_TO_FIX)
        _table(book, sheet, 0, labels.TO_FIX_COLUMNS, list(to_fix),
               ("text", "text", "text", "text", "text", "int", "text"),
               (30, 10, 34, 24, 32, 8, 30))
        book.close()


# -- korekta_YYYY-MM_NR.xlsx ----------------------------------------------------------------------
def write_correction(path: Path, correction, program: Program, ledger: str,
                     day: dt.date) -> None:
    """The correction document to sign (SPEC §7): what, why, the document number, what goes
    back to each component per debtor-month, the rows reversed; A4 portrait."""
    params = program.params
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_CORRECTION)
        _a4(sheet, landscape=False)
        for col, width in enumerate((15, 24, 9, 9, 12, 13, 12, 11, 11)):
            sheet.set_column(col, col, width)
        book.put(sheet, 0, 0, labels.CORRECTION_TITLE.format(document=correction.document),
                 "title")
        book.put(sheet, 1, 0, f"{params.manager}, {params.city}")
        facts = (labels.format_date(day), ledger, correction.reason,
                 labels.CORRECTION_BASIS)
        row = 3
        for label, value in zip(labels.CORRECTION_FACTS, facts, strict=True):
            book.put(sheet, row, 0, label, "bold")
            sheet.merge_range(row, 1, row, 8, "", book.f["wrap"])
            book.put(sheet, row, 1, value, "wrap")
            row += 1
        row += 1
        reversals = correction.reversals
        summary = [(r.account, r.debtor, r.month, r.hours / QTY_SCALE, _zl(r.value),
                    _zl(r.to_principal), _zl(r.to_interest), _zl(r.surplus), _zl(r.capped))
                   for r in reversals]
        row = _table(book, sheet, row, labels.CORRECTION_SUMMARY_HEADS, summary,
                     ("text", "text", "text", "hours", *["money"] * 5))
        book.put(sheet, row, 0, labels.CORRECTION_TOTAL, "total")
        totals = (sum(r.hours for r in reversals) / QTY_SCALE,
                  *(_zl(sum(getattr(r, f) for r in reversals))
                    for f in ("value", "to_principal", "to_interest", "surplus", "capped")))
        for col, value in enumerate(totals, start=3):
            book.put(sheet, row, col, value, "total_hours" if col == 3 else "total_money")
        row += 2
        book.put(sheet, row, 0, labels.CORRECTION_ROWS_TITLE, "bold")
        rows = pd.concat([r.rows for r in reversals], ignore_index=True)
        row = _table(book, sheet, row + 1, labels.CORRECTION_ROW_HEADS, list(zip(
            rows["row_id"].tolist(), rows["month"].tolist(), rows["account"].tolist(),
            excel_days(rows["date"]), rows["code"].tolist(), _h_column(rows["qty"]),
            rows["unit"].tolist(), _zl_column(rows["value"]), rows["file"].tolist(),
            strict=True)), ("text", "text", "text", "date", "text", "qty", "text", "money",
                            "text"))
        row += 3
        for col, text in zip((0, 5), labels.CORRECTION_SIGN, strict=True):
            sheet.merge_range(row, col, row, col + 3, text, book.f["sign"])
        sheet.print_area(0, 0, row, 8)
        book.close()
