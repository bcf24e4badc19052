"""E-mail addresses as people type them into `program.xlsx` and the command line.

A thin wrapper over email-validator (syntax only: no DNS look-up, the office may work offline):
an address is accepted when a mail server would take it, and `Jan Kowalski <jk@pgm.pl>` is read
as its address. Example: "ksiegowosc" (no @) is refused, "bz@pgm.zyrardow.pl" accepted.
"""

from __future__ import annotations

from email.utils import parseaddr


def email_address(text: object) -> str | None:
    """The address in `text` (normalized), or None when it is not an e-mail address."""
    from email_validator import EmailNotValidError, validate_email

    raw = "" if text is None else str(text).strip()
    if not raw:
        return None
    _, address = parseaddr(raw)
    try:
        return validate_email(address or raw, check_deliverability=False).normalized
    except EmailNotValidError:
        return None
