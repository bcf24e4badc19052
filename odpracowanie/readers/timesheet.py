"""A supervisor's timesheet (karta pracy) -> `Timesheet`s of raw cells + file-level issues.

SPEC §2.3: every sheet whose header row holds the table's required columns is read (the
`Rozliczenie` of the template, and a copied `Rozliczenie (2)` for the second half of the month),
each giving one `Timesheet`; the label/value block above each table, or the first sheet's when a
copied sheet has none; the table from its header row (found by its labels, wherever it is) down
to the last row with data, as `readers.layout` sorts its rows. Cells stay raw here; parsing and
checks run on whole columns later.

Whatever goes wrong with one file — a format no one foresaw, a bug — becomes that file's one
`FILE_UNREADABLE`, and the batch goes on with the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.core.model import Timesheet, TimesheetHeader
from odpracowanie.core.parse import parse_month, parse_text, to_date
from odpracowanie.crashlog import note_crash
from odpracowanie.issues import Issue, Say, make_issue
from odpracowanie.readers.layout import read_work_rows
from odpracowanie.readers.tables import letters_of, raw_frame
from odpracowanie.readers.workbook import (
    TIMESHEET_LIMITS,
    TableStart,
    UnreadableFile,
    Workbook,
    find_sheet,
    find_table,
    header_values,
    is_blank,
    iter_sheet_rows,
    merged_ends,
    missing_required,
    open_workbook,
)


def read_timesheet(path: Path, file: str | None = None) -> tuple[list[Timesheet], list[Issue]]:
    """Read one timesheet file: a `Timesheet` per sheet with the table, and the file's issues.

    A file that cannot be read, for whatever reason, gives no sheets and exactly one
    FILE_UNREADABLE.
    """
    file = file or path.name
    try:
        workbook = open_workbook(path, TIMESHEET_LIMITS)
        return _read(workbook, path, file)
    except UnreadableFile as exc:
        return [], [make_issue("FILE_UNREADABLE", file=file, reason=exc.reason)]
    except Exception as exc:  # one file's surprise must not stop the month
        log = note_crash(exc, file)
        return [], [
            make_issue(
                "FILE_UNREADABLE",
                file=file,
                reason=Say.INTERNAL.format(error=type(exc).__name__, log=log or "-"),
            )
        ]


def _read(workbook: Workbook, path: Path, file: str) -> tuple[list[Timesheet], list[Issue]]:
    found: list[tuple[str, TableStart, Iterator]] = []
    partial: list[tuple[str, TableStart, Iterator]] = []
    for name in workbook.worksheet_names:
        # A damaged sheet may hold work: it makes the whole file unreadable (UnreadableFile).
        rows = iter_sheet_rows(workbook, name)  # read on, below the header, by `_table`
        start = find_table(rows, labels.TIMESHEET_COLUMNS, min_labels=3)
        if start is not None:
            complete = not missing_required(start, labels.TIMESHEET_COLUMNS)
            (found if complete else partial).append((name, start, rows))
    # A sheet with some of the table's columns, the date or the account among them, was meant
    # to hold work (a copy whose heading was retyped): it is named, never passed over.
    meant = [p for p in partial if {"date", "account"} & set(p[1].columns)]
    if found or meant:
        order = {name: i for i, name in enumerate(workbook.sheet_names)}
        parts = sorted([*found, *meant], key=lambda p: order[p[0]])
    else:
        # No sheet holds the table: the one meant to (Rozliczenie, else the first with some of
        # its columns, else the first sheet) is named in the issue.
        primary = find_sheet(workbook, labels.SHEET_TIMESHEET, fallback_first=True)
        if primary is None:
            return [], [make_issue("HEADER_MISSING", file=file, what=Say.NO_SHEETS)]
        chosen = next((p for p in partial if p[0] == primary), partial[0] if partial else None)
        if chosen is None:
            names = ", ".join(c.label for c in labels.TIMESHEET_COLUMNS if c.required)
            return [], [
                make_issue(
                    "HEADER_MISSING",
                    file=file,
                    sheet=primary,
                    what=Say.NO_TABLE.format(columns=names),
                )
            ]
        parts = [chosen]
    # A file-level error in one sheet withholds every debtor in the file: its sheets' rows
    # are kept only to know whose month to withhold.
    broken = any(missing_required(start, labels.TIMESHEET_COLUMNS) for _, start, _ in parts)

    sheets: list[Timesheet] = []
    issues: list[Issue] = []
    first_header: TimesheetHeader | None = None
    for name, start, rows in parts:
        absent = missing_required(start, labels.TIMESHEET_COLUMNS)
        if absent:
            first = column_letter(min(start.columns.values()))
            issues.append(
                make_issue(
                    "HEADER_MISSING",
                    file=file,
                    sheet=name,
                    row=start.header_row,
                    cell=f"{first}{start.header_row}",
                    what=Say.TABLE_LACKS.format(columns=", ".join(absent)),
                )
            )
            if "account" not in start.columns:
                continue  # nobody to attribute its rows to; the file's others are withheld
        table, below_total = _table(workbook, name, start, rows)
        if below_total is not None:
            total_row, row = below_total
            letter = column_letter(start.columns.get("date", min(start.columns.values())))
            issues.append(
                make_issue(
                    "TOTAL_NOT_LAST",
                    file=file,
                    sheet=name,
                    row=row,
                    cell=f"{letter}{row}",
                    total=total_row,
                )
            )
        header = _header(workbook, name, start, first=not sheets)
        own = header is not None
        header = header or first_header
        first_header = first_header or header
        sheets.append(
            Timesheet(
                file=file,
                path=str(path),
                sheet=name,
                header=header,
                table=table,
                letters=letters_of(start),
                sha256=workbook.sha256,
                broken=broken,
                part=len(sheets),
                own_header=own,
            )
        )
    return sheets, issues


def _table(
    workbook: Workbook, sheet: str, start: TableStart, rows: Iterator
) -> tuple[pd.DataFrame, tuple[int, int] | None]:
    """The work rows below the header row of `sheet` (`rows` goes on below it), as a raw
    frame."""
    errors = workbook.error_cells(sheet)
    # A typed-in cell showing an error is not empty: its row is read.
    typed = {col for name, col in start.columns.items() if name not in labels.COMPUTED_FIELDS}
    body = read_work_rows(
        rows,
        start,
        merged=workbook.merged(sheet),
        filled={cell for cell in errors if cell[1] in typed},
    )
    _show_errors(errors, start.columns, body.numbers, body.cells)
    table = raw_frame(list(start.columns), body.numbers, body.cells)
    for column in labels.TIMESHEET_COLUMNS:
        if column.field not in table:
            table[column.field] = ""
    return table, body.below_total


def _header(
    workbook: Workbook, sheet: str, start: TableStart, *, first: bool
) -> TimesheetHeader | None:
    """The label/value block above the table; None when a later sheet has none of its own
    (a copied sheet keeps the first sheet's)."""
    found = header_values(start.above, labels.TIMESHEET_HEADER_LABELS, merged_ends(workbook, sheet))
    if not found and not first:
        return None

    def value(label: str) -> object:
        return found.get(label, ("", ""))[0]

    month_raw = value(labels.HEADER_MONTH)
    return TimesheetHeader(
        unit=str(parse_text(pd.Series([value(labels.HEADER_UNIT)], dtype=object)).iloc[0]),
        supervisor=str(value(labels.HEADER_SUPERVISOR)).strip(),
        month=None if is_blank(month_raw) else parse_month(month_raw),
        drawn_up=to_date(value(labels.HEADER_DRAWN_UP)),
        version=workbook.defined_name(labels.TEMPLATE_VERSION_NAME),
        cells={label: cell for label, (_, cell) in found.items()},
        raw={label: raw for label, (raw, _) in found.items()},
    )


def _show_errors(
    errors: dict[tuple[int, int], str],
    columns: dict[str, int],
    numbers: list[int],
    body: list[list[object]],
) -> None:
    """A cell of `labels.ERRORS_SHOWN` showing a formula error reads as that error's text
    (`#VALUE!`), so its issue names what the supervisor sees, not an empty cell. An error in a
    computed column (`#VALUE!` in Wartość when Ilość is text) has its cause in another cell,
    which is reported: it stays empty, as everywhere else."""
    if not errors:
        return
    for row, cells in zip(numbers, body, strict=True):
        for position, (name, col) in enumerate(columns.items()):
            if name in labels.ERRORS_SHOWN and (row, col) in errors:
                cells[position] = errors[(row, col)]
