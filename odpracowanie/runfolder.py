"""An output folder holds one run (SPEC §7 "Run identity"): what leaves it is what its run made.

`reconcile`, `correct` and `approve` record what they wrote in the folder's manifest
(`labels.RUN_MANIFEST`): each output's path inside the folder, its role, size and SHA-256, the
command, the month and the time. The manifest is put in place last, in the same all-or-nothing
move as the outputs; at that moment whatever an earlier run left in the folder (its outputs by
name, the files its manifest lists, `do_poprawy/`, `wysylka/`) is moved, never deleted, into
`zastapione_RRRRMMDD-GGMMSS/`; the clerk's own files stay. `send` reads the run back from the
manifest and checks each file by its SHA-256 before anything is attached.

The move is journalled (`labels.RUN_JOURNAL`): a run killed half-way is rolled back, or
finished when everything was already in place, by the next run into the folder (`recover`).

Example: `reconcile … --out wyniki/2026-10 --force` run at 17:32:05 on 7.12.2026 over an
earlier run leaves `wyniki/2026-10/` holding its own outputs, `przebieg.json`, and
`zastapione_20261207-173205/` with everything the earlier run had left there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from odpracowanie import labels
from odpracowanie.digest import file_digest
from odpracowanie.writers.atomic import STAGING_PREFIX, ReplaceError, atomic_path, replace_all

FORMAT = 1  # the manifest's layout; a later layout raises it

# Roles of a run's files in the manifest, beside the keys its writer names its outputs by
# (balances, summary, cards, errors, postings, postings_doc, correction).
ROLE_ARCHIVE = "archive"
ROLE_MARKED_COPY = "marked_copy"
ROLE_PDF = "pdf"


class EarlierRun(Exception):
    """The folder holds an earlier run's outputs and the run may not replace them."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class BadManifest(Exception):
    """The folder's manifest cannot be read as one."""


@dataclass(frozen=True)
class Run:
    """What the manifest says of the run besides its files."""

    command: str  # reconcile | correct | approve
    month: str  # `2026-10`
    started: dt.datetime
    command_line: tuple[str, ...] = ()
    # the ledger the run made: the SHA-256 of the file it was made from, and its month and
    # number in the chain (SPEC §7; another folder's run from the same file numbers after it)
    source_sha256: str = ""
    ledger_month: str = ""
    ledger_number: int = 0
    chain: str = ""  # the chain's identifier (SHA-256 of its first debt workbook)


@dataclass(frozen=True)
class Output:
    """One complete output, staged, and where it goes in the folder."""

    role: str
    staged: Path
    target: Path


@dataclass(frozen=True)
class Listed:
    """One file of the manifest."""

    path: str  # relative to the folder, `/`-separated: `do_poprawy/karta_SP1.xlsx`
    role: str
    size: int
    sha256: str


@dataclass
class Manifest:
    """The folder's `przebieg.json` as read: the run that wrote the folder, and its files."""

    command: str
    month: str
    time: str
    files: list[Listed] = field(default_factory=list)
    replaced: str | None = None  # the folder the earlier run's outputs were moved to
    source_sha256: str = ""  # what the run's ledger was made from ('' before this was kept)
    ledger_month: str = ""
    ledger_number: int = 0
    chain: str = ""

    def of_role(self, role: str) -> list[Listed]:
        return [f for f in self.files if f.role == role]


@dataclass
class Placed:
    """What a run put in place: its outputs (not the manifest) and where the earlier run's
    went (None when the folder held none)."""

    written: list[Path]
    replaced: Path | None = None


# -- what an earlier run left ------------------------------------------------------------------


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest; None when there is none (a folder of an older version, or none
    of the program's). Raises `BadManifest` when it is not one."""
    path = folder / labels.RUN_MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(
            command=str(data["command"]),
            month=str(data["month"]),
            time=str(data.get("time", "")),
            replaced=data.get("replaced"),
            source_sha256=str(data.get("source_sha256") or ""),
            ledger_month=str(data.get("ledger_month") or ""),
            ledger_number=int(data.get("ledger_number") or 0),
            chain=str(data.get("chain") or ""),
            files=[
                Listed(str(f["path"]), str(f["role"]), int(f["size"]), str(f["sha256"]))
                for f in data["files"]
            ],
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadManifest(str(path)) from exc
    for listed in manifest.files:  # only files inside the folder, named as the run named them
        parts = Path(listed.path).parts
        if not parts or Path(listed.path).is_absolute() or ".." in parts or "\\" in listed.path:
            raise BadManifest(str(path))
    return manifest


def _listed_tops(folder: Path) -> set[str]:
    """The first part of every path the folder's manifest lists (`do_poprawy` for a copy)."""
    try:
        manifest = read_manifest(folder)
    except BadManifest:
        return set()
    if manifest is None:
        return set()
    return {Path(f.path).parts[0] for f in manifest.files if f.path}


def earlier_outputs(folder: Path, keep: Collection[Path] = ()) -> list[Path]:
    """What an earlier run left in `folder`: the program's outputs by name (any month), the
    manifest and every file it lists, `do_poprawy/` and `wysylka/`; never one of `keep` (the
    run's own inputs), never the clerk's own files, never `zastapione_…/`."""
    if not folder.is_dir():
        return []
    kept = {p.resolve() for p in keep}
    listed = _listed_tops(folder)
    found = []
    for item in folder.iterdir():
        name = item.name
        if name.startswith(".") or item.resolve() in kept:
            continue  # a run's staging and journal, or an input kept beside the outputs
        if item.is_dir():
            own = name.casefold() in labels.OUTPUT_FOLDERS or name in listed
        else:
            own = (
                bool(labels.OUTPUT_NAME.fullmatch(name))
                or name.casefold() == labels.RUN_MANIFEST
                or name in listed
            )
        if own:
            found.append(item)
    return sorted(found, key=lambda p: p.name.casefold())


def prepare(folder: Path, *, replace: bool, keep: Collection[Path] = ()) -> None:
    """Before a run writes anything: finish or undo what a run killed half-way left, then
    refuse (`EarlierRun`) a folder holding an earlier run's outputs unless `replace`."""
    recover(folder)
    if not replace:
        earlier = earlier_outputs(folder, keep)
        if earlier:
            raise EarlierRun(earlier[0])


# -- putting a run in place ----------------------------------------------------------------------


def _aside_name(folder: Path, started: dt.datetime) -> str:
    """`zastapione_20261207-173205`, or `…_2`, `…_3` when a run of the same second was first."""
    base = labels.SET_ASIDE_FOLDER.format(time=started)
    name, number = base, 2
    while (folder / name).exists() or (folder / f".{name}.part").exists():
        name = f"{base}_{number}"
        number += 1
    return name


def _write_journal(path: Path, record: dict) -> None:
    with atomic_path(path) as temp:
        temp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _drop_empty_parents(path: Path, folder: Path) -> None:
    parent = path.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _part(folder: Path, record: dict) -> Path | None:
    """Where the move puts the earlier run's items until it is complete."""
    return folder / f".{record['aside']}.part" if record.get("aside") else None


def _roll_back(folder: Path, record: dict) -> None:
    """Undo a move into place that did not finish: the new files out, the earlier run's back."""
    part = _part(folder, record)
    moved = set(record.get("moved", []))
    for rel in record.get("placed", []):
        target, top = folder / rel, Path(rel).parts[0]
        if top in moved and (part is None or not (part / top).exists()):
            continue  # the earlier run's item never left: nothing new was placed over it
        if target.exists() or target.is_symlink():
            _remove(target)
        _drop_empty_parents(target, folder)  # a folder made for the new files
    if part is None or not part.is_dir():
        return
    for item in part.iterdir():
        if not (folder / item.name).exists():
            os.replace(item, folder / item.name)
    try:
        part.rmdir()
    except OSError:  # something could not go back: kept, never deleted
        os.replace(part, folder / _aside_name(folder, dt.datetime.now()))


def recover(folder: Path) -> None:
    """Finish a move into place that a killed run left complete, or undo one it left half
    done: its journal says what it was moving."""
    journal = folder / labels.RUN_JOURNAL
    if not journal.is_file():
        return
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    part = _part(folder, record)
    placed = all((folder / rel).exists() for rel in record.get("placed", []))
    if part is None:
        if not placed:
            _roll_back(folder, record)
    elif part.is_dir():
        if placed and all((part / name).exists() for name in record.get("moved", [])):
            final = folder / record["aside"]
            if final.exists():
                final = folder / _aside_name(folder, dt.datetime.now())
            os.replace(part, final)
        else:
            _roll_back(folder, record)
    elif not (folder / record["aside"]).exists():
        _roll_back(folder, record)  # killed before anything was moved aside
    journal.unlink(missing_ok=True)


def move_in(
    folder: Path,
    moves: Sequence[tuple[Path, Path]],
    aside: Sequence[Path] = (),
    name: str | None = None,
) -> Path | None:
    """Move `aside` (items of `folder`, there) into the new `folder/name/` and each complete
    staged file over its target, all or nothing, in the order given: the last target is the
    last to change. Returns the folder the earlier items went to (None when there were none).
    Raises `ReplaceError` naming the file that could not be moved; then nothing changed."""
    if aside and name is None:
        raise ValueError("the earlier run's items need a folder to go to")
    name = name if aside else None
    record = {
        "aside": name,
        "moved": [p.name for p in aside],
        "placed": [t.relative_to(folder).as_posix() for _, t in moves],
    }
    journal = folder / labels.RUN_JOURNAL
    _write_journal(journal, record)
    part = folder / f".{name}.part" if name else None
    try:
        if part is not None:
            part.mkdir()
            for item in aside:
                try:
                    os.replace(item, part / item.name)
                except OSError as exc:
                    raise ReplaceError(item) from exc
        for _, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
        replace_all(list(moves))
    except BaseException:
        _roll_back(folder, record)
        journal.unlink(missing_ok=True)
        raise
    replaced = None
    if part is not None:
        replaced = folder / name
        os.replace(part, replaced)
    journal.unlink(missing_ok=True)
    return replaced


def _entry(output: Output, folder: Path) -> dict:
    size, sha = file_digest(output.staged)
    return {
        "path": output.target.relative_to(folder).as_posix(),
        "role": output.role,
        "size": size,
        "sha256": sha,
    }


def _manifest_data(run: Run, files: list[dict], replaced: str | None) -> dict:
    from odpracowanie import __version__

    return {
        "program": "odpracowanie",
        "format": FORMAT,
        "version": __version__,
        "command": run.command,
        "month": run.month,
        "time": run.started.isoformat(timespec="seconds"),
        "command_line": list(run.command_line),
        "source_sha256": run.source_sha256,
        "ledger_month": run.ledger_month,
        "ledger_number": run.ledger_number,
        "chain": run.chain,
        "replaced": replaced,
        "files": files,
    }


def put_in_place(
    folder: Path,
    staging: Path,
    outputs: Sequence[Output],
    run: Run,
    *,
    replace: bool,
    keep: Collection[Path] = (),
) -> Placed:
    """A run's complete outputs moved into `folder` with its manifest last, all or nothing;
    whatever an earlier run left there moved aside into `zastapione_…/` at the same moment
    (refused with `EarlierRun` unless `replace`). `staging` is the run's staging folder (in
    `folder`), where the manifest is written first."""
    aside = earlier_outputs(folder, keep)
    tops = {folder / o.target.relative_to(folder).parts[0] for o in outputs}
    aside += [t for t in sorted(tops) if t.exists() and t not in aside]  # never deleted
    if aside and not replace:
        raise EarlierRun(aside[0])
    name = _aside_name(folder, run.started) if aside else None
    manifest = staging / labels.RUN_MANIFEST
    entries = [_entry(o, folder) for o in outputs]
    manifest.write_text(
        json.dumps(_manifest_data(run, entries, name), ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    moves = [(o.staged, o.target) for o in outputs]
    moves.append((manifest, folder / labels.RUN_MANIFEST))
    replaced = move_in(folder, moves, aside, name)
    return Placed([o.target for o in outputs], replaced)


def add_to_manifest(folder: Path, role: str, paths: Sequence[Path]) -> None:
    """Files the run made after its move into place (the PDFs of `--pdf`), listed in its
    manifest as well."""
    path = folder / labels.RUN_MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    for added in paths:
        size, sha = file_digest(added)
        rel = added.relative_to(folder).as_posix()
        data["files"] = [f for f in data["files"] if f["path"] != rel]
        data["files"].append({"path": rel, "role": role, "size": size, "sha256": sha})
    with atomic_path(path) as temp:
        temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def replace_subfolder(
    folder: Path, name: str, write: Callable[[Path], list[Path]], started: dt.datetime
) -> tuple[list[Path], Path | None]:
    """A fresh `folder/name/` (send's `wysylka/`): `write` fills a staged one, which then
    takes the place of the earlier one, moved aside into `zastapione_…/`. Returns the files
    as placed and where the earlier folder went."""
    recover(folder)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        staged = staging / name
        written = write(staged)
        earlier = [folder / name] if (folder / name).exists() else []
        aside = _aside_name(folder, started) if earlier else None
        replaced = move_in(folder, [(staged, folder / name)], earlier, aside)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name / p.relative_to(staged) for p in written], replaced


# -- what send may attach ------------------------------------------------------------------------


def changed(folder: Path, manifest: Manifest) -> list[tuple[Listed, bool]]:
    """Each listed file that is missing (False) or no longer as the run wrote it (True)."""
    found = []
    for listed in manifest.files:
        path = folder / listed.path
        if not path.is_file():
            found.append((listed, False))
            continue
        try:
            size, sha = file_digest(path)
        except OSError:
            found.append((listed, False))
            continue
        if (size, sha) != (listed.size, listed.sha256):
            found.append((listed, True))
    return found


def listed_outputs(folder: Path) -> list[str]:
    """The files of the folder's current run (its manifest's), of each run in a subfolder of
    it that has a manifest of its own (a correction's, a decision's), and the drafts of its
    `wysylka/`, relative to `folder`; never what was moved into `zastapione_…/`. A folder
    without a manifest (an older version's) lists its files but those."""
    if not folder.is_dir():
        return []
    found: set[str] = set()

    def run_files(where: Path, prefix: str) -> bool:
        try:
            manifest = read_manifest(where)
        except BadManifest:
            return False
        if manifest is None:
            return False
        found.update(prefix + f.path for f in manifest.files if (where / f.path).is_file())
        if prefix:  # a correction's or a decision's drafts (its own send)
            drafts = where / labels.DRAFTS_FOLDER
            if drafts.is_dir():
                found.update(
                    f"{prefix}{labels.DRAFTS_FOLDER}/{p.name}"
                    for p in drafts.iterdir()
                    if p.is_file()
                )
        return True

    if not run_files(folder, ""):
        found.update(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file()
            and not labels.SET_ASIDE_NAME.fullmatch(p.relative_to(folder).parts[0])
            and not p.relative_to(folder).parts[0].startswith(".")
        )
        return sorted(found)
    for sub in folder.iterdir():
        if (
            sub.is_dir()
            and not sub.name.startswith(".")
            and not labels.SET_ASIDE_NAME.fullmatch(sub.name)
        ):
            run_files(sub, f"{sub.name}/")
    drafts = folder / labels.DRAFTS_FOLDER
    if drafts.is_dir():
        found.update(p.relative_to(folder).as_posix() for p in drafts.iterdir() if p.is_file())
    return sorted(found)


# At most this many folders beside a run's folder are looked into for runs made from the same
# ledger (a folder of wyniki/ per month: a few dozen).
_SIBLINGS_UP_TO = 500


@dataclass(frozen=True)
class Sibling:
    """A run in another folder that made a ledger of the same month from the same file."""

    folder: Path
    number: int  # its ledger's number in the chain
    current: bool  # the folder's current run (not one moved aside into zastapione_…)
    shown: str = ""  # the folder as the clerk knows it: relative to the folders' common parent
    same_source: bool = True  # made from the very file this run reads (else another branch's)


def made_from(
    folder: Path, chain: str, month: str, also: Sequence[Path] = (), source_sha256: str = ""
) -> list[Sibling]:
    """The runs in the folders beside `folder` (its parent's subfolders) and in `also`, and
    what was moved aside in them, whose ledger of `month` belongs to the chain `chain` (or,
    for a run that did not record its chain, was made from the file `source_sha256`): two
    runs from one ledger into two folders are two branches of the chain, and a ledger of a
    month is numbered after every other branch's ledger of that month, so that no posting
    number is issued twice (SPEC §7). Folders that cannot be read are passed over."""
    if not chain:
        return []
    found = []
    try:
        beside = sorted(p for p in folder.parent.iterdir() if p.is_dir())[:_SIBLINGS_UP_TO]
    except OSError:
        beside = []
    beside += [p for p in also if p.is_dir() and p not in beside]
    for other in beside:
        if other.resolve() == folder.resolve():
            continue
        places = [(other, True)]
        try:
            places += [
                (p, False)
                for p in sorted(other.iterdir())
                if p.is_dir() and labels.SET_ASIDE_NAME.fullmatch(p.name)
            ]
        except OSError:
            continue
        for place, current in places:
            try:
                manifest = read_manifest(place)
            except (BadManifest, OSError):
                continue
            if manifest is None or manifest.ledger_month != month or not manifest.ledger_number:
                continue
            same = bool(source_sha256) and manifest.source_sha256 == source_sha256
            if manifest.chain == chain or same:
                try:
                    common = Path(os.path.commonpath([place, folder]))
                    shown = place.relative_to(common).as_posix()
                except ValueError:  # another drive
                    shown = str(place)
                found.append(Sibling(place, manifest.ledger_number, current, shown, same))
    return found
