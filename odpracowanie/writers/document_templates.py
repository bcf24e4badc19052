"""The programme's documents as Word templates (SPEC §9): the default texts, written with
python-docx as docxtpl templates (`{{ pole }}` fields, `{%tr for %}` table rows).

The texts follow what the Żyrardów rules say each document must contain: the qualification
letter (§5.8, with the 30 days of §5.9–10), the annex to the tenancy agreement (Załącznik 2),
the agreement (Załącznik 3) and the agreement for a person without a tenancy title
(Załącznik 4) with the duties of §3, the rates (§5.4), the hour limits (§3.6) and the order of
crediting (§5.21), the referral (Załącznik 6, with §4.2–4.3 and §5.16–17) and the request to
the Mayor (§5.20). What the rules leave to the office (the tenancy agreement's number, the kind
of work, who signs) is a dotted line. `odpracowanie templates` writes them for the office to
edit in Word; `documents --templates DIR` takes the office's own.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from odpracowanie import labels


def build(kind: str) -> bytes:
    """The default template of `kind` as the bytes of a .docx (A4, Liberation Serif 11 pt)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.author = "odpracowanie"
    document.core_properties.title = kind
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for block in labels.DOCUMENT_TEXTS[kind]:
        what = block[0]
        if what == "table":
            _table(document, *block[1:])
            continue
        if what == "sign":
            _signatures(document, block[1])
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block[1])  # one run: a field never split across runs
        if what == "title":
            run.bold = True
            run.font.size = Pt(13)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(12)
        elif what == "h":
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True  # never alone at a page's foot
        elif what == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif what == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for table in document.tables:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(
    document,
    heads: Sequence[str],
    cells: Sequence[str],
    loop: str,
    total: Sequence[str] | None,
    widths: Sequence[float],
) -> None:
    """Heads, one row per item (`{%tr for loop %}` … `{%tr endfor %}`), a total row; column
    widths in cm; amounts (the columns after the third) to the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    rows = 4 + (total is not None)
    table = document.add_table(rows=rows, cols=len(heads))
    table.style = "Table Grid"
    for col, head in enumerate(heads):
        run = table.cell(0, col).paragraphs[0].add_run(head)
        run.bold = True
    table.cell(1, 0).paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for col, text in enumerate(cells):
        table.cell(2, col).paragraphs[0].add_run(text)
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    if total is not None:
        for col, text in enumerate(total):
            table.cell(4, col).paragraphs[0].add_run(text).bold = True
    table.autofit = False
    for col, column in enumerate(table.columns):
        column.width = Cm(widths[col])  # the grid LibreOffice lays the table out by
    for row in table.rows:
        for col, cell in enumerate(row.cells):
            cell.width = Cm(widths[col])
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                if col >= 3 and len(heads) > 4:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    document.add_paragraph()


def _signatures(document, who: Sequence[str]) -> None:
    """Two signature places side by side: a dotted line, and under it who signs."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_paragraph()
    table = document.add_table(rows=2, cols=len(who))
    for col, text in enumerate(who):
        line = table.cell(0, col).paragraphs[0]
        line.add_run("\n\n" + (labels.DOC_LINE * 2 if text else ""))
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label = table.cell(1, col).paragraphs[0]
        label.add_run(text).font.size = Pt(9)
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_all(folder: Path) -> list[Path]:
    """Every default template into `folder` as `<kind>.docx` (for the office to edit)."""
    from odpracowanie.writers.atomic import atomic_path

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in labels.DOCUMENT_TEXTS:
        path = folder / f"{kind}.docx"
        with atomic_path(path) as temp:
            temp.write_bytes(build(kind))
        written.append(path)
    return written
