"""Marks written into a copy of the supervisor's own `.xlsx` package, part by part.

The copy is the original zip with only what the marks need changed: the marked cells' styles
(a clone of each cell's own style with a fill), a comments part and its VML drawing for each
marked sheet, `cellComments="atEnd"` in its page setup, and one new sheet listing the marks.
Every other part — images, charts, pivot tables, extensions — is copied byte for byte, so the
copy looks like the supervisor's file and costs a few milliseconds instead of a full load and
save. A package this does not handle (Strict Open XML, a sheet that already has comments or a
VML drawing, rows or cells without references, elements it does not know where to place)
raises `Unsupported`, and the caller copies the workbook with openpyxl instead.

Parts are parsed with lxml, which keeps the namespace prefixes that `mc:Ignorable` names (the
standard library's ElementTree renames them, and Excel then calls the file damaged); entities
are never resolved and nothing is fetched.
"""

from __future__ import annotations

import copy
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from odpracowanie.core import cells

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE = f"{REL}/officeDocument"
REL_SHEET = f"{REL}/worksheet"
REL_STYLES = f"{REL}/styles"
REL_COMMENTS = f"{REL}/comments"
REL_VML = f"{REL}/vmlDrawing"
TYPE_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
TYPE_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
TYPE_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
TYPE_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
TYPE_RELS = "application/vnd.openxmlformats-package.relationships+xml"

# The order of a worksheet's children (ECMA-376 CT_Worksheet): a new one goes before the first
# that follows it.
SHEET_ORDER = (
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)


class Unsupported(Exception):
    """A package this module does not patch; the caller copies it another way."""


@dataclass(frozen=True)
class Mark:
    """One marked cell's comment and the comment's size (as openpyxl's Comment takes it)."""

    cell: str
    text: str
    width: int
    height: int


@dataclass(frozen=True)
class NotesSheet:
    """The sheet appended to the copy: a bold title, bold column heads, rows wrapped and
    aligned to the top."""

    name: str
    title: str
    heads: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    heights: Sequence[float] = ()  # each row's height in points (a printer does not grow rows)


def cell_position(ref: str) -> tuple[int, int]:
    """`B7` -> (7, 2); a reference that is not one cell raises `Unsupported`."""
    found = cells.cell_position(ref)
    if found is None:
        raise Unsupported(f"not a cell: {ref}")
    return found


def column_letters(column: int) -> str:
    """The letters of a column counted from 1."""
    return cells.column_letter(column - 1)


class Package:
    """An `.xlsx` opened for patching: the zip, its parts by name, the changed parts."""

    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise Unsupported(str(exc)) from exc
        try:
            self.names = {info.filename for info in self._zip.infolist()}
            self.changed: dict[str, bytes] = {}
            self.workbook = self._main_part()
            self._book = self.xml(self.workbook)
            if self._book.tag != f"{{{MAIN}}}workbook":
                raise Unsupported("not a transitional SpreadsheetML workbook")
            kind = Types(self).kind_of(self.workbook)
            if kind != TYPE_WORKBOOK:
                # a macro-enabled book or a template cannot be saved under `.xlsx` as it is
                raise Unsupported(f"workbook of type {kind}")
            self._book_rels = self.rels(self.workbook)
            self.sheets = self._sheets()
            for part in self.sheets.values():
                # An empty style index (some generators write `s=""`) is not valid XML for
                # Excel: such a workbook is rebuilt, not copied.
                if part in self.names and b' s=""' in self.raw(part):
                    raise Unsupported(f"{part}: an empty style index")
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()

    # -- parts ---------------------------------------------------------------------------

    def raw(self, part: str) -> bytes:
        if part not in self.names:
            raise Unsupported(f"missing part {part}")
        try:
            return self._zip.read(part)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise Unsupported(f"{part}: {exc}") from exc

    def xml(self, part: str) -> etree._Element:
        data = self.raw(part)
        try:
            return etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise Unsupported(f"{part}: {exc}") from exc

    def put(self, part: str, root: etree._Element) -> None:
        self.changed[part] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    def free_name(self, pattern: str) -> str:
        """The first `pattern.format(n)` that names no part."""
        taken = {n.casefold() for n in (*self.names, *self.changed)}
        n = 1
        while pattern.format(n).casefold() in taken:
            n += 1
        return pattern.format(n)

    @staticmethod
    def rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{name}.rels")

    def rels(self, part: str) -> etree._Element:
        name = self.rels_name(part)
        if name in self.changed:
            return etree.fromstring(self.changed[name], _PARSER)
        if name not in self.names:
            return etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
        return self.xml(name)

    @staticmethod
    def target(part: str, relationship: etree._Element) -> str:
        if relationship.get("TargetMode") == "External":
            return ""
        target = relationship.get("Target", "")
        if target.startswith("/"):
            return posixpath.normpath(target.lstrip("/"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    def related(self, part: str, kind: str, rels: etree._Element | None = None) -> list[str]:
        rels = self.rels(part) if rels is None else rels
        return [self.target(part, r) for r in rels if r.get("Type") == kind]

    def add_relationship(self, rels: etree._Element, kind: str, target: str) -> str:
        ids = {r.get("Id") for r in rels}
        n = 1
        while f"rIdOdp{n}" in ids:
            n += 1
        etree.SubElement(
            rels, f"{{{PKG}}}Relationship", {"Id": f"rIdOdp{n}", "Type": kind, "Target": target}
        )
        return f"rIdOdp{n}"

    def _main_part(self) -> str:
        found = self.related("", REL_OFFICE, self.xml("_rels/.rels"))
        if len(found) != 1:
            raise Unsupported("no single main part")
        return found[0]

    def _sheets(self) -> dict[str, str]:
        by_id = {
            r.get("Id"): self.target(self.workbook, r)
            for r in self._book_rels
            if r.get("Type") == REL_SHEET
        }
        sheets = {}
        for sheet in self._book.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
            sheets[sheet.get("name", "")] = by_id.get(sheet.get(f"{{{REL}}}id"), "")
        return sheets

    # -- saving --------------------------------------------------------------------------

    def save(self, target: Path) -> None:
        """The package with its changed parts, every other part copied as it was."""
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            written = set()
            for info in self._zip.infolist():
                if info.filename in self.changed:
                    out.writestr(info.filename, self.changed[info.filename], zipfile.ZIP_DEFLATED)
                else:
                    # a fresh entry (the source's ZipInfo is the source's: its offsets and
                    # extra fields are not this zip's), with the part's date and attributes
                    copied = zipfile.ZipInfo(info.filename, info.date_time)
                    copied.compress_type = zipfile.ZIP_DEFLATED
                    copied.external_attr = info.external_attr
                    out.writestr(copied, self._zip.read(info))
                written.add(info.filename)
            for name, data in self.changed.items():
                if name not in written:
                    out.writestr(name, data, zipfile.ZIP_DEFLATED)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _place(root: etree._Element, element: etree._Element) -> None:
    """Put a new worksheet child where CT_Worksheet's order wants it."""
    rank = SHEET_ORDER.index(_local(element))
    for index, child in enumerate(root):
        if not isinstance(child.tag, str):
            continue
        if etree.QName(child).namespace != MAIN or _local(child) not in SHEET_ORDER:
            raise Unsupported(f"unknown worksheet element {child.tag}")
        if SHEET_ORDER.index(_local(child)) > rank:
            root.insert(index, element)
            return
    root.append(element)


def _main(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


class Styles:
    """The styles part, to which filled clones of cell styles and the notes' styles are added."""

    def __init__(self, package: Package) -> None:
        found = package.related(package.workbook, REL_STYLES)
        if len(found) != 1:
            raise Unsupported("no styles part")
        self.part = found[0]
        self.root = package.xml(self.part)
        self.fills = self._list("fills")
        self.fonts = self._list("fonts")
        self.xfs = self._list("cellXfs")
        if not len(self.xfs) or not len(self.fonts):
            raise Unsupported("no cell styles")
        self._filled: dict[tuple[int, str], int] = {}
        self._fill_ids: dict[str, int] = {}

    def _list(self, tag: str) -> etree._Element:
        found = self.root.find(_main(tag))
        if found is None:
            raise Unsupported(f"styles without {tag}")
        return found

    def _add(self, parent: etree._Element, element: etree._Element) -> int:
        parent.append(element)
        parent.set("count", str(len(parent)))
        return len(parent) - 1

    def filled(self, style: int, color: str) -> int:
        """A style like `style` but filled solid with `color`."""
        if (style, color) not in self._filled:
            if color not in self._fill_ids:
                fill = etree.Element(_main("fill"))
                pattern = etree.SubElement(fill, _main("patternFill"), patternType="solid")
                etree.SubElement(pattern, _main("fgColor"), rgb=color)
                etree.SubElement(pattern, _main("bgColor"), indexed="64")
                self._fill_ids[color] = self._add(self.fills, fill)
            xf = copy.deepcopy(self.xfs[style if style < len(self.xfs) else 0])
            xf.set("fillId", str(self._fill_ids[color]))
            xf.set("applyFill", "1")
            self._filled[(style, color)] = self._add(self.xfs, xf)
        return self._filled[(style, color)]

    def bold(self, size: int | None = None) -> int:
        """A cell style with the default font in bold (of `size` points)."""
        font = copy.deepcopy(self.fonts[0])
        for old in font.findall(_main("b")):
            font.remove(old)
        font.insert(0, etree.Element(_main("b")))
        if size is not None:
            for sz in font.findall(_main("sz")):
                sz.set("val", str(size))
        xf = self._plain()
        xf.set("fontId", str(self._add(self.fonts, font)))
        xf.set("applyFont", "1")
        return self._add(self.xfs, xf)

    def wrapped(self) -> int:
        """A cell style whose text wraps, aligned to the top."""
        xf = self._plain()
        xf.insert(0, etree.Element(_main("alignment"), wrapText="1", vertical="top"))
        xf.set("applyAlignment", "1")
        return self._add(self.xfs, xf)

    def _plain(self) -> etree._Element:
        xf = copy.deepcopy(self.xfs[0])
        for child in list(xf):
            xf.remove(child)
        for attribute in ("applyAlignment", "applyNumberFormat"):
            xf.attrib.pop(attribute, None)
        xf.set("numFmtId", "0")
        return xf


def style_of(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError as exc:
        raise Unsupported(f"style {value!r}") from exc


class Sheet:
    """One worksheet part being marked."""

    def __init__(self, package: Package, part: str) -> None:
        self.package, self.part = package, part
        self.root = package.xml(part)
        if self.root.tag != _main("worksheet"):
            raise Unsupported(f"{part} is not a worksheet")
        self.data = self.root.find(_main("sheetData"))
        if self.data is None:
            self.data = etree.Element(_main("sheetData"))
            _place(self.root, self.data)
        self.rels = package.rels(part)
        if (
            package.related(part, REL_COMMENTS, self.rels)
            or package.related(part, REL_VML, self.rels)
            or self.root.find(_main("legacyDrawing")) is not None
        ):
            raise Unsupported(f"{part} has comments or a VML drawing already")

    def merged_start(self, ref: str) -> str:
        """`ref`, or the first cell of the merged range it lies in."""
        row, column = cell_position(ref)
        for merged in self.root.iterfind(f"{_main('mergeCells')}/{_main('mergeCell')}"):
            first, _, last = merged.get("ref", "").partition(":")
            if not last:
                continue
            (top, left), (bottom, right) = cell_position(first), cell_position(last)
            if top <= row <= bottom and left <= column <= right:
                return f"{column_letters(left)}{top}"
        return ref

    def cell(self, ref: str) -> etree._Element:
        """The `<c>` of `ref`, made (in its row, in column order) when the sheet has none."""
        row, column = cell_position(ref)
        row_element = self._row(row)
        row_element.attrib.pop("spans", None)  # an optional hint, which a new cell may widen
        following = None
        for c in row_element.iterfind(_main("c")):
            if c.get("r") is None:
                raise Unsupported("a cell without a reference")
            found = cell_position(c.get("r"))
            if found == (row, column):
                return c
            if found[1] > column:
                following = c
                break
        new = etree.Element(
            _main("c"),
            r=f"{column_letters(column)}{row}",
            s=str(self._default_style(row_element, column)),
        )
        if following is None:
            row_element.append(new)
        else:
            following.addprevious(new)
        return new

    def _row(self, number: int) -> etree._Element:
        for row in self.data.iterfind(_main("row")):
            if row.get("r") is None:
                raise Unsupported("a row without a number")
            found = int(row.get("r"))
            if found == number:
                return row
            if found > number:
                new = etree.Element(_main("row"), r=str(number))
                row.addprevious(new)
                return new
        return etree.SubElement(self.data, _main("row"), r=str(number))

    def _default_style(self, row: etree._Element, column: int) -> int:
        """What an empty cell shows: its row's style, else its column's."""
        if row.get("customFormat") in ("1", "true"):
            return style_of(row.get("s"))
        for col in self.root.iterfind(f"{_main('cols')}/{_main('col')}"):
            if int(col.get("min", 0)) <= column <= int(col.get("max", 0)):
                return style_of(col.get("style"))
        return 0

    def add_comments(self, marks: Sequence[Mark]) -> None:
        """A comments part and its VML drawing, as openpyxl writes them (which Excel and
        LibreOffice read)."""
        from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
        from openpyxl.xml.functions import tostring

        records = []
        for mark in marks:
            record = CommentRecord(
                ref=mark.cell, author="odpracowanie", height=mark.height, width=mark.width
            )
            record.text.t = mark.text
            records.append(record)
        comments = CommentSheet.from_comments(records)
        package = self.package
        comments_part = package.free_name("xl/comments/odpracowanie{}.xml")
        vml_part = package.free_name("xl/drawings/odpracowanie{}.vml")
        package.changed[comments_part] = tostring(comments.to_tree())
        package.changed[vml_part] = comments.write_shapes(None)
        folder = posixpath.dirname(self.part)
        package.add_relationship(self.rels, REL_COMMENTS, posixpath.relpath(comments_part, folder))
        drawing = package.add_relationship(self.rels, REL_VML, posixpath.relpath(vml_part, folder))
        element = etree.SubElement(self.root, _main("legacyDrawing"))
        element.set(f"{{{REL}}}id", drawing)
        self.root.remove(element)
        _place(self.root, element)
        package.changed[package.rels_name(self.part)] = etree.tostring(
            self.rels, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        Types(package).override(comments_part, TYPE_COMMENTS).default("vml", TYPE_VML).cover(
            package.rels_name(self.part), TYPE_RELS
        ).save()

    def print_comments_at_end(self) -> None:
        setup = self.root.find(_main("pageSetup"))
        if setup is None:
            setup = etree.Element(_main("pageSetup"))
            _place(self.root, setup)
        setup.set("cellComments", "atEnd")

    def save(self) -> None:
        self.package.put(self.part, self.root)


class Types:
    """`[Content_Types].xml`."""

    PART = "[Content_Types].xml"

    def __init__(self, package: Package) -> None:
        self.package = package
        self.root = (
            etree.fromstring(package.changed[self.PART], _PARSER)
            if self.PART in package.changed
            else package.xml(self.PART)
        )

    def kind_of(self, part: str) -> str | None:
        """The content type of `part`: its own Override, else its extension's Default (part
        names and extensions compare without case, as OPC says)."""
        name = f"/{part}".casefold()
        for override in self.root.iterfind(f"{{{TYPES}}}Override"):
            if override.get("PartName", "").casefold() == name:
                return override.get("ContentType")
        extension = part.rpartition(".")[2].casefold()
        for default in self.root.iterfind(f"{{{TYPES}}}Default"):
            if default.get("Extension", "").casefold() == extension:
                return default.get("ContentType")
        return None

    def cover(self, part: str, kind: str) -> Types:
        """An Override for a new `part` unless a Default already gives it a type (a package
        may list every part by name, `.rels` ones too)."""
        return self if self.kind_of(part) is not None else self.override(part, kind)

    def override(self, part: str, kind: str) -> Types:
        etree.SubElement(self.root, f"{{{TYPES}}}Override", PartName=f"/{part}", ContentType=kind)
        return self

    def default(self, extension: str, kind: str) -> Types:
        known = {
            d.get("Extension", "").casefold() for d in self.root.iterfind(f"{{{TYPES}}}Default")
        }
        if extension not in known:
            self.root.insert(
                0, etree.Element(f"{{{TYPES}}}Default", Extension=extension, ContentType=kind)
            )
        return self

    def save(self) -> None:
        self.package.put(self.PART, self.root)


def _inline(row: etree._Element, ref: str, text: str, style: int | None = None) -> None:
    cell = etree.SubElement(row, _main("c"), r=ref, t="inlineStr")
    if style is not None:
        cell.set("s", str(style))
    value = etree.SubElement(etree.SubElement(cell, _main("is")), _main("t"))
    value.text = text
    value.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def add_notes_sheet(package: Package, styles: Styles, notes: NotesSheet) -> None:
    """`notes` as the workbook's last sheet: A4, one page wide."""
    title, head, wrap = styles.bold(12), styles.bold(), styles.wrapped()
    root = etree.Element(_main("worksheet"), nsmap={None: MAIN, "r": REL})
    properties = etree.SubElement(root, _main("sheetPr"))
    etree.SubElement(properties, _main("pageSetUpPr"), fitToPage="1")
    cols = etree.SubElement(root, _main("cols"))
    for n, width in enumerate(notes.widths, start=1):
        etree.SubElement(
            cols, _main("col"), min=str(n), max=str(n), width=str(width), customWidth="1"
        )
    data = etree.SubElement(root, _main("sheetData"))
    row = etree.SubElement(data, _main("row"), r="1")
    _inline(row, "A1", notes.title, title)
    row = etree.SubElement(data, _main("row"), r="3")
    for n, text in enumerate(notes.heads, start=1):
        _inline(row, f"{column_letters(n)}3", text, head)
    for r, values in enumerate(notes.rows, start=4):
        row = etree.SubElement(data, _main("row"), r=str(r))
        if r - 4 < len(notes.heights):
            row.set("ht", str(notes.heights[r - 4]))
            row.set("customHeight", "1")
        for n, text in enumerate(values, start=1):
            _inline(row, f"{column_letters(n)}{r}", text, wrap)
    etree.SubElement(
        root,
        _main("pageMargins"),
        left="0.7",
        right="0.7",
        top="0.75",
        bottom="0.75",
        header="0.3",
        footer="0.3",
    )
    etree.SubElement(
        root,
        _main("pageSetup"),
        paperSize="9",
        fitToWidth="1",
        fitToHeight="0",
        orientation="portrait",
    )
    part = package.free_name("xl/worksheets/odpracowanie{}.xml")
    package.put(part, root)
    rels = package.rels(package.workbook)
    rel_id = package.add_relationship(
        rels, REL_SHEET, posixpath.relpath(part, posixpath.dirname(package.workbook))
    )
    package.changed[package.rels_name(package.workbook)] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    book = package.xml(package.workbook)
    sheets = book.find(_main("sheets"))
    ids = [int(s.get("sheetId", 0)) for s in sheets]
    sheet = etree.SubElement(
        sheets, _main("sheet"), name=notes.name, sheetId=str(max(ids, default=0) + 1)
    )
    sheet.set(f"{{{REL}}}id", rel_id)
    package.put(package.workbook, book)
    Types(package).override(part, TYPE_SHEET).save()
