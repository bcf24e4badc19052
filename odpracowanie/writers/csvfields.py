"""Fields of the CSV files the program writes (SPEC §6): a text field never starts a formula.

Excel and LibreOffice read a CSV field that starts with `=`, `+`, `-` or `@` as a formula (and
a tab or a carriage return before one is dropped on the way): a debtor called
`=HYPERLINK("http://x","y")`, pasted from elsewhere, would be a live link in the finance
department's spreadsheet. OWASP's rule for CSV injection: such a field gets a leading
apostrophe, which keeps it text. Amounts are not text and never get one (a reversal's
`-1234,56` stays a number): the writer decides by the column, not by the value.

>>> text_field("=1+1")
"'=1+1"
>>> text_field("Jan Kowalski")
'Jan Kowalski'
"""

from __future__ import annotations

# What a spreadsheet may take as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_field(text: str) -> str:
    """`text` as a CSV text field: `'` in front when a spreadsheet would start a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
