"""Validating a month of timesheets: every rule of SPEC §3 whose inputs were given.

Over whole columns of the batch (all files at once):

    duplicate files, headers (`_check_files`) -> one raw frame of every table (`build_frame`)
    -> parsed values (`parse_work`) -> the registered derivations and rules (`rules.pipeline`)

Each rule reports what it can see and leaves missing values alone, so one cause gives one
issue. The result holds the parsed rows (`work`) for valuation, and which accounts are withheld.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.core.model import (
    Debts,
    Month,
    Program,
    Timesheet,
    credited_work,
    month_bounds,
    month_text,
)
from odpracowanie.core.money import floats_to_grosze, floats_to_qty
from odpracowanie.core.rules import files, pipeline
from odpracowanie.core.rules.common import inside
from odpracowanie.core.rules.context import Context
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue


@dataclass
class Validation:
    work: pd.DataFrame  # the month's rows, a `WorkTable` (see `parse_work` and the derivations)
    issues: list[Issue]
    frame: Frame
    withheld: set[str] = field(default_factory=set)  # accounts with an error this month


def validate_month(
    sheets: list[Timesheet],
    *,
    program: Program | None = None,
    debts: Debts | None = None,
    month: Month | None = None,
    broken_accounts: frozenset[str] = frozenset(),
    history: pd.DataFrame | None = None,
) -> Validation:
    """Check a month's timesheets against the programme and the debt workbook.

    `history` is the debt workbook's `Historia prac` (credited rows of earlier runs); when not
    given, the debt workbook's own is used. Rows found there are ALREADY_CREDITED, and the hours
    there count toward the weekly and monthly limits.
    """
    if history is None and debts is not None:
        history = debts.work_history
    if history is not None:
        # What corrections reversed counts no more; what the Mayor rejected is never again.
        history = credited_work(history, with_rejected=True)
    issues, kept, months, file_errors = _check_files(sheets, program, month)
    frame = build_frame(kept)
    work, readable = parse_work(frame, kept, months)
    work["file_error"] = work["_src"].map(dict(enumerate(file_errors))).fillna(False).astype(bool)
    # Hours of an account missing from the debt workbook are not judged: it is already an error.
    work["account_known"] = (
        work["account"].isin(list(debts.accounts)) if debts is not None else True
    )
    work["worker_id"] = worker_ids(work, debtor_names(program, debts, work["account"].unique()))
    context = Context(
        work=work,
        frame=frame,
        program=program,
        debts=debts,
        history=history,
        sent=tuple(
            (s.header.unit.casefold(), month_text(m), s.file, s.sheet)
            for s, m in zip(kept, months, strict=True)
            if m is not None
        ),
        broken_accounts=broken_accounts,
        readable=readable,
        month=month,
    )
    work, found = pipeline.run(context)
    issues += found

    withheld = set(work.loc[work["file_error"], "account"])
    withheld.update(i.account for i in issues if i.is_error)
    withheld.discard("")
    return Validation(
        work=work,
        issues=sort_issues(issues, [s.file for s in sheets]),
        frame=frame,
        withheld=withheld,
    )


def _check_files(
    sheets: list[Timesheet], program: Program | None, month: Month | None
) -> tuple[list[Issue], list[Timesheet], list[Month | None], list[bool]]:
    """File-level rules: a file sent twice is skipped, and each header is checked.

    Returns the issues, the sheets kept, the month each one's rows are checked for (None: not
    row by row) and whether a file-level error withholds every debtor in the sheet's file.
    """
    issues, skipped = files.check_duplicate_files(sheets)
    kept: list[Timesheet] = []
    months: list[Month | None] = []
    file_error: dict[str, bool] = {}
    first_part: dict[str, tuple[Month | None, bool]] = {}
    for position, sheet in enumerate(sheets):
        if position in skipped:
            continue
        if sheet.own_header or sheet.file not in first_part:
            header_issues, checked_month = files.check_header(sheet, program, month)
            issues += header_issues
            header_error = any(i.is_error for i in header_issues)
            first_part.setdefault(sheet.file, (checked_month, header_error))
        else:  # a copied sheet without a header of its own: the first sheet's, judged there
            checked_month, header_error = first_part[sheet.file]
        kept.append(sheet)
        # A sheet missing a required column (reported by the reader) is not checked row by
        # row, but every debtor in it is withheld.
        months.append(None if sheet.broken else checked_month)
        # A file-level error in any of a file's sheets withholds every debtor in the file.
        file_error[sheet.file] = file_error.get(sheet.file, False) or sheet.broken or header_error
    return issues, kept, months, [file_error[sheet.file] for sheet in kept]


def build_frame(sheets: list[Timesheet]) -> Frame:
    """All tables of the batch as one raw frame, with the way back to each file and cell."""
    fields = [c.field for c in labels.TIMESHEET_COLUMNS]
    cells: dict[str, list[object]] = {name: [] for name in fields}
    sources: list[int] = []
    rows: list[int] = []
    for src, sheet in enumerate(sheets):  # column lists, joined once (not 200 small frames)
        table = sheet.table
        for name in fields:
            cells[name].extend(table[name].tolist() if name in table else [""] * len(table))
        sources.extend([src] * len(table))
        rows.extend(table["_row"].tolist())
    raw = pd.DataFrame(cells, dtype=object)
    raw["_src"] = np.array(sources, dtype="int64")
    raw["_row"] = np.array(rows, dtype="int64")
    frame = Frame(raw, [(s.file, s.sheet, s.letters) for s in sheets], labels.TIMESHEET_LABEL)
    frame.accounts = parse.parse_account(raw["account"]) if len(raw) else pd.Series(dtype=object)
    return frame


def parse_work(
    frame: Frame, sheets: list[Timesheet], months: list[Month | None]
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Parsed rows: dates, accounts, names, quantities in 1/QTY_SCALE units, money in grosze;
    and, per field, which cells could be read (for the stage-1 schema)."""
    raw = frame.raw
    work = pd.DataFrame(index=raw.index)
    work["_src"] = raw["_src"].astype("int64")
    work["_row"] = raw["_row"].astype("int64")
    work["file"] = [sheets[s].file for s in work["_src"]] if len(raw) else []
    work["sha256"] = (
        work["_src"].map({i: s.sha256 for i, s in enumerate(sheets)}) if len(raw) else []
    )

    month_first = {i: month_bounds(m)[0] if m else None for i, m in enumerate(months)}
    month_last = {i: month_bounds(m)[1] if m else None for i, m in enumerate(months)}
    work["month_first"] = pd.to_datetime(work["_src"].map(month_first))
    work["unit_key"] = (
        work["_src"].map({i: s.header.unit.casefold() for i, s in enumerate(sheets)})
        if len(raw)
        else []
    )
    work["month_last"] = pd.to_datetime(work["_src"].map(month_last))
    # Rows of a file whose month is wrong or unknown are not checked one by one.
    work["checked"] = work["month_first"].notna()

    dates = parse.parse_dates(raw["date"])
    work["date"] = dates.values
    readable = {"date": ~dates.invalid}
    # Rows dated outside the month are reported once, by DATE_OUTSIDE_MONTH, and judged no more.
    work["in_month"] = inside(work["date"], work["month_first"], work["month_last"])
    work["account"] = frame.accounts if frame.accounts is not None else ""
    work["debtor"] = parse.parse_text(raw["debtor"])
    work["worker"] = parse.parse_text(raw["worker"])
    work["debtor_key"] = _name_keys(work["debtor"])
    work["worker_key"] = _name_keys(work["worker"])
    work["code"] = parse.parse_text(raw["code"]).str.upper()
    work["protocol"] = parse.parse_text(raw["protocol"])
    accepted = parse.parse_yes_no(raw["accepted"])
    work["accepted"] = accepted.values
    readable["accepted"] = ~accepted.invalid

    units, minutes = parse.parse_unit(raw["unit"])
    readable["unit"] = ~units.invalid
    work["unit_kind"] = units.values
    work["is_minutes"] = minutes
    qty, is_time = parse.parse_numbers(raw["qty"])
    dated = parse.dated_numbers(raw["qty"], hours=units.values == labels.UNIT_HOURS)
    qty = parse.Parsed(qty.values.mask(dated), qty.missing, qty.invalid | dated)
    readable["qty"] = ~qty.invalid
    work["qty_too_big"] = qty.values.abs() > parse.MAX_QUANTITY
    qty = parse.Parsed(qty.values.mask(work["qty_too_big"]), qty.missing, qty.invalid)
    hours_per_unit = np.where(minutes & ~is_time, 1 / 60, 1.0)
    scaled = floats_to_qty(qty.values.fillna(0).to_numpy() * hours_per_unit)
    work["qty"] = pd.array(np.where(qty.values.isna(), 0, scaled), dtype="Int64")
    work.loc[qty.values.isna(), "qty"] = pd.NA
    work["qty_is_time"] = is_time

    for name in ("rate", "value"):
        parsed, _ = parse.parse_numbers(raw[name])
        readable[name] = ~parsed.invalid
        money = pd.array([pd.NA] * len(raw), dtype="Int64")
        present = parsed.values.notna().to_numpy()
        if present.any():
            money[present] = floats_to_grosze(parsed.values[present].to_numpy())
        work[f"{name}_given"] = money
    return work, readable


def debtor_names(
    program: Program | None, debts: Debts | None, accounts: Collection[str]
) -> pd.DataFrame:
    """(account, name key) of every debtor name the register and the debts know for
    `accounts` (the month's: a check of one timesheet keys 40 names, not the register's
    thousand)."""
    accounts = set(accounts)
    pairs = set()
    if debts is not None:
        pairs |= {
            (a, labels.name_key(debts.accounts[a].debtor)) for a in accounts & debts.accounts.keys()
        }
    if program is not None:
        pairs |= {
            (p.account, labels.name_key(p.name))
            for p in program.participants
            if p.account in accounts
        }
    return pd.DataFrame(sorted(pairs), columns=["account", "key"], dtype=object)


def worker_ids(rows: pd.DataFrame, names: pd.DataFrame) -> pd.Series:
    """Who did the work: "" for the debtor (a blank Wykonawca, or the debtor's name as written
    in `Dłużnik`, the register or the debt workbook), else the worker's name key."""
    key = rows["worker_key"]
    if key.empty:
        return key.copy()
    pairs = pd.MultiIndex.from_arrays([rows["account"], key])
    named = pairs.isin(pd.MultiIndex.from_frame(names)) if len(names) else False
    is_debtor = (key == "") | (key == rows["debtor_key"]) | named
    return key.where(~is_debtor, "")


def _name_keys(names: pd.Series) -> pd.Series:
    """`labels.name_key` of each name, computed once per distinct name (a month repeats them)."""
    unique = names.unique()
    return names.map(dict(zip(unique, map(labels.name_key, unique), strict=True)))


def sort_issues(issues: list[Issue], order: list[str]) -> list[Issue]:
    """File order of the batch, then sheet, row and column; file-level issues first."""
    position = {name: i for i, name in enumerate(order)}

    def key(issue: Issue) -> tuple:
        letters = "".join(ch for ch in issue.cell if ch.isalpha())
        return (
            position.get(issue.file, len(position)),
            issue.file,
            issue.sheet,
            issue.row or 0,
            len(letters),
            letters,
            issue.code,
        )

    return sorted(issues, key=key)
