"""The command line as a user runs it: CliRunner for exit codes and output, plus subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import openpyxl
from click.testing import CliRunner
from conftest import week_rows, work_row

from odpracowanie.batch import run_validate
from odpracowanie.cli import main
from odpracowanie.issues import render_json

ROOT = Path(__file__).resolve().parent.parent


def test_text_output_format_and_summary(make_timesheet, make_program, make_debts):
    path = make_timesheet([work_row(5, rate=30), *week_rows()])
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--program",
            str(make_program()),
            "--debts",
            str(make_debts()),
            "--month",
            "2026-10",
            str(path),
        ],
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "karta.xlsx!Rozliczenie!J8: [RATE_MISMATCH] Stawka 30,00 zł ≠ stawka PGM 31,40 zł dla "
        "PORZ od 01.01.2026."
    ]
    assert "Sprawdzono plików: 1, wierszy: 3. Błędy: 1, ostrzeżenia: 0." in result.stderr


def test_json_equals_the_library_report(make_timesheet, make_program, make_debts):
    path = make_timesheet([work_row(5, rate=30), work_row(6, debtor="Jan Kowalsky"), *week_rows()])
    program, debts = make_program(), make_debts()
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--format",
            "json",
            "--program",
            str(program),
            "--debts",
            str(debts),
            "--month",
            "2026-10",
            str(path),
        ],
    )
    library = run_validate([path], program_path=program, debts_path=debts, month=(2026, 10))
    assert json.loads(result.stdout) == [render_json(i) for i in library.issues]
    assert {i["severity"] for i in json.loads(result.stdout)} == {"error", "warning"}
    assert set(json.loads(result.stdout)[0]) == {
        "file",
        "sheet",
        "cell",
        "row",
        "column",
        "account",
        "severity",
        "code",
        "message",
    }


def test_annotate_marks_cells_and_keeps_inputs(make_timesheet, make_program, make_debts, tmp_path):
    path = make_timesheet(
        [work_row(5, rate=30), work_row(6, debtor="Jan Kowalsky"), *week_rows()], version=None
    )
    before = path.read_bytes()
    out = tmp_path / "do_poprawy"
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--program",
            str(make_program()),
            "--debts",
            str(make_debts()),
            "--month",
            "2026-10",
            "--annotate",
            str(out),
            str(path),
        ],
    )
    assert result.exit_code == 1
    assert path.read_bytes() == before
    sheet = openpyxl.load_workbook(out / "karta.xlsx")["Rozliczenie"]
    assert sheet["J8"].fill.fgColor.rgb == "FFFF9999"  # error: red
    assert "[RATE_MISMATCH] Stawka 30,00 zł" in sheet["J8"].comment.text
    assert sheet["D9"].fill.fgColor.rgb == "FFFFE699"  # warning: yellow
    assert "[NAME_MISMATCH]" in sheet["D9"].comment.text
    assert "[TEMPLATE_VERSION]" in sheet["A1"].comment.text
    assert sheet["B8"].comment is None
    assert sheet["J8"].value == 30  # the data itself is untouched
    assert [p.name for p in out.iterdir()] == ["karta.xlsx"]  # no temporary files left


def test_annotate_refuses_to_overwrite_the_input(make_timesheet, tmp_path):
    path = make_timesheet(week_rows(), version=None)  # a warning, so a copy would be written
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["validate", "--annotate", str(tmp_path), str(path)])
    assert path.read_bytes() == before
    assert result.exit_code == 2 and "nadpisałaby" in result.stderr


def test_usage_errors_exit_2(make_timesheet, tmp_path):
    path = make_timesheet(week_rows())
    assert CliRunner().invoke(main, ["validate", "--month", "10.2026", str(path)]).exit_code == 2
    missing = CliRunner().invoke(main, ["validate", str(tmp_path / "brak")])
    assert missing.exit_code == 2 and "Nie ma takiego pliku" in missing.stderr
    assert CliRunner().invoke(main, ["validate"]).exit_code == 2


def test_every_command_has_help_with_an_example():

    def sweep(group: click.Group, path: list[str]) -> int:
        count = 0
        for name, command in group.commands.items():
            result = CliRunner().invoke(main, [*path, name, "--help"])
            assert result.exit_code == 0, name
            assert "Przykład" in result.output, name
            assert command.help
            count += 1
            if isinstance(command, click.Group):
                count += sweep(command, [*path, name])
        return count

    # templates, validate, reconcile, correct, documents, report, approve, ledger, check,
    # register, check, queue, serve, send
    assert sweep(main, []) == 14


def _help_pages(group: click.Group, path: list[str]) -> list[str]:
    pages = [CliRunner().invoke(main, [*path, "--help"]).output]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            pages += _help_pages(command, [*path, name])
        else:
            pages.append(CliRunner().invoke(main, [*path, name, "--help"]).output)
    return pages


def test_every_word_of_click_is_polish():
    """Every message the installed click can print is translated: a click that adds one
    fails here, not in front of the clerk."""
    import ast

    from odpracowanie.click_pl import POLISH

    untranslated = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
            ):
                texts = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                untranslated.update(t for t in texts if t not in POLISH)
    assert untranslated == set()
    pages = "\n".join(_help_pages(main, []))
    for english in (
        "[OPTIONS]",
        "COMMAND",
        "[ARGS]",
        "TEXT",
        "INTEGER",
        "PATH",
        "DIRECTORY",
        "Usage",
        "Options",
        "Show this",
        "Commands",
    ):
        assert english not in pages, english
    for command, words in (
        (["reconcil"], "Czy chodziło o 'reconcile'?"),
        (["send", ".", "--to", "a@b.pl", "--smtp-port", "x"], "'x' nie jest poprawną liczbą."),
        (["validate", "--nope"], "Nie ma opcji '--nope'."),
    ):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2 and words in result.output, result.output


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "cp1250"}  # a Windows console's code page


def test_subprocess_on_the_samples_as_a_user_would():
    samples = ROOT / "samples"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "odpracowanie",
            "validate",
            "--program",
            str(samples / "program.xlsx"),
            "--debts",
            str(samples / "zadluzenie.xlsx"),
            "--month",
            "2026-10",
            str(samples / "2026-10"),
        ],
        capture_output=True,
        env=_env(),
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr.decode("cp1250", "replace")
    assert "Błędy: 0" in run.stderr.decode("cp1250")


def test_subprocess_errors_survive_a_legacy_console(tmp_path, make_timesheet):
    path = make_timesheet([work_row(5, qty="≈4"), *week_rows()])
    run = subprocess.run(
        [sys.executable, "-m", "odpracowanie", "validate", str(path)],
        capture_output=True,
        env={**_env(), "PYTHONIOENCODING": "ascii"},
        timeout=120,
    )
    assert run.returncode == 1
    assert b"Traceback" not in run.stderr
    assert b"[NUMBER_INVALID]" in run.stdout


def test_a_cp1250_console_shows_what_it_lacks_in_plain_characters(make_timesheet, make_program):
    path = make_timesheet([work_row(5, rate=30), *week_rows()])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "odpracowanie",
            "validate",
            "--program",
            str(make_program()),
            str(path),
        ],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    line = run.stdout.decode("cp1250")
    assert "[RATE_MISMATCH] Stawka 30,00 zł <> stawka PGM 31,40 zł" in line, line


def test_output_to_a_reader_that_went_away_is_no_internal_error(tmp_path):
    # `odpracowanie reconcile … | more`, and `more` closed before the report was printed: the
    # outputs are written, and nothing says "internal error, nothing was saved".
    samples = ROOT / "samples"
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
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
                str(tmp_path / "wyniki"),
                str(samples / "2026-10"),
            ],
            stdout=write,
            stderr=subprocess.PIPE,
            env=_env(),
            cwd=ROOT,
            timeout=120,
        )
    finally:
        os.close(write)
    stderr = run.stderr.decode("cp1250", "replace")
    assert "Traceback" not in stderr and "Błąd wewnętrzny" not in stderr, stderr
    assert "Nic nie zostało zapisane" not in stderr
    assert run.returncode == 1
    assert (tmp_path / "wyniki" / "salda_2026-10.xlsx").exists()


def test_help_imports_nothing_heavy():
    code = (
        "import sys, time; t = time.perf_counter(); from odpracowanie.cli import main; "
        "print(time.perf_counter() - t, 'pandas' in sys.modules, 'pandera' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    ).stdout.split()
    assert out[1:] == ["False", "False"]
    run = subprocess.run(
        [sys.executable, "-m", "odpracowanie", "--help"], capture_output=True, timeout=60
    )
    assert run.returncode == 0 and b"validate" in run.stdout
    # A command's own help too: the libraries load when the command runs, not before.
    code = (
        "import sys; from odpracowanie.cli import run; sys.argv = ['odpracowanie', 'validate',"
        " '--help']\ntry:\n    run()\nexcept SystemExit:\n    pass\n"
        "print('pandas' in sys.modules, 'pandera' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "--month" in run.stdout and run.stdout.split()[-2:] == ["False", "False"]


def test_the_program_collects_no_garbage_while_it_starts_and_does_while_it_works(
    monkeypatch, make_timesheet
):
    """`odpracowanie` (cli.run) pauses the cycle collector while pandas and pandera load, runs
    the command with it on (a big month makes cycles), and freezes what is left at the exit."""
    import gc

    import odpracowanie.batch
    from odpracowanie import cli

    seen: dict[str, bool] = {}
    started, validate = cli._started, odpracowanie.batch.run_validate

    def starting():
        seen["starting"] = gc.isenabled()
        started()

    def working(*args, **kwargs):
        seen["working"] = gc.isenabled()
        return validate(*args, **kwargs)

    monkeypatch.setattr(cli, "_started", starting)
    monkeypatch.setattr(odpracowanie.batch, "run_validate", working)
    path = make_timesheet(week_rows())
    monkeypatch.setattr(sys, "argv", ["odpracowanie", "validate", "--month", "2026-10", str(path)])
    try:
        try:
            cli.run()
        except SystemExit as exit:
            assert exit.code == 0
        assert seen == {"starting": False, "working": True}
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


_LEAVING = """
import atexit, sys, threading, time
from pathlib import Path
from odpracowanie import cli

folder = Path(sys.argv[1])
atexit.register(lambda: (folder / "handler").write_text("ran"))


class TornDown:  # a module's object, finalised only by Python's own tear-down
    def __del__(self):
        (folder / "torn_down").write_text("yes")


kept = TornDown()
if sys.argv[2] == "thread":
    work = lambda: (time.sleep(0.3), (folder / "thread").write_text("done"))  # noqa: E731
    threading.Thread(target=work).start()
if sys.argv[2] == "traced":  # as pdb, cProfile or coverage run it
    sys.setprofile(lambda frame, event, arg: None)
sys.stdout.write("unflushed")  # a pipe's stdout is block-buffered: still in the buffer
cli.leave(int(sys.argv[3]))
print("returned")
"""


def _leaving(folder: Path, mode: str, code: int, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _LEAVING, str(folder), mode, str(code)],
        capture_output=True,
        text=True,
        timeout=60,
        **options,
    )


def test_the_program_leaves_without_tearing_python_down_but_loses_nothing(tmp_path):
    """`leave` ends the process at once: the console's buffer is written, the exit handlers
    run and the exit code is the command's, but module objects are not finalised one by one."""
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    run = _leaving(tmp_path, "alone", 3, env=buffered)
    assert (run.returncode, run.stdout, run.stderr) == (3, "unflushed", "")
    assert (tmp_path / "handler").read_text() == "ran"
    assert not (tmp_path / "torn_down").exists()


def test_the_program_exits_as_python_does_while_another_thread_works(tmp_path):
    run = _leaving(tmp_path, "thread", 0)
    # leave() returned: the thread finished its work and Python's exit ran as usual
    assert run.returncode == 0 and run.stdout.endswith("returned\n")
    assert (tmp_path / "thread").read_text() == "done"
    assert (tmp_path / "handler").read_text() == "ran"
    assert (tmp_path / "torn_down").read_text() == "yes"


def test_the_program_exits_as_python_does_under_a_profiler_or_debugger(tmp_path):
    run = _leaving(tmp_path, "traced", 0)
    assert run.returncode == 0 and run.stdout.endswith("returned\n")  # leave() returned


def test_odpracowanie_as_started_reports_and_exits_with_the_commands_code(make_timesheet):
    """`python -m odpracowanie` (cli.start): what it prints arrives whole, with the exit code
    of the command (1: an error found), through the quick exit."""
    path = make_timesheet([work_row(day=5, qty="osiem")])
    run = subprocess.run(
        [sys.executable, "-m", "odpracowanie", "validate", "--month", "2026-10", str(path)],
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "NUMBER_INVALID" in run.stdout.decode("utf-8") + run.stderr.decode("utf-8")


def test_odpracowanie_as_started_checks_without_loading_hypothesis(make_timesheet):
    """pandera would import hypothesis (installed with the tests' extras) at its first check;
    the program's entry keeps it out, and the check finds what it finds without it."""
    import importlib.util

    assert importlib.util.find_spec("hypothesis") is not None  # there to be kept out
    path = make_timesheet([work_row(day=5, qty="osiem")])
    code = (
        "import sys\nfrom odpracowanie import cli\n"
        "cli.leave = lambda code: print('loaded:', sys.modules.get('hypothesis') is not None,"
        " 'pandera:', 'pandera' in sys.modules, 'code:', code)\n"
        f"sys.argv = ['odpracowanie', 'validate', '--month', '2026-10', {str(path)!r}]\n"
        "try:\n    cli.start()\nexcept SystemExit:\n    pass\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    out = run.stdout.decode("utf-8") + run.stderr.decode("utf-8")
    assert "loaded: False pandera: True code: 1" in out
    assert "NUMBER_INVALID" in out


def test_an_internal_error_is_one_polish_line_not_a_traceback(monkeypatch, make_timesheet):
    import odpracowanie.batch

    def broken(*args, **kwargs):
        raise RuntimeError("symulowany błąd")

    monkeypatch.setattr(odpracowanie.batch, "run_validate", broken)
    result = CliRunner().invoke(main, ["validate", str(make_timesheet(week_rows()))])
    assert result.exit_code == 2
    assert "Błąd wewnętrzny programu (RuntimeError)" in result.stderr
    assert "Traceback" not in result.output


def test_click_usage_errors_are_polish(tmp_path):
    missing = CliRunner().invoke(main, ["reconcile", "--debts", str(tmp_path / "brak.xlsx")])
    assert missing.exit_code == 2
    assert "Błąd: Nieprawidłowa wartość '--debts': Plik" in missing.stderr
    assert "nie istnieje" in missing.stderr and "Error" not in missing.stderr
    unknown = CliRunner().invoke(main, ["frob"])
    assert "Nie ma polecenia 'frob'." in unknown.stderr
    help_text = CliRunner().invoke(main, ["validate", "--help"]).output
    assert "Użycie:" in help_text and "Pokazuje tę pomoc i kończy." in help_text


def test_annotated_copy_never_replaces_another_input(
    make_timesheet, make_program, make_debts, tmp_path
):
    """karta.xlsm's copy would be karta.xlsx — the supervisor's other file in that folder."""
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="karta.xlsx")
    make_timesheet([work_row(12, rate=30)], folder=folder, name="karta.xlsm")
    before = (folder / "karta.xlsx").read_bytes()
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--program",
            str(make_program()),
            "--debts",
            str(make_debts()),
            "--month",
            "2026-10",
            "--annotate",
            str(folder),
            str(folder),
        ],
    )
    assert result.exit_code == 2
    assert "nadpisałaby plik wejściowy" in result.output
    assert (folder / "karta.xlsx").read_bytes() == before


def test_an_issue_carries_what_its_message_is_made_of(make_timesheet, make_program, make_debts):
    # Programs (and tests) read an issue's fields, not its Polish sentence.
    path = make_timesheet([work_row(5, rate=30), *week_rows()], version=None)
    result = run_validate(
        [path], program_path=make_program(), debts_path=make_debts(), month=(2026, 10)
    )
    rate = next(i for i in result.issues if i.code == "RATE_MISMATCH")
    assert rate.fields == {
        "found": "30,00 zł",
        "expected": "31,40 zł",
        "work": "PORZ",
        "since": "01.01.2026",
    }
    assert (rate.cell, rate.account) == ("J8", "1001")
    assert "details" not in render_json(rate)  # the JSON contract is unchanged
