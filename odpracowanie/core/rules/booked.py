"""Balances from the finance system beside last month's ledger (SPEC §7, §8, `--history`).

When `--debts` is this month's export from the finance-and-accounting system (FK) and the
history comes from last month's `salda_`, FK should already hold the credits the program sent
it (the postings). A credit it has not booked yet is never lost and never counted twice: the
account is credited on FK's balance less that credit — the balance the last ledger left, when
FK moved nothing else — and the credit stays on the ledger's sheet `Do zaksięgowania`, with its
posting number, from ledger to ledger until an export shows it booked (CREDIT_NOT_BOOKED, a
warning, says so). Components no awaiting credit touches are not judged (interest may have
grown, costs been added), nor one the export has no column for. When no set of awaiting
credits explains a balance (FK moved it besides: new arrears, a payment), the nearest
explanation is taken and the clerk is told (CREDIT_BOOKING_UNCLEAR). When FK books documents
out of order, another set of credits may explain its balance as well as the one taken: those
credits stay on the sheet as taken for booked, to be confirmed (not counted as awaiting), so
that a later export can still find the credits FK really has not booked.

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
from odpracowanie.core.model import (
    COMPONENTS,
    Debt,
    Debts,
    Month,
    Pending,
    month_text,
    shift_month,
)
from odpracowanie.core.parse import parse_month
from odpracowanie.issues import Issue, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = ("CREDIT_NOT_BOOKED", "CREDIT_BOOKING_UNCLEAR", "HISTORY_MISSING", "PENDING_TOO_LONG")

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


def track(pending: tuple[Pending, ...], order, month: Month) -> tuple[Pending, ...]:
    """The credits awaiting booking after a run (SPEC §7): those carried, less any sent more
    than `HISTORY_MONTHS` before the ledger's `month` that no export was ever compared with
    (the office does not check FK's balances), and each account's part of the run's posting
    document `order` (`core.postings.PostingOrder`), as sent."""
    oldest = shift_month(month, -(labels.HISTORY_MONTHS - 1))
    kept = [
        p
        for p in pending
        if not (p.state == labels.PENDING_SENT or is_maybe(p.state))
        or (posting_month(p.posting) or month) >= oldest
    ]
    if order is None:
        return tuple(kept)
    parts: dict[tuple[str, str], dict] = {}
    for line in order.lines:
        entry = parts.setdefault((line.account, line.month), {"debtor": line.debtor})
        entry[line.component] = entry.get(line.component, 0) + line.amount
    sent = [
        Pending(
            account,
            entry["debtor"],
            credited,
            order.document,
            tuple(entry.get(c, 0) for c in COMPONENTS),
            labels.PENDING_SENT,
        )
        for (account, credited), entry in sorted(parts.items())
    ]
    return (*kept, *sent)


_MAYBE = labels.PENDING_MAYBE.partition("{")[0]


def is_maybe(state: str) -> bool:
    """Whether a credit's state says it was taken as booked, to be confirmed."""
    return state.startswith(_MAYBE)


def waiting(pending) -> tuple[Pending, ...]:
    """The credits an export of FK's balances has shown unbooked (not those just sent, nor
    those taken as booked), of the accounts where the credits not taken as booked add up to
    anything (not a credit and its own reversal, just sent or not)."""
    counted = [p for p in pending if not is_maybe(p.state)]
    nets: dict[str, list[int]] = {}
    for entry in counted:
        net = nets.setdefault(entry.account, [0] * len(COMPONENTS))
        for i, amount in enumerate(entry.amounts):
            net[i] += amount
    return tuple(
        p for p in counted if p.state not in ("", labels.PENDING_SENT) and any(nets[p.account])
    )


def check_booked(balances: Debts, ledger: Debts) -> Booking:
    """The balances to credit on, and the credits awaiting booking, from FK's `balances` and
    the last `ledger` (its `Do zaksięgowania`: every credit a run sent that no export has
    shown booked yet).

    For each account with credits awaiting booking, FK's balance, component by component, is
    the ledger's plus the credits FK has not booked. The set of awaiting credits that explains
    the most components exactly is taken as the unbooked one: FK books in the order the
    documents were sent, so the newest credits first (the longest such run of them: a credit
    and its reversal both still waiting or both booked look alike, and wait until a later
    credit of the account shows which), else any set. Those stay awaiting
    (CREDIT_NOT_BOOKED), and the account is credited on FK's balance less them — the ledger's
    own balance when FK has moved nothing else; what FK moved besides (interest accrued, new
    arrears) is kept. When no set explains any component, the set that leaves the least of
    FK's balance unexplained is taken; when the ledger no longer lists the account, every
    credit stays awaiting; either way the clerk is told (CREDIT_BOOKING_UNCLEAR). An account
    FK no longer lists keeps its credits awaiting."""
    awaiting = _awaiting(ledger)
    accounts = dict(balances.accounts)
    by_account: dict[str, list[Pending]] = {}
    for entry in awaiting:
        by_account.setdefault(entry.account, []).append(entry)
    pending: list[Pending] = []
    booked: list[Pending] = []
    issues: list[Issue] = []
    # the export is read for the month after the ledger's
    since = labels.format_month(shift_month(ledger.last_month or (2000, 1), 1))
    for account, entries in by_account.items():
        now, after = balances.accounts.get(account), ledger.accounts.get(account)
        if now is None:
            pending += entries  # FK no longer lists it: nothing to judge by, nothing to credit
            continue
        unbooked, clear = _unbooked(now, after, entries, balances.components)
        alike = _alike(entries, unbooked, balances.components) if after is not None else []
        # compared with FK's balances now: waiting since this month (or since an earlier
        # one); a credit and its reversal that add up to nothing: booked both or neither
        together = not any(sum(e.amount(c) for e in unbooked) for c in COMPONENTS)
        state = labels.PENDING_TOGETHER if together else labels.PENDING_UNBOOKED
        for e in entries:
            if e in unbooked:
                fresh = e.state in ("", labels.PENDING_SENT) or is_maybe(e.state) or together
                pending.append(replace(e, state=state.format(since=since)) if fresh else e)
            elif e in alike:
                taken = is_maybe(e.state)
                pending.append(
                    e if taken else replace(e, state=labels.PENDING_MAYBE.format(since=since))
                )
            else:
                booked.append(e)
        kept = {c: now.part(c) - sum(e.amount(c) for e in unbooked) for c in COMPONENTS}
        if any(v < 0 for v in kept.values()):
            kept = {c: now.part(c) for c in COMPONENTS}  # not less than nothing: FK's as it is
        accounts[account] = replace(now, **kept)
        if clear and together:
            continue  # all booked, or a credit and its reversal both waiting: nothing to say
        said = entries if not clear else unbooked
        issues.append(
            make_issue(
                "CREDIT_NOT_BOOKED" if clear else "CREDIT_BOOKING_UNCLEAR",
                file=balances.file,
                sheet=balances.sheet,
                row=now.row,
                account=account,
                balance=labels.format_parts({c: now.part(c) for c in COMPONENTS}),
                ledger=labels.format_parts({c: after.part(c) for c in COMPONENTS})
                if after is not None
                else labels.NO_LEDGER_BALANCE,
                month=_months(said),
                credited=labels.format_money(sum(e.total for e in said)),
                documents=_documents(said),
                kept=labels.format_parts(kept),
                assumed=labels.ASSUMED_UNBOOKED.format(
                    documents=_documents(unbooked),
                    credited=labels.format_money(sum(e.total for e in unbooked)),
                )
                if unbooked
                else labels.ASSUMED_BOOKED,
            )
        )
    return Booking(accounts, tuple(pending), tuple(booked), issues)


def _months(entries: list[Pending]) -> str:
    return ", ".join(labels.format_month_text(m) for m in dict.fromkeys(e.month for e in entries))


def _documents(entries: list[Pending]) -> str:
    return (
        ", ".join(dict.fromkeys(e.posting for e in entries if e.posting))
        or labels.NO_POSTING_NUMBER
    )


def _awaiting(ledger: Debts) -> list[Pending]:
    """The credits FK should hold by now: every one the ledger carries as awaiting booking.
    A ledger of an earlier version, which did not keep them: the lines of its latest month's
    runs."""
    out = list(ledger.pending)
    lines = ledger.settlements
    if ledger.ledger_id or lines.empty:
        return out
    latest = ledger.last_month
    month = month_text(latest) if latest else str(lines["month"].max())
    parts = [f"to_{c}" for c in COMPONENTS]
    chosen = lines[(lines["month"] == month).to_numpy()]
    for line in chosen.itertuples(index=False):
        amounts = tuple(int(getattr(line, p)) for p in parts)
        if any(amounts):
            debtor = "" if pd.isna(line.debtor) else str(line.debtor)
            posting = str(getattr(line, "posting", "") or "")
            out.append(Pending(str(line.account), debtor, str(line.month), posting, amounts, ""))
    return out


def _unbooked(
    now: Debt, after: Debt | None, entries: list[Pending], components
) -> tuple[list[Pending], bool]:
    """The entries FK's balance `now` has not booked, the ledger's balance being `after`, and
    whether FK's balance says so (False: only the nearest explanation). An entry only of
    components the export has no column for cannot be judged, and is taken as booked.

    FK books in the order documents are sent, so the unbooked are first looked for among the
    newest (the longest run of them that explains every component), then as any set that
    does (the smallest), then, FK having moved a component otherwise, as the set that
    explains the most components; when none explains any, the set that leaves the least of
    FK's balance unexplained is taken, and said to be a guess."""
    judged = [c for c in components if any(e.amount(c) for e in entries)]
    entries = [e for e in entries if any(e.amount(c) for c in judged)]
    if not judged:
        return [], True
    if after is None:
        return entries, False  # nothing to compare with: all still waiting
    gap = tuple(now.part(c) - after.part(c) for c in judged)
    amounts = [tuple(e.amount(c) for c in judged) for e in entries]
    limit = tuple(now.part(c) for c in judged)

    def fits(sums) -> bool:  # FK's balance less them is not below zero
        return all(s <= cap for s, cap in zip(sums, limit, strict=True))

    n = len(entries)
    for start in range(n + 1):
        sums = tuple(sum(a[i] for a in amounts[start:]) for i in range(len(judged)))
        if sums == gap and fits(sums):
            return entries[start:], True
    exact = _exact_set(amounts, gap)
    if exact is not None and fits(gap):
        return [entries[i] for i in exact], True
    if n > _SUBSETS_UP_TO:
        candidates = [tuple(range(start, n)) for start in range(n + 1)]
    else:
        candidates = [c for k in range(n + 1) for c in itertools.combinations(range(n), k)]
    best, best_key = (), None
    for chosen in candidates:
        sums = [sum(amounts[i][j] for i in chosen) for j in range(len(judged))]
        if not fits(sums):
            continue
        matched = sum(g == v for g, v in zip(gap, sums, strict=True))
        # a component the chosen credits touch and do not explain speaks against them
        touched = sum(
            g != v and any(amounts[i][j] for i in chosen)
            for j, (g, v) in enumerate(zip(gap, sums, strict=True))
        )
        left = sum(abs(g - v) for g, v in zip(gap, sums, strict=True))
        # (with nothing explained, only how much is left unexplained counts)
        key = (matched, -touched if matched else 0, -left, -len(chosen))
        if best_key is None or key > best_key:
            best, best_key = chosen, key
    clear = best_key is not None and best_key[0] > 0
    return [entries[i] for i in best], clear


def _alike(entries: list[Pending], chosen: list[Pending], components) -> list[Pending]:
    """The entries not `chosen` that some other set of entries, as FK's balance shows them
    (the components the export has and the entries touch), adds up with to what the chosen
    add up to: FK's balance cannot tell whether they were booked (documents booked out of
    order). Each entry is judged by the sums the entries before it and those after it reach
    (followed once each way); when there are too many sums to follow, the chosen explanation
    is trusted and none is kept (finance books in the order documents are sent)."""
    judged = [c for c in components if any(e.amount(c) for e in entries)]
    pool = [e for e in entries if any(e.amount(c) for c in judged)]
    amounts = [tuple(e.amount(c) for c in judged) for e in pool]
    target = tuple(sum(e.amount(c) for e in chosen) for c in judged)
    before = _reached(amounts)
    after = _reached(amounts[::-1])
    if before is None or after is None:
        return []
    out = []
    n = len(pool)
    for i, entry in enumerate(pool):
        if entry in chosen:
            continue
        rest = after[n - 1 - i]  # the sums of the entries after this one
        need = tuple(t - a for t, a in zip(target, amounts[i], strict=True))
        if any(tuple(x - y for x, y in zip(need, s, strict=True)) in rest for s in before[i]):
            out.append(entry)
    return out


def _reached(amounts: list[tuple[int, ...]]) -> list[set[tuple[int, ...]]] | None:
    """For each k, the sums some set of the first k `amounts` adds up to; None when they
    grow past `_STATES`."""
    zero = tuple(0 for _ in amounts[0]) if amounts else ()
    sums = {zero}
    out = [sums]
    for amount in amounts:
        sums = sums | {tuple(s + a for s, a in zip(x, amount, strict=True)) for x in sums}
        if len(sums) > _STATES:
            return None
        out.append(sums)
    return out


# The sums of subsets followed at most, in looking for the one FK has not booked.
_STATES = 50_000


def _sums(amounts: list[tuple[int, ...]]) -> dict[tuple[int, ...], tuple[int, ...]] | None:
    """Every sum some set of `amounts` adds up to, with the smallest such set (the first
    found of that size); None when there are more than `_STATES` of them."""
    zero = tuple(0 for _ in amounts[0]) if amounts else ()
    reached: dict[tuple[int, ...], tuple[int, ...]] = {zero: ()}
    for i, amount in enumerate(amounts):
        for sums, chosen in list(reached.items()):
            following = tuple(s + a for s, a in zip(sums, amount, strict=True))
            if following not in reached or len(reached[following]) > len(chosen) + 1:
                reached[following] = (*chosen, i)
        if len(reached) > _STATES:
            return None
    return reached


def _exact_set(amounts: list[tuple[int, ...]], target: tuple[int, ...]) -> tuple | None:
    """The smallest set of entries whose amounts add up to `target` in every component (the
    first found of that size), or None."""
    sums = _sums(amounts) if amounts else {tuple(0 for _ in target): ()}
    return None if sums is None else sums.get(target)


def check_pending_age(ledger: Debts) -> list[Issue]:
    """PENDING_TOO_LONG (a warning of `ledger check`) for each credit awaiting booking whose
    posting document is two months or more older than the ledger's month."""
    if ledger.last_month is None:
        return []
    issues = []
    for entry in waiting(ledger.pending):
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
