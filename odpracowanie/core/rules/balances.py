"""The debt workbook's balances (SPEC §2.2, sheet Zadłużenie): principal, interest and costs
not below zero (VALUE_INVALID) and each account on one row only (DUPLICATE_ACCOUNT), as pandera
checks over the whole table. The ledger's own sheets are judged by `ledger`.

Example: account 104512 on rows 5 and 9 -> DUPLICATE_ACCOUNT at A9 naming row 5; row 9 is
not read.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from odpracowanie.core.schemas import CodeInfo, Frame, run_schema
from odpracowanie.issues import Issue, Say

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "DUPLICATE_ACCOUNT",
    "VALUE_INVALID",
)


def check_balance_rows(balances: pd.DataFrame, frame: Frame) -> tuple[pd.Series, list[Issue]]:
    """`balances`: each row's parsed `account` ("" when blank), `principal`, `interest` and
    `costs` (zł, NaN when unreadable). Returns which rows hold an account's balance (its first
    row), and the issues."""
    accounts = balances["account"]
    repeated = accounts.duplicated() & (accounts != "")
    first_row = frame.raw.loc[balances.index, "_row"].groupby(accounts.to_numpy()).first().to_dict()
    not_negative = pa.Check(lambda amount: ~(amount < 0), name="VALUE_INVALID")
    schema = pa.DataFrameSchema(
        {
            "principal": pa.Column(checks=not_negative, nullable=True),
            "interest": pa.Column(checks=not_negative, nullable=True),
            "costs": pa.Column(checks=not_negative, nullable=True),
            "account": pa.Column(checks=pa.Check(lambda a: ~repeated, name="DUPLICATE_ACCOUNT")),
        }
    )
    info = {
        "VALUE_INVALID": CodeInfo(None, lambda i, f: {"expected": Say.AMOUNT_NOT_NEGATIVE}),
        "DUPLICATE_ACCOUNT": CodeInfo("account", lambda i, f: {"other": first_row[accounts.at[i]]}),
    }
    issues = run_schema(schema, balances, frame, info)
    # row by row, in the order of the schema's columns
    order = {frame.column_labels.get(name, name): n for n, name in enumerate(schema.columns)}
    issues.sort(key=lambda issue: (issue.row or 0, order.get(issue.column, 0)))
    return (accounts != "") & ~repeated, issues
