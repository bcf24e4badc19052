"""`ledger check` (SPEC §7): a ledger's arithmetic, its correcting entries, an archive's files.

A ledger is hand-edited when its numbers no longer follow from each other; each finding names
the cell:
- LEDGER_BALANCE: in a `Historia rozliczeń` line, before − credited ≠ after (principal,
  interest or costs), or value ≠ to principal + to interest + to costs + surplus + above the cap;
- LEDGER_HISTORY: an account-month's work in `Historia prac` (value, hours) ≠ its lines in
  `Historia rozliczeń` (less wage transfers), within the months `Historia prac` keeps;
- LEDGER_REVERSAL: a correcting row that points at no row, or does not undo it exactly.
(An archive's files are checked by `readers.archive.check_archive`.)
Example: a principal after of 4 700,00 zł typed over 4 748,80 zł -> LEDGER_BALANCE at that cell.
"""

from __future__ import annotations

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import COMPONENTS, Debts
from odpracowanie.core.money import qty_text
from odpracowanie.issues import Issue, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "LEDGER_BALANCE",
    "LEDGER_HISTORY",
    "LEDGER_REVERSAL",
)


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


def check_ledger(debts: Debts) -> list[Issue]:
    """Every arithmetic and reference check of the ledger's history sheets."""
    return _balances(debts) + _history(debts) + _reversals(debts)


def _balances(debts: Debts) -> list[Issue]:
    lines, issues = debts.settlements, []
    money = labels.format_money
    for i in lines.index:
        for part in COMPONENTS:
            before, paid, after = (
                int(lines.at[i, f]) for f in (f"{part}_before", f"to_{part}", f"{part}_after")
            )
            if before - paid != after:
                issues.append(
                    make_issue(
                        "LEDGER_BALANCE",
                        **_where(lines, i, f"{part}_after", debts.file),
                        found=money(after),
                        expected=f"{money(before)} − {money(paid)} = {money(before - paid)}",
                    )
                )
        parts = sum(
            int(lines.at[i, f]) for f in (*(f"to_{c}" for c in COMPONENTS), "surplus", "capped")
        )
        if parts != int(lines.at[i, "value"]):
            issues.append(
                make_issue(
                    "LEDGER_BALANCE",
                    **_where(lines, i, "value", debts.file),
                    found=money(int(lines.at[i, "value"])),
                    expected=f"{money(parts)} ({labels.LEDGER_PARTS})",
                )
            )
    return issues


def _history(debts: Debts) -> list[Issue]:
    work, lines = debts.work_history, debts.settlements
    if lines.empty:
        return []
    kept = set(work["month"]) if not work.empty else set()
    first = min(kept) if kept else None
    is_hours = work["unit"] == labels.UNIT_HOURS
    done = pd.DataFrame(
        {
            "month": work["month"],
            "account": work["account"],
            "value": work["value"].astype("int64"),
            "hours": work["qty"].where(is_hours, 0).astype("int64"),
        }
    )
    done = done.groupby(["month", "account"]).sum()
    said = (
        lines.assign(work=lines["value"] - lines["transfers"])
        .groupby(["month", "account"])
        .agg(work=("work", "sum"), hours=("hours", "sum"), _index=("work", lambda s: s.index[0]))
    )
    issues = []
    for (month, account), line in said.iterrows():
        if first is None or month < first:
            continue  # older than Historia prac keeps
        value, hours = done.loc[(month, account)] if (month, account) in done.index else (0, 0)
        if int(value) != int(line["work"]) or int(hours) != int(line["hours"]):
            issues.append(
                make_issue(
                    "LEDGER_HISTORY",
                    **_where(lines, int(line["_index"]), "value", debts.file),
                    month=labels.format_month_text(month),
                    found=f"{labels.format_money(int(line['work']))}, {qty_text(line['hours'])} h",
                    expected=f"{labels.format_money(int(value))}, {qty_text(hours)} h",
                )
            )
    return issues


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
