"""A month's chain of ledgers (SPEC §7, run identity): names that always sort after their
source, posting numbers that never repeat, and `ledger check` following the chain back
through the archives."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import sheet_rows, week_rows, work_row

from odpracowanie.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


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
    # the earlier ledgers' archives are the chain's: no warning that they hold another ledger
    assert "LEDGER_CHAIN" not in check.output and "LEDGER_NOT_IN_ARCHIVE" not in check.output

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
    # (numbered after every ledger of October beside it: the chain's k and z hold 3 and 4)
    assert [p.name for p in (tmp_path / "k2").glob("salda_*.xlsx")] == ["salda_2026-10_5.xlsx"]
    check = _run(
        *("ledger", "check", str(tmp_path / "k2" / "salda_2026-10_5.xlsx")),
        *(f"--archive={a}" for a in archives[:2]),
    )
    assert check.exit_code == 1
    found = [line for line in check.output.splitlines() if "LEDGER_CHAIN" in line]
    assert len(found) == 1
    assert "powstało z pliku salda_2026-10_2.xlsx" in found[0]
    assert "archiwum archiwum_2026-10_2.zip" in found[0]


def test_a_month_rerun_sent_corrected_twice_and_approved_books_each_credit_once(tmp_path):
    """Issue 27's whole story on the samples: October run on the mistakes folder, run again
    with --force on the real timesheets, sent, corrected twice, approved; November on the
    finance system's export, which has not booked one account's October credit yet. Every
    posting number is unique, each folder holds and sends one run, and what finance is asked
    to book adds up, per account, to what the ledger credited — once."""
    import csv
    import io
    from collections import Counter
    from pathlib import Path

    from odpracowanie.readers.debts import read_debts

    samples = Path(__file__).resolve().parent.parent / "samples"
    program = str(samples / "program.xlsx")
    w = tmp_path / "wyniki"
    october = ("--program", program, "--month", "2026-10", "--out", str(w / "10"))
    first = _run(
        "reconcile", *october, "--debts", str(samples / "zadluzenie.xlsx"), str(samples / "bledne")
    )
    assert first.exit_code == 1, first.output
    again = _run(
        "reconcile",
        *october,
        "--debts",
        str(samples / "zadluzenie.xlsx"),
        "--force",
        str(samples / "2026-10"),
    )
    assert again.exit_code in (0, 1), again.output
    assert "Zaliczono: 14 961,00 zł" in again.output
    (aside,) = (w / "10").glob("zastapione_*")
    assert not list((w / "10").glob("do_poprawy"))  # the mistakes' marked copies went aside
    sent = _run("send", str(w / "10"), "--to", "ksiegowosc@example.pl")
    assert sent.exit_code == 0, sent.output
    drafts = sorted((w / "10" / "wysylka").iterdir())
    assert len(drafts) == 1  # to PGM only: the real timesheets have no errors to send back
    steps = [
        (
            "correct",
            "k1",
            "--document",
            "K/1",
            "--reason",
            "błąd",
            "--account",
            "104512",
            "--month",
            "2026-10",
        ),
        (
            "correct",
            "k2",
            "--document",
            "K/2",
            "--reason",
            "błąd",
            "--account",
            "110233",
            "--month",
            "2026-10",
        ),
        (
            "approve",
            "z",
            "--decision",
            "Zarządzenie 7/2026",
            "--date",
            "2026-11-20",
            "--month",
            "2026-10",
            "--reject",
            "120045",
        ),
    ]
    # numbered after the ledger of the run it replaced, whose postings are PK/ODPR/2026-10/1
    ledger = w / "10" / "salda_2026-10_2.xlsx"
    for command, folder, *args in steps:
        done = _run(
            command, "--program", program, "--debts", str(ledger), "--out", str(w / folder), *args
        )
        assert done.exit_code == 0, done.output
        (ledger,) = (w / folder).glob("salda_*.xlsx")
    assert ledger.name == "salda_2026-10_5.xlsx"
    # November: FK's export books everything but 104587's October credit
    final = read_debts(ledger).debts
    lines = final.settlements
    unbooked = int(lines.loc[lines["account"] == "104587", "to_principal"].sum())
    heads = "Nr konta;Dłużnik;Adres lokalu;Należność główna;Odsetki;Stan na"
    rows = [heads]
    for account, d in final.accounts.items():
        principal = d.principal + (unbooked if account == "104587" else 0)
        amounts = [f"{v // 100},{v % 100:02d}" for v in (principal, d.interest)]
        rows.append(";".join([account, d.debtor, d.address, *amounts, "31.10.2026"]))
    fk = tmp_path / "fk_11.csv"
    fk.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1250"))
    november = _run(
        "reconcile",
        "--program",
        program,
        "--debts",
        str(fk),
        "--history",
        str(ledger),
        "--month",
        "2026-11",
        "--out",
        str(w / "11"),
        str(samples / "2026-11"),
    )
    assert november.exit_code in (0, 1), november.output
    assert "Czeka na zaksięgowanie w F-K: 1 413,00 zł" in november.output
    nov = w / "11" / "salda_2026-11.xlsx"
    rows = sheet_rows(nov, "Do zaksięgowania")[1:]
    # what FK has not booked: 104587's October credit; the corrected or rejected accounts'
    # credit and its reversal, which FK's balance cannot tell booked from not (both or
    # neither), wait together at 0,00 zł; November's documents, as sent
    assert [r[:5] for r in rows if r[6].startswith("niezaksięgowane")] == [
        ("104587", "Anna Nowak", "2026-10", "PK/ODPR/2026-10/2", 1413)
    ]
    together = [(r[0], r[3], r[4]) for r in rows if r[6].startswith("razem 0,00 zł")]
    assert sorted(together) == [
        ("104512", "PK/ODPR/2026-10/2", 1507.2),
        ("104512", "PK/ODPR/2026-10/3", -1507.2),
        ("110233", "PK/ODPR/2026-10/2", 1130.4),
        ("110233", "PK/ODPR/2026-10/4", -1130.4),
        ("120045", "PK/ODPR/2026-10/2", 1926),
        ("120045", "PK/ODPR/2026-10/5", -1926),
    ]
    assert {r[3] for r in rows if r[6] == "wysłane do F-K"} == {"PK/ODPR/2026-11/1"}
    # every posting document finance gets (not the replaced run's) is numbered once, as the
    # ledger of its run says, and the amounts of October add up to the ledger's, per account
    numbers: Counter = Counter()
    booked: Counter = Counter()
    for folder in ("10", "k1", "k2", "z", "11"):
        for path in (w / folder).glob("ksiegowanie_*.csv"):
            text = path.read_bytes().decode("cp1250")
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
            (number,) = {r[0] for r in rows}
            numbers[number] += 1
            (own,) = (w / folder).glob("salda_*.xlsx")
            assert _facts(own)["Nr polecenia księgowania"] == number
            for r in rows:
                if "10.2026" in r[6]:
                    booked[r[2]] += int(r[5].replace(",", ""))
    assert set(numbers.values()) == {1} and len(numbers) == 5
    credited = read_debts(nov).debts.settlements
    of_october = credited[credited["month"] == "2026-10"]
    expected = of_october.groupby("account")[["to_principal", "to_interest"]].sum().sum(axis=1)
    assert {a: v for a, v in booked.items() if v} == {a: int(v) for a, v in expected.items() if v}
    # the replaced run (the mistakes) stays aside whole, its marked copies with it
    assert (aside / "bledy_2026-10.xlsx").exists() and any((aside / "do_poprawy").iterdir())


def test_a_ledger_renamed_by_the_clerk_is_still_found_in_its_archive_by_its_identifier(
    make_timesheet, make_program, reconcile, tmp_path
):
    import shutil

    _, _, out = reconcile(make_timesheet(week_rows()), program=make_program(), out=tmp_path / "m")
    renamed = tmp_path / "saldo_pazdziernik.xlsx"
    shutil.copy(out / "salda_2026-10.xlsx", renamed)
    check = _run("ledger", "check", str(renamed), "--archive", str(out / "archiwum_2026-10.zip"))
    assert check.exit_code == 0 and "LEDGER_NOT_IN_ARCHIVE" not in check.output, check.output
    book = openpyxl.load_workbook(renamed)
    book["Zadłużenie"]["B2"] = "Jan Kowalsky"
    book.save(renamed)
    check = _run("ledger", "check", str(renamed), "--archive", str(out / "archiwum_2026-10.zip"))
    assert check.exit_code == 1 and "Jan Kowalsky" in check.output, check.output


def test_two_runs_from_one_ledger_into_two_folders_never_share_a_posting_number(
    make_timesheet, make_program, make_debts, reconcile, tmp_path
):
    import json
    from functools import partial

    program = make_program()
    reconcile = partial(reconcile, debts=make_debts())
    sheet = make_timesheet(week_rows(), name="a.xlsx")
    wyniki = tmp_path / "wyniki"
    _, output, first = reconcile(sheet, program=program, out=wyniki / "2026-10")
    assert "LEDGER_BRANCH" not in output
    # the clerk tries the month again from the same debts into another folder beside it
    _, output, second = reconcile(sheet, program=program, out=wyniki / "2026-10-proba")
    assert not (second / "salda_2026-10.xlsx").exists()
    ledger = second / "salda_2026-10_2.xlsx"
    assert _facts(ledger)["Nr polecenia księgowania"] == "PK/ODPR/2026-10/2"
    assert (second / "ksiegowanie_2026-10_2.csv").exists()
    said = [line for line in output.splitlines() if "powstało już saldo" in line]
    assert len(said) == 1 and "2026-10 (polecenie księgowania PK/ODPR/2026-10/1)" in said[0]
    assert "PK/ODPR/2026-10/2" in said[0]
    manifest = json.loads((second / "przebieg.json").read_text(encoding="utf-8"))
    assert (manifest["ledger_month"], manifest["ledger_number"]) == ("2026-10", 2)
    # a third, and a correction from the first ledger into two folders, likewise
    _, _, third = reconcile(sheet, program=program, out=wyniki / "2026-10-trzeci")
    assert (third / "salda_2026-10_3.xlsx").exists()
    for n, name in ((2, "k1"), (3, "k2")):
        corrected = _run(
            *("correct", "--program", str(program), "--debts", str(first / "salda_2026-10.xlsx")),
            *("--out", str(tmp_path / name), "--reason", "błąd", "--document", "K/1"),
            *("--account", "1001", "--month", "2026-10"),
        )
        assert corrected.exit_code == 0, corrected.output
        assert (tmp_path / name / f"salda_2026-10_{n}.xlsx").exists()


def test_a_ledger_made_from_another_branch_is_numbered_after_every_branch_of_its_month(
    tmp_path,
):
    """reconcile -> two corrections of the month's ledger into two folders (2, then 3) ->
    the decision on the first correction's ledger: number 4, not 3 again (the chain is one,
    whichever branch a ledger grows from)."""
    from conftest import reconcile_samples

    program = str(SAMPLES / "program.xlsx")
    first = reconcile_samples(tmp_path / "2026-10")

    def correct(debts, out: str, account: str):
        args = [
            "correct",
            "--program",
            program,
            "--debts",
            str(debts),
            "--out",
            str(tmp_path / out),
        ]
        args += ["--reason", "błąd", "--document", f"K/{out}", "--account", account]
        result = _run(*args, "--month", "2026-10")
        assert result.exit_code == 0, result.output

    correct(first, "k1", "104512")
    correct(first, "k2", "104587")
    assert (tmp_path / "k1" / "salda_2026-10_2.xlsx").exists()
    assert (tmp_path / "k2" / "salda_2026-10_3.xlsx").exists()
    approved = _run(
        *(
            "approve",
            "--program",
            program,
            "--debts",
            str(tmp_path / "k1" / "salda_2026-10_2.xlsx"),
        ),
        *("--month", "2026-10", "--decision", "Z/1", "--date", "2026-11-20"),
        *("--reject", "110233", "--out", str(tmp_path / "z")),
    )
    assert approved.exit_code == 0, approved.output
    assert (tmp_path / "z" / "ksiegowanie_2026-10_4.csv").exists()
    numbers = [
        _facts(path)["Nr polecenia księgowania"]
        for path in (
            tmp_path / "k1" / "salda_2026-10_2.xlsx",
            tmp_path / "k2" / "salda_2026-10_3.xlsx",
            tmp_path / "z" / "salda_2026-10_4.xlsx",
        )
    ]
    assert numbers == ["PK/ODPR/2026-10/2", "PK/ODPR/2026-10/3", "PK/ODPR/2026-10/4"]
    # every ledger of the chain names its root
    chains = {
        _facts(p)["Łańcuch sald (SHA-256 pierwszego zadłużenia)"]
        for p in (first, tmp_path / "z" / "salda_2026-10_4.xlsx")
    }
    assert len(chains) == 1 and len(next(iter(chains))) == 64
