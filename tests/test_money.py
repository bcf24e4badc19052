"""Exact money: grosze, half-up rounding once, no float noise (SPEC §4)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from odpracowanie.core.money import (
    QTY_SCALE,
    floats_to_grosze,
    floats_to_qty,
    to_decimal,
    value_grosze,
)
from odpracowanie.labels import format_money


def test_float_noise_is_rounded_away():
    assert floats_to_grosze(np.array([31.4, 0.1 + 0.2, 1234.56, 0.125, 2.675])).tolist() == [
        3140,
        30,
        123456,
        13,
        268,
    ]


def test_half_a_grosz_rounds_up_at_any_magnitude():
    # at 5 000 zł and above a relative float tolerance took 5 000,125 for 5 000,12
    assert floats_to_grosze(
        np.array([5000.125, 12345.665, 4000.125, 999_999_999.995, -5000.125])
    ).tolist() == [500013, 1234567, 400013, 100_000_000_000, -500013]


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3))
def test_floats_become_grosze_half_up_up_to_a_billion(amount):
    """A number typed with up to three places is the grosz a person rounds it to, half up."""
    expected = int((amount * 100).quantize(Decimal(1), ROUND_HALF_UP))
    assert int(floats_to_grosze(np.array([float(amount)]))[0]) == expected


def test_value_rounds_half_up_once():
    assert value_grosze(int(7.5 * QTY_SCALE), 3140) == 23550
    assert value_grosze(QTY_SCALE // 3, 3140) == 1047  # 10,4666… zł
    assert value_grosze(QTY_SCALE // 8, 3100) == 388  # 3,875 zł -> 3,88 zł (half up)
    assert value_grosze(QTY_SCALE // 8, 3020) == 378  # 3,775 zł -> 3,78 zł
    # a whole column at once, as the validation values a month's rows; one row, an int
    column = value_grosze(np.array([int(7.5 * QTY_SCALE), QTY_SCALE // 3, 0]), 3140)
    assert column.tolist() == [23550, 1047, 0]
    assert type(value_grosze(QTY_SCALE, 3140)) is int


@given(
    st.decimals(min_value=0, max_value=1000, places=2), st.integers(min_value=1, max_value=20_000)
)
def test_value_equals_decimal_half_up(hours, rate):
    qty = int(hours * QTY_SCALE)
    expected = (hours * Decimal(rate) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert to_decimal(value_grosze(qty, rate)) == expected


@given(st.decimals(min_value=0, max_value=10_000_000, places=2))
def test_money_round_trips_through_a_spreadsheet_float(amount):
    assert to_decimal(int(floats_to_grosze(np.array([float(amount)]))[0])) == amount


@given(st.decimals(min_value=0, max_value=744, places=4))
def test_quantities_up_to_four_places_are_exact(hours):
    assert floats_to_qty(np.array([float(hours)]))[0] == int(hours * QTY_SCALE)


def test_polish_money_format():
    assert format_money(123456) == "1 234,56 zł"
    assert format_money(Decimal("0.5")) == "0,50 zł"


def test_months_shift_across_years():
    from odpracowanie.core.model import shift_month

    assert shift_month((2026, 11), 2) == (2027, 1)
    assert shift_month((2026, 1), -1) == (2025, 12)
    assert shift_month((2026, 10), -11) == (2025, 11)  # the first month `Historia prac` keeps
    assert shift_month((2026, 12), 0) == (2026, 12)
