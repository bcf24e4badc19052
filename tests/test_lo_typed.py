"""The timesheet template filled in a real LibreOffice the way a Polish supervisor types, saved
as .xlsx, .ods and .xls, then run through the batch: the credited amounts are checked to the
grosz for each format (SPEC §2.3, "What a person sees is what counts").

tests/lo_fill.py drives LibreOffice through Python-UNO (Debian's python3-uno, for the system
interpreter: the project's venv has no uno), so it runs as a subprocess. `.ci/run` installs
LibreOffice and python3-uno; on a machine without them these tests are skipped with that reason.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import balances, found

from odpracowanie.cli import main

LO_FILL = Path(__file__).resolve().with_name("lo_fill.py")
SYSTEM_PYTHON = "/usr/bin/python3"
SHEET, COPY = "Rozliczenie", "Rozliczenie (2)"
FORMATS = ("xlsx", "ods", "xls")


@cache
def _missing() -> str | None:
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) not installed"
    try:
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return f"{SYSTEM_PYTHON} not runnable"
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} has no uno (apt-get install python3-uno)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _typ(cell: str, text: str, sheet: str = SHEET) -> dict:
    return {"type": "typ", "sheet": sheet, "cell": cell, "text": text}


def _row(row: int, sheet: str = SHEET, **typed: str) -> list[dict]:
    return [_typ(f"{column}{row}", text, sheet) for column, text in typed.items()]


def _work(
    row: int,
    day: str,
    account: str,
    code: str,
    qty: str,
    unit: str,
    protocol: str,
    sheet: str = SHEET,
    **more: str,
) -> list[dict]:
    return _row(row, sheet, B=day, C=account, F=code, H=qty, I=unit, L=protocol, M="TAK", **more)


HEADER = [
    _typ("D4", "PGM"),
    _typ("D5", "Barbara Zielińska"),
    _typ("D6", "10.2026"),
    _typ("D7", "31.10.2026"),
]

# A month as a supervisor makes it: the second half on a copy of the sheet; text dates and
# decimal commas typed; a time typed in Ilość; a blank row left; two rows inserted (without the
# template's formulas); the rows sorted by date; an account merged over two rows; a filter
# hiding the REM row; a total row of their own.
MONTH_PLAN = [
    *HEADER,
    {"type": "copy_sheet", "sheet": SHEET, "new_name": COPY, "position": 1},
    *_work(13, "07.10.2026", "1001", "REM", "4", "h", "P/3"),
    *_work(14, "06.10.2026", "1002", "PORZ", "07:30", "h", "P/2"),
    *_work(15, "05.10.2026", "1001", "PORZ", "7,5", "h", "P/1", D="Jan Kowalski"),
    *_work(17, "08.10.2026", "1003", "PORZ", "3,5", "godz.", "P/4"),  # row 16 left blank
    {"type": "insert_rows", "sheet": SHEET, "before": 16, "count": 2},
    *_work(16, "09.10.2026", "1002", "PORZ", "2", "h", "P/5"),  # 17 stays blank, 8.10 is at 19
    *_work(20, "12.10.2026", "", "PORZ", "1", "h", "P/6"),
    {"type": "sort", "sheet": SHEET, "range": "A13:N20", "key_column": "B", "ascending": True},
    # now 5.10, 6.10, 7.10, 8.10, 9.10 (1002), 12.10 (no account) in rows 13–18
    {"type": "merge", "sheet": SHEET, "range": "C17:C18"},
    _typ("A30", "Ogółem:"),
    _typ("K30", "=SUM(K13:K29)"),
    {"type": "autofilter", "sheet": SHEET, "range": "A12:N30", "column": "F", "equals": "PORZ"},
    *_work(13, "20.10.2026", "1001", "PORZ", "8", "h", "P/7", sheet=COPY),
    *_work(14, "21.10.2026", "1002", "PORZ", "480", "min", "P/8", sheet=COPY),
]
# zł credited: 1001 7,5 h × 31,40 + 4 h × 35,00 (REM until 15.10) + 8 h × 31,40 = 626,70;
# 1002 (07:30 = 7,5 h) + 2 h + 1 h + 480 min = 18,5 h × 31,40 = 580,90; 1003 3,5 h = 109,90.
AFTER = {"1001": (4373.3, 400), "1002": (4419.1, 400), "1003": (4890.1, 400)}


def _fill(tmp_path: Path, template: Path, plan: list[dict]) -> dict[str, Path]:
    """`plan` typed into a copy of `template` in LibreOffice; the three saved files by format."""
    return fill_and_read(tmp_path, template, plan)[0]


def fill_and_read(
    tmp_path: Path, template: Path, plan: list[dict]
) -> tuple[dict[str, Path], list[dict]]:
    """`plan` typed into a copy of `template` in LibreOffice: the saved files by format, and
    what its `read` actions read."""
    source = tmp_path / "wzor.xlsx"
    shutil.copyfile(template, source)
    (tmp_path / "plan.json").write_text(
        json.dumps({"actions": plan}, ensure_ascii=False), encoding="utf-8"
    )
    done = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(LO_FILL),
            str(source),
            str(tmp_path / "plan.json"),
            str(tmp_path / "karta"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return {fmt: Path(path) for fmt, path in out["outputs"].items()}, out["reads"]


@pytest.fixture
def template(tmp_path, make_program) -> Path:
    """The template as `odpracowanie templates` writes it for the test programme's rates."""
    result = CliRunner().invoke(
        main, ["templates", str(tmp_path / "wzor"), "--program", str(make_program())]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "wzor" / "karta_pracy.xlsx"


def test_a_month_typed_in_libreoffice_is_credited_to_the_grosz(tmp_path, template, reconcile):
    saved = _fill(tmp_path, template, MONTH_PLAN)
    assert sorted(saved) == sorted(FORMATS)
    for fmt, path in saved.items():
        status, output, out = reconcile(path, out=tmp_path / f"wyniki_{fmt}" / "wyniki")
        assert balances(out / "salda_2026-10.xlsx") == AFTER, (fmt, output)
        assert "Błędy: 0" in output, (fmt, output)
        assert status == 0, (fmt, output)
        errors = CliRunner().invoke(
            main, ["validate", "--format", "json", "--month", "2026-10", str(path)]
        )
        codes = {i["code"] for i in json.loads(errors.stdout)}
        # the version is read from every format; only the weekly minimum is worth a word
        assert codes <= {"HOURS_WEEK_MIN"}, (fmt, codes)


def test_a_polish_7_5_that_became_a_date_is_reported_in_every_format(tmp_path, template, validate):
    plan = [
        *HEADER,
        *_work(13, "05.10.2026", "1001", "PORZ", "7.5", "h", "P/1"),
        *_work(14, "06.10.2026", "1001", "PORZ", "4", "h", "P/2"),
        *_work(15, "07.10.2026", "1001", "PORZ", "4", "h", "P/3"),
    ]
    for fmt, path in _fill(tmp_path, template, plan).items():
        marked = tmp_path / f"do_poprawy_{fmt}"
        status, issues = validate(path, extra=("--annotate", str(marked)))
        assert found(issues) == [("NUMBER_INVALID", SHEET, "H13", "1001")], (fmt, issues)
        assert "chodziło prawdopodobnie o 7,5" in issues[0]["message"], fmt
        assert status == 1
        # every format's annotated copy is an .xlsx with the supervisor's cells and the mark
        copy = openpyxl.load_workbook(marked / "karta.xlsx")[SHEET]
        assert "[NUMBER_INVALID]" in copy["H13"].comment.text, fmt
        assert copy["H13"].fill.fgColor.rgb.endswith("FF9999"), fmt
        assert (copy["C13"].value, copy["F14"].value, copy["L15"].value) == (
            "1001",
            "PORZ",
            "P/3",
        ), fmt
        assert copy["B14"].value.date() == dt.date(2026, 10, 6), fmt
