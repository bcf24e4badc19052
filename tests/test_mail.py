"""`odpracowanie send`: .eml drafts, delivery to a real local SMTP server, encrypted attachments."""

from __future__ import annotations

import email
import email.policy
import io
import socket
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from conftest import week_rows, work_row

from odpracowanie.cli import main


@pytest.fixture
def outputs(make_timesheet, make_program, reconcile, tmp_path) -> Path:
    """A month's outputs with one unit's timesheet to correct."""
    program = make_program(units=[["PGM", "PGM Żyrardów", "Barbara Zielińska",
                                   "bz@pgm.example.pl"],
                                  ["SP1", "Szkoła nr 1", "Marek Pawlak", "sp1@example.pl"]])
    folder = tmp_path / "karty"
    make_timesheet(week_rows(), folder=folder, name="karta_PGM.xlsx")
    make_timesheet([work_row(12, account="1002", rate=30), *week_rows("1002")], folder=folder,
                   name="karta_SP1.xlsx", unit="SP1")
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
    _, _, first = reconcile(make_timesheet(week_rows(), name="a.xlsx"), program=program,
                            out=tmp_path / "m10")
    november = make_timesheet([work_row(3, date=work_row(3)["date"].replace(month=11))],
                              name="b.xlsx", month="2026-11")
    _, _, second = reconcile(november, program=program, month="2026-11",
                             debts=first / "salda_2026-10.xlsx", out=tmp_path / "m11")
    late = make_timesheet([work_row(13), work_row(14)], name="c.xlsx")
    _, output, third = reconcile(late, program=program, debts=second / "salda_2026-11.xlsx",
                                 out=tmp_path / "late")
    result = CliRunner().invoke(main, ["send", str(third), "--to", "pgm@example.pl"])
    assert result.exit_code == 0, result.output
    pgm = _parse((third / "wysylka" / "01_PGM.eml").read_bytes())
    assert pgm["Subject"] == "Odpracowanie zadłużenia — rozliczenie za 10.2026"
    assert sorted(_attachments(pgm)) == ["bledy_2026-10.xlsx", "karty_dluznikow_2026-10.xlsx",
                                         "salda_2026-11_2.xlsx", "zestawienie_2026-10.xlsx"]

def test_drafts_carry_the_outputs_and_the_corrections(outputs):
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl"])
    assert result.exit_code == 0, result.output
    drafts = sorted((outputs / "wysylka").iterdir())
    assert [p.name for p in drafts] == ["01_PGM.eml", "02_SP1.eml"]
    pgm = _parse(drafts[0].read_bytes())
    assert pgm["To"] == "pgm@example.pl"
    assert pgm["Subject"] == "Odpracowanie zadłużenia — rozliczenie za 10.2026"
    body = pgm.get_body(("plain",)).get_content()
    assert "dłużników zaliczonych: 1" in body and "dłużników wstrzymanych: 1" in body
    assert "wartość zaliczona: 251,20 zł" in body
    attached = _attachments(pgm)
    assert sorted(attached) == ["bledy_2026-10.xlsx", "karty_dluznikow_2026-10.xlsx",
                                "salda_2026-10.xlsx", "zestawienie_2026-10.xlsx"]
    assert attached["salda_2026-10.xlsx"] == (outputs / "salda_2026-10.xlsx").read_bytes()
    unit = _parse(drafts[1].read_bytes())
    assert unit["To"] == "sp1@example.pl"
    assert "Szkoła nr 1" in unit["Subject"]
    text = unit.get_body(("plain",)).get_content()
    assert "komórka J8: [RATE_MISMATCH] (błąd) Stawka 30,00 zł" in text
    copy = _attachments(unit)["karta_SP1.xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(copy))["Rozliczenie"]
    assert "[RATE_MISMATCH]" in sheet["J8"].comment.text


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
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl",
                                       "--smtp-host", "127.0.0.1", "--smtp-port", str(port)])
    assert result.exit_code == 0, result.output
    assert "Wysłano: 01_PGM.eml" in result.output and "Wysłano: 02_SP1.eml" in result.output
    received = [_parse(m) for m in inbox.messages]
    assert [m["To"] for m in received] == ["pgm@example.pl", "sp1@example.pl"]
    assert _attachments(received[0])["zestawienie_2026-10.xlsx"] == (
        outputs / "zestawienie_2026-10.xlsx").read_bytes()


def test_a_refused_recipient_is_reported_and_the_rest_goes(outputs, smtp):
    inbox, port = smtp(refuse="sp1@example.pl")
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl",
                                       "--smtp-host", "127.0.0.1", "--smtp-port", str(port)])
    assert result.exit_code == 1
    assert "Wysłano: 01_PGM.eml" in result.output
    assert "NIE WYSŁANO: 02_SP1.eml — adresat odrzucony" in result.stderr
    assert len(inbox.messages) == 1


def test_an_unreachable_server_sends_nothing(outputs):
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl",
                                       "--smtp-host", "127.0.0.1", "--smtp-port",
                                       str(_free_port())])
    assert result.exit_code == 2
    assert "Nie można połączyć się z serwerem poczty" in result.stderr
    assert "nic nie wysłano" in result.stderr


def test_password_protected_attachments_round_trip(outputs, monkeypatch):
    assert CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl",
                                     "--password-protect"]).exit_code == 2  # no password set
    monkeypatch.setenv("ODPRACOWANIE_XLSX_PASSWORD", "Tajne-Haslo-2026")
    result = CliRunner().invoke(main, ["send", str(outputs), "--to", "pgm@example.pl",
                                       "--password-protect"])
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
    body = _parse((outputs / "wysylka" / "01_PGM.eml").read_bytes()).get_body(
        ("plain",)).get_content()
    assert "- dłużników zaliczonych: 1,\n" in body
    assert "- wartość zaliczona: 251,20 zł,\n" in body
    assert "- błędy / ostrzeżenia w kartach: 1 / 1." in body


def test_outputs_are_readable_by_colleagues(outputs):
    import os
    import stat

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((outputs / "salda_2026-10.xlsx").stat().st_mode)
    assert mode == 0o666 & ~umask
