"""Hour limits (SPEC §3, rules §3.6): QTY_DAY_MAX, HOURS_WEEK_MAX, HOURS_MONTH_MAX, HOURS_WEEK_MIN.

Only rows in hours count (area and piece rates do not). The weekly and monthly limits count the
accepted hours of one debt account — the debtor's and their proxies' together — over every file
of the batch plus the hours already credited (`history`, from `Historia prac`), so an ISO week
that spans two months is checked whole. The issue points at the row that crosses the limit.
Example: 38 h in the first days of a week credited in September and 4 h on 1 October -> the
1 October row gets HOURS_WEEK_MAX (42 h > 40 h).
"""

from __future__ import annotations

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.model import Program
from odpracowanie.core.money import QTY_SCALE, qty_to_decimal
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "HOURS_MONTH_MAX",
    "HOURS_WEEK_MAX",
    "HOURS_WEEK_MIN",
    "QTY_DAY_MAX",
)


def _hours_text(qty: int) -> str:
    return labels.format_number(qty_to_decimal(int(qty)))


def _week_text(monday: pd.Timestamp) -> str:
    sunday = monday + pd.Timedelta(days=6)
    return f"{monday:%d.%m}–{sunday:%d.%m.%Y}"


def hour_rows(work: pd.DataFrame) -> pd.DataFrame:
    """Checked rows in hours with a readable date and a positive quantity; not rows credited
    before, nor new statements of credited work (that work's hours are in the history)."""
    ok = (
        work["_checked"]
        & work["_account_known"]
        & work["_in_month"]
        & ~work["_already"]
        & ~work["_changed"]
        & work["qty"].notna()
        & (work["unit_kind"] == labels.UNIT_HOURS)
    )
    rows = work[ok]
    return rows[rows["qty"] > 0]


def check_hours(
    work: pd.DataFrame, frame: Frame, program: Program | None, history: pd.DataFrame | None
) -> list[Issue]:
    rows = hour_rows(work)
    rows = rows[~rows["_dup_other_file"]]  # a second copy of a row is reported once, as such
    issues = check_day_max(rows, frame, history)
    # A worker-day over 24 h is a typo already reported; it does not count toward the limits.
    impossible = {(i.file, i.row) for i in issues}
    params = program.params if program is not None else None
    if params is None:
        from odpracowanie.core.model import Params

        params = Params()
    credited = rows[(rows["accepted"] == True)]  # noqa: E712
    if impossible:
        ids = worker_ids(rows)
        days = {
            (ids[i], rows.at[i, "date"])
            for i in rows.index
            if (rows.at[i, "file"], int(rows.at[i, "_row"])) in impossible
        }
        who = ids[credited.index]
        keep = [(w, d) not in days for w, d in zip(who, credited["date"], strict=True)]
        credited = credited[keep]
    if credited.empty:
        return issues
    batch = credited[["account", "date", "qty", "month_first", "month_last"]].copy()
    batch["qty"] = batch["qty"].astype("int64")
    batch["pos"] = batch.index
    past = history if history is not None else None
    combined = batch
    if past is not None and not past.empty:
        past = past[past["account"].isin(set(batch["account"]))]
        past = past.assign(pos=-1, month_first=pd.NaT, month_last=pd.NaT)
        combined = pd.concat([past[combined.columns], batch], ignore_index=True)
    combined["monday"] = combined["date"] - pd.to_timedelta(combined["date"].dt.day_of_week, "D")
    combined["month"] = combined["date"].dt.to_period("M")
    # Hours already credited come first, whatever their date: of a late timesheet's week that
    # a later month's credited hours already fill, the new row is the one over the limit.
    combined["new"] = combined["pos"] >= 0
    combined = combined.sort_values(["account", "new", "date", "pos"], kind="stable")

    issues += _over_limit(
        combined,
        ["account", "monday"],
        params.max_hours_week,
        "HOURS_WEEK_MAX",
        frame,
        lambda key: {"week": _week_text(key[1])},
    )
    issues += _over_limit(
        combined,
        ["account", "month"],
        params.max_hours_month,
        "HOURS_MONTH_MAX",
        frame,
        lambda key: {"month": labels.format_month((key[1].year, key[1].month))},
    )
    issues += _under_minimum(combined, params.min_hours_week, frame, has_history=past is not None)
    return issues


def _over_limit(combined, keys, limit, code, frame, fields) -> list[Issue]:
    limit_qty = int(limit) * QTY_SCALE
    data = combined.copy()
    data["cum"] = data.groupby(keys, sort=False)["qty"].cumsum()
    data["total"] = data.groupby(keys, sort=False)["qty"].transform("sum")
    over = data[(data["pos"] >= 0) & (data["cum"] > limit_qty)]
    first = over.groupby(keys, sort=False).head(1)
    issues = []
    for row in first.itertuples(index=False):
        key = tuple(getattr(row, k) for k in keys)
        issues.append(
            make_issue(
                code,
                **frame.where(int(row.pos), "qty"),
                account=row.account,
                found=_hours_text(row.total),
                expected=limit,
                **fields(key),
            )
        )
    return issues


def _under_minimum(combined, minimum, frame, *, has_history: bool) -> list[Issue]:
    """A week with some work but fewer hours than the minimum (warning).

    Only weeks that have ended inside the month are judged; a week that began in the previous
    month only when the hours credited then are known (history given).
    """
    if not minimum:
        return []
    data = combined.copy()
    grouped = data.groupby(["account", "monday"], sort=False)
    data["total"] = grouped["qty"].transform("sum")
    batch = data[data["pos"] >= 0]
    sunday = batch["monday"] + pd.Timedelta(days=6)
    judged = (sunday <= batch["month_last"]) & (
        has_history | (batch["monday"] >= batch["month_first"])
    )
    short = batch[judged & (batch["total"] < int(minimum) * QTY_SCALE)]
    first = short.groupby(["account", "monday"], sort=False).head(1)
    return [
        make_issue(
            "HOURS_WEEK_MIN",
            **frame.where(int(row.pos), "date"),
            account=row.account,
            found=_hours_text(row.total),
            expected=minimum,
            week=_week_text(row.monday),
        )
        for row in first.itertuples(index=False)
    ]


def worker_ids(rows: pd.DataFrame) -> pd.Series:
    """Who worked: a blank `Wykonawca` or the debtor's own name is the account's debtor."""
    before, after = Say.ACCOUNT_WORKER.split("{account}")  # one vector step, not a format per row
    return rows["worker_id"].where(rows["worker_id"] != "", before + rows["account"] + after)


def check_day_max(
    rows: pd.DataFrame, frame: Frame, history: pd.DataFrame | None = None
) -> list[Issue]:
    """QTY_DAY_MAX: more than 24 h for one worker on one day, over all files and accounts,
    and over the hours of that day credited by earlier runs (`history`: account, worker_id,
    date, qty), so a late timesheet cannot add a second day's work to a credited one."""
    if rows.empty:
        return []
    who = worker_ids(rows)
    data = pd.DataFrame(
        {"who": who, "date": rows["date"], "qty": rows["qty"].astype("int64"), "pos": rows.index}
    )
    if history is not None and not history.empty and "worker_id" in history:
        past = history[history["date"].isin(set(rows["date"]))]
        if not past.empty:
            data = pd.concat(
                [
                    pd.DataFrame(
                        {
                            "who": worker_ids(past).to_numpy(),
                            "date": past["date"].to_numpy(),
                            "qty": past["qty"].astype("int64").to_numpy(),
                            "pos": -1,
                        }
                    ),
                    data,
                ],
                ignore_index=True,
            )
    data = data.sort_values(["who", "date", "pos"], kind="stable")
    data["cum"] = data.groupby(["who", "date"], sort=False)["qty"].cumsum()
    data["total"] = data.groupby(["who", "date"], sort=False)["qty"].transform("sum")
    over = data[(data["cum"] > 24 * QTY_SCALE) & (data["pos"] >= 0)]
    over = over.groupby(["who", "date"], sort=False).head(1)
    issues = []
    for row in over.itertuples(index=False):
        index = int(row.pos)
        name = rows.at[index, "worker"] or rows.at[index, "debtor"] or row.who
        issues.append(
            make_issue(
                "QTY_DAY_MAX",
                **frame.where(index, "qty"),
                account=rows.at[index, "account"],
                worker=name,
                found=_hours_text(row.total),
                day=labels.format_date(row.date.date()),
            )
        )
    return issues
