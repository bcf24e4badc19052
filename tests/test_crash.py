"""Crash safety (SPEC §5): a batch killed mid-write leaves nothing new or complete workbooks;
the inputs stay byte-identical, and the next run cleans up and completes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import generate


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _workbooks(folder: Path) -> list[str]:
    """The workbooks in place in a results folder (not a run's hidden staging folder, nor an
    earlier run's outputs that a run with --force moved into zastapione_…/)."""
    if not folder.exists():
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.xlsx")
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and not p.relative_to(folder).parts[0].startswith("zastapione_")
    )


@pytest.mark.slow
@pytest.mark.parametrize("fractions", [(0.1, 0.3, 0.5, 0.65, 0.8)])
def test_kill_mid_batch(tmp_path, fractions):
    data = tmp_path / "dane"
    data.mkdir()
    # Big enough for the child processes: 40 timesheets read and 20 000 history rows written.
    generate(data, debtors=500, files=40, rows=20_000)
    inputs = _digest(data)
    out = tmp_path / "wyniki"
    command = [
        sys.executable,
        "-m",
        "odpracowanie",
        "reconcile",
        "--program",
        str(data / "program.xlsx"),
        "--debts",
        str(data / "zadluzenie.xlsx"),
        "--month",
        "2026-10",
        "--force",
        str(data / "karty"),
    ]
    # A whole run first, timed: the kills land at fractions of it, reading to writing.
    start = time.perf_counter()
    subprocess.run(
        [*command, "--out", str(tmp_path / "proba" / "wyniki")],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    whole = time.perf_counter() - start
    complete = _workbooks(tmp_path / "proba" / "wyniki")  # what a whole run puts in place
    for fraction in fractions:
        # A run that ends before its kill (a busy machine runs it faster or slower than the
        # timed one) is started again with the kill earlier: every kill lands mid-run.
        for _ in range(6):
            process = subprocess.Popen(
                [*command, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(whole * fraction)
            if process.poll() is None:
                break
            assert process.returncode == 0  # it ended before its kill: it must have succeeded
            shutil.rmtree(out)  # its complete results would hide what the next kill leaves
            fraction /= 2
        else:
            pytest.fail("every run ended before its kill")
        process.kill()
        process.wait()
        visible = _workbooks(out)
        for name in visible:  # whatever is in place is a complete workbook
            assert openpyxl.load_workbook(out / name, read_only=True).sheetnames, name
        # Nothing, or all of the month (the kill came after the last move, before the exit).
        assert visible in ([], complete), visible
        for aside in out.glob("zastapione_*"):  # an earlier run, moved aside whole
            assert _workbooks(aside) == complete, aside.name
    assert _digest(data) == inputs
    finished = subprocess.run(
        [*command, "--out", str(out)], capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if not n.startswith(("archiwum_", "zastapione_"))] == [
        "bledy_2026-10.xlsx",
        "karty_dluznikow_2026-10.xlsx",
        "ksiegowanie_2026-10.csv",
        "ksiegowanie_2026-10.xlsx",
        "przebieg.json",
        "salda_2026-10.xlsx",
        "zestawienie_2026-10.xlsx",
    ]
    assert len([n for n in names if n.startswith("archiwum_")]) == 1  # the last run's only
    # every archive, the last run's and those moved aside, killed runs' among them, is complete
    for path in out.rglob("archiwum_*.zip"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None and "manifest.json" in archive.namelist()
    assert _digest(data) == inputs
