"""One file's fault never stops the month (SPEC §2.3): whatever fails while one timesheet is
read, scanned for formula errors, hashed, checked or annotated becomes that file's one
FILE_UNREADABLE naming the fault, and every other file is credited exactly.

The faults are planted where a bug would sit (each stage raises for one file only), so the test
fails if any stage lost its guard.
"""

from __future__ import annotations

import hashlib
import types

import openpyxl
from conftest import balances, week_rows, work_row

from odpracowanie import labels
from odpracowanie.readers import workbook
from odpracowanie.writers import annotate

ACCOUNTS = ("1001", "1002", "1003", "1004", "1005", "1006", "1007")


def test_a_fault_in_any_stage_of_one_file_leaves_the_others_credited(
    tmp_path, make_timesheet, make_program, make_debts, reconcile, monkeypatch
):
    folder = tmp_path / "karty"
    make_timesheet(week_rows("1001"), folder=folder, name="a_dobra.xlsx")
    scan = make_timesheet(week_rows("1002"), folder=folder, name="b_skan.xlsx")
    make_timesheet(
        [work_row(8, "1003", rate=30), work_row(9, "1003")], folder=folder, name="c_kopia.xlsx"
    )
    make_timesheet(
        [work_row(8, "1004", rate=30), work_row(9, "1004")],
        folder=folder,
        name="c_kopia_druga.xlsx",
    )
    hashed = make_timesheet(week_rows("1005"), folder=folder, name="d_skrot.xlsx")
    make_timesheet(
        [work_row(8, "1006", debtor="Zepsuty Wiersz"), work_row(9, "1006")],
        folder=folder,
        name="e_sprawdzenie.xlsx",
    )
    make_timesheet(week_rows("1007"), folder=folder, name="f_dobra.xlsx")

    real_scan = workbook.Workbook.error_cells

    def scan_fails(self, sheet):  # the formula-error scan
        if self.path.name == scan.name:
            raise RuntimeError("planted")
        return real_scan(self, sheet)

    hashed_bytes = hashed.read_bytes()
    real_sha = hashlib.sha256

    def sha_fails(data=b""):  # hashing
        if data == hashed_bytes:
            raise MemoryError
        return real_sha(data)

    real_package, real_original = annotate._marked_package, annotate._marked_original

    def package_fails(source, issues, target):  # annotating, all three ways of making the copy
        if source.name == "c_kopia.xlsx":
            raise KeyError("planted")
        return real_package(source, issues, target)

    def copy_fails(source, issues, target):
        if source.name == "c_kopia.xlsx":
            raise KeyError("planted")
        return real_original(source, issues, target)

    def rebuild_fails(source, issues, target):
        raise ValueError("planted")

    real_key = labels.name_key

    def check_fails(text):  # the month's checks, brought down by one file's cell
        if text == "Zepsuty Wiersz":
            raise TypeError("planted")
        return real_key(text)

    monkeypatch.setattr(workbook.Workbook, "error_cells", scan_fails)
    monkeypatch.setattr(workbook, "hashlib", types.SimpleNamespace(sha256=sha_fails))
    monkeypatch.setattr(annotate, "_marked_package", package_fails)
    monkeypatch.setattr(annotate, "_marked_original", copy_fails)
    monkeypatch.setattr(annotate, "_marked_rebuild", rebuild_fails)
    monkeypatch.setattr(labels, "name_key", check_fails)

    program = make_program(participants=[{"account": a} for a in ACCOUNTS])
    debts = make_debts(
        [[a, "Osoba Testowa", "ul. Testowa 1", 5000.0, 400.0, None] for a in ACCOUNTS]
    )
    status, output, out = reconcile(folder, program=program, debts=debts)
    assert status == 1, output
    assert "Plików: 7 (nieczytelnych: 3)" in output
    after = balances(out / "salda_2026-10.xlsx")
    assert after == {
        "1001": (4748.8, 400),
        "1002": (5000, 400),
        "1003": (5000, 400),
        "1004": (5000, 400),
        "1005": (5000, 400),
        "1006": (5000, 400),
        "1007": (4748.8, 400),
    }
    errors = openpyxl.load_workbook(out / "bledy_2026-10.xlsx")["Błędy"]
    rows = [(r[0], r[7], r[8]) for r in errors.iter_rows(min_row=2, values_only=True)]
    unreadable = {file: message for file, code, message in rows if code == "FILE_UNREADABLE"}
    assert sorted(unreadable) == ["b_skan.xlsx", "d_skrot.xlsx", "e_sprawdzenie.xlsx"]
    for name, error in (
        ("b_skan.xlsx", "RuntimeError"),
        ("d_skrot.xlsx", "MemoryError"),
        ("e_sprawdzenie.xlsx", "TypeError"),
    ):
        assert f"błąd programu przy sprawdzaniu tego pliku ({error}" in unreadable[name]
    assert [(f, c) for f, c, _ in rows if f.startswith("c_")] == [
        ("c_kopia.xlsx", "RATE_MISMATCH"),
        ("c_kopia_druga.xlsx", "RATE_MISMATCH"),
    ]
    # the copy that could not be made is missing; the other is there, with its mark
    copies = sorted(p.name for p in (out / "do_poprawy").iterdir())
    assert copies == ["c_kopia_druga.xlsx"]
    marked = openpyxl.load_workbook(out / "do_poprawy" / "c_kopia_druga.xlsx")["Rozliczenie"]
    assert "[RATE_MISMATCH]" in marked["J8"].comment.text
