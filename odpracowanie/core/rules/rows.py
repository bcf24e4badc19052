"""Rows and rates in context (SPEC §3): DATE_OUTSIDE_MONTH, QTY_NONPOSITIVE, NUMBER_INVALID
(a time in a unit that is not hours, a quantity too big), PROTOCOL_MISSING, ACCOUNT_UNKNOWN,
WORK_CODE_UNKNOWN, UNIT_INVALID (a unit the rate is not in), RATE_MISSING, RATE_MISMATCH,
AMOUNT_MISMATCH.

Each check is a column of booleans over the month's work, named after the issue code it
raises, run as one pandera schema (stage 2 of the validation); `CodeInfo` says which cell an
issue points at and what its message says. Example: 4 h of PORZ at 30,00 zł when the
programme's rate from 1.01.2026 is 31,40 zł -> RATE_MISMATCH at the row's Stawka cell.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from odpracowanie import labels
from odpracowanie.core.model import Debts, Program
from odpracowanie.core.money import QTY_SCALE, qty_to_decimal, round_half_up_div
from odpracowanie.core.schemas import CodeInfo
from odpracowanie.core.valuation import official_rates, row_values
from odpracowanie.issues import Say

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "ACCOUNT_UNKNOWN",
    "AMOUNT_MISMATCH",
    "DATE_OUTSIDE_MONTH",
    "NUMBER_INVALID",
    "PROTOCOL_MISSING",
    "QTY_NONPOSITIVE",
    "RATE_MISMATCH",
    "RATE_MISSING",
    "UNIT_INVALID",
    "WORK_CODE_UNKNOWN",
)


def attach_rates(work: pd.DataFrame, program: Program) -> None:
    found = official_rates(work["date"], work["code"], program.rates_frame())
    work["rate_official"] = found["rate_official"].to_numpy()
    work["rate_since"] = found["valid_from"].to_numpy()
    codes = program.work_codes
    work["rate_unit"] = work["code"].map({c: r.unit for c, r in codes.items()})
    work["work_name"] = (
        work["code"].map({c: f"{c} ({r.name})" for c, r in codes.items()}).fillna(work["code"])
    )


def _money(value: object) -> str:
    return labels.EMPTY if value is pd.NA or pd.isna(value) else labels.format_money(int(value))


def _qty_text(row: pd.Series) -> str:
    return f"{labels.format_number(qty_to_decimal(int(row['qty'])))} {row['unit_kind']}"


def row_checks(
    work: pd.DataFrame, program: Program | None, debts: Debts | None
) -> tuple[pa.DataFrameSchema, pd.DataFrame, dict[str, CodeInfo]]:
    """Stage 2: values in context. Each check is named after the issue code it raises."""
    checked = work["_checked"]
    has = {name: work[name].notna() for name in ("date", "qty", "rate_official")}
    qty_ok = has["qty"] & (work["qty"].fillna(0) > 0)

    conditions: dict[str, pd.Series] = {}
    in_month = work["_in_month"]
    conditions["DATE_OUTSIDE_MONTH"] = ~has["date"] | in_month
    conditions["QTY_NONPOSITIVE"] = ~(has["qty"] & (work["qty"].fillna(0) <= 0))
    time_in_other_unit = (
        work["qty_is_time"] & work["unit_kind"].notna() & (work["unit_kind"] != labels.UNIT_HOURS)
    )
    conditions["NUMBER_INVALID"] = ~(time_in_other_unit | work["qty_too_big"])
    qty_ok = qty_ok & ~time_in_other_unit & work["unit_kind"].notna()
    conditions["PROTOCOL_MISSING"] = ~((work["accepted"] == True) & (work["protocol"] == ""))  # noqa: E712
    info: dict[str, CodeInfo] = {
        "DATE_OUTSIDE_MONTH": CodeInfo(
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

    if debts is not None:
        known = work["account"].isin(list(debts.accounts)) | (work["account"] == "")
        conditions["ACCOUNT_UNKNOWN"] = known
        info["ACCOUNT_UNKNOWN"] = CodeInfo("account")

    if program is not None:
        codes = program.work_codes
        code_known = work["code"].isin(list(codes))
        conditions["WORK_CODE_UNKNOWN"] = code_known | (work["code"] == "")
        info["WORK_CODE_UNKNOWN"] = CodeInfo(
            "code", lambda i, f: {"expected": ", ".join(sorted(codes)) or labels.NONE}
        )

        unit_fits = ~(
            work["unit_kind"].notna()
            & work["rate_unit"].notna()
            & (work["unit_kind"] != work["rate_unit"])
        )
        conditions["UNIT_INVALID"] = unit_fits
        info["UNIT_INVALID"] = CodeInfo(
            "unit",
            lambda i, f: {
                "what": Say.UNIT_NOT_OF_CODE.format(code=work.at[i, "work_name"]),
                "expected": _unit_spellings(work.at[i, "rate_unit"]),
            },
        )

        # A row not accepted (Odebrano = NIE) is never credited: its money is not checked.
        credited = work["accepted"].fillna(True).astype(bool)
        conditions["RATE_MISSING"] = ~(code_known & in_month & credited & ~has["rate_official"])
        info["RATE_MISSING"] = CodeInfo(
            "code",
            lambda i, f: {
                "work": work.at[i, "code"],
                "day": labels.format_date(work.at[i, "date"].date()),
            },
        )

        given = work["rate_given"]
        rate_wrong = (
            given.notna()
            & has["rate_official"]
            & in_month
            & credited
            & (given != work["rate_official"])
        )
        rate_wrong = rate_wrong.fillna(False).astype(bool)
        conditions["RATE_MISMATCH"] = ~rate_wrong
        info["RATE_MISMATCH"] = CodeInfo(
            "rate",
            lambda i, f: {
                "found": _money(work.at[i, "rate_given"]),
                "expected": _money(work.at[i, "rate_official"]),
                "work": work.at[i, "code"],
                "since": labels.format_date(work.at[i, "rate_since"].date()),
            },
        )

        # The supervisor's value is checked against quantity × the official rate; when their rate
        # is already reported wrong, their value only against their own rate (one cause).
        basis = work["rate_official"].where(~rate_wrong, given)
        expected_value = row_values(work["qty"].where(qty_ok & unit_fits), basis)
        # Templates before 2026.2 multiplied a time typed in Ilość (07:30, a fraction of a
        # day) by the rate as it was: that value is the template's, not the supervisor's error.
        as_day_fraction = _day_fraction_values(work["qty"].where(qty_ok & unit_fits), basis)
        old_formula = work["qty_is_time"] & (work["value_given"] == as_day_fraction)
        value_wrong = (
            (
                work["value_given"].notna()
                & expected_value.notna()
                & credited
                & (work["value_given"] != expected_value)
                & ~old_formula.fillna(False).astype(bool)
            )
            .fillna(False)
            .astype(bool)
        )
        conditions["AMOUNT_MISMATCH"] = ~value_wrong
        info["AMOUNT_MISMATCH"] = CodeInfo(
            "value",
            lambda i, f: {
                "found": _money(work.at[i, "value_given"]),
                "qty": _qty_text(work.loc[i]),
                "rate": _money(basis.at[i]),
                "expected": _money(expected_value.at[i]),
            },
        )

    frame = pd.DataFrame(
        {code: cond.fillna(True).astype(bool) for code, cond in conditions.items()}
    )[checked]
    schema = pa.DataFrameSchema(
        {code: pa.Column(bool, pa.Check(lambda s: s, name=code)) for code in conditions}
    )
    return schema, frame, info


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
