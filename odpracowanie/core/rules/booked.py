"""Balances from the finance system beside last month's ledger (SPEC §8, `--history`).

When `--debts` is this month's export from the finance-and-accounting system (FK) and the
history comes from last month's `salda_`, FK must already hold last month's credits. An
account whose FK balance still equals its balance *before* those credits (principal and
interest both) has not been booked: crediting again on that balance would count last month
twice, so it is CREDIT_NOT_BOOKED (an error: the debtor is withheld this month). A balance
equal to the ledger's *after* is booked; any other balance has moved in FK for other reasons
(new arrears, a payment) and is taken as it is.

Example: 104512 credited 120,00 zł in October on 8 420,15 zł principal; November's FK export
still says 8 420,15 zł -> CREDIT_NOT_BOOKED for 104512.
"""

from __future__ import annotations

from odpracowanie import labels
from odpracowanie.core.model import Debts, month_text
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("CREDIT_NOT_BOOKED",)


def check_booked(balances: Debts, ledger: Debts) -> list[Issue]:
    """CREDIT_NOT_BOOKED for each account of `balances` (FK's) that still shows the balance
    from before the credits of the ledger's latest month."""
    if ledger.last_month is None or ledger.settlements.empty:
        return []
    month = month_text(ledger.last_month)
    lines = ledger.settlements[ledger.settlements["month"] == month]
    credited = lines.groupby("account")[["to_principal", "to_interest"]].sum()
    issues = []
    for account, (principal, interest) in credited.astype("int64").iterrows():
        now, after = balances.accounts.get(account), ledger.accounts.get(account)
        if now is None or after is None or principal + interest == 0:
            continue
        before = (after.principal + principal, after.interest + interest)
        if (now.principal, now.interest) != before:
            continue
        issues.append(
            make_issue(
                "CREDIT_NOT_BOOKED",
                file=balances.file,
                sheet=balances.sheet,
                row=now.row,
                account=account,
                balance=_balance(now.principal, now.interest),
                month=labels.format_month_text(month),
                credited=labels.format_money(principal + interest),
            )
        )
    return issues


def _balance(principal: int, interest: int) -> str:
    return Say.BALANCE_PARTS.format(
        principal=labels.format_money(principal), interest=labels.format_money(interest)
    )
