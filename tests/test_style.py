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


def _imports(path: Path) -> set[str]:
    """The package's modules that `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found |= {n for n in [node.module, *names] if n.startswith("odpracowanie")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("odpracowanie")}
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in _imports(path) if m in modules} - {name} for name, path in modules.items()
    }


def test_the_layers_import_only_downwards():
    # STYLE.md: the core is pure (no files, no readers or writers); readers and writers meet
    # only in batch and the commands; writers never import readers.
    graph = _graph()
    broken = sorted(
        (name, target)
        for name, targets in graph.items()
        for target in targets
        if (
            name.startswith("odpracowanie.core")
            and target.startswith(
                (
                    "odpracowanie.readers",
                    "odpracowanie.writers",
                    "odpracowanie.batch",
                    "odpracowanie.cli",
                )
            )
        )
        or (name.startswith("odpracowanie.writers") and target.startswith("odpracowanie.readers"))
        or (name.startswith("odpracowanie.readers") and target.startswith("odpracowanie.writers"))
        # the command line only parses options, calls batch and prints what it returns
        or (
            name == "odpracowanie.cli"
            and target.startswith(("odpracowanie.readers", "odpracowanie.writers"))
        )
    )
    assert broken == []


def test_no_module_imports_itself_round_a_cycle():
    graph = _graph()
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        for target in sorted(graph[node]):
            if target == path[0]:
                cycles.append([*path, target])
            elif target not in path and target > path[0]:  # each cycle once, from its least
                visit(target, [*path, target])

    for start in sorted(graph):
        visit(start, [start])
    assert cycles == []


# The refusals the local page can show (its reconcile, correct and approve): none may tell the
# clerk there to use a command-line option.
PAGE_REFUSALS = (
    "STOP_GAP",
    "STOP_WRONG_MONTH",
    "STOP_OTHER_LEDGER",
    "STOP_CLOSED_MONTH",
    "STOP_NOTHING_TO_APPROVE",
    "STOP_REJECT_UNKNOWN",
    "STOP_RESULTS_EXIST",
    "STOP_HISTORY",
    "STOP_HISTORY_TWICE",
    "STOP_DECISION_AHEAD",
    "STOP_DECISION_BEFORE",
    # a correction or a decision into a folder that holds one already; the page's send
    "STOP_EARLIER_RUN",
    "MAIL_NO_MANIFEST",
    "MAIL_BAD_MANIFEST",
    "MAIL_NOT_A_MONTH",
    "MAIL_OUTPUT_MISSING",
    "MAIL_OUTPUT_CHANGED",
    "MAIL_NO_STARTTLS",
    "MAIL_BAD_LOGIN",
    "STOP_CORRECT_WHAT",
)


def test_the_page_says_no_command_line_option():
    from odpracowanie import labels

    for name in PAGE_REFUSALS:
        said = labels.page_text(getattr(labels, name))
        assert "--" not in said and "ODPRACOWANIE_" not in said, (name, said)
    assert labels.page_text("Sprawdź --month i --reject.") == (
        "Sprawdź miesiąc rozliczenia i odrzucone konta."
    )
    assert labels.page_text("Wyniki są; użyj --force, aby je zastąpić.") == (
        "Wyniki są; podaj inny numer dokumentu (korekty albo decyzji)."
    )
