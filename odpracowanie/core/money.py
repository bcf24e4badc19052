"""Exact money and quantities. Never binary floats in an accounting system.

Money is held as integer grosze (1 zł = 100 gr) and shown as `Decimal` zł. Quantities are held
as integers in 1/60 000 of their unit (`QTY_SCALE`): for hours that is a thousandth of a minute,
so `7,5 h`, `450 min` and the Excel time `07:30` are all exactly 450 000, and a third of an hour
is exact too. A row's value is quantity × rate rounded half-up to the grosz, once (SPEC §4):

>>> value_grosze(7 * QTY_SCALE + QTY_SCALE // 2, 3140)   # 7,5 h × 31,40 zł
23550
>>> value_grosze(20 * QTY_SCALE // 60, 3140)             # 20 min × 31,40 zł = 10,4666… zł
1047
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

GROSZ = Decimal("0.01")


class MoneyInvariantError(ArithmeticError):
    """Amounts that do not add up: a bug, never a user's mistake. Raised explicitly (not by
    `assert`, which `python -O` removes), so that nothing is written from such amounts."""


def require(condition: bool, what: str) -> None:
    """Raise `MoneyInvariantError(what)` unless `condition` holds."""
    if not condition:
        raise MoneyInvariantError(what)


QTY_SCALE = 60_000


def to_decimal(grosze: int) -> Decimal:
    """Integer grosze -> Decimal zł with two places."""
    return (Decimal(int(grosze)) / 100).quantize(GROSZ)


def grosze_from_decimal(amount: Decimal) -> int:
    """Decimal zł -> integer grosze, half-up."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def grosze_from_float(value: float) -> int:
    """A spreadsheet number (a float) -> grosze, through its shortest decimal text."""
    return grosze_from_decimal(Decimal(repr(float(value))))


def floats_to_grosze(values: np.ndarray) -> np.ndarray:
    """Spreadsheet numbers in zł -> int64 grosze, half-up, without float rounding surprises.

    Most values are whole grosze up to binary noise (31.4 * 100 = 3140.0000000000005); those are
    rounded in one vector step. A value is whole grosze exactly when its nearest grosz, divided
    back, is the very same float (division is correctly rounded, so this holds at any
    magnitude a float keeps grosze for). The rare value with more places (a formula without
    ROUND) goes through `Decimal(repr(x))`, so 0.125 zł is 13 gr and 5 000,125 zł 500 013 gr,
    exactly as a person would round them.
    """
    values = np.asarray(values, dtype="float64")
    nearest = np.rint(values * 100)
    out = nearest.astype("int64")
    odd = np.isfinite(values) & (nearest / 100 != values)
    for i in np.flatnonzero(odd):
        out[i] = grosze_from_float(values[i])
    return out


def floats_to_qty(values: np.ndarray) -> np.ndarray:
    """Numbers in a unit -> int64 in 1/QTY_SCALE of the unit (nearest; far below any display)."""
    return np.rint(np.asarray(values, dtype="float64") * QTY_SCALE).astype("int64")


def round_half_up_div(numerator: np.ndarray | int, denominator: int) -> np.ndarray | int:
    """Integer division rounded half away from zero, exact for int64 arrays and ints."""
    num = np.asarray(numerator, dtype="int64")
    sign = np.where(num < 0, -1, 1)
    out = sign * ((2 * np.abs(num) + denominator) // (2 * denominator))
    return int(out) if out.ndim == 0 else out


def value_grosze(qty: np.ndarray | int, rate_grosze: np.ndarray | int) -> np.ndarray | int:
    """Quantity (1/QTY_SCALE units) × rate (grosze per unit), half-up to the grosz."""
    product = np.asarray(qty, dtype="int64") * np.asarray(rate_grosze, dtype="int64")
    return round_half_up_div(product, QTY_SCALE)


def qty_to_decimal(qty: int) -> Decimal:
    """A scaled quantity as a Decimal in its unit, to at most four places (for people)."""
    return (Decimal(int(qty)) / QTY_SCALE).quantize(Decimal("0.0001")).normalize()


def qty_text(qty: int) -> str:
    """A scaled quantity as people read it: `7,5`, `12`."""
    from odpracowanie import labels

    return labels.format_number(qty_to_decimal(int(qty)))
