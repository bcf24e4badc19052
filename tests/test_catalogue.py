"""Sweeps over the whole catalogue of issue codes (STYLE: one test instead of memory)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from odpracowanie.issues import CATALOGUE, Severity, make_issue, render_line

ROOT = Path(__file__).resolve().parent.parent


def test_every_code_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert listed == set(CATALOGUE)


def test_every_code_says_who_sets_it_right_in_words():
    """Each code has a few Polish words for pages without codes, and the README's table says
    who gets it as the catalogue does."""
    from odpracowanie.issues import Who

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| [^|]+ \| (\w+) \|", readme, flags=re.MULTILINE))
    names = {Who.SUPERVISOR: "supervisor", Who.COORDINATOR: "coordinator", Who.OFFICE: "clerk"}
    assert rows == {code: names[entry.who] for code, entry in CATALOGUE.items()}
    for code, entry in CATALOGUE.items():
        assert 3 <= len(entry.reason) <= 60 and entry.reason[0].islower(), code
        assert code not in entry.reason and "_" not in entry.reason, code


def test_every_code_is_asserted_by_some_test():
    tests = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").glob("test_*.py")
        if p.name != "test_catalogue.py"
    )
    tests += (ROOT / "samples" / "bledne.md").read_text(encoding="utf-8")
    missing = [
        code for code in CATALOGUE if f'"{code}"' not in tests and f"| {code} |" not in tests
    ]
    assert missing == []


def test_core_does_no_io():
    """The core is pure: no files, clock, environment or network (STYLE §2)."""
    forbidden = {
        "os",
        "pathlib",
        "io",
        "open",
        "subprocess",
        "shutil",
        "socket",
        "tempfile",
        "openpyxl",
        "xlsxwriter",
        "python_calamine",
        "click",
    }
    for path in (ROOT / "odpracowanie" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module.split(".")[0]]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open":
                names = ["open"]
            assert not forbidden & set(names), f"{path.name}: {names}"
            if isinstance(node, ast.Attribute) and node.attr in ("today", "now"):
                raise AssertionError(f"{path.name} reads the clock")


def test_message_templates_render_and_line_format():
    issue = make_issue(
        "RATE_MISMATCH",
        file="k.xlsx",
        sheet="Rozliczenie",
        cell="J8",
        row=8,
        found="30,00 zł",
        expected="31,40 zł",
        work="PORZ",
        since="01.01.2026",
    )
    assert render_line(issue) == (
        "k.xlsx!Rozliczenie!J8: [RATE_MISMATCH] Stawka 30,00 zł ≠ "
        "stawka PGM 31,40 zł dla PORZ od 01.01.2026."
    )
    assert issue.severity is Severity.ERROR
    file_level = make_issue("FILE_UNREADABLE", file="a.xls", reason="format .xls")
    assert render_line(file_level).startswith("a.xls: [FILE_UNREADABLE] ")


# A code two rule modules emit on purpose, and why (each rule otherwise lives in one module).
SHARED = {
    # the participation limit judged on the register (register check) and on a month's work
    "PARTICIPATION_TOO_LONG": {"register", "register_health"},
}


# Codes that say the same of any table: the rules of each table may raise them (a value the
# table does not allow: a rate not above zero, a debt below zero; an account on two rows of
# the debts or of the register).
ANY_TABLE = {"VALUE_INVALID", "DUPLICATE_ACCOUNT"}

# The modules of `core/rules` that hold no rule: how rules are run, and what they read.
FRAMEWORK = {"__init__", "pipeline", "context"}


def _codes_in(path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {code for code in CATALOGUE if f'"{code}"' in text}


def test_each_rule_module_names_the_codes_it_emits():
    import importlib
    from pathlib import Path

    rules = Path(__file__).resolve().parent.parent / "odpracowanie" / "core" / "rules"
    owners: dict[str, set[str]] = {}
    for path in sorted(rules.glob("*.py")):
        if path.stem in FRAMEWORK:
            continue
        module = importlib.import_module(f"odpracowanie.core.rules.{path.stem}")
        declared = set(module.CODES)
        # what the module says it emits is what its text holds, and every one is catalogued
        assert declared == _codes_in(path) - {"CODES"}, path.name
        assert declared <= set(CATALOGUE), path.name
        for code in declared:
            owners.setdefault(code, set()).add(path.stem)
    twice = {
        code: names for code, names in owners.items() if len(names) > 1 and code not in ANY_TABLE
    }
    assert twice == SHARED


def test_every_catalogued_code_is_emitted_somewhere():
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "odpracowanie"
    emitted = set()
    for path in package.rglob("*.py"):
        if path.name != "issues.py":
            emitted |= _codes_in(path)
    assert set(CATALOGUE) - emitted == set()


def test_every_registered_rule_lives_in_a_rule_module_and_runs_once():
    from odpracowanie.core.rules import pipeline

    steps = [*pipeline.DERIVATIONS, *pipeline.VALIDATIONS]
    assert len(set(steps)) == len(steps)
    for step in steps:
        module = step.__module__.rsplit(".", 1)[1]
        assert module not in FRAMEWORK, step.__name__
        assert step.__name__.startswith("derive_" if step in pipeline.DERIVATIONS else "check_")


def test_the_readme_lists_each_input_tables_columns_as_the_program_reads_them():
    """The README's Files section names every column of each input table, in order: the
    column table in labels.py is the one source of readers, writers and the README."""
    from odpracowanie import labels

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = {
        "Parametry": labels.PARAM_COLUMNS,
        "Stawki": labels.RATE_COLUMNS,
        "Jednostki": labels.UNIT_COLUMNS,
        "Uczestnicy": labels.PARTICIPANT_COLUMNS,
        "Upoważnieni": labels.PROXY_COLUMNS,
        "Zadłużenie": labels.DEBT_COLUMNS,
        "Rozliczenie": labels.TIMESHEET_COLUMNS,
        "Wpłaty": labels.PAYMENT_COLUMNS,
        "Skierowania": labels.REFERRAL_COLUMNS,
        "Oferty": labels.OFFER_COLUMNS,
    }
    for sheet, columns in tables.items():
        # the sheet, then its heads in order, each close to the one before (`h / m2 / szt`,
        # "optional", the allowed values may stand between them)
        heads = [re.escape(f"`{c.label}`") for c in columns]
        pattern = re.escape(f"`{sheet}`") + ".{0,400}?" + ".{0,120}?".join(heads)
        assert re.search(pattern, readme, flags=re.DOTALL), sheet
