"""Opening workbooks safely and finding tables in them the way offices fill them (SPEC §2.3).

python-calamine reads the cells (cached values of formulas, ~10× faster than openpyxl) of every
format it knows: `.xlsx` (Strict Open XML too), `.xlsm`, `.xlsb`, `.xls` and `.ods`. Before a byte
of XML is parsed, the file is sniffed: too big on disk, encrypted, not a workbook at all (and
then what it is), a zip whose directory promises more than `MAX_UNCOMPRESSED` bytes, a part
that declares a DTD (an XML bomb's home, `readers.prolog`). Each such file raises
`UnreadableFile` with a Polish reason, which the caller turns into one `FILE_UNREADABLE`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET

from odpracowanie import labels
from odpracowanie.core.cells import column_letter
from odpracowanie.issues import Say
from odpracowanie.readers.prolog import declares_dtd

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# A municipal timesheet is kilobytes; a month of a big city is a few MB. Anything that unpacks
# beyond this is refused before it is inflated (zip bombs).
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
# Nothing bigger on disk is read at all (the ledger of a big city's year is tens of MB).
MAX_FILE_BYTES = 100 * 1000 * 1000


@dataclass(frozen=True)
class Limits:
    """How big a workbook may be, on disk and unpacked, before it is refused unread.

    python-calamine holds a sheet's cells in memory, ~4 bytes of process memory for each byte
    of sheet XML; the limits keep one file's reading far below the batch's 1 GB.
    """

    on_disk: int = MAX_FILE_BYTES
    unpacked: int = MAX_UNCOMPRESSED

    def unpacked_for(self, names: Collection[str]) -> int:
        """An .ods file's XML spends ~3 times as many bytes on a cell as an .xlsx file's."""
        return self.unpacked * 3 if "mimetype" in names else self.unpacked


# A timesheet is tens of kB; a big city's whole month in one file (40 000 rows) unpacks to
# ~20 MB as .xlsx (~65 MB as .ods). Above these a file is no timesheet, and reading it would
# cost ~1 GB.
TIMESHEET_LIMITS = Limits(on_disk=32 * 1000 * 1000, unpacked=64 * 1000 * 1000)
HEADER_SCAN_ROWS = 60


class UnreadableFile(Exception):
    """The file cannot be read as a workbook; `reason` is Polish, for the person who sent it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Workbook:
    path: Path
    data: bytes
    book: object  # python_calamine.CalamineWorkbook
    sha256: str
    kind: str = "xlsx"  # xlsx (also .xlsm and Strict Open XML), xlsb, xls or ods

    def sheet(self, name: str):
        """The parsed sheet, once: python-calamine parses a sheet on every request."""
        cache = self.__dict__.setdefault("_sheets", {})
        if name not in cache:
            cache[name] = self.book.get_sheet_by_name(name)  # type: ignore[attr-defined]
        return cache[name]

    def forget(self, name: str) -> None:
        """Let go of a parsed sheet that will not be asked for again (its cells are held by
        python-calamine, outside Python's memory)."""
        self.__dict__.get("_sheets", {}).pop(name, None)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)  # type: ignore[attr-defined]

    @property
    def worksheet_names(self) -> list[str]:
        """The sheets that hold cells: chart sheets, dialog and macro sheets left out."""
        try:
            kinds = {meta.name: str(meta.typ) for meta in self.book.sheets_metadata}  # type: ignore[attr-defined]
        except Exception:
            return self.sheet_names
        return [
            name
            for name in self.sheet_names
            if kinds.get(name, "").endswith("WorkSheet") or name not in kinds
        ]

    @functools.cached_property
    def _workbook_xml(self):
        """`xl/workbook.xml` parsed once (defusedxml), for the defined names and the sheets'
        parts; None when it cannot be read or the workbook is of another format."""
        if self.kind != "xlsx":
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
                return SafeET.fromstring(archive.read(_workbook_part(archive)))
        except Exception:
            return None

    def error_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """(Excel row, 0-based column) -> the error a formula shows there (`#VALUE!`).

        python-calamine reads such a cell as empty, so a supervisor would be told a cell is
        empty that shows `#VALUE!`. The sheet's XML is searched for error cells only when it
        holds one at all (`t="e"`), which a filled-in timesheet rarely does.
        """
        found: dict[tuple[int, int], str] = {}
        if self._workbook_xml is None:
            return found
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
                part = _sheet_part(archive, self._workbook_xml, sheet)
                if part is None or not _mentions_error(archive, part):
                    return {}
                # Streamed, each cell dropped once read: memory stays flat on a big sheet.
                with archive.open(part) as stream:
                    for _, cell in SafeET.iterparse(stream, events=("end",)):
                        if cell.tag.endswith("}row"):
                            cell.clear()
                        if not cell.tag.endswith("}c"):
                            continue
                        if cell.get("t") == "e":
                            value = next((v.text for v in cell if v.tag.endswith("}v")), None)
                            where = _cell_index(cell.get("r", ""))
                            if value and where:
                                found[where] = value
                        cell.clear()
        except Exception:
            return {}
        return found

    @functools.cached_property
    def _ods(self) -> _OdsExtras:
        return _ods_extras(self.data)

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """The sheet's merged ranges, ((first row, first col), (last row, last col)), 0-based:
        python-calamine's, or, for an .ods file (which python-calamine does not report), read
        from its content.xml."""
        try:
            if self.kind == "ods":
                return self._ods.merged.get(sheet, [])
            return list(self.sheet(sheet).merged_cell_ranges or [])
        except Exception:  # no merged ranges to be had: the cells as they are
            return []

    def defined_name(self, name: str) -> str | None:
        """A workbook-level defined name's text (`wersja_szablonu`): from workbook.xml (read
        with defusedxml), from an .ods file's named expressions, or, in the binary formats, the
        text constant stored with the name."""
        if self.kind == "xlsx":
            if self._workbook_xml is None:
                return None
            for node in self._workbook_xml.iter():
                if node.tag.endswith("definedName") and node.get("name") == name:
                    return (node.text or "").strip().strip('="').strip()
            return None
        try:
            if self.kind == "ods":
                return self._ods.names.get(name) or None
            return _binary_named_text(self.data, self.kind, name)
        except Exception:  # a version that cannot be found is no version (a warning)
            return None


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


@dataclass
class _OdsExtras:
    """What python-calamine does not report of an .ods file: each sheet's merged ranges and
    the named expressions' texts."""

    merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]
    names: dict[str, str]


def _ods_extras(data: bytes) -> _OdsExtras:
    """One streamed pass over content.xml: cells spanning rows or columns
    (`table:number-rows-spanned`, `…-columns-spanned`), counted with the rows' and cells'
    repeat counts, and the `table:named-expression`s."""
    t = _ODS_TABLE
    extras = _OdsExtras({}, {})
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    row = col = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
        for event, node in SafeET.iterparse(stream, events=("start", "end")):
            tag = node.tag
            if tag == f"{t}table":
                if event == "start":
                    found, row = [], 0
                    extras.merged[node.get(f"{t}name", "")] = found
                else:
                    node.clear()
            elif tag == f"{t}table-row":
                if event == "start":
                    col = 0
                else:
                    row += int(node.get(f"{t}number-rows-repeated", "1"))
                    node.clear()
            elif event == "start" and tag in (f"{t}table-cell", f"{t}covered-table-cell"):
                rows = int(node.get(f"{t}number-rows-spanned", "1"))
                cols = int(node.get(f"{t}number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    found.append(((row, col), (row + rows - 1, col + cols - 1)))
                col += int(node.get(f"{t}number-columns-repeated", "1"))
            elif event == "end" and tag == f"{t}named-expression":
                expression = node.get(f"{t}expression", "")
                extras.names[node.get(f"{t}name", "")] = (
                    expression.lstrip("of:=").strip().strip('"').strip()
                )
    return extras


_VERSION_TEXT = re.compile(rb"(\d{4}\.\d{1,3})")


def _binary_named_text(data: bytes, kind: str, name: str) -> str | None:
    """The version text stored with a defined name in an .xls (BIFF8: an 8-bit or UTF-16
    string constant after the name) or an .xlsb (UTF-16 strings in workbook.bin)."""
    if kind == "xlsb":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            stream = archive.read("xl/workbook.bin")
    else:
        import olefile

        with olefile.OleFileIO(data) as ole:
            part = "Workbook" if ole.exists("Workbook") else "Book"
            stream = ole.openstream(part).read()
    for encoded in (name.encode("utf-16-le"), name.encode("latin-1")):
        at = stream.find(encoded)
        if at < 0:
            continue
        window = stream[at + len(encoded) : at + len(encoded) + 96]
        for text in (window.replace(b"\x00", b""), window):
            found = _VERSION_TEXT.search(text)
            if found:
                return found.group(1).decode("ascii")
    return None


def _mentions_error(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the sheet's XML holds an error cell at all, read in chunks (not whole)."""
    marks = (b't="e"', b"t='e'")
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if any(mark in tail + chunk for mark in marks):
                return True
            tail = chunk[-8:]
    return False


def _workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook's part: where the package's relationships say (`xl/workbook.xml` in
    nearly every file, but not in all)."""
    try:
        rels = SafeET.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        return "xl/workbook.xml"
    for node in rels.iter():
        if (node.get("Type") or "").endswith("/officeDocument") and node.get("Target"):
            return _resolve("", node.get("Target"))
    return "xl/workbook.xml"


def _resolve(folder: str, target: str) -> str:
    """A relationship's target as a zip member name, relative to `folder` unless absolute."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _sheet_part(archive: zipfile.ZipFile, workbook, sheet: str) -> str | None:
    """The zip member holding `sheet`: workbook.xml (`workbook`, parsed) names it, its
    relationships locate it. The relationship id is `r:id` in the transitional namespace or
    in Strict Open XML's."""
    rel_id = next(
        (
            value
            for node in workbook.iter()
            if node.tag.endswith("}sheet") and node.get("name") == sheet
            for key, value in node.items()
            if key.endswith("}id")
        ),
        None,
    )
    if rel_id is None:
        return None
    part = _workbook_part(archive)
    folder, name = posixpath.split(part)
    rels = SafeET.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    target = next((node.get("Target") for node in rels.iter() if node.get("Id") == rel_id), None)
    if not target:
        return None
    return _resolve(folder, target)


_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _cell_index(ref: str) -> tuple[int, int] | None:
    """`H14` -> (14, 7)."""
    match = _CELL_REF.match(ref)
    if not match:
        return None
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col - 1


def open_workbook(path: Path, limits: Limits = Limits()) -> Workbook:
    """Open any workbook python-calamine reads, or raise `UnreadableFile` with a Polish reason.

    The file's size is checked before a byte is read (memory stays bounded whatever sits in a
    folder), then what the bytes are, not what the name says: `.xlsx`, `.xlsm` (values only;
    macros never run), `.xlsb`, `.xls` and `.ods` are read; an encrypted workbook, a zip bomb
    or any other kind of file (a PDF, a photo, a CSV...) is named in the reason; a package
    with a DTD in any part (an XML bomb) is refused as damaged before python-calamine reads it.
    """
    import python_calamine

    try:
        size = path.stat().st_size
        if size > limits.on_disk:
            raise UnreadableFile(Say.TOO_BIG.format(megabytes=_megabytes(size)))
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(Say.CANNOT_OPEN.format(error=exc.strerror or exc)) from exc
    if not data:
        raise UnreadableFile(Say.EMPTY_FILE)
    if data.startswith(OLE_SIGNATURE):
        kind = _ole_kind(data)
    elif data.startswith(ZIP_SIGNATURE):
        kind = _zip_kind(data, limits)
    elif data[:1] == b"\x09" and data[1:2] in (b"\x00", b"\x02", b"\x04"):  # BIFF2–4 BOF
        raise UnreadableFile(Say.OLD_EXCEL)
    else:
        raise UnreadableFile(Say.NOT_WORKBOOK.format(what=describe(data, path.suffix)))
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise UnreadableFile(Say.ENCRYPTED) from exc
    except Exception as exc:
        raise UnreadableFile(Say.DAMAGED) from exc
    return Workbook(path, data, book, hashlib.sha256(data).hexdigest(), kind)


def _megabytes(size: int) -> str:
    return labels.format_number(round(size / 1_000_000, 1))


def _ole_kind(data: bytes) -> str:
    """An OLE2 compound file: an Excel 97–2003 workbook, a password-protected workbook of any
    age (Excel wraps an encrypted .xlsx in one), or another Office document."""
    import msoffcrypto
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except Exception as exc:
        raise UnreadableFile(Say.DAMAGED) from exc
    if "encryptedpackage" in streams:
        raise UnreadableFile(Say.ENCRYPTED)
    if not streams & {"workbook", "book"}:
        what = next(
            (what for stream, what in Say.OLE_DOCUMENTS if stream in streams), Say.OLE_OTHER
        )
        raise UnreadableFile(Say.NOT_WORKBOOK.format(what=what))
    try:
        encrypted = msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except Exception:  # msoffcrypto knows fewer kinds of .xls than calamine: let calamine try
        encrypted = False
    if encrypted:
        raise UnreadableFile(Say.ENCRYPTED)
    return "xls"


def _zip_kind(data: bytes, limits: Limits) -> str:
    """A zip package: refused before it is inflated when it would unpack beyond the limits;
    then told apart by its parts (an Excel workbook, binary or not, a LibreOffice spreadsheet,
    or a document of another kind); a workbook any of whose XML parts declares a DTD is
    refused too (SPEC §6), whichever part it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UnreadableFile(Say.DAMAGED) from exc
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        packed = sum(info.compress_size for info in infos)
        if total > 50_000_000 and total > MAX_RATIO * max(packed, 1):
            raise UnreadableFile(Say.ZIP_BOMB.format(megabytes=total // 1_000_000))
        names = {info.filename.lower() for info in infos}
        if total > limits.unpacked_for(names):
            raise UnreadableFile(Say.TOO_BIG_UNPACKED.format(megabytes=_megabytes(total)))
        dtd = _inflate_parts(archive, infos)
        kind = _package_kind(archive, names)
        if dtd:
            raise UnreadableFile(Say.DAMAGED)
    return kind


def _inflate_parts(archive: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo]) -> bool:
    """Every part inflated once, in chunks (memory stays flat), its CRC checked: a damaged
    byte in a sheet would otherwise be read as a different number. Its first bytes, up to its
    root element, are read for a DTD on the way (`readers.prolog`), whatever the part's name;
    True when any part declares one."""
    dtd = False
    try:
        for info in infos:
            with archive.open(info) as stream:
                dtd = declares_dtd(stream) or dtd
                while stream.read(1 << 20):  # ZipExtFile checks the CRC at the end
                    pass
    except Exception as exc:  # BadZipFile (a CRC), an unknown compression, a zip password
        raise UnreadableFile(Say.DAMAGED) from exc
    return dtd


def _package_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    """`xlsx`, `xlsb` or `ods`, or `UnreadableFile` naming what else the package is."""
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
            manifest = (
                archive.read("META-INF/manifest.xml") if "meta-inf/manifest.xml" in names else b""
            )
        except Exception as exc:
            raise UnreadableFile(Say.DAMAGED) from exc
        if b"encryption-data" in manifest:  # LibreOffice's "save with password"
            raise UnreadableFile(Say.ENCRYPTED)
        if mimetype.endswith("opendocument.spreadsheet"):
            return "ods"
        what = next((w for key, w in Say.ODF_DOCUMENTS if mimetype.endswith(key)), Say.ZIP_OTHER)
        raise UnreadableFile(Say.NOT_WORKBOOK.format(what=what))
    for prefix, what in Say.ZIP_DOCUMENTS:
        if any(name.startswith(prefix) or f"/{prefix}" in name for name in names):
            raise UnreadableFile(Say.NOT_WORKBOOK.format(what=what))
    if "[content_types].xml" not in names:
        raise UnreadableFile(Say.NOT_WORKBOOK.format(what=Say.ZIP_OTHER))
    return "xlsx"


def describe(head: bytes, suffix: str) -> str:
    """What a file that is not a workbook is, in words for the person who sent it."""
    for signature, what in Say.SIGNATURES:
        if head.startswith(signature):
            return what
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1"):
        return Say.PHOTO
    text = _as_text(head[:4096])
    if text is None:
        return Say.UNKNOWN_FORMAT.format(suffix=suffix or "?")
    lowered = text.lstrip("\ufeff \r\n\t").lower()
    if lowered.startswith(("<!doctype html", "<html", "<table", "<meta")):
        return Say.HTML
    if lowered.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            return Say.XML_2003
        if "opendocument" in lowered or "office:document" in lowered:
            return Say.FLAT_ODS
        return Say.XML_OTHER
    if lowered.startswith("{\\rtf"):
        return Say.RTF
    first = lowered.splitlines()[0] if lowered else ""
    if suffix.lower() in (".csv", ".tsv") or any(sep in first for sep in (";", "\t", ",")):
        return Say.CSV
    return Say.TEXT


def _as_text(head: bytes) -> str | None:
    """The start of a file as text, when it is text (UTF-16 with its mark, UTF-8, cp1250)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "cp1250"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def iter_sheet_rows(workbook: Workbook, sheet: str) -> Iterator[tuple[int, list[object]]]:
    """(Excel row number, cells from column A) for every row, lazily; stop reading any time."""
    try:
        data = workbook.sheet(sheet)
        # iter_rows() yields every row from row 1, but only the columns from the first used one.
        first_col = (data.start or (0, 0))[1]
        pad: list[object] = [""] * first_col
        for offset, cells in enumerate(data.iter_rows()):
            yield offset + 1, pad + list(cells)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(Say.SHEET_DAMAGED.format(sheet=sheet)) from exc


def find_sheet(workbook: Workbook, wanted: str, *, fallback_first: bool = False) -> str | None:
    """The sheet whose name matches `wanted` (case and diacritics do not count)."""
    key = labels.normalize_label(wanted)
    for name in workbook.sheet_names:
        if labels.normalize_label(name) == key:
            return name
    if fallback_first and workbook.sheet_names:
        return workbook.sheet_names[0]
    return None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def match_header(cells: Sequence[object], columns: Sequence[labels.Column]) -> dict[str, int]:
    """Field -> column index for each known label in one row."""
    lookup: dict[str, str] = {}
    for column in columns:
        for key in column.label_keys():
            lookup.setdefault(key, column.field)
    found: dict[str, int] = {}
    for index, value in enumerate(cells):
        field = lookup.get(labels.normalize_label(value))
        if field and field not in found:
            found[field] = index
    return found


@dataclass
class TableStart:
    header_row: int  # Excel row number of the column headers
    columns: dict[str, int]  # field -> 0-based column index
    above: list[tuple[int, list[object]]]  # rows above the header (for the label/value block)


def find_table(
    rows: Iterator[tuple[int, list[object]]],
    columns: Sequence[labels.Column],
    *,
    min_labels: int = 3,
) -> TableStart | None:
    """Consume rows up to the header row: the first row with `min_labels` known labels."""
    above: list[tuple[int, list[object]]] = []
    for number, cells in rows:
        found = match_header(cells, columns)
        if len(found) >= min(min_labels, len(columns)):
            return TableStart(number, found, above)
        above.append((number, cells))
        if len(above) >= HEADER_SCAN_ROWS:
            return None
    return None


def missing_required(start: TableStart, columns: Sequence[labels.Column]) -> list[str]:
    return [c.label for c in columns if c.required and c.field not in start.columns]


# A `Razem` row's word is within a cell's first characters: only those are folded (an account
# number or a name is not folded whole for each row of the table).
_TOTAL_ROW_HEAD = 32
# A cell whose first character is ASCII starts its folded text with that letter in lower case:
# only these can begin a `Razem` row (an account number, a date or a name need no folding).
_TOTAL_ROW_INITIALS = frozenset(word[0] for word in labels.TOTAL_ROW_PREFIXES)


def read_body(
    rows: Iterator[tuple[int, list[object]]],
    start: TableStart,
    *,
    skip: Sequence[str] = (),
    filled: Collection[tuple[int, int]] = (),
) -> tuple[list[int], list[list[object]]]:
    """Rows below the header up to the first empty row or a `Razem` / `Suma` row.

    A row counts as empty when every mapped column except those in `skip` (the `Lp.` numbers
    a template may carry down the page) is blank. Returns Excel row numbers and the cells of the
    mapped columns, in `start.columns` order. `filled`: (Excel row, column) of cells that
    read as blank but are not (a formula error).
    """
    indices = list(start.columns.values())
    check = [i for f, i in start.columns.items() if f not in skip]
    numbers: list[int] = []
    body: list[list[object]] = []
    for number, cells in rows:
        width = len(cells)
        for value in cells:
            if not is_blank(value):
                if isinstance(value, str) and _starts_total_row(value):
                    return numbers, body
                break
        picked = [cells[i] if i < width else "" for i in indices]
        if all(is_blank(cells[i]) if i < width else True for i in check) and not any(
            (number, i) in filled for i in check
        ):
            break
        numbers.append(number)
        body.append(picked)
    return numbers, body


def _starts_total_row(text: str) -> bool:
    head = text.lstrip()[:_TOTAL_ROW_HEAD]
    if head[:1].isascii() and head[:1].lower() not in _TOTAL_ROW_INITIALS:
        return False
    return labels.fold(head).startswith(labels.TOTAL_ROW_PREFIXES)


def merged_ends(workbook: Workbook, sheet: str) -> dict[tuple[int, int], int]:
    """(Excel row, first column index) of each merged range -> its last column index."""
    return {(start[0] + 1, start[1]): end[1] for start, end in workbook.merged(sheet)}


def header_values(
    above: list[tuple[int, list[object]]],
    wanted: Sequence[str],
    merged: dict[tuple[int, int], int] | None = None,
) -> dict[str, tuple[object, str]]:
    """Label/value pairs above the table: label -> (value, cell of the value).

    The value is the first non-empty cell right of its label; a label may end with a colon.
    When the value is empty, its cell is the one right after the label (or its merged range).
    """
    merged = merged or {}
    keys = {labels.normalize_label(w): w for w in wanted}
    out: dict[str, tuple[object, str]] = {}
    for number, cells in above:
        for index, value in enumerate(cells):
            label = keys.get(labels.normalize_label(value))
            if not label or label in out:
                continue
            for right in range(index + 1, len(cells)):
                if not is_blank(cells[right]):
                    out[label] = (cells[right], f"{column_letter(right)}{number}")
                    break
            else:
                after = merged.get((number, index), index) + 1
                out[label] = ("", f"{column_letter(after)}{number}")
    return out
