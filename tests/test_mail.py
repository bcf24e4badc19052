"""`odpracowanie send`: .eml drafts, delivery to a real local SMTP server, encrypted attachments."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import shutil
import socket
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from conftest import week_rows, work_row

from odpracowanie.cli import main

MINOR = ("1002", "Kacper Nowak", "10251501234")  # 16 years old in October 2026


@pytest.fixture
def outputs(make_timesheet, make_program, reconcile, tmp_path) -> Path:
    """A month's outputs: SP1's timesheet has a rate to correct, a minor proxy's row (the
    register's business) and a debtor without safety training (the coordinator's)."""
    program = make_program(
        units=[
            ["PGM", "PGM Żyrardów", "Barbara Zielińska", "bz@pgm.example.pl"],
            ["SP1", "Szkoła nr 1", "Marek Pawlak", "sp1@example.pl"],
        ],
        params={
            "email_nadawcy": "odpracowanie@pgm.example.pl",
            "email_koordynatora": "koordynator@pgm.example.pl",
        },
        participants=[
            {"account": "1001"},
            {"account": "1002"},
            {"account": "1003", "bhp_on": None},
        ],
        proxies=[["1001", "Marek Kowalski", "98052123495"], list(MINOR)],
    )
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="karta_PGM.xlsx")
    make_timesheet(
        [
            work_row(12, account="1002", rate=30),
            *week_rows("1002"),
            work_row(13, account="1002", worker="Kacper Nowak"),
            *week_rows("1003"),
            # a name that differs from the register (the supervisor checks it), and
            # 2 h in the week 19–25.10, under the minimum (nothing to correct)
            work_row(20, account="1002", debtor="Anna Nowakowska", qty=2),
        ],
        folder=folder,
        name="karta_SP1.xlsx",
        unit="SP1",
    )
    status, output, out = reconcile(folder, program=program)
    assert status == 1, output
    return out


def _parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def _attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def test_a_late_runs_drafts_carry_its_ledger(make_timesheet, make_program, reconcile, tmp_path):
    # October's late timesheet run on November's ledger: its ledger is salda_2026-11_2.xlsx
    program = make_program()
    _, _, first = reconcile(
        make_timesheet(week_rows(), name="a.xlsx"), program=program, out=tmp_path / "m10"
    )
    november = make_timesheet(
        [work_row(3, date=work_row(3)["date"].replace(month=11))], name="b.xlsx", month="2026-11"
    )
    _, _, second = reconcile(
        november,
        program=program,
        month="2026-11",
        debts=first / "salda_2026-10.xlsx",
        out=tmp_path / "m11",
    )
    late = make_timesheet([work_row(13), work_row(14)], name="c.xlsx")
    _, output, third = reconcile(
        late, program=program, debts=second / "salda_2026-11.xlsx", out=tmp_path / "late"
    )
    result = CliRunner().invoke(main, ["send", str(third), "--to", "pgm@example.pl"])
    assert result.exit_code == 0, result.output
    pgm = _parse((third / "wysylka" / "01_wyniki_dla_pgm.eml").read_bytes())
    assert pgm["Subject"] == "Odpracowanie zadłużenia — rozliczenie za 10.2026"
    assert sorted(_attachments(pgm)) == [
        "bledy_2026-10.xlsx",
        "karty_dluznikow_2026-10.xlsx",
        "salda_2026-11_2.xlsx",
        "zestawienie_2026-10.xlsx",
    ]


def test_drafts_carry_the_outputs_and_the_corrections(outputs):
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    assert result.exit_code == 0, result.output
    drafts = sorted((outputs / "wysylka").iterdir())
    # the names say who each is for: the accounts office, a unit, the coordinator
    assert [p.name for p in drafts] == [
        "01_wyniki_dla_pgm.eml",
        "02_jednostka_SP1.eml",
        "03_koordynator.eml",
    ]
    pgm = _parse(drafts[0].read_bytes())
    assert pgm["To"] == "pgm@example.pl"
    assert pgm["From"] == "odpracowanie@pgm.example.pl"  # email_nadawcy of the programme
    assert pgm["X-Unsent"] == "1"  # Outlook opens it as a new message to send
    assert pgm["Subject"] == "Odpracowanie zadłużenia — rozliczenie za 10.2026"
    body = pgm.get_body(("plain",)).get_content()
    assert "dłużników zaliczonych: 1" in body and "dłużników wstrzymanych: 2" in body
    assert "wartość zaliczona: 251,20 zł" in body
    attached = _attachments(pgm)
    assert sorted(attached) == [
        "bledy_2026-10.xlsx",
        "karty_dluznikow_2026-10.xlsx",
        "ksiegowanie_2026-10.csv",  # the postings for the finance system (SPEC §8)
        "ksiegowanie_2026-10.xlsx",
        "salda_2026-10.xlsx",
        "zestawienie_2026-10.xlsx",
    ]
    assert attached["salda_2026-10.xlsx"] == (outputs / "salda_2026-10.xlsx").read_bytes()
    # the CSV as Windows-1250 text, which a Polish Excel opens as it is
    posted = (outputs / "ksiegowanie_2026-10.csv").read_bytes().decode("cp1250")
    assert attached["ksiegowanie_2026-10.csv"] == posted


def test_a_supervisor_gets_only_what_a_supervisor_can_correct(outputs):
    CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    unit = _parse((outputs / "wysylka" / "02_jednostka_SP1.eml").read_bytes())
    assert unit["To"] == "sp1@example.pl" and unit["X-Unsent"] == "1"
    assert "Szkoła nr 1" in unit["Subject"]
    text = unit.get_body(("plain",)).get_content()
    assert "karta_SP1.xlsx:\n- komórka J8: Stawka 30,00 zł ≠ stawka PGM 31,40 zł" in text
    assert (
        "- komórka D14: Dłużnik „Anna Nowakowska” ≠ „Anna Nowak” w rejestrze dla konta "
        "1002. (ostrzeżenie: do sprawdzenia)"
    ) in text
    # no codes, no register matters, no PESEL, no balance, no warning that needs nothing done
    assert "[" not in text and "RATE_MISMATCH" not in text
    assert "10251501234" not in text and "BHP" not in text and "18 lat" not in text
    assert "tygodniu" not in text and "zł (" not in text
    copy = _attachments(unit)["karta_SP1.xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(copy))["Rozliczenie"]
    assert "[RATE_MISMATCH]" in sheet["J8"].comment.text
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    assert not any("10251501234" in c or "BHP" in c for c in comments)


def _as_if_written(folder: Path, name: str) -> None:
    """The folder's manifest made to say the run wrote `name` as it is now."""
    manifest = folder / "przebieg.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["files"]:
        if entry["path"] == name:
            entry["size"] = (folder / name).stat().st_size
            entry["sha256"] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data), encoding="utf-8")


def test_the_error_report_is_read_by_its_column_heads(outputs):
    # bledy_ with the columns of both sheets reordered (and one added), as a later version
    # might write it: the same messages go to the same people. (A clerk's edit of it after
    # the run is refused: test_send_refuses_a_changed_output.)
    CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    before = {p.name: _parse(p.read_bytes()) for p in (outputs / "wysylka").iterdir()}
    path = outputs / "bledy_2026-10.xlsx"
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        sheet.delete_rows(1, sheet.max_row)
        for row in rows:
            sheet.append(["dopisek", *reversed(row)])
    book.save(path)
    _as_if_written(outputs, "bledy_2026-10.xlsx")
    shutil.rmtree(outputs / "wysylka")
    CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    after = {p.name: _parse(p.read_bytes()) for p in (outputs / "wysylka").iterdir()}
    assert sorted(after) == sorted(before) and "02_jednostka_SP1.eml" in after
    for name, message in after.items():
        assert message["To"] == before[name]["To"]
        assert (
            message.get_body(("plain",)).get_content()
            == before[name].get_body(("plain",)).get_content()
        )
    assert "karta_SP1.xlsx" in _attachments(after["02_jednostka_SP1.eml"])


def test_register_problems_go_to_the_coordinator(outputs):
    CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    message = _parse((outputs / "wysylka" / "03_koordynator.eml").read_bytes())
    assert message["To"] == "koordynator@pgm.example.pl"
    assert message["Subject"] == "Rejestr uczestników do sprawdzenia — rozliczenie za 10.2026"
    text = message.get_body(("plain",)).get_content()
    assert "Konto 1002:\n- Kacper Nowak (PESEL 10251501234) w dniu 13.10.2026 nie ma 18 lat" in text
    assert "Konto 1003:\n- Praca dnia 08.10.2026" in text and "BHP" in text
    assert "Stawka 30,00 zł" not in text  # the supervisor's business, not the register's
    assert sorted(_attachments(message)) == ["bledy_2026-10.xlsx"]


def test_addresses_are_checked(outputs, tmp_path):
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "ksiegowosc"])
    assert result.exit_code == 2
    assert "„ksiegowosc” (--to) nie jest adresem e-mail" in result.stderr
    assert not (outputs / "wysylka").exists()
    result = CliRunner().invoke(
        main,
        [
            "send",
            str(outputs),
            "--to",
            "pgm@example.pl",
            "--from",
            "Księgowość PGM <ksiegowosc@pgm.example.pl>",
        ],
    )
    assert result.exit_code == 0, result.output
    first = _parse((outputs / "wysylka" / "01_wyniki_dla_pgm.eml").read_bytes())
    assert first["From"] == "ksiegowosc@pgm.example.pl"


class _Inbox:
    def __init__(self, refuse: str = "") -> None:
        self.messages: list[bytes] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 5.1.1 nie ma takiej skrzynki"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    servers = []

    def start(refuse: str = "") -> tuple[_Inbox, int]:
        inbox, port = _Inbox(refuse), _free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return inbox, port

    yield start
    for controller in servers:
        controller.stop()


def test_smtp_delivery_to_a_local_server(outputs, smtp):
    inbox, port = smtp()
    result = CliRunner().invoke(
        main,
        [
            "send",
            str(outputs),
            "--to",
            "pgm@example.pl",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            str(port),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Wysłano: 01_wyniki_dla_pgm.eml" in result.output
    assert "Wysłano: 02_jednostka_SP1.eml" in result.output
    received = [_parse(m) for m in inbox.messages]
    assert [m["To"] for m in received] == [
        "pgm@example.pl",
        "sp1@example.pl",
        "koordynator@pgm.example.pl",
    ]
    assert all("X-Unsent" not in m for m in received)  # only drafts are marked unsent
    assert (
        _attachments(received[0])["zestawienie_2026-10.xlsx"]
        == (outputs / "zestawienie_2026-10.xlsx").read_bytes()
    )


def test_a_refused_recipient_is_reported_and_the_rest_goes(outputs, smtp):
    inbox, port = smtp(refuse="sp1@example.pl")
    result = CliRunner().invoke(
        main,
        [
            "send",
            str(outputs),
            "--to",
            "pgm@example.pl",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            str(port),
        ],
    )
    assert result.exit_code == 1
    assert "Wysłano: 01_wyniki_dla_pgm.eml" in result.output
    assert "NIE WYSŁANO: 02_jednostka_SP1.eml — adresat odrzucony" in result.stderr
    assert len(inbox.messages) == 2


def test_an_unreachable_server_sends_nothing(outputs):
    result = CliRunner().invoke(
        main,
        [
            "send",
            str(outputs),
            "--to",
            "pgm@example.pl",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            str(_free_port()),
        ],
    )
    assert result.exit_code == 2
    assert "Nie można połączyć się z serwerem poczty" in result.stderr
    assert "nic nie wysłano" in result.stderr


def test_password_protected_attachments_round_trip(outputs, monkeypatch):
    assert (
        CliRunner()
        .invoke(main, ["send", str(outputs), "--to", "pgm@example.pl", "--password-protect"])
        .exit_code
        == 2
    )  # no password set
    monkeypatch.setenv("ODPRACOWANIE_XLSX_PASSWORD", "Tajne-Haslo-2026")
    result = CliRunner().invoke(
        main, ["send", str(outputs), "--to", "pgm@example.pl", "--password-protect"]
    )
    assert result.exit_code == 0, result.output
    for draft in (outputs / "wysylka").iterdir():
        message = _parse(draft.read_bytes())
        for name, data in _attachments(message).items():
            assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", name  # encrypted container
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password="Tajne-Haslo-2026")
            plain = io.BytesIO()
            office.decrypt(plain)
            assert openpyxl.load_workbook(plain).sheetnames
        body = message.get_body(("plain",)).get_content()
        assert "Stawka" not in body and "Kowalski" not in body and "Nowak" not in body


def test_send_refuses_a_folder_without_outputs(tmp_path):
    result = CliRunner().invoke(main, ["send", str(tmp_path), "--to", "pgm@example.pl"])
    assert result.exit_code == 2 and "nie ma wyników rozliczenia" in result.stderr


def test_pgm_body_numbers_are_formatted(outputs):
    CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    body = (
        _parse((outputs / "wysylka" / "01_wyniki_dla_pgm.eml").read_bytes())
        .get_body(("plain",))
        .get_content()
    )
    assert "- dłużników zaliczonych: 1,\n" in body
    assert "- wartość zaliczona: 251,20 zł,\n" in body
    assert "- błędy / ostrzeżenia w kartach: 3 / 2." in body  # NAME_MISMATCH, HOURS_WEEK_MIN


def test_outputs_are_readable_by_colleagues(outputs):
    import os
    import stat

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((outputs / "salda_2026-10.xlsx").stat().st_mode)
    assert mode == 0o666 & ~umask


def test_an_unreadable_timesheet_is_named_for_sending_back_by_hand(
    make_timesheet, reconcile, tmp_path
):
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="karta.xlsx")
    (folder / "skan.xlsx").write_bytes(b"\xff\xd8\xff\xe0 not a workbook")
    _, _, out = reconcile(folder)
    result = CliRunner().invoke(main, ["send", str(out), "--to", "pgm@example.pl"])
    assert result.exit_code == 1  # something could not be sent
    assert (
        "Pominięto: skan.xlsx (nie wiadomo, z której jednostki: plik nie dał się "
        "odczytać; odeślij go nadawcy ręcznie)"
    ) in result.stderr
