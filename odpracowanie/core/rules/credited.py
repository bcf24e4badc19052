"""Work credited by earlier runs (SPEC §3): ALREADY_CREDITED and CREDITED_ROW_CHANGED.

A unit's timesheet may come again for a month already run: late, corrected, or simply twice.
Its rows are compared with `Historia prac` work by work — unit, account, date, worker and work
code — counting rows of one quantity and unit of measure (a day split in two is two rows):

- a row that matches a credited one (the same quantity and unit, accepted) is ALREADY_CREDITED
  (a warning): skipped, never credited twice; so is a row that matches one the Mayor rejected
  (never credited again);
- a row beyond what was credited for that work is new work, credited as any other;
- credited work that the timesheet now states otherwise (another quantity or unit, `NIE`), or
  no longer holds at all, is CREDITED_ROW_CHANGED (an error): nothing of that debtor's is
  credited this run, and the credited amount can change only by a correction (§7). Rejected
  work is no longer credited: a timesheet corrected after the rejection states new work.

Invariant: what is credited for a unit, account, date, worker and work code never exceeds what
the latest version of the timesheet states. Example: 8.10 2,5 h of PORZ credited from ZDIZ;
ZDIZ's timesheet re-sent with 8.10 6 h -> CREDITED_ROW_CHANGED at that row, nothing credited.

Rows of ledgers written before the unit was recorded take the unit of the batch's row for the
same work; a row's absence can only be told for rows whose unit is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import month_text
from odpracowanie.core.money import qty_text
from odpracowanie.core.rules.context import Context, SentSheet
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "ALREADY_CREDITED",
    "CREDITED_ROW_CHANGED",
)

WORK = ["account", "date", "worker_id", "code"]
KEY = ["unit_key", *WORK]  # one piece of work of one unit
VARIANT = [*KEY, "qty", "unit"]  # ... as one row states it


def derive_credited(ctx: Context) -> dict[str, pd.Series]:
    """`already`: the row matches work credited before (or rejected): it is skipped;
    `changed`: the row states credited work otherwise (it counts toward no limit again)."""
    found = _compare(ctx)
    already = pd.Series(False, index=ctx.work.index)
    changed = pd.Series(False, index=ctx.work.index)
    if found is not None:
        already[found.matched["_index"].to_numpy()] = True
        changed[found.restated] = True
    return {"already": already, "changed": changed}


def check_credited(ctx: Context) -> list[Issue]:
    """ALREADY_CREDITED (one per sheet and account) and CREDITED_ROW_CHANGED (one per
    changed piece of work)."""
    found = _compare(ctx)
    if found is None:
        return []
    issues = _already_issues(ctx.work, ctx.frame, found.matched, found.past)
    issues += _changed_issues(ctx.frame, found.rows, found.standing, found.changed, found.sent)
    return issues


@dataclass(frozen=True)
class _Comparison:
    rows: pd.DataFrame  # the batch's rows that state a piece of work
    sent: pd.DataFrame  # (unit_key, month, file, sheet) of each sheet checked
    past: pd.DataFrame  # the credited rows the batch can say anything of
    standing: pd.DataFrame  # ... of them, those not rejected
    matched: pd.DataFrame  # VARIANT and `_index` of each row found credited
    changed: pd.DataFrame  # KEY of each piece of credited work stated otherwise
    restated: pd.Index  # the rows that state changed work


def _compare(ctx: Context) -> _Comparison | None:
    """The batch's rows against the history, once per context (a hash join on the row key).

    `ctx.sent`: (unit code folded, month `YYYY-MM`, file, sheet) of each sheet checked — a
    timesheet of a unit and month holds all of its work, even when it holds no rows at all.
    """
    return ctx.once("credited", lambda: _comparison(ctx.work, ctx.history, ctx.sent))


def _comparison(
    work: pd.DataFrame, history: pd.DataFrame | None, sheets: Sequence[SentSheet]
) -> _Comparison | None:
    if history is None or history.empty:
        return None
    rows = work[
        work["checked"] & work["date"].notna() & (work["account"] != "") & (work["code"] != "")
    ]
    rows = rows.assign(unit=rows["unit_kind"], month=rows["month_first"].map(_month))
    sent = pd.DataFrame(list(sheets), columns=["unit_key", "month", "file", "sheet"], dtype=object)
    past = _relevant_history(history, rows, sent)
    if past.empty:
        return None

    accepted = rows[(rows["accepted"] == True) & rows["qty"].notna()]  # noqa: E712
    accepted = accepted.assign(qty=accepted["qty"].astype("int64"))
    counts = past.groupby(VARIANT, sort=False).size().rename("_credited").reset_index()
    probe = accepted[VARIANT].assign(
        _index=accepted.index, _nth=accepted.groupby(VARIANT, sort=False).cumcount()
    )
    probe = probe.merge(counts, on=VARIANT, how="inner")
    matched = probe[probe["_nth"] < probe["_credited"]]

    stated = accepted.groupby(VARIANT, sort=False).size().rename("_stated").reset_index()
    # Work the Mayor rejected is no longer credited: a timesheet that now states it otherwise
    # (corrected after the rejection) changes nothing credited; only the very rows rejected
    # are never credited again (above).
    standing = past[past["rejected"] == ""] if "rejected" in past else past
    credited_now = standing.groupby(VARIANT, sort=False).size().rename("_credited").reset_index()
    short = credited_now.merge(stated, on=VARIANT, how="left").fillna({"_stated": 0})
    changed = short[short["_stated"] < short["_credited"]][KEY].drop_duplicates()
    restated = rows.index[:0]
    if not changed.empty:
        is_changed = pd.MultiIndex.from_frame(rows[KEY]).isin(pd.MultiIndex.from_frame(changed))
        restated = rows.index[is_changed]
    return _Comparison(rows, sent, past, standing, matched, changed, restated)


def _month(day: pd.Timestamp) -> str:
    return "" if pd.isna(day) else month_text((day.year, day.month))


def _relevant_history(
    history: pd.DataFrame, rows: pd.DataFrame, sent: pd.DataFrame
) -> pd.DataFrame:
    """The credited rows the batch can say anything of: those of the units and months whose
    timesheets it holds, and those of the very work its rows state."""
    units = history["unit_code"] if "unit_code" in history else pd.Series("", index=history.index)
    past = history.assign(
        unit_key=units.fillna("").astype(str).str.casefold(), qty=history["qty"].astype("int64")
    )
    unknown = past["unit_key"] == ""
    if unknown.any():
        units = rows.drop_duplicates(WORK).set_index(WORK)["unit_key"]
        guessed = pd.MultiIndex.from_frame(past.loc[unknown, WORK]).map(units.to_dict().get)
        past.loc[unknown, "unit_key"] = pd.Series(guessed, index=past.index[unknown]).fillna("")
    units_months = pd.MultiIndex.from_frame(
        pd.concat([rows[["unit_key", "month"]], sent[["unit_key", "month"]]]).drop_duplicates()
    )
    of_sheets = pd.MultiIndex.from_frame(past[["unit_key", "month"]]).isin(units_months)
    of_rows = pd.MultiIndex.from_frame(past[KEY]).isin(pd.MultiIndex.from_frame(rows[KEY]))
    return past[(of_sheets | of_rows) & (past["unit_key"] != "")]


def _already_issues(
    work: pd.DataFrame, frame: Frame, matched: pd.DataFrame, past: pd.DataFrame
) -> list[Issue]:
    """One ALREADY_CREDITED per sheet and account, at the first such row, with the count."""
    if matched.empty:
        return []
    months = (
        past[[*VARIANT, "month"]].drop_duplicates().merge(matched[[*VARIANT, "_index"]], on=VARIANT)
    )
    by_row = months.groupby("_index")["month"].agg(set)
    hits = matched.assign(
        _src=work.loc[matched["_index"], "_src"].to_numpy(),
        _row=work.loc[matched["_index"], "_row"].to_numpy(),
    )
    decided = (
        past[past["rejected"] != ""][[*VARIANT, "rejected"]]
        .merge(matched[[*VARIANT, "_index"]], on=VARIANT)
        .groupby("_index")["rejected"]
        .agg(set)
        if "rejected" in past
        else pd.Series(dtype=object)
    )
    issues = []
    for (_, account), group in hits.sort_values(["_src", "_row"]).groupby(
        ["_src", "account"], sort=False
    ):
        first = int(group["_index"].iloc[0])
        seen = set().union(*(by_row.get(i, set()) for i in group["_index"]))
        rejected = set().union(*(decided.get(i, set()) for i in group["_index"]))
        count = Say.ALREADY_ROWS.format(account=account, rows=labels.rows_text(len(group)))
        if rejected:
            count += Say.ALREADY_REJECTED.format(decision=", ".join(sorted(rejected)))
        issues.append(
            make_issue(
                "ALREADY_CREDITED",
                **frame.where(first, "date"),
                account=account,
                count=count,
                months=", ".join(map(labels.format_month_text, sorted(seen))),
            )
        )
    return issues


def _amount(qty: int, unit: str) -> str:
    return f"{qty_text(qty)} {unit}"


def _changed_issues(
    frame: Frame, rows: pd.DataFrame, past: pd.DataFrame, changed: pd.DataFrame, sent: pd.DataFrame
) -> list[Issue]:
    """One CREDITED_ROW_CHANGED per changed piece of work: at its row in the timesheet, or,
    when the timesheet no longer holds it, at the unit's file for that month."""
    if changed.empty:
        return []
    credited = past.merge(changed, on=KEY)
    stated = rows.reset_index().merge(changed, on=KEY)
    first_file = sent.drop_duplicates(["unit_key", "month"]).set_index(["unit_key", "month"])
    issues = []
    for key, before in credited.groupby(KEY, sort=True):
        now = stated[(stated[KEY] == pd.Series(key, index=KEY)).all(axis=1)]
        account, day, code = key[1], key[2], key[4]
        was = " + ".join(_amount(q, u) for q, u in zip(before["qty"], before["unit"], strict=True))
        if now.empty:
            place = first_file.loc[(key[0], _month(day))]
            where = {"file": place["file"], "sheet": place["sheet"]}
            says = Say.CREDITED_GONE
        else:
            index = int(now["index"].iloc[0])
            where = frame.where(index, "qty")
            # `accepted` is a nullable boolean column: numpy's bool (never `is True`) or NA
            # (a blank or unreadable Odebrano, which is not an acceptance)
            says = ", ".join(
                _amount(q, u) if accepted else Say.NOT_ACCEPTED.format(amount=_amount(q, u))
                for q, u, accepted in zip(
                    now["qty"].fillna(0),
                    now["unit_kind"].fillna(""),
                    now["accepted"].fillna(False).astype(bool),
                    strict=True,
                )
            )
        issues.append(
            make_issue(
                "CREDITED_ROW_CHANGED",
                **where,
                account=account,
                day=labels.format_date(day.date()),
                work=code,
                credited=was,
                value=labels.format_money(int(before["value"].sum())),
                months=", ".join(map(labels.format_month_text, sorted(set(before["month"])))),
                files=", ".join(sorted(set(before["file"]) - {""})) or labels.EMPTY,
                now=says,
            )
        )
    return issues
