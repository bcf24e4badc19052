"""Big months on more than one core: reading timesheets and writing the balances in child
processes while this one does the rest.

A big city's month spends its time in pure-Python libraries: python-calamine's results turned
into tables, and xlsxwriter (the balances workbook with the 12-month `Historia prac` alone takes
as long as all the other outputs together). `Background.submit(fn, *args, big=...)` hands a big
job to a child process; anything else runs here, when its result is asked for. The jobs are pure
(reading) or atomic (writing into the staging folder), so whatever goes wrong with a child — it
cannot start, it dies, its message cannot cross — the job is simply run here: the outcome never
depends on the children, only the time does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Below these sizes a child process costs more than it saves.
CHILDREN_ENV = "ODPRACOWANIE_CHILDREN"
PARALLEL_MIN_FILES = 40  # timesheets to read
PARALLEL_MIN_ROWS = 20_000  # rows of `Historia prac` to write
MAX_WORKERS = 4


class _Here:
    """A job run in this process when its result is first asked for (in the caller's order:
    a progress bar over the results still moves, and earlier steps still come first)."""

    def __init__(self, fn: Callable[..., Any], args: tuple) -> None:
        self._fn, self._args = fn, args
        self._done, self._value = False, None

    def result(self) -> Any:
        if not self._done:
            self._value, self._done = self._fn(*self._args), True
        return self._value


class _InChild:
    """A job in a child; `result()` waits for it. If the child fails to deliver, for whatever
    reason, the job runs here instead: a real error in the job then simply recurs here."""

    def __init__(self, future, fn: Callable[..., Any], args: tuple) -> None:
        self._future, self._fn, self._args = future, fn, args

    def result(self) -> Any:
        try:
            return self._future.result()
        except Exception:  # a dead child, a message that cannot be pickled...
            return self._fn(*self._args)


def _child_setup() -> None:
    """In each child: Ctrl+C is the parent's to handle (one message, its clean-up), and a
    child ends as soon as its parent does, even when the parent was killed outright and could
    not say so (a child would otherwise wait for work forever, or write into a folder the next
    run cleans up)."""
    import signal
    import threading
    import warnings

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("ignore")  # as in the parent: no English on the clerk's console
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


@contextmanager
def _starting_children() -> Iterator[None]:
    """Around the moment children start (they start on the first jobs submitted).

    They ignore Ctrl+C from their first instruction, not only once `_child_setup` runs: a
    spawned child first spends a second importing, and a Ctrl+C then would print its
    tracebacks on the console. And Python 3.12+ does not warn that a process with threads
    (numpy's idle OpenBLAS threads) forks: the children never use them.
    """
    import signal
    import threading
    import warnings

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None  # inherited
    windows = main and os.name == "nt"
    if windows:  # Windows children inherit the console's Ctrl+C setting instead
        import ctypes

        ctypes.windll.kernel32.SetConsoleCtrlHandler(None, True)  # type: ignore[attr-defined]
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message=".*use of fork\\(\\) may lead", category=DeprecationWarning
            )
            yield
    finally:
        if windows:
            ctypes.windll.kernel32.SetConsoleCtrlHandler(None, False)  # type: ignore[attr-defined]
        if main:
            signal.signal(signal.SIGINT, previous)


def start_method() -> str:
    """Linux: fork starts a child at once, sharing the loaded libraries. Elsewhere spawn (fork
    is unsafe on macOS; Windows has nothing else), which imports them again in each child:
    about a second, still worth it for a month this big."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


class Background:
    def __init__(self) -> None:
        self._pool = None
        # One core, or ODPRACOWANIE_CHILDREN=0 (to measure what the children save, or where
        # starting processes is not allowed): everything is done in this process.
        self._unavailable = (os.cpu_count() or 1) < 2 or os.environ.get(CHILDREN_ENV) == "0"

    def submit(self, fn: Callable[..., Any], *args: Any, big: bool) -> _InChild | _Here:
        """`fn(*args)`: in a child when `big` and a child can be had, else here, later."""
        if big and not self._unavailable:
            try:
                with _starting_children():
                    return _InChild(self._get_pool().submit(fn, *args), fn, args)
            except Exception:  # no children to be had: from now on, work here
                self._unavailable = True
        return _Here(fn, args)

    def _get_pool(self):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                max_workers=min(MAX_WORKERS, os.cpu_count() or 1),
                mp_context=multiprocessing.get_context(start_method()),
                initializer=_child_setup,
            )
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
