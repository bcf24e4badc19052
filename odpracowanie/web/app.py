"""The clerk's desk (SPEC §10): a local web page that runs the month without a terminal.

Flask, pages rendered on the server from the package's templates, no JavaScript, the style
sheet in the package. It calls the same batch functions as the command line
(`run_reconcile`, `run_send`); only files and forms are its own.

Security (SPEC §10, "as safe as Jupyter's local server"): `serve` binds 127.0.0.1; one guard
before every route refuses (403) a request whose `Host` is not this computer's address at the
port the server listens on (DNS rebinding), and one without the random token `serve` prints
(in the address, then in a cookie); a request that changes anything (every POST) must carry
the session's anti-forgery token in its form and come from this page's own origin. Uploads are
limited in size and kind and stored only under the data folder, each month in a folder of its
own named by a random identifier; a name from a request reaches the file system only as one of
the files listed in that folder.

No action is lost (SPEC §10): every action on a month (run, correction, decision, send) goes
through `holding`, which takes the month's lock (one per month folder, across the server's
threads and, by a lock file, across processes) before the month's state is read and holds it
until the new state is saved; an action that no longer fits the state it finds is refused (409).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import re
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, abort, redirect, render_template, request, send_file, url_for
from markupsafe import Markup
from werkzeug.serving import WSGIRequestHandler

from odpracowanie import labels
from odpracowanie.core.money import qty_text
from odpracowanie.issues import CATALOGUE

TOKEN_COOKIE = "odpracowanie_token_{port}"  # one per port: two pages keep their own tokens
MONTH_ID = re.compile(r"[0-9a-f]{16}")
WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_EXPORTS = (".csv", ".txt")
# What may come among the timesheets: workbooks, and what people send instead of one (a photo,
# a PDF, an export), which the batch reports as not a timesheet. Anything else is not stored
# and is listed on the page as refused.
# E-mails saved from Outlook or Thunderbird (.msg, .eml) are opened for their attachments.
TIMESHEET_KINDS = (
    *WORKBOOKS,
    *TEXT_EXPORTS,
    ".eml",
    ".msg",
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".numbers",
)
MAX_UPLOAD_MB = 512  # a request's files together (a month of 200 timesheets is ~60 MB)
META = "miesiac.json"
LOCK_FILE = ".blokada"  # the month's lock across processes (two servers on one folder)
PORT = "ODPRACOWANIE_PORT"  # the app's config: the port its server listens on
FORM_KEY = "ODPRACOWANIE_FORM_KEY"  # the app's config: the session's anti-forgery token
FORM_FIELD = "_csrf"  # the hidden field of every form that changes anything
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
STAGING = ".nowy-"  # an upload being stored: not a month until it is whole
# The inputs' folders when two are uploaded under one name.
ROLE_FOLDERS = {
    "program": "program",
    "debts": "zadluzenie",
    "history": "saldo_poprzednie",
    "payments": "wplaty",
}


def _origin(url: str) -> str:
    """`http://127.0.0.1:8765` of a URL (a Referer), or '' when it names none."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def own_hosts(port: int | None) -> set[str]:
    """The `Host` headers of a request to this page: this computer's names at `port`."""
    if not port:
        return set()
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


_QUERY = re.compile(r"\?[^\s\"']*")


class _RequestLog(WSGIRequestHandler):
    """werkzeug's request log without query strings, where the token comes (SPEC §10)."""

    def log(self, type: str, message: str, *args) -> None:
        line = message % args if args else message
        super().log(type, "%s", _QUERY.sub("", line))


def write_opener(url: str) -> Path:
    """A small page in a new temporary folder, readable only by the user, that sends the
    browser on to `url` (as Jupyter does): the browser is opened on this file, so the token in
    `url` never appears on a command line, where every local user could read it."""
    import html
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="odpracowanie_"))  # 0700 where the OS has modes
    path = folder / "strona.html"
    shown = html.escape(url, quote=True)
    text = labels.WEB_OPENER.format(url=shown)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as file:
        file.write(text.encode("utf-8"))
    return path


def make_server(app: Flask, port: int):
    """The page's server on 127.0.0.1 at `port` (a free one when it is taken, or 0); the app
    learns the port it is reached at."""
    from werkzeug.serving import make_server as werkzeug_server

    try:
        server = werkzeug_server("127.0.0.1", port, app, threaded=True, request_handler=_RequestLog)
    except OSError:  # the port is taken: any free one
        server = werkzeug_server("127.0.0.1", 0, app, threaded=True, request_handler=_RequestLog)
    app.config[PORT] = server.server_port
    return server


# A stored name's length at most, in bytes of UTF-8 (file systems allow 255; the rest is
# left for a `_2` and for the month's folders in front of it on Windows).
NAME_BYTES = 120
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))} | {
    f"LPT{n}" for n in range(1, 10)
}


def _safe_name(name: str) -> str:
    """A file name from a browser as a plain name in one folder: the last part of any path,
    no control characters, nothing that Windows refuses, at most `NAME_BYTES` bytes with its
    extension kept (`150 × ą.xlsx` -> `ąąą….xlsx`)."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r'[\x00-\x1f<>:"|?*]', "_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not stem or len(suffix.encode("utf-8")) > 10:
        stem, dot, suffix = base, "", ""
    room = NAME_BYTES - len((dot + suffix).encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    if stem.upper() in WINDOWS_RESERVED:  # CON.xlsx cannot be a file on Windows
        stem = f"_{stem}"
    return f"{stem}{dot}{suffix}" if stem else "plik" + (dot + suffix if suffix else "")


@dataclass
class Month:
    """One month's folder under the data folder: the inputs as received and the results."""

    root: Path

    @property
    def id(self) -> str:
        return self.root.name

    @property
    def inputs(self) -> Path:
        return self.root / labels.WEB_INPUTS

    @property
    def results(self) -> Path:
        return self.root / labels.WEB_RESULTS

    @property
    def meta(self) -> dict:
        return json.loads((self.root / META).read_text(encoding="utf-8"))

    def path(self, key: str) -> Path | None:
        name = self.meta.get(key)
        return self.inputs / name if name else None

    @property
    def shown(self) -> str:
        """The month as pages show it: `10.2026`."""
        from odpracowanie.core import parse

        return labels.format_month(parse.parse_month(self.meta["month"]))

    def timesheets(self) -> Path:
        return self.inputs / "karty"

    def save(self, **updates: object) -> None:
        from odpracowanie.writers.atomic import atomic_path

        meta = {**self.meta, **updates}
        with atomic_path(self.root / META) as temp:
            temp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @property
    def month(self):
        from odpracowanie.core import parse

        return parse.parse_month(self.meta["month"])

    @property
    def corrected(self) -> bool:
        """A correction or a decision made a newer ledger than the month's run."""
        name = self.meta.get("ledger", "")
        return "/" in name

    @property
    def ledger(self) -> Path | None:
        """The month's newest ledger: the run's `salda_`, or a correction's or a decision's."""
        name = self.meta.get("ledger")
        return self.results / name if name else None

    def outputs(self) -> list[str]:
        """The current run's files, as its manifest lists them, with the correction's and
        decision's that followed it and the drafts of the last send, as paths relative to
        the results folder (`do_poprawy/…`); never what a run moved into `zastapione_…/`."""
        from odpracowanie.runfolder import listed_outputs

        return listed_outputs(self.results)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """The lock file `path` held by this process (fcntl on POSIX, msvcrt on Windows; the system
    releases it when the process ends, so a killed server leaves no lock behind)."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt
            import time

            while True:
                try:
                    msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.05)
            try:
                yield
            finally:
                os.lseek(handle, 0, os.SEEK_SET)
                msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def create_app(data: Path, token: str, port: int | None = None) -> Flask:
    """The page, keeping months under `data`, answering only requests with `token` addressed
    to this computer at `port` (`make_server` sets it when the server is bound; until then
    nothing is served)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_MB * 1024 * 1024
    app.config[PORT] = port
    app.config[FORM_KEY] = secrets.token_urlsafe(32)
    data.mkdir(parents=True, exist_ok=True)
    words = labels.WEB

    @app.before_request
    def _guard():
        """Every request passes here first (as every Jupyter handler passes its base
        handler): refused unless it is addressed to this page by its own name and port."""
        if request.headers.get("Host", "").lower() not in own_hosts(app.config[PORT]):
            page = render_template("message.html", title=words["error"], text=words["bad_host"])
            return page, 403
        cookie = TOKEN_COOKIE.format(port=app.config[PORT])
        given = request.args.get("token") or request.cookies.get(cookie) or ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            abort(403)
        if request.method not in SAFE_METHODS and not _from_this_page():
            page = render_template("message.html", title=words["error"], text=words["forged"])
            return page, 403

    def _from_this_page() -> bool:
        """A request that changes anything came from this page's own form: it carries the
        session's anti-forgery token, and its Origin (or, lacking one, its Referer) is this
        page's origin. A page on another port of 127.0.0.1 is the same site for the browser,
        which sends it the cookie; it can neither read the token nor send this origin."""
        own = f"http://{request.headers.get('Host', '').lower()}"
        origin = request.headers.get("Origin") or _origin(request.headers.get("Referer", ""))
        if not hmac.compare_digest(origin.lower().encode(), own.encode()):
            return False
        given = request.form.get(FORM_FIELD, "")
        return hmac.compare_digest(given.encode(), app.config[FORM_KEY].encode())

    @app.after_request
    def _remember(response):
        if request.args.get("token") == token:
            cookie = TOKEN_COOKIE.format(port=app.config[PORT])
            response.set_cookie(cookie, token, httponly=True, samesite="Strict")
        response.headers["X-Content-Type-Options"] = "nosniff"
        # the address (with the token, on the first page) never goes to another site
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        return response

    @app.context_processor
    def _words():
        key = Markup('<input type="hidden" name="{}" value="{}">').format(
            FORM_FIELD, app.config[FORM_KEY]
        )
        return {"W": words, "L": labels, "hours": qty_text, "form_key_field": key}

    @app.errorhandler(403)
    def _forbidden(_):
        return render_template("message.html", title=words["error"], text=words["forbidden"]), 403

    @app.errorhandler(404)
    def _missing(_):
        return render_template("message.html", title=words["error"], text=words["not_found"]), 404

    @app.errorhandler(405)
    def _not_allowed(_):
        text = words["not_allowed"]
        return render_template("message.html", title=words["error"], text=text), 405

    @app.errorhandler(413)
    def _too_big(_):
        text = words["too_big"].format(limit=MAX_UPLOAD_MB)
        return render_template("message.html", title=words["error"], text=text), 413

    @app.errorhandler(500)
    def _internal(error):
        from odpracowanie.crashlog import note_crash

        # the details where the page says they are: the traceback in the crash log
        log = note_crash(getattr(error, "original_exception", None) or error, request.path)
        text = words["internal"].format(log=log) if log else words["internal_no_log"]
        return render_template("message.html", title=words["error"], text=text), 500

    def plain(text: str, month: Month | None = None) -> str:
        """A message in the page's words: no command-line option, no path of the data folder
        (a month's own files by name, another month's results by when it was loaded)."""
        text = labels.page_text(text)
        if month is not None:
            for folder in (month.timesheets(), month.inputs, month.results, month.root):
                text = text.replace(f"{folder}{os.sep}", "").replace(str(folder), "")
        for other, info in _months(data):
            loaded = words["month_loaded"].format(
                month=info.get("month", ""), created=_when(info.get("created", ""))
            )
            for sep in ("/", os.sep):
                text = text.replace(f"{other}{sep}{labels.WEB_RESULTS}", loaded)
        return text.replace(f"{data}{os.sep}", "").replace(str(data), "")

    def refused(exc: Exception, month: Month | None = None):
        """A batch's refusal as a page: its Polish message (the data folder's paths left out)
        and the issues that made it, each at its file, sheet and cell; the way back."""
        text = plain(str(exc), month)
        found = getattr(exc, "issues", [])
        page = render_template(
            "message.html",
            title=words["error"],
            text=text,
            issues=found,
            back=url_for("index"),
        )
        return page, 400

    locks: dict[str, threading.Lock] = {}
    locks_guard = threading.Lock()

    @contextmanager
    def holding(month: Month) -> Iterator[Month]:
        """The month's lock, for one action from reading the month's state to saving the new
        one: one action at a time per month (a double click, two tabs, two servers). Everything
        the action decides on (`miesiac.json`, the current ledger) is read after this."""
        with locks_guard:
            lock = locks.setdefault(month.id, threading.Lock())
        with lock:
            if gone(month):  # deleted while this action waited
                abort(404)
            try:
                held = _file_lock(month.root / LOCK_FILE)
                held.__enter__()
            except OSError:  # moved into the bin by another server meanwhile
                abort(404)
            try:
                if gone(month):  # deleted by another server while this one waited
                    abort(404)
                yield month
            finally:
                held.__exit__(None, None, None)

    def gone(month: Month) -> bool:
        try:
            return bool(month.meta.get("deleted"))
        except (OSError, ValueError):  # moved into the bin
            return True

    def month_of(month_id: str) -> Month:
        if not MONTH_ID.fullmatch(month_id) or not (data / month_id / META).exists():
            abort(404)
        month = Month(data / month_id)
        if gone(month):  # deleted, still to be moved into the bin (or moved just now)
            abort(404)
        return month

    def confirm(month: Month, action: str, question: str, button: str):
        """The step before an action that changes the ledger or removes a month: what it will
        do, in words, and the same form again with `confirmed` (nothing done yet)."""
        fields = [
            (name, value)
            for name, values in request.form.lists()
            if name not in (FORM_FIELD, "confirmed")
            for value in values
        ]
        return render_template(
            "confirm.html",
            month=month,
            title=words["confirm_title"],
            question=question,
            button=button,
            action=url_for(action, month_id=month.id),
            fields=fields,
            back=url_for("results" if action != "delete" else "index", month_id=month.id),
        )

    def confirmed() -> bool:
        return request.form.get("confirmed") == "1"

    @app.get("/")
    def index():
        _empty_into_bin(data)
        return render_template("index.html", months=_listed(data), error=None, month_text="")

    @app.post("/miesiac")
    def upload():
        from odpracowanie.core import parse

        month_text = request.form.get("month", "").strip()
        error = None
        if parse.parse_month(month_text) is None:
            error = words["bad_month"].format(value=month_text)
        files = {key: request.files.get(key) for key in ("program", "debts", "history", "payments")}
        sheets = [f for f in request.files.getlist("timesheets") if f and f.filename]
        sheets += [f for f in request.files.getlist("folder") if f and f.filename]
        for key in ("program", "debts"):
            if error is None and not (files[key] and files[key].filename):
                error = words["missing"].format(what=words[key])
        paid = files["payments"] and files["payments"].filename
        if error is None and not sheets and not paid:  # a month of transfers alone is a month
            error = words["missing"].format(what=words["timesheets"])
        for key in files:
            upload = files[key]
            if error is None and upload and upload.filename:
                allowed = WORKBOOKS + (TEXT_EXPORTS if key == "debts" else ())
                if not upload.filename.lower().endswith(allowed):
                    error = words["bad_type"].format(
                        name=upload.filename, allowed=", ".join(allowed)
                    )
        if error is not None:
            page = render_template(
                "index.html", months=_listed(data), error=error, month_text=month_text
            )
            return page, 400
        # stored whole or not at all: in a folder of its own, named as a month only when done
        staging = Month(data / f"{STAGING}{secrets.token_hex(8)}")
        try:
            month_id = _store(staging, month_text, files, sheets)
        except OSError as exc:
            import shutil

            shutil.rmtree(staging.root, ignore_errors=True)
            import errno

            said = words["disk_full"] if exc.errno == errno.ENOSPC else words["write_failed"]
            error = words["not_stored"].format(error=said)
            page = render_template(
                "index.html", months=_listed(data), error=error, month_text=month_text
            )
            return page, 400
        return redirect(url_for("check", month_id=month_id))

    def _store(month: Month, month_text: str, files: dict, sheets: list) -> str:
        """The upload saved into `month`'s folder, then the folder named as a new month: its
        identifier. Inputs of one name (the programme and the debts both `dane.xlsx`) are
        both kept, each in a folder of its role."""
        month.timesheets().mkdir(parents=True)
        meta = {
            "month": month_text,
            "created": dt.datetime.now().isoformat(timespec="seconds"),
            "allow_gap": request.form.get("allow_gap") == "1",
        }
        used: set[str] = set()
        for key, upload in files.items():
            if upload and upload.filename:
                name = _safe_name(upload.filename)
                if name.casefold() in used:
                    (month.inputs / ROLE_FOLDERS[key]).mkdir()
                    name = f"{ROLE_FOLDERS[key]}/{name}"
                used.add(name.casefold())
                upload.save(month.inputs / name)
                meta[key] = name
        taken: set[str] = set()
        meta["refused"] = [_safe_name(u.filename) for u in sheets if not _kind_ok(u.filename)]
        for upload in (u for u in sheets if _kind_ok(u.filename)):
            # every file of a chosen folder is kept (the batch reports what is not a timesheet)
            name = _safe_name(upload.filename)
            stem, dot, suffix = name.rpartition(".")
            n = 2
            while name.casefold() in taken:
                name = f"{stem or suffix}_{n}{dot}{suffix if stem else ''}"
                n += 1
            taken.add(name.casefold())
            upload.save(month.timesheets() / name)
        meta["timesheets"] = len(taken)
        (month.root / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        month_id = secrets.token_hex(8)
        os.replace(month.root, data / month_id)
        return month_id

    def run(month: Month, *, dry_run: bool):
        from odpracowanie.batch import run_reconcile
        from odpracowanie.core import parse

        sheets = [month.timesheets()] if any(month.timesheets().iterdir()) else []
        return run_reconcile(
            sheets,
            program_path=month.path("program"),
            debts_path=month.path("debts"),
            month=parse.parse_month(month.meta["month"]),
            out_dir=month.results,
            now=dt.datetime.now(),
            payments_path=month.path("payments"),
            history_path=month.path("history"),
            dry_run=dry_run,
            force=True,
            allow_gap=bool(month.meta.get("allow_gap")),
            # another month of the page run from the same debts is another branch
            beside=(
                *(Month(data / other).results for other, _ in _months(data)),
                *(p / labels.WEB_RESULTS for p in sorted((data / BIN).glob("*"))),
            ),
        )

    @app.get("/miesiac/<month_id>")
    def check(month_id: str):
        from odpracowanie.batch import UsageError

        month = month_of(month_id)
        try:
            result = run(month, dry_run=True)
        except UsageError as exc:
            return refused(exc, month)
        severity = request.args.get("waga", "")
        code = request.args.get("kod", "")
        shown = [
            replace(i, message=plain(i.message, month))
            for i in result.issues
            if (not severity or i.severity.polish == severity) and (not code or i.code == code)
        ]
        units = result.units  # each timesheet file's unit code, as its header gives it
        by_unit: dict[str, list] = defaultdict(list)
        by_debtor: dict[str, list] = defaultdict(list)
        names = {d.account: d.name for d in result.settlement.debtors}
        for issue in shown:
            by_unit[units.get(issue.file, "")].append(issue)
            by_debtor[issue.account].append(issue)
        s = result.settlement
        totals = {
            "files": len(result.files),
            "rows": result.rows,
            "credited": s.credited_count,
            "withheld": s.withheld_count,
            "amount": labels.format_money(s.total_value),
            "parts": labels.format_parts(
                {c: s.total_to(c) for c in labels.COMPONENT_NAMES}, costs=s.has_costs
            ),
            "errors": sum(1 for i in result.issues if i.is_error),
            "warnings": sum(1 for i in result.issues if not i.is_error),
        }
        return render_template(
            "month.html",
            month=month,
            title=words["check_title"].format(month=labels.format_month(result.month)),
            totals=totals,
            by_unit=sorted(by_unit.items()),
            by_debtor=sorted(by_debtor.items()),
            names=names,
            debtors=s.debtors,
            after={a: d.total for a, d in s.accounts_after.items()},
            codes=[(c, CATALOGUE[c].reason) for c in sorted({i.code for i in result.issues})],
            severity=severity,
            code=code,
            skipped=result.skipped,
            refused=month.meta.get("refused", []),
        )

    @app.get("/miesiac/<month_id>/dluznik/<account>")
    def debtor(month_id: str, account: str):
        from odpracowanie.batch import UsageError

        month = month_of(month_id)
        try:
            result = run(month, dry_run=True)
        except UsageError as exc:
            return refused(exc, month)
        s = result.settlement
        found = next((d for d in s.debtors if d.account == account), None)
        if found is None:
            abort(404)
        rows = s.credited_rows[s.credited_rows["account"] == account]
        return render_template(
            "debtor.html",
            month=month,
            title=words["card_title"].format(account=account, name=found.name),
            result=found,
            month_shown=labels.format_month(result.month),
            after=s.accounts_after[account],
            rows=[
                (
                    labels.format_date(day.date()),
                    unit,
                    code,
                    qty_text(qty),
                    labels.format_money(int(value)),
                )
                for day, unit, code, qty, value in zip(
                    rows["date"],
                    rows["unit_code"],
                    rows["code"],
                    rows["qty"],
                    rows["value_official"],
                    strict=True,
                )
            ],
            issues=[i for i in result.issues if i.account == account],
        )

    @app.post("/miesiac/<month_id>/rozlicz")
    def reconcile(month_id: str):
        from odpracowanie.batch import UsageError

        month = month_of(month_id)
        with holding(month):
            if month.corrected:
                return render_template(
                    "message.html",
                    title=words["error"],
                    text=words["run_after_correction"].format(ledger=month.meta["ledger"]),
                    back=url_for("results", month_id=month.id),
                ), 409
            try:
                done = run(month, dry_run=False)
            except UsageError as exc:
                return refused(exc, month)
            month.save(ledger=done.balances.relative_to(month.results).as_posix())
        return redirect(url_for("results", month_id=month.id))

    def results_page(month: Month, *, sent=None, said: str = "", error: str = ""):
        from odpracowanie.core.model import shift_month

        return render_template(
            "results.html",
            month=month,
            title=words["results_title"].format(month=month.shown),
            outputs=month.outputs(),
            sent=sent,
            credits=_month_credits(month),
            run=_run_totals(month),
            prepared=_prepared(month)[1],
            next_month=labels.format_month(shift_month(month.month, 1)),
            said=said,
            error=plain(error, month),
            today=dt.date.today().isoformat(),
        )

    def _month_credits(month: Month) -> list[dict]:
        from odpracowanie.readers.debts import read_debts

        if month.ledger is None or not month.ledger.exists():
            return []
        found = read_debts(month.ledger).debts
        return _credits(found, month.meta["month"]) if found is not None else []

    def _credit_of(month: Month, account: str) -> dict:
        return next((c for c in _month_credits(month) if c["account"] == account), {})

    @app.get("/miesiac/<month_id>/wyniki")
    def results(month_id: str):
        return results_page(month_of(month_id))

    @app.post("/miesiac/<month_id>/korekta")
    def correct(month_id: str):
        from odpracowanie.batch import UsageError, run_correct

        month = month_of(month_id)
        form = request.form
        document = form.get("document", "").strip()
        reason = form.get("reason", "").strip()
        account = form.get("account", "").strip()
        if month.ledger is None or not document or not reason:
            return results_page(month, error=words["correct_missing"]), 400
        folder = month.results / f"korekta_{_safe_part(document)}"
        if not confirmed():
            credit = _credit_of(month, account)
            question = words["confirm_correct"].format(
                document=document,
                account=account,
                debtor=credit.get("debtor", ""),
                month=month.shown,
                amount=credit.get("credited", labels.format_money(0)),
                reason=reason,
            )
            return confirm(month, "correct", question, words["confirm_correct_button"])
        with holding(month):
            if month.ledger is None:
                return results_page(month, error=words["correct_missing"]), 400
            if folder.exists():  # a document's number is the correction's: never two
                said = words["document_taken"].format(document=document)
                return results_page(month, error=said), 409
            try:
                done = run_correct(
                    program_path=month.path("program"),
                    debts_path=month.ledger,
                    out_dir=folder,
                    reason=reason,
                    document=document,
                    today=dt.datetime.now(),
                    account=account,
                    month=month.month,
                )
            except UsageError as exc:
                return results_page(month, error=plain(str(exc), month)), 400
            ledger = next(
                p for p in done.written if labels.output_pattern("balances").fullmatch(p.name)
            )
            month.save(ledger=ledger.relative_to(month.results).as_posix())
            c = done.correction
            said = labels.SAY_CORRECTED.format(
                document=document,
                rows=labels.rows_text(c.rows),
                amount=labels.format_money(c.returned),
                parts=labels.format_parts({k: c.to(k) for k in labels.COMPONENT_NAMES}),
            )
            return results_page(month, said=said)

    @app.post("/miesiac/<month_id>/zatwierdz")
    def approve(month_id: str):
        from odpracowanie.batch import UsageError, run_approve

        month = month_of(month_id)
        form = request.form
        decision = form.get("decision", "").strip()
        try:
            day = dt.date.fromisoformat(form.get("day", ""))
        except ValueError:
            return results_page(month, error=words["bad_day"]), 400
        if month.ledger is None or not decision:
            return results_page(month, error=words["approve_missing"]), 400
        if not confirmed():
            rejected = form.getlist("reject")
            credits = {c["account"]: c for c in _month_credits(month)}
            question = words["confirm_approve"].format(
                decision=decision,
                day=labels.format_date(day),
                month=month.shown,
                approved=len([a for a, c in credits.items() if c["open"] and a not in rejected]),
                rejected=", ".join(
                    f"{a} {credits.get(a, {}).get('debtor', '')} "
                    f"({credits.get(a, {}).get('credited', '')})".strip()
                    for a in rejected
                )
                or words["none_rejected"],
            )
            return confirm(month, "approve", question, words["confirm_approve_button"])
        with holding(month):
            if month.ledger is None:
                return results_page(month, error=words["approve_missing"]), 400
            made = month.meta.get("decided") or next(  # a month decided before the key
                (n.split("/")[0] for n in month.outputs() if _is_decision(n)), None
            )
            if made:  # the month's one decision is made
                said = words["decided_already"].format(decision=made)
                return results_page(month, error=said), 409
            try:
                approval, written = run_approve(
                    program_path=month.path("program"),
                    debts_path=month.ledger,
                    out_dir=month.results / f"zatwierdzenie_{_safe_part(decision)}",
                    month=month.month,
                    decision=decision,
                    day=day,
                    today=dt.datetime.now(),
                    rejected=tuple(form.getlist("reject")),
                )
            except UsageError as exc:
                return results_page(month, error=plain(str(exc), month)), 400
            ledger = next(p for p in written if labels.output_pattern("balances").fullmatch(p.name))
            month.save(ledger=ledger.relative_to(month.results).as_posix(), decided=decision)
            said = labels.SAY_APPROVED.format(
                month=month.shown,
                approved=len(approval.approved),
                rejected=len(approval.rejected),
                amount=labels.format_money(approval.correction.returned),
            )
            return results_page(month, said=said)

    @app.get("/miesiac/<month_id>/pobierz/<path:name>")
    def download(month_id: str, name: str):
        month = month_of(month_id)
        if name not in month.outputs():
            abort(404)
        return send_file(month.results / name, as_attachment=True)

    @app.post("/miesiac/<month_id>/wyslij")
    def send(month_id: str):
        month = month_of(month_id)
        form = request.form
        host = form.get("smtp", "").strip() or None
        try:
            port = int(form.get("port") or 25)
        except ValueError:
            return results_page(month, error=words["bad_port"]), 400
        with holding(month):
            if not month.corrected:
                return results_page(month, sent=_send(month, month.results, form, host, port))
            # never the run's balances as the current ones: after a correction or a decision,
            # each of them not sent yet goes to the accounts office, in the order made
            done = list(month.meta.get("sent", []))
            waiting = [f for f in _changes(month.results) if f.name not in done]
            if not waiting:
                said = words["changes_sent_already"].format(folders=", ".join(done))
                return results_page(month, error=said), 409
            results = []
            for folder in waiting:
                sent = _send(month, folder, form, host, port)
                if isinstance(sent, str):
                    return results_page(month, sent=sent)  # the first that could not go
                results.append(sent)
                if sent.failed:
                    break  # the rest wait
                if host is not None:  # sent through the server (drafts may be made again)
                    done.append(folder.name)
                    month.save(sent=done)
            return results_page(month, sent=_together(results))

    def _prepared(month: Month):
        """The units' timesheets to prepare for the month after this one (SPEC §11)."""
        from odpracowanie.batch import UsageError, load_program
        from odpracowanie.core.model import shift_month
        from odpracowanie.core.prepared import prepared_units

        path = month.path("program")
        if path is None or not path.is_file():
            return None, []
        try:
            program = load_program(path)[0]
        except UsageError:
            return None, []
        following = shift_month(month.month, 1)
        return program, prepared_units(program, following)

    @app.get("/miesiac/<month_id>/karta-jednostki/<unit>")
    def prepared_timesheet(month_id: str, unit: str):
        """A unit's timesheet prepared for the month after this one, made when asked."""
        import shutil
        import tempfile
        from io import BytesIO

        from odpracowanie.writers.templates import prepared_name, write_timesheet

        month = month_of(month_id)
        program, prepared = _prepared(month)
        found = next((p for p in prepared if p.unit.code == unit), None)
        if found is None:
            abort(404)
        folder = Path(tempfile.mkdtemp(prefix="odpracowanie_karta_"))
        try:
            path = folder / prepared_name(found)
            write_timesheet(path, program, prepared=found)
            made = BytesIO(path.read_bytes())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return send_file(made, as_attachment=True, download_name=path.name)

    @app.post("/miesiac/<month_id>/usun")
    def delete(month_id: str):
        """A loaded month removed from the list: its folder moved, whole, into the bin folder
        `kosz/` of the data folder (never deleted; the clerk may empty the bin)."""
        month = month_of(month_id)
        if not confirmed():
            question = words["confirm_delete"].format(
                month=month.shown, created=_when(month.meta.get("created", ""))
            )
            return confirm(month, "delete", question, words["confirm_delete_button"])
        with locks_guard:
            lock = locks.setdefault(month.id, threading.Lock())
        with lock:  # no other action of the month starts until it is in the bin
            if gone(month):
                abort(404)
            with _file_lock(month.root / LOCK_FILE):
                month.save(deleted=dt.datetime.now().isoformat(timespec="seconds"))
            _empty_into_bin(data)  # the lock file closed: the folder can move (Windows)
        return redirect(url_for("index"))

    def _send(month: Month, folder: Path, form, host: str | None, port: int):
        """`run_send` on `folder`: what went, or why nothing did (in the page's words)."""
        from odpracowanie import mail
        from odpracowanie.batch import run_send

        try:
            return run_send(
                folder,
                form.get("to", "").strip(),
                smtp_host=host,
                smtp_port=port,
                user=form.get("user", "").strip() or None,
                smtp_password=form.get("password") or None,
                # encrypted unless the clerk says the server is the office's own, without it
                starttls=bool(host) and form.get("plain") != "1",
            )
        except mail.SendError as exc:  # without the server's paths
            return plain(str(exc), month)

    return app


def _months(data: Path) -> list[tuple[str, dict]]:
    """The months loaded, newest first: (id, what `miesiac.json` says)."""
    months = []
    for meta in data.glob(f"*/{META}"):
        if not MONTH_ID.fullmatch(meta.parent.name):
            continue  # an upload being stored, the bin
        info = json.loads(meta.read_text(encoding="utf-8"))
        if not info.get("deleted"):
            months.append((meta.parent.name, info))
    months.sort(key=lambda m: m[1].get("created", ""), reverse=True)
    return months


def _listed(data: Path) -> list[tuple[str, dict]]:
    """The months as the list shows them: the month, when it was loaded, how many
    timesheets, the debts file and its state; two alike told apart by their identifiers."""
    from odpracowanie.core import parse

    listed = []
    for month_id, info in _months(data):
        month = parse.parse_month(info.get("month", ""))
        ledger = info.get("ledger", "")
        state = (
            labels.WEB["state_corrected"]
            if "/" in ledger
            else labels.WEB["state_run"]
            if ledger
            else labels.WEB["state_new"]
        )
        files = info.get("timesheets")
        if files is None:  # a month loaded before the count was kept
            files = sum(1 for p in (data / month_id / labels.WEB_INPUTS / "karty").glob("*"))
        shown = {
            "shown": labels.format_month(month) if month else info.get("month", ""),
            "when": _when(info.get("created", "")),
            "files": labels.plural(files, *labels.TIMESHEET_FORMS),
            "debts": info.get("debts", "").split("/")[-1],
            "state": state,
        }
        listed.append((month_id, shown))
    seen: dict[tuple, int] = {}
    for _, shown in listed:
        key = tuple(shown.values())
        seen[key] = seen.get(key, 0) + 1
    for month_id, shown in listed:
        if seen[tuple(shown.values())] > 1:
            shown["state"] += f" · {month_id[:6]}"
    return listed


BIN = "kosz"


def _empty_into_bin(data: Path) -> None:
    """Months marked deleted moved into `data/kosz/` (a month whose folder is still in use,
    on Windows, stays hidden and is moved next time)."""
    for meta in data.glob(f"*/{META}"):
        folder = meta.parent
        if not MONTH_ID.fullmatch(folder.name):
            continue
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not info.get("deleted"):
            continue
        stamp = re.sub(r"\D", "", info["deleted"])[:14]
        try:
            (data / BIN).mkdir(exist_ok=True)
            os.replace(folder, data / BIN / f"{folder.name}_{stamp}")
        except OSError:
            continue


def _when(created: str) -> str:
    """`2026-12-07T21:15:02` as the page shows it: `07.12.2026 21:15:02`."""
    try:
        return dt.datetime.fromisoformat(created).strftime("%d.%m.%Y %H:%M:%S")
    except ValueError:
        return created


def _together(results: list):
    """Several sends' results as one (each correction's and decision's message)."""
    from odpracowanie.batch import SendResult

    return SendResult(
        [d for r in results for d in r.drafts],
        [s for r in results for s in r.sent],
        [f for r in results for f in r.failed],
        [k for r in results for k in r.skipped],
    )


def _changes(results: Path) -> list[Path]:
    """The folders of a month's corrections and decisions (`korekta_…`, `zatwierdzenie_…`
    with a manifest of `correct` or `approve`), in the order they were made."""
    from odpracowanie.runfolder import BadManifest, read_manifest

    found = []
    for folder in results.iterdir() if results.is_dir() else ():
        if not folder.is_dir() or not folder.name.startswith(("korekta_", "zatwierdzenie_")):
            continue
        try:
            manifest = read_manifest(folder)
        except BadManifest:
            continue
        if manifest is not None and manifest.command in ("correct", "approve"):
            found.append((manifest.time, folder.name, folder))
    return [folder for *_, folder in sorted(found)]


def _is_decision(name: str) -> bool:
    """A decision's ledger among a month's outputs (`zatwierdzenie_…/salda_…`)."""
    folder, _, file = name.partition("/")
    return (
        folder.startswith("zatwierdzenie_")
        and labels.output_pattern("balances").fullmatch(file) is not None
    )


def _kind_ok(name: str) -> bool:
    return name.lower().endswith(TIMESHEET_KINDS)


def _safe_part(text: str) -> str:
    """A document number as part of a folder name: `K/7/2026` -> `K-7-2026` (letters of any
    alphabet stay: `Zarządzenie-5-2026`)."""
    return re.sub(r"[^\w-]+", "-", text).strip("-")[:40] or "dokument"


def _credits(debts, month: str) -> list[dict]:
    """The month's credit per account in the ledger, with the Mayor's decision."""
    lines = debts.settlements[debts.settlements["month"] == month]
    parts = [f"to_{c}" for c in labels.COMPONENT_NAMES]
    out = []
    for account, group in lines.groupby("account", sort=True):
        approval = "; ".join(dict.fromkeys(v for v in group["approval"].fillna("") if v))
        credited = int(group[parts].to_numpy().sum())
        if credited == 0 and len(group) > 1:  # a correction took all of it back
            undone = [str(v) for v in group["entry"].fillna("") if v]
            approval = labels.WEB["reversed_all"].format(by="; ".join(dict.fromkeys(undone)))
        out.append(
            {
                "account": account,
                "debtor": group["debtor"].iloc[-1],
                "credited": labels.format_money(credited),
                "approval": approval,
                "open": credited != 0,
            }
        )
    return out


def _run_totals(month: Month) -> dict | None:
    """What the month's run did, from its ledger's `Przebieg`: debtors credited and withheld,
    the value credited, errors and warnings (None before a run)."""
    from odpracowanie.mail import run_facts
    from odpracowanie.runfolder import BadManifest, read_manifest

    try:
        manifest = read_manifest(month.results) if month.results.is_dir() else None
    except BadManifest:
        return None
    ledgers = manifest.of_role("balances") if manifest is not None else []
    if not ledgers or not (month.results / ledgers[0].path).is_file():
        return None
    facts = run_facts(month.results / ledgers[0].path)

    def count(label: str) -> int:
        value = facts.get(label)
        return int(value) if isinstance(value, int | float) else 0

    value = facts.get(labels.RUN_VALUE)
    pending = facts.get(labels.RUN_PENDING)
    return {
        "credited": count(labels.RUN_CREDITED),
        "withheld": count(labels.RUN_WITHHELD),
        "value": labels.format_money(round(value * 100)) if isinstance(value, int | float) else "",
        "errors": count(labels.RUN_ERRORS),
        "warnings": count(labels.RUN_WARNINGS),
        "pending": labels.format_money(round(pending * 100))
        if isinstance(pending, int | float)
        else "",
    }
