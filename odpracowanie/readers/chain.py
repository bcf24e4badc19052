"""`ledger check --archive` follows a ledger's chain back through the archives given (SPEC §7).

Each ledger records in `Przebieg` the ledger it was made from: its file, identifier and
SHA-256. Each run's archive holds the ledger that run wrote, with its SHA-256 in the manifest.
So a ledger's source, found by its identifier in an archive, must have the SHA-256 the ledger
recorded: if not, the source was changed after its run and before the next was made from it
(a hand edit in the chain) — LEDGER_CHAIN names that link. The walk goes on from that source
to its own, as far as the archives given reach.

Example: salda_2026-10.xlsx edited by hand, then corrected into salda_2026-10_2.xlsx; `ledger
check salda_2026-10_2.xlsx --archive archiwum_2026-10.zip` -> LEDGER_CHAIN for that link.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from odpracowanie import labels
from odpracowanie.issues import Issue, make_issue
from odpracowanie.readers.debts import RunFacts, read_run_facts
from odpracowanie.readers.workbook import UnreadableFile


@dataclass(frozen=True)
class _Archived:
    archive: str
    name: str  # the ledger's file name
    sha256: str  # as the archive's manifest records it
    facts: RunFacts


def _archived_ledgers(path: Path) -> list[_Archived]:
    """The ledgers an archive holds as outputs, each with its manifest's SHA-256 and its
    `Przebieg` (an archive that cannot be read holds none: `check_archive` says why)."""
    pattern = labels.output_pattern("balances")
    found = []
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
            manifest = json.loads(archive.read("manifest.json"))
            for entry in manifest.get("files", []):
                stored = entry.get("path") or ""
                name = Path(stored).name
                if entry.get("role") != labels.RUN_ROLE_OUTPUT or not pattern.fullmatch(name):
                    continue
                copy = Path(tmp) / name
                copy.write_bytes(archive.read(stored))
                facts = read_run_facts(copy)
                found.append(_Archived(path.name, name, str(entry.get("sha256", "")), facts))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, UnreadableFile):
        return []
    return found


def check_chain(ledger: Path, archives: list[Path]) -> tuple[list[Issue], set[str]]:
    """LEDGER_CHAIN for each link of `ledger`'s chain whose source, as an archive given holds
    it, is not the file the next ledger was made from; and the archives that hold a ledger of
    the chain (given to follow it, not to be compared with the ledger itself)."""
    try:
        facts = read_run_facts(ledger)
    except UnreadableFile:
        return [], set()
    by_id = {}
    for path in archives:
        for held in _archived_ledgers(path):
            if held.facts.ledger_id:
                by_id.setdefault(held.facts.ledger_id, held)
    issues, name, seen, used = [], ledger.name, set(), set()
    while facts.source_id and facts.source_id in by_id and facts.source_id not in seen:
        seen.add(facts.source_id)
        source = by_id[facts.source_id]
        used.add(source.archive)
        if facts.source_sha256 and source.sha256 != facts.source_sha256:
            issues.append(
                make_issue(
                    "LEDGER_CHAIN",
                    file=ledger.name,
                    sheet=labels.SHEET_RUN,
                    ledger=name,
                    source=source.name,
                    archive=source.archive,
                    recorded=facts.source_sha256[:12],
                    archived=source.sha256[:12],
                )
            )
        name, facts = source.name, source.facts
    return issues, used
