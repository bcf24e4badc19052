"""An XML part's prolog — what comes before its root element — read to see whether it declares
a DTD (SPEC §6).

A DTD (`<!DOCTYPE …>`, `<!ENTITY …>`) is where an XML bomb lives ("billion laughs": entities
of entities, gigabytes from a few hundred bytes). Excel, LibreOffice and the other programs
that write workbooks never put one in a part; defusedxml refuses any, and so does the program,
in every part of the package, before python-calamine reads one. A DTD can stand only before
the root element, so a part is read up to its first start tag and no further: a few hundred
bytes of a real part, pulled from the zip's stream in small pieces, so memory stays bounded
whatever the part holds (a prolog of comments goes by piece by piece).

The encoding is told as the XML recommendation's appendix F tells it: a byte-order mark, or
the first `<` in UTF-16 or UTF-32 without one; anything else is ASCII-compatible (UTF-8,
Windows-1250, ISO-8859-2…), where markup is ASCII, so its bytes are read as Latin-1.

>>> import io
>>> declares_dtd(io.BytesIO(b'<?xml version="1.0"?><!-- Excel --><workbook/>'))
False
>>> declares_dtd(io.BytesIO(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'))
True
>>> declares_dtd(io.BytesIO('\\ufeff<!DOCTYPE x><x/>'.encode("utf-16-le")))
True
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

# (first bytes, encoding, bytes of a byte-order mark to skip): longest marks first.
_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xef\xbb\xbf", "latin-1", 3),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\xfe\xff", "utf-16-be", 2),
    (b"<\x00\x00\x00", "utf-32-le", 0),
    (b"\x00\x00\x00<", "utf-32-be", 0),
    (b"<\x00", "utf-16-le", 0),
    (b"\x00<", "utf-16-be", 0),
)
PIECE = 4096  # bytes pulled from the stream at a time
# A part that starts with something else than markup is XML only when a `<` follows soon
# (a binary part — a picture — is left at once).
_STRAY = 64
_SPACE = " \t\r\n"


class _Text:
    """The part's text from its start, decoded piece by piece; only what is unread is held."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        head = stream.read(PIECE)
        encoding, mark = next(
            ((name, size) for start, name, size in _MARKS if head.startswith(start)),
            ("latin-1", 0),
        )
        self.decoder = codecs.getincrementaldecoder(encoding)("replace")
        # NUL is never in XML: read byte by byte, UTF-16 or UTF-32 without a mark (and with
        # white space before its first `<`) still shows its markup.
        self.nul = "\x00" if encoding == "latin-1" else ""
        self.ended = not head
        self.text = self._decode(head[mark:])

    def _decode(self, piece: bytes) -> str:
        text = self.decoder.decode(piece, final=self.ended)
        return text.replace(self.nul, "") if self.nul else text

    def more(self) -> bool:
        """One more piece onto the unread text; False at the part's end."""
        if self.ended:
            return False
        piece = self.stream.read(PIECE)
        self.ended = not piece
        self.text += self._decode(piece)
        return True

    def start(self, size: int) -> str:
        """The next `size` characters after any white space (fewer at the part's end)."""
        while True:
            self.text = self.text.lstrip(_SPACE)
            if len(self.text) >= size or not self.more():
                return self.text[:size]

    def skip_to(self, mark: str) -> bool:
        """Drop the text before the next `mark`; False when the part ends first."""
        while True:
            found = self.text.find(mark)
            if found >= 0:
                self.text = self.text[found:]
                return True
            self.text = ""
            if not self.more():
                return False

    def skip_past(self, end: str) -> bool:
        """Drop the text up to and including `end`; False when the part ends first."""
        while True:
            found = self.text.find(end)
            if found >= 0:
                self.text = self.text[found + len(end) :]
                return True
            self.text = self.text[-(len(end) - 1) :]  # `end` may begin in this piece
            if not self.more():
                return False


def declares_dtd(stream: BinaryIO) -> bool:
    """Whether the XML read from `stream` has a DTD or any other markup declaration (`<!`
    other than a comment) before its root element. A part that is not XML (a picture, a
    binary part of an .xlsb) has no `<` at its start, and is left after its first piece."""
    text = _Text(stream)
    seen = False  # markup read already: the part is XML
    while True:
        start = text.start(4)
        if start.startswith("<?"):  # the XML declaration, a processing instruction
            if not text.skip_past("?>"):
                return False
        elif start.startswith("<!--"):
            if not text.skip_past("-->"):
                return False
        elif start.startswith("<"):
            return start.startswith("<!")
        elif (seen or "<" in text.text[:_STRAY]) and _printable(text.text.split("<", 1)[0]):
            # stray characters before markup (a no-break space, a U+FEFF after the
            # declaration) that a lenient reader passes over: so does this one; a binary
            # part (control bytes) is no XML
            if not text.skip_to("<"):
                return False
        else:
            return False
        seen = True


def _printable(stray: str) -> bool:
    """Text, not the bytes of a binary part: no control character but white space."""
    return all(ch >= " " or ch in _SPACE for ch in stray)
