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
from odpracowanie.core.money import qty_text
from odpracowanie.core.rules.context import Context
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, Severity, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("DUPLICATE_ROW",)

# `worker_id` is "" for the debtor (a blank Wykonawca or the debtor's own name), else the name.
KEY = ["account", "date", "worker_id", "code", "qty"]
# one piece of work of one unit and month, whatever the quantity
VERSION = ["unit_key", "month_first", "account", "date", "worker_id", "code"]


def derive_copies(ctx: Context) -> dict[str, pd.Series]:
    """For each row repeated, the index of the earlier row it repeats: `same_as` in the same
    file, quantity and all; `version_of` the same work in another file of the unit and month.
    `repeats_other_file`: the row is a second copy (of another sheet or file), which no hour
    limit counts again."""
    work = ctx.work
    same_as = pd.Series(pd.NA, index=work.index, dtype="Int64")
    version_of = pd.Series(pd.NA, index=work.index, dtype="Int64")
    # Only the columns the keys read: a filter copies every column it keeps.
    keys = list(dict.fromkeys(["file", *KEY, *VERSION]))
    rows = work.loc[work["checked"] & ~work["already"], keys].dropna(subset=["date"])
    rows = rows[(rows["account"] != "") & (rows["code"] != "")]
    if not rows.empty:
        first = _first_of(rows.dropna(subset=["qty"]), ["file", *KEY])
        first = first[first.index != first.to_numpy()]
        same_as[first.index] = first.to_numpy()
        first = _first_of(rows, VERSION)
        first = first[
            work.loc[first.index, "file"].to_numpy() != work.loc[first, "file"].to_numpy()
        ]
        version_of[first.index] = first.to_numpy()
    other_sheet = same_as.notna() & (
        work["_src"].to_numpy() != work["_src"].reindex(same_as.fillna(-1)).to_numpy()
    )
    return {
        "same_as": same_as,
        "version_of": version_of,
        "repeats_other_file": other_sheet | version_of.notna(),
    }


def check_duplicate_rows(ctx: Context) -> list[Issue]:
    """One issue per repeated row, at its date: a warning for a day split in two on one
    sheet, an error for a second copy."""
    work, frame = ctx.work, ctx.frame
    issues = [
        _same_version(work, frame, index, int(first))
        for index, first in work["same_as"].dropna().items()
    ]
    issues += [
        _two_versions(work, frame, index, int(first))
        for index, first in work["version_of"].dropna().items()
    ]
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
    shown = "" if pd.isna(qty) else qty_text(qty)
    return (
        f"{work.at[index, 'account']}, {labels.format_date(work.at[index, 'date'].date())}"
        f", {work.at[index, 'code']}, {shown}"
    )


def _same_version(work: pd.DataFrame, frame: Frame, index: int, first_index: int) -> Issue:
    """A row repeated, quantity and all, inside one file: on one sheet a warning (a day split
    in two); on another sheet an error (a sheet copied for the second half of the month and
    its rows left in: crediting both would count the work twice)."""
    other_row = int(work.at[first_index, "_row"])
    same_sheet = work.at[index, "_src"] == work.at[first_index, "_src"]
    if same_sheet:
        other = Say.IN_THIS_FILE.format(row=other_row)
    else:
        other = Say.IN_OTHER_SHEET.format(
            sheet=frame.sources[int(work.at[first_index, "_src"])][1], row=other_row
        )
    return make_issue(
        "DUPLICATE_ROW",
        **frame.where(index, "date"),
        account=work.at[index, "account"],
        severity=Severity.WARNING if same_sheet else Severity.ERROR,
        what=_what(work, index),
        other=other,
    )


def _two_versions(work: pd.DataFrame, frame: Frame, index: int, first_index: int) -> Issue:
    """The same work (account, date, worker, code) in two files of one unit and month: two
    versions of one timesheet, whatever the quantities (an error, at the later file's row)."""
    qty = work.at[first_index, "qty"]
    other = Say.IN_OTHER_VERSION.format(
        file=work.at[first_index, "file"],
        row=int(work.at[first_index, "_row"]),
        qty=labels.EMPTY if pd.isna(qty) else qty_text(qty),
    )
    return make_issue(
        "DUPLICATE_ROW",
        **frame.where(index, "date"),
        account=work.at[index, "account"],
        severity=Severity.ERROR,
        what=_what(work, index),
        other=other,
    )
