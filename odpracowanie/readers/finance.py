"""The finance system's CSV export (SPEC §8) -> the same raw table a workbook sheet gives.

An FK export is text, and text is read only when it can be read one way: the encoding
(UTF-8 with or without BOM, UTF-16 with BOM, Windows-1250, ISO 8859-2), the separator (`;`,
`,` or tab: the one whose first line holds the table's heads), the decimal mark (comma or
point, one for the whole file) and the date form (`dd.mm.rrrr`, `rrrr-mm-dd`, `rrrrmmdd`)
are found from the file itself. Anything that would have to be guessed — a line with more or
fewer fields than the heads (a shifted column), an amount with a thousands separator or with
both marks, a file whose amounts use both marks, a date in another form — is `CSV_INVALID`
naming the line and the column, and the caller stops: a guess could credit the wrong account.

The cells become strings the parsers of `core.parse` read exactly (`1234.56`, a `date`), so
the rest of the reading is the workbook's: the same schema, rules and messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.core.schemas import Frame
from odpracowanie.issues import Issue, Say, make_issue
from odpracowanie.readers.tables import raw_frame
from odpracowanie.readers.workbook import match_header

MAX_BYTES = 100 * 1024 * 1024
SEPARATORS = (";", "\t", ",")
SUFFIXES = (".csv", ".txt")
# What a Windows-1250 reading shows where an ISO 8859-2 file has ą, ś, ź, Ą, Ś, Ź.
_LATIN2_SIGNS = set("±¶Ľˇ¦¬")
_AMOUNT = re.compile(r"^-?\d+(?:([.,])(\d+))?$")
_DATE_FORMS = (
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "%d.%m.%Y"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{8}$"), "%Y%m%d"),
)


class CsvProblem(Exception):
    """The file cannot be read one way; `issue` says where and why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def is_csv(path: Path) -> bool:
    """A text export rather than a workbook: by its name, else by its first bytes."""
    if path.suffix.lower() in SUFFIXES:
        return True
    with path.open("rb") as handle:
        head = handle.read(8)
    return bool(head) and not head.startswith((b"PK", b"\xd0\xcf\x11\xe0"))


def read_csv_table(
    path: Path,
    file: str,
    columns: Sequence[labels.Column],
    amounts: Sequence[str] = (),
    dates: Sequence[str] = (),
) -> tuple[Frame | None, list[Issue]]:
    """The table of a CSV export as a raw `Frame` (one row per line, `_row` = line number),
    or None and the one issue that says why it cannot be read."""
    try:
        text = _decode(path, file)
        return _frame(_split(text, file, columns), file, columns, amounts, dates), []
    except CsvProblem as problem:
        return None, [problem.issue]


def _invalid(
    file: str, reason: str, *, row: int | None = None, cell: str = "", column: str = ""
) -> CsvProblem:
    place = ""
    if row is not None:
        named = Say.CSV_COLUMN.format(column=column) if column else ""
        place = Say.CSV_PLACE.format(row=row, column=named)
    issue = make_issue(
        "CSV_INVALID", file=file, row=row, cell=cell, column=column, reason=reason, place=place
    )
    return CsvProblem(issue)


def _decode(path: Path, file: str) -> str:
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise _invalid(file, Say.CSV_TOO_BIG)
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:  # a mark that says one thing, bytes that say another
        raise _invalid(file, Say.CSV_ENCODING) from exc
    if b"\x00" in data[:4096]:
        raise _invalid(file, Say.CSV_ENCODING)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1250")
    except UnicodeDecodeError:
        text = ""
    if text and not _LATIN2_SIGNS & set(text):
        return text
    # ISO 8859-2 (Latin-2): Polish letters where Windows-1250 has ±, ¶, ¬ … It defines every
    # byte, so a file in neither (DOS's 852, say) shows there as control characters: refused.
    latin2 = data.decode("iso8859_2")
    if any("\x80" <= ch <= "\x9f" for ch in latin2):
        raise _invalid(file, Say.CSV_ENCODING)
    return latin2


def _split(text: str, file: str, columns: Sequence[labels.Column]) -> list[list[str]]:
    """The lines as fields, with the separator whose first non-empty line names the most
    of the table's columns (and at least its required ones)."""
    body = text.splitlines()
    first = next((n for n, line in enumerate(body) if line.strip()), None)
    if first is None:
        raise _invalid(file, Say.CSV_EMPTY)
    required = {c.field for c in columns if c.required}
    best: tuple[int, str] | None = None
    for separator in SEPARATORS:
        heads = next(csv.reader([body[first]], delimiter=separator))
        found = set(match_header(heads, columns))
        if required <= found and (best is None or len(found) > best[0]):
            best = (len(found), separator)
    if best is None:
        names = ", ".join(c.label for c in columns if c.required)
        raise _invalid(file, Say.CSV_NO_HEADS.format(columns=names), row=first + 1)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=best[1]))


def _frame(
    rows: list[list[str]],
    file: str,
    columns: Sequence[labels.Column],
    amounts: Sequence[str],
    dates: Sequence[str],
) -> Frame:
    top = next(n for n, row in enumerate(rows) if any(cell.strip() for cell in row))
    heads = rows[top]
    at = match_header(heads, columns)
    for name, index in at.items():  # one field under two heads: which one is meant?
        again = match_header(heads[index + 1 :], columns).get(name)
        if again is not None:
            label = labels.label(tuple(columns), name)
            where = f"{column_letter(index)}, {column_letter(index + 1 + again)}"
            raise _invalid(file, Say.CSV_TWICE.format(column=label, cells=where), row=top + 1)
    letters = {name: column_letter(index) for name, index in at.items()}
    numbers: list[int] = []
    body: list[list[object]] = []
    for number, row in enumerate(rows[top + 1 :], start=top + 2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(heads):
            raise _invalid(
                file,
                Say.CSV_FIELDS.format(found=len(row), expected=len(heads)),
                row=number,
            )
        numbers.append(number)
        body.append([row[index].strip() for index in at.values()])
    table = raw_frame(list(at), numbers, body)
    marks: dict[str, int] = {}  # the decimal mark of the whole file, once one is seen
    for name in amounts:
        if name in table:
            table[name] = _amounts(table, name, file, letters, columns, marks)
    for name in dates:
        if name in table:
            table[name] = _dates(table, name, file, letters, columns)
    for column in columns:
        if column.field not in table:
            table[column.field] = pd.Series([""] * len(table), dtype=object)
    label_map = {c.field: c.label for c in columns}
    return Frame(table, [(file, "", letters)], label_map)


def _where(table: pd.DataFrame, index: int, name: str, letters, columns) -> dict[str, object]:
    row = int(table.at[index, "_row"])
    return {
        "row": row,
        "cell": f"{letters[name]}{row}",
        "column": labels.label(tuple(columns), name),
    }


def _amounts(
    table: pd.DataFrame,
    name: str,
    file: str,
    letters: dict[str, str],
    columns: Sequence[labels.Column],
    marks: dict[str, int],
) -> pd.Series:
    """Amounts as `1234.56`: one decimal mark for the whole file (`marks`, shared by its
    columns), no thousands separator, at most two decimal places (a third is a thousands
    separator, or an error)."""
    out = []
    for index, value in zip(table.index, table[name], strict=True):
        text = str(value).replace("\u00a0", " ").strip()
        if not text:
            out.append("")
            continue
        found = _AMOUNT.match(text)
        if found is None or (found.group(2) is not None and len(found.group(2)) > 2):
            where = _where(table, index, name, letters, columns)
            raise _invalid(file, Say.CSV_AMOUNT.format(found=text), **where)
        mark = found.group(1)
        if mark:
            marks.setdefault(mark, index)
            if len(marks) > 1:
                where = _where(table, index, name, letters, columns)
                raise _invalid(file, Say.CSV_MIXED_MARKS.format(found=text), **where)
        out.append(text.replace(",", "."))
    return pd.Series(out, index=table.index, dtype=object)


def _dates(
    table: pd.DataFrame,
    name: str,
    file: str,
    letters: dict[str, str],
    columns: Sequence[labels.Column],
) -> pd.Series:
    """Dates in one of the forms FK writes, as datetimes; any other text is an error. Each
    distinct text is read once (an export repeats its `Stan na` on every line)."""
    out: list[object] = []
    seen: dict[str, object] = {}
    for index, value in zip(table.index, table[name], strict=True):
        text = str(value).strip()
        if text not in seen:
            seen[text] = _date(text) if text else ""
        day = seen[text]
        if day is None:
            where = _where(table, index, name, letters, columns)
            raise _invalid(file, Say.CSV_DATE.format(found=text), **where)
        out.append(day)
    return pd.Series(out, index=table.index, dtype=object)


def _date(text: str) -> dt.datetime | None:
    for pattern, form in _DATE_FORMS:
        if pattern.match(text):
            try:
                return dt.datetime.strptime(text, form)
            except ValueError:  # 31.02.2026
                return None
    return None
