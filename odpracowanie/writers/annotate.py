"""Annotated copies of timesheets: offending cells filled (red for an error, yellow for a
warning), each with a comment holding the messages (SPEC §5).

Comments do not print in LibreOffice (and in Excel only when asked to, "at end of sheet", which
the copies ask for): every copy ends with a sheet `Uwagi do poprawy` that lists each marked cell
and what to correct, so that a printed copy says it too. It has no table of a timesheet's
columns: a copy sent back corrected is read as before.

An `.xlsx` timesheet gets the marks written into its own package (`writers.package`): every
other part is kept byte for byte, and a copy costs a few milliseconds. One that module does not
patch (a sheet with comments of its own, for example), and an `.xlsm`, is copied with openpyxl,
which keeps what it knows of the workbook. Any other workbook (`.xls`, `.xlsb`, `.ods`), and any
`.xlsx` that openpyxl cannot load or would load wrongly (Strict Open XML, a broken part, a pivot
table it trips over), becomes a new `.xlsx` holding the same cells, as python-calamine read
them, and the marks. Each file is copied
on its own: whatever goes wrong with one is logged and the others are still written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import warnings
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from odpracowanie import labels
from odpracowanie.core.cells import cell_position
from odpracowanie.crashlog import note_crash
from odpracowanie.issues import Issue
from odpracowanie.writers.atomic import atomic_path

RED = "FFFF9999"
YELLOW = "FFFFE699"
AUTHOR = "odpracowanie"
_OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


class SameFolderError(Exception):
    """The annotated copy would overwrite its own input."""


@dataclass
class Annotated:
    """The copies written (display name -> path) and the files that could not be copied."""

    written: dict[str, Path] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def copy_names(sources: dict[str, Path]) -> dict[str, str]:
    """The name of each file's annotated copy: its own name, as `.xlsx`; a second file of the
    same name (from another folder, or `karta.ods` beside `karta.xlsx`) gets a number."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for display, source in sources.items():
        stem = source.stem
        name = f"{stem}.xlsx"
        number = 2
        while name.casefold() in taken:
            name = f"{stem} ({number}).xlsx"
            number += 1
        taken.add(name.casefold())
        names[display] = name
    return names


def write_annotated(
    issues: list[Issue],
    sources: dict[str, Path],
    out_dir: Path,
    inputs: Collection[Path] = (),
    names: dict[str, str] | None = None,
) -> Annotated:
    """One copy per timesheet that has issues.

    Errors are red, warnings yellow. File-level issues go into a comment on cell A1 of the
    sheet (or the first sheet). Unreadable files cannot be annotated and are left out. A copy
    that would replace its own source or any other of `inputs` (`karta.ods`'s copy is
    `karta.xlsx`) is refused: inputs are never written over. `names`: the copies' names when
    a batch is copied in parts (from `copy_names` over the whole batch).
    """
    by_file: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.file in sources and issue.code != "FILE_UNREADABLE":
            by_file[issue.file].append(issue)
    result = Annotated()
    if not by_file:
        return result
    names = names or copy_names({name: sources[name] for name in by_file})
    protected = {p.resolve() for p in (*sources.values(), *inputs)}
    for name in by_file:
        target = (out_dir / names[name]).resolve()
        if target in protected:
            raise SameFolderError(str(target))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, file_issues in by_file.items():
        source = sources[name]
        target = out_dir / names[name]
        try:
            _write_copy(source, file_issues, target)
        except Exception as exc:  # one file's copy must not stop the others
            note_crash(exc, f"{labels.FOLDER_TO_FIX}: {source}")
            result.failed.append(name)
            continue
        result.written[name] = target
    return result


def annotate_in_parts(
    side,
    issues: list[Issue],
    sources: dict[str, Path],
    out_dir: Path,
    inputs: Collection[Path] = (),
) -> list:
    """The copies of a batch in parts, submitted to `side` (parallel.Background): a month
    whose every timesheet goes back costs little more than a clean one. Returns the jobs;
    each one's result is an `Annotated`."""
    from odpracowanie.parallel import PARALLEL_MIN_FILES

    files = sorted({i.file for i in issues if i.file in sources})
    if not files:
        return []
    names = copy_names({name: sources[name] for name in files})
    parts = max(1, min(8, len(files) // 10))
    jobs = []
    for n in range(parts):
        chunk = set(files[n::parts])
        jobs.append(
            side.submit(
                write_annotated,
                [i for i in issues if i.file in chunk],
                {name: sources[name] for name in chunk},
                out_dir,
                inputs,
                {name: names[name] for name in chunk},
                big=len(files) >= PARALLEL_MIN_FILES,
            )
        )
    return jobs


def _write_copy(source: Path, issues: list[Issue], target: Path) -> None:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        # openpyxl warns, in English, of every part it does not keep (extensions, pivots...),
        # and even prints some of it: nothing of it reaches the clerk's screen.
        warnings.simplefilter("ignore")
        if source.suffix.lower() == ".xlsx":
            from odpracowanie.writers.package import Unsupported

            try:
                _marked_package(source, issues, target)
                return
            except Unsupported:  # a package of a kind not patched: copied by openpyxl below
                pass
            except Exception as exc:  # a fault of ours: logged, and copied by openpyxl below
                note_crash(exc, f"{labels.FOLDER_TO_FIX}: {source}")
        if source.suffix.lower() in _OPENPYXL_SUFFIXES:
            try:
                _marked_original(source, issues, target)
                return
            except Exception:  # rebuilt from the cells below
                pass
        _marked_rebuild(source, issues, target)


def _notes(issues: list[Issue], sheets: list[str]) -> dict[tuple[str, str], list[Issue]]:
    """Issues by (sheet, cell) they mark; a sheet the copy lacks means the first one."""
    notes: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        sheet = issue.sheet if issue.sheet in sheets else sheets[0]
        notes[(sheet, issue.cell or "A1")].append(issue)
    return notes


def _text(cell_issues: list[Issue]) -> str:
    return "\n".join(f"[{i.code}] {i.message}" for i in cell_issues)


def _marked_package(source: Path, issues: list[Issue], target: Path) -> None:
    """The supervisor's own package with the marks written into its parts (`package`): all
    else is kept byte for byte."""
    import python_calamine

    from odpracowanie.writers import package as xlsx

    book = xlsx.Package(source)
    try:
        names = list(book.sheets)
        read = python_calamine.CalamineWorkbook.from_path(str(source)).sheet_names
        if not names or names != list(read) or not all(book.sheets.values()):
            raise xlsx.Unsupported("the sheets differ from those read")
        styles = xlsx.Styles(book)
        sheets: dict[str, xlsx.Sheet] = {}
        marks: dict[tuple[str, str], list[Issue]] = defaultdict(list)
        for (name, cell), cell_issues in _notes(issues, names).items():
            if name not in sheets:
                sheets[name] = xlsx.Sheet(book, book.sheets[name])
            marks[(name, sheets[name].merged_start(cell))] += cell_issues
        comments: dict[str, list[xlsx.Mark]] = defaultdict(list)
        for (name, cell), cell_issues in marks.items():
            target_cell = sheets[name].cell(cell)
            color = _color(cell_issues)
            target_cell.set("s", str(styles.filled(xlsx.style_of(target_cell.get("s")), color)))
            comments[name].append(
                xlsx.Mark(cell, _text(cell_issues), 360, 40 + 60 * len(cell_issues))
            )
        for name, sheet_marks in comments.items():
            sheets[name].add_comments(sheet_marks)
            # Excel prints the comments at the end of the sheet (LibreOffice ignores this).
            sheets[name].print_comments_at_end()
            sheets[name].save()
        rows = _note_rows(marks)
        xlsx.add_notes_sheet(
            book,
            styles,
            xlsx.NotesSheet(
                _sheet_name(labels.NOTES_SHEET, {n.casefold() for n in names}),
                labels.NOTES_TITLE,
                labels.NOTES_HEADS,
                rows,
                NOTES_WIDTHS,
                [note_height(text) for _, _, text in rows],
            ),
        )
        book.put(styles.part, styles.root)
        with atomic_path(target) as temp:
            book.save(temp)
    finally:
        book.close()


def _marked_original(source: Path, issues: list[Issue], target: Path) -> None:
    """The supervisor's own workbook, loaded by openpyxl, with the marks."""
    import python_calamine
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    book = load_workbook(source)
    # openpyxl reads a Strict Open XML workbook as empty sheets without failing: a copy is
    # made from it only when it holds the sheets that were read.
    read = python_calamine.CalamineWorkbook.from_path(str(source)).sheet_names
    if list(book.sheetnames) != list(read):
        raise ValueError("openpyxl and python-calamine see different sheets")
    marks: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for (sheet, cell), cell_issues in _notes(issues, book.sheetnames).items():
        # A cell inside a merged range shows nothing of its own: its range's first cell does.
        marks[(sheet, _shown_cell(book[sheet], cell))] += cell_issues
    for (sheet, cell), cell_issues in marks.items():
        target_cell = book[sheet][cell]
        worst = _color(cell_issues)
        target_cell.fill = PatternFill(fill_type="solid", start_color=worst, end_color=worst)
        comment = Comment(_text(cell_issues), AUTHOR)
        comment.width = 360
        comment.height = 40 + 60 * len(cell_issues)
        target_cell.comment = comment
        # Excel prints the comments at the end of the sheet (LibreOffice ignores this).
        book[sheet].page_setup.cellComments = "atEnd"
    notes = book.create_sheet(
        _sheet_name(labels.NOTES_SHEET, {n.casefold() for n in book.sheetnames})
    )
    rows = _note_rows(marks)
    notes.append([labels.NOTES_TITLE])
    notes["A1"].font = Font(bold=True, size=12)
    notes.append([])
    notes.append(list(labels.NOTES_HEADS))
    for cell in notes[3]:
        cell.font = Font(bold=True)
    for row in rows:
        notes.append(list(row))
        notes.row_dimensions[notes.max_row].height = note_height(row[2])
    for letter, width in zip("ABC", NOTES_WIDTHS, strict=True):
        notes.column_dimensions[letter].width = width
    for cells in notes.iter_rows(min_row=4, min_col=1, max_col=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.page_setup.paperSize = notes.PAPERSIZE_A4
    notes.page_setup.fitToWidth, notes.page_setup.fitToHeight = 1, 0
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    with atomic_path(target) as temp:
        book.save(temp)


NOTES_WIDTHS = (18, 10, 80)
# About how many characters of a message fit on one line of the last column (80 wide), and
# a line's height in points: a note's row is made as tall as its wrapped text, since neither
# LibreOffice nor Excel grows a row to its text when it prints.
NOTE_LINE_CHARS = 72
NOTE_LINE_POINTS = 15


def note_height(text: str) -> float:
    """The height (points) of a notes row whose last cell holds `text`, wrapped."""
    lines = sum(max(1, -(-len(part) // NOTE_LINE_CHARS)) for part in text.split("\n"))
    return NOTE_LINE_POINTS * lines


def _note_rows(marks: dict[tuple[str, str], list[Issue]]) -> list[tuple[str, str, str]]:
    """(sheet, cell, what to correct) of every mark, sheet by sheet, top to bottom."""

    def order(key: tuple[str, str]) -> tuple[str, int, int]:
        return (key[0], *(cell_position(key[1]) or (0, 0)))

    rows = []
    for key in sorted(marks, key=order):
        for issue in marks[key]:
            weight = "" if issue.is_error else labels.TO_CHECK
            rows.append((key[0], key[1], f"{issue.message}{weight}"))
    return rows


def _shown_cell(sheet, cell: str) -> str:
    """`cell`, or the first cell of the merged range it lies in."""
    for merged in sheet.merged_cells.ranges:
        if cell in merged:
            return merged.start_cell.coordinate
    return cell


def _marked_rebuild(source: Path, issues: list[Issue], target: Path) -> None:
    """A new `.xlsx` with the cells python-calamine reads from `source`, and the marks."""
    import python_calamine
    import xlsxwriter

    workbook = python_calamine.CalamineWorkbook.from_path(str(source))
    names = list(workbook.sheet_names)
    notes = _notes(issues, names)
    marks: dict[str, dict[tuple[int, int], list[Issue]]] = defaultdict(dict)
    for (sheet, cell), cell_issues in notes.items():
        position = cell_position(cell)
        if position is None:
            continue
        marks[sheet][(position[0] - 1, position[1] - 1)] = cell_issues
    with atomic_path(target) as temp:
        book = xlsxwriter.Workbook(
            str(temp), {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
        )
        date = book.add_format({"num_format": labels.DATE_FORMAT})
        time = book.add_format({"num_format": "hh:mm"})
        fills = {
            color: book.add_format({"bg_color": f"#{color[2:]}", "pattern": 1})
            for color in (RED, YELLOW)
        }
        marked = {
            color: {
                "date": book.add_format(
                    {"num_format": labels.DATE_FORMAT, "bg_color": f"#{color[2:]}", "pattern": 1}
                ),
                "time": book.add_format(
                    {"num_format": "hh:mm", "bg_color": f"#{color[2:]}", "pattern": 1}
                ),
            }
            for color in (RED, YELLOW)
        }
        used: set[str] = set()
        for name in names:
            sheet = book.add_worksheet(_sheet_name(name, used))
            try:
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:  # a sheet calamine cannot read stays empty
                rows = []
            sheet_marks = marks.get(name, {})
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    color = _color(sheet_marks.get((r, c)))
                    kind = (
                        "date"
                        if isinstance(value, dt.date)
                        else ("time" if isinstance(value, dt.time | dt.timedelta) else "")
                    )
                    fmt = (
                        marked[color][kind]
                        if color and kind
                        else fills[color]
                        if color
                        else {"date": date, "time": time}.get(kind)
                    )
                    _put(sheet, r, c, value, fmt)
            for (r, c), cell_issues in sheet_marks.items():
                if r >= len(rows) or c >= len(rows[r]):
                    sheet.write_blank(r, c, None, fills[_color(cell_issues)])
                sheet.write_comment(
                    r,
                    c,
                    _text(cell_issues),
                    {"author": AUTHOR, "x_scale": 2.5, "y_scale": 1 + len(cell_issues)},
                )
        sheet = book.add_worksheet(_sheet_name(labels.NOTES_SHEET, used))
        bold = book.add_format({"bold": True})
        sheet.write_string(
            0, 0, labels.NOTES_TITLE, book.add_format({"bold": True, "font_size": 12})
        )
        sheet.write_row(2, 0, labels.NOTES_HEADS, bold)
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        for r, (name, cell, text) in enumerate(_note_rows(notes), start=3):
            sheet.write_string(r, 0, name, wrap)
            sheet.write_string(r, 1, cell, wrap)
            sheet.write_string(r, 2, text, wrap)
            sheet.set_row(r, note_height(text))
        for col, width in enumerate(NOTES_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        book.close()


def _color(cell_issues: list[Issue] | None) -> str | None:
    if not cell_issues:
        return None
    return RED if any(i.is_error for i in cell_issues) else YELLOW


def _put(sheet, r: int, c: int, value: object, fmt) -> None:
    if value is None or value == "":
        if fmt is not None:
            sheet.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value, fmt)
    elif isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        sheet.write_datetime(r, c, value, fmt)
    else:
        sheet.write_string(r, c, str(value), fmt)


def _sheet_name(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of `[]:*?/\\`), unique in the book."""
    base = _SHEET_NAME_BAD.sub("_", name).strip("'")[:31] or "Arkusz"
    candidate, number = base, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.casefold())
    return candidate
