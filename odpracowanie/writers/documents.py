"""Rendering the programme's documents (SPEC §9): a Word template (the office's own from
`--templates`, else the default of `document_templates`) filled with docxtpl.

A template that cannot be used stops before anything is written, and says why in Polish: not a
.docx, a field the document does not have (named, with the fields it has), a broken tag
(with the text around it). Values are escaped (a name with `&` or `<` stays text).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from odpracowanie import labels
from odpracowanie.core.documents import Document, DocumentsRefused


def template_source(kind: str, folder: Path | None) -> tuple[str, bytes]:
    """(the name messages give it, the .docx bytes) of the template of `kind`."""
    from odpracowanie.writers.document_templates import build

    if folder is not None:
        own = folder / f"{kind}.docx"
        if not own.exists():  # never the default in place of an office's own, silently
            raise DocumentsRefused(
                labels.STOP_TEMPLATE_MISSING.format(folder=folder, file=own.name)
            )
        return own.name, own.read_bytes()
    return f"{kind}.docx", build(kind)


def _fields(context: dict[str, object]) -> str:
    return ", ".join(sorted(k for k in context if not isinstance(context[k], list)))


def render(document: Document, name: str, source: bytes) -> bytes:
    """`document` filled into the template `source` (called `name` in messages)."""
    import jinja2
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(source))
        template.init_docx()
    except Exception as exc:  # not a zip, not Word's, a part missing: not a usable .docx
        raise DocumentsRefused(
            labels.STOP_TEMPLATE_FILE.format(file=name, reason=type(exc).__name__)
        ) from exc
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        template.render(document.context, jinja_env=env)
    except jinja2.UndefinedError as exc:
        found = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(exc))
        field = next((g for g in found.groups() if g), str(exc)) if found else str(exc)
        raise DocumentsRefused(
            labels.STOP_TEMPLATE_FIELD.format(
                file=name, field=field, fields=_fields(document.context)
            )
        ) from exc
    except jinja2.TemplateError as exc:
        near = " ".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())
        raise DocumentsRefused(
            labels.STOP_TEMPLATE_SYNTAX.format(
                file=name, reason=exc.message or type(exc).__name__, near=near[:200] or name
            )
        ) from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
