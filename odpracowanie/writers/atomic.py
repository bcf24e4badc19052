"""Atomic output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target`.

    A crash (or an exception) leaves the target as it was and removes the temporary file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        # mkstemp makes the file private (0600); outputs get the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


class ReplaceError(Exception):
    """A target could not be replaced (on Windows: open in Excel); nothing was changed."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


STAGING_PREFIX = ".odpracowanie-"


def recover(folder: Path) -> None:
    """Undo what a run killed half-way left in `folder`: put set-aside outputs back where the
    new one never arrived, and remove staging folders and temporary files."""
    import shutil

    if not folder.is_dir():
        return
    for backup in folder.rglob(".*.old"):
        parts = backup.name[1:].rsplit(".", 2)  # ".<name>.<pid>.old"
        target = backup.with_name(parts[0])
        if len(parts) == 3 and not target.exists():
            os.replace(backup, target)
        else:
            backup.unlink(missing_ok=True)
    for leftover in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for temp in folder.glob(".*.tmp"):
        temp.unlink(missing_ok=True)


def replace_all(moves: list[tuple[Path, Path]], stale: list[Path] = ()) -> None:
    """Move each complete new file over its target, all or nothing; then drop `stale` files.

    Every existing target is first set aside; if any step fails (a file locked by another
    program), what was moved is put back and `ReplaceError` names the file. The caller lists
    the most important target last, so it is the last to change.
    """
    aside: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for target in [t for _, t in moves] + list(stale):
            if target.exists():
                backup = target.with_name(f".{target.name}.{os.getpid()}.old")
                try:
                    os.replace(target, backup)
                except OSError as exc:
                    raise ReplaceError(target) from exc
                aside.append((backup, target))
        for source, target in moves:
            try:
                os.replace(source, target)
            except OSError as exc:
                raise ReplaceError(target) from exc
            placed.append(target)
    except ReplaceError:
        for target in placed:
            target.unlink(missing_ok=True)
        for backup, target in aside:
            os.replace(backup, target)
        raise
    for backup, _ in aside:
        backup.unlink(missing_ok=True)
