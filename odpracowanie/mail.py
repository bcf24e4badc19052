"""E-mails that carry a month's outputs (SPEC §5 `send`), built and sent with the standard library.

One message to PGM with the four workbooks; one to each unit whose timesheets had errors, with
their annotated copies and a plain list of what to correct. Without an SMTP server the messages
are written as `.eml` files for a mail client; with one, each is sent and the result of each is
reported — never a partial, silent send.

What goes out is what the folder's current run made (SPEC §7 "Run identity"): only the files its
manifest (`przebieg.json`) lists, each checked by its SHA-256 before anything is built and again
as it is attached; a listed file missing or changed, or a folder without a manifest, sends
nothing.

With `password_protect`, every attached workbook is encrypted (msoffcrypto-tool, the password
from the environment) and the message bodies carry no personal data: the list of corrections
gives cells and codes only, the details are in the encrypted attachment.
"""

from __future__ import annotations

import io
import re
import smtplib
import ssl
from collections import defaultdict
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from odpracowanie import labels
from odpracowanie.addresses import email_address
from odpracowanie.core.model import month_text
from odpracowanie.core.money import grosze_from_float
from odpracowanie.issues import CATALOGUE, Who, who_fixes

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class SendError(Exception):
    """The folder is not a reconcile output, or something needed is missing (Polish)."""


@dataclass
class Outgoing:
    name: str  # file name of the .eml and the name in reports
    message: EmailMessage


@dataclass
class Batch:
    month: tuple[int, int]
    messages: list[Outgoing]
    skipped: list[str] = field(default_factory=list)  # units without an address


# What a month's message to the accounts office needs of its run (SPEC §5 `send`).
NEEDED = ("balances", "summary", "cards", "errors")
ATTACHED = (*NEEDED, "postings", "postings_doc")
# ... and of a correction's or a decision's run: what finance books, and the new ledger.
LEDGER_COMMANDS = ("correct", "approve")
LEDGER_ATTACHED = ("correction", "postings_doc", "postings", "balances")


@dataclass
class _Outputs:
    """The folder's current run as its manifest lists it, every file checked: the month, the
    outputs by role, the marked copies by name, and each file's SHA-256 (attachments are
    checked against it again as they are read)."""

    month: tuple[int, int]
    files: dict[str, Path]
    marked: dict[str, Path]
    sha256: dict[Path, str]
    command: str = "reconcile"


def _find_outputs(folder: Path) -> _Outputs:
    """The run whose outputs `folder` holds, from its manifest: refused (SendError, nothing
    written) when there is none, when it is not a month's run, or when a file it lists is
    missing or changed. A file the run did not write is never among them."""
    from odpracowanie import runfolder
    from odpracowanie.core.parse import parse_month

    manifest_path = folder / labels.RUN_MANIFEST
    try:
        manifest = runfolder.read_manifest(folder)
    except runfolder.BadManifest:
        raise SendError(labels.MAIL_BAD_MANIFEST.format(path=manifest_path)) from None
    if manifest is None:
        if runfolder.earlier_outputs(folder):
            raise SendError(labels.MAIL_NO_MANIFEST.format(path=manifest_path))
        raise SendError(labels.MAIL_NO_RESULTS.format(folder=folder))
    month = parse_month(manifest.month)
    roles = {f.role for f in manifest.files}
    ledger = manifest.command in LEDGER_COMMANDS
    needed, attached = (("balances",), LEDGER_ATTACHED) if ledger else (NEEDED, ATTACHED)
    if (
        (manifest.command != "reconcile" and not ledger)
        or month is None
        or not set(needed) <= roles
    ):
        raise SendError(
            labels.MAIL_NOT_A_MONTH.format(path=manifest_path, command=manifest.command)
        )
    for listed, altered in runfolder.changed(folder, manifest):
        said = labels.MAIL_OUTPUT_CHANGED if altered else labels.MAIL_OUTPUT_MISSING
        raise SendError(said.format(path=folder / listed.path, manifest=labels.RUN_MANIFEST))
    files = {f.role: folder / f.path for f in manifest.files if f.role in attached}
    marked = {
        Path(f.path).name: folder / f.path for f in manifest.of_role(runfolder.ROLE_MARKED_COPY)
    }
    sha = {folder / f.path: f.sha256 for f in manifest.files}
    ordered = dict(sorted(files.items(), key=lambda item: attached.index(item[0])))
    return _Outputs(month, ordered, marked, sha, manifest.command)


def _rows(path: Path, sheet: str) -> list[list[object]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    if sheet not in book.sheet_names:
        return []
    return book.get_sheet_by_name(sheet).to_python()


def run_facts(balances: Path) -> dict[str, object]:
    """The ledger's `Przebieg`: each fact's label and value."""
    facts = {}
    for row in _rows(balances, labels.SHEET_RUN):
        if len(row) >= 2 and isinstance(row[0], str) and row[0]:
            facts[row[0]] = row[1]
    return facts


def _encrypt(data: bytes, password: str) -> bytes:
    import msoffcrypto.format.ooxml

    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def _attach(message: EmailMessage, path: Path, password: str | None, sha256: str) -> None:
    """`path` attached as the run wrote it: its bytes checked against the manifest's SHA-256
    as they are read (a file changed since the check is refused too)."""
    import hashlib

    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SendError(labels.MAIL_OUTPUT_CHANGED.format(path=path, manifest=labels.RUN_MANIFEST))
    if path.suffix.lower() == ".csv":
        message.add_attachment(
            data,
            maintype="text",
            subtype="csv",
            filename=path.name,
            params={"charset": "windows-1250"},
        )
        return
    if password is not None:
        data = _encrypt(data, password)
    message.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=path.name)


def _new(sender: str | None, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    if sender:  # a draft without one takes the mail program's own account
        message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="odpracowanie")
    message.set_content(body)
    return message


@dataclass(frozen=True)
class _Found:
    """One row of `bledy_`'s sheet Błędy, read by its column heads."""

    file: str
    cell: str
    account: str
    is_error: bool
    code: str
    message: str


def _table(path: Path, sheet: str, heads: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of one of `bledy_`'s sheets as text by column head (a column the sheet lacks
    reads empty); whole numbers without `.0`."""
    rows = _rows(path, sheet)
    if not rows:
        return []
    at = {str(head): n for n, head in enumerate(rows[0])}

    def get(values: list[object], head: str) -> str:
        n = at.get(head, -1)
        value = values[n] if 0 <= n < len(values) else ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value)

    return [{head: get(r, head) for head in heads} for r in rows[1:]]


def _found(path: Path) -> list[_Found]:
    file, _, cell, _, _, account, weight, code, text = labels.ERROR_COLUMNS
    return [
        _Found(r[file], r[cell], r[account], r[weight] == labels.SEVERITY_ERROR, r[code], r[text])
        for r in _table(path, labels.SHEET_ERRORS, labels.ERROR_COLUMNS)
    ]


def _said(issue: _Found, protected: bool) -> str:
    """What an e-mail body says of an issue: its message, or, when the attachments are
    protected, only the words of its reason (no personal data); a warning says so."""
    entry = CATALOGUE.get(issue.code)
    text = entry.reason if protected and entry is not None else issue.message
    return text + ("" if issue.is_error else labels.TO_CHECK)


def _address(text: str, what: str) -> str:
    address = email_address(text)
    if address is None:
        raise SendError(labels.MAIL_BAD_ADDRESS.format(address=text, what=what))
    return address


def _slug(text: str, fallback: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or fallback


def build(
    folder: Path,
    to: str,
    sender: str | None = None,
    password: str | None = None,
    login: str | None = None,
) -> Batch:
    """All messages for the outputs in `folder`: the results to `to` (the accounts office),
    to each unit what its supervisor can correct, and the register's problems to the
    coordinator. `sender`: the From address; else `email_nadawcy` of the programme; else the
    SMTP `login` when it is an address; else none (a draft takes the mail program's own)."""
    run = _find_outputs(folder)
    month, files = run.month, run.files
    shown = labels.format_month(month)
    to = _address(to, "--to")
    facts = run_facts(files["balances"])
    sender = (
        sender
        or str(facts.get(labels.RUN_SENDER) or "")
        or (login if email_address(login) else "")
        or None
    )
    if sender is not None:
        sender = _address(sender, labels.MAIL_SENDER)
    if run.command in LEDGER_COMMANDS:
        what = labels.MAIL_LEDGER_DRAFT[run.command].format(
            to=_slug(to.split("@")[0], "ksiegowosci")
        )
        return Batch(month, [Outgoing(what, _ledger_message(run, facts, sender, to, password))])
    pgm = _pgm_message(run, facts, sender, to, shown, password)
    batch = Batch(
        month, [Outgoing(f"01_wyniki_dla_{_slug(to.split('@')[0], 'ksiegowosci')}.eml", pgm)]
    )
    found = _found(files["errors"])
    _unit_messages(batch, run, found, sender, shown, password)
    _reminders(batch, files, sender, shown)
    _coordinator_message(
        batch, run, found, sender, shown, password, str(facts.get(labels.RUN_COORDINATOR) or "")
    )
    return batch


def _pgm_message(
    run: _Outputs,
    facts: dict[str, object],
    sender: str | None,
    to: str,
    shown: str,
    password: str | None,
) -> EmailMessage:
    """The results for the accounts office: the run's figures and every output attached
    (the postings' CSV not when protected: a CSV cannot be encrypted)."""

    def count(label: str) -> str:
        value = facts.get(label)
        return str(int(value)) if isinstance(value, int | float) else "—"

    amount = facts.get(labels.RUN_VALUE)
    value = (
        labels.format_money(grosze_from_float(amount)) if isinstance(amount, int | float) else "—"
    )
    protected = password is not None
    files = run.files
    body = [
        labels.MAIL_PGM_BODY.format(
            month=shown,
            credited=count(labels.RUN_CREDITED),
            withheld=count(labels.RUN_WITHHELD),
            value=value,
            errors=count(labels.RUN_ERRORS),
            warnings=count(labels.RUN_WARNINGS),
            balances=files["balances"].name,
            summary=files["summary"].name,
            cards=files["cards"].name,
            report=files["errors"].name,
        )
    ]
    if protected:
        body += ["", labels.MAIL_PROTECTED]
    pgm = _new(
        sender,
        to,
        labels.MAIL_PGM_SUBJECT.format(month=shown),
        "\n".join([*body, "", labels.MAIL_SIGNATURE]),
    )
    for key, path in files.items():
        if not (key == "postings" and protected):
            _attach(pgm, path, password, run.sha256[path])
    return pgm


def build_templates(
    folder: Path, program, month: tuple[int, int], sender: str | None, login: str | None = None
) -> Batch:
    """One message per unit's prepared timesheet in `folder` (`karta_pracy_KOD_YYYY-MM.xlsx`),
    to the unit's supervisor, with the sheet attached and a short note: the month, the
    deadline (`termin_kart_dni` days after the month's end), whom to ask (SPEC §11). A sheet
    of a unit `Jednostki` does not hold, or without an address, is said, not sent."""
    import datetime as dt

    from odpracowanie.core.model import month_bounds
    from odpracowanie.digest import file_digest
    from odpracowanie.writers.templates import prepared_file

    shown = labels.format_month(month)
    text = month_text(month)
    sender = sender or program.params.sender_email or (login if email_address(login) else None)
    if sender is not None:
        sender = _address(sender, labels.MAIL_SENDER)
    by_file = {prepared_file(u.code, month): u for u in program.units}
    found = sorted(folder.glob(f"karta_pracy_*_{text}.xlsx"))
    if not found:
        raise SendError(labels.MAIL_NO_TEMPLATES.format(folder=folder, month=shown, text=text))
    batch = Batch(month, [])
    due = program.params.timesheet_due_days
    deadline = (
        labels.MAIL_TEMPLATE_DEADLINE.format(
            day=labels.format_date(month_bounds(month)[1] + dt.timedelta(days=due))
        )
        if due is not None
        else labels.MAIL_TEMPLATE_NO_DEADLINE
    )
    ask = program.params.coordinator_email or program.params.sender_email
    for path in found:
        unit = by_file.get(path.name)
        if unit is None:
            code = path.name[len("karta_pracy_") : -len(f"_{text}.xlsx")]
            batch.skipped.append(labels.MAIL_TEMPLATE_UNKNOWN.format(file=path.name, unit=code))
            continue
        address = email_address(unit.email)
        if address is None:
            batch.skipped.append(labels.MAIL_TEMPLATE_NO_ADDRESS.format(unit=unit.code))
            continue
        people = _people_of(path)
        body = [
            labels.MAIL_HELLO.format(name=f", {unit.supervisor}" if unit.supervisor else ""),
            "",
            labels.MAIL_TEMPLATE_BODY.format(
                unit=unit.name or unit.code,
                month=shown,
                people=labels.plural(people, *labels.PERSON_FORMS),
                deadline=deadline,
            ),
            *([labels.MAIL_TEMPLATE_ASK.format(who=ask)] if ask else []),
            "",
            labels.MAIL_SIGNATURE,
        ]
        message = _new(
            sender,
            address,
            labels.MAIL_TEMPLATE_SUBJECT.format(month=shown, unit=unit.name or unit.code),
            "\n".join(body),
        )
        _attach(message, path, None, file_digest(path)[1])
        guide = folder / labels.SUPERVISOR_GUIDE_FILE
        if guide.is_file():
            message.add_attachment(
                guide.read_bytes(), maintype="text", subtype="plain", filename=guide.name
            )
        name = labels.MAIL_TEMPLATE_DRAFT.format(
            number=len(batch.messages) + 1, unit=_slug(unit.code, "jednostka")
        )
        batch.messages.append(Outgoing(name, message))
    return batch


def _people_of(path: Path) -> int:
    """How many people a prepared timesheet's list holds (its `Listy` accounts)."""
    from odpracowanie.writers.templates import PEOPLE_COLUMNS

    try:
        rows = _rows(path, labels.SHEET_LISTS)
    except Exception as exc:  # a sheet damaged or held open: said, and nothing sent
        raise SendError(labels.MAIL_TEMPLATE_UNREADABLE.format(file=path.name)) from exc
    col = PEOPLE_COLUMNS["account"]
    return sum(1 for row in rows[1:] if len(row) > col and str(row[col]).strip())


def _ledger_message(
    run: _Outputs, facts: dict[str, object], sender: str | None, to: str, password: str | None
) -> EmailMessage:
    """A correction's or a decision's results for the accounts office: what it reversed, the
    posting document to book, the ledger that now counts, each output attached (the CSV not
    when protected)."""
    returned = facts.get(labels.RUN_RETURNED)
    rows = facts.get(labels.RUN_REVERSED)
    files = run.files
    body = [
        labels.MAIL_LEDGER_BODY.format(
            what=labels.MAIL_LEDGER_WHAT[run.command],
            month=labels.format_month(run.month),
            document=facts.get(labels.RUN_CORRECTION) or "—",
            rows=int(rows) if isinstance(rows, int | float) else "—",
            returned=labels.format_money(grosze_from_float(returned))
            if isinstance(returned, int | float)
            else "—",
            posting=facts.get(labels.RUN_POSTING) or labels.RUN_NO_POSTING,
            balances=files["balances"].name,
            source=facts.get(labels.RUN_SOURCE_FILE) or "—",
        ),
        *(
            f"- {path.name} — {labels.MAIL_LEDGER_FILES[key]}"
            for key, path in files.items()
            if not (key == "postings" and password is not None)
        ),
    ]
    if password is not None:
        body += ["", labels.MAIL_PROTECTED]
    message = _new(
        sender,
        to,
        labels.MAIL_LEDGER_SUBJECT[run.command].format(month=labels.format_month(run.month)),
        "\n".join([*body, "", labels.MAIL_SIGNATURE]),
    )
    for key, path in files.items():
        if not (key == "postings" and password is not None):
            _attach(message, path, password, run.sha256[path])
    return message


def _message_senders(balances: Path) -> dict[str, str]:
    """The address of the sender of each timesheet that came by e-mail (`Przebieg`'s table of
    messages: the timesheet `wiadomość.eml/załącznik.xlsx` -> its message's sender)."""
    from email.utils import parseaddr

    rows = _rows(balances, labels.SHEET_RUN)
    out: dict[str, str] = {}
    inside = False
    heads = labels.RUN_MESSAGE_HEADS
    for row in rows:
        first = str(row[0]).strip() if row and row[0] is not None else ""
        if first == labels.RUN_MESSAGES_TITLE:
            inside = True
            continue
        if not inside or tuple(str(c) for c in row[: len(heads)]) == heads:
            continue
        if not first:
            break  # the table's end
        address = email_address(parseaddr(str(row[1]))[1])
        if address and row[4]:
            out[f"{first}/{row[4]}"] = address
    return out


def _unit_messages(
    batch: Batch,
    run: _Outputs,
    found: list[_Found],
    sender: str | None,
    shown: str,
    password: str | None,
) -> None:
    """One message per unit whose timesheets have errors its supervisor can correct: those
    and the supervisor's warnings, by timesheet and cell, in words; the marked copies."""
    by_file: dict[str, list[_Found]] = defaultdict(list)
    for issue in found:
        if who_fixes(issue.code) is Who.SUPERVISOR:
            by_file[issue.file].append(issue)
    units: dict[tuple[str, str, str, str, str], list[str]] = defaultdict(list)
    copies: dict[str, str] = {}
    # A timesheet that came by e-mail also goes back to whoever sent it (SPEC §11), in a
    # message of its own holding only what that message brought: a sender never sees the
    # unit's other timesheets, nor who else got them.
    senders = _message_senders(run.files["balances"])
    heads = labels.TO_FIX_COLUMNS
    for row in _table(run.files["errors"], labels.SHEET_TO_FIX, heads):
        file, code, name, supervisor, email = (row[h] for h in heads[:5])
        copies[file] = row[heads[6]]
        address = email_address(email)
        back = senders.get(file)
        if back and back != address:
            units[(code, name, "", back, "_nadawca")].append(file)
        if address is None:
            note = (
                labels.MAIL_NO_UNIT
                if not code
                else labels.MAIL_BAD_UNIT_ADDRESS
                if email
                else labels.MAIL_NO_ADDRESS
            )
            batch.skipped.append(note.format(file=file, unit=code, address=email))
            continue
        units[(code, name, supervisor, address, "")].append(file)
    protected = password is not None
    for (code, name, supervisor, email, suffix), names in sorted(units.items()):
        lines = [
            labels.MAIL_HELLO.format(name=f", {supervisor}" if supervisor else ""),
            "",
            labels.MAIL_FIX_INTRO.format(month=shown, unit=name or code),
            "",
        ]
        for file in names:
            lines.append(f"{file}:")
            by_cell: dict[str, list[_Found]] = defaultdict(list)
            for issue in by_file.get(file, []):
                by_cell[issue.cell].append(issue)
            for cell, here in by_cell.items():
                place = (
                    labels.MAIL_FIX_CELL.format(cell=cell) if cell else labels.MAIL_FIX_WHOLE_FILE
                )
                said = dict.fromkeys(_said(i, protected) for i in here)
                lines.append(f"- {place}: " + " ".join(said))
            lines.append("")
        if protected:
            lines.append(labels.MAIL_FIX_PROTECTED)
        lines += [labels.MAIL_FIX_PLEASE, "", labels.MAIL_SIGNATURE]
        message = _new(
            sender,
            email,
            labels.MAIL_FIX_SUBJECT.format(unit=name or code, month=shown),
            "\n".join(lines),
        )
        for file in names:
            copy = run.marked.get(copies[file]) if copies[file] else None
            if copy is not None:  # only a copy the run wrote, from its manifest
                _attach(message, copy, password, run.sha256[copy])
        number = len(batch.messages) + 1
        batch.messages.append(
            Outgoing(f"{number:02d}_jednostka_{_slug(code, 'bez_kodu')}{suffix}.eml", message)
        )


def _reminders(batch: Batch, files: dict[str, Path], sender: str | None, shown: str) -> None:
    """A reminder to each unit with referred participants whose timesheet of the month is
    not in the batch (`bledy_`'s sheet Brak kart; TIMESHEET_MISSING). No attachment."""
    heads = labels.MISSING_COLUMNS
    for row in _table(files["errors"], labels.SHEET_MISSING, heads):
        code, name, supervisor, email, accounts = (row[h] for h in heads)
        address = email_address(email)
        if address is None:
            batch.skipped.append(labels.MAIL_REMIND_NO_ADDRESS.format(unit=code))
            continue
        unit = name or code
        body = [
            labels.MAIL_HELLO.format(name=f", {supervisor}" if supervisor else ""),
            "",
            labels.MAIL_REMIND_BODY.format(month=shown, unit=unit, accounts=accounts),
            "",
            labels.MAIL_SIGNATURE,
        ]
        message = _new(
            sender,
            address,
            labels.MAIL_REMIND_SUBJECT.format(month=shown, unit=unit),
            "\n".join(body),
        )
        number = len(batch.messages) + 1
        batch.messages.append(
            Outgoing(f"{number:02d}_przypomnienie_{_slug(code, 'bez_kodu')}.eml", message)
        )


def _coordinator_message(
    batch: Batch,
    run: _Outputs,
    found: list[_Found],
    sender: str | None,
    shown: str,
    password: str | None,
    coordinator: str,
) -> None:
    """The register's problems the batch found (SPEC §3), in one message to the
    coordinator (`email_koordynatora`), by account."""
    register = [i for i in found if who_fixes(i.code) is Who.COORDINATOR]
    if not register:
        return
    address = email_address(coordinator)
    if address is None:
        batch.skipped.append(labels.MAIL_NO_COORDINATOR.format(count=len(register)))
        return
    protected = password is not None
    lines = [
        labels.MAIL_HELLO.format(name=""),
        "",
        labels.MAIL_REGISTER_INTRO.format(month=shown, count=len(register)),
        "",
    ]
    by_account: dict[str, list[_Found]] = defaultdict(list)
    for issue in register:
        by_account[issue.account].append(issue)
    for account, here in sorted(by_account.items()):
        lines.append(
            labels.MAIL_REGISTER_ACCOUNT.format(account=account)
            if account
            else labels.MAIL_REGISTER_PROGRAM
        )
        for issue in here:
            where = f" ({issue.file}, {issue.cell})" if issue.cell else f" ({issue.file})"
            lines.append(f"- {_said(issue, protected)}{where}")
        lines.append("")
    if protected:
        lines.append(labels.MAIL_REGISTER_PROTECTED)
    lines += [labels.MAIL_REGISTER_PLEASE, "", labels.MAIL_SIGNATURE]
    message = _new(
        sender, address, labels.MAIL_REGISTER_SUBJECT.format(month=shown), "\n".join(lines)
    )
    errors = run.files["errors"]
    _attach(message, errors, password, run.sha256[errors])
    number = len(batch.messages) + 1
    batch.messages.append(Outgoing(f"{number:02d}_koordynator.eml", message))


def write_drafts(batch: Batch, folder: Path) -> list[Path]:
    """Each message as an .eml file in `folder` (opens in Thunderbird or Outlook)."""
    from odpracowanie.writers.atomic import atomic_path

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for outgoing in batch.messages:
        target = folder / outgoing.name
        draft = outgoing.message
        # Outlook opens an .eml as a received message unless it is marked unsent; then it is
        # a new message to check and send (Thunderbird: "Edit as New").
        if "X-Unsent" not in draft:
            draft["X-Unsent"] = "1"
        with atomic_path(target) as temp:
            temp.write_bytes(draft.as_bytes())
        written.append(target)
    return written


@dataclass
class Delivery:
    sent: list[str]
    failed: list[tuple[str, str]]  # (message name, reason in Polish)


def send(
    batch: Batch,
    host: str,
    port: int,
    *,
    starttls: bool,
    user: str | None,
    password: str | None,
    timeout: float = 30,
) -> Delivery:
    """Send every message; report each. A server that cannot be reached sends nothing."""
    delivery = Delivery([], [])
    if any("From" not in m.message for m in batch.messages):
        raise SendError(labels.MAIL_NEED_SENDER)
    try:
        server = smtplib.SMTP(host, port, timeout=timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(labels.MAIL_NO_SERVER.format(host=host, port=port, error=exc)) from exc
    with server:
        try:
            if starttls:
                server.ehlo()
                if not server.has_extn("starttls"):
                    raise SendError(labels.MAIL_NO_STARTTLS.format(host=host))
                server.starttls(context=ssl.create_default_context())
            if user:
                server.login(user, password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(labels.MAIL_BAD_LOGIN) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(labels.MAIL_REFUSED.format(error=exc)) from exc
        for outgoing in batch.messages:
            try:
                refused = server.send_message(outgoing.message)
            except smtplib.SMTPRecipientsRefused as exc:
                delivery.failed.append(
                    (
                        outgoing.name,
                        labels.MAIL_RECIPIENT_REFUSED.format(who=", ".join(exc.recipients)),
                    )
                )
                continue
            except (OSError, smtplib.SMTPException) as exc:
                delivery.failed.append((outgoing.name, str(exc)))
                continue
            if refused:
                delivery.failed.append(
                    (outgoing.name, labels.MAIL_RECIPIENT_REFUSED.format(who=", ".join(refused)))
                )
            else:
                delivery.sent.append(outgoing.name)
    return delivery
