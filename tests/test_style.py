"""House style (STYLE.md): Polish appears only in issues.py and labels.py, so every message,
label and help text a user reads is found, and changed, in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "odpracowanie"
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
# labels and issues hold the Polish; click_pl translates click's own words.
HOMES = {"labels.py", "issues.py", "click_pl.py"}


def _polish_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and POLISH.search(node.value)
    ]


def test_polish_text_lives_in_labels_and_issues():
    found = {
        str(path.relative_to(PACKAGE)): literals
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in HOMES
        if (literals := _polish_literals(path))
    }
    assert found == {}


def test_the_check_sees_polish_where_it_should_not_be(tmp_path):
    sample = tmp_path / "rule.py"
    sample.write_text('"""Docstrings may say zł."""\nMESSAGE = "Błąd w karcie"\n', encoding="utf-8")
    assert _polish_literals(sample) == [(2, "Błąd w karcie")]
