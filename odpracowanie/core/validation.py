"""Validating a month of timesheets: every rule of SPEC §3 whose inputs were given.

Pipeline, over whole columns of the batch (all files at once):

    header checks -> duplicate files -> stage 1 (raw cells, pandera) -> parse -> stage 2 (values
    in context, pandera) -> duplicates -> hours -> register

Each stage reports what it can see and leaves missing values alone, so one cause gives one issue.
The result holds the parsed rows (`work`) for valuation, and which accounts are withheld.
"""

from __future__ import annotations

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
from odpracowanie.core.money import (
    floats_to_grosze,
    floats_to_qty,
)
from odpracowanie.core.rules import credited, duplicates, files, hours, register, rows
from odpracowanie.core.schemas import (
    CodeInfo,
    FieldRule,
    Frame,
    blank_to_na,
    raw_schema,
    run_schema,
)
from odpracowanie.core.valuation import row_values
from odpracowanie.issues import Issue, Say

TIMESHEET_SPEC = {
    "date": FieldRule("date", True),
    "account": FieldRule("text", True),
    "code": FieldRule("text", True),
    "qty": FieldRule("number", True),
    "unit": FieldRule("unit", True),
    "rate": FieldRule("number"),
    "value": FieldRule("number"),
    "accepted": FieldRule("yesno", True),
}


@dataclass
class Validation:
    work: pd.DataFrame  # one row per table row of the checked files (see `parse_work`)
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
    issues: list[Issue] = []
    dup_issues, skipped = files.check_duplicate_files(sheets)
    issues += dup_issues

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
    file_errors = [file_error[sheet.file] for sheet in kept]

    frame = build_frame(kept)
    work, readable = parse_work(frame, kept, months)
    work["_file_error"] = work["_src"].map(dict(enumerate(file_errors))).fillna(False)
    work["worker_id"] = worker_ids(work, debtor_names(program, debts))
    checked = work["_checked"].to_numpy()

    table = blank_to_na(frame.raw, list(TIMESHEET_SPEC))
    issues += run_schema(
        raw_schema(TIMESHEET_SPEC, readable),
        table[checked],
        frame,
        {
            "NUMBER_INVALID": CodeInfo(
                None, lambda i, f: {"why": _why_not_a_number(frame.raw.at[i, f])}
            )
        },
    )

    # Hours of an account missing from the debt workbook are not judged: it is already an error.
    work["_account_known"] = (
        work["account"].isin(list(debts.accounts)) if debts is not None else True
    )
    if program is not None:
        rows.attach_rates(work, program)
    schema, conditions, info = rows.row_checks(work, program, debts)
    issues += run_schema(schema, conditions, frame, info)
    work["value_official"] = row_values(work["qty"], work["rate_official"])

    sent = [
        (s.header.unit.casefold(), month_text(m), s.file, s.sheet)
        for s, m in zip(kept, months, strict=True)
        if m is not None
    ]
    issues += credited.check_credited(work, frame, history, sent)
    issues += duplicates.check_duplicate_rows(work, frame)
    past_hours = None
    if history is not None and not history.empty:
        # Work the Mayor rejected was not credited: its hours count toward no limit.
        counted = history["rejected"] == "" if "rejected" in history else True
        past_hours = history.loc[
            (history["unit"] == labels.UNIT_HOURS) & counted,
            ["account", "worker_id", "date", "qty"],
        ]
    issues += hours.check_hours(work, frame, program, past_hours)
    if program is not None:
        issues += register.check_register(work, frame, program, debts, broken_accounts)
    elif debts is not None:
        issues += register.check_names(work, frame, program, debts)

    withheld = set(work.loc[work["_file_error"].astype(bool), "account"])
    withheld.update(i.account for i in issues if i.is_error)
    withheld.discard("")
    return Validation(
        work=work,
        issues=sort_issues(issues, [s.file for s in sheets]),
        frame=frame,
        withheld=withheld,
    )


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
    work["_checked"] = work["month_first"].notna()

    dates = parse.parse_dates(raw["date"])
    work["date"] = dates.values
    readable = {"date": ~dates.invalid}
    # Rows dated outside the month are reported once, by DATE_OUTSIDE_MONTH, and judged no more.
    work["_in_month"] = (
        work["date"].notna()
        & (work["date"] >= work["month_first"])
        & (work["date"] <= work["month_last"])
    )
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
    work["rate_official"] = pd.array([pd.NA] * len(raw), dtype="Int64")
    work["rate_since"] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    work["rate_unit"] = pd.Series(None, index=raw.index, dtype=object)
    work["work_name"] = work["code"]
    return work, readable


def debtor_names(program: Program | None, debts: Debts | None) -> pd.DataFrame:
    """(account, name key) of every debtor name known from the register and the debts."""
    pairs = set()
    if debts is not None:
        pairs |= {(a, labels.name_key(d.debtor)) for a, d in debts.accounts.items()}
    if program is not None:
        pairs |= {(p.account, labels.name_key(p.name)) for p in program.participants}
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


def _why_not_a_number(value: object) -> str:
    """Why a cell is not a number, when it is a date the spreadsheet made of one."""
    meant = parse.meant_number(value)
    if meant is None:
        return ""
    import datetime as dt

    day = parse.to_date(value) if not isinstance(value, dt.date) else value
    return Say.DATE_NOT_NUMBER.format(day=labels.format_date(day), meant=meant)


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
