"""The `odpracowanie` command: parse options, call batch.py once, print, exit 0 / 1 / 2.

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands, so `--help` is
instant.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click

from odpracowanie import labels
from odpracowanie.click_pl import COMMAND_METAVAR, OPTIONS_METAVAR
from odpracowanie.click_pl import install as _polish_click
from odpracowanie.issues import tally

_polish_click()

EXIT_OK, EXIT_WITHHELD, EXIT_USAGE = 0, 1, 2


# What a console without these characters (a Windows console in cp1250 or cp852) shows
# instead; anything else it lacks becomes "?".
_PLAIN = {
    "≠": "<>",
    "≥": ">=",
    "≤": "<=",
    "≈": "~",
    "→": "->",
    "←": "<-",
    "…": "...",
    "—": "-",
    "–": "-",
    "„": '"',
    "”": '"',
    "“": '"',
    "‘": "'",
    "’": "'",
    "×": "x",
    "²": "2",
    "³": "3",
    "§": "par.",
    "·": ".",
    "\u00a0": " ",
    "\u202f": " ",
}


def _plain(error: UnicodeEncodeError) -> tuple[str, int]:
    text = error.object[error.start : error.end]
    return "".join(_PLAIN.get(ch, "?") for ch in text), error.end


def _console_safe() -> None:
    """A Windows console in cp1250/cp852 must not crash on a character it lacks, and shows
    `Stawka 30,00 zł <> stawka PGM`, not `Stawka 30,00 zł ? stawka PGM`."""
    import codecs

    codecs.register_error("odpracowanie_plain", _plain)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if reconfigure and encoding != "utf8":
            reconfigure(errors="odpracowanie_plain")


def _month(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    from odpracowanie.core.parse import parse_month_arg

    month = parse_month_arg(value)
    if month is None:
        raise click.BadParameter(labels.SAY_BAD_MONTH.format(value=value))
    return month


# The options several commands share, each with its command's own help text.
_FILE = click.Path(dir_okay=False, exists=True, path_type=Path)


def _file_option(flag: str, dest: str, command: str, *, required: bool = False):
    return click.option(
        flag, dest, required=required, type=_FILE, help=labels.OPTION_HELP[command][flag]
    )


def _month_option(command: str, *, required: bool = False):
    return click.option(
        "--month",
        callback=_month,
        metavar="RRRR-MM",
        required=required,
        help=labels.OPTION_HELP[command]["--month"],
    )


def _out_option(command: str):
    return click.option(
        "--out",
        "out_dir",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=labels.OPTION_HELP[command]["--out"],
    )


def _format_option(command: str):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=labels.OPTION_HELP[command]["--format"],
    )


def _print_issues(issues, fmt: str) -> None:
    from odpracowanie.issues import render_json, render_line

    if fmt == "json":
        click.echo(json.dumps([render_json(i) for i in issues], ensure_ascii=False, indent=1))
    else:
        for issue in issues:
            click.echo(render_line(issue))


def _fail_usage(exc) -> None:
    """Print an unusable-input error (with its issues) and exit 2."""
    from odpracowanie.issues import render_line

    for issue in exc.issues:
        click.echo(render_line(issue), err=True)
    click.echo(labels.SAY_ERROR.format(message=exc), err=True)
    sys.exit(EXIT_USAGE)


class Command(click.Command):
    """A command whose usage line is Polish (`[OPCJE]`, not `[OPTIONS]`)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        if _starting:  # options read (and any --help shown): start-up is over
            _started()
        return super().invoke(ctx)


class Group(click.Group):
    command_class = Command
    group_class = type  # `register` and `ledger` are groups of this kind too

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", COMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, *args, **kwargs):  # type: ignore[override]
        import warnings

        _console_safe()
        # Libraries warn in English of things the clerk can neither read nor act on (openpyxl
        # of the parts of a workbook it does not keep, pandas of its next versions): whatever
        # matters to the clerk is an issue or a message of the program's own.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        """A bug must not greet the clerk with a traceback: a Polish line, details in a log."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # Whoever read the output went away (`| more` closed early): the work is done,
            # only its report was cut short; no "internal error", and no second failure when
            # Python flushes stdout on the way out.
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:
            from odpracowanie.crashlog import note_crash

            log = note_crash(exc, " ".join(sys.argv[1:]))
            where = labels.SAY_INTERNAL_LOG.format(log=log) if log else ""
            click.echo(labels.SAY_INTERNAL.format(error=type(exc).__name__, where=where), err=True)
            sys.exit(EXIT_USAGE)


_starting = False  # set by `run` until a command begins


def _started() -> None:
    """The end of start-up in `run`: the tables' libraries (pandas, pandera), which every
    command reads through, are imported; the collector is told to leave what is alive now
    (modules, classes, constants) out of its rounds, and resumes for the command's own
    objects."""
    global _starting
    import odpracowanie.core.schemas  # noqa: F401

    _starting = False
    gc.freeze()
    gc.enable()


def run() -> None:
    """The program as `start` runs it: `main` without the cycle collector's start-up cost.
    Importing pandas and pandera makes some 150 000 long-lived objects, which the collector
    would walk again and again while they are made, and once more as Python exits: a fifth of
    the time a check of one timesheet takes. It is paused during start-up (`_started`) and the
    objects alive at the end are frozen, so the exit does not walk them (gc.freeze's
    documented use; a process that ends needs no collection). The tests' CliRunner calls
    `main`, with the collector as it was."""
    global _starting
    _starting = True
    gc.disable()
    try:
        main(prog_name="odpracowanie")
    finally:
        gc.freeze()


def start() -> None:
    """The program's entry (`odpracowanie`, `python -m odpracowanie`): `run`, then `leave`.

    pandera imports hypothesis, when it is installed (the tests' extras), at its first check,
    for a data synthesis the program never uses: 0,08 s of a one-timesheet check. A `None`
    in `sys.modules` makes that import fail as if it were absent (Python's import system), and
    pandera goes on without it."""
    sys.modules.setdefault("hypothesis", None)
    try:
        run()
    except SystemExit as done:
        leave(done.code)
        raise


def leave(code: object) -> None:
    """End the process once the command is over, without Python's tear-down of every module
    and object (pandas and pandera leave some 200 000: 0,02 s of a one-timesheet check, 0,005 s
    this way).

    Only when nothing is left for the tear-down to do: the exit code is a number, no other
    thread runs (a thread still working is waited for by a normal exit), no child process is
    alive and nothing traces the program (pdb, cProfile, coverage: they finish their work when
    it returns). The exit handlers run first (`atexit`: logging's flush, temporary folders'
    clean-up), and the console's buffers are flushed; files the program writes are closed
    where they are written. Otherwise it returns, and the exit is Python's own."""
    import atexit
    import contextlib
    import os
    import threading

    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's own exit step
    if not (code is None or isinstance(code, int)) or run_handlers is None:
        return
    if threading.active_count() > 1:
        return
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return  # a debugger, profiler or coverage wraps the program and reports after it
    children = sys.modules.get("multiprocessing")
    if children is not None and children.active_children():
        return
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        # a reader that went away, or no console at all (pythonw)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code or 0)


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=labels.COMMAND_HELP["main"],
)
@click.version_option(package_name="odpracowanie")
def main() -> None:
    """The `odpracowanie` command group."""


@main.command(help=labels.COMMAND_HELP["templates"])
@click.argument("out_dir", metavar="FOLDER", type=click.Path(file_okay=False, path_type=Path))
@_file_option("--program", "program_path", "templates")
@click.option("--force", is_flag=True, help=labels.OPTION_HELP["templates"]["--force"])
@_month_option("templates")
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="KOD",
    help=labels.OPTION_HELP["templates"]["--unit"],
)
def templates(
    out_dir: Path, program_path: Path | None, force: bool, month, units: tuple[str, ...]
) -> None:
    """`odpracowanie templates`: write the blank standard workbooks, or each unit's timesheet
    prepared for a month."""
    from odpracowanie.batch import UsageError, run_templates

    try:
        written = run_templates(out_dir, program_path, force, month, units)
    except UsageError as exc:
        _fail_usage(exc)
    for path in written:
        click.echo(labels.SAY_WRITTEN.format(path=path))


@main.command(help=labels.COMMAND_HELP["validate"])
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="KARTY...",
    type=click.Path(exists=False, path_type=Path),
)
@_file_option("--program", "program_path", "validate")
@_file_option("--debts", "debts_path", "validate")
@_file_option("--history", "history_path", "validate")
@_month_option("validate")
@_format_option("validate")
@click.option(
    "--annotate",
    "annotate_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=labels.OPTION_HELP["validate"]["--annotate"],
)
def validate(paths, program_path, debts_path, history_path, month, fmt, annotate_dir) -> None:
    """`odpracowanie validate`: check timesheets and print the issues."""
    from odpracowanie.batch import UsageError, run_validate

    try:
        result = run_validate(
            list(paths),
            program_path=program_path,
            debts_path=debts_path,
            history_path=history_path,
            month=month,
            annotate_dir=annotate_dir,
        )
    except UsageError as exc:
        _fail_usage(exc)
    _print_issues(result.issues, fmt)
    if fmt == "text":
        counts = tally(result.issues)
        click.echo(
            labels.SAY_CHECKED.format(
                files=len(result.files),
                rows=result.rows,
                errors=counts.errors,
                warnings=counts.warnings,
            ),
            err=True,
        )
    # What was not read is said in either format (on stderr: JSON keeps stdout).
    for line in _passed_over(result.skipped):
        click.echo(line, err=True)
    if fmt == "text":
        for path in result.annotated:
            click.echo(labels.SAY_ANNOTATED.format(path=path), err=True)
    sys.exit(result.exit_code)


@main.command(help=labels.COMMAND_HELP["reconcile"])
@click.argument("paths", nargs=-1, metavar="[KARTY]...", type=click.Path(path_type=Path))
@_file_option("--program", "program_path", "reconcile", required=True)
@_file_option("--debts", "debts_path", "reconcile", required=True)
@_month_option("reconcile", required=True)
@_out_option("reconcile")
@_file_option("--payments", "payments_path", "reconcile")
@_file_option("--history", "history_path", "reconcile")
@click.option("--dry-run", is_flag=True, help=labels.OPTION_HELP["reconcile"]["--dry-run"])
@click.option("--force", is_flag=True, help=labels.OPTION_HELP["reconcile"]["--force"])
@click.option("--pdf", is_flag=True, help=labels.OPTION_HELP["reconcile"]["--pdf"])
@click.option("--allow-gap", is_flag=True, help=labels.OPTION_HELP["reconcile"]["--allow-gap"])
def reconcile(
    paths,
    program_path,
    debts_path,
    month,
    out_dir,
    payments_path,
    history_path,
    dry_run,
    force,
    pdf,
    allow_gap,
) -> None:
    """`odpracowanie reconcile`: the monthly batch."""
    import datetime as dt

    from odpracowanie.batch import UsageError, run_reconcile

    if not paths and payments_path is None:
        raise click.UsageError(labels.SAY_NO_INPUT)

    bar = _Bar()
    try:
        result = run_reconcile(
            list(paths),
            program_path=program_path,
            debts_path=debts_path,
            month=month,
            out_dir=out_dir,
            now=dt.datetime.now(),
            payments_path=payments_path,
            history_path=history_path,
            dry_run=dry_run,
            force=force,
            allow_gap=allow_gap,
            progress=bar,
            command=sys.argv,
        )
    except UsageError as exc:
        bar.close()
        _fail_usage(exc)
    bar.close()
    if pdf and not dry_run:
        _print_pdfs(result)
    _print_reconcile(result)
    sys.exit(result.exit_code)


def _print_pdfs(result) -> None:
    """PDF copies of the cards and the summary; a missing LibreOffice is said, not fatal."""
    from odpracowanie.batch import PdfError, write_pdfs

    try:
        write_pdfs(result)
    except PdfError as exc:
        click.echo(str(exc), err=True)


@main.command(help=labels.COMMAND_HELP["correct"])
@_file_option("--program", "program_path", "correct", required=True)
@_file_option("--debts", "debts_path", "correct", required=True)
@_out_option("correct")
@click.option("--reason", required=True, help=labels.OPTION_HELP["correct"]["--reason"])
@click.option("--document", required=True, help=labels.OPTION_HELP["correct"]["--document"])
@click.option("--account", help=labels.OPTION_HELP["correct"]["--account"])
@_month_option("correct")
@click.option("--row", "row_ids", multiple=True, help=labels.OPTION_HELP["correct"]["--row"])
@click.option("--force", is_flag=True, help=labels.OPTION_HELP["correct"]["--force"])
def correct(
    program_path, debts_path, out_dir, reason, document, account, month, row_ids, force
) -> None:
    """`odpracowanie correct`: a correcting entry (storno) in the ledger."""
    import datetime as dt

    from odpracowanie.batch import UsageError, run_correct
    from odpracowanie.labels import format_money

    try:
        result = run_correct(
            program_path=program_path,
            debts_path=debts_path,
            out_dir=out_dir,
            reason=reason,
            document=document,
            today=dt.datetime.now(),
            account=account,
            month=month,
            row_ids=tuple(row_ids),
            force=force,
            command=sys.argv,
        )
    except UsageError as exc:
        _fail_usage(exc)
    done = result.correction
    click.echo(
        labels.SAY_CORRECTED.format(
            document=document,
            rows=labels.rows_text(done.rows),
            amount=format_money(done.returned),
            parts=labels.format_parts(
                {c: done.to(c) for c in labels.COMPONENT_NAMES},
                costs=any(r.costs_before or r.to_costs for r in done.reversals),
            ),
        )
    )
    click.echo(labels.SAY_OUTPUTS.format(folder=out_dir))
    for path in result.written:
        click.echo(f"  {path.name}")
    sys.exit(EXIT_OK)


@main.command("documents", help=labels.COMMAND_HELP["documents"])
@click.argument("kind", metavar="KIND", type=click.Choice(labels.DOCUMENT_KINDS))
@_file_option("--program", "program_path", "documents", required=True)
@_file_option("--debts", "debts_path", "documents")
@click.option(
    "--account", "accounts", multiple=True, help=labels.OPTION_HELP["documents"]["--account"]
)
@_month_option("documents")
@_out_option("documents")
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help=labels.OPTION_HELP["documents"]["--templates"],
)
@click.option(
    "--date", "on_date", metavar="RRRR-MM-DD", help=labels.OPTION_HELP["documents"]["--date"]
)
@click.option("--pdf", is_flag=True, help=labels.OPTION_HELP["documents"]["--pdf"])
@click.option("--force", is_flag=True, help=labels.OPTION_HELP["documents"]["--force"])
def documents(
    kind, program_path, debts_path, accounts, month, out_dir, templates, on_date, pdf, force
) -> None:
    """`odpracowanie documents KIND`: the programme's documents from Word templates."""
    from odpracowanie.batch import UsageError, run_documents

    day = _day_option(on_date)
    try:
        result = run_documents(
            kind,
            program_path=program_path,
            debts_path=debts_path,
            out_dir=out_dir,
            day=day,
            accounts=tuple(accounts),
            month=month,
            templates=templates,
            pdf=pdf,
            force=force,
        )
    except UsageError as exc:
        _fail_usage(exc)
    click.echo(labels.SAY_DOCUMENTS.format(count=len(result.written), folder=out_dir))
    for path in result.written:
        click.echo(f"  {path.name}")
    if result.pdf_problem:
        click.echo(result.pdf_problem, err=True)
    _say_notes(result.notes)
    sys.exit(EXIT_OK)


@main.command("report", help=labels.COMMAND_HELP["report"])
@click.option("--year", required=True, type=int, help=labels.OPTION_HELP["report"]["--year"])
@_file_option("--program", "program_path", "report", required=True)
@_file_option("--debts", "debts_path", "report", required=True)
@_out_option("report")
@click.option(
    "--archive",
    "archives",
    multiple=True,
    type=_FILE,
    help=labels.OPTION_HELP["report"]["--archive"],
)
@click.option(
    "--date", "on_date", metavar="RRRR-MM-DD", help=labels.OPTION_HELP["report"]["--date"]
)
@click.option("--force", is_flag=True, help=labels.OPTION_HELP["report"]["--force"])
def report(year, program_path, debts_path, out_dir, archives, on_date, force) -> None:
    """`odpracowanie report --year`: the yearly report."""
    from odpracowanie.batch import UsageError, run_report

    day = _day_option(on_date)
    try:
        result = run_report(
            year=year,
            program_path=program_path,
            debts_path=debts_path,
            out_dir=out_dir,
            day=day,
            archives=tuple(archives),
            force=force,
        )
    except UsageError as exc:
        _fail_usage(exc)
    click.echo(
        labels.SAY_REPORT.format(
            year=year,
            amount=labels.format_money(result.report.totals["credited"]),
            months=len(result.report.months),
            path=result.path,
        )
    )
    for file, month, what in result.archives:
        click.echo(labels.SAY_REPORT_ARCHIVE.format(file=file, month=month or "—", what=what))
    sys.exit(EXIT_OK)


@main.command(help=labels.COMMAND_HELP["approve"])
@_file_option("--program", "program_path", "approve", required=True)
@_file_option("--debts", "debts_path", "approve", required=True)
@_month_option("approve", required=True)
@click.option("--decision", required=True, help=labels.OPTION_HELP["approve"]["--decision"])
@click.option(
    "--date",
    "day",
    metavar="RRRR-MM-DD",
    required=True,
    help=labels.OPTION_HELP["approve"]["--date"],
)
@_out_option("approve")
@click.option("--reject", "rejected", multiple=True, help=labels.OPTION_HELP["approve"]["--reject"])
@click.option("--force", is_flag=True, help=labels.OPTION_HELP["approve"]["--force"])
def approve(program_path, debts_path, month, decision, day, out_dir, rejected, force) -> None:
    """`odpracowanie approve`: the Mayor's decision on a month's credits."""
    import datetime as dt

    from odpracowanie.batch import UsageError, run_approve
    from odpracowanie.labels import format_money, format_month

    decided = _day_option(day)  # required: never today by default
    try:
        approval, written = run_approve(
            program_path=program_path,
            debts_path=debts_path,
            out_dir=out_dir,
            month=month,
            decision=decision,
            day=decided,
            today=dt.datetime.now(),
            rejected=tuple(rejected),
            force=force,
            command=sys.argv,
        )
    except UsageError as exc:
        _fail_usage(exc)
    click.echo(
        labels.SAY_APPROVED.format(
            month=format_month(month),
            approved=len(approval.approved),
            rejected=len(approval.rejected),
            amount=format_money(approval.correction.returned),
        )
    )
    click.echo(labels.SAY_OUTPUTS.format(folder=out_dir))
    for path in written:
        click.echo(f"  {path.name}")
    sys.exit(EXIT_OK)


@main.group(help=labels.COMMAND_HELP["ledger"])
def ledger() -> None:
    """`odpracowanie ledger`: the ledger of record."""


@ledger.command("check", help=labels.COMMAND_HELP["ledger_check"])
@click.argument("ledger_path", metavar="SALDO", type=_FILE)
@click.option(
    "--archive",
    "archives",
    multiple=True,
    type=_FILE,
    help=labels.OPTION_HELP["ledger_check"]["--archive"],
)
@_format_option("ledger_check")
def ledger_check(ledger_path, archives, fmt) -> None:
    """`odpracowanie ledger check`: verify a ledger (and archives)."""
    from odpracowanie.batch import UsageError, run_ledger_check
    from odpracowanie.issues import has_errors

    try:
        debts, issues = run_ledger_check(ledger_path, list(archives))
    except UsageError as exc:
        _fail_usage(exc)
    _print_issues(issues, fmt)
    if fmt == "text":
        # a warning (an archive that holds no copy of this ledger) is said above, not counted
        errors = sum(1 for i in issues if i.is_error)
        if errors:
            click.echo(labels.SAY_LEDGER_BAD.format(file=ledger_path.name, count=errors), err=True)
        else:
            click.echo(
                labels.SAY_LEDGER_OK.format(
                    file=ledger_path.name,
                    lines=labels.rows_text(len(debts.settlements)),
                    rows=labels.rows_text(len(debts.work_history)),
                ),
                err=True,
            )
    sys.exit(EXIT_WITHHELD if has_errors(issues) else EXIT_OK)


@main.group(help=labels.COMMAND_HELP["register"])
def register() -> None:
    """`odpracowanie register`: the register of participants."""


@register.command("check", help=labels.COMMAND_HELP["register_check"])
@_file_option("--program", "program_path", "register_check", required=True)
@_file_option("--debts", "debts_path", "register_check")
@click.option(
    "--date", "on_date", metavar="RRRR-MM-DD", help=labels.OPTION_HELP["register_check"]["--date"]
)
@_format_option("register_check")
def register_check(program_path, debts_path, on_date, fmt) -> None:
    """`odpracowanie register check`: the register's health."""

    from odpracowanie.batch import UsageError, run_register_check
    from odpracowanie.issues import has_errors

    today = _day_option(on_date)
    try:
        issues = run_register_check(program_path, debts_path, today)
    except UsageError as exc:
        _fail_usage(exc)
    _print_issues(issues, fmt)
    if fmt == "text":
        counts = tally(issues)
        click.echo(
            labels.SAY_REGISTER.format(
                day=labels.format_date(today), errors=counts.errors, warnings=counts.warnings
            ),
            err=True,
        )
    sys.exit(EXIT_WITHHELD if has_errors(issues) else EXIT_OK)


def _day_option(on_date: str | None):
    """`--date RRRR-MM-DD`, today when not given."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(on_date) if on_date else dt.date.today()
    except ValueError:
        raise click.BadParameter(
            labels.SAY_BAD_DATE.format(value=on_date), param_hint="--date"
        ) from None


@register.command("queue", help=labels.COMMAND_HELP["register_queue"])
@_file_option("--program", "program_path", "register_queue", required=True)
@click.option(
    "--date", "on_date", metavar="RRRR-MM-DD", help=labels.OPTION_HELP["register_queue"]["--date"]
)
@_format_option("register_queue")
def register_queue(program_path, on_date, fmt) -> None:
    """`odpracowanie register queue`: the work-offer queue (§5.11)."""
    from odpracowanie.batch import UsageError, run_register_queue
    from odpracowanie.labels import format_date

    day = _day_option(on_date)
    try:
        queue, notes = run_register_queue(program_path, day)
    except UsageError as exc:
        _fail_usage(exc)
    _say_notes(notes)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "position": e.position,
                        "application": e.application,
                        "date": e.date.isoformat() if e.date else None,
                        "account": e.account,
                        "name": e.name,
                        "status": e.status,
                        "refusals": e.refusals,
                        "at_limit": e.at_limit,
                    }
                    for e in queue
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    heads = labels.QUEUE_HEADS
    click.echo(
        f"{heads[0]:>4}  {heads[1]:<12} {heads[2]:<10}  {heads[3]:<10} "
        f"{heads[4]:<28} {heads[5]:<16} {heads[6]}"
    )
    for e in queue:
        day = format_date(e.date) if e.date else ""
        click.echo(
            f"{e.position:>4}  {e.application:<12} {day:<10}  {e.account:<10} "
            f"{e.name:<28} {e.status:<16} {e.refusals}"
            + (labels.SAY_QUEUE_AT_LIMIT if e.at_limit else "")
        )
    offered = [e for e in queue if not e.at_limit]  # at the limit: to be struck off (§5.13)
    click.echo(
        labels.SAY_QUEUE_NEXT.format(name=offered[0].name, account=offered[0].account)
        if offered
        else labels.SAY_QUEUE_EMPTY
    )


def _say_notes(notes) -> None:
    """Errors in the programme's log that left rows out: on the error stream, beside what was
    made, with their cells."""
    for issue in notes:
        place = "!".join(p for p in (issue.file, issue.sheet, issue.cell) if p)
        click.echo(labels.SAY_PROGRAM_NOTE.format(message=f"{place}: {issue.message}"), err=True)


@main.command("serve", help=labels.COMMAND_HELP["serve"])
@click.option("--port", type=int, default=8765, help=labels.OPTION_HELP["serve"]["--port"])
@click.option("--no-browser", is_flag=True, help=labels.OPTION_HELP["serve"]["--no-browser"])
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=labels.OPTION_HELP["serve"]["--data"],
)
def serve(port, no_browser, data_dir) -> None:
    """`odpracowanie serve`: the clerk's desk, a local web page (SPEC §10)."""
    import secrets
    import shutil
    import webbrowser

    from odpracowanie.web.app import create_app, make_server, write_opener

    data = data_dir or Path.home() / labels.WEB_DATA_FOLDER
    token = secrets.token_urlsafe(24)
    app = create_app(data, token)
    server = make_server(app, port)
    url = f"http://127.0.0.1:{server.server_port}/?token={token}"
    click.echo(labels.SAY_SERVE.format(url=url, data=data))
    opener = None
    if not no_browser:  # on a file that redirects, never on the token's URL (SPEC §10)
        opener = write_opener(url)
        webbrowser.open(opener.as_uri())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if opener is not None:
            shutil.rmtree(opener.parent, ignore_errors=True)
    sys.exit(EXIT_OK)


@main.command("send", help=labels.COMMAND_HELP["send_command"])
@click.argument(
    "folder",
    metavar="FOLDER",
    required=False,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
)
@click.option("--to", "to", help=labels.OPTION_HELP["send_command"]["--to"])
@click.option("--from", "sender", help=labels.OPTION_HELP["send_command"]["--from"])
@click.option("--smtp-host", help=labels.OPTION_HELP["send_command"]["--smtp-host"])
@click.option(
    "--smtp-port",
    type=int,
    default=25,
    show_default=True,
    help=labels.OPTION_HELP["send_command"]["--smtp-port"],
)
@click.option("--starttls", is_flag=True, help=labels.OPTION_HELP["send_command"]["--starttls"])
@click.option("--user", help=labels.OPTION_HELP["send_command"]["--user"])
@click.option(
    "--password-protect",
    is_flag=True,
    help=labels.OPTION_HELP["send_command"]["--password-protect"],
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help=labels.OPTION_HELP["send_command"]["--templates"],
)
@_month_option("send_command")
@_file_option("--program", "program_path", "send_command")
def send_command(
    folder,
    to,
    sender,
    smtp_host,
    smtp_port,
    starttls,
    user,
    password_protect,
    templates_dir,
    month,
    program_path,
) -> None:
    """`odpracowanie send`: e-mail the month's results, or each unit's prepared timesheet."""
    import os

    from odpracowanie import mail
    from odpracowanie.batch import UsageError

    if templates_dir is not None:
        if folder is not None or to is not None or month is None or program_path is None:
            _fail_usage(UsageError(labels.STOP_SEND_WHAT))
    elif folder is None or to is None:
        _fail_usage(UsageError(labels.STOP_SEND_WHAT))

    password = None
    if password_protect and templates_dir is None:  # prepared sheets go unprotected
        password = os.environ.get("ODPRACOWANIE_XLSX_PASSWORD")
        if not password:
            click.echo(labels.SAY_ERROR.format(message=labels.SAY_NO_XLSX_PASSWORD), err=True)
            sys.exit(EXIT_USAGE)
    from odpracowanie.batch import run_send, run_send_templates

    server = {
        "sender": sender,
        "smtp_host": smtp_host,
        "smtp_port": smtp_port,
        "starttls": starttls,
        "user": user,
        "smtp_password": os.environ.get("ODPRACOWANIE_SMTP_PASSWORD"),
    }
    try:
        if templates_dir is not None:
            result = run_send_templates(templates_dir, program_path, month, **server)
        else:
            result = run_send(folder, to, xlsx_password=password, **server)
    except UsageError as exc:
        _fail_usage(exc)
    except mail.SendError as exc:
        click.echo(labels.SAY_ERROR.format(message=exc), err=True)
        sys.exit(EXIT_USAGE)
    _say_sent(result, templates_dir or folder, smtp_host)


def _say_sent(result, folder: Path, smtp_host: str | None) -> None:
    """What `send` wrote or sent, and what could not go; the exit code says which."""
    if smtp_host is None:
        drafts = folder / labels.DRAFTS_FOLDER
        click.echo(labels.SAY_DRAFTS.format(count=len(result.drafts), folder=drafts))
        for path in result.drafts:
            click.echo(f"  {path.name}")
        if result.replaced is not None:
            click.echo(labels.SAY_DRAFTS_REPLACED.format(folder=result.replaced))
    for name in result.sent:
        click.echo(labels.SAY_SENT.format(name=name))
    for name, reason in result.failed:
        click.echo(labels.SAY_NOT_SENT.format(name=name, reason=reason), err=True)
    for note in result.skipped:
        click.echo(labels.SAY_SKIPPED.format(note=note), err=True)
    sys.exit(EXIT_WITHHELD if result.failed or result.skipped else EXIT_OK)


class _Bar:
    """The batch's progress (batch.Progress reports) as a bar on a terminal: reading,
    checking and writing; nothing when the output goes to a file or a pipe."""

    def __init__(self) -> None:
        self.bar = None
        self.shown = 0
        self.ended = False

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.ended or not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label=labels.SAY_WORKING,
                file=sys.stderr,
                show_pos=False,
                item_show_func=lambda item: item,
            )
            self.bar.__enter__()
        self.bar.update(done - self.shown, label)
        self.shown = done
        if done >= total:
            self.close()

    def close(self) -> None:
        self.ended = True
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _passed_over(skipped) -> list[str]:
    """What was in the folders given but not read, and why (lock files, earlier outputs)."""
    if not skipped:
        return []
    return [
        labels.SAY_PASSED_OVER.format(count=len(skipped)),
        *(labels.SAY_PASSED_OVER_ONE.format(path=path, reason=reason) for path, reason in skipped),
    ]


def _print_reconcile(result) -> None:
    from odpracowanie.labels import format_money, format_month

    s = result.settlement
    counts = tally(result.issues, result.files)
    errors, warnings, unreadable = counts.errors, counts.warnings, counts.unreadable
    parts = {c: s.total_to(c) for c in labels.COMPONENT_NAMES}
    lines = [
        labels.SAY_RUN.format(month=format_month(result.month))
        + (labels.SAY_LATE.format(latest=format_month(s.latest)) if s.late else "")
        + (labels.SAY_DRY_RUN if result.dry_run else ""),
        labels.SAY_FILES.format(files=len(result.files), unreadable=unreadable, rows=result.rows)
        + (
            labels.SAY_TRANSFERS.format(count=len(s.credited_payments))
            if s.credited_payments is not None
            else ""
        ),
        labels.SAY_DEBTORS.format(credited=s.credited_count, withheld=s.withheld_count),
        labels.SAY_CREDITED.format(
            total=format_money(sum(parts.values())),
            parts=labels.format_parts(parts, costs=s.has_costs),
        ),
        labels.SAY_ISSUES.format(errors=errors, warnings=warnings),
    ]
    if result.pending:
        lines.append(
            labels.SAY_PENDING.format(
                total=format_money(sum(p.total for p in result.pending)),
                accounts=labels.plural(
                    len({p.account for p in result.pending}), *labels.ACCOUNT_FORMS
                ),
            )
        )
    lines += _passed_over(result.skipped)
    # another branch of the chain beside this one: only one of them should go to finance
    lines += [i.message for i in result.issues if i.code == "LEDGER_BRANCH"]
    if s.withheld_count:
        held = ", ".join(f"{d.account} ({', '.join(d.reasons)})" for d in s.debtors if d.withheld)
        lines.append(labels.SAY_WITHHELD.format(debtors=held))
    if result.written:
        lines.append(labels.SAY_OUTPUTS.format(folder=result.out_dir))
        lines += [f"  {p.relative_to(result.out_dir)}" for p in result.written]
        if result.replaced is not None:
            lines.append(labels.SAY_REPLACED.format(folder=result.replaced))
        if s.late and result.balances is not None:
            lines.append(labels.SAY_LATE_LEDGER.format(file=result.balances.name))
    for line in lines:
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
