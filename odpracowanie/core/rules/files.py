"""File-level rules (SPEC §3): TEMPLATE_VERSION, MONTH_MISMATCH, UNIT_UNKNOWN, DUPLICATE_FILE.

A timesheet for September in the October batch gives one MONTH_MISMATCH at the month cell of its
header, and its rows are not checked one by one (their dates would all repeat the same cause).
"""

from __future__ import annotations

import hashlib

from odpracowanie import labels
from odpracowanie.core.model import Month, Program, Timesheet
from odpracowanie.core.schemas import display
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "DATE_INVALID",
    "DUPLICATE_FILE",
    "MONTH_MISMATCH",
    "TEMPLATE_VERSION",
    "UNIT_UNKNOWN",
    "VALUE_MISSING",
)

# Columns that make two rows "the same" in two copies of one timesheet.
CONTENT_FIELDS = ("date", "account", "worker", "code", "qty", "unit", "accepted", "protocol")


def check_header(
    sheet: Timesheet, program: Program | None, month: Month | None
) -> tuple[list[Issue], Month | None]:
    """Header checks; returns the issues and the month the rows are checked against."""
    issues: list[Issue] = []
    header = sheet.header
    where = {"file": sheet.file, "sheet": sheet.sheet}

    if sheet.part > 0:
        pass  # the workbook's version was judged with its first sheet
    elif header.version is None:
        issues.append(
            make_issue(
                "TEMPLATE_VERSION",
                **where,
                what=Say.NOT_ON_TEMPLATE,
                expected=labels.TEMPLATE_VERSION,
            )
        )
    elif _version_key(header.version) < _version_key(labels.TEMPLATE_VERSION):
        issues.append(
            make_issue(
                "TEMPLATE_VERSION",
                **where,
                what=Say.OLD_TEMPLATE.format(version=header.version),
                expected=labels.TEMPLATE_VERSION,
            )
        )

    month_cell = header.cells.get(labels.HEADER_MONTH, "")
    month_where = {**where, **_cell(month_cell), "column": labels.HEADER_MONTH}
    checked_month = month
    if header.month is None:
        if month is None:
            raw = header.raw.get(labels.HEADER_MONTH, "")
            if raw not in ("", None):
                issues.append(make_issue("DATE_INVALID", **month_where, found=display(raw)))
            else:
                # An empty month cell is no error when the rows' dates say which month it
                # is (as in `reconcile`, whose month is given): every date in one month.
                checked_month = _rows_month(sheet)
                if checked_month is None:
                    issues.append(make_issue("VALUE_MISSING", **month_where))
    elif month is not None and header.month != month:
        issues.append(
            make_issue(
                "MONTH_MISMATCH",
                **month_where,
                found=labels.format_month(header.month),
                expected=labels.format_month(month),
            )
        )
        checked_month = None
    else:
        checked_month = header.month

    if program is not None:
        codes = {u.code.casefold(): u.code for u in program.units}
        if header.unit.casefold() not in codes:
            unit_cell = header.cells.get(labels.HEADER_UNIT, "")
            issues.append(
                make_issue(
                    "UNIT_UNKNOWN",
                    **where,
                    **_cell(unit_cell),
                    column=labels.HEADER_UNIT,
                    found=display(header.unit) if header.unit else labels.EMPTY,
                    expected=", ".join(sorted(codes.values())) or labels.NONE,
                )
            )
    return issues, checked_month


def _rows_month(sheet: Timesheet) -> Month | None:
    """The one month of every readable date in the sheet's table, or None."""
    from odpracowanie.core.parse import parse_dates

    if "date" not in sheet.table or sheet.table.empty:
        return None
    days = parse_dates(sheet.table["date"]).values.dropna()
    months = {(d.year, d.month) for d in days}
    return months.pop() if len(months) == 1 else None


def _version_key(version: str) -> tuple[int, ...]:
    """`2026.1` < `2026.2` < `2026.10`; anything unreadable counts as oldest."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)


def _cell(cell: str) -> dict[str, object]:
    if not cell:
        return {}
    digits = "".join(ch for ch in cell if ch.isdigit())
    return {"cell": cell, "row": int(digits)}


def content_digest(sheet: Timesheet) -> str:
    """A fingerprint of a timesheet's rows, independent of their order and of the Lp. column.

    The header counts too: a re-sent copy with the month or unit corrected is not a duplicate.
    """
    table = sheet.table
    cols = [c for c in CONTENT_FIELDS if c in table]
    rows = sorted("\x1f".join(map(str, row)) for row in zip(*(table[c] for c in cols), strict=True))
    text = "\x1e".join([f"{sheet.header.unit}|{sheet.header.month}", *rows])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_duplicate_files(sheets: list[Timesheet]) -> tuple[list[Issue], set[int]]:
    """DUPLICATE_FILE: a file with the same rows as an earlier one (in name order) is skipped.

    A file is all its sheets with the table (`sheets` holds them in order, file by file); the
    positions returned are those of every sheet of each skipped file.
    """
    issues: list[Issue] = []
    skipped: set[int] = set()
    by_file: dict[str, list[int]] = {}
    for position, sheet in enumerate(sheets):
        by_file.setdefault(sheet.file, []).append(position)
    first_by_digest: dict[str, str] = {}
    for file, positions in by_file.items():
        parts = [sheets[p] for p in positions]
        digest = "|".join(p.sha256 if p.table.empty else content_digest(p) for p in parts)
        earlier = first_by_digest.get(digest)
        if earlier is None:
            first_by_digest[digest] = file
            continue
        skipped.update(positions)
        issues.append(make_issue("DUPLICATE_FILE", file=file, sheet=parts[0].sheet, other=earlier))
    return issues, skipped
