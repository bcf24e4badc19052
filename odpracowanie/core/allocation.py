"""Crediting a month's value against one debt account (SPEC §4, §8, rules §5.21).

The value goes to the debt components in the programme's order — principal then interest
(then costs) in Żyrardów (§5.21), costs, interest, principal where a city follows the Civil
Code (art. 451) — and is capped at the whole debt; what is left over is surplus, reported and
not carried. A cap on what may be credited (`caps.credit_room`: Bydgoszcz's yearly,
Katowice's total) is applied first: the part above it is not credited at all.

Invariants, checked on every call by `money.require`, which `python -O` keeps (cheap, and they
catch the bug that costs someone money): before − credited = after for each component
separately, nothing negative, and what the components got + surplus + capped = value.

Example: principal 100,00, interest 30,00, costs 20,00 zł, 140,00 zł of work in the order
costs, interest, principal -> costs 20,00, interest 30,00, principal 90,00; principal after
10,00 zł.
"""

from __future__ import annotations

from dataclasses import dataclass

from odpracowanie.core.model import COMPONENTS, full_order
from odpracowanie.core.money import require


@dataclass(frozen=True)
class Allocation:
    """All amounts in integer grosze."""

    value: int  # the month's value of accepted work (and transfers)
    capped: int  # the part not credited because of a cap
    to_principal: int
    to_interest: int
    surplus: int
    principal_before: int
    interest_before: int
    principal_after: int
    interest_after: int
    to_costs: int = 0
    costs_before: int = 0
    costs_after: int = 0

    @property
    def credited(self) -> int:
        return self.to_principal + self.to_interest + self.to_costs

    def to(self, component: str) -> int:
        return getattr(self, f"to_{component}")

    def before(self, component: str) -> int:
        return getattr(self, f"{component}_before")

    def after(self, component: str) -> int:
        return getattr(self, f"{component}_after")

    @property
    def total_before(self) -> int:
        return sum(self.before(c) for c in COMPONENTS)


def allocate(
    principal: int,
    interest: int,
    value: int,
    order: tuple[str, ...] = COMPONENTS,
    year_room: int | None = None,
    *,
    costs: int = 0,
) -> Allocation:
    """Credit `value` against (principal, interest, costs) in `order` (the components it does
    not name last); `year_room` caps it first."""
    balance = {"principal": principal, "interest": interest, "costs": costs}
    if min(*balance.values(), value) < 0:
        raise ValueError("amounts must not be negative")
    creditable = value if year_room is None else min(value, max(year_room, 0))
    remaining = creditable
    paid = dict.fromkeys(COMPONENTS, 0)
    for component in full_order(tuple(order)):
        paid[component] = min(remaining, balance[component])
        remaining -= paid[component]
    result = Allocation(
        value=value,
        capped=value - creditable,
        surplus=remaining,
        **{f"to_{c}": paid[c] for c in COMPONENTS},
        **{f"{c}_before": balance[c] for c in COMPONENTS},
        **{f"{c}_after": balance[c] - paid[c] for c in COMPONENTS},
    )
    _check(result)
    return result


def _check(a: Allocation) -> None:
    for c in COMPONENTS:
        require(
            a.before(c) - a.to(c) == a.after(c),
            f"{c}: {a.before(c)} - {a.to(c)} != {a.after(c)}",
        )
    require(
        min(*(a.after(c) for c in COMPONENTS), *(a.to(c) for c in COMPONENTS), a.surplus, a.capped)
        >= 0,
        f"a negative amount in {a}",
    )
    require(
        a.credited + a.surplus + a.capped == a.value,
        f"credited + surplus + capped != value in {a}",
    )
