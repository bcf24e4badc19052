#!/usr/bin/python3
"""Fill a workbook in a real LibreOffice Calc, the way a Polish supervisor types, and save it.

Run with the system interpreter that has Debian's python3-uno (NOT the project's venv):

    /usr/bin/python3 tests/lo_fill.py SOURCE.xlsx PLAN.json OUT_STEM

PLAN.json is {"actions": [...], "formats": ["xlsx", "ods", "xls"]} (or a bare list of actions;
"formats" defaults to all three). OUT_STEM.<fmt> is written for each format and one JSON object
is printed on stdout: {"outputs": {fmt: path}, "reads": [...], "seconds": ...}. On failure the
exit status is non-zero and stderr says which action failed and why.

Every run starts its own headless soffice with a fresh throw-away profile that is seeded
before start-up with the Polish locale (Tools > Options > Language Settings > Locale setting =
Polish), AutoInput off and autocorrect off, and connects over a private pipe; soffice is
always terminated at the end, also on error. Before the workbook is loaded, a scratch
document checks that typed input is read as Polish (`7,5` -> 7.5, `05.10.2026` -> a date).

Actions (sheet names as in the workbook, A1 references, row numbers 1-based):
  {"type": "typ", "sheet": S, "cell": "B13", "text": "05.10.2026"}
        enter the text as typed into the cell and confirmed with Enter (see type_into): Calc's
        input recognition applies (dates, times, decimal comma, %, formulas with `;`).
        "" deletes the cell's content. A locked cell on a protected sheet is an error.
  {"type": "insert_rows", "sheet": S, "before": 20, "count": 2}
  {"type": "delete_rows", "sheet": S, "first": 20, "count": 2}        (or "last" for "count")
  {"type": "sort", "sheet": S, "range": "A13:N30", "key_column": "C", "ascending": true}
        Data > Sort without a header row; rows move with their formats and formulas.
  {"type": "autofilter", "sheet": S, "range": "A12:N40", "column": "F", "equals": "PORZ"}
        an AutoFilter on the range (first row = headers) showing only rows whose column equals
        the value (numbers given as JSON numbers compare numerically); kept in the saved file.
  {"type": "hide_rows", "sheet": S, "first": 15, "last": 16}
  {"type": "merge", "sheet": S, "range": "C13:C14"}
        merge keeping only the first cell's content (the others are emptied, as Calc's
        "empty the contents of the hidden cells"); "keep_hidden": true keeps them instead.
  {"type": "copy_sheet", "sheet": S, "new_name": "Rozliczenie (2)", "position": 1}
  {"type": "clear", "sheet": S, "range": "B13:N20"}
        the Delete key: values, texts, dates and formulas go, formats stay;
        "formulas": false keeps formula cells.
  {"type": "number_format", "sheet": S, "cell": "H13", "format": "HH:MM"}
        format code in en-US syntax (as Excel/openpyxl write it), converted to the Polish locale.
  {"type": "unprotect", "sheet": S, "password": ""}
  {"type": "protect", "sheet": S, "password": ""}
  {"type": "pivot", "sheet": S, "range": "A7:N9", "row_field": "C", "data_field": "H",
   "target": "Przestawna"}
        Data > Pivot Table (a DataPilot) over the range (first row = headers): the row
        field's column as rows, the sum of the data field's column as data, written at A1 of
        a new sheet `target` added after the last one.
  {"type": "read", "sheet": S, "cell": "H13"}
        adds {kind, value, string, formula, format, format_locale, error} of the cell to
        "reads" in the output (taken when the action runs; "recalc": true recalculates first).

Sheet protection is honoured as Calc honours it, but refusals are errors here (through UNO
they are mostly silent): on a protected sheet insert_rows/delete_rows and autofilter are
refused; typ, sort, merge, clear and number_format are refused when they touch a locked cell.
After the last action the workbook is recalculated (calculateAll) and stored with the filters
"Calc MS Excel 2007 XML" (xlsx), "calc8" (ods) and "MS Excel 97" (xls).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
    from com.sun.star.lang import Locale
except ImportError as exc:  # pragma: no cover - depends on the machine
    sys.exit(
        f"lo_fill: cannot import uno ({exc}); run with /usr/bin/python3 and "
        "install python3-uno (apt-get install -y python3-uno)"
    )

CONNECT_TIMEOUT = 60.0
RUN_TIMEOUT = float(os.environ.get("LO_FILL_TIMEOUT", "300"))  # a hung soffice is killed
FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8", "xls": "MS Excel 97"}
POLISH = Locale("pl", "PL", "")
EN_US = Locale("en", "US", "")

# Seeded into the fresh profile before soffice starts, so the whole session (loading the workbook
# included) runs with Tools > Options > Language Settings > Locale setting = Polish, whatever
# the machine's locale. (LANG=pl_PL.UTF-8 in soffice's environment works too, even without the
# glibc locale installed; without either, `7,5` typed stays text.)
SETTINGS = (  # (configuration node, property, value)
    ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "pl-PL"),  # the locale setting
    ("/org.openoffice.Setup/L10N", "DecimalSeparatorAsLocale", "true"),
    ("/org.openoffice.Office.Linguistic/General", "DefaultLocale", "pl-PL"),
    ("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "false"),
    ("/org.openoffice.Office.Calc/Input", "AutoInput", "false"),  # no autocomplete
    ("/org.openoffice.Office.Calc/Input", "ReplaceCellsWarning", "false"),
    ("/org.openoffice.Office.Common/AutoCorrect", "CapitalStartSentence", "false"),
    ("/org.openoffice.Office.Common/AutoCorrect", "CapitalStartWord", "false"),
    ("/org.openoffice.Office.Common/AutoCorrect", "UseReplacementTable", "false"),
    ("/org.openoffice.Office.Common/AutoCorrect", "ChangeDash", "false"),
    ("/org.openoffice.Office.Common/AutoCorrect/DoubleQuote", "Replace", "false"),
    ("/org.openoffice.Office.Common/AutoCorrect/SingleQuote", "Replace", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
    ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
    ("/org.openoffice.Office.Common/Save/Document", "WarnAlienFormat", "false"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
)


def registry(settings=SETTINGS) -> str:
    """The profile's registrymodifications.xcu holding `settings`."""
    items = "".join(
        f'<item oor:path="{node}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for node, name, value in settings
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n"
    )


class FillError(Exception):
    """A failure with a message meant for the person running the tests."""


def _props(**kwargs: object) -> tuple:
    out = []
    for name, value in kwargs.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise FillError("soffice not found on PATH (install libreoffice-calc-nogui)")


class Office:
    """A private headless soffice: started in __enter__, always terminated in __exit__."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="lo_fill_"))
        self.pipe = f"lo_fill_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.proc: subprocess.Popen | None = None
        self.timer: threading.Timer | None = None
        self.desktop = None
        self.ctx = None
        self.log = self.tmp / "soffice.log"

    def __enter__(self) -> Office:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        user = self.tmp / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(registry(), encoding="utf-8")
        env = dict(os.environ)
        env.pop("SAL_USE_VCLPLUGIN", None)
        env["HOME"] = str(self.tmp)  # nothing of the caller's ~/.config is read or written
        cmd = [
            _soffice(),
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            f"-env:UserInstallation={(self.tmp / 'profile').as_uri()}",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.timer = threading.Timer(RUN_TIMEOUT, self._watchdog)
        self.timer.daemon = True
        self.timer.start()
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                self.ctx = resolver.resolve(url)
                break
            except NoConnectException:
                pass
            if self.proc.poll() is not None:
                raise FillError(
                    f"soffice exited with status {self.proc.returncode} before "
                    f"accepting a connection: {self._log_tail()}"
                )
            if time.monotonic() > deadline:
                raise FillError(
                    f"no connection to soffice within {CONNECT_TIMEOUT:.0f} s: {self._log_tail()}"
                )
            time.sleep(0.2)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx
        )

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-800:].strip() or "(no output)"
        except OSError:
            return "(no log)"

    def died(self) -> str:
        """'' while soffice runs, else a note with its exit status and last output."""
        if self.proc is None or self.proc.poll() is None:
            return ""
        return f" (soffice exited with status {self.proc.returncode}: {self._log_tail()})"

    def _watchdog(self) -> None:
        print(f"lo_fill: still running after {RUN_TIMEOUT:.0f} s, killing soffice", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def __exit__(self, *exc: object) -> None:
        if self.timer is not None:
            self.timer.cancel()
        try:
            if self.desktop is not None:
                # the bridge drops while soffice exits: an exception here is expected
                with contextlib.suppress(Exception):
                    self.desktop.terminate()
            if self.proc is not None and self.proc.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=15)
            if self.proc is not None:
                # soffice is a shell script running oosplash and soffice.bin: end the whole
                # session it was started in (only this run's processes are in it).
                for sig in (None, signal.SIGTERM, signal.SIGKILL):
                    if sig is not None:
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(self.proc.pid, sig)
                    if _group_gone(self.proc.pid, timeout=5.0):
                        break
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=10)
        finally:
            if os.environ.get("LO_FILL_KEEP"):
                print(f"lo_fill: kept {self.tmp}", file=sys.stderr)
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)


def _group_gone(pgid: int, timeout: float) -> bool:
    """Wait until no process is left in the process group (True) or the timeout passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # the group id was reused by someone else's process
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


# --- cell references -------------------------------------------------------------------------


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise FillError(f"bad column {letters!r}")
        n = n * 26 + ord(ch) - 64
    return n - 1


class Workbook:
    def __init__(self, office: Office, doc) -> None:
        self.office = office
        self.doc = doc
        self.reads: list[dict] = []

    # helpers
    def sheet(self, name: str):
        sheets = self.doc.Sheets
        if not sheets.hasByName(name):
            raise FillError(f"no sheet {name!r} (sheets: {list(sheets.ElementNames)})")
        return sheets.getByName(name)

    def _need_int(self, action: dict, key: str) -> int:
        value = action.get(key)
        if not isinstance(value, int) or value < 1:
            raise FillError(f"{key!r} must be a positive row number, got {value!r}")
        return value

    # actions
    def typ(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        cell = sheet.getCellRangeByName(a["cell"])
        text = a["text"]
        if not isinstance(text, str):
            raise FillError(f"'text' must be a string (what is typed), got {text!r}")
        if sheet.isProtected() and cell.CellProtection.IsLocked:
            raise FillError(
                f"cell {a['cell']} is locked on the protected sheet {sheet.Name!r}: "
                "Calc refuses the input (through the API it is silently ignored)"
            )
        if text == "":
            cell.clearContents(_DELETE_FLAGS)  # what the Delete key does
            return
        type_into(cell, text)

    def insert_rows(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        before, count = self._need_int(a, "before"), int(a.get("count", 1))
        self._structural(
            sheet, "insert rows", lambda: sheet.getRows().insertByIndex(before - 1, count)
        )

    def delete_rows(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        first = self._need_int(a, "first")
        count = int(a["last"]) - first + 1 if "last" in a else int(a.get("count", 1))
        self._structural(
            sheet, "delete rows", lambda: sheet.getRows().removeByIndex(first - 1, count)
        )

    @staticmethod
    def _structural(sheet, what: str, call) -> None:
        try:
            call()
        except Exception as exc:
            if sheet.isProtected():
                raise FillError(
                    f"LibreOffice refuses to {what} on the protected sheet "
                    f'{sheet.Name!r} ({type(exc).__name__}); add {{"type": '
                    f'"unprotect", "sheet": "{sheet.Name}"}} first'
                ) from None
            raise

    def sort(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        rng = sheet.getCellRangeByName(a["range"])
        self._check_protected(sheet, rng, "sort")
        merged = _merged_cell_in(sheet, rng)
        if merged:
            raise FillError(
                f"the range has merged cells ({merged}): Calc cannot sort it "
                "(through the API the sort silently does nothing)"
            )
        start = rng.RangeAddress.StartColumn
        key = _col_index(a["key_column"]) - start
        if not 0 <= key <= rng.RangeAddress.EndColumn - start:
            raise FillError(f"key column {a['key_column']} is outside {a['range']}")
        field = uno.createUnoStruct("com.sun.star.table.TableSortField")
        field.Field = key
        field.IsAscending = bool(a.get("ascending", True))
        field.IsCaseSensitive = False
        desc = rng.createSortDescriptor()
        for p in desc:
            if p.Name == "SortFields":
                p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
            elif p.Name == "ContainsHeader":
                p.Value = bool(a.get("header", False))
            elif p.Name == "IsSortColumns":
                p.Value = False
            elif p.Name == "BindFormatsToContent":
                p.Value = True
        uno.invoke(rng, "sort", (desc,))

    def autofilter(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        rng = sheet.getCellRangeByName(a["range"])
        addr = rng.RangeAddress
        self._check_protected(sheet, None, "autofilter")
        column = _col_index(a["column"]) - addr.StartColumn
        if not 0 <= column <= addr.EndColumn - addr.StartColumn:
            raise FillError(f"filter column {a['column']} is outside {a['range']}")
        # the sheet's anonymous database range: what Data > AutoFilter makes and what the
        # xlsx/xls export writes as the sheet's autoFilter
        unnamed = self.doc.getPropertyValue("UnnamedDatabaseRanges")
        unnamed.setByTable(addr)
        dbr = unnamed.getByTable(addr.Sheet)
        dbr.AutoFilter = True
        fd = dbr.getFilterDescriptor()
        fd.ContainsHeader = True
        field = uno.createUnoStruct("com.sun.star.sheet.TableFilterField2")
        field.Field = column
        field.Operator = uno.getConstantByName("com.sun.star.sheet.FilterOperator2.EQUAL")
        value = a["equals"]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            field.IsNumeric, field.NumericValue = True, float(value)
        else:
            field.IsNumeric, field.StringValue = False, str(value)
        fd.setFilterFields2((field,))
        dbr.refresh()

    def hide_rows(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        first = self._need_int(a, "first")
        last = int(a.get("last", first))
        rows = sheet.getRows()
        for i in range(first - 1, last):
            rows.getByIndex(i).IsVisible = False

    def merge(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        rng = sheet.getCellRangeByName(a["range"])
        self._check_protected(sheet, rng, "merge")
        if not a.get("keep_hidden", False):
            addr = rng.RangeAddress
            for r in range(addr.EndRow - addr.StartRow + 1):
                for c in range(addr.EndColumn - addr.StartColumn + 1):
                    if r or c:
                        rng.getCellByPosition(c, r).clearContents(_DELETE_FLAGS)
        rng.merge(True)

    def copy_sheet(self, a: dict) -> None:
        self.sheet(a["sheet"])
        sheets = self.doc.Sheets
        position = int(a.get("position", sheets.getCount()))
        sheets.copyByName(a["sheet"], a["new_name"], position)

    def clear(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        rng = sheet.getCellRangeByName(a["range"])
        self._check_protected(sheet, rng, "clear")
        flags = _DELETE_FLAGS if a.get("formulas", True) else _DELETE_FLAGS & ~_FORMULA
        rng.clearContents(flags)

    def number_format(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        rng = sheet.getCellRangeByName(a["cell"] if "cell" in a else a["range"])
        self._check_protected(sheet, rng, "number_format")
        formats = self.doc.NumberFormats
        code = a["format"]
        key = formats.queryKey(code, EN_US, False)
        if key == -1:
            key = formats.addNew(code, EN_US)
        # the same format in the Polish locale (input typed into the cell is read as Polish)
        polish = formats.getFormatForLocale(key, POLISH)
        rng.NumberFormat = polish

    def unprotect(self, a: dict) -> None:
        self.sheet(a["sheet"]).unprotect(a.get("password", ""))

    def protect(self, a: dict) -> None:
        self.sheet(a["sheet"]).protect(a.get("password", ""))

    def pivot(self, a: dict) -> None:
        sheet = self.sheet(a["sheet"])
        rng = sheet.getCellRangeByName(a["range"])
        addr = rng.RangeAddress
        fields = {}
        for key in ("row_field", "data_field"):
            fields[key] = _col_index(a[key]) - addr.StartColumn
            if not 0 <= fields[key] <= addr.EndColumn - addr.StartColumn:
                raise FillError(f"{key} {a[key]} is outside {a['range']}")
        sheets = self.doc.Sheets
        target = a.get("target", "Przestawna")
        if sheets.hasByName(target):
            raise FillError(f"the sheet {target!r} already exists")
        sheets.insertNewByName(target, sheets.getCount())
        out = sheets.getByName(target)
        tables = sheet.getDataPilotTables()
        desc = tables.createDataPilotDescriptor()
        desc.setSourceRange(addr)
        orientation = "com.sun.star.sheet.DataPilotFieldOrientation"
        row = desc.getDataPilotFields().getByIndex(fields["row_field"])
        row.Orientation = uno.Enum(orientation, "ROW")
        data = desc.getDataPilotFields().getByIndex(fields["data_field"])
        data.Orientation = uno.Enum(orientation, "DATA")
        data.Function = uno.Enum("com.sun.star.sheet.GeneralFunction", "SUM")
        corner = out.getCellRangeByName("A1").CellAddress
        # the pilot table lives on the output sheet: its own collection holds it
        out.getDataPilotTables().insertNewByName(f"Przestawna_{a['row_field']}", corner, desc)

    def read(self, a: dict) -> None:
        if a.get("recalc"):
            self.doc.calculateAll()
        sheet = self.sheet(a["sheet"])
        self.reads.append(
            {
                "sheet": a["sheet"],
                "cell": a["cell"],
                **describe(self.doc, sheet.getCellRangeByName(a["cell"])),
            }
        )

    @staticmethod
    def _check_protected(sheet, rng, what: str) -> None:
        """On a protected sheet Calc refuses an operation touching a locked cell (through the
        API mostly without an error: the operation just does not happen), so refuse it here
        with a message; rng None: refused on a protected sheet whatever the range."""
        if not sheet.isProtected():
            return
        locked = None
        if rng is not None:
            addr = rng.RangeAddress
            locked = next(
                (
                    rng.getCellByPosition(c, r).AbsoluteName.split(".")[-1]
                    for r in range(addr.EndRow - addr.StartRow + 1)
                    for c in range(addr.EndColumn - addr.StartColumn + 1)
                    if rng.getCellByPosition(c, r).CellProtection.IsLocked
                ),
                None,
            )
            if locked is None:
                return
        where = f" (locked cell {locked.replace('$', '')})" if locked else ""
        raise FillError(
            f"{what}: sheet {sheet.Name!r} is protected{where}, Calc refuses it; "
            f'add {{"type": "unprotect", "sheet": "{sheet.Name}"}} first'
        )


_VALUE, _DATETIME, _STRING, _ANNOTATION, _FORMULA = 1, 2, 4, 8, 16
_DELETE_FLAGS = _VALUE | _DATETIME | _STRING | _FORMULA


def _merged_cell_in(sheet, rng) -> str | None:
    """The first merged area reaching into the range, as A1:B2, else None."""
    addr = rng.RangeAddress
    for r in range(addr.StartRow, addr.EndRow + 1):
        for c in range(addr.StartColumn, addr.EndColumn + 1):
            cursor = sheet.createCursorByRange(sheet.getCellByPosition(c, r))
            cursor.collapseToMergedArea()
            a = cursor.RangeAddress
            if (a.StartRow, a.StartColumn) != (a.EndRow, a.EndColumn):
                return cursor.AbsoluteName.split(".")[-1].replace("$", "")
    return None


def type_into(cell, text: str) -> None:
    """Enter `text` into the cell as typed in the cell and confirmed with Enter.

    The `FormulaLocal` property goes through ScDocFunc::SetNormalString, the same call that
    Calc's ScViewFunc::EnterData makes for typed input (and that .uno:EnterString reaches):
    the cell's number format and the locale decide whether the text is a number, a date, a
    time, a percentage, a formula (localized: `;` separators) or text, and a detected
    date/time/percent format is applied to a cell whose format is the default "General".
    Checked against .uno:EnterString with 21 inputs (7,5  7.5  05.10.2026  5.10  07:30  12%
    1 234,5  =CELL("format";H13)  P/1  10.2026 ...) in cells formatted General, 0.00, @ and
    dd.mm.yyyy: identical cell types, values and resulting number formats.
    The dispatcher itself cannot be used with libreoffice-*-nogui: once a view handles
    input, Calc creates its input line from a .ui file the nogui packages leave out, and
    soffice aborts. Not applied (as with EnterString): AutoInput/autocomplete, autocorrect,
    and the data validity check (an invalid entry is stored, as after "OK" in the warning).
    """
    cell.setPropertyValue("FormulaLocal", text)


def describe(doc, cell) -> dict:
    key = cell.NumberFormat
    fmt = doc.NumberFormats.getByKey(key)
    return {
        "kind": cell.getType().value,
        "value": cell.getValue(),
        "string": cell.getString(),
        "formula": cell.getFormula(),
        "format": fmt.FormatString,
        "format_locale": "-".join(
            x
            for x in (
                fmt.getPropertyValue("Locale").Language,
                fmt.getPropertyValue("Locale").Country,
            )
            if x
        )
        or "system",
        "error": cell.getError(),
    }


ACTIONS = {name for name in dir(Workbook) if not name.startswith("_")} - {"sheet"}


def load(office: Office, path: Path):
    doc = office.desktop.loadComponentFromURL(
        path.resolve().as_uri(),
        "_blank",
        0,
        _props(Hidden=True, MacroExecutionMode=0, UpdateDocMode=0),
    )
    if doc is None or not hasattr(doc, "Sheets"):
        raise FillError(f"LibreOffice could not open {path} as a spreadsheet")
    return doc


def check_locale(office: Office) -> None:
    """Type into a scratch document and check that the input is read as Polish."""
    doc = office.desktop.loadComponentFromURL(
        "private:factory/scalc", "_blank", 0, _props(Hidden=True)
    )
    try:
        book = Workbook(office, doc)
        sheet = doc.Sheets.getByIndex(0)
        probes = {"A1": ("7,5", 7.5), "A2": ("05.10.2026", 46300.0), "A3": ("07:30", 0.3125)}
        for ref, (text, _) in probes.items():
            book.typ({"sheet": sheet.Name, "cell": ref, "text": text})
        for ref, (text, want) in probes.items():
            cell = sheet.getCellRangeByName(ref)
            if cell.getType().value != "VALUE" or abs(cell.getValue() - want) > 1e-9:
                raise FillError(
                    f"LibreOffice does not read typed input as Polish: {text!r} gave "
                    f"{cell.getType().value} {cell.getString()!r} ({cell.getValue()}), "
                    f"expected the number {want}"
                )
    finally:
        doc.close(True)


def run(source: Path, plan: dict | list, stem: Path) -> dict:
    if isinstance(plan, list):
        plan = {"actions": plan}
    actions = plan.get("actions", [])
    formats = plan.get("formats", list(FILTERS))
    unknown = [f for f in formats if f not in FILTERS]
    if unknown:
        raise FillError(f"unknown formats {unknown} (known: {list(FILTERS)})")
    if not source.is_file():
        raise FillError(f"no such file: {source}")
    started = time.monotonic()
    with Office() as office:
        check_locale(office)
        # a private copy: LibreOffice's lock file (left behind if soffice dies) and anything
        # else it writes next to the document stay in the throw-away directory
        work = office.tmp / "work"
        work.mkdir()
        doc = load(office, Path(shutil.copy2(source, work / source.name)))
        try:
            book = Workbook(office, doc)
            for n, action in enumerate(actions, 1):
                kind = action.get("type")
                if kind not in ACTIONS:
                    raise FillError(f"action {n}: unknown type {kind!r} (known: {sorted(ACTIONS)})")
                try:
                    getattr(book, kind)(action)
                except FillError as exc:
                    raise FillError(
                        f"action {n} {json.dumps(action, ensure_ascii=False)}: {exc}"
                    ) from None
                except KeyError as exc:
                    raise FillError(
                        f"action {n} {json.dumps(action, ensure_ascii=False)}: missing key {exc}"
                    ) from None
                except Exception as exc:  # a UNO exception: say which action caused it
                    raise FillError(
                        f"action {n} {json.dumps(action, ensure_ascii=False)}: "
                        f"LibreOffice raised {type(exc).__name__}: "
                        f"{getattr(exc, 'Message', exc)}{office.died()}"
                    ) from None
            doc.calculateAll()
            outputs = {}
            stem.parent.mkdir(parents=True, exist_ok=True)
            for fmt in formats:
                out = stem.parent / f"{stem.name}.{fmt}"
                try:
                    doc.storeToURL(
                        out.resolve().as_uri(), _props(FilterName=FILTERS[fmt], Overwrite=True)
                    )
                except Exception as exc:
                    raise FillError(
                        f"saving {out} ({FILTERS[fmt]}) failed: "
                        f"{type(exc).__name__}: {getattr(exc, 'Message', exc)}"
                        f"{office.died()}"
                    ) from None
                outputs[fmt] = str(out)
        finally:
            with contextlib.suppress(Exception):
                doc.close(True)
    return {
        "outputs": outputs,
        "reads": book.reads,
        "seconds": round(time.monotonic() - started, 2),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(
            __doc__.split("\n\n")[0] + "\nusage: lo_fill.py SOURCE.xlsx PLAN.json OUT_STEM",
            file=sys.stderr,
        )
        return 2
    source, plan_path, stem = Path(argv[1]), Path(argv[2]), Path(argv[3])
    try:
        try:
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise FillError(f"cannot read the plan {plan_path}: {exc}") from None
        result = run(source, plan, stem)
    except FillError as exc:
        print(f"lo_fill: {exc}", file=sys.stderr)
        return 1
    except Exception:
        print("lo_fill: unexpected failure\n" + traceback.format_exc(), file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
