"""Which files a batch reads: files given, and the workbooks inside folders given (SPEC §2.3)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
LOCK_PREFIX = "~$"


def is_lock_file(path: Path) -> bool:
    """Excel leaves `~$name.xlsx` beside a workbook that is open; it is not a timesheet."""
    return path.name.startswith(LOCK_PREFIX)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, then each folder's workbooks in name order (lock files ignored).

    A path given twice, directly or through its folder, is read once.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir()
                 if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not is_lock_file(p)),
                key=lambda p: p.name.casefold(),
            )
        else:
            found = [path]
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def display_names(paths: list[Path]) -> list[str]:
    """The name an issue shows for each file: its name, or its path when two share a name."""
    counts = Counter(p.name for p in paths)
    return [p.name if counts[p.name] == 1 else p.as_posix() for p in paths]
