"""The rows of a timesheet's table as the person who filled it sees them (SPEC §2.3).

Supervisors edit the template in Excel or LibreOffice: they leave blank rows, add a total row
and go on typing below it, merge an account cell over two rows, sign under the table. Every row
below the header row is sorted into one of four kinds:

- blank: nothing typed in the table's columns (a template's own `Lp.`, `Stawka` and `Wartość`
  formulas showing nothing do not count) — skipped, never the end of the table;
- total: its first non-empty cell starts with `Razem`, `Suma`, `Ogółem`, `Łącznie` or
  `Podsumowanie`, or it has no date, account, names or work code but numbers in `Ilość` /
  `Wartość` (an unlabelled `=SUM` row) — not work, no issue;
- note: one or two cells of free text and no account, quantity or work code (`Podpis osoby
  nadzorującej: ……`, `Sporządził`) — not work, no issue;
- work: everything else, whatever stands above it. The first work row below a total row is
  named (`TOTAL_NOT_LAST`, a warning): it is read like any other.

A merged range's value belongs to every cell of the range. Example: `Nr konta` 1001 merged over
rows 13–14 gives both rows account 1001.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from odpracowanie import labels
from odpracowanie.readers.workbook import TableStart

# Fields whose emptiness decides nothing: a template computes them in every row.
_COMPUTED = frozenset(labels.COMPUTED_FIELDS)
# A row with none of these filled is not a row of work (a total, a note or nothing).
_KEY_FIELDS = ("date", "account", "debtor", "worker", "code")
# Where a note never stands: a text there is an attempt at a row of work.
_WORK_FIELDS = ("account", "qty", "code")
_NOTE_MAX_CELLS = 2
# A total row's first word, whole (`Razem:`, `Suma godzin`; not `Sumara`, a name).
_TOTAL = re.compile(rf"({'|'.join(labels.TOTAL_ROW_PREFIXES)})\b")
# Text a person means as a date or an amount (`05.10.2026`, `7,5`, `12:30`), never a note.
# A short unit may follow (`7,5 h`, `120 zł`).
_LOOKS_NUMERIC = re.compile(r"^[\s\d.,:;/\-+]*\d[\s\d.,:;/\-+]*[^\W\d_]{0,5}\.?\s*$")


@dataclass
class Body:
    """The work rows of a table: Excel row numbers and the cells of the mapped columns (in
    `TableStart.columns` order, merged ranges filled); `below_total` is (total row, first work
    row under it) when work was typed under a total row."""

    numbers: list[int]
    cells: list[list[object]]
    below_total: tuple[int, int] | None = None


def read_work_rows(
    rows: Iterator[tuple[int, list[object]]],
    start: TableStart,
    *,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    filled: Collection[tuple[int, int]] = (),
) -> Body:
    """Every work row below the header row, to the last row of the sheet.

    `merged`: python-calamine's merged ranges ((first row, first col), (last row, last col)),
    0-based. `filled`: (Excel row, column index) of cells that read as empty but show
    something (a formula error).
    """
    fields = list(start.columns)
    indices = [start.columns[f] for f in fields]
    computed = {start.columns[f] for f in fields if f in _COMPUTED}
    typed = [start.columns[f] for f in fields if f not in _COMPUTED]
    keys = [start.columns[f] for f in _KEY_FIELDS if f in start.columns]
    amounts = [start.columns[f] for f in ("qty", "value") if f in start.columns]
    work_cols = {start.columns[f] for f in _WORK_FIELDS if f in start.columns}
    account = start.columns.get("account")
    # A name is never the number 0: that is a name formula's text result that an .xls
    # LibreOffice saved lost (it stores string results of formulas as 0), read as empty.
    names = [start.columns[f] for f in ("debtor", "worker") if f in start.columns]
    filled = set(filled)
    spans = _Merges(merged, start.header_row)
    body = Body([], [])
    total_at: int | None = None
    for number, original in rows:
        cells, owners = spans.fill(number, original)
        width = len(cells)
        for col in names:
            if col < width and cells[col].__class__ in (int, float) and cells[col] == 0:
                cells[col] = ""
        if filled:
            empty = {
                col for col in range(width) if _blank(cells[col]) and (number, col) not in filled
            }
        else:
            empty = None

        def blank(col: int, cells=cells, width=width, empty=empty) -> bool:
            if col >= width:
                return True
            return _blank(cells[col]) if empty is None else col in empty

        seen = _Seen.of(cells, owners, number, computed, _NOTE_MAX_CELLS + 1, blank)
        if not seen.items and all(blank(col) for col in indices):
            continue
        if seen.continued:
            continue  # only merged cells of rows above: nothing of this row's own
        if _is_total(seen, keys, amounts, account, blank, cells):
            total_at = number
            continue
        if all(blank(col) for col in typed) or seen.is_note(work_cols):
            continue
        if total_at is not None and body.below_total is None:
            body.below_total = (total_at, number)
        body.numbers.append(number)
        body.cells.append([cells[i] if i < width else "" for i in indices])
    return body


def _blank(value: object) -> bool:
    """`is_blank`, inlined for the common cells (this runs for every cell of a big month)."""
    if value == "" or value is None:
        return True
    return value.__class__ is str and not value.strip()


@dataclass
class _Seen:
    """What a person typed in a row (a template's computed numbers left out): up to `most`
    items, each a cell or a merged range (seen once, however many columns it spans), as
    (value, columns, one column wide); and whether all of it is merged cells of rows above."""

    items: list[tuple[object, range, bool]]
    continued: bool

    @classmethod
    def of(cls, cells, owners, number, computed, most, blank) -> _Seen:
        items: list[tuple[object, range, bool]] = []
        counted: set[int] = set()
        own = False
        for col in range(len(cells)):
            # A template's formulas show numbers (Lp., Stawka, Wartość) in rows with anything
            # typed: not what the person wrote; a label typed over them (`Razem`) is.
            if (
                col in counted
                or blank(col)
                or (col in computed and not isinstance(cells[col], str))
            ):
                continue
            owner = owners.get(col) if owners else None
            own = own or owner is None or owner[0] == number
            if len(items) < most:
                if owner is None:
                    items.append((cells[col], range(col, col + 1), True))
                else:
                    _, left, right = owner
                    counted.update(range(left, right + 1))
                    items.append((cells[col], range(left, right + 1), left == right))
            elif own:
                break  # enough to tell the row's kind
        return cls(items, bool(items) and not own)

    def first(self) -> object:
        return self.items[0][0] if self.items else None

    def is_note(self, work_cols: set[int]) -> bool:
        """One or two items of free text, none of them a single cell where an account, a
        quantity or a work code is typed (a signature merged over columns is one item)."""
        if not self.items or len(self.items) > _NOTE_MAX_CELLS:
            return False
        return all(
            isinstance(value, str)
            and not _LOOKS_NUMERIC.match(value)
            and not (single and columns[0] in work_cols)
            for value, columns, single in self.items
        )


def _is_amount(value: object) -> bool:
    """A number a total row sums: a non-zero number or time, or such a number as text (a sum
    of nothing, 0, is no total: LibreOffice's .xls stores 0 for a formula showing "")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, dt.time | dt.timedelta):
        return bool(value)
    return isinstance(value, str) and bool(_LOOKS_NUMERIC.match(value))


def _is_total(seen: _Seen, keys, amounts, account, blank, cells) -> bool:
    first = seen.first()
    if (
        isinstance(first, str)
        and first[:1].isalpha()
        and _TOTAL.match(labels.fold(first))
        and (account is None or blank(account))
    ):
        return True
    return all(blank(col) for col in keys) and any(
        col < len(cells) and _is_amount(cells[col]) for col in amounts
    )


class _Merges:
    """Merged ranges below the header row: the value of each range's first cell, given to
    every cell of the range as the rows go by (in order, each range looked at while open)."""

    def __init__(
        self, merged: Sequence[tuple[tuple[int, int], tuple[int, int]]], header_row: int
    ) -> None:
        # Excel rows are 1-based; python-calamine's ranges are 0-based.
        self._waiting = sorted(
            (
                (first[0] + 1, first[1], last[0] + 1, last[1])
                for first, last in merged
                if first[0] + 1 > header_row and (last[0] > first[0] or last[1] > first[1])
            ),
            reverse=True,
        )
        # (top, left, bottom, right, value) of the ranges the rows are going through
        self._open: list[tuple[int, int, int, int, object]] = []

    def fill(
        self, number: int, cells: list[object]
    ) -> tuple[list[object], dict[int, tuple[int, int, int]]]:
        """The row's cells with merged values filled in, and for each cell of a merged range
        the range's (top row, first column, last column)."""
        while self._waiting and self._waiting[-1][0] <= number:
            top, left, bottom, right = self._waiting.pop()
            value = cells[left] if top == number and left < len(cells) else ""
            self._open.append((top, left, bottom, right, value))
        if not self._open:
            return cells, {}
        self._open = [span for span in self._open if span[2] >= number]
        out = list(cells)
        owners: dict[int, tuple[int, int, int]] = {}
        for top, left, _, right, value in self._open:
            if len(out) <= right:
                out.extend([""] * (right + 1 - len(out)))
            for col in range(left, right + 1):
                owners[col] = (top, left, right)
                if _blank(out[col]):
                    out[col] = value
        return out, owners
