"""Wage transfers of the Kraków model (SPEC §2.4): each row's date in the month
(DATE_OUTSIDE_MONTH), its amount above zero (VALUE_INVALID) and its account in the debt
workbook (ACCOUNT_UNKNOWN), as pandera checks over the whole table.

One cause, one issue: a row is judged for its amount only when its date is right, and for its
account only when both are. An error carries the account, so only that debtor is withheld.
Example: 450,00 zł to 104512 dated 30.09 in the October file -> DATE_OUTSIDE_MONTH at its
Data cell.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from odpracowanie import labels
from odpracowanie.core.model import Debts, Month, month_bounds
from odpracowanie.core.rules.common import (
    ACCOUNT_UNKNOWN,
    DATE_OUTSIDE_MONTH,
    date_in_month,
    known_account,
    row_check,
)
from odpracowanie.core.schemas import CodeInfo, Frame, display, run_schema
from odpracowanie.issues import Issue, Say

# The issue codes this module can emit (a test checks them against its text).
CODES = ("VALUE_INVALID",)


def check_payments(
    transfers: pd.DataFrame, frame: Frame, debts: Debts, month: Month
) -> tuple[pd.Series, list[Issue]]:
    """`transfers`: the parsed rows (`account`, `date`, `amount`) of the rows whose cells
    could be read. Returns which of them can be credited, and the issues."""
    first, last = (pd.Timestamp(day) for day in month_bounds(month))
    dates = transfers["date"]
    in_month = dates.notna() & (dates >= first) & (dates <= last)
    positive = in_month & (transfers["amount"] > 0)
    schema = pa.DataFrameSchema(
        {
            "date": pa.Column(checks=date_in_month(first, last), nullable=True),
            "amount": pa.Column(
                checks=row_check("VALUE_INVALID", transfers, lambda t: ~in_month | positive),
                nullable=True,
            ),
            "account": pa.Column(checks=known_account(debts.accounts)),
        }
    )
    # an account is judged only for a transfer that could be credited otherwise
    table = transfers.assign(account=transfers["account"].where(positive, ""))
    info = {
        DATE_OUTSIDE_MONTH: CodeInfo(
            "date",
            lambda i, f: {
                "found": display(dates.at[i]),
                "expected": labels.format_month(month),
            },
        ),
        "VALUE_INVALID": CodeInfo("amount", lambda i, f: {"expected": Say.AMOUNT_POSITIVE}),
        ACCOUNT_UNKNOWN: CodeInfo(
            "account", lambda i, f: {"found": display(transfers.at[i, "account"])}
        ),
    }
    issues = sorted(run_schema(schema, table, frame, info), key=lambda issue: issue.row or 0)
    credited = positive & transfers["account"].isin(list(debts.accounts))
    return credited, issues
