"""DUPLICATE_ROW (SPEC §3): the same account, date, worker, work code and quantity twice.

Across two files it is an error (two versions of one timesheet: the debtor is withheld until
PGM knows which is right); inside one file a warning (a supervisor may split a day in two).
Example: `karta_b.xlsx` repeats row 12 of `karta_a.xlsx` -> an error at `karta_b.xlsx` row 12.
"""

from __future__ import annotations

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.money import qty_to_decimal
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, Severity, make_issue

# `worker_id` is "" for the debtor (a blank Wykonawca or the debtor's own name), else the name.
KEY = ("account", "date", "worker_id", "code", "qty")


def check_already_credited(
    work: pd.DataFrame, frame: Frame, history: pd.DataFrame | None
) -> list[Issue]:
    """ALREADY_CREDITED (warning): rows credited by an earlier run are skipped, never twice.

    So re-running a month, or running it again with a late timesheet added, credits only what
    is new. One issue per timesheet and account, at the first such row, with the count.
    Marks `work['_already']`.
    """
    work["_already"] = False
    if history is None or history.empty or work.empty:
        return []
    keys = list(KEY)
    past = history[keys].drop_duplicates()
    past = past.assign(_months=history.groupby(keys)["month"].transform(
        lambda m: ", ".join(sorted(set(m)))).loc[past.index])
    candidates = work[work["_checked"]].dropna(subset=["date", "qty"])
    if candidates.empty:
        return []
    probe = candidates[keys].copy()
    probe["qty"] = probe["qty"].astype("int64")
    probe["_index"] = candidates.index
    past = past.astype({"qty": "int64"})
    hits = probe.merge(past, on=keys, how="inner")
    if hits.empty:
        return []
    work.loc[hits["_index"].to_numpy(), "_already"] = True
    hits["_src"] = work.loc[hits["_index"], "_src"].to_numpy()
    hits["_row"] = work.loc[hits["_index"], "_row"].to_numpy()
    hits = hits.sort_values(["_src", "_row"])
    issues = []
    for (_, account), group in hits.groupby(["_src", "account"], sort=False):
        first = int(group["_index"].iloc[0])
        count = len(group)
        issues.append(make_issue(
            "ALREADY_CREDITED", **frame.where(first, "date"), account=account,
            count=Say.ALREADY_ROWS.format(account=account, rows=labels.rows_text(count)),
            months=", ".join(sorted(set(", ".join(group["_months"]).split(", "))))))
    return issues


def check_duplicate_rows(work: pd.DataFrame, frame: Frame) -> list[Issue]:
    """Marks `work['_dup_other_file']` and returns one issue per repeated row."""
    work["_dup_other_file"] = False
    rows = work[work["_checked"] & ~work["_already"]].dropna(subset=["date", "qty"])
    rows = rows[(rows["account"] != "") & (rows["code"] != "")]
    if rows.empty:
        return []
    keys = list(KEY)
    repeated = rows.duplicated(subset=keys, keep=False)
    rows = rows[repeated]
    if rows.empty:
        return []
    first = rows.reset_index().groupby(keys, sort=False)["index"].transform("first")
    first.index = rows.index
    issues: list[Issue] = []
    for index, first_index in first.items():
        if index == first_index:
            continue
        same_file = work.at[index, "file"] == work.at[first_index, "file"]
        same_sheet = work.at[index, "_src"] == work.at[first_index, "_src"]
        other_row = int(work.at[first_index, "_row"])
        if same_sheet:
            other = Say.IN_THIS_FILE.format(row=other_row)
        elif same_file:
            other = Say.IN_OTHER_SHEET.format(
                sheet=frame.sources[int(work.at[first_index, "_src"])][1], row=other_row)
        else:
            other = Say.IN_OTHER_FILE.format(file=work.at[first_index, "file"], row=other_row)
        if not same_file:
            work.at[index, "_dup_other_file"] = True
        what = (f"{work.at[index, 'account']}, {labels.format_date(work.at[index, 'date'].date())}"
                f", {work.at[index, 'code']}, "
                f"{labels.format_number(qty_to_decimal(int(work.at[index, 'qty'])))}")
        issues.append(make_issue(
            "DUPLICATE_ROW", **frame.where(index, "date"), account=work.at[index, "account"],
            severity=Severity.WARNING if same_file else Severity.ERROR, what=what, other=other))
    return issues
