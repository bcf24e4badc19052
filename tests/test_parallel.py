"""A big month is read and written in child processes (odpracowanie/parallel.py): the outputs
must be the very same as one process writes, and any trouble with the children must only cost
time, never change or lose a result."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from odpracowanie import parallel
from odpracowanie.batch import run_reconcile
from odpracowanie.parallel import background
from odpracowanie.readers.program import read_program

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import generate


def _cells(folder: Path) -> dict[str, dict[str, list]]:
    out = {}
    for path in sorted(folder.rglob("*.xlsx")):
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        out[str(path.relative_to(folder))] = {
            name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names
        }
    return out


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("miesiac")
    generate(folder, debtors=60, files=12, rows=1200)
    # One timesheet with a wrong rate: its debtors are withheld, an annotated copy is written.
    broken = folder / "karty" / "karta_003.xlsx"
    book = openpyxl.load_workbook(broken)
    book["Rozliczenie"]["J6"] = 99.0
    book.save(broken)
    return folder


def _run(month: Path, out: Path):
    return run_reconcile(
        [month / "karty"],
        program_path=month / "program.xlsx",
        debts_path=month / "zadluzenie.xlsx",
        month=(2026, 10),
        out_dir=out,
        now=dt.datetime(2026, 11, 2, 8, 30),
    )


# Who did the work: the jobs below note their process in _LOG (forked children inherit it).
_LOG: list[Path] = []
_REAL: dict[str, object] = {}


def _note(kind: str) -> None:
    (_LOG[0] / f"{kind}_{os.getpid()}").touch()


def _read_noting_pid(*args):
    _note("karta")
    return _REAL["read_timesheet"](*args)


def _write_cards_noting_pid(*args):
    _note("karty")
    return _REAL["write_cards"](*args)


def test_children_write_the_same_workbooks_as_one_process(month, tmp_path, monkeypatch):
    from odpracowanie.readers import timesheet
    from odpracowanie.writers import outputs

    alone = _run(month, tmp_path / "jeden" / "wyniki")
    log = tmp_path / "kto"
    log.mkdir()
    monkeypatch.setattr(sys.modules[__name__], "_LOG", [log])
    monkeypatch.setitem(_REAL, "read_timesheet", timesheet.read_timesheet)
    monkeypatch.setitem(_REAL, "write_cards", outputs.write_cards)
    monkeypatch.setattr(timesheet, "read_timesheet", _read_noting_pid)
    monkeypatch.setattr(outputs, "write_cards", _write_cards_noting_pid)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ROWS", 1)
    together = _run(month, tmp_path / "razem" / "wyniki")

    # Every timesheet was read, and the debtor cards written, in child processes (the
    # ledger is written here: its history is never copied to a second process).
    workers = {p.name.split("_")[0]: int(p.name.split("_")[1]) for p in log.iterdir()}
    readers = {int(p.name.split("_")[1]) for p in log.glob("karta_*")}
    assert readers and os.getpid() not in readers
    assert workers["karty"] != os.getpid() and len(list(log.glob("karty_*"))) == 1
    assert together.exit_code == alone.exit_code == 1
    assert [i.code for i in together.issues] == [i.code for i in alone.issues]
    first, second = _cells(tmp_path / "jeden" / "wyniki"), _cells(tmp_path / "razem" / "wyniki")
    assert (
        sorted(first)
        == sorted(second)
        == [
            "bledy_2026-10.xlsx",
            "do_poprawy/karta_003.xlsx",
            "karty_dluznikow_2026-10.xlsx",
            "ksiegowanie_2026-10.xlsx",
            "salda_2026-10.xlsx",
            "zestawienie_2026-10.xlsx",
        ]
    )
    assert first == second
    history = second["salda_2026-10.xlsx"]["Historia prac"]
    assert len(history) - 1 == len(alone.settlement.credited_rows) > 1000
    assert history[1][9] == 62.8  # 2 h × 31,40 zł


def test_the_cards_child_gets_all_the_cards_need(month, tmp_path):
    """`cards_part` drops what `write_cards` must not need (the history of work): the
    workbook is the same."""
    from odpracowanie.writers import outputs

    result = _run(month, tmp_path / "wyniki")
    program = read_program(month / "program.xlsx").program
    outputs.write_cards(tmp_path / "pelne" / "karty.xlsx", result.settlement, program)
    outputs.write_cards(
        tmp_path / "czesc" / "karty.xlsx", outputs.cards_part(result.settlement), program
    )
    assert _cells(tmp_path / "pelne") == _cells(tmp_path / "czesc")
    assert len(outputs.cards_part(result.settlement).work_history) == 0


def test_without_a_second_process_the_same_work_is_done_here(month, tmp_path, monkeypatch):
    _run(month, tmp_path / "jeden" / "wyniki")
    alone = _cells(tmp_path / "jeden" / "wyniki")

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", refuse)
    _run(month, tmp_path / "tutaj" / "wyniki")
    assert _cells(tmp_path / "tutaj" / "wyniki") == alone


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _die_in_a_child(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)  # the child is killed (out of memory, say)
    return "zrobione tutaj"


def _fail(text: str) -> None:
    raise ValueError(text)


def _fail_in_a_child(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("cannot send the result back")  # say, a message that won't pickle
    return "zrobione tutaj"


def test_big_jobs_run_in_a_child_and_small_ones_here():
    with background() as side:
        child = side.submit(_pid_and, 21, big=True).result()
        here = side.submit(_pid_and, 4, big=False).result()
    assert child[1] == 42 and child[0] != os.getpid()
    assert here == (os.getpid(), 8)


def test_a_child_that_dies_leaves_its_job_to_this_process():
    with background() as side:
        assert side.submit(_die_in_a_child, os.getpid(), big=True).result() == "zrobione tutaj"


def test_an_error_in_a_child_reaches_the_caller():
    with background() as side, pytest.raises(ValueError, match="zły plik"):
        side.submit(_fail, "zły plik", big=True).result()


def test_a_child_that_fails_leaves_its_job_to_this_process():
    with background() as side:
        assert side.submit(_fail_in_a_child, os.getpid(), big=True).result() == "zrobione tutaj"


def test_a_small_job_runs_here_when_its_result_is_asked_for():
    done = []
    with background() as side:
        job = side.submit(done.append, "karta", big=False)
        assert done == []  # a progress bar over the results moves as each is read
        job.result()
        job.result()
    assert done == ["karta"]


@pytest.mark.skipif(os.name == "nt", reason="the Windows console has its own Ctrl+C switch")
def test_children_start_with_ctrl_c_ignored_and_the_parent_keeps_it():
    import signal

    before = signal.getsignal(signal.SIGINT)
    with parallel._starting_children():  # fork and exec hand SIG_IGN on to a new process
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is before


def test_one_core_means_no_children(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    with background() as side:
        assert side.submit(_pid_and, 1, big=True).result() == (os.getpid(), 2)


def test_children_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(parallel.CHILDREN_ENV, "0")
    with background() as side:
        assert side.submit(_pid_and, 1, big=True).result() == (os.getpid(), 2)


def _alive(pid: int) -> bool:
    """The process runs (a zombie left for the system to reap has ended)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


@pytest.mark.skipif(os.name == "nt", reason="os.kill(pid, 0) ends a process on Windows")
def test_children_end_when_their_parent_is_killed(tmp_path):
    import subprocess
    import time

    marker = tmp_path / "dziecko.txt"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from odpracowanie.parallel import background\n"
        "def work(path):\n"
        "    Path(path).write_text(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "if __name__ == '__main__':\n"
        "    with background() as side:\n"
        "        side.submit(work, sys.argv[1], big=True).result()\n"
    )
    (tmp_path / "rodzic.py").write_text(script)
    parent = subprocess.Popen(
        [sys.executable, str(tmp_path / "rodzic.py"), str(marker)], cwd=tmp_path
    )
    for _ in range(100):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.1)
    child = int(marker.read_text())
    assert _alive(child)
    parent.kill()
    parent.wait()
    for _ in range(50):
        if not _alive(child):
            break
        time.sleep(0.1)
    assert not _alive(child)


def test_spawned_children_as_on_windows_give_the_same_outputs(tmp_path):
    """Windows has no fork: children start afresh and import the entry module again
    (`python -m odpracowanie`), which must not start a second batch."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    samples = root / "samples"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "kto"
    log.mkdir()
    # In the batch: spawn, as on Windows, and children for any size. In each spawned child
    # (started with --multiprocessing-fork): note who reads timesheets and writes balances.
    (hooks / "sitecustomize.py").write_text(
        "import os, sys\n"
        "from pathlib import Path\n"
        "from odpracowanie import parallel\n"
        "parallel.PARALLEL_MIN_FILES = 1\n"
        "parallel.PARALLEL_MIN_ROWS = 1\n"
        "parallel.start_method = lambda: 'spawn'\n"
        "if '--multiprocessing-fork' in sys.argv:\n"
        "    from odpracowanie.readers import timesheet\n"
        "    from odpracowanie.writers import outputs\n"
        "    log = Path(os.environ['ODPRACOWANIE_TEST_LOG'])\n"
        "    def noting(kind, real):\n"
        "        def job(*args):\n"
        "            (log / f'{kind}_{os.getpid()}').touch()\n"
        "            return real(*args)\n"
        "        return job\n"
        "    timesheet.read_timesheet = noting('karta', timesheet.read_timesheet)\n"
        "    outputs.write_cards = noting('karty', outputs.write_cards)\n",
        encoding="utf-8",
    )

    def run(out: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "odpracowanie",
                "reconcile",
                "--program",
                str(samples / "program.xlsx"),
                "--debts",
                str(samples / "zadluzenie.xlsx"),
                "--month",
                "2026-10",
                "--out",
                str(out),
                str(samples / "2026-10"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        )

    spawned = run(
        tmp_path / "spawn" / "wyniki",
        {
            "PYTHONPATH": os.pathsep.join(
                [str(hooks), str(root), os.environ.get("PYTHONPATH", "")]
            ),
            "ODPRACOWANIE_TEST_LOG": str(log),
        },
    )
    alone = run(
        tmp_path / "jeden" / "wyniki",
        {"PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])},
    )
    assert spawned.returncode == alone.returncode == 0, spawned.stderr
    assert spawned.stderr == ""
    # The spawned children did the reading and the writing.
    assert list(log.glob("karta_*")) and len(list(log.glob("karty_*"))) == 1

    def without_run_time(cells: dict) -> dict:
        for book in cells.values():
            book.pop("Przebieg", None)  # the time of the run differs
        return cells

    assert without_run_time(_cells(tmp_path / "spawn" / "wyniki")) == without_run_time(
        _cells(tmp_path / "jeden" / "wyniki")
    )


def test_a_ledger_column_that_is_not_whole_numbers_is_a_bug_not_a_number():
    import pandas as pd

    from odpracowanie.writers.outputs import _zl_column

    assert _zl_column(pd.Series([123456, -5], dtype="int64")) == [1234.56, -0.05]
    with pytest.raises(TypeError):
        _zl_column(pd.Series([1.0, float("nan")]))
    with pytest.raises(ValueError):
        _zl_column(pd.Series([1, None], dtype="Int64"))
