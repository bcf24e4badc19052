"""Crediting a month's value against one debt account (SPEC §4, rules §5.21).

The value goes to the debt components in the programme's order — principal then interest in
Żyrardów (§5.21), interest first where a city follows the Civil Code (art. 451) — and is capped
at the whole debt; what is left over is surplus, reported and not carried. A yearly cap
(`max_kwoty_rocznie`, Bydgoszcz) is applied first: the part above it is not credited at all.

Invariants, checked on every call by `money.require`, which `python -O` keeps (cheap, and they
catch the bug that costs someone money): before − credited = after for principal and interest
separately, nothing negative, and credited principal + credited interest + surplus = creditable
value.
"""

from __future__ import annotations

from dataclasses import dataclass

from odpracowanie.core.money import require


@dataclass(frozen=True)
class Allocation:
    """All amounts in integer grosze."""

    value: int  # the month's value of accepted work (and transfers)
    capped: int  # the part not credited because of the yearly cap
    to_principal: int
    to_interest: int
    surplus: int
    principal_before: int
    interest_before: int
    principal_after: int
    interest_after: int

    @property
    def credited(self) -> int:
        return self.to_principal + self.to_interest


def allocate(
    principal: int,
    interest: int,
    value: int,
    order: tuple[str, str] = ("principal", "interest"),
    year_room: int | None = None,
) -> Allocation:
    """Credit `value` against (principal, interest) in `order`; `year_room` caps it first."""
    if principal < 0 or interest < 0 or value < 0:
        raise ValueError("amounts must not be negative")
    if set(order) != {"principal", "interest"}:
        raise ValueError(f"unknown allocation order {order!r}")
    creditable = value if year_room is None else min(value, max(year_room, 0))
    remaining = creditable
    paid = {"principal": 0, "interest": 0}
    balance = {"principal": principal, "interest": interest}
    for component in order:
        paid[component] = min(remaining, balance[component])
        remaining -= paid[component]
    result = Allocation(
        value=value,
        capped=value - creditable,
        to_principal=paid["principal"],
        to_interest=paid["interest"],
        surplus=remaining,
        principal_before=principal,
        interest_before=interest,
        principal_after=principal - paid["principal"],
        interest_after=interest - paid["interest"],
    )
    _check(result)
    return result


def _check(a: Allocation) -> None:
    require(
        a.principal_before - a.to_principal == a.principal_after,
        f"principal: {a.principal_before} - {a.to_principal} != {a.principal_after}",
    )
    require(
        a.interest_before - a.to_interest == a.interest_after,
        f"interest: {a.interest_before} - {a.to_interest} != {a.interest_after}",
    )
    require(
        min(a.principal_after, a.interest_after, a.to_principal, a.to_interest, a.surplus, a.capped)
        >= 0,
        f"a negative amount in {a}",
    )
    require(
        a.to_principal + a.to_interest + a.surplus + a.capped == a.value,
        f"credited + surplus + capped != value in {a}",
    )
