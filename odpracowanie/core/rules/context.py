"""What every rule of the month reads: the declared work table and what was given beside it.

The `work` table holds one row per table row of the month's timesheets. `WorkTable` declares
it: the columns `validation.parse_work` reads from the cells, and the columns the `derive_*`
steps of the rule modules add (the official rate, whether a row was credited before, the
hours of its day, week and month...). A rule reads the table and never writes into it; a
derivation returns new columns, which `Context.with_columns` adds to a new context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from odpracowanie.core.model import Debts, Month, Params, Program
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue

# (unit code folded, month `YYYY-MM`, file, sheet) of a sheet whose rows are checked
SentSheet = tuple[str, str, str, str]


def _optional(**kwargs: Any) -> Any:
    return pa.Field(nullable=True, **kwargs)


TEXT = (
    "file",
    "sha256",
    "unit_key",
    "account",
    "debtor",
    "worker",
    "debtor_key",
    "worker_key",
    "worker_id",
    "code",
    "protocol",
    "work_name",
)
DATES = ("month_first", "month_last", "date", "rate_since", "monday")


class WorkTable(pa.DataFrameModel):
    """The month's work, one row per timesheet row (money in grosze, quantities in
    1/`QTY_SCALE` units). Columns from `parse_work` first, then the derived ones."""

    src: Series[int] = pa.Field(alias="_src", ge=0)  # index into `Frame.sources`
    row: Series[int] = pa.Field(alias="_row", ge=1)  # Excel row
    file: Series[Any]
    sha256: Series[Any]
    unit_key: Series[Any]  # the unit's code, case-folded
    month_first: Series[Any] = _optional()  # NaT: the file's month is unknown
    month_last: Series[Any] = _optional()
    checked: Series[bool]  # the file's month is known: its rows are judged one by one
    date: Series[Any] = _optional()
    in_month: Series[bool]  # dated inside the file's month
    account: Series[Any]  # "" when blank or unreadable
    debtor: Series[Any]
    worker: Series[Any]
    debtor_key: Series[Any]
    worker_key: Series[Any]
    # who did the work: "" for the debtor (see `validation.worker_ids`), else the name key
    worker_id: Series[Any]
    code: Series[Any]
    protocol: Series[Any]
    accepted: Series[pd.BooleanDtype] = _optional()  # TAK / NIE; NA blank or unreadable
    unit_kind: Series[Any] = _optional()  # labels.UNIT_* or None
    is_minutes: Series[bool]
    qty: Series[pd.Int64Dtype] = _optional()
    qty_too_big: Series[bool]
    qty_is_time: Series[bool]  # typed as a time (07:30)
    rate_given: Series[pd.Int64Dtype] = _optional()
    value_given: Series[pd.Int64Dtype] = _optional()
    file_error: Series[bool]  # a file-level error withholds every debtor of the file
    account_known: Series[bool]  # in the debt workbook (True when none was given)

    # rows.derive_rates / rows.derive_values
    rate_official: Series[pd.Int64Dtype] = _optional()
    rate_since: Series[Any] = _optional()
    rate_unit: Series[Any] = _optional()
    work_name: Series[Any]
    value_official: Series[pd.Int64Dtype] = _optional()  # qty × the official rate
    value_expected: Series[pd.Int64Dtype] = _optional()  # what Wartość should say
    value_day_fraction: Series[pd.Int64Dtype] = _optional()  # what a pre-2026.2 template said
    # credited.derive_credited
    already: Series[bool]  # credited by an earlier run (or rejected): skipped
    changed: Series[bool]  # a new statement of credited work
    # duplicates.derive_copies: index of the earlier row this one repeats
    same_as: Series[pd.Int64Dtype] = _optional()  # quantity and all, in the same file
    version_of: Series[pd.Int64Dtype] = _optional()  # the same work in another file
    repeats_other_file: Series[bool]  # a second copy: counted toward no limit
    # hours.derive_hours: cumulative hours (credited ones first) and totals, NA when the row
    # counts toward no limit
    day_hours: Series[pd.Int64Dtype] = _optional()
    day_total: Series[pd.Int64Dtype] = _optional()
    week_hours: Series[pd.Int64Dtype] = _optional()
    week_total: Series[pd.Int64Dtype] = _optional()
    month_hours: Series[pd.Int64Dtype] = _optional()
    month_total: Series[pd.Int64Dtype] = _optional()
    monday: Series[Any] = _optional()
    week_judged: Series[bool]  # the week is whole in what is known (for the weekly minimum)

    class Config:
        strict = True  # no column the model does not declare
        ordered = False

    # Text and dates are checked by kind, not by one dtype: pandas 2 keeps text as `object`,
    # pandas 3 as `str`, and dates may come in any resolution.
    @pa.check(*TEXT, name="text")
    def _text(cls, column: Series[Any]) -> bool:
        return column.empty or pd.api.types.is_string_dtype(column.dtype)

    @pa.check(*DATES, name="dates")
    def _dates(cls, column: Series[Any]) -> bool:
        return column.empty or pd.api.types.is_datetime64_any_dtype(column.dtype)


@dataclass(frozen=True)
class Context:
    """The month as every rule sees it."""

    work: pd.DataFrame  # a `WorkTable`
    frame: Frame  # the raw cells and the way back to each one
    program: Program | None = None
    debts: Debts | None = None
    history: pd.DataFrame | None = None  # credited work of earlier runs (`Historia prac`)
    sent: tuple[SentSheet, ...] = ()
    broken_accounts: frozenset[str] = frozenset()  # accounts of unusable register rows
    month: Month | None = None  # the month the batch is run for, when given
    readable: Mapping[str, pd.Series] = field(default_factory=dict)  # per field, from parsing
    # Results computed once from the given data and shared by a derivation and its rule;
    # carried over by `with_columns` (they never depend on derived columns).
    _memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def params(self) -> Params:
        return self.program.params if self.program is not None else Params()

    def with_columns(self, columns: Mapping[str, object]) -> Context:
        return replace(self, work=self.work.assign(**columns), _memo=self._memo)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


Derivation = Callable[[Context], Mapping[str, pd.Series]]
Rule = Callable[[Context], list[Issue]]
