"""A unit's month as its prepared timesheet knows it (SPEC §11, `templates --month`).

The supervisor types the month into a timesheet that already knows who is referred to the unit
that month, under which referral dates, and the day limit: the sheet marks a mistake while it is
typed instead of the clerk's batch finding it weeks later. It carries only what a supervisor may
see — accounts and names of the people referred there (the debtor and the debtor's proxies) —
never a PESEL, an address or a balance, since a marked copy or a lost e-mail must not leak the
register.

Example: Skierowania sends 104512 to ZDiZ from 1.10 to 15.10.2026 -> ZDiZ's October timesheet
lists 104512 (Jan Kowalski) and marks a row of 104512 dated 20.10.2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from odpracowanie import labels
from odpracowanie.core.model import Month, OrgUnit, Program, month_bounds


@dataclass(frozen=True)
class Person:
    """Someone the unit's timesheet may name: the debt account, the debtor, the proxies."""

    account: str
    debtor: str
    proxies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """What a unit's prepared timesheet for a month knows."""

    unit: OrgUnit
    month: Month
    people: tuple[Person, ...]
    # (account, first day, last day) of each referral to the unit overlapping the month; None
    # when the programme keeps no referrals (then any day of the month is allowed)
    referrals: tuple[tuple[str, dt.date, dt.date], ...] | None


class UnknownUnit(ValueError):
    """A unit asked for is not in `Jednostki`."""


def prepared_units(program: Program, month: Month, units: tuple[str, ...] = ()) -> list[Prepared]:
    """Each unit's prepared month: the units with a referral active in `month` (every unit
    when the programme keeps no referrals), or those named in `units` (by code, any case).
    People: with referrals, the accounts referred to the unit in the month; without, every
    participant. Raises `UnknownUnit` for a code `Jednostki` does not hold."""
    first, last = month_bounds(month)
    by_code = {u.code.casefold(): u for u in program.units}
    for code in units:
        if code.casefold() not in by_code:
            raise UnknownUnit(code)
    register = {
        p.account: p
        for p in program.participants
        if p.status == labels.STATUS_PARTICIPANT or program.referrals is not None
    }
    proxies: dict[str, list[str]] = {}
    for proxy in program.proxies:
        proxies.setdefault(proxy.account, []).append(proxy.name)

    def person(account: str) -> Person:
        found = register.get(account)
        return Person(account, found.name if found else "", tuple(proxies.get(account, ())))

    out = []
    for unit in program.units:
        if units and unit.code.casefold() not in {c.casefold() for c in units}:
            continue
        if program.referrals is None:
            everyone = sorted(
                p.account for p in program.participants if p.status == labels.STATUS_PARTICIPANT
            )
            out.append(Prepared(unit, month, tuple(person(a) for a in everyone), None))
            continue
        active = [
            r
            for r in program.referrals
            if r.unit.casefold() == unit.code.casefold() and r.overlaps(first, last)
        ]
        if not active and not units:
            continue  # no one is sent there this month
        accounts = sorted({r.account for r in active})
        spans = tuple(
            (r.account, max(r.start, first), min(r.end or last, last))
            for r in sorted(active, key=lambda r: (r.account, r.start))
        )
        out.append(Prepared(unit, month, tuple(person(a) for a in accounts), spans))
    return out
