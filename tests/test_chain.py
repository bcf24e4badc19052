"""A month's chain of ledgers (SPEC §7, run identity): names that always sort after their
source, posting numbers that never repeat, and `ledger check` following the chain back
through the archives."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import sheet_rows, week_rows, work_row

from odpracowanie.cli import main


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _facts(ledger) -> dict:
    return {r[0]: r[1] for r in sheet_rows(ledger, "Przebieg") if r[0]}


def _chain(make_timesheet, make_program, reconcile, tmp_path):
    """October run, run again with a late timesheet, corrected, then approved."""
    program = make_program()
    _, _, first = reconcile(
        make_timesheet(week_rows(), name="a.xlsx"), program=program, out=tmp_path / "m1"
    )
    late = make_timesheet([*week_rows(), *week_rows("1002")], name="b.xlsx")
    _, _, second = reconcile(
        late, program=program, debts=first / "salda_2026-10.xlsx", out=tmp_path / "m2"
    )
    corrected = _run(
        *("correct", "--program", str(program), "--debts", str(second / "salda_2026-10_2.xlsx")),
        *("--out", str(tmp_path / "k"), "--reason", "błąd", "--document", "K/1"),
        *("--account", "1002", "--month", "2026-10"),
    )
    assert corrected.exit_code == 0, corrected.output
    approved = _run(
        *(
            "approve",
            "--program",
            str(program),
            "--debts",
            str(tmp_path / "k" / "salda_2026-10_3.xlsx"),
        ),
        *("--month", "2026-10", "--decision", "Zarządzenie 5/2026", "--date", "2026-11-20"),
        *("--out", str(tmp_path / "z")),
    )
    assert approved.exit_code == 0, approved.output
    return program, [
        first / "salda_2026-10.xlsx",
        second / "salda_2026-10_2.xlsx",
        tmp_path / "k" / "salda_2026-10_3.xlsx",
        tmp_path / "z" / "salda_2026-10_4.xlsx",
    ]


def test_each_ledger_names_its_source_and_its_number_in_the_month(
    make_timesheet, make_program, reconcile, tmp_path
):
    import hashlib

    _, ledgers = _chain(make_timesheet, make_program, reconcile, tmp_path)
    facts = [_facts(ledger) for ledger in ledgers]
    assert [f["Nr salda w miesiącu"] for f in facts] == [1, 2, 3, 4]
    ids = [f["Identyfikator salda"] for f in facts]
    assert len(set(ids)) == 4 and all(ids)
    assert facts[0]["Salda źródłowe: plik"] == "zadluzenie.xlsx"
    assert not facts[0]["Salda źródłowe: identyfikator"]  # a first debt workbook has none
    for ledger, made in zip(ledgers, facts[1:], strict=False):
        assert made["Salda źródłowe: plik"] == ledger.name
        assert made["Salda źródłowe: identyfikator"] == _facts(ledger)["Identyfikator salda"]
        assert made["Salda źródłowe: SHA-256"] == hashlib.sha256(ledger.read_bytes()).hexdigest()
    # every posting document of the chain has its own number, the ledger's
    assert [f["Nr polecenia księgowania"] for f in facts] == [
        "PK/ODPR/2026-10/1",
        "PK/ODPR/2026-10/2",
        "PK/ODPR/2026-10/3",
        "brak (nic nie zaksięgowano)",  # an approval rejecting nothing posts nothing
    ]
    # the names sort in the order the ledgers were made
    assert sorted(ledger.name for ledger in ledgers) == [ledger.name for ledger in ledgers]
    # the correction names the month it corrects, whatever ledger it ran on
    assert (tmp_path / "k" / "korekta_2026-10_K-1.xlsx").exists()
    posted = (tmp_path / "k" / "ksiegowanie_2026-10_3.csv").read_bytes().decode("cp1250")
    assert {line.split(";")[0] for line in posted.splitlines()[1:]} == {"PK/ODPR/2026-10/3"}


def test_a_correction_on_the_next_months_ledger_is_named_after_the_month_it_corrects(
    make_timesheet, make_program, reconcile, tmp_path
):
    from conftest import D

    program = make_program()
    _, _, october = reconcile(make_timesheet(week_rows()), program=program, out=tmp_path / "p")
    november = make_timesheet(
        [work_row(d, date=D(2026, 11, d)) for d in (2, 3)], name="lis.xlsx", month="2026-11"
    )
    _, _, nov = reconcile(
        november,
        program=program,
        month="2026-11",
        debts=october / "salda_2026-10.xlsx",
        out=tmp_path / "l",
    )
    result = _run(
        *("correct", "--program", str(program), "--debts", str(nov / "salda_2026-11.xlsx")),
        *("--out", str(tmp_path / "k"), "--reason", "błąd", "--document", "K/9"),
        *("--account", "1001", "--month", "2026-10"),
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "k").iterdir() if p.suffix == ".xlsx") == [
        "korekta_2026-10_K-9.xlsx",  # October's, though made on November's ledger
        "ksiegowanie_2026-11_2.xlsx",
        "salda_2026-11_2.xlsx",  # after salda_2026-11.xlsx, never before it
    ]


def test_ledger_check_follows_the_chain_through_the_archives(
    make_timesheet, make_program, reconcile, tmp_path
):
    program, ledgers = _chain(make_timesheet, make_program, reconcile, tmp_path)
    archives = [
        ledger.parent / ledger.name.replace("salda_", "archiwum_").replace(".xlsx", ".zip")
        for ledger in ledgers
    ]
    check = _run("ledger", "check", str(ledgers[-1]), *(f"--archive={a}" for a in archives))
    assert check.exit_code == 0, check.output
    assert "LEDGER_CHAIN" not in check.output

    # the supplementary run's ledger edited by hand, then corrected: the link is named
    edited = tmp_path / "reka" / "salda_2026-10_2.xlsx"
    edited.parent.mkdir()
    book = openpyxl.load_workbook(ledgers[1])
    book["Zadłużenie"]["B2"] = "Jan Kowalski-Nowak"
    book.save(edited)
    corrected = _run(
        *("correct", "--program", str(program), "--debts", str(edited)),
        *("--out", str(tmp_path / "k2"), "--reason", "błąd", "--document", "K/2"),
        *("--account", "1002", "--month", "2026-10"),
    )
    assert corrected.exit_code == 0, corrected.output
    check = _run(
        *("ledger", "check", str(tmp_path / "k2" / "salda_2026-10_3.xlsx")),
        *(f"--archive={a}" for a in archives[:2]),
    )
    assert check.exit_code == 1
    found = [line for line in check.output.splitlines() if "LEDGER_CHAIN" in line]
    assert len(found) == 1
    assert "powstało z pliku salda_2026-10_2.xlsx" in found[0]
    assert "archiwum archiwum_2026-10_2.zip" in found[0]
