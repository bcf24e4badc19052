"""DUPLICATE_ROW (SPEC §3).

Inside one sheet, the same account, date, worker, work code and quantity twice is a warning (a
supervisor may split a day in two); on two sheets of one file an error (a sheet copied for the
second half of the month with its rows left in). Across two files of the same unit and month,
the same account, date, worker and work code whatever the quantities is an error: two versions
of one timesheet, and the debtor is withheld until PGM knows which is right. Example:
`karta_b.xlsx` (unit ZDIZ, October) says 8.10 5 h where `karta_a.xlsx` (ZDIZ, October) says
8.10 4 h -> an error at `karta_b.xlsx` row 12 naming `karta_a.xlsx` row 12.
"""

from __future__ import annotations

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.money import qty_to_decimal
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, Severity, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("DUPLICATE_ROW",)

# `worker_id` is "" for the debtor (a blank Wykonawca or the debtor's own name), else the name.
KEY = ("account", "date", "worker_id", "code", "qty")


def check_duplicate_rows(work: pd.DataFrame, frame: Frame) -> list[Issue]:
    """Marks `work['_dup_other_file']` and returns one issue per repeated row."""
    work["_dup_other_file"] = False
    rows = work[work["_checked"] & ~work["_already"]].dropna(subset=["date"])
    rows = rows[(rows["account"] != "") & (rows["code"] != "")]
    if rows.empty:
        return []
    issues = _same_version(work, frame, rows.dropna(subset=["qty"]))
    issues += _two_versions(work, frame, rows)
    return issues


def _first_of(rows: pd.DataFrame, keys: list[str]) -> pd.Series:
    """For each row repeated on `keys`, the index of the first row of its group (in the
    batch's order: file by file, row by row)."""
    repeated = rows[rows.duplicated(subset=keys, keep=False)]
    first = repeated.reset_index().groupby(keys, sort=False)["index"].transform("first")
    first.index = repeated.index
    return first


def _what(work: pd.DataFrame, index: int) -> str:
    qty = work.at[index, "qty"]
    shown = "" if pd.isna(qty) else labels.format_number(qty_to_decimal(int(qty)))
    return (
        f"{work.at[index, 'account']}, {labels.format_date(work.at[index, 'date'].date())}"
        f", {work.at[index, 'code']}, {shown}"
    )


def _same_version(work: pd.DataFrame, frame: Frame, rows: pd.DataFrame) -> list[Issue]:
    """A row repeated, quantity and all, inside one file: on one sheet a warning (a day split
    in two); on another sheet an error (a sheet copied for the second half of the month and
    its rows left in: crediting both would count the work twice)."""
    issues: list[Issue] = []
    for index, first_index in _first_of(rows, ["file", *KEY]).items():
        if index == first_index:
            continue
        other_row = int(work.at[first_index, "_row"])
        same_sheet = work.at[index, "_src"] == work.at[first_index, "_src"]
        if same_sheet:
            other = Say.IN_THIS_FILE.format(row=other_row)
        else:
            work.at[index, "_dup_other_file"] = True
            other = Say.IN_OTHER_SHEET.format(
                sheet=frame.sources[int(work.at[first_index, "_src"])][1], row=other_row
            )
        issues.append(
            make_issue(
                "DUPLICATE_ROW",
                **frame.where(index, "date"),
                account=work.at[index, "account"],
                severity=Severity.WARNING if same_sheet else Severity.ERROR,
                what=_what(work, index),
                other=other,
            )
        )
    return issues


def _two_versions(work: pd.DataFrame, frame: Frame, rows: pd.DataFrame) -> list[Issue]:
    """The same work (account, date, worker, code) in two files of one unit and month: two
    versions of one timesheet, whatever the quantities (an error, at the later file's row)."""
    keys = ["unit_key", "month_first", "account", "date", "worker_id", "code"]
    issues: list[Issue] = []
    for index, first_index in _first_of(rows, keys).items():
        first_file = work.at[first_index, "file"]
        if work.at[index, "file"] == first_file:
            continue
        work.at[index, "_dup_other_file"] = True
        qty = work.at[first_index, "qty"]
        other = Say.IN_OTHER_VERSION.format(
            file=first_file,
            row=int(work.at[first_index, "_row"]),
            qty=labels.EMPTY if pd.isna(qty) else labels.format_number(qty_to_decimal(int(qty))),
        )
        issues.append(
            make_issue(
                "DUPLICATE_ROW",
                **frame.where(index, "date"),
                account=work.at[index, "account"],
                severity=Severity.ERROR,
                what=_what(work, index),
                other=other,
            )
        )
    return issues
