"""E-mails among the timesheets (SPEC §11): a `.eml` or Outlook `.msg` file is opened and each
spreadsheet attached to it, or to a message forwarded inside it, becomes a timesheet of its own.

Clerks drag the month's e-mails from Outlook or Thunderbird into the folder. A `.eml` is read
with the standard library's `email` (policy `default`); a `.msg` with `olefile` (BSD; the
project is MIT, so not the GPL `extract-msg`) following [MS-OXMSG]: each attachment is a
storage `__attach_version1.0_#XXXXXXXX` holding its bytes (`__substg1.0_37010102`) and name
(`3707001F`, long, else `3704001F`), or, for an attached message, a storage
`__substg1.0_3701000D` laid out like a message. The subject, the sender and the date are read
from the message's own streams and its property stream `__properties_version1.0`.

An attachment is a timesheet when its name says spreadsheet (the reader then handles a name
that lies, as for any file) or when its bytes are a workbook whatever its name. Each is copied,
once per content, into the run's own staging folder (never beside the inputs) under a
readable name, `message.eml_attachment.xlsx`, which is also its marked copy's name; issues and
outputs call it `message.eml/attachment.xlsx`. The same attachment in two messages (a resend)
is then two equal timesheets: `DUPLICATE_FILE`, as for any two equal workbooks.

A message with no spreadsheet attached gets `MAIL_NO_TIMESHEET`, never a silent skip; a message
that cannot be read, or is too big, gets one `FILE_UNREADABLE`; an attachment too big gets its
own `FILE_UNREADABLE`. Messages forwarded inside messages are followed `MAX_DEPTH` deep.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from odpracowanie import labels
from odpracowanie.issues import Issue, Say, make_issue
from odpracowanie.readers.workbook import (
    OLE_SIGNATURE,
    TIMESHEET_LIMITS,
    ZIP_SIGNATURE,
    UnreadableFile,
    describe,
)

MESSAGE_SUFFIXES = (".eml", ".msg")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
# Outlook refuses to send more than 20 MB, most mail servers 25-50 MB: a bigger file is no
# month's e-mail, and the parser would hold several copies of it in memory.
MAX_MESSAGE_BYTES = 64 * 1000 * 1000
MAX_ATTACHMENT_BYTES = TIMESHEET_LIMITS.on_disk  # SPEC §6: an attachment is a timesheet file
MAX_DEPTH = 3  # a message forwarded in a message forwarded in a message, and no deeper
MAX_NAME = 120  # characters of a staged file's name (a path component is at most 255 bytes)

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
PT_SYSTIME = 0x0040
# [MS-OXMSG] 2.4: the property stream's header before its 16-byte entries
HEADER_TOP, HEADER_EMBEDDED = 32, 24
SENT_TIME, DELIVERY_TIME = 0x0039, 0x0E06  # PidTagClientSubmitTime, PidTagMessageDeliveryTime
SUBJECT = "0037"
# The sender's SMTP address first (PidTagSenderSmtpAddress, then the sent-representing one),
# then PidTagSenderEmailAddress, which an Exchange message holds as an internal X.500
# name (`/O=EXCHANGELABS/…`), no address to answer.
SENDERS = ("5D01", "5D02", "0C1F", "0065")
SENDER_NAME = "0C1A"
ATTACH_DATA, ATTACH_MESSAGE = "__substg1.0_37010102", "__substg1.0_3701000D"
ATTACH_LONG_NAME, ATTACH_NAME = "3707", "3704"
ATTACH_STORAGE = "__attach_version1.0_#"


@dataclass(frozen=True)
class Attachment:
    """A spreadsheet attached to a message: its name in issues and outputs, its staged copy."""

    name: str
    path: Path
    sha256: str


@dataclass
class Message:
    """One e-mail file given to the run: who sent it, when, about what, what it brought."""

    file: str  # the message file's display name
    path: Path
    sender: str = ""
    subject: str = ""
    date: dt.datetime | None = None
    sha256: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return labels.format_mail_date(self.date) if self.date else ""


@dataclass
class _Found:
    """What a message held, as it is walked: attachments (name, bytes), names of others."""

    sheets: list[tuple[str, bytes]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    too_big: list[tuple[str, int]] = field(default_factory=list)
    too_deep: bool = False


class BrokenMessage(Exception):
    """The message cannot be read; `reason` is Polish."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_message(path: Path) -> bool:
    """A file the run opens as an e-mail: `.eml` or `.msg` by its name, unless its bytes are a
    workbook's (a lying name, read as the workbook it is)."""
    if path.suffix.lower() not in MESSAGE_SUFFIXES:
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError:
        return True  # said by the message reader, as for a message
    if path.suffix.lower() == ".eml":
        return not head.startswith((ZIP_SIGNATURE, OLE_SIGNATURE))
    return not head.startswith(ZIP_SIGNATURE)


def read_message(path: Path, file: str, staging: Path) -> Message:
    """The message at `path` (shown as `file`), its spreadsheets staged into `staging`."""
    message = Message(file=file, path=path)
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES:
            raise BrokenMessage(Say.TOO_BIG.format(megabytes=_megabytes(size)))
        data = path.read_bytes()
    except OSError as exc:
        reason = Say.CANNOT_OPEN.format(error=exc.strerror or exc)
        message.issues.append(make_issue("FILE_UNREADABLE", file=file, reason=reason))
        return message
    except BrokenMessage as exc:
        message.issues.append(make_issue("FILE_UNREADABLE", file=file, reason=exc.reason))
        return message
    message.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if not data:
            raise BrokenMessage(Say.EMPTY_FILE)
        if data.startswith(OLE_SIGNATURE):
            found = _read_msg(data, message)
        elif path.suffix.lower() == ".msg":
            raise BrokenMessage(Say.NOT_MESSAGE.format(what=describe(data, path.suffix)))
        else:
            found = _read_eml(data, message)
    except BrokenMessage as exc:
        message.issues.append(make_issue("FILE_UNREADABLE", file=file, reason=exc.reason))
        return message
    stage(message, found, staging)
    return message


def stage(message: Message, found: _Found, staging: Path) -> None:
    """Each spreadsheet found into `staging`, content-addressed; the message's issues."""
    file = message.file
    used: set[str] = set()
    for name, size in found.too_big:
        shown = f"{file}/{_unique(name, used)}"
        reason = Say.TOO_BIG.format(megabytes=_megabytes(size))
        message.issues.append(make_issue("FILE_UNREADABLE", file=shown, reason=reason))
    for name, data in found.sheets:
        name = _unique(name, used)
        digest = hashlib.sha256(data).hexdigest()
        folder = staging / digest
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / staged_name(file, name)
        if not target.exists():
            target.write_bytes(data)
        message.attachments.append(Attachment(f"{file}/{name}", target, digest))
    if message.attachments or found.too_big:
        # what else came with the timesheets is said, never passed over in silence
        left = list(found.others)
        if found.too_deep:
            left.append(Say.MAIL_TOO_DEEP.format(depth=MAX_DEPTH))
        if left:
            message.issues.append(
                _about(message, "MAIL_ATTACHMENT_NOT_READ", names="; ".join(left))
            )
        return
    if found.too_deep:
        reason = Say.MAIL_TOO_DEEP.format(depth=MAX_DEPTH)
    elif found.others:
        reason = Say.MAIL_NO_SPREADSHEET.format(names=", ".join(found.others))
    else:
        reason = Say.MAIL_NO_ATTACHMENT
    message.issues.append(_about(message, "MAIL_NO_TIMESHEET", reason=reason))


def _about(message: Message, code: str, **fields: str) -> Issue:
    """An issue of the whole message, naming it, its sender and its subject."""
    return make_issue(
        code,
        file=message.file,
        message=message.file,
        sender=message.sender or labels.MAIL_UNKNOWN,
        subject=message.subject or labels.MAIL_NO_SUBJECT,
        **fields,
    )


def staged_name(message: str, attachment: str) -> str:
    """`message.eml_attachment.xlsx`: a name any file system takes, which keeps the
    attachment's extension; the marked copy is named after it."""
    text = _UNSAFE.sub("_", f"{message}_{attachment}").strip(" .") or "_"
    if len(text) <= MAX_NAME:
        return text
    suffix = Path(text).suffix[:10]
    return text[: MAX_NAME - len(suffix)] + suffix


def _unique(name: str, used: set[str]) -> str:
    """An attachment's name, with a number when the message holds two of that name."""
    name = _UNSAFE.sub("_", name).strip() or labels.MAIL_UNNAMED
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, number = name, 2
    while candidate.casefold() in used:
        candidate = f"{stem} ({number}){suffix}"
        number += 1
    used.add(candidate.casefold())
    return candidate


def _megabytes(size: int) -> str:
    return labels.format_number(round(size / 1_000_000, 1))


def _take(found: _Found, name: str, data: bytes) -> None:
    """An attachment sorted: a spreadsheet (by name or bytes), too big, or something else."""
    name = name or labels.MAIL_UNNAMED
    spreadsheet = Path(name).suffix.lower() in SPREADSHEET_SUFFIXES or is_workbook(data)
    if not spreadsheet:
        found.others.append(name)
    elif len(data) > MAX_ATTACHMENT_BYTES:
        found.too_big.append((name, len(data)))
    else:
        found.sheets.append((name, data))


def _take_any(found: _Found, name: str, data: bytes, depth: int) -> None:
    """An attachment that is itself a saved e-mail (`.eml`, or an Outlook `.msg` attached to a
    `.eml`) is walked like a forwarded message; anything else is `_take`n."""
    suffix = Path(name).suffix.lower()
    if suffix not in MESSAGE_SUFFIXES or data.startswith(ZIP_SIGNATURE):
        _take(found, name, data)
        return
    if depth + 1 > MAX_DEPTH:
        found.too_deep = True
        return
    try:
        if data.startswith(OLE_SIGNATURE):
            import olefile

            with olefile.OleFileIO(data) as ole:
                _walk_msg(ole, "", found, depth + 1)
        elif suffix == ".eml":
            inner = email.message_from_bytes(data, policy=email.policy.default)
            _walk_eml(inner, found, depth + 1)
        else:
            found.others.append(name)
    except Exception:  # a damaged message inside a message: named as what it brought
        found.others.append(name)


def is_workbook(data: bytes) -> bool:
    """Bytes a workbook's, whatever the attachment's name says (a `karta.pdf` that is an .xlsx):
    a zip package or OLE2 file that the workbook reader takes for one."""
    from odpracowanie.readers import workbook

    if len(data) > MAX_ATTACHMENT_BYTES:
        return False
    try:
        if data.startswith(ZIP_SIGNATURE):
            workbook._zip_kind(data, TIMESHEET_LIMITS)
            return True
        if data.startswith(OLE_SIGNATURE):
            workbook._ole_kind(data)
            return True
    except UnreadableFile:
        return False
    return False


# -- .eml --------------------------------------------------------------------------------------


def _read_eml(data: bytes, message: Message) -> _Found:
    try:
        parsed = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; anything it still trips over
        raise BrokenMessage(Say.MAIL_DAMAGED) from exc
    if not parsed.keys():
        raise BrokenMessage(Say.NOT_MESSAGE.format(what=describe(data, ".eml")))
    message.sender = _header(parsed, "From")
    message.subject = _header(parsed, "Subject")
    message.date = _eml_date(parsed)
    found = _Found()
    try:
        _walk_eml(parsed, found, depth=0)
    except RecursionError as exc:
        raise BrokenMessage(Say.MAIL_DAMAGED) from exc
    return found


def _header(parsed, name: str) -> str:
    try:
        value = parsed.get(name)
    except Exception:  # a header the policy cannot decode
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _eml_date(parsed) -> dt.datetime | None:
    try:
        value = parsed.get("Date")
        return getattr(value, "datetime", None)
    except Exception:
        return None


def _walk_eml(part, found: _Found, depth: int) -> None:
    """Every leaf of a MIME tree that is an attachment; a forwarded message walked in turn."""
    for leaf in _leaves(part):
        if leaf.get_content_type() == "message/rfc822" or (
            leaf.get_content_maintype() == "message" and leaf.is_multipart()
        ):
            inner = leaf.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else None
            if inner is None:
                continue
            if depth + 1 > MAX_DEPTH:
                found.too_deep = True
                continue
            _walk_eml(inner, found, depth + 1)
            continue
        name = leaf.get_filename() or ""
        disposition = leaf.get_content_disposition()
        if not name and disposition != "attachment" and leaf.get_content_maintype() == "text":
            continue  # the message's text
        try:
            data = leaf.get_payload(decode=True) or b""
        except Exception:
            data = b""
        if not name and not data:
            continue
        _take_any(found, name, data, depth)


def _leaves(part) -> Iterator:
    """The parts under `part` that are not containers, a forwarded message counting as one."""
    if part.get_content_maintype() == "multipart":
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            yield from _leaves(sub)
    else:
        yield part


# -- .msg --------------------------------------------------------------------------------------


def _read_msg(data: bytes, message: Message) -> _Found:
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # truncated, damaged: olefile says so in many ways
        raise BrokenMessage(Say.MAIL_DAMAGED) from exc
    with ole:
        return read_outlook(ole, message)


def read_outlook(ole, message: Message) -> _Found:
    """The sender, subject and date of an Outlook message into `message`, and what is attached
    to it; `ole` is an open `olefile.OleFileIO` (or anything with its `listdir`, `exists`,
    `get_size` and `openstream`)."""
    entries = {"/".join(e).lower() for e in ole.listdir(streams=True, storages=True)}
    if "__properties_version1.0" not in entries:
        what = Say.OLE_OTHER if not {"workbook", "book"} & entries else Say.XLS_NAMED_MSG
        raise BrokenMessage(Say.NOT_MESSAGE.format(what=what))
    try:
        message.subject = _msg_text(ole, "", SUBJECT)
        message.sender = _msg_sender(ole, "")
        message.date = _msg_date(ole, "", HEADER_TOP)
        found = _Found()
        _walk_msg(ole, "", found, depth=0)
    except Exception as exc:  # a stream cut short: the message is damaged
        raise BrokenMessage(Say.MAIL_DAMAGED) from exc
    return found


def _msg_text(ole, prefix: str, prop: str) -> str:
    """A string property of the storage at `prefix`: Unicode (`001F`) or 8-bit (`001E`)."""
    for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        path = f"{prefix}__substg1.0_{prop}{kind}"
        if ole.exists(path):
            text = ole.openstream(path).read().decode(encoding, "replace")
            return " ".join(text.replace("\x00", "").split())
    return ""


def _msg_sender(ole, prefix: str) -> str:
    """`Name <address>` of the sender, from the first address property present."""
    found = (_msg_text(ole, prefix, p) for p in SENDERS)
    address = next((a for a in found if a and "@" in a and not a.startswith("/")), "")
    name = _msg_text(ole, prefix, SENDER_NAME)
    if name and address and name != address:
        return f"{name} <{address}>"
    return address or name


def _msg_date(ole, prefix: str, header: int) -> dt.datetime | None:
    path = f"{prefix}__properties_version1.0"
    if not ole.exists(path):
        return None
    values = msg_properties(ole.openstream(path).read(), header)
    for prop in (SENT_TIME, DELIVERY_TIME):
        value = values.get((prop << 16) | PT_SYSTIME)
        if value is not None:
            when = filetime(value)
            if when is not None:
                return when
    return None


def msg_properties(data: bytes, header: int) -> dict[int, bytes]:
    """[MS-OXMSG] 2.4.2: the property stream's fixed-size entries, tag -> its 8 value bytes
    (a 16-byte entry: the tag, type in the low word and id in the high one; flags; value)."""
    values: dict[int, bytes] = {}
    for start in range(header, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from("<II8s", data, start)
        values[tag] = value
    return values


def filetime(value: bytes) -> dt.datetime | None:
    """A PT_SYSTIME value (100-ns ticks since 1601, UTC) as a datetime; None when absurd."""
    ticks = struct.unpack("<Q", value[:8])[0]
    try:
        return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None


def _walk_msg(ole, prefix: str, found: _Found, depth: int) -> None:
    """Each attachment storage directly under `prefix` (`""` for the message itself, else
    `storage/.../`); an attached message walked in turn."""
    level = prefix.count("/")
    storages = sorted(
        {
            "/".join(entry[: level + 1])
            for entry in ole.listdir(streams=True, storages=True)
            if len(entry) > level
            and "".join(f"{part}/" for part in entry[:level]).lower() == prefix.lower()
            and entry[level].lower().startswith(ATTACH_STORAGE.lower())
        }
    )
    for storage in storages:
        inner = f"{storage}/"
        name = _msg_text(ole, inner, ATTACH_LONG_NAME) or _msg_text(ole, inner, ATTACH_NAME)
        if ole.exists(f"{inner}{ATTACH_MESSAGE}"):
            if depth + 1 > MAX_DEPTH:
                found.too_deep = True
                continue
            _walk_msg(ole, f"{inner}{ATTACH_MESSAGE}/", found, depth + 1)
            continue
        path = f"{inner}{ATTACH_DATA}"
        if not ole.exists(path):
            continue  # an attachment by reference (a link): no bytes to read
        size = ole.get_size(path)
        if size > MAX_ATTACHMENT_BYTES:
            if Path(name).suffix.lower() in SPREADSHEET_SUFFIXES:
                found.too_big.append((name, size))
            else:
                found.others.append(name or labels.MAIL_UNNAMED)
            continue
        _take_any(found, name, ole.openstream(path).read(), depth)


def open_messages(files: list[Path], names: list[str], staging: Path):
    """`files` (shown as `names`) with each message replaced by its staged spreadsheets, in
    the message's place: (files, names, the messages read)."""
    out_files: list[Path] = []
    out_names: list[str] = []
    messages: list[Message] = []
    for path, name in zip(files, names, strict=True):
        if not is_message(path):
            out_files.append(path)
            out_names.append(name)
            continue
        message = read_message(path, name, staging)
        messages.append(message)
        for attachment in message.attachments:
            out_files.append(attachment.path)
            out_names.append(attachment.name)
    return out_files, out_names, messages


def message_rows(messages: list[Message]) -> list[tuple[str, str, str, str, str, str]]:
    """`Przebieg`'s rows of the run's e-mails: (message, sender, date, subject, attachment,
    its SHA-256), one per attachment, one for a message that brought none."""
    rows = []
    for m in messages:
        facts = (m.file, m.sender, m.date_text, m.subject)
        for a in m.attachments:
            rows.append((*facts, a.name.removeprefix(f"{m.file}/"), a.sha256))
        if not m.attachments:
            rows.append((*facts, labels.MAIL_NO_ATTACHMENT_ROW, ""))
    return rows
