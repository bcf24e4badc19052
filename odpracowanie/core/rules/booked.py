"""Balances from the finance system beside last month's ledger (SPEC §7, §8, `--history`).

When `--debts` is this month's export from the finance-and-accounting system (FK) and the
history comes from last month's `salda_`, FK should already hold the credits the program sent
it (the postings). A credit it has not booked yet is never lost and never counted twice: the
account is credited on FK's balance less that credit — the balance the last ledger left, when
FK moved nothing else — and the credit stays on the ledger's sheet `Do zaksięgowania`, with its
posting number, from ledger to ledger until an export shows it booked (CREDIT_NOT_BOOKED, a
warning, says so). Components no awaiting credit touches are not judged (interest may have
grown, costs been added), nor one the export has no column for. A balance no set of awaiting
credits explains was moved in FK for other reasons (new arrears, a payment) and holds them.

FK's export alone has no history: it is HISTORY_MISSING (a warning), since only the office
knows whether this is the programme's first month.

Example: 104512 credited 1 507,20 zł in October (PK/ODPR/2026-10/1) on 8 420,15 zł principal,
leaving 6 912,95 zł; November's FK export still says 8 420,15 zł -> CREDIT_NOT_BOOKED for
104512, November credited on 6 912,95 zł, the October credit kept in Do zaksięgowania.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.lineage import posting_month
from odpracowanie.core.model import COMPONENTS, Debt, Debts, Pending, month_text, shift_month
from odpracowanie.core.parse import parse_month
from odpracowanie.issues import Issue, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("CREDIT_NOT_BOOKED", "HISTORY_MISSING", "PENDING_TOO_LONG")

# `ledger check` warns of a credit awaiting booking this many months after its posting.
PENDING_MONTHS = 2


def check_history(balances: Debts) -> list[Issue]:
    """HISTORY_MISSING (a warning) for FK's export given without last month's ledger: right
    for the programme's first month, and otherwise the month would be credited without
    knowing what was credited before (a timesheet run again, the caps)."""
    return [make_issue("HISTORY_MISSING", file=balances.file)]


@dataclass(frozen=True)
class Booking:
    """What the finance system's export says of the credits it should hold (SPEC §7, §8)."""

    accounts: dict[str, Debt]  # the balances to credit on: FK's, less what FK has not booked
    pending: tuple[Pending, ...]  # credits still awaiting booking (sheet Do zaksięgowania)
    booked: tuple[Pending, ...]  # credits awaiting until now that the export shows booked
    issues: list[Issue]


# At most this many credits awaiting booking of one account are matched as any subset; beyond
# it, only the newest ones can be the unbooked (finance books in the order it is sent).
_SUBSETS_UP_TO = 10


def check_booked(balances: Debts, ledger: Debts) -> Booking:
    """The balances to credit on, and the credits awaiting booking, from FK's `balances` and
    the last `ledger` (its `Do zaksięgowania` and the credits of its latest month's runs).

    For each account with credits awaiting booking, the export's balance, component by
    component, is the ledger's plus the credits FK has not booked: the subset of awaiting
    credits that explains the most components exactly is taken as unbooked (the smallest, and
    then the newest, when several do). Those stay awaiting, and the account is credited on
    FK's balance less them — the ledger's own balance when FK has moved nothing else
    (CREDIT_NOT_BOOKED, a warning: no credit is lost and none counted twice). When no subset
    explains any component, FK moved the balance otherwise and holds them all (its balance is
    taken as it is)."""
    awaiting = _awaiting(ledger)
    accounts = dict(balances.accounts)
    by_account: dict[str, list[Pending]] = {}
    for entry in awaiting:
        by_account.setdefault(entry.account, []).append(entry)
    pending: list[Pending] = []
    booked: list[Pending] = []
    issues: list[Issue] = []
    for account, entries in by_account.items():
        now, after = balances.accounts.get(account), ledger.accounts.get(account)
        if now is None or after is None:
            pending += entries  # FK or the ledger no longer lists it: nothing to judge by
            continue
        unbooked = _unbooked(now, after, entries, balances.components)
        pending += unbooked
        booked += [e for e in entries if e not in unbooked]
        if not unbooked:
            continue
        kept = {c: now.part(c) - sum(e.amount(c) for e in unbooked) for c in COMPONENTS}
        accounts[account] = replace(now, **kept)
        issues.append(
            make_issue(
                "CREDIT_NOT_BOOKED",
                file=balances.file,
                sheet=balances.sheet,
                row=now.row,
                account=account,
                balance=labels.format_parts({c: now.part(c) for c in COMPONENTS}),
                month=", ".join(
                    labels.format_month_text(m) for m in dict.fromkeys(e.month for e in unbooked)
                ),
                credited=labels.format_money(sum(e.total for e in unbooked)),
                documents=", ".join(dict.fromkeys(e.posting for e in unbooked if e.posting))
                or labels.NO_POSTING_NUMBER,
                kept=labels.format_parts(kept),
            )
        )
    return Booking(accounts, tuple(pending), tuple(booked), issues)


def _awaiting(ledger: Debts) -> list[Pending]:
    """The credits FK should hold by now: those the ledger carries as awaiting booking, then
    each line of its latest month's runs (posted on a document of that month; a ledger of an
    earlier version, whose lines name no document: the lines of its latest month)."""
    out = list(ledger.pending)
    lines = ledger.settlements
    if lines.empty:
        return out
    latest = ledger.last_month
    month = month_text(latest) if latest else str(lines["month"].max())
    postings = lines["posting"].fillna("").astype(str) if "posting" in lines else None
    newest = (lines["month"] == month).to_numpy()
    if postings is not None:
        # a line posted on a document of the ledger's month (a late month's too); a line
        # that names no document (an earlier version's ledger): by its own month
        newest = [
            _newest_month(text) == month if text else own
            for text, own in zip(postings.tolist(), newest.tolist(), strict=True)
        ]
    parts = [f"to_{c}" for c in COMPONENTS]
    chosen = lines[list(newest)]
    for line in chosen.itertuples(index=False):
        amounts = tuple(int(getattr(line, p)) for p in parts)
        if any(amounts):
            posting = str(getattr(line, "posting", "") or "") if postings is not None else ""
            debtor = "" if pd.isna(line.debtor) else str(line.debtor)
            out.append(Pending(str(line.account), debtor, str(line.month), posting, amounts))
    return out


def _newest_month(postings: str) -> str:
    """The month of the newest posting document named in a line (`PK/ODPR/2026-10/1, …`)."""
    months = [posting_month(p) for p in postings.split(", ")]
    found = [m for m in months if m is not None]
    return month_text(max(found)) if found else ""


def _unbooked(now: Debt, after: Debt, entries: list[Pending], components) -> list[Pending]:
    """The entries FK's balance `now` has not booked, the ledger's balance being `after`."""
    judged = [c for c in components if any(e.amount(c) for e in entries)]
    if not judged:
        return []
    gap = {c: now.part(c) - after.part(c) for c in judged}
    n = len(entries)
    if n <= _SUBSETS_UP_TO:
        candidates = itertools.chain.from_iterable(
            itertools.combinations(range(n), k) for k in range(n + 1)
        )
    else:
        candidates = (tuple(range(k, n)) for k in range(n + 1))
    best, best_key = (), None
    for chosen in candidates:
        matched = sum(gap[c] == sum(entries[i].amount(c) for i in chosen) for c in judged)
        if not matched:
            continue
        if any(now.part(c) < sum(entries[i].amount(c) for i in chosen) for c in COMPONENTS):
            continue  # FK's balance less them would go below zero: not what happened
        # the most components explained; then the fewest credits unbooked (a credit and its
        # reversal cancel: both booked, not both waiting); then the newest ones (FK books in
        # order)
        key = (matched, -len(chosen), sum(1 << i for i in chosen))
        if best_key is None or key > best_key:
            best, best_key = chosen, key
    return [entries[i] for i in best]


def check_pending_age(ledger: Debts) -> list[Issue]:
    """PENDING_TOO_LONG (a warning of `ledger check`) for each credit awaiting booking whose
    posting document is two months or more older than the ledger's month."""
    if ledger.last_month is None:
        return []
    issues = []
    for entry in ledger.pending:
        since = posting_month(entry.posting) or parse_month(entry.month)
        if since is None or shift_month(since, PENDING_MONTHS) > ledger.last_month:
            continue
        issues.append(
            make_issue(
                "PENDING_TOO_LONG",
                file=ledger.file,
                sheet=labels.SHEET_PENDING,
                account=entry.account,
                month=labels.format_month_text(entry.month),
                credited=labels.format_money(entry.total),
                documents=entry.posting or labels.NO_POSTING_NUMBER,
                since=labels.format_month(since),
            )
        )
    return issues
