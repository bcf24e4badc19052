"""The run's archive (SPEC §7): every input exactly as received, every output, and a manifest.

The papers of this programme are kept five years after the debt is settled (art. 74 of the
accounting act), far beyond the 12 months of `Historia prac`: the archives are the long memory.
`archiwum_YYYY-MM[_N].zip` is written beside the ledger by every run that writes one, named as
that ledger is (`salda_2026-10_2.xlsx` -> `archiwum_2026-10_2.zip`), so never over an earlier
archive of its chain.
`manifest.json` names each file's role, name, size and SHA-256, the program's version, the
command line, the time and the operating-system user.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from odpracowanie.digest import file_digest
from odpracowanie.writers.atomic import atomic_path

MANIFEST = "manifest.json"
# A file bigger than any workbook the program reads (refused unread) is named in the manifest
# with its size and SHA-256, not copied in.
LARGEST = 100 * 1000 * 1000


@dataclass(frozen=True)
class Entry:
    """One file of the archive: its role (`labels.ARCHIVE_ROLES`), where it is read from and
    the name it has inside the archive."""

    role: str
    source: Path
    name: str


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name to be had (a service account without one)
        return ""


def write_archive(
    path: Path,
    entries: Sequence[Entry],
    *,
    version: str,
    command: Sequence[str],
    started: dt.datetime,
    ledger_id: str = "",
) -> None:
    """The zip of `entries` (read in chunks) with its manifest, written atomically."""
    files = []
    with (
        atomic_path(path) as temp,
        zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        for entry in entries:
            size, sha = file_digest(entry.source)
            kept = size <= LARGEST
            if kept:
                archive.write(entry.source, entry.name)
            files.append(
                {
                    "role": entry.role,
                    "name": entry.source.name,
                    "path": entry.name if kept else "",
                    "size": size,
                    "sha256": sha,
                }
            )
        manifest = {
            "program": "odpracowanie",
            "version": version,
            "command": list(command),
            "time": started.isoformat(timespec="seconds"),
            "user": _user(),
            # the identifier of the ledger the run wrote (its `Przebieg`), by which `ledger
            # check --archive` finds the ledger's own copy
            "ledger_id": ledger_id,
            "files": files,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
