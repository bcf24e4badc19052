"""Column-wise parsing of raw spreadsheet cells into typed values (SPEC §2.3, accepted forms).

A raw cell is what python-calamine returns: `''` when empty, `str`, `float`, `bool`, `date`,
`datetime`, `time` or `timedelta`. Each parser takes a whole column and returns typed values plus
two masks: `missing` (the cell is empty) and `invalid` (not empty, but not readable as the type).
Nothing here loops over cells in Python except `kinds`, one pass sorting the kinds of cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from odpracowanie import labels

# Serial numbers that can be a date typed into a number-formatted cell: 1954 … 2119.
_SERIAL_MIN, _SERIAL_MAX = 20_000, 80_000
_TEXT_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
_NUMBER_NOISE = re.compile(
    r"[\s\u00a0\u202f]|" + "|".join(f"{re.escape(w)}$" for w in labels.CURRENCY_WORDS),
    re.IGNORECASE,
)
_ACCOUNT_FLOAT_TEXT = re.compile(r"^(\d+)\.0+$")
# Dates a person can mean; a year outside is a typo (and beyond what a nanosecond column holds).
_YEAR_MIN, _YEAR_MAX = 1900, 2200
YEAR_MIN, YEAR_MAX = _YEAR_MIN, _YEAR_MAX  # the dates a cell may hold
# Quantities beyond this are typos (a PESEL pasted into Ilość), not work.
MAX_QUANTITY = 1_000_000


@dataclass(frozen=True)
class Parsed:
    """A parsed column: `values` (NaN/NaT where missing or invalid) and the two masks."""

    values: pd.Series
    missing: pd.Series
    invalid: pd.Series


# The kinds of raw cell, as small integers: one pass sorts a column, vector tests do the rest.
OTHER, TEXT, NUMBER, DATE, TIME = range(5)
_KIND_OF = {
    str: TEXT,
    float: NUMBER,
    int: NUMBER,
    np.float64: NUMBER,
    np.int64: NUMBER,
    dt.date: DATE,
    dt.datetime: DATE,
    pd.Timestamp: DATE,
    dt.time: TIME,
    dt.timedelta: TIME,
    pd.Timedelta: TIME,
}


def kinds(raw: pd.Series) -> np.ndarray:
    """The kind of each raw cell (`TEXT`, `NUMBER`, `DATE`, `TIME` or `OTHER`), in one pass."""
    kind_of = _KIND_OF.get
    return np.fromiter(
        (kind_of(type(v), OTHER) for v in raw.to_numpy(dtype=object)), dtype=np.int8, count=len(raw)
    )


def missing_mask(raw: pd.Series, kind: np.ndarray | None = None) -> pd.Series:
    """Empty cells: None, NaN or text of spaces only."""
    kind = kinds(raw) if kind is None else kind
    is_str = kind == TEXT
    blank = raw.isna().to_numpy().copy()
    if is_str.any():
        strings = raw.to_numpy(dtype=object)[is_str].astype(str)
        blank[is_str] = np.char.str_len(np.char.strip(strings)) == 0
    return pd.Series(blank, index=raw.index)


def parse_text(raw: pd.Series, kind: np.ndarray | None = None) -> pd.Series:
    """Cells as stripped text; numbers typed in cells lose a needless `.0` (1001.0 -> '1001')."""
    kind = kinds(raw) if kind is None else kind
    cells = raw.to_numpy(dtype=object)
    out = np.full(len(cells), "", dtype=object)
    is_str = kind == TEXT
    if is_str.any():
        out[is_str] = np.char.strip(cells[is_str].astype(str)).astype(object)
    nums = kind == NUMBER
    if nums.any():
        values = cells[nums].astype("float64")
        whole = np.isfinite(values) & (values == np.round(values))
        text = values.astype(str).astype(object)
        fits = whole & (np.abs(values) < 2.0**63)  # what int64 holds
        text[fits] = values[fits].astype("int64").astype(str)
        huge = whole & ~fits  # a long number typed as one (1e20): its digits, not an overflow
        text[huge] = [str(int(v)) for v in values[huge]]
        out[nums] = text
    other = ~(is_str | nums) & raw.notna().to_numpy()
    if other.any():
        out[other] = [str(v) for v in cells[other]]
    return pd.Series(out, index=raw.index, dtype=object)


def text_and_missing(raw: pd.Series, kind: np.ndarray | None = None) -> tuple[pd.Series, pd.Series]:
    """`parse_text` and `missing_mask` of one column, its text cells stripped once: a text
    cell is empty when nothing is left of it, any other when it is None or NaN."""
    kind = kinds(raw) if kind is None else kind
    text = parse_text(raw, kind)
    blank = raw.isna().to_numpy().copy()
    is_str = kind == TEXT
    if is_str.any():
        blank[is_str] = text.to_numpy()[is_str] == ""
    return text, pd.Series(blank, index=raw.index)


def parse_account(raw: pd.Series) -> pd.Series:
    """Account numbers: `1001`, `1001.0` and the text `'1001'` are one account."""
    text = parse_text(raw)
    dotted = np.fromiter(("." in t for t in text.to_numpy()), dtype=bool, count=len(text))
    if dotted.any():  # the regular expression only where it can match
        text[dotted] = text[dotted].str.replace(_ACCOUNT_FLOAT_TEXT, r"\1", regex=True)
    return text


def _native_day(value: dt.date) -> np.datetime64:
    if not _YEAR_MIN <= value.year <= _YEAR_MAX:
        return np.datetime64("NaT")
    return np.datetime64(value.date() if isinstance(value, dt.datetime) else value, "D")


def parse_dates(raw: pd.Series) -> Parsed:
    """Excel dates, text `dd.mm.yyyy` / `yyyy-mm-dd`, or a date serial typed as a number.

    A year outside 1900–2200 is a typo: the cell is invalid (and never reaches pandas, whose
    nanosecond dates end in 2262).
    """
    kind = kinds(raw)
    missing = missing_mask(raw, kind)
    out = np.full(len(raw), np.datetime64("NaT"), dtype="datetime64[ns]")
    cells = raw.to_numpy(dtype=object)

    native = kind == DATE
    if native.any():
        try:  # one vector step; only a far-off year (a typo) needs the careful path
            stamps = pd.DatetimeIndex(pd.to_datetime(cells[native])).normalize()
            stamps = stamps.where((stamps.year >= _YEAR_MIN) & (stamps.year <= _YEAR_MAX))
            out[native] = stamps.to_numpy(dtype="datetime64[ns]")
        except (OverflowError, ValueError):
            days = [_native_day(value) for value in cells[native]]
            out[native] = np.array(days, dtype="datetime64[D]").astype("datetime64[ns]")

    text = (kind == TEXT) & ~missing.to_numpy()
    if text.any():
        strings = pd.Series(cells[text]).astype(str).str.strip()
        # Parsed in microseconds, which hold any four-digit year; the year is judged after.
        found = np.full(len(strings), np.datetime64("NaT"), dtype="datetime64[us]")
        todo = np.ones(len(strings), dtype=bool)
        for fmt in _TEXT_DATE_FORMATS:
            parsed = pd.to_datetime(strings[todo], format=fmt, errors="coerce")
            found[todo] = parsed.to_numpy(dtype="datetime64[us]")
            todo &= np.isnat(found)
            if not todo.any():
                break
        year = found.astype("datetime64[Y]").astype("int64") + 1970
        found[(year < _YEAR_MIN) | (year > _YEAR_MAX)] = np.datetime64("NaT")
        out[text] = found.astype("datetime64[ns]")

    nums = kind == NUMBER
    if nums.any():
        serial = cells[nums].astype("float64")
        ok = (serial >= _SERIAL_MIN) & (serial <= _SERIAL_MAX)
        days = np.full(len(serial), np.datetime64("NaT"), dtype="datetime64[ns]")
        days[ok] = (np.datetime64("1899-12-30", "D") + np.floor(serial[ok]).astype("int64")).astype(
            "datetime64[ns]"
        )
        out[nums] = days

    values = pd.Series(out, index=raw.index)
    invalid = ~missing & values.isna()
    return Parsed(values, missing, invalid)


def parse_numbers(raw: pd.Series) -> tuple[Parsed, pd.Series]:
    """Numbers, text with a decimal comma (`7,5`, `1 234,50 zł`), and Excel times as hours.

    Returns the parsed column and a mask of the cells that held a time (`07:30` = 7.5).
    """
    kind = kinds(raw)
    missing = missing_mask(raw, kind)
    values = pd.Series(np.nan, index=raw.index, dtype="float64")

    nums = kind == NUMBER
    if nums.any():
        values[nums] = raw[nums].astype("float64")

    text = (kind == TEXT) & ~missing.to_numpy()
    if text.any():
        strings = raw[text].astype(str).str.replace(_NUMBER_NOISE, "", regex=True)
        strings = strings.str.replace(",", ".", regex=False)
        values[text] = pd.to_numeric(strings, errors="coerce")

    is_time = pd.Series(kind == TIME, index=raw.index)
    if is_time.any():
        values[is_time] = raw[is_time].map(_time_to_hours).astype("float64")

    values[~np.isfinite(values)] = np.nan
    invalid = ~missing & values.isna()
    return Parsed(values, missing, invalid), is_time


# Date serials 2000-01-01 … 2099-12-31: as a quantity in one row, a date that lost its format.
_DATED_MIN, _DATED_MAX = 36_526, 73_050


def dated_numbers(raw: pd.Series, hours: pd.Series) -> pd.Series:
    """Cells of a number column that hold a date: a date cell, or, where `hours` (a quantity of
    hours, never 36 526 of them in one row), a whole number that is a date serial (a Polish
    locale turns `7.5` typed into a number cell into 07.05, kept as 46149 in a cell formatted
    as a number). Square metres or pieces may well be that many."""
    kind = kinds(raw)
    dated = kind == DATE
    nums = (kind == NUMBER) & hours.fillna(False).to_numpy(dtype=bool)
    if nums.any():
        values = raw.to_numpy(dtype=object)[nums].astype("float64")
        dated[nums] = (values >= _DATED_MIN) & (values <= _DATED_MAX) & (values == np.floor(values))
    return pd.Series(dated, index=raw.index)


def meant_number(value: object) -> str | None:
    """The number a person probably typed before the spreadsheet made it a date: `7,5` for
    07.05 (day, then month); None when `value` is not a date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = to_date(value)
    elif isinstance(value, dt.date):
        day = value if not isinstance(value, dt.datetime) else value.date()
    else:
        return None
    return None if day is None else f"{day.day},{day.month}"


def _time_to_hours(value: dt.time | dt.timedelta) -> float:
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 3600
    return value.hour + value.minute / 60 + value.second / 3600


def parse_yes_no(raw: pd.Series) -> Parsed:
    """`TAK` / `NIE` (any case) -> True / False; anything else is invalid."""
    text, missing = text_and_missing(raw)
    text = text.str.upper()
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    values[text == labels.YES] = True
    values[text == labels.NO] = False
    invalid = ~missing & values.isna()
    return Parsed(values, missing, invalid)


def parse_unit(raw: pd.Series) -> tuple[Parsed, pd.Series]:
    """Unit spellings -> kind (`h`, `m2`, `szt`); also a mask of rows given in minutes."""
    text, missing = text_and_missing(raw)
    text = text.str.lower()
    values = text.map(labels.UNIT_SPELLINGS)
    invalid = ~missing & values.isna()
    return Parsed(values, missing, invalid), text == labels.MINUTES


def parse_month(value: object) -> tuple[int, int] | None:
    """`2026-10`, `10.2026`, `10/2026` or any date in the month -> (2026, 10)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month
    if isinstance(value, float | int) and not isinstance(value, bool):
        parsed = parse_dates(pd.Series([value], dtype=object)).values.iloc[0]
        return None if pd.isna(parsed) else (parsed.year, parsed.month)
    if not isinstance(value, str):
        return None
    text = value.strip()
    day = to_date(text)
    if day is not None:
        return day.year, day.month
    patterns = ((r"(\d{4})[-./](\d{1,2})", True), (r"(\d{1,2})[-./](\d{4})", False))
    for pattern, year_first in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            a, b = int(match.group(1)), int(match.group(2))
            year, month = (a, b) if year_first else (b, a)
            return (year, month) if 1 <= month <= 12 else None
    return None


def parse_month_arg(text: str) -> tuple[int, int] | None:
    """The `--month YYYY-MM` option."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))


def to_date(value: object) -> dt.date | None:
    """One cell as a date, by the same rules as `parse_dates` (for header cells)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value if _YEAR_MIN <= value.year <= _YEAR_MAX else None
    if isinstance(value, str):
        text = value.strip()
        for fmt in _TEXT_DATE_FORMATS:
            try:
                day = dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            return day if _YEAR_MIN <= day.year <= _YEAR_MAX else None
        return None
    parsed = parse_dates(pd.Series([value], dtype=object)).values.iloc[0]
    return None if pd.isna(parsed) else parsed.date()
