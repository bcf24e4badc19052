"""samples/: the clean month validates with exit 0; every planted mistake is found at its cell;
the committed workbooks are what samples/make_samples.py writes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import openpyxl
import pytest

from odpracowanie.batch import run_validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _run(folder: str):
    return run_validate(
        [SAMPLES / folder],
        program_path=SAMPLES / "program.xlsx",
        debts_path=SAMPLES / "zadluzenie.xlsx",
        month=(2026, 10),
    )


def test_clean_month_has_no_issues():
    result = _run("2026-10")
    assert result.issues == [] and result.exit_code == 0
    assert result.rows > 100 and len(result.files) == 4


def _planted() -> list[tuple[str, str, str]]:
    """(file, cell, code) from the table in samples/bledne.md."""
    rows = []
    for line in (SAMPLES / "bledne.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[A-Z_]+", cells[2]):
            file = cells[0].split(" ")[0]
            rows.append((file, "" if cells[1] == "—" else cells[1], cells[2]))
    return rows


def test_every_planted_mistake_is_found_at_its_cell():
    planted = _planted()
    assert len(planted) >= 25
    found = {(i.file, i.cell, i.code) for i in _run("bledne").issues}
    missing = [p for p in planted if p not in found]
    assert missing == []


def test_mistakes_report_nothing_unexpected():
    planted = {(f, c) for f, _, c in _planted()}
    extra = {(i.file, i.code) for i in _run("bledne").issues} - planted
    assert {code for _, code in extra} <= {"HOURS_WEEK_MIN"}


@pytest.mark.slow
def test_committed_samples_are_what_the_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.write_all(tmp_path):
        relative = path.relative_to(tmp_path)
        committed = SAMPLES / relative
        if path.suffix == ".xlsx":
            assert _cells(committed) == _cells(path), relative
        else:
            assert committed.read_bytes() == path.read_bytes(), relative


def _cells(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    return {s.title: [[c.value for c in r] for r in s.iter_rows()] for s in book.worksheets}


@pytest.mark.parametrize("name", ["program.xlsx", "zadluzenie.xlsx"])
def test_sample_master_data_reads_clean(name):
    from odpracowanie.readers.debts import read_debts
    from odpracowanie.readers.program import read_program

    reader = read_program if name == "program.xlsx" else read_debts
    assert reader(SAMPLES / name).issues == []


def test_krakow_sample_runs_end_to_end(tmp_path):
    from click.testing import CliRunner

    from odpracowanie.cli import main

    krakow = SAMPLES / "krakow"
    out = tmp_path / "krakow"
    result = CliRunner().invoke(
        main,
        [
            "reconcile",
            "--program",
            str(krakow / "program.xlsx"),
            "--debts",
            str(krakow / "zadluzenie.xlsx"),
            "--month",
            "2026-10",
            "--payments",
            str(krakow / "wplaty_2026-10.xlsx"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Dłużników zaliczonych: 12" in result.output
    assert "wpłat zaliczonych: 12" in result.output
    book = openpyxl.load_workbook(out / "zestawienie_2026-10.xlsx")
    summary = [tuple(c.value for c in row) for row in book["Zestawienie"].iter_rows()]
    sums = [tuple(c.value for c in row) for row in book["Sumy i wykresy"].iter_rows()]
    offices = next(i for i, r in enumerate(sums) if r[0] == "Według biur przyjmujących wnioski")
    assert [r[1] for r in sums[offices + 2 : offices + 8]] == [
        "Dębniki",
        "Krowodrza",
        "Nowa Huta",
        "Podgórze",
        "Prądnik Czerwony",
        "Śródmieście",
    ]
    # Kraków credits interest first (Civil Code art. 451)
    first = next(r for r in summary if r[1] == "300101")
    assert first[4:8] == (640, 640, 389.85, 250.15)


def test_november_from_the_finance_systems_export_equals_november_from_the_ledger(tmp_path):
    """The README's second month: FK's CSV export (October booked) with October's ledger as
    `--history` gives the ledger that October's `salda_` alone gives."""
    from click.testing import CliRunner
    from conftest import sheet_rows

    from odpracowanie.cli import main

    def run(*args: str) -> None:
        result = CliRunner().invoke(
            main, ["reconcile", "--program", str(SAMPLES / "program.xlsx"), *args]
        )
        assert result.exit_code == 0, result.output

    october = tmp_path / "2026-10"
    run(
        "--debts",
        str(SAMPLES / "zadluzenie.xlsx"),
        "--month",
        "2026-10",
        "--out",
        str(october),
        str(SAMPLES / "2026-10"),
    )
    ledger = october / "salda_2026-10.xlsx"
    november = str(SAMPLES / "2026-11")
    # (two branches of one chain kept apart, so that each is the month's first)
    a, b = tmp_path / "a" / "wyniki", tmp_path / "b" / "wyniki"
    run("--debts", str(ledger), "--month", "2026-11", "--out", str(a), november)
    fk = SAMPLES / "fk" / "salda_fk_2026-10.csv"
    run(
        "--debts",
        str(fk),
        "--history",
        str(ledger),
        "--month",
        "2026-11",
        "--out",
        str(b),
        november,
    )
    for sheet in ("Zadłużenie", "Historia prac", "Historia rozliczeń"):
        direct = sheet_rows(a / "salda_2026-11.xlsx", sheet)
        assert sheet_rows(b / "salda_2026-11.xlsx", sheet) == direct, sheet


def test_the_costs_sample_credits_costs_first_and_books_them(tmp_path):
    """The README's art. 451 sample: October's timesheets on debts with court costs."""
    from click.testing import CliRunner
    from conftest import sheet_rows

    from odpracowanie.cli import main

    costs = SAMPLES / "koszty"
    out = tmp_path / "koszty"
    result = CliRunner().invoke(
        main,
        [
            *("reconcile", "--program", str(costs / "program.xlsx")),
            *("--debts", str(costs / "zadluzenie.xlsx"), "--month", "2026-10"),
            *("--out", str(out), str(SAMPLES / "2026-10")),
        ],
    )
    assert result.exit_code == 0, result.output
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "the same 14 961,00 zł, of which 4 587,50 zł goes to costs" in readme
    assert (
        "Zaliczono: 14 961,00 zł (należność główna 7 195,42 zł, odsetki 3 178,08 zł, "
        "koszty 4 587,50 zł)" in result.output
    )
    # 104512 owes 1 250,00 zł of costs: its 1 507,20 zł pays them, then 257,20 zł interest
    lines = sheet_rows(out / "salda_2026-10.xlsx", "Historia rozliczeń")
    heads = lines[0]
    line = dict(zip(heads, next(r for r in lines if r[1] == "104512"), strict=True))
    assert (line["Na koszty (zł)"], line["Na odsetki (zł)"], line["Na należność główną (zł)"]) == (
        1250,
        257.2,
        0,
    )
    booked = (out / "ksiegowanie_2026-10.csv").read_bytes().decode("cp1250").splitlines()
    total = sum(int(r.split(";")[5].replace(",", "")) for r in booked[1:])
    assert total == 1496100
    check = CliRunner().invoke(main, ["ledger", "check", str(out / "salda_2026-10.xlsx")])
    assert check.exit_code == 0, check.output


def test_the_coordinators_sample_withholds_work_outside_a_referral_and_reminds_a_unit(tmp_path):
    """The README's coordinator part: samples/koordynator/program.xlsx on October."""
    from click.testing import CliRunner
    from conftest import sheet_rows

    from odpracowanie.cli import main

    program = str(SAMPLES / "koordynator" / "program.xlsx")
    queue = CliRunner().invoke(
        main, ["register", "queue", "--program", program, "--date", "2026-11-02"]
    )
    assert queue.exit_code == 0
    assert "Następna osoba do skierowania: Tomasz Kozłowski (konto 122390)." in queue.stdout
    out = tmp_path / "koordynator"
    result = CliRunner().invoke(
        main,
        [
            *("reconcile", "--program", program, "--debts", str(SAMPLES / "zadluzenie.xlsx")),
            *("--month", "2026-10", "--out", str(out), str(SAMPLES / "2026-10")),
        ],
    )
    assert result.exit_code == 1, result.output
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "credits 13 579,40 zł" in readme and "Zaliczono: 13 579,40 zł" in result.output
    assert "Wstrzymano: 122390 (NO_REFERRAL)" in result.output
    found = {(r[5], r[7]) for r in sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")[1:]}
    assert {("122390", "NO_REFERRAL"), ("", "TIMESHEET_MISSING")} <= found
    sent = CliRunner().invoke(main, ["send", str(out), "--to", "ksiegowosc@pgm.example.pl"])
    assert sent.exit_code == 0 and "przypomnienie_OPS.eml" in sent.output
    documents = CliRunner().invoke(
        main,
        [
            *("documents", "porozumienie", "--program", program),
            *("--debts", str(SAMPLES / "zadluzenie.xlsx"), "--out", str(tmp_path / "dok")),
        ],
    )
    assert documents.exit_code == 0, documents.output
    import docx

    document = docx.Document(str(tmp_path / "dok" / "porozumienie_123001.docx"))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    words = "6 840,00 zł (słownie: sześć tysięcy osiemset czterdzieści złotych, zero groszy)"
    assert words in text and words in readme
