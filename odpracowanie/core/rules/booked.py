"""Balances from the finance system beside last month's ledger (SPEC §8, `--history`).

When `--debts` is this month's export from the finance-and-accounting system (FK) and the
history comes from last month's `salda_`, FK must already hold last month's credits. An
account where any component last month credited still shows its balance *before* that credit
has not been booked (not wholly): crediting again on that balance would count last month
twice, so it is CREDIT_NOT_BOOKED (an error: the debtor is withheld this month). Components
not credited are not judged (interest may have grown, costs been added), nor one the export
has no column for. A credited component whose balance moved otherwise is booked, or moved in
FK for other reasons (new arrears, a payment), and is taken as it is.

FK's export alone has no history: it is HISTORY_MISSING (a warning), since only the office
knows whether this is the programme's first month.

Example: 104512 credited 120,00 zł in October on 8 420,15 zł principal; November's FK export
still says 8 420,15 zł -> CREDIT_NOT_BOOKED for 104512.
"""

from __future__ import annotations

from odpracowanie import labels
from odpracowanie.core.model import COMPONENTS, Debts, month_text
from odpracowanie.issues import Issue, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("CREDIT_NOT_BOOKED", "HISTORY_MISSING")


def check_history(balances: Debts) -> list[Issue]:
    """HISTORY_MISSING (a warning) for FK's export given without last month's ledger: right
    for the programme's first month, and otherwise the month would be credited without
    knowing what was credited before (a timesheet run again, the caps)."""
    return [make_issue("HISTORY_MISSING", file=balances.file)]


def check_booked(balances: Debts, ledger: Debts) -> list[Issue]:
    """CREDIT_NOT_BOOKED for each account of `balances` (FK's) that still shows the balance
    from before the credits of the ledger's latest month."""
    if ledger.settlements.empty:
        return []
    # the month of the run that wrote the ledger (`Przebieg`), else its newest line's
    latest = ledger.last_month
    month = month_text(latest) if latest else str(ledger.settlements["month"].max())
    lines = ledger.settlements[ledger.settlements["month"] == month]
    credited = lines.groupby("account")[[f"to_{c}" for c in COMPONENTS]].sum()
    issues = []
    for account, paid in credited.astype("int64").iterrows():
        now, after = balances.accounts.get(account), ledger.accounts.get(account)
        if now is None or after is None:
            continue
        judged = [c for c in balances.components if paid[f"to_{c}"] > 0]
        if not any(now.part(c) == after.part(c) + paid[f"to_{c}"] for c in judged):
            continue
        issues.append(
            make_issue(
                "CREDIT_NOT_BOOKED",
                file=balances.file,
                sheet=balances.sheet,
                row=now.row,
                account=account,
                balance=labels.format_parts({c: now.part(c) for c in COMPONENTS}),
                month=labels.format_month_text(month),
                credited=labels.format_money(int(paid.sum())),
            )
        )
    return issues
