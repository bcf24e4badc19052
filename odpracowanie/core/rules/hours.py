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
import pandera.pandas as pa

from odpracowanie import labels
from odpracowanie.core.model import Params
from odpracowanie.core.money import QTY_SCALE, qty_to_decimal
from odpracowanie.core.rules.context import Context
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
    before, nor new statements of credited work (that work's hours are in the history), nor
    second copies of a row (reported once, as such)."""
    ok = (
        work["checked"]
        & work["account_known"]
        & work["in_month"]
        & ~work["already"]
        & ~work["changed"]
        & ~work["repeats_other_file"]
        & work["qty"].notna()
        & (work["unit_kind"] == labels.UNIT_HOURS)
    )
    # Only the columns the sums read: a filter copies every column it keeps.
    rows = work.loc[ok, ["account", "worker_id", "date", "qty", "accepted", *MONTH_BOUNDS]]
    return rows[rows["qty"] > 0]


MONTH_BOUNDS = ("month_first", "month_last")


def past_hours(history: pd.DataFrame | None) -> pd.DataFrame | None:
    """Hours credited by earlier runs (account, worker_id, date, qty); work the Mayor
    rejected was not credited, so its hours count toward no limit."""
    if history is None or history.empty:
        return None
    counted = history["rejected"] == "" if "rejected" in history else True
    return history.loc[
        (history["unit"] == labels.UNIT_HOURS) & counted, ["account", "worker_id", "date", "qty"]
    ]


def derive_hours(ctx: Context) -> dict[str, pd.Series]:
    """Per row in hours, the hours of its worker's day and of its account's ISO week and
    month up to and including it (the hours credited before first, then the batch's rows by
    date and position), and their totals.

    The day counts every row of the worker (accepted or not, over all accounts); the week and
    month the accepted rows of the account, the debtor's and the proxies' together, but not a
    day over 24 h (a typo reported as such). NA where a row counts toward no limit.
    """
    work = ctx.work
    out = {
        name: pd.Series(pd.NA, index=work.index, dtype="Int64")
        for name in [
            *("day_hours", "day_total", "week_hours", "week_total"),
            *("month_hours", "month_total"),
        ]
    }
    out["monday"] = pd.Series(pd.NaT, index=work.index, dtype="datetime64[ns]")
    out["week_judged"] = pd.Series(False, index=work.index)
    rows = hour_rows(work)
    if rows.empty:
        return out
    past = ctx.once("past_hours", lambda: past_hours(ctx.history))
    day = _day_sums(rows, past)
    out["day_hours"][day.index] = day["cum"].to_numpy()
    out["day_total"][day.index] = day["total"].to_numpy()

    credited = rows[(rows["accepted"] == True) & (day["total"] <= DAY_HOURS)]  # noqa: E712
    if credited.empty:
        return out
    batch = credited[["account", "date", "qty", "month_first", "month_last"]].copy()
    batch["qty"] = batch["qty"].astype("int64")
    batch["pos"] = batch.index
    combined = batch
    if past is not None and not past.empty:
        earlier = past[past["account"].isin(set(batch["account"]))]
        earlier = earlier.assign(pos=-1, month_first=pd.NaT, month_last=pd.NaT)
        combined = pd.concat([earlier[combined.columns], batch], ignore_index=True)
    combined["monday"] = combined["date"] - pd.to_timedelta(combined["date"].dt.day_of_week, "D")
    combined["month"] = combined["date"].dt.to_period("M")
    # Hours already credited come first, whatever their date: of a late timesheet's week that
    # a later month's credited hours already fill, the new row is the one over the limit.
    combined["new"] = combined["pos"] >= 0
    combined = combined.sort_values(["account", "new", "date", "pos"], kind="stable")
    for name, keys in (("week", ["account", "monday"]), ("month", ["account", "month"])):
        grouped = combined.groupby(keys, sort=False)["qty"]
        combined[f"{name}_hours"] = grouped.cumsum()
        combined[f"{name}_total"] = grouped.transform("sum")
    new = combined[combined["new"]]
    at = new["pos"].to_numpy()
    for name in ("week_hours", "week_total", "month_hours", "month_total"):
        out[name][at] = new[name].to_numpy()
    out["monday"][at] = new["monday"].to_numpy()
    # Only weeks that have ended inside the month are judged for the minimum; a week that
    # began in the previous month only when the hours credited then are known.
    sunday = new["monday"] + pd.Timedelta(days=6)
    judged = (sunday <= new["month_last"]) & (
        (past is not None) | (new["monday"] >= new["month_first"])
    )
    out["week_judged"][at] = judged.to_numpy()
    return out


DAY_HOURS = 24 * QTY_SCALE  # no one works more than 24 hours a day


def _day_sums(rows: pd.DataFrame, past: pd.DataFrame | None) -> pd.DataFrame:
    """Cumulative hours and total of each row's worker-day (hours credited before first),
    indexed like `rows`."""
    data = pd.DataFrame(
        {
            "who": worker_ids(rows),
            "date": rows["date"],
            "qty": rows["qty"].astype("int64"),
            "pos": rows.index,
        }
    )
    if past is not None and not past.empty:
        earlier = past[past["date"].isin(set(rows["date"]))]
        if not earlier.empty:
            data = pd.concat(
                [
                    pd.DataFrame(
                        {
                            "who": worker_ids(earlier).to_numpy(),
                            "date": earlier["date"].to_numpy(),
                            "qty": earlier["qty"].astype("int64").to_numpy(),
                            "pos": -1,
                        }
                    ),
                    data,
                ],
                ignore_index=True,
            )
    data = data.sort_values(["who", "date", "pos"], kind="stable")
    grouped = data.groupby(["who", "date"], sort=False)["qty"]
    data["cum"] = grouped.cumsum()
    data["total"] = grouped.transform("sum")
    return data[data["pos"] >= 0].set_index("pos").loc[rows.index, ["cum", "total"]]


def check_hours(ctx: Context) -> list[Issue]:
    """The hour limits as pandera checks on the derived hours; each limit is reported once
    per worker-day, week or month, at the batch's first row over it."""
    params = ctx.params
    week_max = int(params.max_hours_week) * QTY_SCALE
    month_max = int(params.max_hours_month) * QTY_SCALE
    week_min = int(params.min_hours_week or 0) * QTY_SCALE
    work = ctx.work
    checks = {
        "day_hours": [_at_most(DAY_HOURS, "QTY_DAY_MAX")],
        "week_hours": [_at_most(week_max, "HOURS_WEEK_MAX")],
        "month_hours": [_at_most(month_max, "HOURS_MONTH_MAX")],
        "week_total": [
            pa.Check(
                lambda total: ~(work.loc[total.index, "week_judged"] & (total < week_min)),
                name="HOURS_WEEK_MIN",
                ignore_na=True,
            )
        ],
    }
    schema = pa.DataFrameSchema(
        {name: pa.Column(checks=found, nullable=True) for name, found in checks.items()}
    )
    try:
        schema.validate(work[list(checks)], lazy=True)
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
        if not set(failures["check"]) <= set(CODES):  # a failure no issue would report: a bug
            raise ValueError(f"hour checks failed unnamed: {set(failures['check'])}") from errors
        failed = {
            code: pd.Index(failures.loc[failures["check"] == code, "index"].astype("int64"))
            for code in CODES
        }
        return _day_issues(ctx, failed["QTY_DAY_MAX"]) + _limit_issues(ctx, failed, params)
    return []


def _at_most(limit: int, code: str) -> pa.Check:
    return pa.Check(lambda hours: hours <= limit, name=code, ignore_na=True)


def _first_rows(work: pd.DataFrame, failed: pd.Index, keys: list[pd.Series]) -> pd.DataFrame:
    """Of the rows that failed a limit, the first (by date, then position) of each group."""
    rows = work.loc[failed].assign(_pos=failed)
    rows = rows.sort_values(["date", "_pos"], kind="stable")
    return rows.groupby([key.loc[rows.index] for key in keys], sort=False).head(1)


def _day_issues(ctx: Context, failed: pd.Index) -> list[Issue]:
    """QTY_DAY_MAX: more than 24 h for one worker on one day, over all files and accounts,
    and over the hours of that day credited by earlier runs, so a late timesheet cannot add
    a second day's work to a credited one."""
    if failed.empty:
        return []
    work = ctx.work
    rows = work.loc[failed]
    first = _first_rows(work, failed, [worker_ids(rows), rows["date"]])
    return [
        make_issue(
            "QTY_DAY_MAX",
            **ctx.frame.where(int(index), "qty"),
            account=row.account,
            worker=row.worker or row.debtor or worker_ids(first.loc[[index]]).iat[0],
            found=_hours_text(row.day_total),
            day=labels.format_date(row.date.date()),
        )
        for index, row in zip(first.index, first.itertuples(index=False), strict=True)
    ]


def _limit_issues(ctx: Context, failed: dict[str, pd.Index], params: Params) -> list[Issue]:
    work, frame = ctx.work, ctx.frame
    issues = []
    for code, limit, column in (
        ("HOURS_WEEK_MAX", params.max_hours_week, "week"),
        ("HOURS_MONTH_MAX", params.max_hours_month, "month"),
    ):
        if failed[code].empty:
            continue
        rows = work.loc[failed[code]]
        period = rows["monday"] if column == "week" else rows["date"].dt.to_period("M")
        for row in _first_rows(work, failed[code], [rows["account"], period]).itertuples():
            when = (
                {"week": _week_text(row.monday)}
                if column == "week"
                else {"month": labels.format_month((row.date.year, row.date.month))}
            )
            issues.append(
                make_issue(
                    code,
                    **frame.where(int(row.Index), "qty"),
                    account=row.account,
                    found=_hours_text(getattr(row, f"{column}_total")),
                    expected=limit,
                    **when,
                )
            )
    if not failed["HOURS_WEEK_MIN"].empty:
        rows = work.loc[failed["HOURS_WEEK_MIN"]]
        first = _first_rows(work, failed["HOURS_WEEK_MIN"], [rows["account"], rows["monday"]])
        issues += [
            make_issue(
                "HOURS_WEEK_MIN",
                **frame.where(int(row.Index), "date"),
                account=row.account,
                found=_hours_text(row.week_total),
                expected=params.min_hours_week,
                week=_week_text(row.monday),
            )
            for row in first.itertuples()
        ]
    return issues


def worker_ids(rows: pd.DataFrame) -> pd.Series:
    """Who worked: a blank `Wykonawca` or the debtor's own name is the account's debtor."""
    before, after = Say.ACCOUNT_WORKER.split("{account}")  # one vector step, not a format per row
    return rows["worker_id"].where(rows["worker_id"] != "", before + rows["account"] + after)
