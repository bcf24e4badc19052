"""A ledger against the copy of itself its run archived (SPEC §7, `ledger check --archive`).

Every run that writes a ledger puts a copy of it, as written, among the outputs of its archive
(`wyniki/salda_….xlsx`, role `wynik` in `manifest.json`). The ledger checked is compared with
that copy on every sheet, cell by cell, so that an edit the arithmetic cannot see (a principal
credited and its balance after changed together, a debtor's name) is named all the same:
- LEDGER_EDITED (error): a cell whose value is not the archived one (both values named), a row
  added or removed, a sheet added or removed; past `LIMIT` findings in a sheet, one more issue
  says how many cells and rows of it differ besides;
- LEDGER_NOT_IN_ARCHIVE (warning): an archive given holds no copy of this ledger (another
  month's, another run's): nothing to compare with, which is no fault of the ledger.
A year's `Historia prac` holds ~480 000 rows × 15 columns: a sheet of the archived copy, then
the same sheet of the ledger, is read a block of rows at a time into one number per cell (one
parsed sheet held at a time, never 7 million Python cells), the two arrays are compared whole,
and only the values of the changes named are read again. When the numbers of rows differ, the
rows are first matched by their contents (difflib on one number per row), so that a removed row
is named as such, not as every cell below it changed.
Example: `Dłużnik` of row 2 changed from „Jan Kowalski” to „Jan Kowalsky” -> LEDGER_EDITED at
Historia rozliczeń!D2, "W komórce jest „Jan Kowalsky”, a w saldzie zapisanym przez program
było „Jan Kowalski”".
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.digest import digest
from odpracowanie.issues import Issue, make_issue
from odpracowanie.readers.workbook import (
    MAX_FILE_BYTES,
    UnreadableFile,
    Workbook,
    find_sheet,
    header_values,
    iter_sheet_rows,
    open_workbook,
)

# Findings named one by one in a sheet; the rest are counted in one issue.
LIMIT = 100
# Rows read and compared at a time (a year's `Historia prac` is never held as cells at once).
BLOCK = 20_000
# Cells of an added or removed row shown in its message.
SHOWN_CELLS = 8
# A cell's key: a number by its bits, set apart from the hashes of texts and dates.
NUMBER_TAG = np.int64(0x5DEECE66D)
NUMBERS = frozenset((float, int))  # not bool: TRUE is no 1
BLANK = hash("")


@dataclass(frozen=True)
class Ledger:
    """What tells a ledger's own copy in an archive: its file name, and when its run started as
    its `Przebieg` says (`07.12.2026 18:29:05`; "" when it does not)."""

    name: str
    started: str
    ledger_id: str = ""  # `Przebieg`'s identifier of the ledger ('' before issue 27)


@dataclass(frozen=True)
class Copy:
    """The archived copy of a ledger: its archive, its manifest entry, when its run was."""

    archive: Path
    entry: dict
    started: str


def is_copy_of(entry: dict, manifest: dict, ledger: Ledger) -> bool:
    """Whether a manifest entry is the ledger's own copy: the ledger output of the archive
    whose manifest names the ledger's identifier (SPEC §7, run identity); for a ledger or an
    archive of an earlier version, an output of the same file name, case aside, written by the
    run that wrote the ledger (a month's run, its correction and its approval each wrote a
    `salda_2026-10.xlsx` of their own, in other folders)."""
    if entry.get("role") != labels.RUN_ROLE_OUTPUT:
        return False
    recorded = str(manifest.get("ledger_id") or "")
    if recorded and ledger.ledger_id:
        name = str(entry.get("name", ""))
        return recorded == ledger.ledger_id and bool(
            labels.output_pattern("balances").fullmatch(name)
        )
    started = _manifest_started(manifest)
    return str(entry.get("name", "")).casefold() == ledger.name.casefold() and (
        not ledger.started or not started or started == ledger.started
    )


def ledger_of(workbook: Workbook) -> Ledger:
    """The ledger's name, its run's start and its identifier, from `Przebieg`."""
    started, ledger_id = "", ""
    sheet = find_sheet(workbook, labels.SHEET_RUN)
    if sheet is not None:
        rows = [row for _, row in zip(range(40), iter_sheet_rows(workbook, sheet), strict=False)]
        found = header_values(rows, [labels.RUN_STARTED, labels.RUN_LEDGER_ID])
        started = str(found.get(labels.RUN_STARTED, [""])[0] or "")
        ledger_id = str(found.get(labels.RUN_LEDGER_ID, [""])[0] or "")
        workbook.forget(sheet)
    return Ledger(workbook.path.name, started, ledger_id)


def _manifest_started(manifest: dict) -> str:
    """When the archive's run started, as `Przebieg` writes it."""
    try:
        return dt.datetime.fromisoformat(str(manifest.get("time", ""))).strftime(
            "%d.%m.%Y %H:%M:%S"
        )
    except ValueError:
        return ""


def find_copies(ledger: Ledger, archives: Sequence[Path]) -> tuple[list[Copy], list[Issue]]:
    """The copies of the ledger that the archives hold, and LEDGER_NOT_IN_ARCHIVE for each
    archive that holds none (an archive that cannot be read is `check_archive`'s to report)."""
    copies, issues = [], []
    for archive in archives:
        try:
            with zipfile.ZipFile(archive) as opened:
                manifest = json.loads(opened.read("manifest.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            continue
        if not isinstance(manifest, dict):
            continue
        entries = [e for e in manifest.get("files", []) if isinstance(e, dict)]
        started = _manifest_started(manifest)
        found = [e for e in entries if is_copy_of(e, manifest, ledger) and e.get("path")]
        copies += [Copy(archive, e, started) for e in found]
        if found:
            continue
        namesake = Ledger(ledger.name, "")
        ledgers = [
            str(e.get("name", ""))
            for e in entries
            if e.get("role") == labels.RUN_ROLE_OUTPUT
            and labels.output_pattern("balances").fullmatch(str(e.get("name", "")))
        ]
        if any(is_copy_of(e, {}, namesake) for e in entries):
            why = labels.NOT_COPY_OTHER_RUN.format(then=started, now=ledger.started)
        elif ledgers:
            why = labels.NOT_COPY_OTHER_LEDGER.format(
                name=ledgers[0], then=started, now=ledger.started
            )
        else:
            why = labels.NOT_COPY_NONE
        issues.append(
            make_issue("LEDGER_NOT_IN_ARCHIVE", file=archive.name, ledger=ledger.name, why=why)
        )
    return copies, issues


def compare_with_archives(path: Path, archives: Sequence[Path]) -> list[Issue]:
    """The ledger at `path` against its copy among `archives`: every changed cell, row and
    sheet."""
    if not archives:
        return []
    try:
        now = open_workbook(path)
    except UnreadableFile:
        return []  # the ledger's own reading has said why
    copies, issues = find_copies(ledger_of(now), archives)
    if not copies or any(c.entry.get("sha256") == now.sha256 for c in copies):
        return issues  # nothing to compare with, or byte for byte as its run wrote it
    copy = max(copies, key=lambda c: c.started)  # two runs in one second: the later archive
    with tempfile.TemporaryDirectory() as folder:
        archived = _extract(copy, Path(folder))
        if archived is None:
            return issues  # not what the manifest recorded: check_archive names it
        try:
            then = open_workbook(archived)
        except UnreadableFile:
            return issues
        issues += compare_workbooks(now, then, file=path.name, archive=copy.archive.name)
    return issues


def _extract(copy: Copy, folder: Path) -> Path | None:
    """The archived copy written to `folder`, when it is the file its manifest recorded."""
    stored = copy.entry["path"]
    try:
        with zipfile.ZipFile(copy.archive) as archive:
            info = archive.getinfo(stored)
            if info.file_size > MAX_FILE_BYTES:
                return None
            with archive.open(info) as stream:
                size, sha = digest(stream)
            if (size, sha) != (copy.entry.get("size"), copy.entry.get("sha256")):
                return None
            target = folder / Path(stored).name
            with archive.open(info) as stream, target.open("wb") as out:
                shutil.copyfileobj(stream, out)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return target


def compare_workbooks(now: Workbook, then: Workbook, *, file: str, archive: str) -> list[Issue]:
    """Every sheet of `now` against `then` (the archived copy), cell by cell."""
    issues = []
    where = {"file": file, "archive": archive}
    names_now, names_then = now.sheet_names, then.sheet_names
    for name in names_then:
        if name not in names_now:
            what = labels.EDITED_SHEET_REMOVED.format(sheet=name)
            issues.append(make_issue("LEDGER_EDITED", **where, sheet=name, what=what))
    for name in names_now:
        if name not in names_then:
            what = labels.EDITED_SHEET_ADDED.format(sheet=name)
            issues.append(make_issue("LEDGER_EDITED", **where, sheet=name, what=what))
            continue
        issues += _compare_sheet(now, then, name, where)
    return issues


def _blocks(workbook: Workbook, name: str) -> Iterator[tuple[int, np.ndarray]]:
    """The sheet's rows from row 1, a block at a time: (first row, 0-based; an object array
    of the cells from column A, blank cells "")."""
    sheet = workbook.sheet(name)
    left = (sheet.start or (0, 0))[1]
    rows, at = iter(sheet.iter_rows()), 0
    while block := list(itertools.islice(rows, BLOCK)):
        values = np.empty((len(block), left + len(block[0])), dtype=object)
        values[:, :left] = ""
        values[:, left:] = block
        yield at, values
        at += len(block)


def _keys(cells: np.ndarray) -> np.ndarray:
    """One number per cell, equal for equal cells (of the same kind): a number by its bits
    (Python's hash takes -1 for -2), anything else by its hash."""
    flat = cells.ravel()
    keys = np.fromiter(map(hash, flat), dtype=np.int64, count=flat.size)
    numbers = np.fromiter(map(NUMBERS.__contains__, map(type, flat)), dtype=bool, count=flat.size)
    if numbers.any():
        values = flat[numbers].astype(np.float64) + 0.0  # -0.0 is 0
        keys[numbers] = values.view(np.int64) ^ NUMBER_TAG
    return keys.reshape(cells.shape)


def _sheet_keys(workbook: Workbook, name: str, *, keep: bool = False) -> np.ndarray:
    """The keys of every cell of a sheet (a row a row of the array), the parsed sheet then let
    go unless `keep`: a year's `Historia prac` is 480 000 × 15 numbers, not 7 million Python
    cells."""
    parts = [_keys(cells) for _, cells in _blocks(workbook, name)]
    if not keep:
        workbook.forget(name)
    if not parts:
        return np.empty((0, 0), dtype=np.int64)
    width = max(p.shape[1] for p in parts)
    return np.concatenate([_widened(p, width) for p in parts])


def _widened(keys: np.ndarray, width: int) -> np.ndarray:
    """The keys of a narrower part of a sheet, blank cells added on the right."""
    if keys.shape[1] >= width:
        return keys
    wider = np.full((keys.shape[0], width), BLANK, dtype=np.int64)
    wider[:, : keys.shape[1]] = keys
    return wider


def _row_keys(keys: np.ndarray) -> np.ndarray:
    """One number per row (to match rows, not to compare them)."""
    odd = np.arange(1, 2 * keys.shape[1] + 1, 2, dtype=np.int64) * np.int64(0x9E3779B1)
    return (keys * odd).sum(axis=1) if keys.size else np.zeros(len(keys), dtype=np.int64)


@dataclass(frozen=True)
class _Change:
    """A change found: a cell (`then` row and `now` row, 0-based, and column), or a row
    removed (`now` None) or added (`then` None)."""

    then: int | None
    now: int | None
    column: int | None = None


def _compare_sheet(now: Workbook, then: Workbook, name: str, where: dict) -> list[Issue]:
    """One sheet of the ledger against the same sheet of its archived copy: the keys of the
    archived cells, then of the cells now (one parsed sheet held at a time), compared as
    arrays; the values of the first `LIMIT` changes are read afterwards (the sheet now from
    its parse kept, the archived one parsed again)."""
    keys_then = _sheet_keys(then, name)
    keys_now = _sheet_keys(now, name, keep=True)
    width = max(keys_then.shape[1], keys_now.shape[1], 1)
    keys_then, keys_now = _widened(keys_then, width), _widened(keys_now, width)
    named: list[_Change] = []
    more_cells = more_rows = 0
    for a0, a1, b0, b1 in _matched(keys_then, keys_now):
        common = min(a1 - a0, b1 - b0)
        rows, columns = np.nonzero(keys_then[a0 : a0 + common] != keys_now[b0 : b0 + common])
        room = max(LIMIT - len(named), 0)
        named += [
            _Change(a0 + r, b0 + r, c)
            for r, c in zip(rows[:room].tolist(), columns[:room].tolist(), strict=True)
        ]
        more_cells += max(len(rows) - room, 0)
        for keys, start, stop, side in (
            (keys_then, a0 + common, a1, "then"),
            (keys_now, b0 + common, b1, "now"),
        ):
            filled = start + np.flatnonzero((keys[start:stop] != BLANK).any(axis=1))
            room = max(LIMIT - len(named), 0)
            named += [
                _Change(r, None) if side == "then" else _Change(None, r)
                for r in filled[:room].tolist()
            ]
            more_rows += max(len(filled) - room, 0)
    values_now = _rows_of(now, name, {c.now for c in named if c.now is not None})
    if not named:
        return []
    wanted = {c.then for c in named if c.then is not None}
    values_then = _rows_of(then, name, wanted) if wanted else {}
    money = {
        i
        for i, head in enumerate(values_now.get(0, values_then.get(0, ())))
        if labels.is_money_head(head)
    }
    issues = [_issue(c, values_then, values_now, money, where, name) for c in named]
    if more_cells or more_rows:
        what = labels.EDITED_MORE.format(
            cells=labels.format_count(more_cells), rows=labels.format_count(more_rows)
        )
        issues.append(make_issue("LEDGER_EDITED", **where, sheet=name, what=what))
    return issues


def _matched(keys_then: np.ndarray, keys_now: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The rows of both paired in order: (then start, then stop, now start, now stop), the
    rows of a pair compared cell by cell, those past the shorter side removed or added. As
    many rows on both sides: row by row. Otherwise the rows are matched by their contents
    (difflib's opcodes on one number per row), the common start and end cut first."""
    rows_then, rows_now = len(keys_then), len(keys_now)
    if rows_then == rows_now:
        return [(0, rows_then, 0, rows_now)]
    row_then, row_now = _row_keys(keys_then), _row_keys(keys_now)
    shortest = min(rows_then, rows_now)
    same = row_then[:shortest] == row_now[:shortest]
    head = shortest if same.all() else int(np.argmin(same))
    left = shortest - head
    same = row_then[::-1][:left] == row_now[::-1][:left]
    tail = left if same.all() else int(np.argmin(same))
    middle = difflib.SequenceMatcher(
        None,
        row_then[head : rows_then - tail].tolist(),
        row_now[head : rows_now - tail].tolist(),
    ).get_opcodes()  # rows found in more than 1 % of the sheet (blank ones) start no match
    pairs = [(0, head, 0, head)] if head else []
    pairs += [(a0 + head, a1 + head, b0 + head, b1 + head) for _, a0, a1, b0, b1 in middle]
    if tail:
        pairs.append((rows_then - tail, rows_then, rows_now - tail, rows_now))
    return pairs


def _rows_of(workbook: Workbook, name: str, wanted: set[int]) -> dict[int, tuple]:
    """The cells of the rows `wanted` (0-based) and of the head row, the sheet then let go."""
    found: dict[int, tuple] = {}
    if wanted:
        wanted = wanted | {0}
        for at, cells in _blocks(workbook, name):
            for r in wanted & set(range(at, at + len(cells))):
                found[r] = tuple(cells[r - at])
            if at + len(cells) > max(wanted):
                break
    workbook.forget(name)
    return found


def _issue(
    change: _Change,
    values_then: dict[int, tuple],
    values_now: dict[int, tuple],
    money: set[int],
    where: dict,
    sheet: str,
) -> Issue:
    def value(row: tuple, column: int) -> str:
        cell = row[column] if column < len(row) else ""
        return _text(cell, column in money)

    if change.column is not None:
        row = change.now + 1
        what = labels.EDITED_CELL.format(
            now=value(values_now[change.now], change.column),
            then=value(values_then[change.then], change.column),
        )
        cell = f"{column_letter(change.column)}{row}"
        return make_issue("LEDGER_EDITED", **where, sheet=sheet, cell=cell, row=row, what=what)
    removed = change.now is None
    at = change.then if removed else change.now
    cells = (values_then if removed else values_now)[at]
    shown = [value(cells, c) for c, v in enumerate(cells) if v != ""][:SHOWN_CELLS]
    template = labels.EDITED_ROW_REMOVED if removed else labels.EDITED_ROW_ADDED
    what = template.format(row=at + 1, cells="; ".join(shown))
    return make_issue("LEDGER_EDITED", **where, sheet=sheet, row=at + 1, what=what)


def _text(value: object, money: bool) -> str:
    """A cell's value as the message shows it."""
    if isinstance(value, bool):
        return labels.YES if value else labels.NO
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return labels.format_money(number) if money else labels.format_number(number)
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return f"{labels.format_date(value.date())} {value:%H:%M:%S}"
    if isinstance(value, dt.date):
        return labels.format_date(value)
    if value is None or value == "":
        return labels.EDITED_BLANK
    return labels.quoted(str(value))
