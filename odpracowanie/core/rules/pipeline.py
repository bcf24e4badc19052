"""The month's rules in the order they run (beancount's `BASIC_VALIDATIONS`).

`DERIVATIONS` add what the rules need to know beyond the cells, as new columns of the work
table; `VALIDATIONS` are pure functions from the `Context` to a list of issues. A rule reads
only what `WorkTable` declares, and the table is checked against it once everything is
derived. File-level rules (a header, a file sent twice) run before the table exists:
`files.check_header` and `files.check_duplicate_files`.
"""

from __future__ import annotations

import pandas as pd

from odpracowanie.core.rules import credited, duplicates, hours, referrals, register, rows
from odpracowanie.core.rules.context import Context, Derivation, Rule, WorkTable
from odpracowanie.issues import Issue

DERIVATIONS: tuple[Derivation, ...] = (
    rows.derive_rates,  # the programme's rate on each row's date
    rows.derive_values,  # the value it gives, and what Wartość should say
    credited.derive_credited,  # credited before (skipped), or stated otherwise
    duplicates.derive_copies,  # the earlier row each repeated row repeats
    hours.derive_hours,  # the hours of each row's day, week and month
)

VALIDATIONS: tuple[Rule, ...] = (
    rows.check_cells,  # stage 1: required cells, readable values
    rows.check_rows,  # stage 2: values in context (month, accounts, codes, rates)
    credited.check_credited,  # ALREADY_CREDITED, CREDITED_ROW_CHANGED
    duplicates.check_duplicate_rows,  # DUPLICATE_ROW
    hours.check_hours,  # QTY_DAY_MAX, HOURS_WEEK_MAX, HOURS_MONTH_MAX, HOURS_WEEK_MIN
    register.check_register,  # the register of participants and proxies
    referrals.check_referred_work,  # NO_REFERRAL
    referrals.check_missing_timesheets,  # TIMESHEET_MISSING
)


def derive(ctx: Context) -> Context:
    """The context with every derived column added, its table checked against `WorkTable`."""
    for derivation in DERIVATIONS:
        ctx = ctx.with_columns(derivation(ctx))
    WorkTable.validate(ctx.work, lazy=False)
    return ctx


def run(ctx: Context) -> tuple[pd.DataFrame, list[Issue]]:
    """The derived work table and every rule's issues, in the registered order."""
    ctx = derive(ctx)
    return ctx.work, [issue for rule in VALIDATIONS for issue in rule(ctx)]
