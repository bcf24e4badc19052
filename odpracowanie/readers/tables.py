"""Reading one labelled table from a sheet into a `Frame` of raw cells."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, make_issue
from odpracowanie.readers.workbook import (
    TableStart,
    Workbook,
    find_sheet,
    find_table,
    iter_sheet_rows,
    missing_required,
    read_body,
)


def raw_frame(
    fields: Sequence[str], numbers: list[int], body: list[list[object]], src: int = 0
) -> pd.DataFrame:
    """Raw cells as an object-typed frame, plus `_src` and `_row`."""
    frame = pd.DataFrame(body, columns=list(fields), dtype=object)
    frame["_src"] = src
    frame["_row"] = pd.array(numbers, dtype="int64")
    return frame


def letters_of(start: TableStart) -> dict[str, str]:
    return {field: column_letter(index) for field, index in start.columns.items()}


def read_sheet_table(
    workbook: Workbook,
    file: str,
    sheet_label: str,
    columns: Sequence[labels.Column],
    *,
    optional: bool = False,
) -> tuple[Frame | None, list[Issue]]:
    """Find `sheet_label`, its header row, and read the rows below it.

    A missing optional sheet gives `(None, [])`; a missing required sheet or column gives one
    `HEADER_MISSING`.
    """
    sheet = find_sheet(workbook, sheet_label)
    if sheet is None:
        if optional:
            return None, []
        return None, [
            make_issue("HEADER_MISSING", file=file, what=Say.NO_SHEET.format(sheet=sheet_label))
        ]
    rows = iter_sheet_rows(workbook, sheet)
    min_labels = sum(1 for c in columns if c.required)
    start = find_table(rows, columns, min_labels=max(1, min(min_labels, 3)))
    if start is None:
        names = ", ".join(c.label for c in columns if c.required)
        return None, [
            make_issue(
                "HEADER_MISSING",
                file=file,
                sheet=sheet,
                what=Say.NO_HEADER_ROW.format(columns=names),
            )
        ]
    absent = missing_required(start, columns)
    if absent:
        return None, [
            make_issue(
                "HEADER_MISSING",
                file=file,
                sheet=sheet,
                row=start.header_row,
                what=Say.NO_COLUMNS.format(columns=", ".join(absent)),
            )
        ]
    numbers, body = read_body(rows, start)
    fields = list(start.columns)
    frame = raw_frame(fields, numbers, body)
    for column in columns:
        if column.field not in frame:
            frame[column.field] = pd.Series([""] * len(frame), dtype=object)
    label_map = {c.field: c.label for c in columns}
    return Frame(frame, [(file, sheet, letters_of(start))], label_map), []
