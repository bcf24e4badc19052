"""wplaty_YYYY-MM.xlsx — wage transfers of the Kraków model (SPEC §2.4) -> frame + issues.

Transfers from CIS wages, work placement and public works are credited like work value, in
the same allocation order. Each cell must be readable and the source one of the three; the
rules on the values are `core.rules.payments`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.core.model import Debts, Month
from odpracowanie.core.money import floats_to_grosze
from odpracowanie.core.rules.payments import check_payments
from odpracowanie.core.schemas import check_table, spec_of
from odpracowanie.issues import Issue, make_issue
from odpracowanie.readers.tables import read_sheet_table
from odpracowanie.readers.workbook import UnreadableFile, open_workbook

PAYMENT_SPEC = spec_of(labels.PAYMENT_COLUMNS)
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
    checked = check_table(frame, PAYMENT_SPEC)
    issues = checked.issues
    readable = ~raw["_row"].isin({i.row for i in issues if i.is_error})
    dates, amounts = checked["date"], checked["amount"]
    sources = (
        checked["source"].map(labels.fold).map({labels.fold(s): s for s in labels.PAYMENT_SOURCES})
    )
    transfers = pd.DataFrame({"account": frame.accounts, "date": dates, "amount": amounts})
    credited, found = check_payments(transfers[readable], frame, debts, month)
    issues += found
    _, _, letters = frame.sources[0]
    keep = list(credited.index[credited])
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
