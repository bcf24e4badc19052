"""Corrections (storno) of credited work (SPEC §7; Ustawa o rachunkowości art. 25).

A ledger kept by computer is corrected only by a correcting entry, never by overwriting. A
correction reverses credited rows of `Historia prac` — a whole debtor-month, or single rows by
their ID — by new rows with the opposite quantity and value that point at them, with the reason
and the document number; `Historia rozliczeń` gets a correcting line; and each debt component
gets back exactly what those rows had taken from it.

What the rows had taken is what the month would not have taken without them. Crediting in the
programme's order fills the components one after the other, then the surplus, then (under a
cap) the part not credited; so the month without the rows' value is the month with its last
`value` grosze taken off that sequence: from the part above the cap, the surplus, then the
components from the last filled back to the first — never more than the month's lines still
hold of each, so no component ever gets back a negative amount, even when the month's lines
were credited on different balances (a late run on balances the finance system changed). A
correction and a re-run of the corrected timesheet leave the balances as if the corrected
timesheet had come first (crediting in order is additive: two amounts one after the other
take what their sum takes at once).

Example: 8.10 2,5 h (78,50 zł) of 1001's October reversed by K/7: principal +78,50 zł,
`Historia prac` gets -2,5 h / -78,50 zł "koryguje 2026-10/00003", `Historia rozliczeń` a line
"korekta K/7" of -78,50 zł.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import COMPONENTS, Debt, Debts, Params, credited_work
from odpracowanie.core.money import require
from odpracowanie.core.settlement import with_row_ids


class CorrectionRefused(Exception):
    """The correction cannot be made; the message (Polish) says why and what to do."""


@dataclass(frozen=True)
class Reversal:
    """One debtor-month's part of a correction: the rows reversed and what goes back to each
    component (grosze; hours in 1/QTY_SCALE h)."""

    account: str
    debtor: str
    month: str
    rows: pd.DataFrame
    hours: int
    value: int
    to_principal: int
    to_interest: int
    surplus: int
    capped: int
    principal_before: int
    interest_before: int
    to_costs: int = 0
    costs_before: int = 0

    @property
    def returned(self) -> int:
        return self.to_principal + self.to_interest + self.to_costs

    def to(self, component: str) -> int:
        return getattr(self, f"to_{component}")

    def before(self, component: str) -> int:
        return getattr(self, f"{component}_before")


@dataclass
class Correction:
    document: str
    reason: str
    reversals: list[Reversal]
    accounts_after: dict[str, Debt]
    work_history: pd.DataFrame
    settlements: pd.DataFrame

    @property
    def rows(self) -> int:
        """The credited rows reversed."""
        return sum(len(r.rows) for r in self.reversals)

    @property
    def returned(self) -> int:
        """What goes back onto the debts, in grosze, and to each component."""
        return sum(r.returned for r in self.reversals)

    def to(self, component: str) -> int:
        return sum(r.to(component) for r in self.reversals)


def select_rows(
    history: pd.DataFrame,
    *,
    account: str | None = None,
    month: str | None = None,
    row_ids: Sequence[str] = (),
) -> pd.DataFrame:
    """The credited rows a correction names: a debtor-month's, or rows by ID. Refused when
    it names nothing credited, a row that does not exist, or one reversed already."""
    reverses = history["reverses"].fillna("").astype(str)
    done = dict(zip(reverses[reverses != ""], history.loc[reverses != "", "document"], strict=True))
    if row_ids:
        known = set(history["row_id"])
        for row_id in row_ids:
            if row_id not in known:
                raise CorrectionRefused(labels.STOP_NO_ROW.format(row=row_id))
            if row_id in done:
                raise CorrectionRefused(
                    labels.STOP_ROW_REVERSED.format(row=row_id, document=done[row_id])
                )
        chosen = history[history["row_id"].isin(set(row_ids))]
        entries = chosen[chosen["reverses"].fillna("") != ""]
        if not entries.empty:
            raise CorrectionRefused(
                labels.STOP_ROW_IS_CORRECTION.format(row=entries["row_id"].iloc[0])
            )
        return chosen
    chosen = credited_work(history)
    chosen = chosen[(chosen["account"] == account) & (chosen["month"] == month)]
    if chosen.empty:
        raise CorrectionRefused(
            labels.STOP_NOTHING_CREDITED.format(
                account=account, month=labels.format_month_text(month)
            )
        )
    return chosen


def correct(
    debts: Debts,
    params: Params,
    rows: pd.DataFrame,
    *,
    reason: str,
    document: str,
    posting: str = "",
) -> Correction:
    """Reverse `rows` (credited rows of `debts.work_history`); pure: the new ledger's tables.
    `posting`: the posting document that carries the reversal to the finance system."""
    accounts = dict(debts.accounts)
    settled = debts.settlements
    lines = []
    reversals = []
    for (account, month), group in rows.groupby(["account", "month"], sort=True):
        debt = accounts.get(account)
        of_month = settled[(settled["account"] == account) & (settled["month"] == month)]
        credit = of_month[of_month["entry"].fillna("") == ""]
        if debt is None or credit.empty:
            raise CorrectionRefused(
                labels.STOP_NO_SETTLEMENT.format(
                    account=account, month=labels.format_month_text(month)
                )
            )
        reversal = _reverse(debt, params, of_month, group, month)
        reversals.append(reversal)
        accounts[account] = replace(debt, **{c: debt.part(c) + reversal.to(c) for c in COMPONENTS})
        lines.append(_line(reversal, document, posting))
    history = pd.concat(
        [debts.work_history, _reversing_rows(rows, reason, document)], ignore_index=True
    )
    history = with_row_ids(
        history.sort_values(["month", "account", "date"], kind="stable", ignore_index=True)
    )
    settlements = pd.concat([settled, pd.DataFrame(lines)], ignore_index=True)
    return Correction(document, reason, reversals, accounts, history, settlements)


def _reverse(
    debt: Debt,
    params: Params,
    of_month: pd.DataFrame,
    rows: pd.DataFrame,
    month: str,
) -> Reversal:
    """What `rows` had taken from each component of `month`: the last `value` grosze the
    month's lines took, taken back in the reverse of the order they were filled (the part
    above a cap first, then the surplus, then the components from the last credited to the
    first), never more than the month still holds of each (earlier corrections counted)."""
    value = int(rows["value"].sum())
    order = [*("capped", "surplus"), *(f"to_{c}" for c in reversed(params.allocation_order))]
    held = {f: int(of_month[f].sum()) for f in order}
    back, remaining = {}, value
    for f in order:
        back[f] = min(remaining, max(held[f], 0))
        remaining -= back[f]
    require(
        remaining == 0,  # every grosz of the rows accounted for
        f"a reversal of {value} gr is more than the month holds: {held}",
    )
    hours = int(rows.loc[rows["unit"] == labels.UNIT_HOURS, "qty"].sum())
    return Reversal(
        debt.account,
        debt.debtor,
        month,
        rows,
        hours,
        value,
        **back,
        **{f"{c}_before": debt.part(c) for c in COMPONENTS},
    )


def _line(reversal: Reversal, document: str, posting: str = "") -> dict:
    """The correcting line of `Historia rozliczeń`: the month's amounts, negative."""
    return {
        "month": reversal.month,
        "account": reversal.account,
        "entry": labels.CORRECTION_ENTRY.format(document=document),
        "debtor": reversal.debtor,
        "hours": -reversal.hours,
        "value": -reversal.value,
        "transfers": 0,
        "surplus": -reversal.surplus,
        "capped": -reversal.capped,
        **{f"to_{c}": -reversal.to(c) for c in COMPONENTS},
        **{f"{c}_before": reversal.before(c) for c in COMPONENTS},
        **{f"{c}_after": reversal.before(c) + reversal.to(c) for c in COMPONENTS},
        "approval": "",
        "posting": posting if any(reversal.to(c) for c in COMPONENTS) else "",
    }


def _reversing_rows(rows: pd.DataFrame, reason: str, document: str) -> pd.DataFrame:
    """One row per reversed row: the same work, the opposite quantity and value, pointing at
    it (its ID is given when the ledger is written)."""
    return rows.assign(
        qty=-rows["qty"].astype("int64"),
        value=-rows["value"].astype("int64"),
        reverses=rows["row_id"],
        reason=reason,
        document=document,
        row_id="",
    )


@dataclass
class Approval:
    """The Mayor's decision on a month's credits (§5.20): the new ledger's tables, and which
    accounts were approved and which rejected (their credits reversed)."""

    approved: list[str]
    rejected: list[str]
    correction: Correction


def approve(
    debts: Debts,
    params: Params,
    month: str,
    *,
    decision: str,
    day: str,
    rejected: Sequence[str] = (),
    posting: str = "",
) -> Approval:
    """Approve the month's credits still awaiting a decision; reverse those of `rejected`
    accounts as a correction with the decision as its reason and document."""
    settled = debts.settlements
    waiting = (settled["month"] == month) & (
        settled["approval"].fillna("") == labels.APPROVAL_AWAITING
    )
    accounts = sorted(set(settled.loc[waiting, "account"]))
    if not accounts:
        raise CorrectionRefused(
            labels.STOP_NOTHING_TO_APPROVE.format(month=labels.format_month_text(month))
        )
    for account in rejected:
        if account not in accounts:
            raise CorrectionRefused(
                labels.STOP_REJECT_UNKNOWN.format(
                    account=account, month=labels.format_month_text(month)
                )
            )
    work = credited_work(debts.work_history)
    rows = work[(work["month"] == month) & work["account"].isin(set(rejected))]
    if rows.empty:
        result = Correction(
            decision, decision, [], dict(debts.accounts), debts.work_history, settled.copy()
        )
    else:
        result = correct(
            debts,
            params,
            rows,
            reason=labels.REJECTION_REASON.format(decision=decision),
            document=decision,
            posting=posting,
        )
    lines = result.settlements
    waiting = (lines["month"] == month) & (lines["approval"].fillna("") == labels.APPROVAL_AWAITING)
    no = lines["account"].isin(set(rejected))
    lines.loc[waiting & ~no, "approval"] = labels.APPROVAL_APPROVED.format(
        decision=decision, day=day
    )
    lines.loc[waiting & no, "approval"] = labels.APPROVAL_REJECTED.format(
        decision=decision, day=day
    )
    return Approval([a for a in accounts if a not in set(rejected)], sorted(set(rejected)), result)
