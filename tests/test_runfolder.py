"""An output folder holds one run (SPEC §7 "Run identity", issue 27): what `--force` does with
an earlier run's outputs, what the manifest says, what `send` may attach, and a move into place
killed at any step."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import reconcile_samples, week_rows, work_row

from odpracowanie import runfolder
from odpracowanie.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROOT = Path(__file__).resolve().parent.parent


def _samples(out: Path, timesheets: Path, *extra: str):
    """The samples' October reconciled from `timesheets` into `out` (CliRunner)."""
    args = ["reconcile", "--program", str(SAMPLES / "program.xlsx")]
    args += ["--debts", str(SAMPLES / "zadluzenie.xlsx"), "--month", "2026-10"]
    result = CliRunner().invoke(main, [*args, "--out", str(out), *extra, str(timesheets)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _send(out: Path, to: str = "ksiegowosc@pgm.example.pl"):
    return CliRunner().invoke(main, ["send", str(out), "--to", to])


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path relative to it, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _parse(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _attached(path: Path) -> dict[str, bytes]:
    return {p.get_filename(): p.get_content() for p in _parse(path).iter_attachments()}


def _body(path: Path) -> str:
    return _parse(path).get_body(("plain",)).get_content()


# -- the scenario ------------------------------------------------------------------------


def test_a_rerun_with_force_leaves_only_its_outputs_and_send_attaches_only_them(tmp_path):
    # October reconciled (14 961,00 zł of postings), then again with --force from timesheets
    # that credit nothing: no posting of the first run may stay in the folder or be sent.
    out = tmp_path / "wyniki" / "2026-10"
    reconcile_samples(out)
    first = _tree(out)
    assert "ksiegowanie_2026-10.csv" in first
    (out / "notatki.txt").write_text("zadzwonić do MOSiR", encoding="utf-8")  # the clerk's own
    result = _samples(out, SAMPLES / "bledne", "--force")
    assert result.exit_code == 1, result.output
    assert "Zaliczono: 0,00 zł" in result.output
    assert not list(out.glob("ksiegowanie_*"))
    (aside,) = out.glob("zastapione_*")
    assert re.fullmatch(r"zastapione_\d{8}-\d{6}", aside.name)
    assert _tree(aside) == first  # the first run's outputs, postings among them, byte for byte
    assert (out / "notatki.txt").read_text(encoding="utf-8") == "zadzwonić do MOSiR"
    manifest = json.loads((out / "przebieg.json").read_text(encoding="utf-8"))
    assert manifest["replaced"] == aside.name
    current = {f["path"] for f in manifest["files"]}
    assert {p for p in _tree(out) if not p.startswith(aside.name)} == current | {
        "przebieg.json",
        "notatki.txt",
    }

    sent = _send(out)
    assert sent.exit_code in (0, 1), sent.output
    pgm = out / "wysylka" / "01_wyniki_dla_ksiegowosc.eml"
    attached = _attached(pgm)
    assert sorted(attached) == [
        "bledy_2026-10.xlsx",
        "karty_dluznikow_2026-10.xlsx",
        "salda_2026-10_2.xlsx",  # numbered after the ledger it replaced
        "zestawienie_2026-10.xlsx",
    ]
    assert attached["salda_2026-10_2.xlsx"] == (out / "salda_2026-10_2.xlsx").read_bytes()
    body = _body(pgm)
    assert "wartość zaliczona: 0,00 zł" in body and "dłużników zaliczonych: 0," in body
    for draft in (out / "wysylka").iterdir():
        assert not any(n.startswith("ksiegowanie_") for n in _attached(draft)), draft.name
        assert "notatki.txt" not in _attached(draft)

    # a second --force: a second zastapione_ folder, holding the second run and its drafts
    second = {p: b for p, b in _tree(out).items() if not p.startswith(aside.name)}
    second.pop("notatki.txt")
    assert _samples(out, SAMPLES / "bledne", "--force").exit_code == 1
    asides = sorted(out.glob("zastapione_*"))
    assert len(asides) == 2 and aside in asides
    (newer,) = [a for a in asides if a != aside]
    assert _tree(newer) == second and "wysylka/01_wyniki_dla_ksiegowosc.eml" in second
    assert not (out / "wysylka").exists() and (out / "notatki.txt").exists()


def test_without_force_a_folder_with_an_earlier_run_is_refused_and_nothing_changes(tmp_path):
    out = tmp_path / "2026-10"
    reconcile_samples(out)
    (out / "salda_2026-10.xlsx").unlink()  # any output of the program is an earlier run's
    before = _tree(out)
    result = _samples(out, SAMPLES / "bledne")
    assert result.exit_code == 2
    assert "są już wyniki wcześniejszego przebiegu (archiwum_2026-10.zip)" in result.stderr
    assert "użyj --force" in result.stderr and "zastapione_" in result.stderr
    assert _tree(out) == before and not list(out.glob("zastapione_*"))
    # a folder holding only the clerk's files and earlier runs' zastapione_ is free
    free = tmp_path / "wolny"
    (free / "zastapione_20261001-120000").mkdir(parents=True)
    (free / "notatki.txt").write_text("x", encoding="utf-8")
    assert _samples(free, SAMPLES / "2026-10").exit_code == 0


def test_a_run_that_fails_before_its_outputs_are_in_place_changes_nothing(tmp_path):
    out = tmp_path / "2026-10"
    reconcile_samples(out)
    before = _tree(out)
    args = ["reconcile", "--program", str(SAMPLES / "program.xlsx")]
    args += ["--debts", str(SAMPLES / "program.xlsx"), "--month", "2026-10", "--force"]
    result = CliRunner().invoke(main, [*args, "--out", str(out), str(SAMPLES / "2026-10")])
    assert result.exit_code == 2  # not a debt workbook: refused before anything is written
    assert _tree(out) == before and not list(out.glob("zastapione_*"))


def test_the_manifest_lists_each_output_as_written(tmp_path):
    out = tmp_path / "2026-10"
    _samples(out, SAMPLES / "bledne")
    manifest = json.loads((out / "przebieg.json").read_text(encoding="utf-8"))
    assert (manifest["command"], manifest["month"], manifest["replaced"]) == (
        "reconcile",
        "2026-10",
        None,
    )
    assert dt.datetime.fromisoformat(manifest["time"])
    assert isinstance(manifest["command_line"], list)  # sys.argv, as in the archive's manifest
    roles = {f["path"]: f["role"] for f in manifest["files"]}
    assert roles == {
        "bledy_2026-10.xlsx": "errors",
        "karty_dluznikow_2026-10.xlsx": "cards",
        "zestawienie_2026-10.xlsx": "summary",
        "salda_2026-10.xlsx": "balances",
        "archiwum_2026-10.zip": "archive",
        **{
            f"do_poprawy/{p.name}": "marked_copy"
            for p in (out / "do_poprawy").iterdir()  # every copy, and only the copies
        },
    }
    assert len([r for r in roles.values() if r == "marked_copy"]) == 4
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert manifest["files"][-1]["role"] == "balances"  # the order of the move into place


# -- what send attaches ------------------------------------------------------------------------


@pytest.fixture
def month(make_timesheet, make_program, reconcile, tmp_path):
    """A month whose SP1 timesheet has a rate to correct (a draft to SP1 with its copy); the
    timesheet's folder, the programme and the results."""
    program = make_program(
        units=[
            ["PGM", "PGM Żyrardów", "Barbara Zielińska", "bz@pgm.example.pl"],
            ["SP1", "Szkoła nr 1", "Marek Pawlak", "sp1@example.pl"],
        ],
        participants=[{"account": "1001"}, {"account": "1002"}],
    )
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="karta_PGM.xlsx")
    make_timesheet(
        [work_row(12, account="1002", rate=30), *week_rows("1002")],
        folder=folder,
        name="karta_SP1.xlsx",
        unit="SP1",
    )
    status, output, out = reconcile(folder, program=program)
    assert status == 1, output
    return folder, program, out


@pytest.mark.parametrize("name", ["salda_2026-10.xlsx", "archiwum_2026-10.zip"])
def test_send_refuses_a_changed_output_and_writes_nothing(month, name):
    # one byte appended to the ledger (attached), or to the archive (listed, not attached)
    _, _, out = month
    with (out / name).open("ab") as changed:
        changed.write(b"\0")
    result = _send(out)
    assert result.exit_code == 2
    assert f"{name} zmienił się" in result.stderr and "SHA-256" in result.stderr
    assert "nic nie wysłano" in result.stderr
    assert not (out / "wysylka").exists()


def test_send_refuses_a_changed_output_from_the_command_line(month):
    # as a clerk runs it: python -m odpracowanie send, a marked copy edited after the run
    _, _, out = month
    copy = out / "do_poprawy" / "karta_SP1.xlsx"
    copy.write_bytes(copy.read_bytes() + b"\0")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "odpracowanie", "send", str(out), "--to", "pgm@example.pl"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert f"Plik {copy} zmienił się" in done.stderr
    assert not (out / "wysylka").exists()


def test_send_refuses_a_missing_output(month):
    _, _, out = month
    (out / "bledy_2026-10.xlsx").unlink()
    result = _send(out)
    assert result.exit_code == 2
    assert f"Brak pliku {out / 'bledy_2026-10.xlsx'}, który zapisało rozliczenie" in (result.stderr)
    assert not (out / "wysylka").exists()


def test_send_refuses_a_folder_without_a_manifest(month):
    # results of a version before the manifest: which files are the last run's is unknown
    _, _, out = month
    (out / "przebieg.json").unlink()
    result = _send(out)
    assert result.exit_code == 2
    assert "Brak spisu przebiegu" in result.stderr
    assert "rozlicz miesiąc jeszcze raz z --force" in result.stderr.casefold()
    assert not (out / "wysylka").exists()


def test_send_attaches_no_file_the_run_did_not_write(month):
    _, _, out = month
    (out / "notatki.txt").write_text("notatka", encoding="utf-8")
    (out / "ksiegowanie_2026-10_stare.csv").write_text("stare", encoding="utf-8")
    # a marked copy in do_poprawy/ that the manifest does not list is not the run's
    manifest = out / "przebieg.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"] = [f for f in data["files"] if f["role"] != "marked_copy"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = _send(out, "pgm@example.pl")
    assert result.exit_code == 0, result.output
    names = {n for d in (out / "wysylka").iterdir() for n in _attached(d)}
    assert "notatki.txt" not in names and "ksiegowanie_2026-10_stare.csv" not in names
    assert "karta_SP1.xlsx" not in _attached(out / "wysylka" / "02_jednostka_SP1.eml")


def test_send_twice_moves_the_first_drafts_aside(month):
    _, _, out = month
    assert _send(out, "pgm@example.pl").exit_code == 0
    first = _tree(out / "wysylka")
    result = _send(out, "ksiegowosc@example.pl")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "wysylka").iterdir()) == [
        "01_wyniki_dla_ksiegowosc.eml",
        "02_jednostka_SP1.eml",
    ]
    (aside,) = out.glob("zastapione_*")
    assert _tree(aside) == {f"wysylka/{name}": data for name, data in first.items()}
    assert "Wcześniejsze wiadomości przeniesiono (nic nie usunięto) do:" in result.output
    # the drafts are not the run's outputs: the manifest, and so the next send, are as before
    assert _send(out, "pgm@example.pl").exit_code == 0


def test_a_rerun_that_drops_a_units_errors_sends_that_unit_nothing(
    month, make_timesheet, reconcile
):
    folder, program, out = month
    assert _send(out, "pgm@example.pl").exit_code == 0
    assert (out / "wysylka" / "02_jednostka_SP1.eml").exists()
    make_timesheet(  # SP1's timesheet corrected: no error left
        [work_row(12, account="1002"), *week_rows("1002")],
        folder=folder,
        name="karta_SP1.xlsx",
        unit="SP1",
    )
    status, output, _ = reconcile(folder, program=program, out=out, extra=("--force",))
    assert status == 0, output
    # the earlier run's drafts and copies went aside with it
    assert not (out / "wysylka").exists() and not (out / "do_poprawy").exists()
    (aside,) = out.glob("zastapione_*")
    assert (aside / "wysylka" / "02_jednostka_SP1.eml").exists()
    assert (aside / "do_poprawy" / "karta_SP1.xlsx").exists()
    assert _send(out, "pgm@example.pl").exit_code == 0
    assert sorted(p.name for p in (out / "wysylka").iterdir()) == ["01_wyniki_dla_pgm.eml"]


# -- correct and approve ---------------------------------------------------------------------


def test_a_correction_lists_its_outputs_and_replaces_an_earlier_one_only_with_force(tmp_path):
    ledger = reconcile_samples(tmp_path / "2026-10")
    out = tmp_path / "korekta"
    args = ["correct", "--program", str(SAMPLES / "program.xlsx"), "--debts", str(ledger)]
    args += ["--account", "104512", "--month", "2026-10", "--reason", "karta poprawiona"]
    args += ["--document", "K/7/2026", "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    manifest = json.loads((out / "przebieg.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "correct"
    assert sorted(f["role"] for f in manifest["files"]) == [
        "archive",
        "balances",
        "correction",
        "postings",
        "postings_doc",
    ]
    assert {f["path"] for f in manifest["files"]} | {"przebieg.json"} == set(_tree(out))
    before = _tree(out)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "wyniki wcześniejszego przebiegu" in again.stderr
    assert _tree(out) == before
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 0
    (aside,) = out.glob("zastapione_*")
    assert _tree(aside) == before
    # the correction's results go to the accounts office: its document, the postings to book
    # and the new ledger, as its manifest lists them, in a message of their own
    sent = _send(out)
    assert sent.exit_code == 0, sent.output
    (draft,) = (out / "wysylka").iterdir()
    assert draft.name == "01_korekta_dla_ksiegowosc.eml"
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Odpracowanie zadłużenia — korekta rozliczenia za 10.2026"
    body = message.get_body(("plain",)).get_content()
    # (the correction run again with --force is numbered after the one it replaced)
    assert "(K/7/2026)" in body and "polecenie księgowania: PK/ODPR/2026-10/3." in body
    assert "zwrócono na zadłużenie: 1 507,20 zł" in body
    assert "Saldo salda_2026-10_3.xlsx zastępuje salda_2026-10.xlsx" in body
    attached = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
    (document,) = out.glob("korekta_*.xlsx")
    assert list(attached) == [
        document.name,
        "ksiegowanie_2026-10_3.xlsx",
        "ksiegowanie_2026-10_3.csv",
        "salda_2026-10_3.xlsx",
    ]
    for name, data in attached.items():
        raw = data if isinstance(data, bytes) else data.encode("windows-1250")
        assert raw.replace(b"\r\n", b"\n") == (out / name).read_bytes().replace(b"\r\n", b"\n")
    # ... and a ledger changed since is refused like a month's
    with (out / "salda_2026-10_3.xlsx").open("ab") as f:
        f.write(b"x")
    refused = _send(out)
    assert refused.exit_code == 2 and "salda_2026-10_3.xlsx zmienił się" in refused.stderr


def test_an_approval_lists_its_outputs(tmp_path):
    ledger = reconcile_samples(tmp_path / "2026-10")
    out = tmp_path / "zatwierdzone"
    args = ["approve", "--program", str(SAMPLES / "program.xlsx"), "--debts", str(ledger)]
    args += ["--month", "2026-10", "--decision", "Zarządzenie 5/2026", "--date", "2026-11-20"]
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "przebieg.json").read_text(encoding="utf-8"))
    assert (manifest["command"], manifest["month"]) == ("approve", "2026-10")
    assert sorted(f["role"] for f in manifest["files"]) == ["archive", "balances"]
    sent = _send(out)
    assert sent.exit_code == 0, sent.output
    (draft,) = (out / "wysylka").iterdir()
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Odpracowanie zadłużenia — zatwierdzenie rozliczenia za 10.2026"
    body = message.get_body(("plain",)).get_content()
    assert "(Zarządzenie 5/2026)" in body and "brak (nic nie zaksięgowano)" in body
    assert [a.get_filename() for a in message.iter_attachments()] == ["salda_2026-10_2.xlsx"]


# -- the move into place -------------------------------------------------------------------------


def test_two_replacements_in_one_second_get_folders_of_their_own(tmp_path):
    started = dt.datetime(2026, 12, 7, 17, 32, 5)
    folder = tmp_path / "wyniki"
    folder.mkdir()
    for n in range(3):
        staging = tmp_path / f"staging{n}"
        staging.mkdir()
        (staging / "bledy.xlsx").write_bytes(b"run %d" % n)
        target = folder / "bledy_2026-10.xlsx"
        placed = runfolder.put_in_place(
            folder,
            staging,
            [runfolder.Output("errors", staging / "bledy.xlsx", target)],
            runfolder.Run("reconcile", "2026-10", started),
            replace=True,
        )
        assert placed.written == [target]
    assert sorted(p.name for p in folder.iterdir()) == [
        "bledy_2026-10.xlsx",
        "przebieg.json",
        "zastapione_20261207-173205",
        "zastapione_20261207-173205_2",
    ]
    assert (folder / "zastapione_20261207-173205_2" / "bledy_2026-10.xlsx").read_bytes() == b"run 1"


def test_earlier_outputs_are_the_programs_never_the_clerks_nor_the_inputs(tmp_path):
    folder = tmp_path / "wyniki"
    (folder / "do_poprawy").mkdir(parents=True)
    (folder / "zastapione_20261001-120000").mkdir()
    for name in (
        "salda_2026-09.xlsx",  # an input of this run, left here
        "zestawienie_2026-10.pdf",
        "korekta_2026-10_K-7.xlsx",
        "notatki.txt",
        "zestawienie_godzin.xlsx",  # a supervisor's, not the program's
        "przebieg.json",
    ):
        (folder / name).write_text("{}", encoding="utf-8")
    found = runfolder.earlier_outputs(folder, keep=[folder / "salda_2026-09.xlsx"])
    assert [p.name for p in found] == [
        "do_poprawy",
        "korekta_2026-10_K-7.xlsx",
        "przebieg.json",
        "zestawienie_2026-10.pdf",
    ]


def test_a_manifest_naming_a_file_outside_its_folder_is_not_read(tmp_path):
    for path in ("../salda_2026-10.xlsx", "/etc/passwd", ""):
        (tmp_path / "przebieg.json").write_text(
            json.dumps(
                {
                    "command": "reconcile",
                    "month": "2026-10",
                    "files": [{"path": path, "role": "balances", "size": 1, "sha256": "0"}],
                }
            ),
            encoding="utf-8",
        )
        with pytest.raises(runfolder.BadManifest):
            runfolder.read_manifest(tmp_path)


KILLED = textwrap.dedent(
    """
    import datetime as dt, os, sys
    from pathlib import Path
    from odpracowanie import runfolder

    folder, staging, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    real, calls = os.replace, [0]

    def replace(source, target):
        calls[0] += 1
        if calls[0] == kill_at:
            os._exit(9)  # killed: no clean-up runs
        return real(source, target)

    os.replace = replace
    outputs = [
        runfolder.Output("marked_copy", staging / "do_poprawy" / "k.xlsx",
                         folder / "do_poprawy" / "k.xlsx"),
        runfolder.Output("errors", staging / "bledy.xlsx", folder / "bledy_2026-10.xlsx"),
        runfolder.Output("balances", staging / "salda.xlsx", folder / "salda_2026-10.xlsx"),
    ]
    runfolder.put_in_place(
        folder, staging, outputs,
        runfolder.Run("reconcile", "2026-10", dt.datetime(2026, 12, 7, 17, 32, 5)),
        replace=True,
    )
    print(calls[0])
    """
)


def test_a_move_into_place_killed_at_any_step_leaves_the_old_run_or_the_new(tmp_path):
    from odpracowanie.writers.atomic import recover

    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def setup(folder: Path) -> Path:
        (folder / "do_poprawy").mkdir(parents=True)
        (folder / "do_poprawy" / "stara.xlsx").write_bytes(b"old copy")
        (folder / "bledy_2026-10.xlsx").write_bytes(b"old errors")
        (folder / "ksiegowanie_2026-10.csv").write_bytes(b"old postings")
        (folder / "przebieg.json").write_text('{"command": "reconcile"}', encoding="utf-8")
        (folder / "notatki.txt").write_bytes(b"the clerk's")
        staging = folder / ".odpracowanie-test"
        (staging / "do_poprawy").mkdir(parents=True)
        (staging / "do_poprawy" / "k.xlsx").write_bytes(b"new copy")
        (staging / "bledy.xlsx").write_bytes(b"new errors")
        (staging / "salda.xlsx").write_bytes(b"new ledger")
        return staging

    def run(kill_at: int, folder: Path) -> subprocess.CompletedProcess:
        staging = setup(folder)
        return subprocess.run(
            [sys.executable, "-c", KILLED, str(folder), str(staging), str(kill_at)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    old = {
        "bledy_2026-10.xlsx": b"old errors",
        "do_poprawy/stara.xlsx": b"old copy",
        "ksiegowanie_2026-10.csv": b"old postings",
        "notatki.txt": b"the clerk's",
        "przebieg.json": b'{"command": "reconcile"}',
    }
    whole = run(0, tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr
    steps = int(whole.stdout)
    aside = "zastapione_20261207-173205"
    new = _tree(tmp_path / "whole")
    assert {p: b for p, b in new.items() if p.startswith(aside)} == {
        f"{aside}/{p}": b for p, b in old.items() if p != "notatki.txt"
    }
    assert {p for p in new if not p.startswith(aside)} == {
        "bledy_2026-10.xlsx",
        "do_poprawy/k.xlsx",
        "notatki.txt",
        "przebieg.json",
        "salda_2026-10.xlsx",
    }
    outcomes = set()
    for kill_at in range(1, steps + 1):
        folder = tmp_path / f"kill{kill_at}"
        assert run(kill_at, folder).returncode == 9
        recover(folder)  # what the next run does first
        runfolder.recover(folder)
        found = _tree(folder)
        assert found in (old, new), (kill_at, sorted(found))
        assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
        outcomes.add("old" if found == old else "new")
    assert outcomes == {"old", "new"}


def test_the_pdfs_of_a_run_are_listed_and_moved_aside_with_it(tmp_path, monkeypatch):
    from odpracowanie.writers import pdf

    def printed(workbooks: list[Path], out_dir: Path) -> list[Path]:  # LibreOffice's part
        made = [out_dir / f"{w.stem}.pdf" for w in workbooks]
        for path in made:
            path.write_bytes(b"%PDF-1.7 " + path.name.encode())
        return made

    monkeypatch.setattr(pdf, "to_pdf", printed)
    out = tmp_path / "2026-10"
    assert _samples(out, SAMPLES / "2026-10", "--pdf").exit_code == 0
    manifest = json.loads((out / "przebieg.json").read_text(encoding="utf-8"))
    pdfs = {f["path"]: f for f in manifest["files"] if f["role"] == "pdf"}
    assert sorted(pdfs) == ["karty_dluznikow_2026-10.pdf", "zestawienie_2026-10.pdf"]
    for name, entry in pdfs.items():
        data = (out / name).read_bytes()
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert _samples(out, SAMPLES / "2026-10", "--force").exit_code == 0
    assert not list(out.glob("*.pdf"))
    (aside,) = out.glob("zastapione_*")
    assert sorted(p.name for p in aside.glob("*.pdf")) == sorted(pdfs)
