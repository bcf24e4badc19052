"""Builders that write real .xlsx files into tmp_path; a test states only the cells it cares about.

Timesheets are written with openpyxl in a plain layout (not the template), like a workbook an
office made itself: a title, the label/value block, the table, optionally a `Razem` row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from odpracowanie.cli import main
from odpracowanie.labels import TEMPLATE_VERSION

# Scripts, not test modules: the LibreOffice driver (run by the system's Python with UNO) and
# the benchmark and the mutation script; `--doctest-modules` must not import them.
collect_ignore = ["lo_fill.py", "benchmark.py", "mutate.py"]

D = dt.date
MONTH = "2026-10"

TIMESHEET_HEADERS = (
    "Lp.",
    "Data",
    "Nr konta",
    "Dłużnik",
    "Wykonawca",
    "Kod pracy",
    "Rodzaj pracy",
    "Ilość",
    "Jednostka",
    "Stawka (zł)",
    "Wartość (zł)",
    "Nr protokołu odbioru",
    "Odebrano",
    "Uwagi",
)
FIELD_OF = dict(
    zip(
        (
            "lp",
            "date",
            "account",
            "debtor",
            "worker",
            "code",
            "work",
            "qty",
            "unit",
            "rate",
            "value",
            "protocol",
            "accepted",
            "remarks",
        ),
        TIMESHEET_HEADERS,
        strict=True,
    )
)

# A small register: valid PESEL numbers (checked with python-stdnum in test_register).
PEOPLE = {
    "1001": ("Jan Kowalski", "71031412371"),
    "1002": ("Anna Nowak", "83070210489"),
    "1003": ("Piotr Zieliński", "65120103370"),
}
PROXY_ADULT = ("1001", "Marek Kowalski", "98052123495")


def work_row(day: int = 5, account: str = "1001", **extra: object) -> dict[str, object]:
    """A valid accepted row: 4 h of PORZ (31,40 zł) on 2026-10-`day`."""
    row = {
        "date": D(2026, 10, day),
        "account": account,
        "debtor": PEOPLE[account][0] if account in PEOPLE else "",
        "worker": "",
        "code": "PORZ",
        "qty": 4,
        "unit": "h",
        "protocol": f"P/{day}",
        "accepted": "TAK",
    }
    row.update(extra)
    return row


def week_rows(account: str = "1001", days: tuple[int, ...] = (8, 9)) -> list[dict[str, object]]:
    """Two 4-hour rows on 8 and 9.10.2026: with any other row of the week 5–11.10, at least
    the 8-hour weekly minimum."""
    return [work_row(d, account) for d in days]


@pytest.fixture
def make_timesheet(tmp_path: Path):
    def build(
        rows: list[dict[str, object]] | None = None,
        *,
        name: str = "karta.xlsx",
        unit: object = "PGM",
        month: object = MONTH,
        above: int = 0,
        header_row: int | None = None,
        total: bool = False,
        sheet: str = "Rozliczenie",
        headers: dict[str, str] | None = None,
        drop: tuple[str, ...] = (),
        version: str | None = TEMPLATE_VERSION,
        folder: Path | None = None,
    ) -> Path:
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        top = 1 + above
        ws.cell(top, 1, "ROZLICZENIE WYKONANYCH PRAC")
        ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=8)
        ws.cell(top + 2, 1, "Jednostka organizacyjna:")
        ws.cell(top + 2, 3, unit)
        ws.cell(top + 3, 1, "Osoba nadzorująca:")
        ws.cell(top + 3, 3, "Barbara Zielińska")
        ws.cell(top + 4, 1, "Miesiąc rozliczenia:")
        ws.cell(top + 4, 3, month)
        hrow = header_row or top + 6
        names = {**FIELD_OF, **(headers or {})}
        fields = [f for f in FIELD_OF if f not in drop]
        for col, field in enumerate(fields, start=1):
            ws.cell(hrow, col, names[field])
        for r, row in enumerate(rows or [], start=hrow + 1):
            for col, field in enumerate(fields, start=1):
                value = row.get(field, r - hrow if field == "lp" else None)
                if value is not None:
                    cell = ws.cell(r, col, value)
                    if isinstance(value, dt.date):
                        cell.number_format = "dd.mm.yyyy"
                    if isinstance(value, dt.time):
                        cell.number_format = "hh:mm"
        if total:
            last = hrow + len(rows or []) + 1
            ws.cell(last, 1, "Razem")
            ws.cell(last, 11, f"=SUM(K{hrow + 1}:K{last - 1})")
        if version:
            from openpyxl.workbook.defined_name import DefinedName

            book.defined_names["wersja_szablonu"] = DefinedName(
                "wersja_szablonu", attr_text=f'"{version}"'
            )
        path = (folder or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return path

    return build


def _sheet(book, title: str, headers: list[str], rows: list[list[object]]):
    ws = book.create_sheet(title)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    return ws


def register_row(n: int, spec: dict[str, object]) -> dict[str, object]:
    """The `n`th row of the test register: a participant since 1.03.2026 with BHP training and
    insurance for 2026, PEOPLE's name and PESEL for the account; `spec` overrides any field."""
    name, pesel = PEOPLE.get(str(spec["account"]), ("Osoba Testowa", "71031412371"))
    return {
        "application": f"W/{n}",
        "application_date": D(2026, 1, n),
        "name": name,
        "pesel": pesel,
        "address": "ul. Testowa 1",
        "legal_title": "najemca",
        "status": "uczestnik",
        "qualified_on": D(2026, 2, 1),
        "agreement_on": D(2026, 3, 1),
        "refusals": 0,
        "bhp_on": D(2026, 3, 1),
        "insurance_from": D(2026, 1, 1),
        "insurance_to": D(2026, 12, 31),
        **spec,
    }


@pytest.fixture
def make_program(tmp_path: Path):
    def build(
        *,
        params: dict[str, object] | None = None,
        rates: list[list[object]] | None = None,
        participants: list[dict[str, object]] | None = None,
        proxies: list[list[object]] | None = None,
        units: list[list[object]] | None = None,
        name: str = "program.xlsx",
        referrals: list[list[object]] | None = None,
        offers: list[list[object]] | None = None,
    ) -> Path:
        """`referrals`: rows of Skierowania (Nr skierowania, Nr konta, Kod jednostki, Od,
        Do); `offers`: rows of Oferty (Data, Nr konta, Kod jednostki, Praca, Odpowiedź)."""
        book = openpyxl.Workbook()
        book.remove(book.active)
        _sheet(
            book,
            "Parametry",
            ["Parametr", "Wartość", "Opis"],
            [[k, v, ""] for k, v in (params or {}).items()],
        )
        _sheet(
            book,
            "Stawki",
            ["Kod", "Rodzaj pracy", "Jednostka", "Stawka (zł)", "Obowiązuje od", "Obowiązuje do"],
            rates
            if rates is not None
            else [
                ["PORZ", "Prace porządkowe", "h", 31.40, D(2026, 1, 1), None],
                ["REM", "Remonty", "h", 35.00, D(2025, 1, 1), D(2026, 10, 15)],
                ["REM", "Remonty", "h", 36.50, D(2026, 10, 16), None],
                ["MYC", "Mycie okien", "m2", 2.50, D(2026, 1, 1), None],
            ],
        )
        _sheet(
            book,
            "Jednostki",
            ["Kod jednostki", "Nazwa", "Nadzorujący", "E-mail"],
            units
            if units is not None
            else [["PGM", "PGM Żyrardów", "Barbara Zielińska", "bz@example.pl"]],
        )
        people = participants if participants is not None else [{"account": a} for a in PEOPLE]
        rows = []
        for n, spec in enumerate(people, start=1):
            person = register_row(n, spec)
            rows.append(
                [
                    person[k]
                    for k in (
                        "application",
                        "application_date",
                        "account",
                        "name",
                        "pesel",
                        "address",
                        "legal_title",
                        "status",
                        "qualified_on",
                        "agreement_on",
                        "refusals",
                        "bhp_on",
                        "insurance_from",
                        "insurance_to",
                    )
                ]
                + [person.get("office")]
            )
        _sheet(
            book,
            "Uczestnicy",
            [
                "Nr wniosku",
                "Data wniosku",
                "Nr konta",
                "Imię i nazwisko",
                "PESEL",
                "Adres lokalu",
                "Tytuł prawny",
                "Status",
                "Data kwalifikacji",
                "Data porozumienia",
                "Liczba odmów",
                "Szkolenie BHP",
                "NNW od",
                "NNW do",
                "Biuro",
            ],
            rows,
        )
        _sheet(
            book,
            "Upoważnieni",
            ["Nr konta", "Imię i nazwisko", "PESEL"],
            proxies if proxies is not None else [list(PROXY_ADULT)],
        )
        if referrals is not None:
            heads = ["Nr skierowania", "Nr konta", "Kod jednostki", "Od", "Do"]
            _sheet(book, "Skierowania", heads, referrals)
        if offers is not None:
            heads = ["Data", "Nr konta", "Kod jednostki", "Praca", "Odpowiedź"]
            _sheet(book, "Oferty", heads, offers)
        path = tmp_path / name
        book.save(path)
        return path

    return build


@pytest.fixture
def make_debts(tmp_path: Path):
    def build(
        rows: list[list[object]] | None = None,
        name: str = "zadluzenie.xlsx",
        heads: list[str] | None = None,
    ) -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        _sheet(
            book,
            "Zadłużenie",
            heads
            or ["Nr konta", "Dłużnik", "Adres lokalu", "Należność główna", "Odsetki", "Stan na"],
            rows
            if rows is not None
            else [
                [a, n, "ul. Testowa 1", 5000.00, 400.00, D(2026, 9, 30)]
                for a, (n, _) in PEOPLE.items()
            ],
        )
        path = tmp_path / name
        book.save(path)
        return path

    return build


@pytest.fixture
def validate(make_program, make_debts):
    """Run `odpracowanie validate --format json` through CliRunner; returns (exit, issues)."""

    def run(
        *paths: Path,
        program: Path | bool | None = True,
        debts: Path | bool | None = True,
        month: str | None = MONTH,
        extra: tuple[str, ...] = (),
    ):
        args = ["validate", "--format", "json"]
        if program is True:
            program = make_program()
        if debts is True:
            debts = make_debts()
        if program:
            args += ["--program", str(program)]
        if debts:
            args += ["--debts", str(debts)]
        if month:
            args += ["--month", month]
        result = CliRunner().invoke(main, [*args, *extra, *map(str, paths)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        issues = json.loads(result.stdout) if result.stdout.strip().startswith("[") else []
        return result.exit_code, issues

    return run


def found(issues: list[dict], code: str | None = None) -> list[tuple]:
    """(code, sheet, cell, account) of each issue, optionally of one code."""
    return [
        (i["code"], i["sheet"], i["cell"], i["account"])
        for i in issues
        if code is None or i["code"] == code
    ]


def codes(issues: list[dict]) -> list[str]:
    return [i["code"] for i in issues]


@pytest.fixture
def reconcile(make_program, make_debts, tmp_path):
    """Run `odpracowanie reconcile` through CliRunner; returns (exit, output, out_dir)."""

    def run(
        *paths: Path,
        program: Path | None = None,
        debts: Path | None = None,
        month: str = MONTH,
        out: Path | None = None,
        extra: tuple[str, ...] = (),
    ):
        out = out or tmp_path / "wyniki"
        args = [
            "reconcile",
            "--program",
            str(program or make_program()),
            "--debts",
            str(debts or make_debts()),
            "--month",
            month,
            "--out",
            str(out),
            *extra,
            *map(str, paths),
        ]
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        return result.exit_code, result.output, out

    return run


def reconcile_samples(out: Path) -> Path:
    """The samples' October reconciled by the command line into `out`: its ledger."""
    samples = Path(__file__).resolve().parent.parent / "samples"
    args = ["--program", str(samples / "program.xlsx"), "--debts", str(samples / "zadluzenie.xlsx")]
    args += ["--month", "2026-10", "--out", str(out), str(samples / "2026-10")]
    result = CliRunner().invoke(main, ["reconcile", *args])
    assert result.exit_code in (0, 1), result.output  # 1: a debtor withheld, as the samples hold
    return out / "salda_2026-10.xlsx"


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    """All rows of a sheet as tuples of values (header first)."""
    book = openpyxl.load_workbook(path)
    return [tuple(r) for r in book[sheet].iter_rows(values_only=True)]


def balances(path: Path) -> dict[str, tuple]:
    """Nr konta -> (principal, interest) from a written salda_ workbook."""
    return {r[0]: (r[3], r[4]) for r in sheet_rows(path, "Zadłużenie")[1:]}


def peak_memory_mb(statement: str, setup: str = "") -> tuple[float, float]:
    """Memory of `statement` run in a fresh Python after `setup`: how much its peak resident
    memory rose above the resident memory after `setup`, and the largest peak of any child
    process it started (MB). A fresh process, because a peak within the test run's own
    process stays at whatever an earlier test reached; and the peak is reset after `setup`
    (Linux's /proc/self/clear_refs), so that what imports briefly held does not hide what the
    statement holds."""
    if not sys.platform.startswith("linux"):
        pytest.skip("memory is measured through Linux's /proc")
    script = "\n".join(
        [
            setup,
            "import resource",
            "def _status(key):",
            "    for line in open('/proc/self/status'):",
            "        if line.startswith(key):",
            "            return int(line.split()[1])",
            "with open('/proc/self/clear_refs', 'w') as _f:",
            "    _f.write('5')",
            "_before = _status('VmRSS:')",
            "try:",
            *(f"    {line}" for line in statement.splitlines()),
            "except SystemExit:",
            "    pass",
            "_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss",
            "print('PEAK', _status('VmHWM:') - _before, _children)",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    peak = [line for line in result.stdout.splitlines() if line.startswith("PEAK ")]
    assert peak, result.stderr
    grown, children = peak[-1].split()[1:]
    return int(grown) / 1024, int(children) / 1024


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(
    source: Path, fmt: str, out: Path, locale: str | None = None, infilter: str | None = None
) -> Path:
    """`source` opened and saved as `fmt` (`pdf`, `xlsx`, ...) by a headless LibreOffice into
    `out`, with a profile of its own there (and `locale` as its language when given; a text
    file read with the import filter `infilter`, e.g. `CSV:59,34,33,1,,1045`)."""
    env = dict(os.environ)
    if locale is not None:
        env.update(LANG=locale, LC_ALL=locale, LANGUAGE=locale.split(".")[0])
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(out / 'profile').resolve().as_uri()}",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return out / f"{source.stem}.{fmt.split(':')[0]}"
