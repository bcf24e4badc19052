"""Cell references as Excel writes them: column letters and `B7`-style addresses."""

from __future__ import annotations

import re

_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]+)$")


def column_letter(index: int) -> str:
    """The letters of a 0-based column: 0 -> A, 25 -> Z, 26 -> AA.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_position(ref: str) -> tuple[int, int] | None:
    """`B7` (or `$b$7`) -> (7, 2), row and column from 1; None when `ref` is not one cell.

    >>> cell_position("B7"), cell_position("$aa$10"), cell_position("A1:B2")
    ((7, 2), (10, 27), None)
    """
    found = _CELL.match(ref.upper())
    if not found:
        return None
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - 64
    return int(found.group(2)), column
