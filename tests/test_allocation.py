"""Allocation (SPEC §4): order, cap at the whole debt, surplus, yearly cap; property-tested."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from odpracowanie.core.allocation import allocate

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


def test_civil_code_order_pays_costs_then_interest_then_principal():
    # art. 451: costs 20,00, interest 30,00, then 90,00 of the principal of 100,00
    a = allocate(10_000, 3_000, 14_000, ("costs", "interest", "principal"), costs=2_000)
    assert (a.to_costs, a.to_interest, a.to_principal, a.surplus) == (2_000, 3_000, 9_000, 0)
    assert (a.costs_after, a.interest_after, a.principal_after) == (0, 0, 1_000)
    assert a.credited == 14_000


def test_a_component_the_order_does_not_name_comes_last():
    # Żyrardów's „należność główna, odsetki”: costs only after both are paid
    a = allocate(1_000, 500, 1_800, ("principal", "interest"), costs=2_000)
    assert (a.to_principal, a.to_interest, a.to_costs) == (1_000, 500, 300)
    a = allocate(1_000, 500, 1_200, ("costs",), costs=400)
    assert (a.to_costs, a.to_principal, a.to_interest) == (400, 800, 0)


def test_costs_count_in_the_whole_debt_before_surplus():
    a = allocate(1_000, 500, 2_000, costs=300)
    assert (a.to_costs, a.surplus) == (300, 200)
    assert a.total_before == 1_800


def test_an_order_naming_a_component_twice_or_an_unknown_one_is_refused():
    with pytest.raises(ValueError):
        allocate(1, 1, 1, ("interest", "interest"))
    with pytest.raises(ValueError):
        allocate(1, 1, 1, ("fees",))


amounts = st.integers(min_value=0, max_value=10**9)
COMPONENTS = ("principal", "interest", "costs")
# every order a programme can name: any one, two or all three components, in any order
orders = st.permutations(COMPONENTS).flatmap(
    lambda full: st.integers(1, 3).map(lambda n: tuple(full[:n]))
)


@given(amounts, amounts, amounts, amounts, orders, st.none() | amounts)
def test_invariants(principal, interest, costs, value, order, room):
    a = allocate(principal, interest, value, order, room, costs=costs)
    before = {"principal": principal, "interest": interest, "costs": costs}
    for c in COMPONENTS:  # before − credited = after, per component, never below zero
        assert before[c] - a.to(c) == a.after(c) >= 0
        assert a.before(c) == before[c]
    assert a.to_principal + a.to_interest + a.to_costs + a.surplus + a.capped == value
    assert a.surplus == 0 or (a.principal_after, a.interest_after, a.costs_after) == (0, 0, 0)
    full = (*order, *(c for c in COMPONENTS if c not in order))
    for earlier, later in itertools.combinations(full, 2):
        # a later component gets anything only once every earlier one is paid
        assert a.to(later) == 0 or a.after(earlier) == 0
    if room is not None:
        assert a.credited <= room
    else:
        assert a.capped == 0


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
