"""The clerk's page says what is true, in the page's words, and never answers 500 to an upload
(issue 28: no server path or option, totals after a run, confirmation before a correction or a
decision, a month deleted into a bin, plain SMTP inside the office, one title)."""

from __future__ import annotations

import io
import json
import re
import socket
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from test_web import SAMPLES, TOKEN, _clerk, _sample_month


def _form(program: tuple, debts: tuple, sheets=None) -> dict:
    sheets = sheets or sorted((SAMPLES / "2026-10").glob("*.xlsx"))
    return {
        "month": "2026-10",
        "program": (io.BytesIO(program[0]), program[1]),
        "debts": (io.BytesIO(debts[0]), debts[1]),
        "timesheets": [(io.BytesIO(p.read_bytes()), p.name) for p in sheets],
    }


def _samples(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_a_very_long_upload_name_is_shortened_keeping_its_extension(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    long = "ą" * 150 + ".xlsx"  # 305 bytes: more than a file system allows
    sheet = next(iter(sorted((SAMPLES / "2026-10").glob("*.xlsx"))))
    form = _form((_samples("program.xlsx"), "program.xlsx"), (_samples("zadluzenie.xlsx"), long))
    form["timesheets"] = [(io.BytesIO(sheet.read_bytes()), long)]
    answer = clerk.post(f"/miesiac?token={TOKEN}", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    (month,) = [p for p in data.iterdir() if p.is_dir()]
    meta = json.loads((month / "miesiac.json").read_text(encoding="utf-8"))
    assert meta["debts"].endswith(".xlsx") and len(meta["debts"].encode("utf-8")) <= 120
    (stored,) = (month / "wejscie" / "karty").iterdir()
    assert stored.suffix == ".xlsx" and stored.name.startswith("ąąą")
    check = clerk.get(f"{answer.headers['Location']}?token={TOKEN}")
    assert check.status_code == 200 and "Błąd wewnętrzny" not in check.get_data(as_text=True)


def test_the_programme_and_the_debts_under_one_name_are_both_kept(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    form = _form(
        (_samples("program.xlsx"), "dane.xlsx"), (_samples("zadluzenie.xlsx"), "dane.xlsx")
    )
    answer = clerk.post(f"/miesiac?token={TOKEN}", data=form)
    (month,) = [p for p in data.iterdir() if p.is_dir()]
    assert (month / "wejscie" / "dane.xlsx").read_bytes() == _samples("program.xlsx")
    assert (month / "wejscie" / "zadluzenie" / "dane.xlsx").read_bytes() == _samples(
        "zadluzenie.xlsx"
    )
    page = clerk.get(f"{answer.headers['Location']}?token={TOKEN}").get_data(as_text=True)
    assert "Brak arkusza" not in page
    assert re.search(r'id="kwota">14 961,00 zł', page), page[:2000]


def test_an_upload_that_cannot_be_stored_leaves_nothing_and_says_so(tmp_path, monkeypatch):
    from werkzeug.datastructures import FileStorage

    data = tmp_path / "dane"
    clerk = _clerk(data)
    clerk.get(f"/?token={TOKEN}")
    saved = FileStorage.save
    calls = []

    def full_disk(self, destination, *args, **kwargs):
        calls.append(destination)
        if len(calls) == 3:  # the disk fills up in the middle of the timesheets
            raise OSError(28, "No space left on device")
        return saved(self, destination, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "save", full_disk)
    form = _form(
        (_samples("program.xlsx"), "program.xlsx"), (_samples("zadluzenie.xlsx"), "z.xlsx")
    )
    answer = clerk.post(f"/miesiac?token={TOKEN}", data=form)
    said = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Nie udało się zapisać wczytanych plików" in said
    assert "nic nie wczytano" in said
    assert [p.name for p in data.iterdir()] == []  # no month without its miesiac.json
    monkeypatch.setattr(FileStorage, "save", saved)
    assert "Wczytane miesiące" in clerk.get(f"/?token={TOKEN}").get_data(as_text=True)


def test_a_debtor_page_of_a_month_whose_programme_is_not_a_workbook_is_a_polish_refusal(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    form = _form((pdf, "program.xlsx"), (_samples("zadluzenie.xlsx"), "zadluzenie.xlsx"))
    month = clerk.post(f"/miesiac?token={TOKEN}", data=form).headers["Location"]
    answer = clerk.get(f"{month}/dluznik/104512?token={TOKEN}")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "program.xlsx" in text
    assert "Błąd wewnętrzny" not in text and str(data) not in text


def test_a_bug_shows_where_its_details_were_written(tmp_path, monkeypatch):
    import tempfile

    from odpracowanie import batch

    data = tmp_path / "dane"
    clerk = _clerk(data)
    clerk.application.config["PROPAGATE_EXCEPTIONS"] = False  # as the page runs for the clerk
    clerk.application.testing = False
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    form = _form(
        (_samples("program.xlsx"), "program.xlsx"), (_samples("zadluzenie.xlsx"), "z.xlsx")
    )
    month = clerk.post(f"/miesiac?token={TOKEN}", data=form).headers["Location"]

    def broken(*args, **kwargs):
        raise RuntimeError("a bug of the program")

    monkeypatch.setattr(batch, "run_reconcile", broken)
    answer = clerk.get(f"{month}?token={TOKEN}")
    text = answer.get_data(as_text=True)
    log = tmp_path / "odpracowanie_blad.txt"
    assert answer.status_code == 500 and str(log) in text and "nic z tego działania" in text
    assert "RuntimeError: a bug of the program" in log.read_text(encoding="utf-8")


def test_after_a_run_the_page_gives_its_totals_and_says_when_nothing_was_credited(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    good = _sample_month(clerk)
    page = clerk.get(f"{good}/wyniki?token={TOKEN}").get_data(as_text=True)
    assert 'id="zaliczonych">11<' in page and 'id="wstrzymanych">0<' in page
    assert 'id="kwota">14 961,00 zł<' in page and 'id="nic"' not in page
    bad = sorted(p for p in (SAMPLES / "bledne").iterdir() if p.is_file())
    form = _form(
        (_samples("program.xlsx"), "program.xlsx"),
        (_samples("zadluzenie.xlsx"), "zadluzenie.xlsx"),
        bad,
    )
    month = clerk.post(f"/miesiac?token={TOKEN}", data=form).headers["Location"]
    assert clerk.post(f"{month}/rozlicz?token={TOKEN}").status_code == 302
    page = clerk.get(f"{month}/wyniki?token={TOKEN}").get_data(as_text=True)
    assert 'id="kwota">0,00 zł<' in page and 'id="wstrzymanych">12<' in page
    assert 'id="bledow">26<' in page
    assert "Nic nie zaliczono: wszyscy dłużnicy miesiąca są wstrzymani" in page


def test_a_correction_waits_for_its_confirmation_and_a_document_number_is_used_once(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    form = {"account": "104512", "reason": "poprawka", "document": "K/1"}
    asked = clerk.post(f"{month}/korekta?token={TOKEN}", data=form)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Tak, zapisz korektę" in text
    assert "cofnąć zaliczenie konta 104512 Jan Kowalski za 10.2026 — 1 507,20 zł" in text
    folder = data / month.split("/")[-1] / "wyniki"
    assert not list(folder.glob("korekta_*"))  # nothing yet
    done = clerk.post(f"{month}/korekta?token={TOKEN}", data={**form, "confirmed": "1"})
    assert done.status_code == 200 and "Korekta K/1:" in done.get_data(as_text=True)
    again = clerk.post(
        f"{month}/korekta?token={TOKEN}",
        data={**form, "account": "104587", "confirmed": "1"},
    )
    said = again.get_data(as_text=True)
    assert again.status_code == 409 and "Korekta o numerze dokumentu K/1 już jest" in said
    assert "--" not in said.split('id="blad">')[1].split("<")[0] and str(data) not in said


def test_a_month_is_deleted_into_the_bin_after_its_confirmation(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    month_id = month.split("/")[-1]
    asked = clerk.post(f"{month}/usun?token={TOKEN}")
    assert asked.status_code == 200 and "Tak, usuń z listy" in asked.get_data(as_text=True)
    assert (data / month_id).is_dir()
    gone = clerk.post(f"{month}/usun?token={TOKEN}", data={"confirmed": "1"})
    assert gone.status_code == 302
    (binned,) = (data / "kosz").iterdir()
    assert binned.name.startswith(month_id) and (binned / "wyniki" / "salda_2026-10.xlsx").exists()
    assert not (data / month_id).exists()
    assert clerk.get(f"{month}/wyniki?token={TOKEN}").status_code == 404
    assert month_id not in clerk.get(f"/?token={TOKEN}").get_data(as_text=True)


def test_two_uploads_of_one_month_are_told_apart_and_the_title_is_said_once(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    first = _sample_month(clerk)
    form = _form(
        (_samples("program.xlsx"), "program.xlsx"), (_samples("zadluzenie.xlsx"), "z.xlsx")
    )
    clerk.post(f"/miesiac?token={TOKEN}", data=form)
    page = clerk.get(f"/?token={TOKEN}").get_data(as_text=True)
    entries = re.findall(r"<li><a href=\"/miesiac/[0-9a-f]+\">(.*?)</li>", page, re.S)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", e)).strip() for e in entries]
    assert len(texts) == 2 and len(set(texts)) == 2, texts
    assert any("rozliczony" in t for t in texts) and any("niesprawdzony" in t for t in texts)
    assert all("10.2026 — wczytany" in t and "4 karty" in t for t in texts)
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title == "Odpracowanie zadłużenia — rozliczenie miesiąca"
    results = clerk.get(f"{first}/wyniki?token={TOKEN}").get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", results).group(1) == (
        "Wyniki rozliczenia za 10.2026 — Odpracowanie zadłużenia — rozliczenie miesiąca"
    )


def test_the_code_filter_names_each_code_in_words(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    bad = sorted(p for p in (SAMPLES / "bledne").iterdir() if p.is_file())
    form = _form(
        (_samples("program.xlsx"), "program.xlsx"),
        (_samples("zadluzenie.xlsx"), "zadluzenie.xlsx"),
        bad,
    )
    month = clerk.post(f"/miesiac?token={TOKEN}", data=form).headers["Location"]
    page = clerk.get(f"{month}?token={TOKEN}").get_data(as_text=True)
    options = re.findall(r'<option value="([A-Z_]+)" >(.*?)</option>', page)
    from odpracowanie.issues import CATALOGUE

    assert options and all(text == f"{CATALOGUE[c].reason} ({c})" for c, text in options)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


@contextmanager
def _relay():
    """A local SMTP server offering no STARTTLS (an office relay): its inbox and port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = _Inbox()
    relay = Controller(inbox, hostname="127.0.0.1", port=port)
    relay.start()
    try:
        yield inbox, port
    finally:
        relay.stop()


def test_a_plain_office_relay_is_used_when_the_clerk_ticks_it(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    with _relay() as (inbox, port):
        form = {"to": "pgm@example.pl", "smtp": "127.0.0.1", "port": str(port)}
        refused = clerk.post(f"{month}/wyslij?token={TOKEN}", data=form).get_data(as_text=True)
        assert "nie obsługuje szyfrowania połączenia (STARTTLS); nic nie wysłano" in refused
        assert "zaznacz „serwer bez szyfrowania (tylko sieć urzędu)”" in refused
        assert "extension not supported" not in refused and "--starttls" not in refused
        assert inbox.messages == []
        sent = clerk.post(f"{month}/wyslij?token={TOKEN}", data={**form, "plain": "1"})
        assert "Wysłano: 1." in sent.get_data(as_text=True)  # the month's results to PGM
        assert len(inbox.messages) == 1 and b"To: pgm@example.pl" in inbox.messages[0]


def test_the_command_line_says_in_polish_that_a_server_offers_no_starttls(tmp_path):
    from click.testing import CliRunner
    from conftest import reconcile_samples

    from odpracowanie.cli import main

    ledger = reconcile_samples(tmp_path / "2026-10")
    with _relay() as (_, port):
        args = ["send", str(ledger.parent), "--to", "pgm@example.pl"]
        args += ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--starttls"]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Serwer poczty 127.0.0.1 nie obsługuje szyfrowania połączenia" in result.stderr
    assert "bez --starttls" in result.stderr


def test_results_page_words_hold_no_path(tmp_path):
    # every page of a month after a run, a correction and a send: no folder of the server
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    form = {"account": "104512", "reason": "poprawka", "document": "K/1", "confirmed": "1"}
    clerk.post(f"{month}/korekta?token={TOKEN}", data=form)
    clerk.post(f"{month}/wyslij?token={TOKEN}", data={"to": "pgm@example.pl"})
    for path in ("", "/wyniki", "/dluznik/104587"):
        text = clerk.get(f"{month}{path}?token={TOKEN}").get_data(as_text=True)
        assert str(data) not in text and str(Path(data).resolve()) not in text, path


def test_a_correction_made_into_drafts_can_still_be_sent_through_the_server_once(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    form = {"account": "104512", "reason": "poprawka", "document": "K/1", "confirmed": "1"}
    clerk.post(f"{month}/korekta?token={TOKEN}", data=form)
    drafts = clerk.post(f"{month}/wyslij?token={TOKEN}", data={"to": "pgm@example.pl"})
    assert "Zapisano wiadomości: 1." in drafts.get_data(as_text=True)
    with _relay() as (inbox, port):
        server = {"to": "pgm@example.pl", "smtp": "127.0.0.1", "port": str(port), "plain": "1"}
        sent = clerk.post(f"{month}/wyslij?token={TOKEN}", data=server)
        assert sent.status_code == 200 and "Wysłano: 1." in sent.get_data(as_text=True)
        # the programme's sender is the correction's too
        assert b"From: " in inbox.messages[0]
        again = clerk.post(f"{month}/wyslij?token={TOKEN}", data=server)
        assert again.status_code == 409 and len(inbox.messages) == 1


def test_a_windows_device_name_is_stored_under_another_name():
    from odpracowanie.web.app import _safe_name

    assert _safe_name("CON.xlsx") == "_CON.xlsx" and _safe_name("nul.XLSX") == "_nul.XLSX"
    assert _safe_name("console.xlsx") == "console.xlsx"


def test_timesheets_in_e_mails_are_read_and_the_units_next_month_is_offered(tmp_path):
    """An .eml dragged from Thunderbird among the timesheets is read like the workbooks it
    carries; the results page offers each unit's timesheet prepared for the next month."""
    from email.message import EmailMessage

    import openpyxl

    data = tmp_path / "dane"
    clerk = _clerk(data)
    sheets = sorted((SAMPLES / "2026-10").glob("*.xlsx"))
    mail = EmailMessage()
    mail["From"] = "kierownik@mosir.example.pl"
    mail["Subject"] = "Karty"
    mail.set_content("W załączeniu.")
    for path in sheets:
        mail.add_attachment(
            path.read_bytes(), maintype="application", subtype="octet-stream", filename=path.name
        )
    form = _form(
        (_samples("program.xlsx"), "program.xlsx"), (_samples("zadluzenie.xlsx"), "z.xlsx")
    )
    form["timesheets"] = [(io.BytesIO(bytes(mail)), "karty.eml")]
    month = clerk.post(f"/miesiac?token={TOKEN}", data=form).headers["Location"]
    page = clerk.get(f"{month}?token={TOKEN}").get_data(as_text=True)
    assert 'id="kwota">14 961,00 zł' in page
    assert clerk.post(f"{month}/rozlicz?token={TOKEN}").status_code == 302
    results = clerk.get(f"{month}/wyniki?token={TOKEN}").get_data(as_text=True)
    assert "Karty pracy jednostek na 11.2026" in results
    link = re.search(r'href="(/miesiac/[0-9a-f]+/karta-jednostki/ZDIZ)"', results).group(1)
    got = clerk.get(f"{link}?token={TOKEN}")
    assert got.status_code == 200
    assert "karta_pracy_ZDIZ_2026-11.xlsx" in got.headers["Content-Disposition"]
    saved = tmp_path / "karta.xlsx"
    saved.write_bytes(got.data)
    sheet = openpyxl.load_workbook(saved)["Rozliczenie"]
    assert (sheet["D4"].value, sheet["D6"].value) == ("ZDIZ", "2026-11")
    assert clerk.get(f"{month}/karta-jednostki/NIEMA?token={TOKEN}").status_code == 404
