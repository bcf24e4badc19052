"""`ledger check` (SPEC §7): a ledger's arithmetic, its correcting entries, an archive's files.

Each arithmetic fact the check knows is a relation over a set of cells, holding when its
residual is 0:
- per `Historia rozliczeń` line and component: before − credited − after (`balance`);
- per line: value − to principal − to interest − to costs − surplus − above the cap (`parts`);
- per account-month, within the months `Historia prac` keeps: its lines' value (less wage
  transfers) and hours − the value and hours of its `Historia prac` rows (`work`, `hours`);
- per account and component, never reported on its own: each line's after is the before of
  another of its lines or the account's balance in `Zadłużenie` (the chain). A run on the
  finance system's export (`--history`) takes balances that moved since, so a broken chain
  alone says nothing; the lines of a late run stand in month order, not in the order of the
  runs, so the chain is a match of values, not of neighbouring lines.

A hand-edited cell breaks every relation it belongs to, in the same way: the cell whose value
as the other cells imply it sets right the most broken relations, every one it belongs to, is
named (LEDGER_CELL_EDITED), and the relations it explains are not reported at their other
cells; so is the only such cell of a broken relation. A value no ledger holds (a balance below
zero, an amount of the other sign than its line's) is no explanation. A broken relation that no
one cell explains is reported as it is: LEDGER_BALANCE at the line's after or value,
LEDGER_HISTORY at the account-month's first line. LEDGER_REVERSAL: a correcting row that
points at no row, or does not undo it exactly. (An archive's files are checked by
`readers.archive.check_archive`, a ledger against its archived copy by `readers.ledger_copy`.)
Example: 100 zł typed over `Na należność główną` (H2) breaks the line's principal (before −
credited ≠ after) and its parts (value ≠ the sum): LEDGER_CELL_EDITED at H2, "w komórce
1 607,20 zł, a z pozostałych komórek wynika 1 507,20 zł", and nothing at F2 or N2.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import COMPONENTS, Debts
from odpracowanie.core.money import qty_text
from odpracowanie.issues import Issue, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "LEDGER_BALANCE",
    "LEDGER_CELL_EDITED",
    "LEDGER_HISTORY",
    "LEDGER_REVERSAL",
)

PARTS = (*(f"to_{c}" for c in COMPONENTS), "surplus", "capped")
AMOUNTS = (
    "hours",
    "value",
    "transfers",
    *PARTS,
    *(f"{c}_before" for c in COMPONENTS),
    *(f"{c}_after" for c in COMPONENTS),
)

# A relation: ("balance", line, component), ("parts", line), ("work", month, account),
# ("hours", month, account) or ("chain", account, component); `line` is a position in
# `Historia rozliczeń` (0 for its first line).
Key = tuple


@dataclass(frozen=True)
class Guess:
    """A cell taken for the edited one: the value the other cells say it held, and the broken
    relations that value sets right."""

    line: int
    field: str
    value: int
    fixes: tuple[Key, ...]


def check_ledger(debts: Debts) -> list[Issue]:
    """Every arithmetic and reference check of the ledger's history sheets."""
    return _arithmetic(debts) + _reversals(debts)


def _where(table: pd.DataFrame, index: int, field: str, file: str) -> dict[str, object]:
    row = int(table.at[index, "_row"])
    letter = table.attrs.get("letters", {}).get(field, "")
    return {
        "file": file,
        "sheet": table.attrs.get("sheet", ""),
        "row": row,
        "cell": f"{letter}{row}" if letter else "",
        "account": table.at[index, "account"],
    }


class Relations:
    """The ledger's relations, their residuals (arrays, one pass over the sheets), and for a
    cell the relations it belongs to."""

    def __init__(self, debts: Debts) -> None:
        lines = debts.settlements
        self.debts, self.lines = debts, lines
        self.letters = lines.attrs.get("letters", {})
        self.value = {f: lines[f].to_numpy(dtype="int64") for f in AMOUNTS}
        self.month = lines["month"].to_numpy(dtype=object)
        self.account = lines["account"].to_numpy(dtype=object)
        v = self.value
        self.balance = {c: v[f"{c}_before"] - v[f"to_{c}"] - v[f"{c}_after"] for c in COMPONENTS}
        self.parts = v["value"] - sum(v[p] for p in PARTS)
        self.members = {
            (m, a): positions
            for (m, a), positions in lines.groupby(["month", "account"], sort=True).indices.items()
        }
        self.by_account = lines.groupby("account").indices
        self._history()

    def _history(self) -> None:
        """Per account-month: the lines' work and hours against `Historia prac`'s, within
        the months it keeps; and whether `Historia prac` has cells of its own in the relation."""
        work = self.debts.work_history
        self.work: dict[tuple, int] = {}
        self.hours: dict[tuple, int] = {}
        self.rows: dict[tuple, int] = {}
        self.hour_rows: dict[tuple, int] = {}
        if work.empty or self.lines.empty:
            return
        first = min(work["month"])
        is_hours = (work["unit"] == labels.UNIT_HOURS).to_numpy()
        done = (
            pd.DataFrame(
                {
                    "month": work["month"].to_numpy(),
                    "account": work["account"].to_numpy(),
                    "value": work["value"].to_numpy(dtype="int64"),
                    "hours": np.where(is_hours, work["qty"].to_numpy(dtype="int64"), 0),
                    "rows": 1,
                    "hour_rows": is_hours.astype("int64"),
                }
            )
            .groupby(["month", "account"])
            .sum()
        )
        said = (
            pd.DataFrame(
                {
                    "month": self.month,
                    "account": self.account,
                    "work": self.value["value"] - self.value["transfers"],
                    "hours": self.value["hours"],
                }
            )
            .groupby(["month", "account"])
            .sum()
        )
        said = said[said.index.get_level_values("month") >= first]
        both = said.join(done.add_suffix("_done"), how="left").fillna(0).astype("int64")
        keys = list(both.index)
        self.work = dict(zip(keys, (both["work"] - both["value_done"]).tolist(), strict=True))
        self.hours = dict(zip(keys, (both["hours"] - both["hours_done"]).tolist(), strict=True))
        self.rows = dict(zip(keys, both["rows_done"].tolist(), strict=True))
        self.hour_rows = dict(zip(keys, both["hour_rows_done"].tolist(), strict=True))

    def residual(self, key: Key) -> int:
        """What the relation's cells add up to, each by its coefficient: 0 when it holds."""
        kind = key[0]
        if kind == "balance":
            return int(self.balance[key[2]][key[1]])
        if kind == "parts":
            return int(self.parts[key[1]])
        return (self.work if kind == "work" else self.hours)[key[1:]]

    def cells(self, key: Key) -> list[tuple[int, str, int]]:
        """The relation's cells in `Historia rozliczeń`: (line, field, coefficient)."""
        kind = key[0]
        if kind == "balance":
            i, c = key[1], key[2]
            return [(i, f"{c}_before", 1), (i, f"to_{c}", -1), (i, f"{c}_after", -1)]
        if kind == "parts":
            return [(key[1], "value", 1), *((key[1], p, -1) for p in PARTS)]
        members = self.members[key[1:]]
        if kind == "work":
            return [(int(i), f, k) for i in members for f, k in (("value", 1), ("transfers", -1))]
        return [(int(i), "hours", 1) for i in members]

    def elsewhere(self, key: Key) -> bool:
        """Whether the relation holds cells of `Historia prac` too (any of which may be the
        edited one: the check cannot tell them from a line's cell)."""
        kind = key[0]
        if kind == "work":
            return self.rows.get(key[1:], 0) > 0
        if kind == "hours":
            return self.hour_rows.get(key[1:], 0) > 0
        return False

    def holding(self, i: int, field: str) -> list[tuple[Key, int]]:
        """The relations (and the cell's coefficient in each) that the line's cell belongs to."""
        group = (self.month[i], self.account[i])
        found: list[tuple[Key, int]] = []
        for c in COMPONENTS:
            if field == f"{c}_before":
                found.append((("balance", i, c), 1))
            elif field in (f"to_{c}", f"{c}_after"):
                found.append((("balance", i, c), -1))
        if field == "value":
            found.append((("parts", i), 1))
        elif field in PARTS:
            found.append((("parts", i), -1))
        if field in ("value", "transfers") and group in self.work:
            found.append((("work", *group), 1 if field == "value" else -1))
        if field == "hours" and group in self.hours:
            found.append((("hours", *group), 1))
        return found

    def chain_holds(self, account: str, c: str, change: tuple[int, str, int] | None = None) -> bool:
        """Each after of the account's lines is a before of another line or the account's
        balance (with the line's cell `change` given another value)."""
        positions = self.by_account[account]
        befores = self.value[f"{c}_before"][positions].tolist()
        afters = self.value[f"{c}_after"][positions].tolist()
        if change is not None:
            i, field, value = change
            at = int(np.flatnonzero(positions == i)[0])
            (befores if field == f"{c}_before" else afters)[at] = value
        pool = Counter(befores)
        debt = self.debts.accounts.get(account)
        if debt is not None:
            pool[debt.part(c)] += 1
        return not Counter(afters) - pool

    def sign_fits(self, i: int, field: str, value: int) -> bool:
        """A balance is never below zero; a line's amounts share its sign (a credit's are
        positive, a correcting line's negative)."""
        if field.endswith(("_before", "_after")):
            return value >= 0
        if field == "value":
            reference = sum(int(self.value[p][i]) for p in PARTS)
        else:
            reference = int(self.value["value"][i])
        return value * reference >= 0

    def guess(self, i: int, field: str, value: int) -> Guess | None:
        """The line's cell taken as holding `value`: the broken relations set right, or None
        when that would break a relation that holds or leave one of the cell's broken (one
        edited cell breaks all its relations, and its old value sets all of them right; the
        chain, which may be broken by finance's balances, only counts when it is set right or
        broken)."""
        if not self.sign_fits(i, field, value):
            return None
        delta = value - int(self.value[field][i])
        fixes = []
        for key, k in self.holding(i, field):
            if self.residual(key) + k * delta:
                return None  # breaks a relation that holds, or leaves one of its own broken
            if self.residual(key):
                fixes.append(key)
        for c in COMPONENTS:
            if field in (f"{c}_before", f"{c}_after"):
                account = self.account[i]
                held = self.chain_holds(account, c)
                holds = self.chain_holds(account, c, (i, field, value))
                if held and not holds:
                    return None
                if holds and not held:
                    fixes.append(("chain", account, c))
        return Guess(i, field, value, tuple(fixes))

    def explain(self, key: Key) -> Guess | None:
        """The one cell of a broken relation that, given the value the relation implies,
        sets right the most broken relations and breaks none; None when no one cell does."""
        residual = self.residual(key)
        guesses = []
        for i, field, k in self.cells(key):
            if not self.letters.get(field):
                continue  # a column the ledger does not have (costs, transfers)
            found = self.guess(i, field, int(self.value[field][i]) - k * residual)
            if found is not None:
                guesses.append(found)
        if not guesses:
            return None
        best = max(len(g.fixes) for g in guesses)
        winners = [g for g in guesses if len(g.fixes) == best]
        if len(winners) != 1 or (best == 1 and self.elsewhere(key)):
            return None
        return winners[0]


def _arithmetic(debts: Debts) -> list[Issue]:
    lines = debts.settlements
    if lines.empty:
        return []
    relations = Relations(debts)
    issues: list[Issue] = []
    explained: set[Key] = set()

    def named(guess: Guess) -> Issue:
        explained.update(guess.fixes)
        is_hours = guess.field == "hours"

        def text(value: int) -> str:
            return f"{qty_text(value)} h" if is_hours else labels.format_money(value)

        return make_issue(
            "LEDGER_CELL_EDITED",
            **_where(lines, lines.index[guess.line], guess.field, debts.file),
            what=labels.ledger_cell_name(guess.field),
            found=text(int(relations.value[guess.field][guess.line])),
            expected=text(guess.value),
        )

    broken_lines = sorted(
        set(np.flatnonzero(relations.parts).tolist()).union(
            *(np.flatnonzero(relations.balance[c]).tolist() for c in COMPONENTS)
        )
    )
    for i in broken_lines:
        keys = [("balance", i, c) for c in COMPONENTS if relations.balance[c][i]]
        keys += [("parts", i)] if relations.parts[i] else []
        for key in keys:
            if key in explained:
                continue
            guess = relations.explain(key)
            if guess is not None:
                issues.append(named(guess))
            else:
                issues.append(_as_it_is(relations, key, debts.file))
    for group in relations.work:
        keys = [
            key
            for key in (("work", *group), ("hours", *group))
            if relations.residual(key) and key not in explained
        ]
        unexplained = False
        for key in keys:
            guess = relations.explain(key)
            if guess is not None:
                issues.append(named(guess))
            else:
                unexplained = True
        if unexplained:
            issues.append(_history_issue(relations, group, debts.file))
    return issues


def _as_it_is(relations: Relations, key: Key, file: str) -> Issue:
    """A broken line relation that no one cell explains, at the line's after or value."""
    lines, money = relations.lines, labels.format_money
    i = key[1]
    value = relations.value
    if key[0] == "balance":
        c = key[2]
        before, paid, after = (int(value[f][i]) for f in (f"{c}_before", f"to_{c}", f"{c}_after"))
        return make_issue(
            "LEDGER_BALANCE",
            **_where(lines, lines.index[i], f"{c}_after", file),
            found=money(after),
            expected=f"{money(before)} − {money(paid)} = {money(before - paid)}",
        )
    parts = sum(int(value[p][i]) for p in PARTS)
    return make_issue(
        "LEDGER_BALANCE",
        **_where(lines, lines.index[i], "value", file),
        found=money(int(value["value"][i])),
        expected=f"{money(parts)} ({labels.LEDGER_PARTS})",
    )


def _history_issue(relations: Relations, group: tuple, file: str) -> Issue:
    """An account-month whose lines do not say what its `Historia prac` rows do, at its first
    line's value."""
    lines = relations.lines
    first = int(relations.members[group][0])
    members = relations.members[group]
    work = int((relations.value["value"][members] - relations.value["transfers"][members]).sum())
    hours = int(relations.value["hours"][members].sum())
    done_work = work - relations.work[group]
    done_hours = hours - relations.hours[group]
    return make_issue(
        "LEDGER_HISTORY",
        **_where(lines, lines.index[first], "value", file),
        month=labels.format_month_text(group[0]),
        found=f"{labels.format_money(work)}, {qty_text(hours)} h",
        expected=f"{labels.format_money(done_work)}, {qty_text(done_hours)} h",
    )


def _reversals(debts: Debts) -> list[Issue]:
    work = debts.work_history
    if work.empty or "reverses" not in work:
        return []
    by_id = work.set_index("row_id")
    issues = []
    for i in work.index[work["reverses"].fillna("") != ""]:
        target = work.at[i, "reverses"]
        where = _where(work, i, "reverses", debts.file)
        if target not in by_id.index:
            issues.append(
                make_issue("LEDGER_REVERSAL", **where, row_id=target, what=labels.LEDGER_NO_ROW)
            )
            continue
        original = by_id.loc[target]
        if (
            int(original["qty"]) != -int(work.at[i, "qty"])
            or int(original["value"]) != -int(work.at[i, "value"])
            or original["account"] != work.at[i, "account"]
        ):
            issues.append(
                make_issue(
                    "LEDGER_REVERSAL", **where, row_id=target, what=labels.LEDGER_NOT_OPPOSITE
                )
            )
    return issues
