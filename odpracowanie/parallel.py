"""Big months on more than one core: reading timesheets and writing the balances in child
processes while this one does the rest.

A big city's month spends its time in pure-Python libraries: python-calamine's results turned
into tables, and xlsxwriter (the balances workbook with the 12-month `Historia prac` alone takes
as long as all the other outputs together). `Background.submit(fn, *args, big=...)` runs a big
job in a child process and anything else here, at once. Small months, one-core machines and any
failure to start or keep a child process run the job here instead, so the outcome never depends
on the child processes: only the time does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Below these sizes a child process costs more than it saves.
PARALLEL_MIN_FILES = 40  # timesheets to read
PARALLEL_MIN_ROWS = 20_000  # rows of `Historia prac` to write
MAX_WORKERS = 4


class _Done:
    """A job already run here."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


class _Job:
    """A job in a child; `result()` waits for it and re-raises what it raised."""

    def __init__(self, future, fn: Callable[..., Any], args: tuple) -> None:
        self._future, self._fn, self._args = future, fn, args

    def result(self) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._future.result()
        except BrokenProcessPool:  # the child died (killed, out of memory): do it here
            return self._fn(*self._args)


def _child_setup() -> None:
    """In each child: Ctrl+C is the parent's to handle (one message, its clean-up), and a
    child ends as soon as its parent does, even when the parent was killed outright and could
    not say so (a child would otherwise wait for work forever, or write into a folder the next
    run cleans up)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name == "nt":
        import multiprocessing

        parent = multiprocessing.parent_process()
        if parent is None:
            return

        def watch() -> None:
            parent.join()  # returns when the parent process has ended
            os._exit(0)
    else:
        import time

        parent_pid = os.getppid()

        def watch() -> None:
            while os.getppid() == parent_pid:  # an orphan is adopted by another process
                time.sleep(0.2)
            os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Background:
    def __init__(self) -> None:
        self._pool = None
        self._unavailable = (os.cpu_count() or 1) < 2

    def submit(self, fn: Callable[..., Any], *args: Any, big: bool) -> _Job | _Done:
        """Run `fn(*args)`: in a child when `big` and a child can be had, else here, now."""
        pool = self._get_pool() if big else None
        if pool is not None:
            try:
                return _Job(pool.submit(fn, *args), fn, args)
            except Exception:  # the pool broke: from now on, work here
                self._unavailable = True
        return _Done(fn(*args))

    def _get_pool(self):
        if self._pool is None and not self._unavailable:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork starts at once and shares the loaded libraries; Windows has only spawn,
            # which imports them again in each child (about a second; still worth it here).
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=min(MAX_WORKERS, os.cpu_count() or 1),
                    mp_context=multiprocessing.get_context(method),
                    initializer=_child_setup)
            except (OSError, ValueError, NotImplementedError):
                self._unavailable = True
        return self._pool

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the children to end (dropping jobs not yet started, when `cancel`)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None


@contextmanager
def background() -> Iterator[Background]:
    """A `Background` whose children have ended when the block is left."""
    side = Background()
    try:
        yield side
    except BaseException:
        side.close(cancel=True)
        raise
    side.close()
