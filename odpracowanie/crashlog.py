"""A bug must not greet the clerk with a traceback: the details go to a log file for whoever
looks after the program, the screen gets one Polish line naming the log (and the file the bug
happened on)."""

from __future__ import annotations

import datetime as dt
import tempfile
import traceback
from pathlib import Path

LOG_NAME = "odpracowanie_blad.txt"


def note_crash(exc: BaseException, context: str = "") -> Path | None:
    """Append `exc`'s traceback (and the file it happened on) to the log; its path, or None
    when even the log cannot be written."""
    log = Path(tempfile.gettempdir()) / LOG_NAME
    lines = [
        f"--- {dt.datetime.now().isoformat(timespec='seconds')}"
        + (f" {context}" if context else ""),
        *traceback.format_exception(exc),
    ]
    try:
        with log.open("a", encoding="utf-8") as stream:
            stream.write("\n".join(line.rstrip("\n") for line in lines) + "\n")
    except OSError:
        return None
    return log
