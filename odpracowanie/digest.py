"""SHA-256 of a file or a stream, read in chunks: memory stays flat whatever the size (the run
record, the archive and its check all record or compare files by it)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


def digest(stream: BinaryIO) -> tuple[int, str]:
    """(size in bytes, SHA-256 in hex) of what `stream` holds from where it stands."""
    sha, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return size, sha.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    """`digest` of a file's bytes."""
    with path.open("rb") as stream:
        return digest(stream)
