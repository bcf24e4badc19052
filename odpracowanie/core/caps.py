"""How much one account may still be credited under the programme's caps (SPEC §8).

`max_kwoty_rocznie` (Bydgoszcz) caps what is credited to an account in a calendar year,
`max_kwoty_lacznie` (Katowice) over the whole programme; both count the credits recorded in
`Historia rozliczeń` (corrections included, as negative lines). When both are set, the one
with less room left binds, and its code names the issue: YEAR_CAP or TOTAL_CAP.

Example: a 20 000,00 zł total cap, 19 900,00 zł credited in earlier months, 376,80 zł of work
now -> room 100,00 zł: 100,00 zł credited, 276,80 zł not (TOTAL_CAP).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from odpracowanie.core.model import COMPONENTS, Params


@dataclass(frozen=True)
class Room:
    """The binding cap: what may still be credited, its limit and what it already counts."""

    room: int  # grosze; never below zero
    code: str  # YEAR_CAP or TOTAL_CAP
    limit: int
    before: int


def credit_room(settled: pd.DataFrame, account: str, month: str, params: Params) -> Room | None:
    """The room left for `account` in `month` (`2026-10`), or None when no cap is set: every
    line recorded counts, later months too (a late timesheet is credited within what the
    account has already received). A correction takes its month's room from that month's own
    lines (`correction._reverse`), not from here.
    """
    caps = []
    lines = settled[settled["account"] == account] if len(settled) else settled
    if params.max_year_grosze is not None:
        of_year = lines[lines["month"].str.startswith(month[:4])] if len(lines) else lines
        caps.append(("YEAR_CAP", params.max_year_grosze, _credited(of_year)))
    if params.max_total_grosze is not None:
        caps.append(("TOTAL_CAP", params.max_total_grosze, _credited(lines)))
    if not caps:
        return None
    code, limit, before = min(caps, key=lambda cap: cap[1] - cap[2])
    return Room(max(limit - before, 0), code, limit, before)


def _credited(lines: pd.DataFrame) -> int:
    if lines.empty:
        return 0
    return int(lines[[f"to_{c}" for c in COMPONENTS]].to_numpy().sum())
