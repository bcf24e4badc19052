"""The coordinator's log (SPEC §9): referrals (`Skierowania`, Zał. 6) and offers (`Oferty`).

Work outside a referral is withheld (NO_REFERRAL), a unit with referred people and no timesheet
is reminded (TIMESHEET_MISSING), refusals are counted from the offers, and the queue leaves out
who is referred already."""

from __future__ import annotations

import email
import email.policy
import json

from click.testing import CliRunner
from conftest import D, found, sheet_rows, week_rows, work_row

from odpracowanie.cli import main

UNITS = [
    ["PGM", "PGM Żyrardów", "Barbara Zielińska", "bz@example.pl"],
    ["ZDIZ", "Zarząd Dróg", "Tomasz Lis", "zdiz@example.pl"],
    ["MOSIR", "MOSiR", "Ewa Kruk", "mosir@example.pl"],
]
# 1001 to PGM for 1–15 October; 1002 to PGM until further notice; 1003 to MOSIR in October.
REFERRALS = [
    ["S/1/2026", "1001", "PGM", D(2026, 10, 1), D(2026, 10, 15)],
    ["S/2/2026", "1002", "pgm", D(2026, 9, 1), None],
    ["S/3/2026", "1003", "MOSIR", D(2026, 10, 1), D(2026, 10, 31)],
]


def _program(make_program, **extra):
    return make_program(units=UNITS, referrals=REFERRALS, **extra)


def test_work_outside_a_referral_is_withheld_and_named(make_program, make_timesheet, validate):
    rows = [
        work_row(5),  # covered
        work_row(14),  # covered (the 15th is the last day)
        work_row(16),  # after the referral: NO_REFERRAL
        work_row(20),
        *week_rows("1002"),  # open-ended referral, unit code in any case
        work_row(6, "1003"),  # referred to MOSIR, not to PGM
    ]
    status, issues = validate(make_timesheet(rows), program=_program(make_program))
    assert status == 1
    refused = found(issues, "NO_REFERRAL")
    assert [(i[2], i[3]) for i in refused] == [("C10", "1001"), ("C14", "1003")]
    first = next(i for i in issues if i["code"] == "NO_REFERRAL")
    assert "(2 wiersze, dni: 16.10.2026, 20.10.2026)" in first["message"]
    assert "S/1/2026 do PGM od 01.10.2026 do 15.10.2026" in first["message"]
    other = [i for i in issues if i["code"] == "NO_REFERRAL"][1]
    assert "S/3/2026 do MOSIR od 01.10.2026 do 31.10.2026" in other["message"]


def test_without_the_sheet_no_referral_is_needed(make_program, make_timesheet, validate):
    status, issues = validate(make_timesheet([work_row(20)]), program=make_program(units=UNITS))
    assert "NO_REFERRAL" not in {i["code"] for i in issues}
    assert "TIMESHEET_MISSING" not in {i["code"] for i in issues}


def test_a_withheld_month_is_not_credited(make_program, make_timesheet, reconcile, tmp_path):
    rows = [work_row(5), work_row(16), *week_rows("1002")]
    code, output, out = reconcile(make_timesheet(rows), program=_program(make_program))
    assert code == 1, output
    lines = sheet_rows(out / "salda_2026-10.xlsx", "Historia rozliczeń")[1:]
    assert {r[1] for r in lines} == {"1002"}  # 1001 withheld whole, 1002 credited


def test_a_unit_with_referred_people_and_no_timesheet_is_reminded(
    make_program, make_timesheet, reconcile, tmp_path
):
    # PGM sends its timesheet; MOSIR (1003 referred in October) does not; ZDIZ has no one.
    code, output, out = reconcile(
        make_timesheet([work_row(5), work_row(6), *week_rows("1002")]),
        program=_program(make_program),
    )
    assert code == 0, output
    report = sheet_rows(out / "bledy_2026-10.xlsx", "Błędy")
    missing = [r for r in report if r[7] == "TIMESHEET_MISSING"]
    assert [(r[0], r[1], r[2]) for r in missing] == [("program.xlsx", "Skierowania", "C4")]
    assert "Jednostka MOSIR (MOSiR)" in missing[0][8] and "1003" in missing[0][8]
    assert sheet_rows(out / "bledy_2026-10.xlsx", "Brak kart")[1:] == [
        ("MOSIR", "MOSiR", "Ewa Kruk", "mosir@example.pl", "1003")
    ]
    sent = CliRunner().invoke(main, ["send", str(out), "--to", "ksiegowosc@example.pl"])
    assert sent.exit_code == 0, sent.output
    drafts = sorted((out / "wysylka").glob("*przypomnienie*.eml"))
    assert [p.name for p in drafts] == ["02_przypomnienie_MOSIR.eml"]
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "mosir@example.pl"
    assert message["Subject"] == "Przypomnienie: karta pracy za 10.2026 — MOSiR"
    body = message.get_body().get_content()
    assert "Dzień dobry, Ewa Kruk," in body and "konta 1003" in body


def test_a_wrong_referral_row_is_named_and_its_account_withheld(
    make_program, make_timesheet, validate
):
    referrals = [
        ["S/1", "1001", "PGM", D(2026, 10, 20), D(2026, 10, 1)],  # Do before Od
        ["S/2", "1002", "XYZ", D(2026, 10, 1), None],  # unknown unit
        ["S/3", "9999", "PGM", D(2026, 10, 1), None],  # not in the register
        ["S/4", "1003", "PGM", D(2026, 10, 1), None],
    ]
    program = make_program(units=UNITS, referrals=referrals)
    rows = [work_row(5), *week_rows("1002"), work_row(6, "1003")]
    status, issues = validate(make_timesheet(rows), program=program)
    bad = [(i["sheet"], i["cell"], i["code"]) for i in issues if i["sheet"] == "Skierowania"]
    assert bad == [
        ("Skierowania", "E2", "VALUE_INVALID"),
        ("Skierowania", "C3", "VALUE_INVALID"),
        ("Skierowania", "B4", "VALUE_INVALID"),
    ]
    says = [i["message"] for i in issues if i["sheet"] == "Skierowania"]
    assert "data nie wcześniejsza niż Od (20.10.2026)" in says[0]
    assert "XYZ" in says[1] and "arkusza Jednostki" in says[1]
    # the accounts of wrong rows are withheld without a second issue of their own
    assert not found(issues, "NO_REFERRAL")
    assert status == 1


def test_refusals_are_counted_from_the_offers(make_program):
    offers = [
        [D(2026, 9, 1), "1002", "PGM", "sprzątanie", "odmówił"],
        [D(2026, 9, 8), "1002", "ZDIZ", "drogi", "Odmówił"],
        [D(2026, 9, 15), "1002", "MOSIR", "hala", "przyjął"],
        [D(2026, 9, 22), "1002", "PGM", "", "odmówił"],
        [D(2026, 9, 1), "1001", "PGM", "", "odmówił"],
    ]
    program = make_program(units=UNITS, offers=offers)
    result = CliRunner().invoke(
        main, ["register", "check", "--program", str(program), "--format", "json"]
    )
    issues = [i for i in json.loads(result.stdout) if i["code"] == "REFUSALS_LIMIT"]
    # the register says 0 refusals; the log says 3 for 1002 (limit 3), 1 for 1001
    assert [(i["account"], i["sheet"], i["cell"]) for i in issues] == [("1002", "Oferty", "E5")]
    assert "3 odmowy pracy (limit 3" in issues[0]["message"]


def test_an_unknown_answer_or_account_in_the_offers_is_named(make_program):
    offers = [
        [D(2026, 9, 1), "1002", "PGM", "", "może"],
        [D(2026, 9, 2), "9999", "PGM", "", "odmówił"],
    ]
    program = make_program(units=UNITS, offers=offers)
    result = CliRunner().invoke(
        main, ["register", "check", "--program", str(program), "--format", "json"]
    )
    issues = json.loads(result.stdout)
    assert [(i["sheet"], i["cell"], i["code"]) for i in issues] == [
        ("Oferty", "E2", "VALUE_INVALID"),
        ("Oferty", "B3", "VALUE_INVALID"),
    ]
    assert "przyjął" in issues[0]["message"] and "odmówił" in issues[0]["message"]


def test_the_queue_leaves_out_the_referred_and_says_who_is_next(make_program):
    people = [
        {"account": "1001", "application_date": D(2026, 1, 1)},
        {"account": "1002", "application_date": D(2026, 1, 2), "status": "zakwalifikowany"},
        {"account": "1003", "application_date": D(2026, 1, 3)},
    ]
    offers = [[D(2026, 9, 1), "1003", "PGM", "", "odmówił"]]
    program = make_program(units=UNITS, participants=people, referrals=REFERRALS, offers=offers)

    def queue(day: str) -> tuple[list[dict], str]:
        args = ["register", "queue", "--program", str(program), "--date", day]
        listed = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
        return listed, CliRunner().invoke(main, args).stdout

    # 12.10: 1001 (PGM), 1002 (PGM) and 1003 (MOSIR) are all referred
    listed, text = queue("2026-10-12")
    assert listed == [] and "Nikt nie czeka na skierowanie." in text
    # 20.11: 1001's and 1003's referrals have ended; 1002's is open-ended
    listed, text = queue("2026-11-20")
    assert [(e["account"], e["refusals"]) for e in listed] == [("1001", 0), ("1003", 1)]
    assert "Następna osoba do skierowania: Jan Kowalski (konto 1001)." in text


def test_an_empty_referrals_sheet_is_a_log_not_kept(make_program, make_timesheet, validate):
    program = make_program(units=UNITS, referrals=[])
    status, issues = validate(make_timesheet([work_row(5)]), program=program)
    assert not found(issues, "NO_REFERRAL") and not found(issues, "TIMESHEET_MISSING")


def test_only_accepted_work_of_participants_in_the_month_needs_a_referral(
    make_program, make_timesheet, validate
):
    people = [{"account": "1001"}, {"account": "1002"}, {"account": "1003", "status": "oczekuje"}]
    referrals = [["S/1", "1001", "PGM", D(2026, 10, 5), D(2026, 10, 5)]]  # one day is a period
    program = make_program(participants=people, units=UNITS, referrals=referrals)
    rows = [
        work_row(5),  # the referral's one day
        work_row(6, accepted="NIE", protocol=""),  # not accepted: not credited, not judged
        work_row(7, "1003"),  # not a participant: NOT_PARTICIPANT, not NO_REFERRAL
    ]
    status, issues = validate(make_timesheet(rows), program=program)
    assert not found(issues, "NO_REFERRAL") and not found(issues, "VALUE_INVALID")
    assert found(issues, "NOT_PARTICIPANT")
    # 1002, a participant without any referral
    status, issues = validate(make_timesheet([*week_rows("1002")]), program=program)
    assert [i[3] for i in found(issues, "NO_REFERRAL")] == ["1002"]


def test_without_a_programme_or_a_month_the_log_is_not_judged(
    make_program, make_timesheet, validate
):
    program = _program(make_program)
    status, issues = validate(make_timesheet([work_row(20)]), program=False)
    assert status == 0 and not found(issues, "FILE_UNREADABLE")
    status, issues = validate(make_timesheet([work_row(20)]), program=program, month=None)
    # without --month the units' month is not known: no reminder; the work is still judged
    assert not found(issues, "TIMESHEET_MISSING")
    assert [i[3] for i in found(issues, "NO_REFERRAL")] == ["1001"]


def test_a_wrong_row_of_the_log_is_said_beside_the_queue_and_the_documents(make_program, tmp_path):
    referrals = [
        ["S/1", "1001", "PGM", D(2026, 10, 20), D(2026, 10, 1)],  # Do before Od
        ["S/2", "1002", "PGM", D(2026, 10, 1), None],
    ]
    offers = [[D(2026, 9, 1), "1003", "PGM", "", "może"]]
    program = str(make_program(units=UNITS, referrals=referrals, offers=offers))
    queue = CliRunner().invoke(main, ["register", "queue", "--program", program])
    assert queue.exit_code == 0
    assert "Uwaga (program): program.xlsx!Skierowania!E2:" in queue.stderr
    assert "Uwaga (program): program.xlsx!Oferty!E2:" in queue.stderr
    made = CliRunner().invoke(
        main, ["documents", "skierowanie", "--program", program, "--out", str(tmp_path / "d")]
    )
    assert made.exit_code == 0 and "skierowanie_S-2.docx" in made.stdout
    assert "Skierowania!E2" in made.stderr


def test_a_person_at_the_refusals_limit_is_marked_and_never_next(make_program):
    people = [
        {"account": "1001", "application_date": D(2026, 1, 1), "status": "zakwalifikowany"},
        {"account": "1002", "application_date": D(2026, 1, 2), "status": "zakwalifikowany"},
    ]
    offers = [[D(2026, 9, d), "1001", "PGM", "", "odmówił"] for d in (1, 8, 15)]
    program = str(make_program(units=UNITS, participants=people, offers=offers))
    text = CliRunner().invoke(main, ["register", "queue", "--program", program]).stdout
    first = text.splitlines()[1]
    assert "1001" in first and first.endswith("3 — limit odmów, do wykreślenia (§5.13)")
    assert "Następna osoba do skierowania: Anna Nowak (konto 1002)." in text
