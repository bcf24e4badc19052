"""The official rate of each row, and its value (SPEC §4, §5.4).

A rate applies to work done on dates inside its period; periods of one code do not overlap
(checked when program.xlsx is read), so at most one rate fits a row. The row value is quantity ×
rate rounded half-up to 0.01 zł, once (core.money.value_grosze).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from odpracowanie.core.money import value_grosze


def official_rates(dates: pd.Series, codes: pd.Series, rates: pd.DataFrame) -> pd.DataFrame:
    """For each (date, code): `rate_official` (grosze, NA when none), `valid_from`, `rate_unit`.

    One `merge_asof` over the whole column: the latest period that starts on or before the date,
    kept only if it has not ended before it.
    """
    left = pd.DataFrame({"date": dates.astype("datetime64[ns]"), "code": codes.astype(object)})
    left["_pos"] = np.arange(len(left))
    out = pd.DataFrame(
        {
            "rate_official": pd.array([pd.NA] * len(left), dtype="Int64"),
            "valid_from": pd.Series(pd.NaT, index=range(len(left)), dtype="datetime64[ns]"),
        }
    )
    known = left.dropna(subset=["date"])
    if rates.empty or known.empty:
        return out
    right = rates.assign(
        valid_from=rates["valid_from"].astype("datetime64[ns]"),
        valid_to=rates["valid_to"].astype("datetime64[ns]"),
        code=rates["code"].astype(object),
    ).sort_values("valid_from")
    merged = pd.merge_asof(
        known.sort_values("date"),
        right,
        left_on="date",
        right_on="valid_from",
        by="code",
        direction="backward",
    )
    inside = merged["valid_from"].notna() & (merged["date"] <= merged["valid_to"])
    merged = merged[inside]
    positions = merged["_pos"].to_numpy()
    out.loc[positions, "rate_official"] = merged["rate_official"].to_numpy()
    out.loc[positions, "valid_from"] = merged["valid_from"].to_numpy()
    return out


def row_values(qty: pd.Series, rate: pd.Series) -> pd.Series:
    """Quantity (1/QTY_SCALE units) × rate (grosze), half-up; NA where either is missing."""
    ok = qty.notna() & rate.notna()
    out = pd.Series(pd.array([pd.NA] * len(qty), dtype="Int64"), index=qty.index)
    if ok.any():
        out[ok] = value_grosze(qty[ok].to_numpy("int64"), rate[ok].to_numpy("int64"))
    return out
