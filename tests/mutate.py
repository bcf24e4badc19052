"""Mutation testing (run by hand, not by pytest): does a test fail when a rule is broken?

    python tests/mutate.py odpracowanie/core/allocation.py tests/test_allocation.py
    python tests/mutate.py odpracowanie/core/rules/hours.py tests/test_rules_hours.py --list

Each mutant changes one thing in the module — a comparison at its boundary (`<` and `<=`,
`>` and `>=`, `==` and `!=`), a whole-number constant by one (24, 18, 40, 160, a day, a
month), `+` and `-`, `and` and `or` (`&` and `|` over columns), a `not` (`~`) dropped, the
debt components rotated — and
the given tests run against it in a throw-away copy of the repository (a git worktree, so the
working copy is never touched). A mutant the tests do not notice "survives" and is printed
with its line: either a test is missing, or the mutation changes nothing a user would see.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPARE_SWAP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
}
COMPONENTS = {"principal": "interest", "interest": "costs", "costs": "principal"}  # a rotation


def mutants(tree: ast.Module):
    """(line, description, mutated tree) for every mutation of the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for n, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAP:
                    new = COMPARE_SWAP[type(op)]
                    yield (
                        node,
                        f"{type(op).__name__} -> {new.__name__}",
                        (lambda node, n=n, new=new: node.ops.__setitem__(n, new())),
                    )
        elif isinstance(node, ast.Constant) and type(node.value) is int and node.value > 1:
            for step in (1, -1):
                yield (
                    node,
                    f"{node.value} -> {node.value + step}",
                    (lambda node, step=step: setattr(node, "value", node.value + step)),
                )
        elif isinstance(node, ast.Constant) and node.value in COMPONENTS:
            yield (
                node,
                f"{node.value!r} -> {COMPONENTS[node.value]!r}",
                (lambda node: setattr(node, "value", COMPONENTS[node.value])),
            )
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            new = ast.Sub if isinstance(node.op, ast.Add) else ast.Add
            yield (
                node,
                f"{type(node.op).__name__} -> {new.__name__}",
                (lambda node, new=new: setattr(node, "op", new())),
            )
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            yield (
                node,
                f"{type(node.op).__name__} -> {new.__name__}",
                (lambda node, new=new: setattr(node, "op", new())),
            )
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not dropped", (lambda node: setattr(node, "op", ast.UAdd()))
        # the same for rules over whole columns: `a & b`, `a | b`, `~mask`
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
            new = ast.BitOr if isinstance(node.op, ast.BitAnd) else ast.BitAnd
            yield (
                node,
                f"{type(node.op).__name__} -> {new.__name__}",
                (lambda node, new=new: setattr(node, "op", new())),
            )
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            yield node, "~ dropped", (lambda node: setattr(node, "op", ast.UAdd()))


def _docstring_ids(tree: ast.Module) -> set[int]:
    """Nodes no mutation may touch: docstrings, and type annotations (never evaluated under
    `from __future__ import annotations`: `Month | None` is no `|` of two masks)."""
    skip = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    annotations = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            annotations.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            annotations.append(node.returns)
    skip |= {id(inner) for annotation in annotations for inner in ast.walk(annotation)}
    return skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "module", type=Path, help="the module to mutate, e.g. odpracowanie/core/money.py"
    )
    parser.add_argument("tests", nargs="+", help="the test files (or pytest node ids) to run")
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument(
        "--lines", help="only the mutants of these lines (comma-separated: a survivor again)"
    )
    parser.add_argument(
        "--slow", action="store_true", help="run the tests marked slow too (property tests)"
    )
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds a mutant's tests may take"
    )
    args = parser.parse_args()
    source = (ROOT / args.module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstring_ids(tree)
    found = [
        (node.lineno, text, change) for node, text, change in mutants(tree) if id(node) not in skip
    ]
    if args.list:
        for line, text, _ in found:
            print(f"{args.module}:{line}: {text}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "repo"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(work)], check=True
        )
        try:
            # the working copy's own (uncommitted) state of the module and the tests
            for path in [args.module, *(Path(t.split("::")[0]) for t in args.tests)]:
                (work / path).write_text(
                    (ROOT / path).read_text(encoding="utf-8"), encoding="utf-8"
                )
            env = {**os.environ, "PYTHONPATH": str(work)}
            survived, broken = [], []
            wanted = {int(n) for n in args.lines.split(",")} if args.lines else None
            for number, (line, text, change) in enumerate(found):
                if wanted is not None and line not in wanted:
                    continue
                mutated = copy.deepcopy(tree)
                target = [n for n, _, _ in mutants(mutated) if id(n) not in _docstring_ids(mutated)]
                change(target[number])
                (work / args.module).write_text(ast.unparse(mutated), encoding="utf-8")
                command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
                try:
                    run = subprocess.run(
                        [*command, *([] if args.slow else ["-m", "not slow"]), *args.tests],
                        cwd=work,
                        env=env,
                        capture_output=True,
                        timeout=args.timeout,
                    )
                    # 1: a test failed. Anything else (2-5: the tests could not even be
                    # collected or run) is said, not counted as a kill.
                    verdict = {0: "SURVIVED", 1: "killed  "}.get(
                        run.returncode, f"pytest exit {run.returncode}"
                    )
                except subprocess.TimeoutExpired:  # a mutant that loops: the tests noticed
                    verdict = "killed  "
                print(f"{verdict} {args.module}:{line}: {text}", flush=True)
                if verdict == "SURVIVED":
                    survived.append((line, text))
                elif not verdict.startswith("killed"):
                    broken.append((line, text))
            (work / args.module).write_text(source, encoding="utf-8")
            tried = sum(1 for line, _, _ in found if wanted is None or line in wanted)
            killed = tried - len(survived) - len(broken)
            print(
                f"{args.module}: tried {tried}, killed {killed}, survived {len(survived)}"
                + (f", could not run the tests {len(broken)}" if broken else "")
            )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work)], check=False
            )


if __name__ == "__main__":
    main()
