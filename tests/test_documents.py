"""The programme's documents (SPEC §9): `odpracowanie documents KIND` from Word templates, with
the debtor's data and the amounts in figures and in words; the office's own templates; the
printed page."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import SOFFICE, D, lo_convert, week_rows, work_row

from odpracowanie.cli import main
from odpracowanie.core.words import amount_in_words
from odpracowanie.labels import DOCUMENT_TEXTS
from odpracowanie.writers.document_templates import build

ROOT = Path(__file__).resolve().parent.parent
UNITS = [["PGM", "PGM Żyrardów", "Barbara Zielińska", "bz@example.pl"]]
# 1002 and 1003 qualified (1003 without a tenancy title); 1001 a participant.
PEOPLE = [
    {"account": "1001"},
    {"account": "1002", "status": "zakwalifikowany", "address": "ul. Źródlana 1/2"},
    {
        "account": "1003",
        "status": "zakwalifikowany",
        "legal_title": "bez tytułu prawnego",
        "address": "ul. Wąska 3",
    },
]
DEBTS = [
    ["1001", "Jan Kowalski", "ul. Testowa 1", 5000.00, 400.00, 0, D(2026, 9, 30)],
    ["1002", "Anna Nowak", "ul. Źródlana 1/2", 1234.56, 0.05, 120.00, D(2026, 9, 30)],
    ["1003", "Piotr Zieliński", "ul. Wąska 3", 2000.00, 22.22, 0, D(2026, 9, 30)],
]
HEADS = ["Nr konta", "Dłużnik", "Adres lokalu", "Należność główna", "Odsetki", "Koszty", "Stan na"]


@pytest.mark.parametrize(
    ("grosze", "words"),
    [
        (1, "zero złotych, jeden grosz"),
        (100, "jeden złoty, zero groszy"),
        (200, "dwa złote, zero groszy"),
        (500, "pięć złotych, zero groszy"),
        (1200, "dwanaście złotych, zero groszy"),
        (2200, "dwadzieścia dwa złote, zero groszy"),
        (10100, "sto jeden złotych, zero groszy"),
        (123456, "tysiąc dwieście trzydzieści cztery złote, pięćdziesiąt sześć groszy"),
        (222222, "dwa tysiące dwieście dwadzieścia dwa złote, dwadzieścia dwa grosze"),
        (500000, "pięć tysięcy złotych, zero groszy"),
        (100000000, "milion złotych, zero groszy"),
        (-150, "minus jeden złoty, pięćdziesiąt groszy"),
    ],
)
def test_amounts_in_words(grosze, words):
    assert amount_in_words(grosze) == words


def _text(path: Path) -> str:
    """Every paragraph's and table cell's text of a .docx (amounts keep their non-breaking
    spaces in the document; read here as plain ones)."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts).replace("\u00a0", " ")


def _run(*args: str):
    return CliRunner().invoke(main, ["documents", *args])


@pytest.fixture
def register(make_program, make_debts):
    referrals = [["S/7/2026", "1001", "PGM", D(2026, 10, 1), None]]
    program = make_program(participants=PEOPLE, units=UNITS, referrals=referrals)
    return program, make_debts(DEBTS, heads=HEADS)


@pytest.mark.parametrize(
    ("kind", "accounts"),
    [
        ("kwalifikacja", ["1002", "1003"]),
        ("aneks", ["1001", "1002"]),
        ("porozumienie", ["1001", "1002"]),
        ("umowa", ["1003"]),
        ("skierowanie", ["1001"]),
    ],
)
def test_each_kind_holds_the_debtor_and_the_amounts_in_figures_and_words(
    register, tmp_path, kind, accounts
):
    program, debts = register
    out = tmp_path / "dok"
    result = _run(kind, "--program", str(program), "--debts", str(debts), "--out", str(out))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.glob("*.docx"))
    expected = (
        [f"{kind}_S-7-2026.docx"]
        if kind == "skierowanie"
        else [f"{kind}_{a}.docx" for a in accounts]
    )
    assert written == sorted(expected)
    people = {r[0]: r for r in DEBTS}
    for name, account in zip(sorted(expected), sorted(accounts), strict=True):
        text = _text(out / name)
        _, debtor, address, principal, interest, costs, _ = people[account]
        total = round((principal + interest + costs) * 100)
        assert debtor in text and address in text and account in text
        assert f"nr konta {account}" in text
        shown = f"{total // 100:,}".replace(",", " ") + f",{total % 100:02d} zł"
        assert shown in text, (name, shown)
        assert f"słownie: {amount_in_words(total)}" in text
        assert "{{" not in text and "{%" not in text
    if kind == "kwalifikacja":  # the words agree with the person's sex, from the PESEL
        assert "Pani została zakwalifikowana" in _text(out / "kwalifikacja_1002.docx")
        assert "Pan został zakwalifikowany" in _text(out / "kwalifikacja_1003.docx")
    if kind == "porozumienie":
        # a participant's copy keeps the day the register says it was signed
        assert "zawarte w dniu 01.03.2026" in _text(out / "porozumienie_1001.docx")
        text = _text(out / "porozumienie_1002.docx")
        assert "koszty sądowe i egzekucyjne 120,00 zł" in text  # Anna Nowak's costs
        assert "należność główna, odsetki (§ 5 ust. 21)" in text  # as Żyrardów names it
        assert "PORZ" in text and "31,40 zł" in text  # the rates table, row by row
        assert "nie mniejszym niż 8 godzin" in text
    if kind == "skierowanie":
        text = _text(out / "skierowanie_S-7-2026.docx")
        assert "Skierowanie nr S/7/2026" in text
        assert "do jednostki PGM Żyrardów (PGM), pod nadzór: Barbara Zielińska" in text
        assert "na okres od 01.10.2026 do odwołania" in text


def test_the_request_to_the_mayor_has_the_months_amounts_from_the_ledger(
    make_program, make_debts, make_timesheet, reconcile, tmp_path
):
    program = make_program()
    code, output, out = reconcile(
        make_timesheet([work_row(5), *week_rows(), *week_rows("1002")]), program=program
    )
    assert code == 0, output
    result = _run(
        *("wniosek", "--program", str(program), "--debts", str(out / "salda_2026-10.xlsx")),
        *("--month", "2026-10", "--out", str(tmp_path / "dok"), "--date", "2026-11-05"),
    )
    assert result.exit_code == 0, result.output
    text = _text(tmp_path / "dok" / "wniosek_2026-10.docx")
    # 1001: 12 h = 376,80 zł; 1002: 8 h = 251,20 zł; together 628,00 zł
    assert "za 10.2026" in text and "w kwocie 628,00 zł" in text
    assert "słownie: sześćset dwadzieścia osiem złotych, zero groszy" in text
    assert "uczestników programu: 2, godzin pracy: 20" in text
    document = docx.Document(str(tmp_path / "dok" / "wniosek_2026-10.docx"))
    rows = [[c.text.replace("\u00a0", " ") for c in r.cells] for r in document.tables[0].rows]
    assert rows[1][:4] == ["1", "1001", "Jan Kowalski", "12"]
    assert rows[1][7] == "376,80 zł" and rows[2][7] == "251,20 zł"
    assert rows[-1][2:] == ["Razem", "20", "628,00 zł", "0,00 zł", "0,00 zł", "628,00 zł"]
    no_ledger = _run("wniosek", "--program", str(program), "--out", str(tmp_path / "x"))
    assert no_ledger.exit_code == 2 and "--month" in no_ledger.output


def test_the_offices_own_template_is_used_and_a_broken_one_names_the_field(register, tmp_path):
    program, debts = register
    own = tmp_path / "wzory"
    own.mkdir()
    document = docx.Document()
    document.add_paragraph("Pismo biura dla {{ dluznik }} ({{ nr_konta }}): {{ zadluzenie }}.")
    document.save(own / "kwalifikacja.docx")
    args = ("--program", str(program), "--debts", str(debts), "--templates", str(own))
    result = _run("kwalifikacja", *args, "--account", "1002", "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert _text(tmp_path / "a" / "kwalifikacja_1002.docx").strip() == (
        "Pismo biura dla Anna Nowak (1002): 1 354,61 zł."
    )
    # a kind the folder has no template of: said, never the default in its place
    result = _run("aneks", *args, "--account", "1002", "--out", str(tmp_path / "b"))
    assert result.exit_code == 2 and "nie ma pliku aneks.docx" in result.output

    document = docx.Document()
    document.add_paragraph("Dla {{ dluznik }}, saldo {{ saldo_konta }}.")
    document.save(own / "kwalifikacja.docx")
    result = _run("kwalifikacja", *args, "--out", str(tmp_path / "c"))
    assert result.exit_code == 2
    assert "Wzór kwalifikacja.docx: nie ma pola {{ saldo_konta }}" in result.output
    assert "dluznik" in result.output  # the fields it has
    assert not (tmp_path / "c").exists()  # nothing written

    document = docx.Document()
    document.add_paragraph("Dla {{ dluznik }, z błędem.")
    document.save(own / "kwalifikacja.docx")
    result = _run("kwalifikacja", *args, "--out", str(tmp_path / "d"))
    assert result.exit_code == 2 and "Wzór kwalifikacja.docx: błąd" in result.output
    assert "Dla {{ dluznik }, z błędem." in result.output

    (own / "kwalifikacja.docx").write_bytes(b"to nie jest dokument")
    result = _run("kwalifikacja", *args, "--out", str(tmp_path / "e"))
    assert result.exit_code == 2 and "nie jest dokumentem programu Word" in result.output


def test_a_name_with_xml_characters_stays_text(make_program, make_debts, tmp_path):
    people = [{"account": "1002", "status": "zakwalifikowany", "name": "Anna <B> & Syn"}]
    program = make_program(participants=people)
    result = _run("kwalifikacja", "--program", str(program), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "Sz. P. Anna <B> & Syn" in _text(tmp_path / "a" / "kwalifikacja_1002.docx")


def test_what_the_documents_cannot_be_made_for_is_said(register, make_program, tmp_path):
    program, debts = register
    out = str(tmp_path / "x")
    unknown = _run("porozumienie", "--program", str(program), "--account", "9999", "--out", out)
    assert unknown.exit_code == 2 and "nie ma numerów kont: 9999" in unknown.output
    plain = make_program(name="bez_skierowan.xlsx")  # everyone a participant, no referrals
    nobody = _run("umowa", "--program", str(plain), "--out", out)
    assert nobody.exit_code == 2 and "bez tytułu prawnego" in nobody.output
    no_log = _run("skierowanie", "--program", str(plain), "--out", out)
    assert no_log.exit_code == 2 and "arkusza Skierowania" in no_log.output
    assert not (tmp_path / "x").exists()


def test_the_shipped_templates_are_what_the_command_writes():
    """`input_templates/dokumenty` (for the office to edit) holds the default texts."""
    for kind in DOCUMENT_TEXTS:
        shipped = ROOT / "input_templates" / "dokumenty" / f"{kind}.docx"
        assert _text(shipped) == _text_of(build(kind)), kind
        # the text and its layout (a heading kept with its paragraph, widths, styles)
        with zipfile.ZipFile(shipped) as ours, zipfile.ZipFile(io.BytesIO(build(kind))) as now:
            assert ours.read("word/document.xml") == now.read("word/document.xml"), kind


def _text_of(data: bytes) -> str:
    path = io.BytesIO(data)
    assert zipfile.is_zipfile(path)
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


needs_office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftoppm") is None, reason="LibreOffice not installed"
)


@needs_office
@pytest.mark.slow
def test_every_document_prints_on_a4_pages_with_its_text(register, make_debts, tmp_path):
    """Each kind printed by LibreOffice: A4, at most two pages, the debtor and the amount in
    the printed text, and a PNG of its first page to look at."""
    program, debts = register
    out = tmp_path / "dok"
    for kind, account in (
        ("kwalifikacja", "1002"),
        ("aneks", "1002"),
        ("porozumienie", "1002"),
        ("umowa", "1003"),
        ("skierowanie", "1001"),
    ):
        args = ("--program", str(program), "--debts", str(debts), "--account", account)
        assert _run(kind, *args, "--out", str(out)).exit_code == 0
    for path in sorted(out.glob("*.docx")):
        pdf = lo_convert(path, "pdf", tmp_path / "pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(
            next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
        )
        assert 1 <= pages <= 2, path.name
        assert "pts (A4)" in info
        printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        flat = " ".join(printed.stdout.split())
        assert "nr konta" in flat and "słownie" in flat, path.name
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "50",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(pdf.with_suffix("")),
            ],
            check=True,
        )
        assert pdf.with_name(f"{pdf.stem}-1.png").stat().st_size > 5000
