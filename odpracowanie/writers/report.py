"""`raport_RRRR.xlsx`: the yearly report for the city council and the board (SPEC §9), one
A4 sheet to print with its sections and native charts, and a sheet of the archives checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from odpracowanie import labels
from odpracowanie.core.model import Program
from odpracowanie.core.report import YearReport
from odpracowanie.writers.atomic import atomic_path
from odpracowanie.writers.outputs import _a4, _Book, _chart, _h, _section, _table, _zl


def _month(text: str) -> str:
    year, number = text.split("-")
    return f"{number}.{year}"


def write_report(
    path: Path,
    report: YearReport,
    program: Program,
    ledger: str,
    day: dt.date,
    archives: Sequence[tuple[str, str, str]] = (),
) -> None:
    """The report of `report.year` from the ledger `ledger`; `archives`: (file, month, what
    was found) of each archive given."""
    params = program.params
    with atomic_path(path) as temp:
        book = _Book(temp)
        sheet = book.book.add_worksheet(labels.SHEET_REPORT)
        _a4(sheet, landscape=False)
        sheet.set_footer(labels.REPORT_FOOTER.format(year=report.year))
        widths = (2, 12, 34, 12, 14, 14)
        for col, width in enumerate(widths):
            book.column(sheet, col, width)
        book.put(sheet, 0, 0, labels.REPORT_TITLE.format(year=report.year), "title")
        book.put(sheet, 1, 0, f"{params.manager}, {params.city}")
        book.put(
            sheet, 2, 0, labels.REPORT_SOURCE.format(ledger=ledger, day=labels.format_date(day))
        )
        row = 4
        book.put(sheet, row, 0, labels.REPORT_PEOPLE_TITLE, "bold")
        for offset, (key, count) in enumerate(report.people.items(), start=1):
            book.put(sheet, row + offset, 1, labels.REPORT_PEOPLE[key])
            book.put(sheet, row + offset, 4, count, "int")
        row += len(report.people) + 2
        t = report.totals
        money = [
            ("", labels.REPORT_HOURS, _h(t["hours"]), "hours"),
            ("", labels.REPORT_VALUE, _zl(t["value"]), "money"),
            *(
                [("", labels.HEAD_TRANSFERS, _zl(t["transfers"]), "money")]
                if t["transfers"]
                else []
            ),
            ("", labels.REPORT_CREDITED, _zl(t["credited"]), "money"),
            ("", f"  {labels.HEAD_TO_PRINCIPAL}", _zl(t["to_principal"]), "money"),
            ("", f"  {labels.HEAD_TO_INTEREST}", _zl(t["to_interest"]), "money"),
            *(
                [("", f"  {labels.HEAD_TO_COSTS}", _zl(t["to_costs"]), "money")]
                if t["to_costs"]
                else []
            ),
            ("", labels.REPORT_SURPLUS, _zl(t["surplus"]), "money"),
            *([("", labels.HEAD_OVER_CAP, _zl(t["capped"]), "money")] if t["capped"] else []),
        ]
        book.put(sheet, row, 0, labels.REPORT_TOTALS_TITLE, "bold")
        top = row + 1
        for offset, (_, label, value, kind) in enumerate(money):
            book.put(sheet, top + offset, 1, label)
            book.put(sheet, top + offset, 4, value, kind)
        row = top + len(money) + 1

        month_rows = [("", _month(m), n, _h(h), _zl(v)) for m, n, h, v in report.by_month]
        month_top = row + 1
        if month_rows:
            row, month_top = _section(
                book,
                sheet,
                row,
                labels.REPORT_BY_MONTH,
                labels.REPORT_MONTH_HEADS,
                month_rows,
                ("text", "text", "int", "hours", "money"),
            )
            book.put(sheet, row - 1, 1, labels.TIMESHEET_TOTAL, "total")
            book.put(sheet, row - 1, 3, _h(sum(h for _, _, h, _ in report.by_month)), "total_hours")
            book.put(sheet, row - 1, 4, _zl(sum(v for *_, v in report.by_month)), "total_money")
            row += 1
        names = {u.code: u.name for u in program.units}
        unit_rows = [("", u, names.get(u, ""), _h(h), _zl(v)) for u, h, v in report.by_unit]
        unit_top = row + 1
        if unit_rows:
            if not report.work_covers_year and report.work_months:
                book.put(
                    sheet,
                    row,
                    0,
                    labels.REPORT_WORK_WINDOW.format(
                        first=_month(report.work_months[0]), last=_month(report.work_months[1])
                    ),
                )
                row += 1
            row, unit_top = _section(
                book,
                sheet,
                row,
                labels.BY_UNIT,
                labels.BY_UNIT_HEADS,
                unit_rows,
                ("text", "text", "wrap", "hours", "money"),
            )
        codes = {c: r.name for c, r in program.work_codes.items()}
        code_rows = [
            ("", c, f"{codes.get(c, c)} ({k})", _h(q), _zl(v)) for c, k, q, v in report.by_code
        ]
        if code_rows:
            row, _ = _section(
                book,
                sheet,
                row,
                labels.BY_CODE,
                labels.BY_CODE_HEADS,
                code_rows,
                ("text", "text", "wrap", "hours", "money"),
            )
        if report.by_office:
            office_rows = [("", o, n, _zl(v)) for o, n, v in report.by_office]
            row, _ = _section(
                book,
                sheet,
                row,
                labels.BY_OFFICE,
                labels.REPORT_OFFICE_HEADS,
                office_rows,
                ("text", "wrap", "int", "money"),
            )
        paid = [("", a, d, _month(m)) for a, d, m in report.paid_off]
        book.put(
            sheet,
            row,
            0,
            labels.REPORT_PAID_OFF.format(count=len(paid)),
            "bold",
        )
        row += 1
        if paid:
            row = (
                _table(
                    book,
                    sheet,
                    row,
                    labels.REPORT_PAID_OFF_HEADS,
                    paid,
                    ("text", "text", "wrap", "text"),
                )
                + 1
            )
        else:
            row += 1
        name = labels.SHEET_REPORT
        sheet.set_h_pagebreaks([row])  # the charts on a page of their own, never cut
        row = _chart(
            book,
            sheet,
            row,
            "column",
            labels.REPORT_CHART_MONTHS,
            labels.REPORT_NO_CHART,
            (name, month_top, len(month_rows), 1, 4),
            with_labels=len(month_rows) <= 6,
        )
        row = _chart(
            book,
            sheet,
            row,
            "bar",
            labels.REPORT_CHART_UNITS,
            labels.REPORT_NO_CHART,
            (name, unit_top, len(unit_rows), 2, 4),
            with_labels=True,
        )
        for col, text in zip((1, 4), labels.REPORT_SIGN, strict=True):
            sheet.merge_range(row + 2, col, row + 2, col + 1, text, book.f["sign"])
        sheet.print_area(0, 0, row + 2, len(widths) - 1)
        if archives:
            sheet = book.book.add_worksheet(labels.SHEET_REPORT_ARCHIVES)
            _a4(sheet, landscape=False)
            _table(
                book,
                sheet,
                0,
                labels.REPORT_ARCHIVE_HEADS,
                list(archives),
                ("wrap", "text", "wrap"),
                (34, 10, 60),
            )
        book.close()
