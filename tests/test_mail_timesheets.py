"""E-mails among the timesheets (SPEC §11, `readers.messages`): every spreadsheet attached to a
`.eml` or `.msg` is a timesheet named `message/attachment`; a message with none is
MAIL_NO_TIMESHEET; a broken one is one FILE_UNREADABLE; a resend is DUPLICATE_FILE."""

from __future__ import annotations

import datetime as dt
import json
import struct
import tempfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from odpracowanie.batch import run_validate
from odpracowanie.cli import main
from odpracowanie.issues import Who, who_fixes
from odpracowanie.readers import messages
from odpracowanie.readers.timesheet import read_timesheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OCTOBER = SAMPLES / "2026-10"


def _mail_corpus() -> Path | None:
    """The real Outlook files: `ODPRACOWANIE_MAIL_CORPUS`, else `shared/corpus-mail` beside
    the repository or a folder above it."""
    import os

    named = os.environ.get("ODPRACOWANIE_MAIL_CORPUS")
    places = [Path(named)] if named else []
    places += [parent / "shared" / "corpus-mail" for parent in ROOT.parents]
    return next((p for p in places if (p / "msg-extractor__unicode.msg").is_file()), None)


MAIL_CORPUS = _mail_corpus() or ROOT.parent / "shared" / "corpus-mail"
# The real Outlook files are other projects' (GPL-3.0 test data): read in place, never copied
# into this repository; a machine without them cannot run the tests that read them.
needs_corpus = pytest.mark.skipif(
    _mail_corpus() is None, reason="../shared/corpus-mail (the real Outlook files) not found"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _mail(subject: str, attachments=(), forwarded=(), sender="kierownik@mosir.example.pl"):
    """A message as Thunderbird saves it: text, then each (name, bytes) and forwarded message."""
    mail = EmailMessage()
    mail["From"] = f"Jan Kierownik <{sender}>"
    mail["To"] = "odpracowanie@gmina.example.pl"
    mail["Subject"] = subject
    mail["Date"] = "Mon, 02 Nov 2026 08:15:00 +0100"
    mail.set_content("W załączeniu karta pracy za październik.")
    for name, data in attachments:
        mail.add_attachment(data, maintype="application", subtype=XLSX[12:], filename=name)
    for inner in forwarded:
        mail.add_attachment(inner)  # message/rfc822
    return mail


def _write(folder: Path, name: str, mail: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(bytes(mail))
    return path


def _sheet(name: str) -> tuple[str, bytes]:
    return name, (OCTOBER / name).read_bytes()


def _validate(*paths: Path):
    return run_validate(
        list(paths),
        program_path=SAMPLES / "program.xlsx",
        debts_path=SAMPLES / "zadluzenie.xlsx",
        month=(2026, 10),
    )


def _reconcile(out: Path, *paths: Path):
    args = ["reconcile", "--program", str(SAMPLES / "program.xlsx")]
    args += ["--debts", str(SAMPLES / "zadluzenie.xlsx"), "--month", "2026-10", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]


@pytest.fixture
def october_by_mail(tmp_path) -> Path:
    """The sample month in two e-mails: two timesheets in one, the other two in a message
    forwarded inside the second."""
    folder = tmp_path / "poczta"
    _write(
        folder,
        "mosir_pgm.eml",
        _mail("Karty", [_sheet("karta_MOSIR_2026-10.xlsx"), _sheet("karta_PGM_2026-10.xlsx")]),
    )
    inner = _mail("Karty SP1 i ZDiZ", [_sheet("karta_SP1_2026-10.xlsx")])
    inner.add_attachment(
        (OCTOBER / "karta_ZDIZ_2026-10.xlsx").read_bytes(),
        maintype="application",
        subtype="octet-stream",
        filename="karta ZDiZ.pdf",  # a workbook whatever its name says
    )
    _write(folder, "przekazane.eml", _mail("Fwd: Karty SP1 i ZDiZ", forwarded=[inner]))
    return folder


def test_a_month_by_email_credits_what_the_same_month_as_workbooks_credits(
    tmp_path, october_by_mail, monkeypatch
):
    staging_root = tmp_path / "tmp"
    staging_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(staging_root))
    direct = _reconcile(tmp_path / "wprost", OCTOBER)
    mailed = _reconcile(tmp_path / "poczta_wyniki", october_by_mail)
    assert "Zaliczono: 14 961,00 zł" in direct.output
    assert "Zaliczono: 14 961,00 zł" in mailed.output, mailed.output
    assert mailed.exit_code == direct.exit_code
    # the attachments were staged outside the input folder and are gone after the run
    assert sorted(p.name for p in october_by_mail.iterdir()) == ["mosir_pgm.eml", "przekazane.eml"]
    assert list(staging_root.iterdir()) == []

    (ledger,) = (tmp_path / "poczta_wyniki").glob("salda_*.xlsx")
    run = openpyxl.load_workbook(ledger, read_only=True)["Przebieg"]
    rows = [tuple(r) for r in run.iter_rows(values_only=True)]
    shown = [r for r in rows if r[0] == "przekazane.eml" and r[4] is not None]
    assert [(r[1], r[2], r[3], r[4]) for r in shown] == [
        (
            "Jan Kierownik <kierownik@mosir.example.pl>",
            "02.11.2026 08:15",
            "Fwd: Karty SP1 i ZDiZ",
            name,
        )
        for name in ("karta_SP1_2026-10.xlsx", "karta ZDiZ.pdf")
    ]
    import hashlib

    zdiz = hashlib.sha256((OCTOBER / "karta_ZDIZ_2026-10.xlsx").read_bytes()).hexdigest()
    assert shown[1][5] == zdiz
    inputs = {(r[0], r[1]) for r in rows if r[0] in ("karta pracy", "wiadomość e-mail")}
    assert ("karta pracy", "mosir_pgm.eml/karta_MOSIR_2026-10.xlsx") in inputs
    assert ("wiadomość e-mail", "przekazane.eml") in inputs

    (archive,) = (tmp_path / "poczta_wyniki").glob("archiwum_*.zip")
    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        kept = {f["path"]: f["role"] for f in manifest["files"]}
        received = (october_by_mail / "przekazane.eml").read_bytes()
        assert zipped.read("wejscie/przekazane.eml") == received
    assert kept["wejscie/mosir_pgm.eml"] == "wiadomość e-mail"
    assert not any(p.endswith(".xlsx") and p.startswith("wejscie/karta") for p in kept)


def test_an_attachment_with_errors_is_named_message_slash_attachment(tmp_path):
    folder = tmp_path / "poczta"
    bad = (SAMPLES / "bledne" / "karta_MOSIR_bledy.xlsx").read_bytes()
    _write(folder, "wiadomość.eml", _mail("Karta", [("załącznik.xlsx", bad)]))
    result = _reconcile(tmp_path / "wyniki", folder)
    assert result.exit_code == 1, result.output
    (errors,) = (tmp_path / "wyniki").glob("bledy_*.xlsx")
    cells = _cells(errors)
    assert "wiadomość.eml/załącznik.xlsx" in cells
    copies = [p.name for p in (tmp_path / "wyniki" / "do_poprawy").iterdir()]
    assert copies == ["wiadomość.eml_załącznik.xlsx"]
    assert "wiadomość.eml_załącznik.xlsx" in cells  # Do poprawy names the marked copy


def test_the_same_attachment_in_two_messages_is_duplicate_file(tmp_path):
    folder = tmp_path / "poczta"
    sheet = _sheet("karta_MOSIR_2026-10.xlsx")
    _write(folder, "a_karta.eml", _mail("Karta", [sheet]))
    _write(folder, "b_ponownie.eml", _mail("Re: Karta", [sheet]))
    result = _validate(folder)
    found = [(i.code, i.file, i.fields.get("other")) for i in result.issues]
    assert found == [
        (
            "DUPLICATE_FILE",
            "b_ponownie.eml/karta_MOSIR_2026-10.xlsx",
            "a_karta.eml/karta_MOSIR_2026-10.xlsx",
        )
    ]
    assert result.rows == _validate(OCTOBER / "karta_MOSIR_2026-10.xlsx").rows > 0


def test_mail_no_timesheet_a_message_without_attachments(tmp_path):
    folder = tmp_path / "poczta"
    _write(folder, "pytanie.eml", _mail("Pytanie o termin"))
    result = _validate(folder, OCTOBER / "karta_PGM_2026-10.xlsx")
    (issue,) = result.issues
    assert (issue.code, issue.file, issue.severity.value) == (
        "MAIL_NO_TIMESHEET",
        "pytanie.eml",
        "warning",
    )
    assert "kierownik@mosir.example.pl" in issue.message and "Pytanie o termin" in issue.message
    assert who_fixes("MAIL_NO_TIMESHEET") is Who.OFFICE
    assert result.rows > 0  # the workbook beside it is read


def test_mail_no_timesheet_only_a_scan_attached(tmp_path):
    mail = _mail("Skan karty")
    mail.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="skan.pdf")
    result = _validate(_write(tmp_path, "skan.eml", mail))
    assert [(i.code, i.file) for i in result.issues] == [("MAIL_NO_TIMESHEET", "skan.eml")]
    assert "skan.pdf" in result.issues[0].message


def test_a_truncated_message_is_one_issue_and_the_month_goes_on(tmp_path):
    folder = tmp_path / "poczta"
    data = bytes(_mail("Karta", [_sheet("karta_SP1_2026-10.xlsx")]))
    (folder).mkdir()
    (folder / "ucieta.eml").write_bytes(data[: len(data) * 2 // 3])
    result = _validate(folder, OCTOBER / "karta_PGM_2026-10.xlsx")
    assert [(i.code, i.file) for i in result.issues] == [
        ("FILE_UNREADABLE", "ucieta.eml/karta_SP1_2026-10.xlsx")
    ]
    assert result.rows == _validate(OCTOBER / "karta_PGM_2026-10.xlsx").rows > 0


def test_a_pdf_named_xlsx_in_a_message_is_file_unreadable_naming_a_pdf(tmp_path):
    mail = _mail("Karta", [("karta.xlsx", b"%PDF-1.7\n" + bytes(2000))])
    result = _validate(_write(tmp_path, "pdf.eml", mail))
    (issue,) = result.issues
    assert (issue.code, issue.file) == ("FILE_UNREADABLE", "pdf.eml/karta.xlsx")
    assert "PDF" in issue.message


def test_a_zip_bomb_attached_is_refused(tmp_path):
    source = OCTOBER / "karta_PGM_2026-10.xlsx"
    bomb = tmp_path / "bomba.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as stream:
                    for _ in range(64):
                        stream.write(b" " * (1 << 20))
            else:
                out.writestr(info, src.read(info.filename))
    mail = _mail("x", [("karta.xlsx", bomb.read_bytes())])
    result = _validate(_write(tmp_path, "bomba.eml", mail))
    found = [(i.code, i.file) for i in result.issues]
    assert found == [("FILE_UNREADABLE", "bomba.eml/karta.xlsx")]
    assert "bomba zip" in result.issues[0].message


def test_an_attachment_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(messages, "MAX_ATTACHMENT_BYTES", 1000)
    mail = _mail("x", [_sheet("karta_PGM_2026-10.xlsx")])
    result = _validate(_write(tmp_path, "duza.eml", mail))
    assert [(i.code, i.file) for i in result.issues] == [
        ("FILE_UNREADABLE", "duza.eml/karta_PGM_2026-10.xlsx")
    ]
    assert result.rows == 0


def test_forwarding_is_followed_three_deep_and_no_deeper(tmp_path):
    def nested(depth: int) -> EmailMessage:
        mail = _mail("Karta", [_sheet("karta_SP1_2026-10.xlsx")])
        for _ in range(depth):
            mail = _mail("Fwd: Karta", forwarded=[mail])
        return mail

    ok = _validate(_write(tmp_path, "trzy.eml", nested(3)))
    assert ok.issues == [] and ok.files == ["trzy.eml/karta_SP1_2026-10.xlsx"]
    deep = _validate(_write(tmp_path, "cztery.eml", nested(4)))
    assert [(i.code, i.file) for i in deep.issues] == [("MAIL_NO_TIMESHEET", "cztery.eml")]
    assert "3" in deep.issues[0].message


def test_a_file_named_eml_that_is_no_message_is_file_unreadable(tmp_path):
    (tmp_path / "obraz.eml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = _validate(tmp_path / "obraz.eml")
    assert [(i.code, i.file) for i in result.issues] == [("FILE_UNREADABLE", "obraz.eml")]


def test_a_workbook_named_eml_is_read_as_the_workbook(tmp_path):
    (tmp_path / "karta.eml").write_bytes((OCTOBER / "karta_PGM_2026-10.xlsx").read_bytes())
    result = _validate(tmp_path / "karta.eml")
    assert result.issues == [] and result.rows > 0


# -- Outlook .msg ------------------------------------------------------------------------------


@needs_corpus
def test_real_outlook_messages_are_read_in_place():
    unicode_msg = MAIL_CORPUS / "msg-extractor__unicode.msg"
    strange = MAIL_CORPUS / "msg-extractor__strangeDate.msg"
    result = _validate(unicode_msg, strange, OCTOBER / "karta_PGM_2026-10.xlsx")
    by_file = {i.file: i for i in result.issues}
    assert sorted(by_file) == [strange.name, unicode_msg.name]
    first = by_file[unicode_msg.name]
    assert first.code == "MAIL_NO_TIMESHEET"
    assert "brizhou@gmail.com" in first.message and "Test for TIF files" in first.message
    assert "import OleFileIO.tif" in first.message  # what it did bring
    assert by_file[strange.name].code == "MAIL_NO_TIMESHEET"
    assert "MSG Test File" in by_file[strange.name].message
    assert result.rows > 0


@needs_corpus
def test_real_outlook_message_facts(tmp_path):
    found = messages.read_message(
        MAIL_CORPUS / "msg-extractor__unicode.msg", "m.msg", tmp_path / "stage"
    )
    assert (found.sender, found.subject, found.date_text) == (
        "Brian Zhou <brizhou@gmail.com>",
        "Test for TIF files",
        "18.11.2013 09:26",  # 08:26:24 UTC (PidTagClientSubmitTime) in Polish time
    )
    assert found.attachments == []


@needs_corpus
def test_a_truncated_outlook_message_is_file_unreadable(tmp_path):
    data = (MAIL_CORPUS / "msg-extractor__unicode.msg").read_bytes()
    (tmp_path / "ucieta.msg").write_bytes(data[:5000])
    result = _validate(tmp_path / "ucieta.msg")
    assert [(i.code, i.file) for i in result.issues] == [("FILE_UNREADABLE", "ucieta.msg")]


def _filetime(when: dt.datetime) -> bytes:
    ticks = (when - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1) * 10
    return struct.pack("<Q", ticks)


def _properties(header: int, values: dict[int, bytes]) -> bytes:
    entries = b"".join(struct.pack("<II", tag, 6) + value for tag, value in values.items())
    return bytes(header) + entries


def test_msg_property_stream_entries_and_systime():
    sent = dt.datetime(2026, 11, 2, 7, 15, tzinfo=dt.UTC)
    data = _properties(32, {0x00390040: _filetime(sent), 0x0E070003: struct.pack("<Q", 1)})
    values = messages.msg_properties(data, messages.HEADER_TOP)
    assert set(values) == {0x00390040, 0x0E070003}
    assert messages.filetime(values[0x00390040]) == sent
    assert messages.msg_properties(data[:40], messages.HEADER_TOP) == {}  # a cut entry


class FakeOle:
    """Streams by path, as `olefile.OleFileIO` shows them (for a message olefile cannot write)."""

    def __init__(self, streams: dict[str, bytes]) -> None:
        self.streams = {k.lower(): v for k, v in streams.items()}
        self.names = list(streams)

    def listdir(self, streams=True, storages=False):
        found = {tuple(name.split("/")) for name in self.names}
        found |= {tuple(n.split("/")[:i]) for n in self.names for i in range(1, n.count("/") + 1)}
        return [list(entry) for entry in sorted(found)]

    def exists(self, path: str) -> bool:
        path = path.lower()
        return path in self.streams or any(k.startswith(path + "/") for k in self.streams)

    def get_size(self, path: str) -> int:
        return len(self.streams[path.lower()])

    def openstream(self, path: str):
        import io

        return io.BytesIO(self.streams[path.lower()])


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def test_msg_attachments_inside_an_attached_message_are_read(tmp_path):
    sheet = (OCTOBER / "karta_SP1_2026-10.xlsx").read_bytes()
    attach = "__attach_version1.0_#00000000/"
    embedded = attach + "__substg1.0_3701000D/"
    sent = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)
    ole = FakeOle(
        {
            "__properties_version1.0": _properties(32, {0x00390040: _filetime(sent)}),
            "__substg1.0_0037001F": _utf16("Fwd: karta SP1"),
            "__substg1.0_5D01001F": _utf16("sekretariat@sp1.example.pl"),
            attach + "__properties_version1.0": bytes(8),
            attach + "__substg1.0_3707001F": _utf16("Karta SP1"),
            embedded + "__properties_version1.0": bytes(24),
            embedded + "__attach_version1.0_#00000000/__substg1.0_3707001F": _utf16("karta.xlsx"),
            embedded + "__attach_version1.0_#00000000/__substg1.0_37010102": sheet,
            embedded + "__attach_version1.0_#00000001/__substg1.0_3704001F": _utf16("logo.png"),
            embedded + "__attach_version1.0_#00000001/__substg1.0_37010102": b"\x89PNG",
        }
    )
    message = messages.Message(file="sp1.msg", path=tmp_path / "sp1.msg")
    found = messages.read_outlook(ole, message)
    messages.stage(message, found, tmp_path / "stage")
    assert (message.sender, message.subject, message.date_text) == (
        "sekretariat@sp1.example.pl",
        "Fwd: karta SP1",
        "03.11.2026 10:00",
    )
    (attachment,) = message.attachments
    assert attachment.name == "sp1.msg/karta.xlsx"
    # the logo beside it is named, not passed over in silence
    assert [(i.code, "logo.png" in i.message) for i in message.issues] == [
        ("MAIL_ATTACHMENT_NOT_READ", True)
    ]
    assert attachment.path.name == "sp1.msg_karta.xlsx"
    assert attachment.path.parent.name == attachment.sha256  # content-addressed
    sheets, issues = read_timesheet(attachment.path, attachment.name)
    assert issues == [] and sheets[0].file == "sp1.msg/karta.xlsx" and len(sheets[0].table) > 0


def test_msg_nested_deeper_than_the_cap_is_mail_no_timesheet(tmp_path):
    level = "__attach_version1.0_#00000000/__substg1.0_3701000D/"
    deep = level * 4
    ole = FakeOle(
        {
            "__properties_version1.0": bytes(32),
            deep + "__attach_version1.0_#00000000/__substg1.0_3707001F": _utf16("karta.xlsx"),
            deep + "__attach_version1.0_#00000000/__substg1.0_37010102": b"PK\x03\x04",
        }
    )
    message = messages.Message(file="gleboko.msg", path=tmp_path / "gleboko.msg")
    messages.stage(message, messages.read_outlook(ole, message), tmp_path / "stage")
    assert [i.code for i in message.issues] == ["MAIL_NO_TIMESHEET"]
    assert message.attachments == []


def test_a_message_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(messages, "MAX_MESSAGE_BYTES", 1000)
    path = _write(tmp_path, "duza.eml", _mail("x", [_sheet("karta_PGM_2026-10.xlsx")]))
    result = _validate(path, OCTOBER / "karta_SP1_2026-10.xlsx")
    assert [(i.code, i.file) for i in result.issues] == [("FILE_UNREADABLE", "duza.eml")]
    assert "MB" in result.issues[0].message and result.rows > 0


def test_a_file_named_msg_that_is_no_outlook_message_is_file_unreadable(tmp_path):
    (tmp_path / "list.msg").write_text("Dzień dobry, karta w następnym e-mailu.\n")
    result = _validate(tmp_path / "list.msg")
    assert [(i.code, i.file) for i in result.issues] == [("FILE_UNREADABLE", "list.msg")]
    assert "wiadomość e-mail" in result.issues[0].message


@needs_corpus
def test_an_outlook_message_attached_to_an_eml_is_walked(tmp_path):
    mail = _mail("Fwd: TIF", [_sheet("karta_PGM_2026-10.xlsx")])
    outlook = (MAIL_CORPUS / "msg-extractor__unicode.msg").read_bytes()
    mail.add_attachment(outlook, maintype="application", subtype="vnd.ms-outlook", filename="t.msg")
    result = _validate(_write(tmp_path, "z_outlookiem.eml", mail))
    assert result.files == ["z_outlookiem.eml/karta_PGM_2026-10.xlsx"]
    # the .tif files in the attached Outlook message are named beside the timesheet read
    (beside,) = result.issues
    assert beside.code == "MAIL_ATTACHMENT_NOT_READ" and ".tif" in beside.message
    alone = _validate(_write(tmp_path, "sam.eml", _mail("Fwd: TIF", [("t.msg", outlook)])))
    (issue,) = alone.issues
    assert issue.code == "MAIL_NO_TIMESHEET" and "raised value error.tif" in issue.message


def test_a_programme_attached_is_set_aside_under_its_name_in_the_message(tmp_path):
    program = ("program.xlsx", (SAMPLES / "program.xlsx").read_bytes())
    result = _validate(_write(tmp_path, "od_koordynatora.eml", _mail("Program", [program])))
    assert result.issues == [] and result.files == []
    assert [p.as_posix() for p, _ in result.skipped] == ["od_koordynatora.eml/program.xlsx"]


def test_marked_copies_go_back_to_the_sender_of_the_message_and_the_supervisor(tmp_path):
    """MOSIR's timesheet with errors came from someone other than MOSIR's registered
    supervisor: the message with its marked copy goes to both (SPEC §11)."""
    import email
    import email.policy

    mistakes = SAMPLES / "bledne" / "karta_MOSIR_bledy.xlsx"
    inbox = tmp_path / "poczta"
    _write(
        inbox,
        "karta MOSiR.eml",
        _mail(
            "Karta MOSiR",
            [(mistakes.name, mistakes.read_bytes())],
            sender="zastepca@mosir.example.pl",
        ),
    )
    out = tmp_path / "wyniki"
    _reconcile(out, inbox)
    sent = CliRunner().invoke(main, ["send", str(out), "--to", "pgm@example.pl"])
    assert sent.exit_code in (0, 1), sent.output
    drafts = {d.name.split("_", 1)[1]: d for d in (out / "wysylka").glob("*_jednostka_MOSIR*")}
    assert sorted(drafts) == ["jednostka_MOSIR.eml", "jednostka_MOSIR_nadawca.eml"]
    to_unit, to_sender = (
        email.message_from_bytes(drafts[n].read_bytes(), policy=email.policy.default)
        for n in ("jednostka_MOSIR.eml", "jednostka_MOSIR_nadawca.eml")
    )
    # the supervisor gets the unit's timesheets; the sender, alone, what the sender sent
    assert to_unit["To"] == "t.kaczmarek@mosir.example.pl"
    assert to_sender["To"] == "zastepca@mosir.example.pl"
    for message in (to_unit, to_sender):
        names = [a.get_filename() for a in message.iter_attachments()]
        assert names == ["karta MOSiR.eml_karta_MOSIR_bledy.xlsx"]
        body = message.get_body(("plain",)).get_content()
        assert "karta MOSiR.eml/karta_MOSIR_bledy.xlsx:" in body


def test_a_sender_gets_back_only_what_their_own_message_brought(tmp_path):
    import email
    import email.policy

    mistakes = SAMPLES / "bledne" / "karta_MOSIR_bledy.xlsx"
    other = SAMPLES / "bledne" / "karta_SP1_godziny.xlsx"
    inbox = tmp_path / "poczta"
    _write(
        inbox, "a.eml", _mail("A", [("a.xlsx", mistakes.read_bytes())], sender="a@mosir.example.pl")
    )
    _write(
        inbox, "b.eml", _mail("B", [("b.xlsx", other.read_bytes())], sender="b@mosir.example.pl")
    )
    out = tmp_path / "wyniki"
    _reconcile(out, inbox)
    CliRunner().invoke(main, ["send", str(out), "--to", "pgm@example.pl"])
    got = {}
    for draft in (out / "wysylka").glob("*_nadawca.eml"):
        message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        got[message["To"]] = [a.get_filename() for a in message.iter_attachments()]
    assert got == {
        "a@mosir.example.pl": ["a.eml_a.xlsx"],
        "b@mosir.example.pl": ["b.eml_b.xlsx"],
    }


def test_what_else_a_message_brought_beside_its_timesheet_is_named(tmp_path):
    photo = ("karta_ZDIZ.jpg", b"\xff\xd8\xff\xe0 a photographed timesheet")
    path = _write(tmp_path, "karty.eml", _mail("Karty", [_sheet("karta_PGM_2026-10.xlsx"), photo]))
    result = _validate(path)
    assert result.rows > 0  # the workbook is read
    (said,) = [i for i in result.issues if i.code == "MAIL_ATTACHMENT_NOT_READ"]
    assert said.file == "karty.eml" and "karta_ZDIZ.jpg" in said.message
    assert said.severity.value == "warning"
