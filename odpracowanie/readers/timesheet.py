"""A supervisor's timesheet (karta pracy) -> `Timesheet` of raw cells + file-level issues.

SPEC §2.3: sheet `Rozliczenie` (else the first sheet); the label/value block above the table;
the table from its header row (found by its labels, wherever it is) down to the first empty row
or a `Razem` / `Suma` row. Cells stay raw here; parsing and checks run on whole columns later.
"""

from __future__ import annotations

from pathlib import Path

from odpracowanie import labels
from odpracowanie.core.model import Timesheet, TimesheetHeader
from odpracowanie.core.parse import parse_month, parse_text, to_date
from odpracowanie.issues import Issue, Say, make_issue
from odpracowanie.readers.tables import letters_of, raw_frame
from odpracowanie.readers.workbook import (
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
    read_body,
)


def read_timesheet(path: Path, file: str | None = None) -> tuple[Timesheet | None, list[Issue]]:
    """Read one timesheet; an unreadable file gives exactly one FILE_UNREADABLE."""
    file = file or path.name
    try:
        workbook = open_workbook(path)
        return _read(workbook, path, file)
    except UnreadableFile as exc:
        return None, [make_issue("FILE_UNREADABLE", file=file, reason=exc.reason)]


def _read(workbook: Workbook, path: Path, file: str) -> tuple[Timesheet | None, list[Issue]]:
    sheet = find_sheet(workbook, labels.SHEET_TIMESHEET, fallback_first=True)
    if sheet is None:
        return None, [make_issue("HEADER_MISSING", file=file, what=Say.NO_SHEETS)]
    rows = iter_sheet_rows(workbook, sheet)
    start = find_table(rows, labels.TIMESHEET_COLUMNS, min_labels=3)
    if start is None:
        names = ", ".join(c.label for c in labels.TIMESHEET_COLUMNS if c.required)
        return None, [make_issue("HEADER_MISSING", file=file, sheet=sheet,
                                 what=Say.NO_TABLE.format(columns=names))]
    absent = missing_required(start, labels.TIMESHEET_COLUMNS)
    issues = []
    if absent:
        issues.append(make_issue("HEADER_MISSING", file=file, sheet=sheet, row=start.header_row,
                                 cell=f"A{start.header_row}",
                                 what=Say.TABLE_LACKS.format(columns=", ".join(absent))))
        if "account" not in start.columns:
            return None, issues
    errors = workbook.error_cells(sheet)
    # A typed-in cell showing an error is not empty: its row does not end the table.
    typed = {col for name, col in start.columns.items() if name not in labels.COMPUTED_FIELDS}
    numbers, body = read_body(rows, start, skip=("lp",),
                              filled={cell for cell in errors if cell[1] in typed})
    _show_errors(errors, start.columns, numbers, body)
    table = raw_frame(list(start.columns), numbers, body)
    for column in labels.TIMESHEET_COLUMNS:
        if column.field not in table:
            table[column.field] = ""
    found = header_values(start.above, labels.TIMESHEET_HEADER_LABELS,
                          merged_ends(workbook, sheet))

    def value(label: str) -> object:
        return found.get(label, ("", ""))[0]

    month_raw = value(labels.HEADER_MONTH)
    header = TimesheetHeader(
        unit=str(parse_text(_one(value(labels.HEADER_UNIT))).iloc[0]),
        supervisor=str(value(labels.HEADER_SUPERVISOR)).strip(),
        month=None if is_blank(month_raw) else parse_month(month_raw),
        drawn_up=to_date(value(labels.HEADER_DRAWN_UP)),
        version=workbook.defined_name(labels.TEMPLATE_VERSION_NAME),
        cells={label: cell for label, (_, cell) in found.items()},
        raw={label: raw for label, (raw, _) in found.items()},
    )
    return Timesheet(
        file=file, path=str(path), sheet=sheet, header=header, table=table,
        letters=letters_of(start), sha256=workbook.sha256, broken=bool(absent),
    ), issues


def _show_errors(errors: dict[tuple[int, int], str], columns: dict[str, int],
                 numbers: list[int], body: list[list[object]]) -> None:
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


def _one(value: object):
    import pandas as pd

    return pd.Series([value], dtype=object)
