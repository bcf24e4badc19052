"""Run identity (SPEC §7): which ledger a ledger was made from, its name and its posting number.

Every ledger (`salda_…`) is made from another — last month's, or the same month's before a
supplementary run, a correction or the Mayor's decision — or from a first debt workbook. The
chain is what finance books from, so its names and numbers must never repeat or go backwards:

- a ledger is named after the month it is the balances of (`salda_2026-10.xlsx`), and
  numbered among that month's ledgers of its chain: the first is `salda_2026-10.xlsx`
  (number 1), the next made from it `salda_2026-10_2.xlsx` and so on, whichever command made
  it (reconcile, correct, approve);
- the posting document its run issues is `PK/ODPR/2026-10/2`: the month and the number of the
  ledger, so two runs in one minute, or a run and its supplementary run, never share one.

Example: salda_2026-09.xlsx -> reconcile October -> salda_2026-10.xlsx (PK/ODPR/2026-10/1)
-> correct -> salda_2026-10_2.xlsx (PK/ODPR/2026-10/2) -> approve -> salda_2026-10_3.xlsx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from odpracowanie import labels
from odpracowanie.core.model import Month, month_text


@dataclass(frozen=True)
class Source:
    """What a new ledger is made from: the ledger read (or a first debt workbook)."""

    file: str
    sha256: str
    ledger_id: str  # '' for a workbook no run of this program wrote
    month: Month | None  # the month the ledger holds balances of (None: a first workbook)
    number: int | None  # its number among its month's ledgers, when `Przebieg` records it


@dataclass(frozen=True)
class Lineage:
    """A new ledger's place in its chain."""

    ledger_id: str
    month: Month  # the month it is named after
    number: int  # among the chain's ledgers of `month`, from 1
    source: Source
    # (folder, posting number) of runs in other folders that made a ledger of this month from
    # the same source: branches of the chain, of which finance should book only one
    branches: tuple[tuple[str, str], ...] = ()
    # the chain's identifier: the SHA-256 of the first debt workbook it grew from
    chain: str = ""

    @property
    def suffix(self) -> str:
        """`2026-10` for the month's first ledger, `2026-10_3` for its third."""
        text = month_text(self.month)
        return text if self.number == 1 else f"{text}_{self.number}"

    @property
    def posting(self) -> str:
        """The number of the posting document this run issues: `PK/ODPR/2026-10/3`."""
        return labels.POSTING_DOCUMENT.format(month=month_text(self.month), n=self.number)


def source_number(source: Source) -> int:
    """The source's number among its month's ledgers: recorded in `Przebieg`; for a ledger of
    an earlier version, the one its file name carries (`_3`), else 1."""
    if source.month is None:
        return 0
    if source.number:
        return source.number
    return replaced_number([source.file], source.month) or 1


def next_ledger(source: Source, month: Month, ledger_id: str, after: int = 0) -> Lineage:
    """The ledger made from `source` holding balances after `month`: the next number of that
    month's ledgers when the source is one of them, else the month's first.

    >>> first = Source("salda_2026-09.xlsx", "ab", "x", (2026, 9), 1)
    >>> next_ledger(first, (2026, 10), "y").suffix
    '2026-10'
    >>> older = Source("salda_2026-10_2.xlsx", "cd", "", (2026, 10), None)
    >>> later = next_ledger(older, (2026, 10), "z")
    >>> later.suffix, later.posting
    ('2026-10_3', 'PK/ODPR/2026-10/3')
    >>> next_ledger(first, (2026, 10), "w", after=1).suffix  # replacing salda_2026-10.xlsx
    '2026-10_2'
    """
    if source.month is not None and tuple(source.month) > tuple(month):
        raise ValueError("a ledger is never named after a month before its source's")
    number = source_number(source) + 1 if source.month == tuple(month) else 1
    # `after`: the number of a ledger of the month this one replaces (a run again with
    # --force, whose first ledger and postings may have been sent): never the same again
    number = max(number, after + 1)
    return Lineage(ledger_id, tuple(month), number, source)  # type: ignore[arg-type]


def posting_month(posting: str) -> Month | None:
    """The month of a posting number: `PK/ODPR/2026-10/3` -> (2026, 10); None for another."""
    found = re.search(r"/(\d{4})-(\d{2})(?:/|$)", posting or "")
    return (int(found.group(1)), int(found.group(2))) if found else None


def replaced_number(names, month: Month) -> int:
    """The highest number among the ledgers of `month` named in `names` (file names of the
    ledgers an earlier run of the folder left, or that earlier runs moved aside), 0 when none.

    >>> left = ["salda_2026-10.xlsx", "salda_2026-10_3.xlsx", "salda_2026-09_5.xlsx"]
    >>> replaced_number(left, (2026, 10))
    3
    """
    found = 0
    for name in names:
        match = labels.output_pattern("balances").fullmatch(name)
        if match and (int(match.group(1)), int(match.group(2))) == tuple(month):
            found = max(found, int(match.group(3) or 1))
    return found
