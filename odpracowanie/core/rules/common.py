"""Checks that more than one table makes: an account the debt workbook knows, a date inside
the month. A timesheet row and a wage transfer (Kraków) are judged by the same check.

Each returns a pandera check named after its issue code, for the column whose cell it
concerns; cells that cannot be read are passed (they have their own issue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

# The issue codes this module can emit (a test checks them against its text).
ACCOUNT_UNKNOWN = "ACCOUNT_UNKNOWN"
DATE_OUTSIDE_MONTH = "DATE_OUTSIDE_MONTH"
CODES = (ACCOUNT_UNKNOWN, DATE_OUTSIDE_MONTH)

Bound = pd.Timestamp | pd.Series  # one month for the table, or each row's month


def known_account(accounts: Iterable[str]) -> pa.Check:
    """ACCOUNT_UNKNOWN: the account is in the debt workbook (a blank one is reported as
    missing, not as unknown)."""
    known = list(accounts)
    return pa.Check(lambda account: account.isin(known) | (account == ""), name=ACCOUNT_UNKNOWN)


def inside(dates: pd.Series, first: Bound, last: Bound) -> pd.Series:
    """Whether each date lies from `first` to `last`, both included (False for no date):
    what "in the month" means for every rule and for what is credited."""

    def at(bound: Bound) -> Bound:
        return bound.loc[dates.index] if isinstance(bound, pd.Series) else bound

    within = (dates >= at(first)) & (dates <= at(last))
    return within.fillna(False).astype(bool)


def date_in_month(first: Bound, last: Bound) -> pa.Check:
    """DATE_OUTSIDE_MONTH: the date lies from `first` to `last` (the month's first and last
    day: one for the table, or a Series giving each row's); a missing date passes."""
    return pa.Check(
        lambda dates: dates.isna() | inside(dates, first, last),
        name=DATE_OUTSIDE_MONTH,
        ignore_na=False,
    )


def row_check(
    code: str, table: pd.DataFrame, passes: Callable[[pd.DataFrame], pd.Series]
) -> pa.Check:
    """A pandera check on one column that judges each row of `table` with its other fields."""
    return pa.Check(
        lambda column: passes(table).fillna(True).astype(bool).loc[column.index],
        name=code,
        ignore_na=False,
    )
