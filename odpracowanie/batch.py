"""The runs behind the commands: the only module that calls readers, the core and writers."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from odpracowanie import labels
from odpracowanie.core.model import Debts, Month, Program, Timesheet, month_text
from odpracowanie.issues import Issue, Who, has_errors, make_issue, tally, who_fixes


class UsageError(Exception):
    """Bad usage or an unusable programme / debt workbook: exit 2, nothing written."""

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


@dataclass
class ValidateResult:
    issues: list[Issue]
    files: list[str]
    rows: int
    annotated: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, Polish reason)

    @property
    def exit_code(self) -> int:
        return 1 if has_errors(self.issues) else 0


def load_program(path: Path) -> tuple[Program, list[Issue], frozenset[str]]:
    from odpracowanie.readers.program import read_program

    result = read_program(path)
    if result.program is None:
        raise UsageError(labels.STOP_PROGRAM.format(path=path), result.issues)
    return result.program, result.issues, result.broken_accounts


def load_debts(
    path: Path,
    program: Program | None = None,
    history: Path | None = None,
    *,
    crediting: bool = True,
) -> tuple[Debts, list[Issue]]:
    """The debt workbook or the finance system's export (with the programme's own names of
    its columns, when given); with `history`, the balances of `path` and the history of last
    month's ledger, less the credits the balances do not hold yet (CREDIT_NOT_BOOKED; they
    stay awaiting booking).
    `crediting`: the balances are to be credited (validate, reconcile), so an export without
    `history` is HISTORY_MISSING; the register's check needs no history."""
    from odpracowanie.readers.debts import read_debts

    result = read_debts(path, aliases=program.finance_heads if program is not None else None)
    _return_freed_memory()
    if result.debts is None:
        raise UsageError(labels.STOP_DEBTS.format(path=path), result.issues)
    from odpracowanie.core.rules.booked import check_booked, check_history
    from odpracowanie.readers.finance import is_csv

    if history is None:
        if crediting and is_csv(path):
            return result.debts, result.issues + check_history(result.debts)
        return result.debts, result.issues
    from dataclasses import replace

    balances = result.debts
    if not (balances.work_history.empty and balances.settlements.empty):
        raise UsageError(labels.STOP_HISTORY_TWICE.format(path=path))
    ledger = read_debts(history)
    _return_freed_memory()
    if ledger.debts is None:
        raise UsageError(labels.STOP_HISTORY.format(path=history), ledger.issues)
    booking = check_booked(balances, ledger.debts)
    debts = replace(
        balances,
        accounts=booking.accounts,
        work_history=ledger.debts.work_history,
        settlements=ledger.debts.settlements,
        payment_history=ledger.debts.payment_history,
        last_month=ledger.debts.last_month,
        ledger_file=ledger.debts.file,
        ledger_sha256=ledger.debts.sha256,
        ledger_id=ledger.debts.ledger_id,
        ledger_number=ledger.debts.ledger_number,
        ledger_chain=ledger.debts.ledger_chain,
        pending=booking.pending,
        booked=booking.booked,
    )
    return debts, result.issues + ledger.issues + booking.issues


def _return_freed_memory() -> None:
    """Give the heap that reading a year's ledger used and freed back to the system: glibc
    keeps it otherwise, and the month's work would start 100 MB higher (Linux only; Windows'
    heap returns large blocks by itself)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl): nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _require(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise UsageError(labels.STOP_NO_PATH.format(path=path))


class Progress:
    """The batch's steps as they are done, for a progress bar: `report(done, total, label)`
    is called after each (the CLI shows a bar on a terminal; nothing calls it otherwise).

    A big month spends as long checking and writing as reading, so those steps weigh in
    proportion to the number of files, not one unit each."""

    def __init__(self, report=None) -> None:
        self.report = report
        self.total = 0
        self.done = 0

    def plan(self, files: int) -> None:
        self.weight = max(1, files // 2)
        # reading: one per file; checking and settling; the outputs, the copies, the archive
        self.total = files + self.weight * 2 + self.weight * 3

    def step(self, label: str, weight: int = 1) -> None:
        self.done = min(self.total, self.done + weight)
        if self.report is not None:
            self.report(self.done, self.total, label)


MAIL_STAGING_PREFIX = "odpracowanie-poczta-"


@contextlib.contextmanager
def messages_opened(scan, names: list[str]):
    """E-mails among the timesheets opened (SPEC §11): in `scan.files`, each message is
    replaced by its spreadsheets, staged in a folder of the run's own (never beside the
    inputs) that is removed when the run ends; yields the names shown for the files."""
    import shutil
    import tempfile

    from odpracowanie.readers.messages import is_message, open_messages

    if not any(is_message(path) for path in scan.files):
        yield names
        return
    staging = Path(tempfile.mkdtemp(prefix=MAIL_STAGING_PREFIX))
    try:
        scan.files, names, scan.messages = open_messages(scan.files, names, staging)
        yield names
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def message_issues(scan) -> list[Issue]:
    """The issues of the run's e-mails themselves (MAIL_NO_TIMESHEET, FILE_UNREADABLE)."""
    return [issue for message in scan.messages for issue in message.issues]


def read_sheets(files: list[Path], names: list[str], progress: Progress | None = None, jobs=None):
    """Every timesheet given: the readable ones, name -> path, and the readers' issues.

    `jobs`, when given, are the files' readings already submitted to child processes, in the
    same order; their results are collected here.
    """
    from odpracowanie.readers.timesheet import read_timesheet

    sheets, issues = [], []
    by_name: dict[str, Path] = {}
    items = list(zip(files, names, jobs or [None] * len(files), strict=True))
    for path, name, job in items:
        by_name[name] = path
        parts, read_issues = job.result() if job else read_timesheet(path, name)
        issues += read_issues
        sheets += parts
        if progress is not None:
            progress.step(labels.STEP_READ.format(file=name))
    return sheets, by_name, issues


def set_aside_other_workbooks(scan, names: list[str], sheets: list, issues: list):
    """A programme or debt workbook among the timesheets (a copy of `program.xlsx` left in the
    folder) has no timesheet table: it is passed over and listed like the run's own inputs,
    not reported as a broken timesheet. Returns the names, sheets and issues without it."""
    from odpracowanie.readers.workbook import TIMESHEET_LIMITS, UnreadableFile, open_workbook

    headless = {i.file for i in issues if i.code == "HEADER_MISSING"}
    staged = {a.path for message in scan.messages for a in message.attachments}
    aside: set[str] = set()
    for path, name in zip(list(scan.files), names, strict=True):
        if name not in headless:
            continue
        try:
            found = {labels.fold(n) for n in open_workbook(path, TIMESHEET_LIMITS).sheet_names}
        except UnreadableFile:
            continue
        if {labels.fold(labels.SHEET_PARAMS), labels.fold(labels.SHEET_RATES)} <= found:
            reason = labels.SKIP_PROGRAM_FILE
        elif labels.fold(labels.SHEET_DEBTS) in found:
            reason = labels.SKIP_DEBTS_FILE
        else:
            continue
        aside.add(name)
        # an attachment is listed by its name in the message, not by its staged copy's path
        scan.skipped.append((Path(name) if path in staged else path, reason))
    if not aside:
        return names, sheets, issues
    kept = [(p, n) for p, n in zip(scan.files, names, strict=True) if n not in aside]
    scan.files = [p for p, _ in kept]
    return (
        [n for _, n in kept],
        [s for s in sheets if s.file not in aside],
        [i for i in issues if i.file not in aside],
    )


def validate_isolating(sheets: list, names: list[str], **context):
    """`validate_month` over the batch; should it fail (a bug that some file's cells bring
    out), each file is checked alone to find the ones it fails on: those get their one
    FILE_UNREADABLE naming the fault, and the month is checked without them. Returns the
    validation, those issues and the sheets kept."""
    from odpracowanie.core.validation import validate_month

    try:
        return validate_month(sheets, **context), [], sheets
    except Exception as batch_error:
        from odpracowanie.crashlog import note_crash
        from odpracowanie.issues import Say, make_issue

        failing: dict[str, Exception] = {}
        for name in names:
            mine = [s for s in sheets if s.file == name]
            if not mine:
                continue
            try:
                validate_month(mine, **context)
            except Exception as exc:
                failing[name] = exc
        if not failing:
            raise batch_error from None
        issues = []
        for name, exc in failing.items():
            log = note_crash(exc, name)
            issues.append(
                make_issue(
                    "FILE_UNREADABLE",
                    file=name,
                    reason=Say.INTERNAL.format(error=type(exc).__name__, log=log or "-"),
                )
            )
        kept = [s for s in sheets if s.file not in failing]
        return validate_month(kept, **context), issues, kept


def run_validate(
    paths: list[Path],
    *,
    program_path: Path | None = None,
    debts_path: Path | None = None,
    history_path: Path | None = None,
    month: Month | None = None,
    annotate_dir: Path | None = None,
) -> ValidateResult:
    """`odpracowanie validate`: read, check, optionally write annotated copies."""
    from odpracowanie.readers.scan import display_names, expand_paths

    _require(paths)
    program = debts = None
    issues: list[Issue] = []
    broken: frozenset[str] = frozenset()
    if program_path is not None:
        program, program_issues, broken = load_program(program_path)
        issues += program_issues
    if history_path is not None and debts_path is None:
        raise UsageError(labels.STOP_HISTORY_ALONE)
    if debts_path is not None:
        debts, debt_issues = load_debts(debts_path, program, history_path)
        issues += debt_issues
    inputs = (program_path, debts_path, history_path)
    scan = expand_paths(paths, [p for p in inputs if p is not None])
    with messages_opened(scan, display_names(scan.files)) as names:
        return _validate(
            scan,
            names,
            issues,
            program,
            debts,
            program_path,
            debts_path,
            broken,
            month,
            annotate_dir,
        )


def _validate(
    scan, names, issues, program, debts, program_path, debts_path, broken, month, annotate_dir
) -> ValidateResult:
    """`run_validate` once the files to read are known (e-mails opened)."""
    sheets, by_name, read_issues = read_sheets(scan.files, names)
    names, sheets, read_issues = set_aside_other_workbooks(scan, names, sheets, read_issues)
    issues += read_issues + message_issues(scan)
    validation, failed, sheets = validate_isolating(
        sheets, names, program=program, debts=debts, month=month, broken_accounts=broken
    )
    issues += failed
    from odpracowanie.core.validation import sort_issues

    issues = sort_issues(issues + validation.issues, names)
    result = ValidateResult(
        issues=issues, files=names, rows=len(validation.work), skipped=scan.skipped
    )
    if annotate_dir is not None:
        from odpracowanie.writers.annotate import SameFolderError, write_annotated

        read = {s.file for s in sheets}  # a file with no table gets no copy, only its issue
        try:
            written = write_annotated(
                issues,
                {n: p for n, p in by_name.items() if n in read},
                annotate_dir,
                inputs=[*by_name.values(), *(p for p in (program_path, debts_path) if p)],
            ).written
        except SameFolderError as exc:
            raise UsageError(labels.SAY_ANNOTATE_OVER_INPUT.format(path=exc)) from None
        result.annotated = list(written.values())
    return result


class PdfError(Exception):
    """PDF copies could not be made (no LibreOffice, or it failed): said, never fatal."""


def write_pdfs(result: ReconcileResult) -> None:
    """PDF copies of a month's debtor cards and summary beside them (`--pdf`), added to
    `result.written` and to the run's manifest."""
    import subprocess

    from odpracowanie.runfolder import ROLE_PDF, add_to_manifest
    from odpracowanie.writers.outputs import output_names
    from odpracowanie.writers.pdf import NoLibreOffice, to_pdf

    names = output_names(result.month)
    books = [result.out_dir / names["cards"], result.out_dir / names["summary"]]
    try:
        made = to_pdf(books, result.out_dir)
        add_to_manifest(result.out_dir, ROLE_PDF, made)
        result.written += made
    except NoLibreOffice:
        raise PdfError(labels.SAY_NO_LIBREOFFICE) from None
    except (subprocess.SubprocessError, OSError) as exc:
        raise PdfError(labels.SAY_PDF_FAILED.format(error=type(exc).__name__)) from None


def run_templates(
    out_dir: Path,
    program_path: Path | None,
    force: bool,
    month: Month | None = None,
    units: tuple[str, ...] = (),
) -> list[Path]:
    """`odpracowanie templates`: the blank standard workbooks (with the office's programme's
    rates and units when given); never over the programme itself, nor over earlier ones
    without `force`. With `month`: each unit's prepared timesheet instead (SPEC §11)."""
    from odpracowanie.writers.templates import TEMPLATE_NAMES, write_templates

    if month is not None:
        return _prepared_templates(out_dir, program_path, force, month, units)
    targets = [out_dir / name for name in TEMPLATE_NAMES]
    if program_path is not None and program_path.resolve() in {t.resolve() for t in targets}:
        raise UsageError(labels.SAY_TEMPLATE_OVER_PROGRAM.format(path=program_path))
    existing = [t.name for t in targets if t.exists()]
    if existing and not force:
        raise UsageError(
            labels.SAY_TEMPLATES_EXIST.format(folder=out_dir, files=", ".join(existing))
        )
    program = load_program(program_path)[0] if program_path is not None else None
    return write_templates(out_dir, program)


def _prepared_templates(
    out_dir: Path, program_path: Path | None, force: bool, month: Month, units: tuple[str, ...]
) -> list[Path]:
    """Each unit's timesheet prepared for `month`: refused without a programme, for a unit
    `Jednostki` does not hold, when no unit has anyone referred, and over earlier files
    without `force`."""
    from odpracowanie.core.prepared import UnknownUnit, prepared_units
    from odpracowanie.writers.templates import prepared_name, write_prepared

    if program_path is None:
        raise UsageError(labels.STOP_PREPARED_NEEDS_PROGRAM)
    program = load_program(program_path)[0]
    try:
        prepared = prepared_units(program, month, units)
    except UnknownUnit as exc:
        raise UsageError(
            labels.STOP_UNKNOWN_UNIT.format(unit=exc.args[0], file=program_path.name)
        ) from exc
    if not prepared:
        raise UsageError(
            labels.STOP_NO_UNITS.format(month=labels.format_month(month), file=program_path.name)
        )
    taken: dict[str, str] = {}
    for one in prepared:
        file = prepared_name(one).casefold()
        if file in taken:
            raise UsageError(
                labels.STOP_PREPARED_SAME_NAME.format(
                    first=taken[file], second=one.unit.code, file=prepared_name(one)
                )
            )
        taken[file] = one.unit.code
    existing = [prepared_name(p) for p in prepared if (out_dir / prepared_name(p)).exists()]
    if existing and not force:
        raise UsageError(
            labels.SAY_TEMPLATES_EXIST.format(folder=out_dir, files=", ".join(existing))
        )
    return write_prepared(out_dir, program, prepared)


@dataclass
class ReconcileResult:
    month: Month
    issues: list[Issue]
    settlement: object  # core.settlement.Settlement
    files: list[str]
    rows: int
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, Polish reason)
    balances: Path | None = None  # the new ledger (next month's --debts), once written
    units: dict[str, str] = field(default_factory=dict)  # timesheet file -> its unit's code
    pending: tuple = ()  # credits awaiting booking in the finance system (Do zaksięgowania)
    replaced: Path | None = None  # where an earlier run's outputs were moved (`--force`)

    @property
    def exit_code(self) -> int:
        withheld = any(d.withheld for d in self.settlement.debtors)  # type: ignore[attr-defined]
        return 1 if withheld or has_errors(self.issues) else 0


def run_reconcile(
    paths: list[Path],
    *,
    program_path: Path,
    debts_path: Path,
    month: Month,
    out_dir: Path,
    now,
    payments_path: Path | None = None,
    history_path: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    allow_gap: bool = False,
    progress=None,
    command: list[str] | None = None,
    beside: tuple[Path, ...] = (),
) -> ReconcileResult:
    """`odpracowanie reconcile`: the month's batch, from timesheets to the four workbooks.
    `beside`: result folders of other runs, besides those next to `out_dir`, whose ledgers
    may be other branches of this one's chain (the web page's other months)."""
    from odpracowanie.readers.scan import display_names, expand_paths

    _require(paths)
    _guard_out_folder(paths, out_dir)
    inputs = (program_path, debts_path, payments_path, history_path)
    scan = expand_paths(paths, [p for p in inputs if p])
    with messages_opened(scan, display_names(scan.files)) as display:
        return _reconcile_read(
            scan,
            display,
            program_path=program_path,
            debts_path=debts_path,
            month=month,
            out_dir=out_dir,
            now=now,
            payments_path=payments_path,
            history_path=history_path,
            dry_run=dry_run,
            force=force,
            allow_gap=allow_gap,
            progress=progress,
            command=command,
            beside=beside,
        )


def _reconcile_read(scan, display, **options) -> ReconcileResult:
    """A big month's timesheets read in child processes while this one reads the programme
    and the debts; a small month's one after another, in `_reconcile`."""
    from odpracowanie.parallel import PARALLEL_MIN_FILES, background
    from odpracowanie.readers.timesheet import read_timesheet

    files = scan.files
    with background() as side:
        # A big month's timesheets are read in child processes while this one reads the
        # programme and the debts; a small month's are read one after another, below.
        jobs = (
            [
                side.submit(read_timesheet, path, name, big=True)
                for path, name in zip(files, display, strict=True)
            ]
            if len(files) >= PARALLEL_MIN_FILES
            else None
        )
        return _reconcile(side, jobs, scan, display, **options)


def _reconcile(
    side,
    jobs,
    scan,
    display,
    *,
    program_path: Path,
    debts_path: Path,
    month: Month,
    out_dir: Path,
    now,
    payments_path: Path | None,
    history_path: Path | None,
    dry_run: bool,
    force: bool,
    allow_gap: bool,
    progress,
    command,
    beside: tuple[Path, ...] = (),
) -> ReconcileResult:
    import shutil
    import tempfile

    from odpracowanie.core import postings
    from odpracowanie.core.rules.booked import track, waiting
    from odpracowanie.core.settlement import settle_month
    from odpracowanie.core.validation import sort_issues
    from odpracowanie.runfolder import ROLE_ARCHIVE, Run
    from odpracowanie.writers.atomic import STAGING_PREFIX, recover

    files = scan.files
    messages = [m.path for m in scan.messages]
    program, issues, broken = load_program(program_path)
    debts, debt_issues = load_debts(debts_path, program, history_path)
    issues = issues + debt_issues
    newest = _guard_ledger(program, debts, debts_path, month, allow_gap)
    # Late timesheets credited on the latest ledger: the new ledger is still that month's
    # and its name says so, after the one it was computed from (SPEC §2.2, §7).
    ledger_month = max(month, newest) if newest else month
    lineage = _next_lineage(debts, newest, ledger_month, now, command, out_dir, beside)
    issues += [
        make_issue(
            "LEDGER_BRANCH",
            file=Path(debts.ledger).name,
            source=Path(debts.ledger).name,
            month=labels.format_month(ledger_month),
            folder=folder,
            posting=posting,
            number=lineage.posting,
        )
        for folder, posting in lineage.branches
    ]

    inputs = [
        *(p for p in (program_path, debts_path, payments_path, history_path) if p),
        *files,
        *messages,
    ]
    names, targets = _output_targets(month, lineage, out_dir, inputs)
    if not dry_run:
        recover(out_dir)  # what an interrupted earlier run may have left
        _prepare_out(out_dir, force, inputs)
    fix_dir = out_dir / labels.FOLDER_TO_FIX

    steps = Progress(progress)
    steps.plan(len(files))
    sheets, by_name, read_issues = read_sheets(files, display, steps, jobs)
    display, sheets, read_issues = set_aside_other_workbooks(scan, display, sheets, read_issues)
    files = scan.files
    issues += read_issues + message_issues(scan)
    _guard_timesheet_month(sheets, month)
    validation, failed, sheets = validate_isolating(
        sheets, display, program=program, debts=debts, month=month, broken_accounts=broken
    )
    issues += failed
    steps.step(labels.STEP_CHECKED, steps.weight)
    units: dict[str, str] = {}
    for sheet in sheets:
        units.setdefault(sheet.file, sheet.header.unit)
    payments, payment_issues = _transfers(payments_path, debts, program, month)
    issues += payment_issues
    settlement = settle_month(
        validation, debts, program, month, units, issues, payments, posting=lineage.posting
    )
    order = postings.of_settlement(settlement, lineage.posting, now.date())
    pending = track(debts.pending, order if order.lines else None, lineage.month)
    issues = sort_issues(issues + validation.issues + settlement.issues, display)
    steps.step(labels.STEP_SETTLED, steps.weight)
    result = ReconcileResult(
        month,
        issues,
        settlement,
        display,
        len(validation.work),
        out_dir,
        dry_run=dry_run,
        skipped=scan.skipped,
        units=units,
        pending=waiting(pending),
    )
    if dry_run:
        return result

    record = _run_record(
        now,
        scan,
        program,
        debts,
        sheets,
        display,
        len(validation.work),
        payments_path,
        history_path,
        lineage=lineage,
        posted=bool(order.lines),
        pending=pending,
    )
    counts = _run_counts(result, by_name, program)
    out_dir.mkdir(parents=True, exist_ok=True)
    staged = {a.path for m in scan.messages for a in m.attachments}
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        annotated = _write_month(
            side,
            staging,
            names,
            settlement,
            program,
            issues,
            sheets,
            by_name,
            units,
            record,
            counts,
            steps,
        )
        posted = _write_postings(staging, names, order, program)
        archive = _archive(
            staging,
            names["archive"],
            now,
            command,
            [
                (labels.RUN_ROLE_PROGRAM, program_path),
                (labels.RUN_ROLE_DEBTS, debts_path),
                *([(labels.RUN_ROLE_HISTORY, history_path)] if history_path else []),
                *([(labels.RUN_ROLE_PAYMENTS, payments_path)] if payments_path else []),
                # an e-mail is kept as received; its attachments are in it
                *((labels.RUN_ROLE_TIMESHEET, path) for path in files if path not in staged),
                *((labels.RUN_ROLE_MESSAGE, path) for path in messages),
            ],
            [staging / names[key] for key in ("balances", "summary", "cards", "errors", *posted)],
            annotated,
            lineage.ledger_id,
        )
        steps.step(labels.STEP_WRITTEN.format(file=archive.name), steps.weight - 1)
        placed = _put_in_place(
            out_dir,
            staging,
            [
                (key, staging / names[key], targets[key])
                for key in ("errors", "cards", "summary", *posted)
            ]
            + [(ROLE_ARCHIVE, archive, out_dir / archive.name)]
            # the balances last: they are what the next month reads
            + [("balances", staging / names["balances"], targets["balances"])],
            annotated,
            fix_dir,
            Run(
                "reconcile",
                month_text(month),
                now,
                tuple(command or ()),
                *_run_ledger(lineage),
            ),
            replace=force,
            keep=inputs,
        )
        result.written, result.replaced = placed.written, placed.replaced
        result.balances = targets["balances"]
        steps.step(labels.STEP_DONE, steps.total)
    finally:
        side.close(cancel=True)  # no child may still be writing into the staging folder
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _write_postings(staging: Path, names: dict[str, str], order, program: Program) -> list[str]:
    """The run's postings for the finance system, when it credited anything (SPEC §8):
    `ksiegowanie_…csv` and the polecenie księgowania, numbered by the new ledger's place in
    its chain (`PK/ODPR/2026-10/2`); returns the keys of what was written."""
    from odpracowanie.writers import outputs

    if not order.lines:
        return []
    outputs.write_postings_csv(staging / names["postings"], order)
    outputs.write_postings(staging / names["postings_doc"], order, program)
    return ["postings", "postings_doc"]


def _next_lineage(
    debts: Debts,
    newest: Month | None,
    ledger_month: Month,
    now,
    command=None,
    out_dir=None,
    beside: tuple[Path, ...] = (),
):
    """The new ledger's place in the chain of the ledger `debts` continues (SPEC §7): named
    after `ledger_month`, numbered after any ledger of that month an earlier run left in
    `out_dir` or that was moved aside there (a run again with --force: the replaced run's
    postings may have gone to finance, so its number is never issued twice), with an
    identifier of its own — the run's time and a digest of what makes it (its source, place,
    command line, process), so that two runs never share one and the same run made twice in
    one process (the tests' children) gives the same."""
    import hashlib
    import os
    from dataclasses import replace

    from odpracowanie.core.lineage import Source, next_ledger, replaced_number
    from odpracowanie.runfolder import made_from

    after = 0
    if out_dir is not None and out_dir.is_dir():
        names = [p.name for p in out_dir.glob("*.xlsx")]
        names += [
            p.name
            for folder in out_dir.iterdir()
            if folder.is_dir() and labels.SET_ASIDE_NAME.fullmatch(folder.name)
            for p in folder.glob("*.xlsx")
        ]
        after = replaced_number(names, ledger_month)
    # a run of the same chain into another folder beside this one (a branch from the same
    # ledger, or from a ledger of another branch): numbered after it, never the same number
    chain = debts.ledger_chain or debts.ledger_hash
    branches = (
        made_from(out_dir, chain, month_text(ledger_month), beside, debts.ledger_hash)
        if out_dir
        else []
    )
    after = max([after, *(b.number for b in branches)])

    source = Source(
        file=debts.ledger,
        sha256=debts.ledger_hash,
        ledger_id=debts.ledger_id,
        month=newest,
        number=debts.ledger_number,
    )
    lineage = next_ledger(source, ledger_month, "", after)
    lineage = replace(
        lineage,
        chain=chain,
        branches=tuple(
            (
                b.shown,
                labels.POSTING_DOCUMENT.format(month=month_text(ledger_month), n=b.number),
            )
            for b in branches
            if b.current and b.same_source
        ),
    )
    made = (source.sha256, source.ledger_id, ledger_month, lineage.number, command, now)
    digest = hashlib.sha256("|".join(map(str, (*made, os.getpid()))).encode("utf-8"))
    return replace(lineage, ledger_id=f"{now:%Y%m%d-%H%M%S}-{digest.hexdigest()[:12]}")


def _transfers(
    path: Path | None, debts: Debts, program: Program, month: Month
) -> tuple[object, list[Issue]]:
    """The month's wage transfers (Kraków model), checked, with the issues; (None, []) when
    no file was given."""
    if path is None:
        return None, []
    from odpracowanie.core.rules.register import check_transfers_participation
    from odpracowanie.readers.payments import read_payments

    payments, issues = read_payments(path, debts, month)
    return payments, issues + check_transfers_participation(payments, program)


def _run_record(
    now,
    scan,
    program: Program,
    debts,
    sheets: list[Timesheet],
    display: list[str],
    rows: int,
    payments: Path | None,
    history: Path | None = None,
    *,
    lineage=None,
    posted: bool = False,
    pending=(),
):
    """What `Przebieg` of the new ledger records of this run: when, which version, each
    input with its SHA-256, the ledger's place in its chain, the posting document issued,
    the credits awaiting booking and those just booked."""
    from odpracowanie import __version__
    from odpracowanie.readers.messages import message_rows
    from odpracowanie.writers import outputs

    hashes = {s.file: s.sha256 for s in sheets}
    return outputs.RunRecord(
        started=now,
        version=__version__,
        rows=rows,
        skipped=[(path.as_posix(), reason) for path, reason in scan.skipped],
        inputs=[
            (labels.RUN_ROLE_PROGRAM, program.file, program.sha256),
            (labels.RUN_ROLE_DEBTS, debts.file, debts.sha256),
            *([(labels.RUN_ROLE_HISTORY, history.name, _sha(history))] if history else []),
            *(
                (labels.RUN_ROLE_TIMESHEET, name, hashes.get(name) or _sha(path))
                for path, name in zip(scan.files, display, strict=True)
            ),
            *([(labels.RUN_ROLE_PAYMENTS, payments.name, _sha(payments))] if payments else []),
            *((labels.RUN_ROLE_MESSAGE, m.file, m.sha256) for m in scan.messages),
        ],
        messages=message_rows(scan.messages),
        lineage=lineage,
        posting=lineage.posting if lineage is not None and posted else "",
        pending=pending,
        booked=debts.booked,
    )


def _write_month(
    side,
    staging: Path,
    names: dict[str, str],
    settlement,
    program: Program,
    issues: list[Issue],
    sheets: list[Timesheet],
    by_name: dict[str, Path],
    units: dict[str, str],
    record,
    counts,
    steps: Progress,
) -> list[Path]:
    """The month's four workbooks and the marked copies, into `staging`; returns the copies.

    A big month's debtor cards and marked copies are made in child processes while this one
    writes the rest; the history stays in this process only (never two copies of it).
    """
    from odpracowanie.parallel import PARALLEL_MIN_ROWS
    from odpracowanie.writers import outputs
    from odpracowanie.writers.annotate import annotate_in_parts

    cards = side.submit(
        outputs.write_cards,
        staging / names["cards"],
        outputs.cards_part(settlement),
        program,
        big=len(settlement.credited_rows) >= PARALLEL_MIN_ROWS,
    )
    # What goes back to a unit is only what its supervisor can correct, in the cells of the
    # timesheet (SPEC §3): register problems go to the coordinator, and no PESEL or balance
    # goes to a supervisor, not even in a cell's comment.
    fixable = [i for i in issues if i.file in by_name and who_fixes(i.code) is Who.SUPERVISOR]
    with_errors = {i.file for i in fixable if i.is_error}
    # A file with no table (not a timesheet at all) gets no copy, only its issue.
    read = {s.file for s in sheets}
    copy_jobs = annotate_in_parts(
        side,
        [i for i in fixable if i.file in with_errors],
        {n: by_name[n] for n in sorted(with_errors & read)},
        staging / labels.FOLDER_TO_FIX,
    )
    from odpracowanie.core.rules.booked import waiting

    unit_names = {u.code: u.name for u in program.units}
    outputs.write_summary(
        staging / names["summary"], settlement, program, unit_names, waiting(record.pending)
    )
    outputs.write_balances(staging / names["balances"], settlement, record, counts)
    steps.step(labels.STEP_WRITTEN.format(file=names["balances"]), steps.weight)
    copies: dict[str, Path] = {}
    for job in copy_jobs:
        copies.update(job.result().written)
    steps.step(labels.STEP_WRITTEN.format(file=labels.FOLDER_TO_FIX), steps.weight)
    to_fix = _to_fix_rows(fixable, units, program, copies)
    outputs.write_errors(staging / names["errors"], issues, to_fix, _missing_rows(issues, program))
    cards.result()
    steps.step(labels.STEP_WRITTEN.format(file=names["cards"]))
    return list(copies.values())


def _to_fix_rows(
    fixable: list[Issue], units: dict[str, str], program: Program, copies: dict[str, Path]
) -> list[tuple]:
    """`bledy_`'s sheet Do poprawy: each timesheet with errors its supervisor can correct,
    its unit, the supervisor and their address, how many errors, and its marked copy."""
    by_code = {u.code.casefold(): u for u in program.units}
    rows = []
    for name in sorted({i.file for i in fixable if i.is_error}):
        unit = by_code.get(units.get(name, "").casefold())
        rows.append(
            (
                name,
                units.get(name, ""),
                unit.name if unit else "",
                unit.supervisor if unit else "",
                unit.email if unit else "",
                sum(1 for i in fixable if i.file == name and i.is_error),
                copies[name].name if name in copies else "",
            )
        )
    return rows


def _missing_rows(issues: list[Issue], program: Program) -> list[tuple]:
    """`bledy_`'s sheet Brak kart: each unit with referred participants and no timesheet, its
    supervisor and address, and the accounts referred (for `send`'s reminder)."""
    by_code = {u.code.casefold(): u for u in program.units}
    rows = []
    for issue in issues:
        if issue.code != "TIMESHEET_MISSING":
            continue
        code = str(issue.fields["unit"])
        unit = by_code.get(code.casefold())
        rows.append(
            (
                code,
                unit.name if unit else "",
                unit.supervisor if unit else "",
                unit.email if unit else "",
                str(issue.fields["accounts"]),
            )
        )
    return rows


def _prepare_out(out_dir: Path, replace: bool, inputs: list[Path]) -> None:
    """Before a run that writes into `out_dir`: what a killed run's move into place left is
    finished or undone; a folder holding an earlier run's outputs is refused unless
    `replace` (SPEC §7: an output folder holds one run). The run's inputs are never its
    outputs, wherever they lie."""
    from odpracowanie import runfolder

    try:
        runfolder.prepare(out_dir, replace=replace, keep=inputs)
    except runfolder.EarlierRun as exc:
        raise _earlier_run(out_dir, exc) from exc


def _earlier_run(out_dir: Path, exc) -> UsageError:
    """The refusal of a folder that holds an earlier run's outputs, naming one of them."""
    name = exc.path.relative_to(out_dir).as_posix()
    return UsageError(labels.STOP_EARLIER_RUN.format(folder=out_dir, file=name))


def _put_in_place(
    out_dir: Path,
    staging: Path,
    outputs: list[tuple[str, Path, Path]],
    annotated: list[Path],
    fix_dir: Path,
    run,  # runfolder.Run: the command, the month, the time
    *,
    replace: bool,
    keep: list[Path],
):
    """The run's complete outputs (role, staged, target) and marked copies moved into place,
    all or nothing, in the order given, with the folder's manifest last (SPEC §7). Whatever
    an earlier run left in `out_dir` (its outputs, marked copies, drafts) is moved into
    `zastapione_…/` at the same moment, never deleted; the clerk's own files stay. Returns
    `runfolder.Placed`: the targets, and where the earlier run's outputs went."""
    from odpracowanie import runfolder
    from odpracowanie.writers.atomic import ReplaceError

    items = [runfolder.Output(runfolder.ROLE_MARKED_COPY, p, fix_dir / p.name) for p in annotated]
    items += [runfolder.Output(role, staged, target) for role, staged, target in outputs]
    try:
        return runfolder.put_in_place(out_dir, staging, items, run, replace=replace, keep=keep)
    except runfolder.EarlierRun as exc:
        raise _earlier_run(out_dir, exc) from exc
    except ReplaceError as exc:
        raise UsageError(labels.STOP_LOCKED.format(path=exc.path)) from exc


def _run_counts(
    result: ReconcileResult, timesheets: dict[str, Path], program: Program
) -> dict[str, object]:
    """What the ledger's `Przebieg` records of the run, label by label."""
    from odpracowanie.core.money import to_decimal

    settlement = result.settlement
    counts = tally(result.issues, timesheets)
    return {
        labels.RUN_FILES: len(result.files),
        labels.RUN_ROWS: result.rows,
        labels.RUN_CREDITED: settlement.credited_count,
        labels.RUN_WITHHELD: settlement.withheld_count,
        labels.RUN_VALUE: to_decimal(settlement.total_value),
        labels.RUN_ERRORS: counts.errors,
        labels.RUN_WARNINGS: counts.warnings,
        labels.RUN_UNREADABLE: counts.unreadable,
        labels.RUN_SKIPPED: len(result.skipped),
        # for `send`, which reads only the results' folder
        labels.RUN_SENDER: program.params.sender_email or "",
        labels.RUN_COORDINATOR: program.params.coordinator_email or "",
    }


def _output_targets(
    month: Month, lineage, out_dir: Path, inputs: list[Path]
) -> tuple[dict[str, str], dict[str, Path]]:
    """The month's output names and paths; refused when one would replace an input or the
    folder holds an earlier run's output that this run reads. The ledger, its postings and its
    archive carry the ledger's place in its chain (`salda_2026-10_2.xlsx`, SPEC §7); an
    earlier run's outputs are `_prepare_out`'s."""
    from odpracowanie.writers import outputs

    names = outputs.output_names(month)
    names.update(outputs.chain_names(lineage))
    targets = {key: out_dir / name for key, name in names.items()}
    given = {p.resolve() for p in inputs}
    clash = [t for t in targets.values() if t.resolve() in given]
    if clash:
        raise UsageError(labels.STOP_OVER_INPUT.format(path=clash[0]))
    # An earlier run's output read by this one (last month's ledger in --out): a folder holds
    # one run, and that run's outputs would be moved aside with `--force` (SPEC §7).
    folder = out_dir.resolve()
    for path in inputs:
        if path.parent.resolve() == folder and labels.OUTPUT_NAME.fullmatch(path.name):
            raise UsageError(
                labels.STOP_INPUT_IN_OUT.format(
                    path=path.name, folder=out_dir, month=month_text(month)
                )
            )
    return names, targets


def _archive(
    staging: Path, name: str, now, command, inputs, written, annotated, ledger_id: str = ""
) -> Path:
    """`archiwum_…zip` in the staging folder: the inputs as received, the staged outputs."""
    from odpracowanie import __version__
    from odpracowanie.writers.archive import Entry, write_archive

    entries, used = [], set()
    for role, path in inputs:
        name_in = f"{labels.ARCHIVE_INPUTS}/{path.name}"
        number = 2
        while name_in.casefold() in used:  # two timesheets of one name from two folders
            name_in = f"{labels.ARCHIVE_INPUTS}/{number}/{path.name}"
            number += 1
        used.add(name_in.casefold())
        entries.append(Entry(role, path, name_in))
    entries += [
        Entry(labels.RUN_ROLE_OUTPUT, path, f"{labels.ARCHIVE_OUTPUTS}/{path.name}")
        for path in written
    ]
    entries += [
        Entry(
            labels.RUN_ROLE_OUTPUT,
            path,
            f"{labels.ARCHIVE_OUTPUTS}/{labels.FOLDER_TO_FIX}/{path.name}",
        )
        for path in annotated
    ]
    target = staging / name
    write_archive(
        target,
        entries,
        version=__version__,
        command=command or [],
        started=now,
        ledger_id=ledger_id,
    )
    return target


def _guard_out_folder(paths: list[Path], out_dir: Path) -> None:
    """The results must not land among the timesheets (next month they would be read)."""
    out = out_dir.resolve()
    for path in paths:
        folder = path.resolve()
        if path.is_dir() and (out == folder or folder in out.parents):
            raise UsageError(labels.STOP_OUT_IN_TIMESHEETS.format(out=out_dir, folder=path))


def _guard_ledger(
    program: Program, debts: Debts, debts_path: Path, month: Month, allow_gap: bool
) -> Month | None:
    """The clerk's slips with the debt workbook (SPEC §7): a month credited on balances that
    are not the latest (a skipped month), a month older than `Historia prac` keeps, or another
    programme's ledger. Returns the ledger's latest month (None for a first ledger)."""
    from odpracowanie.core.model import shift_month
    from odpracowanie.core.settlement import newest_month

    register = {p.account for p in program.participants}
    if register and debts.accounts and not register & set(debts.accounts):
        raise UsageError(
            labels.STOP_OTHER_LEDGER.format(
                file=debts_path.name, count=len(register), program=program.file
            )
        )
    newest = newest_month(debts)
    if newest is None:
        return None
    if month < shift_month(newest, -(labels.HISTORY_MONTHS - 1)):
        raise UsageError(
            labels.STOP_CLOSED_MONTH.format(
                file=debts_path.name,
                newest=labels.format_month(newest),
                month=labels.format_month(month),
                window=labels.HISTORY_MONTHS,
            )
        )
    following = shift_month(newest, 1)
    if month > following and not allow_gap:
        last_missing = shift_month(month, -1)
        missing = (
            labels.format_month(following)
            if last_missing == following
            else f"{labels.format_month(following)}–{labels.format_month(last_missing)}"
        )
        raise UsageError(
            labels.STOP_GAP.format(
                file=debts_path.name,
                newest=labels.format_month(newest),
                month=labels.format_month(month),
                missing=missing,
                next=labels.format_month(following),
            )
        )
    return newest


def _guard_timesheet_month(sheets: list, month: Month) -> None:
    """Every timesheet is for one other month: the wrong --month, not a month of errors."""
    months = {s.header.month for s in sheets if s.own_header}
    if len(months) == 1 and None not in months and months != {month}:
        (found,) = months
        raise UsageError(
            labels.STOP_WRONG_MONTH.format(
                count=len({s.file for s in sheets}),
                found=labels.format_month(found),
                month=labels.format_month(month),
                option=month_text(found),
            )
        )


def _sha(path: Path) -> str:
    """The file's SHA-256, read in chunks (memory stays flat whatever its size); empty when it
    cannot be read at all."""
    from odpracowanie.digest import file_digest

    try:
        return file_digest(path)[1]
    except OSError:
        return ""


def run_register_check(program_path: Path, debts_path: Path | None, today) -> list[Issue]:
    """`odpracowanie register check`: the register's health on `today`."""
    from odpracowanie.core.rules.register_health import check_register_health

    program, issues, _ = load_program(program_path)
    debts = None
    if debts_path is not None:
        debts, debt_issues = load_debts(debts_path, program, crediting=False)
        issues += debt_issues
    return issues + check_register_health(program, debts, today)


def run_register_queue(program_path: Path, day: dt.date | None = None) -> tuple[list, list]:
    """`odpracowanie register queue`: the work-offer queue (§5.11) on `day`, and the errors
    in the coordinator's log that left a row out of it (said beside the queue)."""
    from odpracowanie.core.rules.register_health import work_queue

    program, issues, _ = load_program(program_path)
    return work_queue(program, day), _log_errors(issues)


def _log_errors(issues: list[Issue]) -> list[Issue]:
    """The errors of `Skierowania` and `Oferty`: their rows are left out of what is made."""
    log = (labels.SHEET_REFERRALS, labels.SHEET_OFFERS)
    return [i for i in issues if i.is_error and i.sheet in log]


@dataclass
class CorrectResult:
    correction: object  # core.correction.Correction
    written: list[Path]


def run_correct(
    *,
    program_path: Path,
    debts_path: Path,
    out_dir: Path,
    reason: str,
    document: str,
    today,
    account: str | None = None,
    month: Month | None = None,
    row_ids: tuple[str, ...] = (),
    force: bool = False,
    command: list[str] | None = None,
) -> CorrectResult:
    """`odpracowanie correct`: reverse credited work by correcting entries (SPEC §7)."""
    from odpracowanie.core.correction import CorrectionRefused, correct, select_rows
    from odpracowanie.core.model import month_text

    if bool(row_ids) == bool(account and month) or bool(account) != bool(month):
        raise UsageError(labels.STOP_CORRECT_WHAT)
    program, _, _ = load_program(program_path)
    debts, _ = load_debts(debts_path, program)
    lineage = _ledger_lineage(debts, today, command, out_dir)
    try:
        rows = select_rows(
            debts.work_history,
            account=account,
            month=month_text(month) if month else None,
            row_ids=row_ids,
        )
        correction = correct(
            debts, program.params, rows, reason=reason, document=document, posting=lineage.posting
        )
    except CorrectionRefused as exc:
        raise UsageError(str(exc)) from exc

    written = _write_ledger(
        program_path,
        debts_path,
        program,
        debts,
        correction,
        out_dir,
        today,
        force,
        command,
        document=document,
        lineage=lineage,
    )
    return CorrectResult(correction, written)


def _run_ledger(lineage) -> tuple[str, str, int, str]:
    """What the folder's manifest records of the ledger a run made (`runfolder.Run`)."""
    return lineage.source.sha256, month_text(lineage.month), lineage.number, lineage.chain


def _ledger_lineage(debts: Debts, today, command=None, out_dir=None):
    """The place of a ledger that `correct` or `approve` makes from `debts`: the same
    month's next (a first debt workbook's: today's month's first)."""
    from odpracowanie.core.settlement import newest_month

    newest = newest_month(debts)
    month = newest or (today.year, today.month)
    return _next_lineage(debts, newest, month, today, command, out_dir)


@dataclass
class SendResult:
    drafts: list[Path]  # .eml files written (no SMTP server given)
    sent: list[str]
    failed: list[tuple[str, str]]  # (message, why)
    skipped: list[str]  # what could not go (a unit without an address…)
    replaced: Path | None = None  # where the drafts of an earlier send were moved


def run_send(
    folder: Path,
    to: str,
    *,
    sender: str | None = None,
    smtp_host: str | None = None,
    smtp_port: int = 25,
    starttls: bool = False,
    user: str | None = None,
    smtp_password: str | None = None,
    xlsx_password: str | None = None,
    now: dt.datetime | None = None,
) -> SendResult:
    """`odpracowanie send`: the month's results as drafts in `folder/wysylka`, or sent through
    an SMTP server. Raises `mail.SendError` (its Polish message) when nothing can go."""
    from odpracowanie import mail

    batch = mail.build(folder, to, sender, xlsx_password, login=user)
    return _deliver(batch, folder, smtp_host, smtp_port, starttls, user, smtp_password, now)


def run_send_templates(
    folder: Path,
    program_path: Path,
    month: Month,
    *,
    sender: str | None = None,
    smtp_host: str | None = None,
    smtp_port: int = 25,
    starttls: bool = False,
    user: str | None = None,
    smtp_password: str | None = None,
    now: dt.datetime | None = None,
) -> SendResult:
    """`odpracowanie send --templates`: each unit's prepared timesheet to its supervisor, as
    drafts in a fresh `folder/wysylka` or through an SMTP server (SPEC §11)."""
    from odpracowanie import mail

    program = load_program(program_path)[0]
    batch = mail.build_templates(folder, program, month, sender, login=user)
    return _deliver(batch, folder, smtp_host, smtp_port, starttls, user, smtp_password, now)


def _deliver(
    batch, folder: Path, smtp_host, smtp_port, starttls, user, smtp_password, now
) -> SendResult:
    """`send`'s messages as drafts in a fresh `folder/wysylka` (an earlier send's moved
    aside, never mixed in), or through the SMTP server when one is given."""
    from odpracowanie import mail, runfolder
    from odpracowanie.writers.atomic import ReplaceError

    if smtp_host is None:
        try:
            drafts, replaced = runfolder.replace_subfolder(
                folder,
                labels.DRAFTS_FOLDER,
                lambda staged: mail.write_drafts(batch, staged),
                now or dt.datetime.now(),
            )
        except ReplaceError as exc:
            raise mail.SendError(labels.MAIL_DRAFTS_LOCKED.format(path=exc.path)) from exc
        return SendResult(drafts, [], [], list(batch.skipped), replaced)
    delivery = mail.send(
        batch, smtp_host, smtp_port, starttls=starttls, user=user, password=smtp_password
    )
    return SendResult([], list(delivery.sent), list(delivery.failed), list(batch.skipped))


@dataclass
class DocumentsResult:
    written: list[Path]
    pdf_problem: str | None = None  # why --pdf made no PDF (LibreOffice missing or failing)
    notes: list[Issue] = field(default_factory=list)  # rows of the log left out


def run_documents(
    kind: str,
    *,
    program_path: Path,
    debts_path: Path | None,
    out_dir: Path,
    day: dt.date,
    accounts: tuple[str, ...] = (),
    month: Month | None = None,
    templates: Path | None = None,
    pdf: bool = False,
    force: bool = False,
) -> DocumentsResult:
    """`odpracowanie documents KIND`: the programme's documents (SPEC §9) into `out_dir`.

    Every document is rendered before any is written: a broken template or a refused request
    writes nothing; each file is written atomically."""
    from odpracowanie.core.documents import DocumentsRefused, documents
    from odpracowanie.writers.atomic import atomic_path
    from odpracowanie.writers.documents import render, template_source

    program, program_issues, _ = load_program(program_path)
    debts = load_debts(debts_path, program)[0] if debts_path is not None else None
    try:
        made = documents(kind, program, debts, accounts=accounts, month=month, day=day)
        name, source = template_source(kind, templates)
        rendered = [(f"{d.name}.docx", render(d, name, source)) for d in made]
    except DocumentsRefused as exc:
        raise UsageError(str(exc)) from exc
    targets = [out_dir / file for file, _ in rendered]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise UsageError(labels.STOP_RESULTS_EXIST.format(folder=out_dir, file=existing[0].name))
    out_dir.mkdir(parents=True, exist_ok=True)
    for target, (_, data) in zip(targets, rendered, strict=True):
        with atomic_path(target) as temp:
            temp.write_bytes(data)
    result = DocumentsResult(list(targets), notes=_log_errors(program_issues))
    if pdf:
        import subprocess

        from odpracowanie.writers.pdf import NoLibreOffice, to_pdf

        try:
            result.written += to_pdf(targets, out_dir)
        except NoLibreOffice:
            result.pdf_problem = labels.SAY_NO_LIBREOFFICE
        except (subprocess.SubprocessError, OSError) as exc:
            result.pdf_problem = labels.SAY_PDF_FAILED.format(error=type(exc).__name__)
    return result


@dataclass
class ReportResult:
    path: Path
    report: object  # core.report.YearReport
    archives: list[tuple[str, str, str]] = field(default_factory=list)  # (file, month, what)


def run_report(
    *,
    year: int,
    program_path: Path,
    debts_path: Path,
    out_dir: Path,
    day: dt.date,
    archives: tuple[Path, ...] = (),
    force: bool = False,
) -> ReportResult:
    """`odpracowanie report --year`: the yearly report from the ledger (SPEC §9), each
    archive given checked against its manifest and its month against the ledger."""
    from odpracowanie.core.report import year_report
    from odpracowanie.writers.report import write_report

    program, _, _ = load_program(program_path)
    debts, _ = load_debts(debts_path, program, crediting=False)
    report = year_report(program, debts, year)
    if not report.months:
        raise UsageError(labels.STOP_REPORT_EMPTY.format(file=debts_path.name, year=year))
    target = out_dir / labels.REPORT_FILE.format(year=year)
    if target.exists() and not force:
        raise UsageError(labels.STOP_RESULTS_EXIST.format(folder=out_dir, file=target.name))
    checked = [_archive_row(path, debts) for path in archives]
    out_dir.mkdir(parents=True, exist_ok=True)
    write_report(target, report, program, debts_path.name, day, checked)
    return ReportResult(target, report, checked)


def _archive_row(path: Path, debts: Debts) -> tuple[str, str, str]:
    """(archive, its month, what was found): its files against its manifest, and the month
    its ledger credited against what the ledger `debts` holds for that month."""
    import json
    import tempfile
    import zipfile

    from odpracowanie.core.model import COMPONENTS
    from odpracowanie.readers.archive import check_archive
    from odpracowanie.readers.debts import read_debts

    issues = check_archive(path)
    if any(i.code == "FILE_UNREADABLE" for i in issues):
        return path.name, "", labels.REPORT_ARCHIVE_UNREADABLE
    if issues:
        said = "; ".join(i.message for i in issues)
        return path.name, "", labels.REPORT_ARCHIVE_BROKEN.format(issues=said)
    pattern = labels.output_pattern("balances")
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        stored = next(
            (
                f["path"]
                for f in manifest.get("files", [])
                if f.get("role") == labels.RUN_ROLE_OUTPUT
                and f.get("path")
                and pattern.fullmatch(Path(f["path"]).name)
            ),
            None,
        )
        if stored is None:
            return path.name, "", labels.REPORT_ARCHIVE_NO_LEDGER
        with tempfile.TemporaryDirectory(prefix="odpracowanie-") as tmp:
            copy = Path(tmp) / Path(stored).name
            copy.write_bytes(archive.read(stored))
            found = read_debts(copy).debts
    if found is None or found.last_month is None:
        return path.name, "", labels.REPORT_ARCHIVE_NO_LEDGER
    month = month_text(found.last_month)
    parts = [f"to_{c}" for c in COMPONENTS]

    def credited(lines) -> int:
        return int(lines.loc[lines["month"] == month, parts].to_numpy().sum())

    amount, ledger = credited(found.settlements), credited(debts.settlements)
    shown = labels.format_month(found.last_month)
    if amount == ledger:
        return (
            path.name,
            shown,
            labels.REPORT_ARCHIVE_SAME.format(amount=labels.format_money(amount)),
        )
    return (
        path.name,
        shown,
        labels.REPORT_ARCHIVE_DIFFERS.format(
            amount=labels.format_money(amount), ledger=labels.format_money(ledger)
        ),
    )


def run_approve(
    *,
    program_path: Path,
    debts_path: Path,
    out_dir: Path,
    month: Month,
    decision: str,
    day,
    today,
    rejected: tuple[str, ...] = (),
    force: bool = False,
    command: list[str] | None = None,
):
    """`odpracowanie approve`: the Mayor's decision on a month's credits (SPEC §7, §5.20).
    A decision dated after today, or before the month whose credits it approves, is a slip
    in the date (nothing is read or written)."""
    import datetime as dt

    from odpracowanie.core.correction import CorrectionRefused, approve
    from odpracowanie.core.model import month_text

    on = today.date() if isinstance(today, dt.datetime) else today
    if day > on:
        raise UsageError(
            labels.STOP_DECISION_AHEAD.format(
                day=labels.format_date(day), today=labels.format_date(on)
            )
        )
    if day < dt.date(month[0], month[1], 1):
        raise UsageError(
            labels.STOP_DECISION_BEFORE.format(
                day=labels.format_date(day), month=labels.format_month(month)
            )
        )
    program, _, _ = load_program(program_path)
    debts, _ = load_debts(debts_path, program)
    lineage = _ledger_lineage(debts, today, command, out_dir)
    try:
        approval = approve(
            debts,
            program.params,
            month_text(month),
            decision=decision,
            day=labels.format_date(day),
            rejected=rejected,
            posting=lineage.posting,
        )
    except CorrectionRefused as exc:
        raise UsageError(str(exc)) from exc
    written = _write_ledger(
        program_path,
        debts_path,
        program,
        debts,
        approval.correction,
        out_dir,
        today,
        force,
        command,
        document=None,
        lineage=lineage,
    )
    return approval, written


def _write_ledger(
    program_path: Path,
    debts_path: Path,
    program,
    debts,
    correction,
    out_dir: Path,
    today,
    force: bool,
    command,
    *,
    document: str | None,
    lineage,
) -> list[Path]:
    """A ledger changed by correcting entries (correct, approve): the new salda_ (named by its
    place in the chain, `lineage`), the correction document when `document` is given (named
    after the month it corrects), the postings of what was reversed, the archive; atomically,
    never over an input, never over an output without `force`."""
    import shutil
    import tempfile

    from odpracowanie import __version__
    from odpracowanie.core import postings
    from odpracowanie.core.model import month_text
    from odpracowanie.core.money import to_decimal
    from odpracowanie.core.rules.booked import track
    from odpracowanie.core.settlement import Settlement
    from odpracowanie.runfolder import ROLE_ARCHIVE, Run
    from odpracowanie.writers import outputs
    from odpracowanie.writers.atomic import STAGING_PREFIX, recover

    names = outputs.chain_names(lineage)
    targets = {key: out_dir / names[key] for key in ("balances", "archive")}
    if document is not None:
        safe = labels.file_part(document, "korekta")
        corrected = min((r.month for r in correction.reversals), default=month_text(lineage.month))
        targets["correction"] = out_dir / labels.CORRECTION_FILE.format(
            month=corrected, document=safe
        )
    # the postings of what was reversed (none when the rows had been above a cap or the debt)
    order = postings.of_correction(correction, lineage.month, lineage.posting, today.date())
    if order.lines:
        for key in labels.POSTINGS_FILES:
            targets[key] = out_dir / names[key]
    inputs = {program_path.resolve(), debts_path.resolve()}
    clash = [t for t in targets.values() if t.resolve() in inputs]
    if clash:
        raise UsageError(labels.STOP_OVER_INPUT.format(path=clash[0]))
    recover(out_dir)
    _prepare_out(out_dir, force, [program_path, debts_path])
    ledger = Settlement(
        month=lineage.month,
        debtors=[],
        credited_rows=debts.work_history.iloc[:0],
        accounts_after=correction.accounts_after,
        work_history=correction.work_history,
        settlements=correction.settlements,
        payment_history=debts.payment_history,
    )
    record = outputs.RunRecord(
        started=today,
        version=__version__,
        rows=correction.rows,
        inputs=[
            (labels.RUN_ROLE_PROGRAM, program.file, program.sha256),
            (labels.RUN_ROLE_DEBTS, debts.file, debts.sha256),
        ],
        lineage=lineage,
        posting=lineage.posting if order.lines else "",
        pending=track(debts.pending, order if order.lines else None, lineage.month),
    )
    counts = {
        labels.RUN_CORRECTION: correction.document,
        labels.RUN_REVERSED: correction.rows,
        labels.RUN_RETURNED: to_decimal(correction.returned),
        # for `send`, which reads only the results' folder
        labels.RUN_SENDER: program.params.sender_email or "",
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        outputs.write_balances(staging / targets["balances"].name, ledger, record, counts)
        if document is not None:
            outputs.write_correction(
                staging / targets["correction"].name, correction, program, debts.file, today
            )
        if order.lines:
            outputs.write_postings_csv(staging / targets["postings"].name, order)
            outputs.write_postings(staging / targets["postings_doc"].name, order, program)
        staged = [staging / t.name for k, t in targets.items() if k != "archive"]
        archive = _archive(
            staging,
            names["archive"],
            today,
            command,
            [(labels.RUN_ROLE_PROGRAM, program_path), (labels.RUN_ROLE_DEBTS, debts_path)],
            staged,
            [],
            lineage.ledger_id,
        )
        moves = [
            (k, staging / t.name, t) for k, t in targets.items() if k not in ("balances", "archive")
        ]
        moves += [
            (ROLE_ARCHIVE, archive, targets["archive"]),
            ("balances", staging / targets["balances"].name, targets["balances"]),
        ]
        command_name = "correct" if document is not None else "approve"  # approve: no document
        placed = _put_in_place(
            out_dir,
            staging,
            moves,
            [],
            out_dir / labels.FOLDER_TO_FIX,
            Run(
                command_name,
                month_text(lineage.month),
                today,
                tuple(command or ()),
                *_run_ledger(lineage),
            ),
            replace=force,
            keep=[program_path, debts_path],
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return placed.written


def run_ledger_check(ledger_path: Path, archives: list[Path]) -> tuple[object, list[Issue]]:
    """`odpracowanie ledger check`: the ledger's arithmetic and references, each archive
    against its manifest, and the ledger cell by cell against the copy of itself an archive
    holds; (the ledger read, the issues)."""
    from odpracowanie.core.rules.booked import check_pending_age
    from odpracowanie.core.rules.ledger import check_ledger
    from odpracowanie.readers.archive import check_archive
    from odpracowanie.readers.ledger_copy import compare_with_archives

    _require([ledger_path, *archives])
    debts, issues = load_debts(ledger_path)
    issues = list(issues) + check_ledger(debts) + check_pending_age(debts)
    for archive in archives:
        issues += check_archive(archive)
    compared = compare_with_archives(ledger_path, archives)
    if archives:
        from odpracowanie.readers.chain import check_chain

        linked, of_chain = check_chain(ledger_path, archives)
        # an archive of an earlier ledger of the chain was given to follow the chain
        compared = [
            i for i in compared if not (i.code == "LEDGER_NOT_IN_ARCHIVE" and i.file in of_chain)
        ]
        issues += linked
    if any(i.code == "LEDGER_EDITED" for i in compared):
        # the archive's copy names every changed cell: no guess from the arithmetic beside it
        issues = [i for i in issues if i.code != "LEDGER_CELL_EDITED"]
    return debts, issues + compared
