"""Which files a batch reads: files given, and every file inside folders given (SPEC §2.3).

Every file of a folder is read or reported: a workbook is read, anything else gets its one
`FILE_UNREADABLE` from the reader. Skipped without an issue, and listed in the run record: lock
files that Excel and LibreOffice leave beside an open workbook, the operating system's own files,
the program's own outputs (so last month's results left in the folder change nothing: the
run's manifest, the earlier runs' outputs moved into `zastapione_…/`) and subfolders, which
are not searched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from odpracowanie import labels

LOCK_PREFIXES = ("~$", ".~lock.")  # Excel's, LibreOffice's
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
APPLE_DOUBLE = "._"  # macOS's shadow of each file copied from a Mac


def is_lock_file(path: Path) -> bool:
    """Excel leaves `~$name.xlsx`, LibreOffice `.~lock.name.xlsx#`, beside an open workbook."""
    return path.name.startswith(LOCK_PREFIXES)


@dataclass
class Scan:
    """The files to read, in order, and what was passed over: (path, Polish reason);
    `messages`, the e-mails whose attachments stand among `files` (`readers.messages`)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    messages: list = field(default_factory=list)


def skip_reason(path: Path, *, in_folder: bool) -> str | None:
    """Why `path` is not read as a timesheet, or None when it is read."""
    name = path.name.casefold()
    if path.is_dir():
        if name in labels.OUTPUT_FOLDERS or labels.SET_ASIDE_NAME.fullmatch(path.name):
            return labels.SKIP_OUTPUT_FOLDER
        return labels.SKIP_SUBFOLDER if in_folder else None
    if is_lock_file(path):
        return labels.SKIP_LOCK
    if name in SYSTEM_FILES or name.startswith(APPLE_DOUBLE):
        return labels.SKIP_SYSTEM
    if labels.OUTPUT_NAME.fullmatch(path.name) or name in (
        labels.RUN_MANIFEST,
        labels.RUN_JOURNAL,
        labels.SUPERVISOR_GUIDE_FILE,  # written beside the prepared timesheets
    ):
        return labels.SKIP_OUTPUT
    return None


def expand_paths(paths: list[Path], inputs: Collection[Path] = ()) -> Scan:
    """Files as given, then each folder's files in name order.

    A path given twice, directly or through its folder, is read once. `inputs`, the run's
    programme and debt workbook, are passed over when they sit among the timesheets.
    """
    scan = Scan()
    seen: set[Path] = set()
    own = {path.resolve() for path in inputs}
    for path in paths:
        found = sorted(path.iterdir(), key=lambda p: p.name.casefold()) if path.is_dir() else [path]
        for item in found:
            key = item.resolve()
            if key in seen:
                continue
            seen.add(key)
            reason = (
                labels.SKIP_INPUT if key in own else skip_reason(item, in_folder=item is not path)
            )
            if reason is None:
                scan.files.append(item)
            else:
                scan.skipped.append((item, reason))
    return scan


def display_names(paths: list[Path]) -> list[str]:
    """The name an issue shows for each file: its name, or its path when two share a name."""
    counts = Counter(p.name for p in paths)
    return [p.name if counts[p.name] == 1 else p.as_posix() for p in paths]
