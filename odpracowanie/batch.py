"""The runs behind the commands: the only module that calls readers, the core and writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from odpracowanie.core.model import Debts, Month, Program
from odpracowanie.issues import Issue, has_errors


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

    @property
    def exit_code(self) -> int:
        return 1 if has_errors(self.issues) else 0


def load_program(path: Path) -> tuple[Program, list[Issue], frozenset[str]]:
    from odpracowanie.readers.program import read_program

    result = read_program(path)
    if result.program is None:
        raise UsageError(f"Plik programu {path} nie nadaje się do użycia.", result.issues)
    return result.program, result.issues, result.broken_accounts


def load_debts(path: Path) -> tuple[Debts, list[Issue]]:
    from odpracowanie.readers.debts import read_debts

    result = read_debts(path)
    if result.debts is None:
        raise UsageError(f"Zestawienie zadłużenia {path} nie nadaje się do użycia.",
                         result.issues)
    return result.debts, result.issues


def run_validate(
    paths: list[Path],
    *,
    program_path: Path | None = None,
    debts_path: Path | None = None,
    month: Month | None = None,
    annotate_dir: Path | None = None,
) -> ValidateResult:
    """`odpracowanie validate`: read, check, optionally write annotated copies."""
    from odpracowanie.core.validation import validate_month
    from odpracowanie.readers.scan import display_names, expand_paths
    from odpracowanie.readers.timesheet import read_timesheet

    for path in paths:
        if not path.exists():
            raise UsageError(f"Nie ma takiego pliku ani folderu: {path}")
    program = debts = None
    issues: list[Issue] = []
    broken: frozenset[str] = frozenset()
    if program_path is not None:
        program, program_issues, broken = load_program(program_path)
        issues += program_issues
    if debts_path is not None:
        debts, debt_issues = load_debts(debts_path)
        issues += debt_issues

    files = expand_paths(paths)
    names = display_names(files)
    sheets = []
    by_name: dict[str, Path] = {}
    for path, name in zip(files, names, strict=True):
        by_name[name] = path
        sheet, read_issues = read_timesheet(path, name)
        issues += read_issues
        if sheet is not None:
            sheets.append(sheet)
    validation = validate_month(sheets, program=program, debts=debts, month=month,
                                broken_accounts=broken)
    from odpracowanie.core.validation import sort_issues

    issues = sort_issues(issues + validation.issues, names)
    result = ValidateResult(issues=issues, files=names, rows=len(validation.work))
    if annotate_dir is not None:
        from odpracowanie.writers.annotate import write_annotated

        result.annotated = write_annotated(issues, by_name, annotate_dir)
    return result
