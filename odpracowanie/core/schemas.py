"""pandera schemas for every input table, and the way back from a failure to a spreadsheet cell.

Two stages, both over whole columns:

1. `raw_schema(spec)` checks the raw cells: required cells filled (`VALUE_MISSING`), dates,
   numbers, TAK/NIE and units readable (`DATE_INVALID`, `NUMBER_INVALID`, `ACCEPTANCE_INVALID`,
   `UNIT_INVALID`). Checks are named after the issue code they raise.
2. A schema over the parsed values with the batch's context (month, work codes, accounts), built
   by the rules that need it; checks skip missing values, so a cell with a reading error is not
   also reported for its value (one cause, one issue).

`issues_from_failures` turns pandera's failure cases into `Issue`s through the table's `Frame`,
which knows each row's file, sheet and Excel row, and each field's column letter and label.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.issues import Issue, Say, make_issue

Kind = Literal["text", "date", "number", "yesno", "unit", "choice", "month"]


@dataclass(frozen=True)
class FieldRule:
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()


# A column's kind (labels.Column) as read: amounts, quantities and hours are numbers.
_READ_AS = {"money": "number", "qty": "number", "hours": "number"}


def spec_of(columns: Sequence[labels.Column]) -> dict[str, FieldRule]:
    """What each cell of a table must be, from its columns (`labels.*_COLUMNS`)."""
    return {
        c.field: FieldRule(_READ_AS.get(c.kind, c.kind), c.must_be_filled, c.choices)  # type: ignore[arg-type]
        for c in columns
    }


@dataclass
class Frame:
    """A table gathered from one or more sheets, with the way back to each cell.

    `raw` is indexed 0..n-1 and holds raw cell values per field plus `_src` (index into `sources`)
    and `_row` (Excel row). `sources[i]` is (file, sheet, letters: field -> column letter).
    """

    raw: pd.DataFrame
    sources: list[tuple[str, str, dict[str, str]]]
    column_labels: Mapping[str, str]
    accounts: pd.Series | None = None  # parsed account of each row, when the table has one

    def where(self, index: int, field_name: str | None) -> dict[str, object]:
        src = int(self.raw.at[index, "_src"])
        row = int(self.raw.at[index, "_row"])
        file, sheet, letters = self.sources[src]
        letter = letters.get(field_name, "") if field_name else ""
        return {
            "file": file,
            "sheet": sheet,
            "row": row,
            "cell": f"{letter}{row}" if letter else "",
            "column": self.column_labels.get(field_name, "") if field_name else "",
        }


def display(value: object) -> str:
    """A raw cell as a person would read it in a message."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return labels.EMPTY
    if isinstance(value, pd.Timestamp):
        return labels.format_date(value.date())
    if hasattr(value, "strftime") and hasattr(value, "year"):
        return labels.format_date(value)  # type: ignore[arg-type]
    if isinstance(value, float):
        return labels.format_number(value)
    return f"„{value}”" if isinstance(value, str) else str(value)


def _readable(kind: Kind, choices: tuple[str, ...]) -> tuple[str, Callable[[pd.Series], pd.Series]]:
    """(issue code, vectorised check) saying whether non-empty cells can be read as `kind`."""
    if kind == "date":
        return "DATE_INVALID", lambda s: ~parse.parse_dates(s).invalid
    if kind == "number":
        return "NUMBER_INVALID", lambda s: ~parse.parse_numbers(s)[0].invalid
    if kind == "yesno":
        return "ACCEPTANCE_INVALID", lambda s: ~parse.parse_yes_no(s).invalid
    if kind == "unit":
        return "UNIT_INVALID", lambda s: ~parse.parse_unit(s)[0].invalid
    if kind == "month":  # `2026-10` in the history sheets
        return "DATE_INVALID", lambda s: parse.parse_text(s).str.fullmatch(r"\d{4}-\d{2}")
    folded = {labels.fold(c) for c in choices}
    return "VALUE_INVALID", lambda s: parse.parse_text(s).map(labels.fold).isin(folded)


def raw_schema(
    spec: Mapping[str, FieldRule], readable: Mapping[str, pd.Series] | None = None
) -> pa.DataFrameSchema:
    """Stage 1: required cells present and readable, per column.

    `readable` may give, per field, the mask the parser already computed (a big month is
    parsed once, not once to check and again to use).
    """
    readable = readable or {}
    columns = {}
    for name, rule in spec.items():
        if rule.kind == "text" and not rule.required:
            continue  # any cell will do: nothing for pandera to check (a register has many)
        checks = []
        if rule.kind != "text":
            code, fn = _readable(rule.kind, rule.choices)
            if name in readable:
                fn = _precomputed(readable[name])
            checks.append(pa.Check(fn, name=code, ignore_na=True))
        columns[name] = pa.Column(checks=checks, nullable=not rule.required, required=False)
    return pa.DataFrameSchema(columns)


def _precomputed(mask: pd.Series) -> Callable[[pd.Series], pd.Series]:
    return lambda cells: mask.loc[cells.index]


def blank_to_na(
    raw: pd.DataFrame, fields: list[str], missing: Mapping[str, pd.Series] | None = None
) -> pd.DataFrame:
    """The table of `fields` with empty cells as NA, so `nullable=False` means 'required'.
    `missing` may give, per field, the mask of empty cells the parser already found."""
    missing = missing or {}
    columns = {}
    for name in fields:
        if name in raw:
            blank = missing[name] if name in missing else parse.missing_mask(raw[name])
            columns[name] = np.where(blank.to_numpy(), None, raw[name].to_numpy(dtype=object))
    return pd.DataFrame(columns, index=raw.index, dtype=object)


def parse_as(rule: FieldRule, raw: pd.Series) -> parse.Parsed:
    """A column read as what `rule` says it holds: values, empty cells and unreadable ones."""
    if rule.kind == "date":
        return parse.parse_dates(raw)
    if rule.kind == "number":
        return parse.parse_numbers(raw)[0]
    if rule.kind == "yesno":
        return parse.parse_yes_no(raw)
    if rule.kind == "unit":
        return parse.parse_unit(raw)[0]
    text, missing = parse.text_and_missing(raw)
    if rule.kind == "month":  # `2026-10` in the history sheets
        fits = text.str.fullmatch(r"\d{4}-\d{2}").astype(bool)
    elif rule.kind == "choice":
        folded = {labels.fold(c) for c in rule.choices}
        fits = text.map({t: labels.fold(t) in folded for t in text.unique()}).astype(bool)
    else:
        fits = pd.Series(True, index=raw.index)
    return parse.Parsed(text, missing, ~missing & ~fits)


@dataclass(frozen=True)
class CheckedTable:
    """A table's columns, each parsed once as its kind, and the issues of stage 1."""

    columns: dict[str, parse.Parsed]
    issues: list[Issue]

    def __getitem__(self, name: str) -> pd.Series:
        return self.columns[name].values


def check_table(
    frame: Frame, spec: Mapping[str, FieldRule], info: Mapping[str, CodeInfo] | None = None
) -> CheckedTable:
    """Stage 1 over a table read from a sheet: each column of `spec` parsed once, and the raw
    schema run with what the parsing found (`VALUE_MISSING`, `*_INVALID` at their cells)."""
    raw = frame.raw
    columns = {name: parse_as(rule, raw[name]) for name, rule in spec.items() if name in raw}
    table = blank_to_na(raw, list(spec), {n: c.missing for n, c in columns.items()})
    schema = raw_schema(spec, {n: ~c.invalid for n, c in columns.items() if spec[n].kind != "text"})
    info = choice_info(spec) if info is None else info
    return CheckedTable(columns, run_schema(schema, table, frame, info))


@dataclass
class CodeInfo:
    """How to report one named check: the field whose cell it concerns and message fields."""

    field: str | None
    fields: Callable[[int, str], dict[str, object]] = field(default=lambda i, f: {})


# Messages of stage-1 checks that need more than the value found.
RAW_INFO: dict[str, CodeInfo] = {
    "UNIT_INVALID": CodeInfo(
        None, lambda i, f: {"what": Say.UNIT_UNKNOWN, "expected": ", ".join(labels.UNIT_SPELLINGS)}
    ),
    "NUMBER_INVALID": CodeInfo(None, lambda i, f: {"why": ""}),
}


def choice_info(spec: Mapping[str, FieldRule]) -> dict[str, CodeInfo]:
    """VALUE_INVALID names the allowed values of the choice field it concerns."""
    allowed = {f: ", ".join(r.choices) for f, r in spec.items() if r.kind == "choice"}
    if not allowed:
        return {}
    return {"VALUE_INVALID": CodeInfo(None, lambda i, f: {"expected": allowed.get(f, "")})}


def run_schema(
    schema: pa.DataFrameSchema,
    frame: pd.DataFrame,
    source: Frame,
    info: Mapping[str, CodeInfo],
) -> list[Issue]:
    """Validate lazily and turn every failure case into one Issue at its cell."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return issues_from_failures(errors.failure_cases, source, info)
    return []


def issues_from_failures(
    failures: pd.DataFrame, source: Frame, info: Mapping[str, CodeInfo]
) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[tuple[str, int, str | None]] = set()
    for column, check, index in zip(
        failures["column"], failures["check"], failures["index"], strict=True
    ):
        if check == "column_in_dataframe":  # a check on a column the table lacks: a bug
            raise KeyError(f"no column {failures['failure_case'].iat[0]!r} to check")
        if index is None or pd.isna(index):
            continue  # a schema-level failure (a whole column), not one cell
        index = int(index)
        if check == "not_nullable":
            code, fld = "VALUE_MISSING", str(column)
            extra: dict[str, object] = {}
        else:
            code = str(check)
            code_info = info.get(code) or RAW_INFO.get(code) or CodeInfo(str(column))
            fld = code_info.field if code_info.field is not None else str(column)
            extra = code_info.fields(index, fld)
        key = (code, index, fld)
        if key in seen:
            continue
        seen.add(key)
        where = source.where(index, fld)
        account = "" if source.accounts is None else str(source.accounts.iat[index])
        if code != "VALUE_MISSING" and "found" not in extra and fld in source.raw:
            extra = {**extra, "found": display(source.raw.at[index, fld])}
        issues.append(make_issue(code, account=account, **where, **extra))
    return issues
