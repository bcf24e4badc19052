"""The month's rows (SPEC §3), checked in two pandera schemas over whole columns.

1. `check_cells`: every required cell filled and every cell readable as its column's kind
   (VALUE_MISSING, DATE_INVALID, NUMBER_INVALID, ACCEPTANCE_INVALID, UNIT_INVALID).
2. `check_rows`: readable values in context — DATE_OUTSIDE_MONTH, QTY_NONPOSITIVE,
   NUMBER_INVALID (a time in a unit that is not hours, a quantity too big), PROTOCOL_MISSING,
   ACCOUNT_UNKNOWN, WORK_CODE_UNKNOWN, UNIT_INVALID (a unit the rate is not in), RATE_MISSING,
   RATE_MISMATCH, AMOUNT_MISMATCH.

Each check is a pandera check on the column whose cell it concerns, named after the issue
code it raises; a check that needs a row's other fields reads them from the table by the
column's index. Checks pass missing values, so a cell with a reading error is not also
reported for its value (one cause, one issue). `derive_rates` and `derive_values` add what
the checks compare with: the programme's rate on the row's date and the value it gives.
Example: 4 h of PORZ at 30,00 zł when the programme's rate from 1.01.2026 is 31,40 zł ->
RATE_MISMATCH at the row's Stawka cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.core.money import QTY_SCALE, qty_to_decimal, round_half_up_div
from odpracowanie.core.rules.common import (
    ACCOUNT_UNKNOWN,
    DATE_OUTSIDE_MONTH,
    date_in_month,
    known_account,
    row_check,
)
from odpracowanie.core.rules.context import Context
from odpracowanie.core.schemas import CodeInfo, blank_to_na, raw_schema, run_schema, spec_of
from odpracowanie.core.valuation import official_rates, row_values
from odpracowanie.issues import Issue, Say

# The issue codes this module can emit (a test checks them against its text); stage 1's
# VALUE_MISSING and *_INVALID codes are every table's, emitted by `schemas.raw_schema`;
# ACCOUNT_UNKNOWN and DATE_OUTSIDE_MONTH by the checks of `common`, which transfers share.
CODES = (
    "AMOUNT_MISMATCH",
    "NUMBER_INVALID",
    "PROTOCOL_MISSING",
    "QTY_NONPOSITIVE",
    "RATE_MISMATCH",
    "RATE_MISSING",
    "UNIT_INVALID",
    "WORK_CODE_UNKNOWN",
)

# Stage 1: what each field of a timesheet row must be (VALUE_MISSING and the *_INVALID codes
# of `schemas.raw_schema`: DATE_INVALID, NUMBER_INVALID, ACCEPTANCE_INVALID, UNIT_INVALID).
TIMESHEET_SPEC = spec_of(labels.TIMESHEET_COLUMNS)


def check_cells(ctx: Context) -> list[Issue]:
    """Stage 1 over the raw cells of the rows whose month is known."""
    frame = ctx.frame
    table = blank_to_na(frame.raw, list(TIMESHEET_SPEC))
    why = CodeInfo(None, lambda i, f: {"why": _why_not_a_number(frame.raw.at[i, f])})
    return run_schema(
        raw_schema(TIMESHEET_SPEC, ctx.readable),
        table[ctx.work["checked"].to_numpy()],
        frame,
        {"NUMBER_INVALID": why},
    )


def _why_not_a_number(value: object) -> str:
    """Why a cell is not a number, when it is a date the spreadsheet made of one."""
    meant = parse.meant_number(value)
    if meant is None:
        return ""
    day = value if isinstance(value, dt.date) else parse.to_date(value)
    return Say.DATE_NOT_NUMBER.format(day=labels.format_date(day), meant=meant)


def derive_rates(ctx: Context) -> dict[str, pd.Series]:
    """The programme's rate for each row's work code on its date, and the code's unit."""
    work = ctx.work
    if ctx.program is None:
        return {
            "rate_official": pd.Series(pd.NA, index=work.index, dtype="Int64"),
            "rate_since": pd.Series(pd.NaT, index=work.index, dtype="datetime64[ns]"),
            "rate_unit": pd.Series(None, index=work.index, dtype=object),
            "work_name": work["code"],
        }
    found = official_rates(work["date"], work["code"], ctx.program.rates_frame())
    codes = ctx.program.work_codes
    return {
        "rate_official": pd.Series(found["rate_official"].array, index=work.index),
        "rate_since": pd.Series(found["valid_from"].to_numpy(), index=work.index),
        "rate_unit": work["code"].map({c: r.unit for c, r in codes.items()}),
        "work_name": work["code"]
        .map({c: f"{c} ({r.name})" for c, r in codes.items()})
        .fillna(work["code"]),
    }


def derive_values(ctx: Context) -> dict[str, pd.Series]:
    """Quantity × the official rate (what is credited), and what the supervisor's Wartość
    should say: quantity × the official rate, or × their own rate when that one is already
    wrong (one cause, one issue); and what a pre-2026.2 template showed for a time typed in
    Ilość (07:30, a fraction of a day, times the rate: the template's error, not theirs)."""
    work = ctx.work
    basis = work["rate_official"].where(~_rate_wrong(work), work["rate_given"])
    qty = work["qty"].where(_qty_valued(work) & _unit_fits(work))
    return {
        "value_official": row_values(work["qty"], work["rate_official"]),
        "value_expected": row_values(qty, basis),
        "value_day_fraction": _day_fraction_values(qty, basis),
    }


def _credited(work: pd.DataFrame) -> pd.Series:
    """A row not accepted (Odebrano = NIE) is never credited: its money is not checked."""
    return work["accepted"].fillna(True).astype(bool)


def _time_in_other_unit(work: pd.DataFrame) -> pd.Series:
    return (
        work["qty_is_time"] & work["unit_kind"].notna() & (work["unit_kind"] != labels.UNIT_HOURS)
    )


def _qty_valued(work: pd.DataFrame) -> pd.Series:
    """A positive quantity in a readable unit that can be one (its value can be checked)."""
    return (
        work["qty"].notna()
        & (work["qty"].fillna(0) > 0)
        & ~_time_in_other_unit(work)
        & work["unit_kind"].notna()
    )


def _unit_fits(work: pd.DataFrame) -> pd.Series:
    """The row's unit is the unit of its work code's rate (or one of them is unknown)."""
    return ~(
        work["unit_kind"].notna()
        & work["rate_unit"].notna()
        & (work["unit_kind"] != work["rate_unit"])
    )


def _rate_wrong(work: pd.DataFrame) -> pd.Series:
    given = work["rate_given"]
    wrong = (
        given.notna()
        & work["rate_official"].notna()
        & work["in_month"]
        & _credited(work)
        & (given != work["rate_official"])
    )
    return wrong.fillna(False).astype(bool)


def _value_wrong(work: pd.DataFrame) -> pd.Series:
    given = work["value_given"]
    old_formula = work["qty_is_time"] & (given == work["value_day_fraction"])
    wrong = (
        given.notna()
        & work["value_expected"].notna()
        & _credited(work)
        & (given != work["value_expected"])
        & ~old_formula.fillna(False).astype(bool)
    )
    return wrong.fillna(False).astype(bool)


def _money(value: object) -> str:
    return labels.EMPTY if pd.isna(value) else labels.format_money(int(value))


def _qty_text(row: pd.Series) -> str:
    return f"{labels.format_number(qty_to_decimal(int(row['qty'])))} {row['unit_kind']}"


def check_rows(ctx: Context) -> list[Issue]:
    """Stage 2: the values of the rows whose month is known, in the month's context."""
    work = ctx.work[ctx.work["checked"]]
    checks: dict[str, list[pa.Check]] = {"date": [], "qty": [], "protocol": []}
    info: dict[str, CodeInfo] = {
        DATE_OUTSIDE_MONTH: CodeInfo(
            "date",
            lambda i, f: {
                "expected": labels.format_month(
                    (work.at[i, "month_first"].year, work.at[i, "month_first"].month)
                )
            },
        ),
        "QTY_NONPOSITIVE": CodeInfo("qty"),
        "NUMBER_INVALID": CodeInfo("qty", lambda i, f: {"why": ""}),
        "PROTOCOL_MISSING": CodeInfo("protocol"),
    }
    checks["date"].append(date_in_month(work["month_first"], work["month_last"]))
    checks["qty"] += [
        pa.Check(lambda qty: qty > 0, name="QTY_NONPOSITIVE", ignore_na=True),
        row_check("NUMBER_INVALID", work, lambda w: ~(_time_in_other_unit(w) | w["qty_too_big"])),
    ]
    checks["protocol"].append(
        row_check(
            "PROTOCOL_MISSING",
            work,
            lambda w: ~((w["accepted"] == True) & (w["protocol"] == "")),  # noqa: E712
        )
    )
    if ctx.debts is not None:
        checks["account"] = [known_account(ctx.debts.accounts)]
        info[ACCOUNT_UNKNOWN] = CodeInfo("account")
    if ctx.program is not None:
        _program_checks(ctx, work, checks, info)
    schema = pa.DataFrameSchema(
        {name: pa.Column(checks=found, nullable=True) for name, found in checks.items()}
    )
    return run_schema(schema, work, ctx.frame, info)


def _program_checks(
    ctx: Context,
    work: pd.DataFrame,
    checks: dict[str, list[pa.Check]],
    info: dict[str, CodeInfo],
) -> None:
    """Work codes, units, rates and values against the programme."""
    codes = ctx.program.work_codes if ctx.program is not None else {}
    known_codes = list(codes)
    checks["code"] = [
        pa.Check(lambda code: code.isin(known_codes) | (code == ""), name="WORK_CODE_UNKNOWN"),
        row_check(
            "RATE_MISSING",
            work,
            lambda w: (
                ~(
                    w["code"].isin(known_codes)
                    & w["in_month"]
                    & _credited(w)
                    & w["rate_official"].isna()
                )
            ),
        ),
    ]
    checks["unit_kind"] = [row_check("UNIT_INVALID", work, _unit_fits)]
    checks["rate_given"] = [row_check("RATE_MISMATCH", work, lambda w: ~_rate_wrong(w))]
    checks["value_given"] = [row_check("AMOUNT_MISMATCH", work, lambda w: ~_value_wrong(w))]
    info.update(_program_info(work, codes))


def _program_info(work: pd.DataFrame, codes: Mapping[str, object]) -> dict[str, CodeInfo]:
    return {
        "WORK_CODE_UNKNOWN": CodeInfo(
            "code", lambda i, f: {"expected": ", ".join(sorted(codes)) or labels.NONE}
        ),
        "UNIT_INVALID": CodeInfo(
            "unit",
            lambda i, f: {
                "what": Say.UNIT_NOT_OF_CODE.format(code=work.at[i, "work_name"]),
                "expected": _unit_spellings(work.at[i, "rate_unit"]),
            },
        ),
        "RATE_MISSING": CodeInfo(
            "code",
            lambda i, f: {
                "work": work.at[i, "code"],
                "day": labels.format_date(work.at[i, "date"].date()),
            },
        ),
        "RATE_MISMATCH": CodeInfo(
            "rate",
            lambda i, f: {
                "found": _money(work.at[i, "rate_given"]),
                "expected": _money(work.at[i, "rate_official"]),
                "work": work.at[i, "code"],
                "since": labels.format_date(work.at[i, "rate_since"].date()),
            },
        ),
        "AMOUNT_MISMATCH": CodeInfo(
            "value",
            lambda i, f: {
                "found": _money(work.at[i, "value_given"]),
                "qty": _qty_text(work.loc[i]),
                "rate": _money(
                    work.at[i, "rate_given"]
                    if _rate_wrong(work.loc[[i]]).iat[0]
                    else work.at[i, "rate_official"]
                ),
                "expected": _money(work.at[i, "value_expected"]),
            },
        ),
    }


def _day_fraction_values(qty: pd.Series, rate: pd.Series) -> pd.Series:
    """Quantity in hours ÷ 24 × rate, half-up: what a pre-2026.2 template's Wartość showed for
    a time typed in Ilość."""
    ok = qty.notna() & rate.notna()
    out = pd.Series(pd.array([pd.NA] * len(qty), dtype="Int64"), index=qty.index)
    if ok.any():
        product = qty[ok].to_numpy("int64") * rate[ok].to_numpy("int64")
        out[ok] = round_half_up_div(product, QTY_SCALE * 24)
    return out


def _unit_spellings(kind: object) -> str:
    spellings = [s for s, k in labels.UNIT_SPELLINGS.items() if k == kind]
    return ", ".join(spellings) or labels.UNKNOWN
