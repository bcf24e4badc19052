"""An archive's files against its manifest (SPEC §7, `ledger check --archive`): ARCHIVE_MISMATCH
for a file missing or not the one recorded (size, SHA-256); one FILE_UNREADABLE when the
archive itself cannot be read."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from odpracowanie import labels
from odpracowanie.digest import digest
from odpracowanie.issues import Issue, make_issue


def check_archive(path: Path) -> list[Issue]:
    """Each file of the archive's manifest is there, of the size and SHA-256 recorded."""
    file = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            names = set(archive.namelist())
            issues = []
            for entry in manifest.get("files", []):
                stored = entry.get("path", "")
                if not stored:
                    continue  # a file too big to keep: named, not stored
                if stored not in names:
                    issues.append(
                        make_issue(
                            "ARCHIVE_MISMATCH", file=file, name=stored, what=labels.ARCHIVE_MISSING
                        )
                    )
                    continue
                with archive.open(stored) as stream:
                    size, sha = digest(stream)
                if sha != entry.get("sha256") or size != entry.get("size"):
                    issues.append(
                        make_issue(
                            "ARCHIVE_MISMATCH", file=file, name=stored, what=labels.ARCHIVE_CHANGED
                        )
                    )
            return issues
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        return [
            make_issue(
                "FILE_UNREADABLE",
                file=file,
                reason=labels.ARCHIVE_UNREADABLE.format(error=type(exc).__name__),
            )
        ]
