"""Allocation (SPEC §4): order, cap at the whole debt, surplus, yearly cap; property-tested."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odpracowanie.core.allocation import allocate

PRINCIPAL_FIRST = ("principal", "interest")
INTEREST_FIRST = ("interest", "principal")


def test_principal_first_by_default():
    a = allocate(10_000, 3_000, 12_000)
    assert (a.to_principal, a.to_interest, a.surplus) == (10_000, 2_000, 0)
    assert (a.principal_after, a.interest_after) == (0, 1_000)
    assert a.credited == 12_000  # what the summary and the terminal add up


def test_interest_first():
    a = allocate(10_000, 3_000, 5_000, INTEREST_FIRST)
    assert (a.to_principal, a.to_interest, a.surplus) == (2_000, 3_000, 0)


def test_surplus_above_the_whole_debt():
    a = allocate(1_000, 500, 2_000)
    assert (a.to_principal, a.to_interest, a.surplus) == (1_000, 500, 500)
    assert (a.principal_after, a.interest_after) == (0, 0)


def test_no_debt_is_all_surplus():
    assert allocate(0, 0, 700).surplus == 700


def test_yearly_cap_is_not_credited_and_not_surplus():
    a = allocate(50_000, 0, 30_000, year_room=20_000)
    assert (a.to_principal, a.capped, a.surplus) == (20_000, 10_000, 0)


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        allocate(-1, 0, 5)


amounts = st.integers(min_value=0, max_value=10**9)


@given(
    amounts,
    amounts,
    amounts,
    st.sampled_from([PRINCIPAL_FIRST, INTEREST_FIRST]),
    st.none() | amounts,
)
def test_invariants(principal, interest, value, order, room):
    a = allocate(principal, interest, value, order, room)
    assert principal - a.to_principal == a.principal_after >= 0
    assert interest - a.to_interest == a.interest_after >= 0
    assert a.to_principal + a.to_interest + a.surplus + a.capped == value
    assert a.surplus == 0 or (a.principal_after, a.interest_after) == (0, 0)
    first = a.to_principal if order[0] == "principal" else a.to_interest
    first_debt = principal if order[0] == "principal" else interest
    second = a.to_interest if order[0] == "principal" else a.to_principal
    assert second == 0 or first == first_debt  # the second part only after the first is paid
    if room is not None:
        assert a.credited <= room


@pytest.mark.parametrize("optimize", [[], ["-O"]], ids=["python", "python -O"])
def test_amounts_that_do_not_add_up_stop_even_under_python_O(optimize):
    # `assert` would vanish under -O; the invariant must not.
    code = (
        "from odpracowanie.core.allocation import Allocation, _check\n"
        "_check(Allocation(value=100, capped=0, to_principal=60, to_interest=30, surplus=0,"
        " principal_before=500, interest_before=50, principal_after=440,"
        " interest_after=20))\n"
    )
    result = subprocess.run(
        [sys.executable, *optimize, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "MoneyInvariantError: credited + surplus + capped != value" in result.stderr
