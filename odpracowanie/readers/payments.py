"""wplaty_YYYY-MM.xlsx — wage transfers of the Kraków model (SPEC §2.4) -> frame + issues.

Transfers from CIS wages, work placement and public works are credited like work value, in
the same allocation order. Each row is checked: account known, date in the month, amount above
zero, source one of the three. An error carries the account, so only that debtor is withheld.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.core.model import Debts, Month, month_bounds
from odpracowanie.core.money import floats_to_grosze
from odpracowanie.core.schemas import (
    FieldRule,
    blank_to_na,
    choice_info,
    display,
    raw_schema,
    run_schema,
)
from odpracowanie.issues import Issue, Say, make_issue
from odpracowanie.readers.tables import read_sheet_table
from odpracowanie.readers.workbook import UnreadableFile, open_workbook

PAYMENT_SPEC = {
    "account": FieldRule("text", True),
    "date": FieldRule("date", True),
    "amount": FieldRule("number", True),
    "source": FieldRule("choice", True, labels.PAYMENT_SOURCES),
}
PAYMENT_FIELDS = ("account", "date", "amount", "source", "file", "sha256", "row", "cell")


def empty_payments() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in PAYMENT_FIELDS})
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    frame["amount"] = pd.Series(dtype="int64")
    return frame


def read_payments(
    path: Path, debts: Debts, month: Month, file: str | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """The month's transfers that can be credited (amounts in grosze), and the issues."""
    file = file or path.name
    try:
        workbook = open_workbook(path)
        frame, issues = read_sheet_table(
            workbook, file, labels.SHEET_PAYMENTS, labels.PAYMENT_COLUMNS
        )
    except UnreadableFile as exc:
        return empty_payments(), [make_issue("FILE_UNREADABLE", file=file, reason=exc.reason)]
    if frame is None:
        return empty_payments(), issues
    raw = frame.raw
    frame.accounts = parse.parse_account(raw["account"])
    issues = run_schema(
        raw_schema(PAYMENT_SPEC),
        blank_to_na(raw, list(PAYMENT_SPEC)),
        frame,
        choice_info(PAYMENT_SPEC),
    )
    bad_rows = {i.row for i in issues if i.is_error}
    dates = parse.parse_dates(raw["date"]).values
    amounts = parse.parse_numbers(raw["amount"])[0].values
    sources = (
        parse.parse_text(raw["source"])
        .map(labels.fold)
        .map({labels.fold(s): s for s in labels.PAYMENT_SOURCES})
    )
    first, last = (pd.Timestamp(d) for d in month_bounds(month))
    _, sheet, letters = frame.sources[0]
    keep = []
    for i in raw.index:
        row = int(raw.at[i, "_row"])
        if row in bad_rows:
            continue
        account = frame.accounts[i]
        where = {"file": file, "sheet": sheet, "row": row, "account": account}
        if not first <= dates[i] <= last:
            issues.append(
                make_issue(
                    "DATE_OUTSIDE_MONTH",
                    **where,
                    cell=f"{letters['date']}{row}",
                    column=labels.label(labels.PAYMENT_COLUMNS, "date"),
                    found=display(dates[i]),
                    expected=labels.format_month(month),
                )
            )
        elif amounts[i] <= 0:
            issues.append(
                make_issue(
                    "VALUE_INVALID",
                    **where,
                    cell=f"{letters['amount']}{row}",
                    column=labels.label(labels.PAYMENT_COLUMNS, "amount"),
                    found=display(raw.at[i, "amount"]),
                    expected=Say.AMOUNT_POSITIVE,
                )
            )
        elif account not in debts.accounts:
            issues.append(
                make_issue(
                    "ACCOUNT_UNKNOWN",
                    **where,
                    cell=f"{letters['account']}{row}",
                    column=labels.label(labels.PAYMENT_COLUMNS, "account"),
                    found=display(account),
                )
            )
        else:
            keep.append(i)
    payments = (
        pd.DataFrame(
            {
                "account": frame.accounts[keep].to_numpy(),
                "date": dates[keep].to_numpy(),
                "amount": floats_to_grosze(amounts[keep].to_numpy()),
                "source": sources[keep].to_numpy(),
                "file": file,
                "sha256": workbook.sha256,
                "row": raw.loc[keep, "_row"].to_numpy(),
                "cell": [f"{letters['date']}{r}" for r in raw.loc[keep, "_row"]],
            },
            columns=list(PAYMENT_FIELDS),
        )
        if keep
        else empty_payments()
    )
    return payments, issues
