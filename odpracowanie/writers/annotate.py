"""Annotated copies of timesheets: offending cells filled (red for an error, yellow for a
warning), each with a comment holding the messages (SPEC §5)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from odpracowanie.issues import Issue
from odpracowanie.writers.atomic import atomic_path

RED = "FFFF9999"
YELLOW = "FFFFE699"
AUTHOR = "odpracowanie"


class SameFolderError(Exception):
    """The annotated copy would overwrite its own input."""


def write_annotated(issues: list[Issue], sources: dict[str, Path], out_dir: Path) -> list[Path]:
    """One copy per timesheet that has issues; returns the paths written.

    Errors are red, warnings yellow. File-level issues go into a comment on cell A1 of the
    sheet (or the first sheet). Unreadable files cannot be annotated and are left out.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    by_file: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.file in sources and issue.code != "FILE_UNREADABLE":
            by_file[issue.file].append(issue)
    written: list[Path] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, file_issues in by_file.items():
        source = sources[name]
        target = out_dir / source.name
        if target.resolve() == source.resolve():
            raise SameFolderError(str(source))
        book = load_workbook(source)
        notes: dict[tuple[str, str], list[Issue]] = defaultdict(list)
        for issue in file_issues:
            sheet = issue.sheet if issue.sheet in book.sheetnames else book.sheetnames[0]
            notes[(sheet, issue.cell or "A1")].append(issue)
        for (sheet, cell), cell_issues in notes.items():
            target_cell = book[sheet][cell]
            worst = RED if any(i.is_error for i in cell_issues) else YELLOW
            target_cell.fill = PatternFill(fill_type="solid", start_color=worst, end_color=worst)
            text = "\n".join(f"[{i.code}] {i.message}" for i in cell_issues)
            comment = Comment(text, AUTHOR)
            comment.width = 360
            comment.height = 40 + 60 * len(cell_issues)
            target_cell.comment = comment
        with atomic_path(target) as temp:
            book.save(temp)
        written.append(target)
    return written
