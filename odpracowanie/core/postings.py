"""Postings for the finance system (SPEC §8): what a run credits or reverses, per account and
debt component, as the accounting document (polecenie księgowania) books it.

Every run that credits (reconcile) or reverses (correct, approve with a rejection) writes one
order: a line per account and component with an amount; a reversal's amounts are negative.
Its totals are the summary's: what the run credited to each component, to the grosz.

Example: October credits 104512 1 507,20 zł to principal -> one line `104512, należność
główna, 1 507,20`; a correction K/7 of 376,80 zł of it -> `104512, należność główna, -376,80`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from odpracowanie.core.model import COMPONENTS, Month, month_text
from odpracowanie.core.money import require


@dataclass(frozen=True)
class Posting:
    month: str  # the month credited (or whose credit is reversed), `2026-10`
    account: str
    debtor: str
    component: str  # one of COMPONENTS, the order a document lists them in
    amount: int  # grosze; negative for a reversal
    hours: int  # the debtor's hours behind it (1/QTY_SCALE h), on the account's first line


@dataclass(frozen=True)
class PostingOrder:
    """One accounting document: its number (`PK/ODPR/2026-10/2`, unique in the ledger's
    chain), date of issue, the month of the operation, whether it credits or reverses, and
    for a reversal the correction or decision it carries out (`reference`)."""

    document: str
    day: dt.date
    month: Month
    reversal: bool
    lines: tuple[Posting, ...]
    reference: str = ""

    def total(self, component: str | None = None) -> int:
        return sum(p.amount for p in self.lines if component in (None, p.component))

    @property
    def accounts(self) -> int:
        return len({p.account for p in self.lines})


def _lines(parts: list[tuple[str, str, str, int, dict[str, int]]], sign: int) -> tuple:
    """(month, account, debtor, hours, component -> grosze) -> a line per nonzero component,
    the hours on the first line of each."""
    out = []
    for month, account, debtor, hours, amounts in sorted(parts, key=lambda p: p[:2]):
        shown = hours
        for component in COMPONENTS:
            if amounts.get(component, 0):
                amount = sign * amounts[component]
                out.append(Posting(month, account, debtor, component, amount, sign * shown))
                shown = 0
    return tuple(out)


def of_settlement(settlement, document: str, day: dt.date) -> PostingOrder:
    """What a month's run credited (the debtors not withheld)."""
    month = month_text(settlement.month)
    parts = [
        (
            month,
            d.account,
            d.name,
            d.hours,
            {c: d.allocation.to(c) for c in COMPONENTS},
        )
        for d in settlement.debtors
        if not d.withheld and d.allocation is not None
    ]
    order = PostingOrder(document, day, settlement.month, False, _lines(parts, 1))
    require(
        order.total() == sum(settlement.total_to(c) for c in COMPONENTS),
        f"postings {order.total()} != the summary's credits",
    )
    return order


def of_correction(correction, month: Month, document: str, day: dt.date) -> PostingOrder:
    """What a correction (or a rejection by the Mayor) gives back, as negative amounts, on
    document `document`, naming the correction's own number."""
    parts = [
        (
            r.month,
            r.account,
            r.debtor,
            r.hours,
            {c: r.to(c) for c in COMPONENTS},
        )
        for r in correction.reversals
    ]
    order = PostingOrder(document, day, month, True, _lines(parts, -1), correction.document)
    require(order.total() == -correction.returned, "postings != what the correction returns")
    return order
