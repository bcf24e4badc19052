"""Amounts in words (`słownie`), as Polish documents write them beside the figures.

The grammar of Polish numerals and of `złoty` / `grosz` (jeden złoty, dwa złote, pięć złotych,
dwadzieścia dwa grosze) comes from num2words, a well-kept library; this module only turns
grosze into its input and tests its output against known values.

>>> amount_in_words(123456)
'tysiąc dwieście trzydzieści cztery złote, pięćdziesiąt sześć groszy'
>>> amount_in_words(100)
'jeden złoty, zero groszy'
"""

from __future__ import annotations

from decimal import Decimal


def amount_in_words(grosze: int) -> str:
    """`grosze` in Polish words; a negative amount is `minus …`."""
    from num2words import num2words

    if grosze < 0:
        return "minus " + amount_in_words(-grosze)
    return num2words(Decimal(int(grosze)).scaleb(-2), lang="pl", to="currency", currency="PLN")
