"""Every Polish word the program shows or reads: sheet names, headers, labels, formats.

Glossary (code identifier -> Polish term of the rules):
    principal        należność główna
    interest         odsetki
    costs            koszty (court and enforcement costs, koszty sądowe i egzekucyjne)
    account          nr konta (the debt account of a flat)
    debtor           dłużnik
    timesheet        karta pracy / rozliczenie wykonanych prac (§5.17)
    supervisor       osoba nadzorująca (§5.15)
    unit             jednostka organizacyjna (§4.1)
    worker           wykonawca (the debtor or a proxy)
    proxy            upoważniony (§5.2)
    register         rejestr uczestników (§5.5)
    acceptance       odbiór prac; protocol = protokół odbioru (§5.16)
    rate             stawka (§5.4)
    work code        kod pracy
    safety training  szkolenie BHP (§4.2)
    insurance        ubezpieczenie NNW (§3.4)

Header labels are compared through `normalize_label`: case, Polish diacritics, surrounding
spaces, a trailing colon and a trailing unit in parentheses do not count.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

# -- sheets -------------------------------------------------------------------------------------
SHEET_PARAMS = "Parametry"
SHEET_RATES = "Stawki"
SHEET_UNITS = "Jednostki"
SHEET_PARTICIPANTS = "Uczestnicy"
SHEET_PROXIES = "Upoważnieni"
SHEET_INSTRUCTIONS = "Instrukcja"
# The finance system's own heads of the debt columns (SPEC §8), optional.
SHEET_COLUMN_NAMES = "Nazwy kolumn"
# The coordinator's log (SPEC §9), optional: referrals to units (Zał. 6) and work offers.
SHEET_REFERRALS = "Skierowania"
SHEET_OFFERS = "Oferty"
SHEET_DEBTS = "Zadłużenie"
SHEET_WORK_HISTORY = "Historia prac"
SHEET_SETTLEMENT_HISTORY = "Historia rozliczeń"
SHEET_TIMESHEET = "Rozliczenie"
SHEET_LISTS = "Listy"

TEMPLATE_VERSION_NAME = "wersja_szablonu"
TEMPLATE_VERSION = "2026.2"

_PL_FOLD = str.maketrans({"ł": "l", "Ł": "L"})
_TRAILING_UNIT = re.compile(r"\s*\([^()]*\)\s*$")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case text without Polish diacritics, with single spaces."""
    text = unicodedata.normalize("NFKD", str(text).translate(_PL_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().casefold()


@functools.lru_cache(maxsize=4096)
def _normalized(text: str) -> str:
    label = fold(text).rstrip(":").strip()
    return _TRAILING_UNIT.sub("", label).rstrip(":").strip()


def normalize_label(text: object) -> str:
    """`Stawka (zł)`, ` STAWKA:` and `stawka` all become `stawka`."""
    if not isinstance(text, str):
        return ""
    return _normalized(text)


def name_key(text: object) -> str:
    """A person's name for comparison: word order, case and diacritics do not count."""
    if not isinstance(text, str):
        return ""
    return _name_key(text)


@functools.lru_cache(maxsize=65536)  # a month repeats its names thousands of times
def _name_key(text: str) -> str:
    words = re.split(r"[\s\-,.]+", fold(text))
    return " ".join(sorted(w for w in words if w))


@dataclass(frozen=True)
class Column:
    """One column of a table the program reads and writes, the one place that says what it is.

    `field` is its internal name, `label` its head and `aliases` other heads accepted;
    `required`: the column must be there (else HEADER_MISSING); `kind` of its cells — text,
    date, month (`2026-10`), number, money (zł), qty (a quantity), hours, unit, choice (one of
    `choices`), yesno (TAK / NIE); `filled`: every row must have a value (VALUE_MISSING; by
    default when the column is required); `width` when written, in Excel's units.
    """

    field: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    kind: str = "text"
    filled: bool | None = None
    choices: tuple[str, ...] = ()
    width: float = 12

    @property
    def must_be_filled(self) -> bool:
        return self.required if self.filled is None else self.filled

    @property
    def written_as(self) -> str:
        """How a writer puts its cells: a unit, a choice, TAK / NIE and a month as text."""
        return "text" if self.kind in ("unit", "choice", "yesno", "month") else self.kind

    def label_keys(self) -> tuple[str, ...]:
        return (normalize_label(self.label), *(normalize_label(a) for a in self.aliases))


def with_aliases(
    columns: tuple[Column, ...], aliases: Mapping[str, Sequence[str]]
) -> tuple[Column, ...]:
    """`columns` with more heads accepted per field (an office's own names, `Nazwy kolumn`)."""
    return tuple(
        replace(c, aliases=(*c.aliases, *aliases.get(c.field, ()))) if c.field in aliases else c
        for c in columns
    )


# -- timesheet (SPEC §2.3) ----------------------------------------------------------------------
TIMESHEET_COLUMNS = (
    Column("lp", "Lp.", ("lp", "l.p.", "nr"), required=False, width=5),
    Column("date", "Data", ("data wykonania", "data pracy"), kind="date", width=11),
    Column("account", "Nr konta", ("numer konta", "konto"), width=10),
    Column(
        "debtor",
        "Dłużnik",
        ("nazwisko i imię dłużnika", "imię i nazwisko dłużnika"),
        required=False,
        width=24,
    ),
    Column("worker", "Wykonawca", ("osoba wykonująca",), required=False, width=24),
    Column("code", "Kod pracy", ("kod",), width=9),
    Column("work", "Rodzaj pracy", (), required=False, width=26),
    Column("qty", "Ilość", ("ilość godzin", "liczba godzin", "godziny"), kind="qty", width=8),
    Column("unit", "Jednostka", ("j.m.", "jm"), kind="unit", width=9),
    Column("rate", "Stawka (zł)", ("stawka",), required=False, kind="money", width=11),
    Column("value", "Wartość (zł)", ("wartość", "kwota"), required=False, kind="money", width=12),
    Column(
        "protocol",
        "Nr protokołu odbioru",
        ("protokół odbioru", "nr protokołu"),
        required=False,
        width=14,
    ),
    Column("accepted", "Odebrano", ("odebrane", "odbiór"), kind="yesno", width=10),
    Column("remarks", "Uwagi", (), required=False, width=22),
)
TIMESHEET_LABEL = {c.field: c.label for c in TIMESHEET_COLUMNS}

HEADER_UNIT = "Jednostka organizacyjna"
HEADER_SUPERVISOR = "Osoba nadzorująca"
HEADER_MONTH = "Miesiąc rozliczenia"
HEADER_DRAWN_UP = "Data sporządzenia"
TIMESHEET_HEADER_LABELS = (HEADER_UNIT, HEADER_SUPERVISOR, HEADER_MONTH, HEADER_DRAWN_UP)
# First words of a total row (folded: no diacritics, lower case).
TOTAL_ROW_PREFIXES = ("razem", "suma", "ogolem", "lacznie", "podsumowanie")

YES, NO = "TAK", "NIE"

# Units of quantity (SPEC §2.3): each spelling -> kind of the work code it fits.
UNIT_HOURS, UNIT_AREA, UNIT_PIECES = "h", "m2", "szt"
UNIT_SPELLINGS = {
    "h": UNIT_HOURS,
    "godz.": UNIT_HOURS,
    "godz": UNIT_HOURS,
    "rbh": UNIT_HOURS,
    "min": UNIT_HOURS,
    "m2": UNIT_AREA,
    "m²": UNIT_AREA,
    "szt": UNIT_PIECES,
    "szt.": UNIT_PIECES,
}
MINUTES = "min"
UNIT_CHOICES = ("h", "min", "m2", "szt")
RATE_UNITS = (UNIT_HOURS, UNIT_AREA, UNIT_PIECES)

# -- program.xlsx (SPEC §2.1) -------------------------------------------------------------------
PARAM_COLUMNS = (
    Column("name", "Parametr", width=26),
    Column("value", "Wartość", width=30),
    Column("description", "Opis", required=False, width=70),
)
RATE_COLUMNS = (
    Column("code", "Kod", ("kod pracy",), width=10),
    Column("name", "Rodzaj pracy", width=52),
    Column("unit", "Jednostka", kind="unit", width=11),
    Column("rate", "Stawka (zł)", ("stawka",), kind="money", width=12),
    Column("valid_from", "Obowiązuje od", kind="date", width=15),
    Column("valid_to", "Obowiązuje do", required=False, kind="date", width=15),
)
UNIT_COLUMNS = (
    Column("code", "Kod jednostki", width=16),
    Column("name", "Nazwa", width=44),
    Column("supervisor", "Nadzorujący", ("osoba nadzorująca",), required=False, width=28),
    Column("email", "E-mail", ("email", "adres e-mail"), required=False, width=32),
)
STATUSES = ("oczekuje", "zakwalifikowany", "uczestnik", "wykreślony", "zakończył")
STATUS_WAITING = "oczekuje"
STATUS_QUALIFIED = "zakwalifikowany"
STATUS_PARTICIPANT = "uczestnik"
STATUS_STRUCK_OFF = "wykreślony"
STATUS_FINISHED = "zakończył"
LEGAL_TITLES = ("najemca", "bez tytułu prawnego")
PARTICIPANT_COLUMNS = (
    Column("application", "Nr wniosku", width=12),
    Column("application_date", "Data wniosku", kind="date", width=13),
    Column("account", "Nr konta", width=11),
    Column("name", "Imię i nazwisko", width=26),
    Column("pesel", "PESEL", filled=False, width=13),
    Column("address", "Adres lokalu", required=False, width=30),
    Column(
        "legal_title", "Tytuł prawny", required=False, kind="choice", choices=LEGAL_TITLES, width=19
    ),
    Column("status", "Status", kind="choice", choices=STATUSES, width=16),
    Column("qualified_on", "Data kwalifikacji", required=False, kind="date", width=15),
    Column("agreement_on", "Data porozumienia", required=False, kind="date", width=15),
    Column("refusals", "Liczba odmów", required=False, kind="number", width=10),
    Column("bhp_on", "Szkolenie BHP", required=False, kind="date", width=13),
    Column("insurance_from", "NNW od", required=False, kind="date", width=12),
    Column("insurance_to", "NNW do", required=False, kind="date", width=12),
    Column("office", "Biuro", required=False, width=14),
    # An exception to `max_zadluzenia` for one person (Gdańsk, Toruń): the director's consent
    # (a reference; NO_CONSENT's words say there is none).
    Column("override", "Zgoda na przekroczenie", required=False, width=18),
)
PROXY_COLUMNS = (
    Column("account", "Nr konta", width=11),
    Column("name", "Imię i nazwisko", width=28),
    Column("pesel", "PESEL", filled=False, width=14),
)

# A referral of a participant to a unit (§4.1, Załącznik 6): work there counts from `Od` to
# `Do` (empty: until further notice).
REFERRAL_COLUMNS = (
    Column("number", "Nr skierowania", width=16),
    Column("account", "Nr konta", width=11),
    Column("unit", "Kod jednostki", width=14),
    Column("start", "Od", kind="date", width=12),
    Column("end", "Do", required=False, kind="date", width=12),
)
ANSWER_ACCEPTED = "przyjął"
ANSWER_REFUSED = "odmówił"
ANSWERS = (ANSWER_ACCEPTED, ANSWER_REFUSED)
# A work offer and the answer (§5.11–5.13): refusals are counted from here when it is kept.
OFFER_COLUMNS = (
    Column("date", "Data", kind="date", width=12),
    Column("account", "Nr konta", width=11),
    Column("unit", "Kod jednostki", required=False, width=14),
    Column("work", "Praca", required=False, width=30),
    Column("answer", "Odpowiedź", kind="choice", choices=ANSWERS, width=12),
)

COLUMN_NAME_COLUMNS = (
    Column("column", "Kolumna", width=24),
    Column("name", "Nazwa w pliku", ("nazwa w systemie f-k",), width=30),
)

NO_CONSENT = ("nie", "brak", "-", "—", "–")  # folded: what `Zgoda na przekroczenie` says of none

# -- zadluzenie.xlsx (SPEC §2.2) ----------------------------------------------------------------
DEBT_COLUMNS = (
    Column("account", "Nr konta", width=11),
    Column("debtor", "Dłużnik", width=28),
    Column("address", "Adres lokalu", required=False, width=34),
    Column("principal", "Należność główna", kind="money", width=18),
    Column("interest", "Odsetki", kind="money", width=14),
    # Court and enforcement costs, a third component (SPEC §8), optional.
    Column("costs", "Koszty", required=False, kind="money", width=14),
    Column("as_of", "Stan na", required=False, kind="date", width=13),
    # Since when the arrears are owed (`min_wiek_zaleglosci_miesiecy`), optional.
    Column("arrears_since", "Zaległość od", required=False, kind="date", width=13),
)

# -- parameters (SPEC §2.1) ---------------------------------------------------------------------
PRINCIPAL = "należność główna"
INTEREST = "odsetki"
COSTS = "koszty"
COMPONENT_NAMES = {"principal": PRINCIPAL, "interest": INTEREST, "costs": COSTS}
ORDER_CIVIL_CODE = f"{COSTS}, {INTEREST}, {PRINCIPAL}"  # art. 451 of the Civil Code
DEFAULT_CITY = "Żyrardów"
DEFAULT_MANAGER = "PGM Żyrardów Sp. z o.o."
DEFAULT_LEGAL_BASIS = (
    "Program spłaty zadłużenia za korzystanie z lokali wchodzących w skład "
    "mieszkaniowego zasobu Miasta Żyrardowa w formie świadczenia "
    "niepieniężnego, §5.20"
)


@dataclass(frozen=True)
class Parameter:
    """One row of sheet Parametry: its name, the `Params` field it sets, the kind of value and
    the description the template shows (the default is `Params`'s own)."""

    name: str
    field: str
    kind: str  # a key of PARAMETER_EXPECTED
    description: str


PARAMETERS = (
    Parameter("miasto", "city", "text", "nazwa miasta na wydrukach"),
    Parameter("zarzadca", "manager", "text", "zarządca na wydrukach"),
    Parameter(
        "min_godzin_tygodniowo",
        "min_hours_week",
        "int",
        "§3.6 minimalna liczba godzin w tygodniu (ostrzeżenie)",
    ),
    Parameter(
        "max_godzin_tygodniowo",
        "max_hours_week",
        "int",
        "§3.6 maksymalna liczba godzin w tygodniu",
    ),
    Parameter(
        "max_godzin_miesiecznie",
        "max_hours_month",
        "int",
        "§3.6 maksymalna liczba godzin w miesiącu",
    ),
    Parameter(
        "kolejnosc_zaliczania",
        "allocation_order",
        "order",
        "§5.21 kolejność zaliczania wartości świadczenia",
    ),
    Parameter("limit_odmow", "refusals_limit", "int", "§5.13 liczba odmów powodująca wykreślenie"),
    Parameter(
        "termin_podpisania_dni",
        "signing_days",
        "int",
        "§5.9–10 dni na podpisanie porozumienia",
    ),
    Parameter(
        "max_miesiecy_udzialu",
        "max_participation_months",
        "optional_int",
        "najdłuższy udział w miesiącach (Kraków: 18); puste = bez limitu",
    ),
    Parameter(
        "max_zadluzenia",
        "max_debt_grosze",
        "optional_money",
        "najwyższe zadłużenie przy kwalifikacji w zł (Gdańsk, Toruń); wyjątek: kolumna "
        "Zgoda na przekroczenie w Uczestnicy; puste = bez limitu",
    ),
    Parameter(
        "max_kwoty_rocznie",
        "max_year_grosze",
        "optional_money",
        "najwyższa kwota zaliczana na konto w roku w zł (Bydgoszcz: 20000); puste = bez limitu",
    ),
    Parameter(
        "max_kwoty_lacznie",
        "max_total_grosze",
        "optional_money",
        "najwyższa kwota zaliczana na konto przez cały udział w zł (Katowice: 20000); puste = "
        "bez limitu",
    ),
    Parameter(
        "min_wiek_zaleglosci_miesiecy",
        "min_arrears_months",
        "optional_int",
        "ile miesięcy musi mieć zaległość wnioskodawcy (kolumna Zaległość od w zadłużeniu; "
        "Gdańsk, Katowice, Bydgoszcz: 6, Lubartów: 3); puste = bez wymogu",
    ),
    Parameter(
        "podstawa_prawna",
        "legal_basis",
        "text",
        "przepis, na który powołują się zestawienie i dokumenty",
    ),
    Parameter(
        "email_nadawcy",
        "sender_email",
        "optional_email",
        "adres nadawcy wiadomości z wynikami (odpracowanie send)",
    ),
    Parameter(
        "email_koordynatora",
        "coordinator_email",
        "optional_email",
        "adres, na który idą problemy rejestru wykryte w rozliczeniu",
    ),
    Parameter(
        "termin_kart_dni",
        "timesheet_due_days",
        "optional_int",
        "ile dni po końcu miesiąca jednostki mają na odesłanie kart pracy (podane w wiadomości "
        "z przygotowaną kartą, odpracowanie send --templates); puste = bez terminu",
    ),
)
# What each kind of parameter value must be (PARAM_INVALID's "expected").
PARAMETER_EXPECTED = {
    "text": "tekst",
    "int": "liczba całkowita ≥ 0",
    "optional_int": "liczba całkowita albo puste",
    "optional_money": "kwota w zł albo puste",
    "optional_email": "adres e-mail (np. koordynator@pgm.zyrardow.pl) albo puste",
    "order": (
        f"składniki „{PRINCIPAL}”, „{INTEREST}”, „{COSTS}” w kolejności zaliczania, "
        f"rozdzielone przecinkami, np. „{ORDER_CIVIL_CODE}”"
    ),
}

# -- severities as shown to people --------------------------------------------------------------
SEVERITY_ERROR = "błąd"
SEVERITY_WARNING = "ostrzeżenie"
REASON_OTHER = "błąd w karcie pracy"  # a withholding reason outside the catalogue

# -- formatting ---------------------------------------------------------------------------------
MONEY_FORMAT = '#,##0.00 "zł"'
DATE_FORMAT = "dd.mm.yyyy"
# The program's printed outputs carry the Polish locale in each number format: LibreOffice
# then prints 1 507,20 zł under any locale of the machine (an English one: 1,507.20 zł).
POLISH = "[$-415]"
OUT_MONEY, OUT_DATE = POLISH + MONEY_FORMAT, POLISH + DATE_FORMAT
OUT_HOURS, OUT_QTY, OUT_INT = POLISH + "0.00", POLISH + "0.0000", POLISH + "0"


def format_money(amount: Decimal | int) -> str:
    """`Decimal('1234.5')` -> `1 234,50 zł`; an int is taken as grosze."""
    if isinstance(amount, int):
        amount = Decimal(amount).scaleb(-2)
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} zł"


def file_part(text: str, fallback: str) -> str:
    """A document number as part of a file name: `K/7/2026` -> `K-7-2026`."""
    return re.sub(r"[^0-9A-Za-z_-]+", "-", text).strip("-") or fallback


def format_parts(amounts: Mapping[str, int], *, costs: bool = False) -> str:
    """Grosze per component as messages list them: `należność główna 10,00 zł, odsetki
    2,00 zł`, and `, koszty 5,00 zł` when there are costs (`costs`: the debts have some,
    even if none were credited)."""
    return ", ".join(
        f"{name} {format_money(int(amounts.get(c, 0)))}"
        for c, name in COMPONENT_NAMES.items()
        if c != "costs" or costs or amounts.get(c)
    )


def format_number(value: Decimal | float | int) -> str:
    """A number the Polish way, without needless zeros: `7,5`, `12`, `0,25`."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


CURRENCY_WORDS = ("zł", "zl", "pln")  # after an amount typed as text: `1 234,50 zł`


def label(columns: tuple[Column, ...], field: str) -> str:
    """The column label of `field` in a table's columns: `label(RATE_COLUMNS, "rate")`."""
    return next(c.label for c in columns if c.field == field)


EMPTY = "(puste)"  # an empty cell, in a message
NONE = "(brak)"  # nothing recorded
UNKNOWN = "(nieznana)"
ROW_FORMS = ("wiersz", "wiersze", "wierszy")
PERSON_FORMS = ("osoba", "osoby", "osób")
TIMESHEET_FORMS = ("karta", "karty", "kart")
REFUSAL_FORMS = ("odmowa", "odmowy", "odmów")


def rows_text(count: int) -> str:
    """`1 wiersz`, `3 wiersze`, `5 wierszy`."""
    return plural(count, *ROW_FORMS)


def plural(count: int, one: str, few: str, many: str) -> str:
    """`1 wiersz`, `3 wiersze`, `5 wierszy`, `22 wiersze`, `12 wierszy` (Polish plural forms)."""
    if count == 1:
        form = one
    elif count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        form = few
    else:
        form = many
    return f"{count} {form}"


def format_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def format_mail_date(when: dt.datetime) -> str:
    """An e-mail's date in Polish time, `18.11.2013 09:26` (a date without a zone as it is)."""
    if when.tzinfo is not None:
        from zoneinfo import ZoneInfo

        when = when.astimezone(ZoneInfo("Europe/Warsaw"))
    return when.strftime("%d.%m.%Y %H:%M")


def format_month(month: tuple[int, int]) -> str:
    year, number = month
    return f"{number:02d}.{year}"


def format_month_text(text: str) -> str:
    """A ledger's month `2026-10` as people read it, `10.2026` (anything else as it is)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", str(text))
    return f"{found.group(2)}.{found.group(1)}" if found else str(text)


# -- Żyrardów defaults for a blank programme (rates of the PGM board, §5.4; fictional figures
# tied to the national minimum hourly wage: 30,50 zł in 2025, 31,40 zł in 2026) --------------------
DEFAULT_RATES = (
    # code, work, unit, zł, from, to
    (
        "PORZ",
        "Prace porządkowe (sprzątanie terenu i klatek schodowych)",
        "h",
        "30.50",
        "2025-01-01",
        "2025-12-31",
    ),
    (
        "PORZ",
        "Prace porządkowe (sprzątanie terenu i klatek schodowych)",
        "h",
        "31.40",
        "2026-01-01",
        "",
    ),
    ("ZIEL", "Pielęgnacja zieleni", "h", "30.50", "2025-01-01", "2025-12-31"),
    ("ZIEL", "Pielęgnacja zieleni", "h", "31.40", "2026-01-01", ""),
    ("REM", "Drobne prace remontowe i malarskie", "h", "35.00", "2025-01-01", ""),
    ("ODSN", "Odśnieżanie", "h", "31.40", "2026-01-01", ""),
)

TIMESHEET_TITLE = "ROZLICZENIE WYKONANYCH PRAC — ODPRACOWANIE ZADŁUŻENIA CZYNSZOWEGO"
TIMESHEET_SUBTITLE = "(§5.17 Programu; {city}, {manager})"
TIMESHEET_HINTS = (
    "Wypełnij białe pola; szare (Lp., Rodzaj pracy, Stawka, Wartość) liczą się same.",
    "Data: dd.mm.rrrr. Ilość w godzinach (np. 7,5) albo w jednostce kodu pracy.",
    "Odebrano: TAK tylko dla prac przyjętych protokołem odbioru (§5.16) — wpisz jego numer.",
    "Więcej wierszy (razem 300): kliknij „+” na lewym marginesie przy wierszu Razem; można też "
    "wstawiać, usuwać i sortować wiersze.",
)
# Timesheet columns the template computes from the others (formulas, locked).
COMPUTED_FIELDS = ("lp", "work", "rate", "value")
# Typed-in columns whose cell showing a formula error (`#VALUE!`) is read as that error's text:
# their parsers reject it and name it. Elsewhere (account, code, protocol...) such a cell
# reads as empty, so it can never pass for a value (VALUE_MISSING, PROTOCOL_MISSING).
ERRORS_SHOWN = ("date", "qty", "unit", "accepted")
TIMESHEET_TOTAL = "Razem"
SIGNATURE_SUPERVISOR = "data i podpis osoby nadzorującej"
SIGNATURE_PGM = "data i podpis pracownika PGM (przyjęcie rozliczenia)"
MONTH_HINT = "Wpisz miesiąc jako RRRR-MM, np. 2026-10."
TIMESHEET_FOOTER = "&LKarta pracy — wzór {version}&RStrona &P z &N"
# The hidden sheet of drop-down sources (column heads; "" = an empty column between lists).
LISTS_HEADS = (
    "Kod",
    "Rodzaj pracy",
    "Jednostka",
    "Stawka",
    "Od",
    "Do",
    "",
    "Jednostki",
    "Nazwa",
    "",
    "Konta",
    "",
    "",
    "Odebrano",
    "Jednostki miary",
)
# The one-page instruction for supervisors written beside the prepared timesheets and sent
# with each (SPEC §11).
SUPERVISOR_GUIDE_FILE = "instrukcja_karty_pracy.txt"
SUPERVISOR_GUIDE = """KARTA PRACY — INSTRUKCJA DLA OSOBY NADZORUJĄCEJ

Karta w załączniku jest przygotowana dla Twojej jednostki na jeden miesiąc. Zna osoby
skierowane do jednostki w tym miesiącu, daty ich skierowań i stawki prac.

1. Otwórz kartę w Excelu albo LibreOffice. Nagłówek (jednostka, osoba nadzorująca,
   miesiąc) jest już wypełniony — uzupełnij tylko datę sporządzenia.
2. Każdą pracę wpisz w osobnym wierszu: datę (dd.mm.rrrr), numer konta (wybierz z listy),
   kod pracy (z listy), ilość i jednostkę (h albo min), numer protokołu odbioru i TAK
   w kolumnie Odebrano, gdy praca została odebrana protokołem.
3. Nazwisko dłużnika i wykonawcy wpisze się samo z numeru konta. Gdy pracę wykonał
   pełnomocnik dłużnika, wybierz jego nazwisko z listy w kolumnie Wykonawca.
4. Rodzaj pracy, stawka i wartość liczą się same (szare pola).
5. Komórka podświetlona na czerwono to błąd, przez który praca nie zostałaby zaliczona:
   - data spoza miesiąca albo spoza skierowania tej osoby,
   - ponad 24 godziny pracy jednej osoby w jednym dniu (suma wierszy),
   - konto spoza listy osób skierowanych do jednostki,
   - kod pracy spoza listy.
   Popraw ją przed wysłaniem.
6. Wiersze można wstawiać, usuwać, sortować i filtrować. Nie zmieniaj nazw kolumn ani arkusza.
7. Po zakończeniu miesiąca zapisz kartę (jako .xlsx), podpisz wydruk i odeślij ją e-mailem
   w terminie podanym w wiadomości.

Karta nie zawiera numerów PESEL, adresów ani kwot zadłużenia. Nie dopisuj ich.
"""
# A unit's prepared month (SPEC §11): the file, and the heads of its people on `Listy`.
PREPARED_TIMESHEET = "karta_pracy_{unit}_{month}.xlsx"
STOP_PREPARED_NEEDS_PROGRAM = (
    "Karty pracy na miesiąc przygotowuje się z programu: podaj --program (program.xlsx)."
)
STOP_UNKNOWN_UNIT = "Jednostki {unit} nie ma w arkuszu Jednostki programu {file}."
STOP_NO_UNITS = (
    "W {month} nikt nie jest skierowany do żadnej jednostki (arkusz Skierowania programu "
    "{file}); nie przygotowano żadnej karty."
)
PREPARED_LIST_HEADS = ("Konta osób", "Dłużnik", "Wykonawcy", "Skierowane konto", "Od", "Do")
# What Excel says when a typed value is not on a drop-down list (a warning: it can be kept).
INPUT_OFF_LIST = "Wartość spoza listy"
INPUT_HINTS = {
    "code": "Wybierz kod pracy z listy (arkusz Stawki programu).",
    "unit": "Jednostka: h, min, m2 albo szt.",
    "accepted": "Wpisz TAK albo NIE.",
    "account": "Tego konta nie ma na liście uczestników.",
    "worker": (
        "Wykonawca: dłużnik albo jego pełnomocnik z listy; gdy pracuje pełnomocnik, wybierz go "
        "w miejsce nazwiska dłużnika."
    ),
    "date": "Wpisz datę jako dd.mm.rrrr.",
    "qty": "Ilość musi być liczbą większą od zera.",
}

INSTRUCTIONS = (
    "Program odpracowania zadłużenia — dane programu",
    "",
    "Parametry: zasady programu. Pusta wartość = domyślna (Żyrardów). Nieznana nazwa parametru "
    "albo błędna wartość zatrzymuje rozliczenie.",
    "Stawki: stawki PGM za jednostkę pracy (§5.4). Jednostka: h (roboczogodzina), m2 albo szt. "
    "Okresy jednego kodu nie mogą się nakładać; puste „Obowiązuje do” = bezterminowo.",
    "Jednostki: jednostki organizacyjne, w których wykonywana jest praca (§4.1), z adresem "
    "e-mail osoby nadzorującej.",
    "Uczestnicy: rejestr wniosków i uczestników (§5.5–5.13). Status: oczekuje, zakwalifikowany, "
    "uczestnik, wykreślony, zakończył. Praca jest zaliczana tylko uczestnikom, od daty "
    "porozumienia, po szkoleniu BHP i w miesiącach objętych ubezpieczeniem NNW.",
    "Upoważnieni: pełnoletnie osoby wykonujące pracę w imieniu dłużnika (§5.2), z numerem PESEL.",
    "Nazwy kolumn (nieobowiązkowy): gdy salda przychodzą jako eksport CSV z systemu F-K z "
    "innymi nagłówkami — w kolumnie Kolumna nazwa kolumny zestawienia zadłużenia (np. "
    "Należność główna), w kolumnie Nazwa w pliku nagłówek z eksportu (np. Saldo kapitału).",
    "Skierowania (nieobowiązkowy, Załącznik 6): numer skierowania, konto, kod jednostki i "
    "okres Od–Do (puste Do = do odwołania). Pusty arkusz = skierowań się nie prowadzi. Gdy "
    "arkusz ma choć jeden wiersz, praca każdego uczestnika jest zaliczana tylko w jednostce i "
    "dniach jego skierowania (inaczej błąd NO_REFERRAL), a jednostka ze skierowanymi bez karty "
    "pracy w rozliczeniu dostaje przypomnienie (TIMESHEET_MISSING).",
    "Oferty (nieobowiązkowy, §5.11–5.13): data oferty pracy, konto, kod jednostki, praca i "
    "odpowiedź (przyjął albo odmówił). Gdy arkusz ma choć jeden wiersz, odmowy są liczone "
    "z niego (a nie z kolumny Liczba odmów).",
    "Numery kont i PESEL wpisuj jako tekst (komórki są tak sformatowane), daty jako dd.mm.rrrr.",
)

# -- history sheets of the debt workbook (written by reconcile, read next month; SPEC §2.2) -------
WORK_HISTORY_COLUMNS = (
    # A credited row's stable identifier (`2026-10/00017`), by which a correction names it.
    Column("row_id", "ID", required=False, width=13),
    Column("month", "Miesiąc", kind="month", width=9),
    Column("account", "Nr konta", width=11),
    # The unit whose timesheet the work came from: a re-sent version is compared with it.
    Column("unit_code", "Jednostka organizacyjna", ("kod jednostki",), required=False, width=12),
    Column("date", "Data", kind="date", width=11),
    Column("worker", "Wykonawca", required=False, width=22),
    Column("code", "Kod pracy", width=9),
    Column("qty", "Ilość", kind="qty", width=9),
    Column("unit", "Jednostka", kind="unit", width=9),
    Column("value", "Wartość (zł)", kind="money", width=12),
    Column("file", "Plik", required=False, width=28),
    Column("sha256", "SHA-256 pliku", required=False, width=20),
    # A correcting entry (storno, §7): the ID of the row it reverses, why, on which document.
    Column("reverses", "Koryguje wiersz", required=False, width=13),
    Column("reason", "Powód korekty", required=False, width=30),
    Column("document", "Nr dokumentu korekty", required=False, width=14),
)
SETTLEMENT_COLUMNS = (
    Column("month", "Miesiąc", kind="month", width=9),
    Column("account", "Nr konta", width=11),
    # Empty for a month's credit; `korekta K/7` for a correcting line.
    Column("entry", "Zapis", required=False, width=14),
    Column("debtor", "Dłużnik", required=False, width=24),
    Column("hours", "Godziny", kind="hours", width=9),
    Column("value", "Wartość (zł)", kind="money", width=13),
    Column("transfers", "W tym wpłaty (zł)", required=False, kind="money", width=13),
    Column("to_principal", "Na należność główną (zł)", kind="money", width=13),
    Column("to_interest", "Na odsetki (zł)", kind="money", width=13),
    Column("to_costs", "Na koszty (zł)", required=False, kind="money", width=13),
    Column("surplus", "Nadwyżka (zł)", kind="money", width=13),
    Column("capped", "Ponad limit roczny (zł)", required=False, kind="money", width=13),
    Column("principal_before", "Należność główna przed (zł)", kind="money", width=13),
    Column("interest_before", "Odsetki przed (zł)", kind="money", width=13),
    Column("costs_before", "Koszty przed (zł)", required=False, kind="money", width=13),
    Column("principal_after", "Należność główna po (zł)", kind="money", width=13),
    Column("interest_after", "Odsetki po (zł)", kind="money", width=13),
    Column("costs_after", "Koszty po (zł)", required=False, kind="money", width=13),
    # The Mayor's decision on the line's credit (§5.20): awaiting, approved or rejected.
    Column("approval", "Zatwierdzenie", required=False, width=34),
    # The posting document(s) that carried the line to the finance system (SPEC §7, §8).
    Column("posting", "Nr polecenia księgowania", required=False, width=20),
)
# Credits the finance system has not booked yet (SPEC §7): carried from ledger to ledger
# until an export of the finance system shows them booked.
SHEET_PENDING = "Do zaksięgowania"
SUMMARY_PENDING = (
    "Zaliczenia wcześniejszych miesięcy, które czekają na zaksięgowanie w systemie F-K: "
    "{total} ({accounts}; saldo przed już je uwzględnia)."
)
PENDING_COLUMNS = (
    Column("account", "Nr konta", width=11),
    Column("debtor", "Dłużnik", required=False, width=24),
    Column("month", "Miesiąc", kind="month", width=9),
    Column("posting", "Nr polecenia księgowania", required=False, width=20),
    Column("to_principal", "Na należność główną (zł)", kind="money", width=13),
    Column("to_interest", "Na odsetki (zł)", kind="money", width=13),
    Column("to_costs", "Na koszty (zł)", required=False, kind="money", width=13),
    Column("state", "Stan", required=False, width=30),
)
PENDING_SENT = "wysłane do F-K"
PENDING_UNBOOKED = "niezaksięgowane w F-K (od {since})"
# A credit and its reversal that FK's balance cannot tell apart: they add up to nothing.
PENDING_TOGETHER = "razem 0,00 zł: F-K zaksięgował oba albo żadne (od {since})"
# A credit FK's balance cannot tell from another set of credits of the same sums (documents
# booked out of order): taken as booked, kept until a later export decides; not counted as
# awaiting. Recognised by the text before "{since}".
PENDING_MAYBE = (
    "przyjęte jako zaksięgowane, do potwierdzenia: saldo F-K tego nie rozstrzyga (od {since})"
)
NO_LEDGER_BALANCE = "konta nie ma w poprzednich saldach"
ASSUMED_UNBOOKED = "przyjęto, że F-K nie zaksięgował: {documents} ({credited})"
ASSUMED_BOOKED = "przyjęto, że F-K zaksięgował je wszystkie"
PENDING_NOTE = (
    "Zaliczenia wysłane do systemu F-K (polecenia księgowania), których eksport sald z F-K "
    "jeszcze nie pokazał zaksięgowanych. Saldo w arkuszu Zadłużenie już je uwzględnia; wiersz "
    "znika, gdy eksport z F-K (--history) pokaże zaksięgowanie."
)
HISTORY_MONTHS = 12
APPROVAL_AWAITING = "oczekuje na zatwierdzenie"
# The summary of a month run again: the whole month, all runs and corrections together.
MONTH_ALL_TITLE = (
    "Cały miesiąc {month}: wszystkie rozliczenia (także wcześniejsze, ponowne i korekty)"
)
MONTH_ALL_HEADS = (
    "",
    "Nr konta",
    "Dłużnik",
    "Wartość (zł)",
    "Na należność główną (zł)",
    "Na odsetki (zł)",
    "Nadwyżka (zł)",
    "Zatwierdzenie",
)
REJECTION_REASON = "odrzucone przez Prezydenta: {decision}"
APPROVAL_APPROVED = "zatwierdzone: {decision} z {day}"
APPROVAL_REJECTED = "odrzucone: {decision} z {day}"
CORRECTION_ENTRY = "korekta {document}"
RERUN_ENTRY = "ponowne rozliczenie {n}"  # a run of a month after a correction of it
# The batch's four workbooks (SPEC §5), by what they hold; {month} is `2026-10`.
OUTPUT_FILES = {
    "balances": "salda_{month}.xlsx",
    "summary": "zestawienie_{month}.xlsx",
    "cards": "karty_dluznikow_{month}.xlsx",
    "errors": "bledy_{month}.xlsx",
}


def output_pattern(key: str) -> re.Pattern[str]:
    """The names of one kind of output: `salda_2026-10.xlsx`, or a later run's
    `salda_2026-10_2.xlsx`; groups: year, month, the number (None when there is none)."""
    before, after = OUTPUT_FILES[key].split("{month}")
    return re.compile(
        rf"{re.escape(before)}(\d{{4}})-(\d{{2}})(?:_(\d+))?{re.escape(after)}", re.IGNORECASE
    )


SHEET_RUN = "Przebieg"
RUN_MONTH = "Miesiąc"
# Facts recorded in Przebieg (and read back by `send` for the PGM e-mail).
RUN_FILES = "Plików kart pracy"
RUN_ROWS = "Wierszy"
RUN_CREDITED = "Dłużników zaliczonych"
RUN_WITHHELD = "Dłużników wstrzymanych"
RUN_VALUE = "Wartość zaliczona (zł)"
RUN_ERRORS = "Błędów"
RUN_WARNINGS = "Ostrzeżeń"
RUN_TITLE = "Przebieg rozliczenia"
RUN_SENDER = "E-mail nadawcy"  # Parametry email_nadawcy, for `send`
RUN_COORDINATOR = "E-mail koordynatora"  # Parametry email_koordynatora, for `send`
RUN_STARTED = "Uruchomiono"
RUN_VERSION = "Wersja programu odpracowanie"
RUN_LEDGER_MONTH = "Salda po miesiącu"  # the latest month in the ledger (a late run: later)
# The ledger's place in its chain (SPEC §7, run identity).
RUN_LEDGER_ID = "Identyfikator salda"
RUN_LEDGER_NUMBER = "Nr salda w miesiącu"
RUN_SOURCE_FILE = "Salda źródłowe: plik"
RUN_SOURCE_ID = "Salda źródłowe: identyfikator"
RUN_SOURCE_SHA = "Salda źródłowe: SHA-256"
# The chain's identifier: the SHA-256 of the first debt workbook it grew from, kept by every
# ledger after it (two branches of one chain number their ledgers of a month apart).
RUN_CHAIN = "Łańcuch sald (SHA-256 pierwszego zadłużenia)"
RUN_POSTING = "Nr polecenia księgowania"
RUN_PENDING = "Czeka na zaksięgowanie w F-K (zł)"
RUN_BOOKED_TITLE = "Zaksięgowane w F-K od poprzedniego salda (według eksportu sald z F-K)"
RUN_BOOKED_HEADS = ("Nr konta", "Miesiąc", "Nr polecenia księgowania", "Kwota (zł)")
RUN_NO_POSTING = "brak (nic nie zaksięgowano)"
NO_POSTING_NUMBER = "bez numeru polecenia"
RUN_INPUT_HEADS = ("Rola", "Plik", "SHA-256")
RUN_SKIPPED_HEADS = ("Pominięty plik", "Powód")
RUN_UNREADABLE = "Plików nieczytelnych"
RUN_SKIPPED = "Plików pominiętych"
RUN_ROLE_PROGRAM, RUN_ROLE_DEBTS = "program", "zadłużenie"
RUN_ROLE_TIMESHEET, RUN_ROLE_PAYMENTS = "karta pracy", "wpłaty"
RUN_ROLE_HISTORY = "historia (salda_…)"
RUN_ROLE_MESSAGE = "wiadomość e-mail"
# Przebieg: each e-mail among the timesheets, one row per attachment (SPEC §11)
RUN_MESSAGES_TITLE = "Wiadomości e-mail z kartami pracy"
RUN_MESSAGE_HEADS = ("Wiadomość", "Nadawca", "Data", "Temat", "Załącznik", "SHA-256 załącznika")
MAIL_UNKNOWN = "nieznany"  # a message without a sender
MAIL_NO_SUBJECT = "bez tematu"
MAIL_UNNAMED = "załącznik bez nazwy"
MAIL_NO_ATTACHMENT_ROW = "(brak karty pracy)"
RUN_ROLE_OUTPUT = "wynik"
# The run's archive (SPEC §7): inputs as received and outputs, in two folders of the zip.
ARCHIVE_FILE = "archiwum_{month}.zip"
ARCHIVE_INPUTS, ARCHIVE_OUTPUTS = "wejscie", "wyniki"

# -- zestawienie_YYYY-MM.xlsx: the approval summary for the Mayor (§5.20) -------------------------
SHEET_SUMMARY = "Zestawienie"
SUMMARY_TITLE = (
    "{manager} — wniosek do Prezydenta Miasta {city} o zatwierdzenie wysokości "
    "odpracowania zadłużenia"
)
SUMMARY_BASIS = "Podstawa: {basis}"
SUMMARY_MONTH = "Miesiąc rozliczenia: {month}"
SHEET_SUMS = "Sumy i wykresy"
SUMS_TITLE = "Sumy i wykresy do zestawienia za {month} (załącznik)"
NO_CREDIT_CHART = "W tym miesiącu nic nie zaliczono: brak wykresu wartości prac."
NO_TREND_CHART = "Brak rozliczeń w historii: brak wykresu zadłużenia."
SUMMARY_FOOTER = "&LZestawienie {month}&RStrona &P z &N"
ERRORS_FOOTER = "&LBłędy i ostrzeżenia&RStrona &P z &N"
SUMMARY_HEADS = (
    "Lp.",
    "Nr konta",
    "Dłużnik",
    "Godziny",
    "Wartość (zł)",
    "Na należność główną (zł)",
    "Na odsetki (zł)",
    "Nadwyżka (zł)",
    "Zadłużenie przed (zł)",
    "Zadłużenie po (zł)",
    "Wstrzymano",
    "Powód",
)
HEAD_CAPPED = "Ponad limit roczny (zł)"
HEAD_OVER_CAP = "Ponad limit (zł)"  # with max_kwoty_lacznie (and perhaps the yearly one)
HEAD_TRANSFERS = "W tym wpłaty (zł)"
# Costs (SPEC §8): a column of their own beside interest, only when there are any.
HEAD_TO_PRINCIPAL = "Na należność główną (zł)"
HEAD_TO_INTEREST = "Na odsetki (zł)"
HEAD_TO_COSTS = "Na koszty (zł)"
HEAD_COSTS = "Koszty (zł)"
HEAD_COSTS_AFTER = "Koszty po (zł)"
HEAD_RETURN_COSTS = "Zwrot na koszty (zł)"
BY_UNIT = "Według jednostek organizacyjnych"
BY_UNIT_HEADS = ("", "Kod", "Jednostka", "Godziny", "Wartość (zł)")
BY_CODE = "Według rodzajów pracy"
BY_CODE_HEADS = ("", "Kod", "Rodzaj pracy", "Ilość", "Wartość (zł)")
BY_OFFICE = "Według biur przyjmujących wnioski"
BY_OFFICE_HEADS = ("", "Biuro", "Dłużników", "Praca (zł)", "Wpłaty (zł)")
TREND = "Zadłużenie uczestników po rozliczeniu, według miesięcy"
TREND_HEADS = ("", "Miesiąc", "Zadłużenie (zł)")
CHART_VALUE = ("Wartość (zł)", "Wartość prac według rodzaju")  # (series, title)
CHART_DEBT = ("Zadłużenie (zł)", "Zadłużenie pozostałe do odpracowania")
CHART_MONEY = POLISH + '#,##0 "zł"'  # chart axes and labels: whole złote, Polish digits
SIGN_DRAWN_UP = "sporządził: koordynator programu"
SIGN_BOARD = "Zarząd: {manager}"
SIGN_APPROVED = "zatwierdzam: Prezydent Miasta"

# -- karty_dluznikow_YYYY-MM.xlsx: one card per debtor (Załącznik 7) ------------------------------
CARD_TITLE = "KARTA DŁUŻNIKA (Załącznik nr 7 do Programu)"
CARD_FACTS = ("Dłużnik", "Nr konta", "Adres lokalu", "Nr wniosku", "Data porozumienia")
CARD_HEADS = (
    "Miesiąc",
    "Godziny",
    "Wartość (zł)",
    "Na należność główną (zł)",
    "Na odsetki (zł)",
    "Nadwyżka (zł)",
    "Należność główna po (zł)",
    "Odsetki po (zł)",
)
CARD_WITHHELD = (
    "Praca za {month} nie została w tym rozliczeniu zaliczona. Powód: {reasons}. "
    "Wyjaśnień udziela koordynator programu."
)
CARD_DEBT_TITLE = "Zadłużenie"
CARD_DEBT_HEADS = ("", "Należność główna (zł)", "Odsetki (zł)", "Razem (zł)")
CARD_DEBT_ENTRY = "przy przystąpieniu (rozliczenie za {month})"
CARD_DEBT_BEFORE = "przed rozliczeniem za {month}"
CARD_DEBT_AFTER = "po rozliczeniu za {month} (stan na {day})"
CARD_WORK_TITLE = "Prace zaliczone za {month}"
CARD_WORK_HEADS = (
    "Data",
    "Jednostka",
    "Rodzaj pracy",
    "Wykonawca",
    "Ilość",
    "Jedn.",
    "Wartość (zł)",
)
CARD_OWN_WORK = "dłużnik"
CARD_TRANSFERS_TITLE = "Wpłaty wynagrodzenia zaliczone za {month}"
CARD_TRANSFER_HEADS = ("Data", "Źródło", "", "", "", "", "Kwota (zł)")
CARD_NO_WORK = "Brak prac zaliczonych w tym miesiącu."
CARD_MONTHS_TITLE = "Wszystkie miesiące udziału w programie"
CARD_SIGN_DEBTOR = "data i podpis dłużnika"
CARD_SIGN_COORDINATOR = "data i podpis koordynatora programu"
CARD_APPROVAL = "Zatwierdzenie zaliczenia za {month}: {state}"
NO_CARDS_SHEET = "Brak"
NO_CARDS = "W tym miesiącu nie rozliczono żadnego dłużnika."

# -- what stops a command (exit 2), as the clerk reads it -----------------------------------------
STOP_PROGRAM = "Plik programu {path} nie nadaje się do użycia."
STOP_DEBTS = "Zestawienie zadłużenia {path} nie nadaje się do użycia."
STOP_HISTORY = "Saldo z historią {path} (--history) nie nadaje się do użycia."
STOP_HISTORY_ALONE = "--history podaje się razem z --debts (salda z systemu F-K)."
STOP_HISTORY_TWICE = (
    "{path} ma już własną historię zaliczeń; --history podaje się tylko przy saldach z "
    "systemu F-K (bez arkuszy Historia prac i Historia rozliczeń)."
)
STOP_NO_PATH = "Nie ma takiego pliku ani folderu: {path}"
STOP_CLOSED_MONTH = (
    "{file} zawiera już rozliczenie za {newest}; miesiąc {month} jest starszy "
    "niż {window} miesięcy, które przechowuje Historia prac, więc nie można "
    "sprawdzić, co z niego już zaliczono. Spóźnioną kartę za {month} rozlicz "
    "poza programem (decyzją i korektą salda w systemie finansowym)."
)
STOP_GAP = (
    "{file} kończy się na rozliczeniu za {newest}, a rozliczany jest miesiąc {month}: "
    "pominięto {missing}. Najpierw rozlicz {next} na tym pliku i rozliczaj dalej na "
    "saldach z tamtego miesiąca; jeśli w pominiętym okresie naprawdę nie było prac, "
    "użyj --allow-gap."
)
STOP_OTHER_LEDGER = (
    "Zestawienie zadłużenia {file} nie ma ani jednego z {count} kont rejestru "
    "uczestników w {program}: to zapewne plik innego miasta lub programu. "
    "Wskaż saldo tego programu (--debts)."
)
STOP_WRONG_MONTH = (
    "Wszystkie karty pracy ({count}) są za miesiąc {found}, a rozliczany jest "
    "{month}. Sprawdź --month (czy chodziło o --month {option}?) albo folder "
    "kart."
)
STOP_OUT_IN_TIMESHEETS = (
    "Folder wyników {out} leży w folderze kart pracy {folder}; wyniki "
    "trafiałyby między karty. Wskaż --out poza nim, np. obok."
)
# -- the programme's documents (SPEC §9, `documents`) --------------------------------------------
DOCUMENT_KINDS = ("kwalifikacja", "aneks", "porozumienie", "umowa", "skierowanie", "wniosek")
UNIT_NAMES = {"h": "roboczogodzina", "m2": "m²", "szt": "sztuka"}
DOC_TO_SIGN_TENANT = (
    "aneks do umowy najmu lokalu mieszkalnego (Załącznik nr 2 do Programu) i porozumienie "
    "dotyczące spłaty zadłużenia czynszowego w formie świadczenia niepieniężnego (Załącznik "
    "nr 3)"
)
DOC_TO_SIGN_NO_TITLE = (
    "umowę dotyczącą spłaty zadłużenia czynszowego w formie świadczenia niepieniężnego "
    "(Załącznik nr 4 do Programu)"
)
DOC_UNTIL_FURTHER = "odwołania"
DOCUMENTS_FOLDER = "dokumenty"  # the document templates beside the input templates
STOP_DOC_ACCOUNT = "W rejestrze uczestników (arkusz Uczestnicy) nie ma numerów kont: {accounts}."
STOP_DOC_NOBODY = {
    "kwalifikacja": "Nikt w rejestrze nie jest zakwalifikowany ani uczestnikiem; wskaż osobę "
    "przez --account.",
    "aneks": "Nikt z zakwalifikowanych i uczestników nie jest najemcą; wskaż osobę przez "
    "--account.",
    "porozumienie": "Nikt z zakwalifikowanych i uczestników nie jest najemcą; wskaż osobę "
    "przez --account.",
    "umowa": "Nikt z zakwalifikowanych i uczestników nie zajmuje lokalu bez tytułu prawnego; "
    "wskaż osobę przez --account.",
}
STOP_DOC_NO_REFERRALS = "Program nie ma arkusza Skierowania z wpisami; nie ma czego drukować."
STOP_DOC_NO_REFERRAL = (
    "W arkuszu Skierowania nie ma prawidłowych skierowań dla numerów kont: {accounts} "
    "(błędne wiersze pokazuje register check)."
)
STOP_TEMPLATE_MISSING = (
    "W folderze wzorów {folder} nie ma pliku {file}; zapisz tam wzór (np. z polecenia "
    "templates, podfolder dokumenty) albo pomiń --templates."
)
STOP_DOC_REQUEST = (
    "Wniosek do Prezydenta wymaga salda miesiąca (--debts salda_RRRR-MM.xlsx) i --month."
)
STOP_DOC_NOTHING = "W saldzie nic nie zaliczono za {month}; nie ma czego wnioskować."
STOP_TEMPLATE_FILE = "Wzór {file} nie jest dokumentem programu Word (.docx): {reason}"
STOP_TEMPLATE_FIELD = "Wzór {file}: nie ma pola {{{{ {field} }}}}. Pola tego dokumentu: {fields}."
STOP_TEMPLATE_SYNTAX = "Wzór {file}: błąd w polu albo znaczniku ({reason}) przy tekście: {near}"
SAY_DOCUMENTS = "Zapisano pliki ({count}) w folderze {folder}:"
SAY_PROGRAM_NOTE = "Uwaga (program): {message}"
# -- raport_RRRR.xlsx: the yearly report (SPEC §9, `report --year`) ----------------------------
REPORT_FILE = "raport_{year}.xlsx"
SHEET_REPORT = "Raport roczny"
SHEET_REPORT_ARCHIVES = "Archiwa"
REPORT_TITLE = "Sprawozdanie z realizacji programu za {year} r."
REPORT_SOURCE = "Na podstawie salda {ledger}; sporządzono {day}."
REPORT_FOOTER = "&LSprawozdanie za {year} r.&RStrona &P z &N"
REPORT_PEOPLE_TITLE = "Uczestnicy"
REPORT_PEOPLE = {
    "new": "nowi (porozumienie podpisane w roku)",
    "working": "z pracą zaliczoną w roku",
    "finished": "zakończyli udział (według rejestru)",
    "removed": "wykreśleni (według rejestru)",
    "waiting": "oczekujący i zakwalifikowani (według rejestru)",
}
REPORT_TOTALS_TITLE = "Odpracowanie w roku"
REPORT_HOURS = "Godziny pracy"
REPORT_VALUE = "Wartość świadczeń (zł)"
REPORT_CREDITED = "Zaliczono na zadłużenie (zł)"
REPORT_SURPLUS = "Nadwyżka niezaliczona (zł)"
REPORT_BY_MONTH = "Według miesięcy"
REPORT_MONTH_HEADS = ("", "Miesiąc", "Dłużników", "Godziny", "Zaliczono (zł)")
REPORT_OFFICE_HEADS = ("", "Biuro", "Dłużników", "Zaliczono (zł)")
REPORT_WORK_WINDOW = (
    "Podział według jednostek i rodzajów pracy obejmuje miesiące {first}–{last} (Historia prac "
    "przechowuje 12 miesięcy); wcześniejsze są w archiwach."
)
REPORT_PAID_OFF = "Zadłużenia odpracowane w całości: {count}"
REPORT_PAID_OFF_HEADS = ("", "Nr konta", "Dłużnik", "Miesiąc")
REPORT_CHART_MONTHS = ("Zaliczono (zł)", "Odpracowanie według miesięcy")
REPORT_CHART_UNITS = ("Wartość (zł)", "Wartość prac według jednostek")
REPORT_NO_CHART = "Brak danych do wykresu."
REPORT_SIGN = ("sporządził: koordynator programu", "Zarząd")
REPORT_ARCHIVE_HEADS = ("Archiwum", "Miesiąc", "Wynik")
REPORT_ARCHIVE_SAME = "zgodne: pliki jak w spisie, zaliczenie miesiąca {amount} jak w saldzie"
REPORT_ARCHIVE_DIFFERS = (
    "pliki jak w spisie; zaliczenie miesiąca {amount}, w saldzie {ledger} — różnica: korekty "
    "lub ponowne rozliczenia po tym archiwum, albo archiwum innego salda"
)
REPORT_ARCHIVE_BROKEN = "niezgodne ze spisem: {issues}"
REPORT_ARCHIVE_UNREADABLE = "to nie jest archiwum miesiąca programu (archiwum_RRRR-MM.zip)"
SAY_REPORT_ARCHIVE = "  {file} ({month}): {what}"
REPORT_ARCHIVE_NO_LEDGER = "w archiwum nie ma salda (salda_…xlsx)"
STOP_REPORT_EMPTY = "W saldzie {file} nie ma rozliczeń za {year} r.; nie ma czego raportować."
SAY_REPORT = "Sprawozdanie za {year} r.: zaliczono {amount}, miesięcy {months}; zapisano {path}"
STOP_NO_ROW = "W arkuszu Historia prac nie ma wiersza o ID {row}; sprawdź ID w kolumnie ID salda."
STOP_ROW_REVERSED = "Wiersz {row} został już skorygowany (dokument {document}); drugi raz nie."
STOP_ROW_IS_CORRECTION = "Wiersz {row} jest zapisem korygującym; korygować można tylko zaliczenia."
STOP_NOTHING_CREDITED = (
    "Dla konta {account} w miesiącu {month} nic nie zaliczono (albo już "
    "to skorygowano); nie ma czego korygować."
)
STOP_NO_SETTLEMENT = (
    "W arkuszu Historia rozliczeń brak rozliczenia konta {account} za {month}; "
    "takiej korekty nie da się policzyć."
)
STOP_NOTHING_TO_APPROVE = (
    "W saldzie nie ma zaliczeń za {month} czekających na zatwierdzenie; "
    "sprawdź --month i plik salda."
)
STOP_DECISION_AHEAD = (
    "Decyzja nosi datę {day}, późniejszą niż dzisiejsza ({today}); sprawdź datę decyzji."
)
STOP_DECISION_BEFORE = (
    "Decyzja z {day} poprzedza miesiąc {month}, którego zaliczenia zatwierdza; "
    "sprawdź datę decyzji i miesiąc."
)
STOP_REJECT_UNKNOWN = (
    "Konto {account} nie ma zaliczenia za {month} czekającego na zatwierdzenie; sprawdź --reject."
)
STOP_CORRECT_WHAT = "Wskaż, co skorygować: --account z --month albo --row (jeden lub więcej)."
STOP_OVER_INPUT = "Wynik {path} nadpisałby plik wejściowy; wskaż inny folder --out."
STOP_INPUT_IN_OUT = (
    "Plik wejściowy {path} to wynik wcześniejszego rozliczenia w folderze {folder}; jeden folder "
    "wyników mieści jedno rozliczenie — wskaż nowy, pusty folder --out na wyniki za {month}."
)
STOP_RESULTS_EXIST = (
    "W folderze {folder} są już wyniki za ten miesiąc ({file}); użyj --force, aby je zastąpić."
)
# The tail of STOP_EARLIER_RUN; the local page, which always replaces its own month's run,
# says instead what fits a correction's or a decision's folder (PAGE_PHRASES).
EARLIER_RUN_TODO = (
    "użyj --force, aby je zastąpić (zostaną przeniesione do podfolderu zastapione_…, nic nie "
    "zostanie usunięte), albo wskaż inny folder --out"
)
STOP_EARLIER_RUN = (
    "W folderze {folder} są już wyniki wcześniejszego przebiegu ({file}); " + EARLIER_RUN_TODO + "."
)
STOP_LOCKED = (
    "Nie można zastąpić pliku {path} (może jest otwarty w Excelu?); żaden wynik nie "
    "został zmieniony."
)
FOLDER_TO_FIX = "do_poprawy"  # annotated copies of the timesheets with errors, beside the outputs

# -- korekta_YYYY-MM_NR.xlsx: the correction document (SPEC §7) ---------------------------------
CORRECTION_FILE = "korekta_{month}_{document}.xlsx"
# -- postings for the finance system (SPEC §8) -------------------------------------------------
POSTINGS_FILES = {"postings": "ksiegowanie_{month}.csv", "postings_doc": "ksiegowanie_{month}.xlsx"}
POSTING_DOCUMENT = "PK/ODPR/{month}/{n}"  # a ledger's month and number in its chain
POSTING_HEADS = ("Nr dokumentu", "Data", "Nr konta", "Dłużnik", "Składnik", "Kwota", "Opis")
POSTING_CREDIT = "Odpracowanie zaległości za {month}: {component}"
POSTING_REVERSAL = "Korekta odpracowania za {month} ({document}): {component}"
SHEET_POSTINGS = "Polecenie księgowania"
POSTINGS_TITLE = "POLECENIE KSIĘGOWANIA nr {document}"
POSTINGS_FACTS = (
    "Wystawił",
    "Data wystawienia",
    "Data operacji",
    "Opis operacji",
    "Strony operacji",
    "Podstawa",
)
POSTINGS_OPERATION_DATE = "miesiąc {month} (ostatni dzień: {day})"
POSTINGS_CREDIT_TEXT = (
    "Zaliczenie wartości świadczeń rzeczowych (odpracowanych godzin) na poczet zaległości "
    "czynszowych lokatorów — rozliczenie za {month}: {accounts} kont, {hours} h."
)
POSTINGS_REVERSAL_TEXT = (
    "Korekta (storno) zaliczenia odpracowania — dokument {document}: {accounts} kont, "
    "{hours} h; kwoty ujemne zmniejszają zaliczenie."
)
POSTINGS_PARTIES = "{manager} (wierzyciel) i dłużnicy wymienieni w tabeli (nr konta najemcy)"
POSTINGS_HEADS = (
    "Lp.",
    "Nr konta",
    "Dłużnik",
    "Miesiąc",
    "Godziny",
    "Należność główna (zł)",
    "Odsetki (zł)",
    "Razem (zł)",
)
POSTINGS_TOTAL = "Razem"
POSTINGS_DECREE_TITLE = "Dekretacja (sposób ujęcia w księgach)"
POSTINGS_DECREE_HEADS = ("Składnik", "Konto Wn", "Konto Ma", "Kwota (zł)")
POSTINGS_DECREE_MONTH = (
    "Miesiąc księgowania: ..................   Zaksięgowano pod nr: ............"
)
POSTINGS_SIGN = (
    "wystawił (data i podpis)",
    "sprawdził (data i podpis)",
    "zatwierdził do księgowania (data i podpis)",
)
SHEET_CORRECTION = "Korekta"
CORRECTION_TITLE = "Korekta zaliczenia odpracowania — dokument nr {document}"
CORRECTION_FACTS = ("Sporządzono", "Saldo korygowane", "Powód korekty", "Podstawa")
CORRECTION_BASIS = "art. 25 ustawy o rachunkowości: korekta zapisem korygującym (storno)"
CORRECTION_SUMMARY_HEADS = (
    "Nr konta",
    "Dłużnik",
    "Miesiąc",
    "Godziny",
    "Wartość (zł)",
    "Zwrot na należność główną (zł)",
    "Zwrot na odsetki (zł)",
    "Nadwyżka (zł)",
    "Ponad limit (zł)",
)
CORRECTION_ROWS_TITLE = "Korygowane wiersze arkusza Historia prac"
CORRECTION_ROW_HEADS = (
    "ID",
    "Miesiąc",
    "Nr konta",
    "Data",
    "Kod pracy",
    "Ilość",
    "Jednostka",
    "Wartość (zł)",
    "Plik",
)
CORRECTION_TOTAL = "Razem"
CORRECTION_SIGN = ("sporządził (data i podpis)", "zatwierdził (data i podpis)")
RUN_CORRECTION = "Korekta (nr dokumentu)"
# ledger check
LEDGER_PARTS = "na należność główną + na odsetki + na koszty + nadwyżka + ponad limit"


def ledger_cell_name(field: str) -> str:
    """A `Historia rozliczeń` column as a message names its cell: `Na należność główną`."""
    label = next(c.label for c in SETTLEMENT_COLUMNS if c.field == field)
    return label.removesuffix(" (zł)")


# ledger check --archive: the ledger against the copy of itself its run archived
EDITED_CELL = "W komórce jest {now}, a w saldzie zapisanym przez program było {then}"
EDITED_ROW_ADDED = "Wiersz {row} dopisano; w saldzie zapisanym przez program go nie było ({cells})"
EDITED_ROW_REMOVED = (
    "Usunięto wiersz, który w saldzie zapisanym przez program był wierszem {row} ({cells})"
)
EDITED_SHEET_ADDED = "Arkusz {sheet} dodano; w saldzie zapisanym przez program go nie było"
EDITED_SHEET_REMOVED = "Usunięto arkusz {sheet}, który był w saldzie zapisanym przez program"
EDITED_MORE = (
    "Poza wymienionymi różni się od salda zapisanego przez program jeszcze w tym arkuszu: "
    "komórek {cells}, wierszy dopisanych lub usuniętych {rows}"
)
EDITED_BLANK = "pusta komórka"
# LEDGER_NOT_IN_ARCHIVE: why the archive holds no copy of the ledger checked
NOT_COPY_NONE = "spis manifest.json nie wymienia takiego wyniku"
NOT_COPY_OTHER_RUN = (
    "jest w nim saldo o tej nazwie, ale z innego uruchomienia programu: z {then}, a sprawdzane "
    "saldo z {now}"
)
NOT_COPY_OTHER_LEDGER = (
    "jest w nim inne saldo ({name}, z {then}) — z innego uruchomienia programu niż sprawdzane "
    "(z {now})"
)


def is_money_head(head: object) -> bool:
    """Whether a ledger's column of this head holds amounts in zł (shown `1 507,20 zł`)."""
    tables = (DEBT_COLUMNS, WORK_HISTORY_COLUMNS, SETTLEMENT_COLUMNS, PAYMENT_HISTORY_COLUMNS)
    return any(c.label == head and c.kind == "money" for table in tables for c in table)


def quoted(text: str) -> str:
    """A text as a message quotes it: „Jan Kowalski”."""
    return f"„{text}”"


def format_count(count: int) -> str:
    """`480 000`: a count with its thousands apart."""
    return f"{count:,}".replace(",", " ")


LEDGER_NO_ROW = "wskazuje wiersz, którego nie ma w arkuszu Historia prac"
LEDGER_NOT_OPPOSITE = "nie jest jego dokładnym odwróceniem (ilość, wartość, konto)"
ARCHIVE_MISSING = "nie istnieje"
ARCHIVE_CHANGED = "ma inny rozmiar lub skrót SHA-256 niż zapisany"
ARCHIVE_UNREADABLE = "archiwum nie daje się odczytać ({error})"
SAY_LEDGER_OK = "Saldo {file}: rachunek zgodny ({lines} Historii rozliczeń, {rows} Historii prac)."
SAY_LEDGER_BAD = "Saldo {file}: znaleziono niezgodności: {count}."
RUN_REVERSED = "Wierszy skorygowanych"
RUN_RETURNED = "Zwrócono na zadłużenie (zł)"
SAY_APPROVED = (
    "Miesiąc {month}: zatwierdzono zaliczenia {approved} kont, odrzucono {rejected} "
    "(cofnięto {amount})."
)
SAY_CORRECTED = "Korekta {document}: {rows} skorygowano, na zadłużenie wraca {amount} ({parts})."

# -- e-mails (odpracowanie send) ----------------------------------------------------------------
# The last sheet of an annotated copy: what its comments say, printed (comments are not).
NOTES_SHEET = "Uwagi do poprawy"
NOTES_TITLE = "Uwagi do poprawy: komórki zaznaczone w tej karcie i co w nich poprawić"
NOTES_HEADS = ("Arkusz", "Komórka", "Co poprawić")
MAIL_SIGNATURE = "Wiadomość przygotowana przez program odpracowanie."
MAIL_PGM_SUBJECT = "Odpracowanie zadłużenia — rozliczenie za {month}"
MAIL_PGM_BODY = (
    "Dzień dobry,\n"
    "\n"
    "w załączeniu wyniki rozliczenia odpracowania zadłużenia za miesiąc {month}:\n"
    "- dłużników zaliczonych: {credited},\n"
    "- dłużników wstrzymanych: {withheld},\n"
    "- wartość zaliczona: {value},\n"
    "- błędy / ostrzeżenia w kartach: {errors} / {warnings}.\n"
    "\n"
    "Załączniki:\n"
    "- {balances} — zadłużenie po rozliczeniu (do następnego miesiąca),\n"
    "- {summary} — wniosek do Prezydenta Miasta o zatwierdzenie,\n"
    "- {cards} — karty dłużników do podpisu,\n"
    "- {report} — błędy i ostrzeżenia."
)
MAIL_PROTECTED = "Załączniki są zabezpieczone hasłem przekazanym osobno."
# A unit's prepared timesheet for its supervisor (`send --templates`, SPEC §11).
MAIL_TEMPLATE_SUBJECT = "Karta pracy na {month} — {unit}"
MAIL_TEMPLATE_BODY = (
    "w załączeniu karta pracy jednostki {unit} na {month}, przygotowana dla osób skierowanych "
    "do jednostki w tym miesiącu ({people}).\n"
    "\n"
    "Wpisuj prace w kolejne wiersze. Konto wybierz z listy — nazwisko dłużnika i wykonawcy "
    "wpisze się samo (gdy pracuje pełnomocnik, wybierz jego nazwisko w kolumnie Wykonawca). "
    "Komórka zaznaczona na czerwono to błąd, przez który praca nie zostałaby zaliczona: data "
    "spoza miesiąca lub skierowania, ponad 24 godziny jednej osoby w dniu, konto albo kod "
    "pracy spoza listy.\n"
    "\n"
    "{deadline}"
)
MAIL_TEMPLATE_DEADLINE = "Wypełnioną i podpisaną kartę odeślij do {day}."
MAIL_TEMPLATE_NO_DEADLINE = "Wypełnioną i podpisaną kartę odeślij po zakończeniu miesiąca."
MAIL_TEMPLATE_ASK = "Pytania: {who}."
MAIL_TEMPLATE_DRAFT = "{number:02d}_karta_{unit}.eml"
MAIL_TEMPLATE_UNREADABLE = (
    "Nie można odczytać karty {file} (uszkodzona albo otwarta w innym programie); nic nie "
    "wysłano. Zamknij ją albo przygotuj karty jeszcze raz (odpracowanie templates … --force)."
)
STOP_PREPARED_SAME_NAME = (
    "Jednostki {first} i {second} dałyby kartę o tej samej nazwie pliku ({file}); zmień kod "
    "jednej z nich w arkuszu Jednostki albo przygotuj karty osobno (--unit)."
)
MAIL_TEMPLATE_NO_ADDRESS = "karta jednostki {unit} (brak adresu e-mail w arkuszu Jednostki)"
MAIL_TEMPLATE_UNKNOWN = "{file} (jednostki {unit} nie ma w arkuszu Jednostki programu)"
MAIL_NO_TEMPLATES = (
    "W folderze {folder} nie ma kart przygotowanych na {month} (karta_pracy_KOD_{text}.xlsx); "
    "nic nie wysłano. Przygotuj je: odpracowanie templates {folder} --program … --month {text}."
)
# A correction's or the Mayor's decision's results for the accounts office (`send` on the
# folder `correct` or `approve` wrote): what finance must book, and the ledger that now counts.
MAIL_LEDGER_SUBJECT = {
    "correct": "Odpracowanie zadłużenia — korekta rozliczenia za {month}",
    "approve": "Odpracowanie zadłużenia — zatwierdzenie rozliczenia za {month}",
}
MAIL_LEDGER_WHAT = {"correct": "korektę", "approve": "decyzję o zatwierdzeniu"}
MAIL_LEDGER_BODY = (
    "Dzień dobry,\n"
    "\n"
    "w załączeniu {what} rozliczenia odpracowania zadłużenia za miesiąc {month} ({document}):\n"
    "- wierszy prac cofniętych: {rows},\n"
    "- zwrócono na zadłużenie: {returned},\n"
    "- polecenie księgowania: {posting}.\n"
    "\n"
    "Saldo {balances} zastępuje {source} jako podstawę rozliczenia następnego miesiąca.\n"
    "\n"
    "Załączniki:"
)
MAIL_LEDGER_FILES = {
    "correction": "dokument korekty",
    "postings_doc": "polecenie księgowania do podpisu",
    "postings": "polecenie księgowania do wczytania w F-K (CSV)",
    "balances": "zadłużenie po zmianie (do następnego miesiąca)",
}
MAIL_LEDGER_DRAFT = {
    "correct": "01_korekta_dla_{to}.eml",
    "approve": "01_zatwierdzenie_dla_{to}.eml",
}
MAIL_FIX_SUBJECT = "Karty pracy do poprawy — {unit}, {month}"
MAIL_HELLO = "Dzień dobry{name},"
MAIL_FIX_INTRO = (
    "karty pracy za {month} ({unit}) wymagają poprawy przed rozliczeniem. "
    "W załączeniu kopie z zaznaczonymi komórkami (czerwone: błąd, żółte: "
    "ostrzeżenie) i komentarzem przy każdej."
)
MAIL_FIX_CELL = "komórka {cell}"
MAIL_FIX_WHOLE_FILE = "cały plik"
MAIL_FIX_PROTECTED = (
    "Szczegóły są w komentarzach w załączonych kartach (zabezpieczonych hasłem przekazanym osobno)."
)
MAIL_FIX_PLEASE = "Prosimy o przesłanie poprawionych kart."
MAIL_NO_ADDRESS = "{file} (jednostka {unit} bez adresu e-mail)"
# TIMESHEET_MISSING: a reminder to a unit with referred participants and no timesheet (§9)
MAIL_REMIND_SUBJECT = "Przypomnienie: karta pracy za {month} — {unit}"
MAIL_REMIND_BODY = (
    "do rozliczenia za {month} nie wpłynęła karta pracy jednostki {unit}, a skierowani są do "
    "niej uczestnicy programu (konta {accounts}). Prosimy o przesłanie karty pracy za "
    "{month} (także wtedy, gdy nikt nie pracował: z adnotacją)."
)
MAIL_REMIND_NO_ADDRESS = "przypomnienie dla jednostki {unit} (brak adresu e-mail)"
MAIL_NO_UNIT = (
    "{file} (nie wiadomo, z której jednostki: plik nie dał się odczytać; odeślij "
    "go nadawcy ręcznie)"
)
MAIL_BAD_UNIT_ADDRESS = "{file} (jednostka {unit}: „{address}” nie jest adresem e-mail)"
MAIL_BAD_ADDRESS = (
    "„{address}” ({what}) nie jest adresem e-mail; podaj pełny adres, np. "
    "ksiegowosc@pgm.zyrardow.pl."
)
MAIL_SENDER = "nadawca: --from albo email_nadawcy w programie"
MAIL_NEED_SENDER = (
    "Do wysyłki przez serwer potrzebny jest adres nadawcy: podaj --from albo "
    "wpisz email_nadawcy w arkuszu Parametry programu."
)
# After a warning's text where people read it (e-mails, the marked copies' notes sheet).
TO_CHECK = " (ostrzeżenie: do sprawdzenia)"
MAIL_NO_COORDINATOR = (
    "wiadomość do koordynatora o problemach rejestru ({count}): brak "
    "adresu email_koordynatora w arkuszu Parametry programu"
)
MAIL_REGISTER_SUBJECT = "Rejestr uczestników do sprawdzenia — rozliczenie za {month}"
MAIL_REGISTER_INTRO = (
    "rozliczenie za {month} znalazło problemy w rejestrze uczestników lub w "
    "programie ({count}). Tych spraw nie poprawi jednostka w karcie pracy; "
    "dopóki są błędy, praca danego dłużnika nie jest zaliczana."
)
MAIL_REGISTER_ACCOUNT = "Konto {account}:"
MAIL_REGISTER_PROGRAM = "Program (program.xlsx):"
MAIL_REGISTER_PROTECTED = (
    "Szczegóły są w załączonym pliku błędów (zabezpieczonym hasłem przekazanym osobno)."
)
MAIL_REGISTER_PLEASE = (
    "Prosimy o uzupełnienie rejestru (program.xlsx) i informację, gdy będzie "
    "można rozliczyć wstrzymane osoby ponownie."
)
MAIL_NO_RESULTS = "W folderze {folder} nie ma wyników rozliczenia (salda_RRRR-MM.xlsx)."
# What `send` says of a folder whose run it cannot vouch for: nothing is written or sent.
RERUN_FORCE = "rozlicz miesiąc jeszcze raz z --force do tego folderu"
MAIL_NO_MANIFEST = (
    "Brak spisu przebiegu {path}: wyniki w tym folderze zapisała wcześniejsza wersja programu "
    "i nie wiadomo, które pliki są z ostatniego rozliczenia; nic nie wysłano. "
    + RERUN_FORCE.capitalize()
    + ", potem wyślij (wcześniejsze wyniki zostaną przeniesione do podfolderu zastapione_…)."
)
MAIL_BAD_MANIFEST = (
    "Spis przebiegu {path} jest nieczytelny; nic nie wysłano. " + RERUN_FORCE.capitalize() + "."
)
MAIL_NOT_A_MONTH = (
    "{path}: to wyniki polecenia {command}, nie rozliczenia miesiąca, korekty ani "
    "zatwierdzenia; nic nie wysłano. Wyślij folder, do którego zapisało wyniki rozliczenie "
    "(reconcile), korekta (correct) albo zatwierdzenie (approve)."
)
MAIL_OUTPUT_MISSING = (
    "Brak pliku {path}, który zapisało rozliczenie (jest w spisie {manifest}); nic nie "
    "wysłano ani nie zapisano. " + RERUN_FORCE.capitalize() + "."
)
MAIL_OUTPUT_CHANGED = (
    "Plik {path} zmienił się, odkąd zapisało go rozliczenie (suma SHA-256 inna niż w spisie "
    "{manifest}); nic nie wysłano ani nie zapisano. Wysyła się wyniki takie, jakie zapisał "
    "program: " + RERUN_FORCE + " albo przywróć plik z archiwum przebiegu (archiwum_….zip)."
)
MAIL_DRAFTS_LOCKED = (
    "Nie można przenieść {path} (może plik jest otwarty?); nic nie zapisano, wcześniejsze "
    "wiadomości zostały na miejscu."
)
MAIL_NO_SERVER = (
    "Nie można połączyć się z serwerem poczty {host}:{port} ({error}); nic nie wysłano."
)
MAIL_BAD_LOGIN = (
    "Serwer poczty odrzucił login lub hasło (ODPRACOWANIE_SMTP_PASSWORD); nic nie wysłano."
)
MAIL_REFUSED = "Serwer poczty odmówił połączenia ({error}); nic nie wysłano."
MAIL_NO_STARTTLS = (
    "Serwer poczty {host} nie obsługuje szyfrowania połączenia (STARTTLS); nic nie wysłano. "
    "Jeżeli to serwer w sieci urzędu, który szyfrowania nie ma, zaznacz „serwer bez "
    "szyfrowania (tylko sieć urzędu)” (w wierszu poleceń: bez --starttls)."
)
MAIL_RECIPIENT_REFUSED = "adresat odrzucony: {who}"

# -- bledy_YYYY-MM.xlsx ---------------------------------------------------------------------------
SHEET_ERRORS = "Błędy"
SHEET_TO_FIX = "Do poprawy"
# Units with referred participants and no timesheet (TIMESHEET_MISSING), for `send`'s reminders.
SHEET_MISSING = "Brak kart"
MISSING_COLUMNS = ("Jednostka", "Nazwa jednostki", "Nadzorujący", "E-mail", "Skierowani (konta)")
TO_FIX_COLUMNS = (
    "Plik",
    "Jednostka",
    "Nazwa jednostki",
    "Nadzorujący",
    "E-mail",
    "Błędów",
    "Kopia z oznaczeniami",
)
ERROR_COLUMNS = (
    "Plik",
    "Arkusz",
    "Komórka",
    "Wiersz",
    "Kolumna",
    "Nr konta",
    "Waga",
    "Kod",
    "Opis",
)

# -- wage transfers, Kraków model (SPEC §2.4) -----------------------------------------------------
SHEET_PAYMENTS = "Wpłaty"
SHEET_PAYMENT_HISTORY = "Historia wpłat"
PAYMENT_SOURCES = ("CIS", "przygotowanie zawodowe", "roboty publiczne")
PAYMENT_COLUMNS = (
    Column("account", "Nr konta", width=11),
    Column("date", "Data", kind="date", width=12),
    Column("amount", "Kwota (zł)", ("kwota",), kind="money", width=12),
    Column("source", "Źródło", kind="choice", choices=PAYMENT_SOURCES, width=24),
    Column("remarks", "Uwagi", required=False, width=30),
)
PAYMENT_DATE = PAYMENT_COLUMNS[1].label
PAYMENT_HISTORY_COLUMNS = (
    Column("month", "Miesiąc", kind="month", width=9),
    Column("account", "Nr konta", width=11),
    Column("date", "Data", kind="date", width=11),
    Column("amount", "Kwota (zł)", kind="money", width=12),
    Column("source", "Źródło", width=22),
    Column("file", "Plik", required=False, width=28),
    Column("sha256", "SHA-256 pliku", required=False, width=20),
)
# -- what the commands print ---------------------------------------------------------------------
SAY_ERROR = "Błąd: {message}"
SAY_BAD_MONTH = "„{value}” — podaj miesiąc jako RRRR-MM, np. 2026-10."
SAY_BAD_DATE = "„{value}” — podaj datę jako RRRR-MM-DD."
SAY_INTERNAL = (
    "Błąd wewnętrzny programu ({error}). Nic nie zostało zapisane.{where} Zgłoś go "
    "opiekunowi programu."
)
SAY_INTERNAL_LOG = " Szczegóły zapisano w {log}."
SAY_TEMPLATE_OVER_PROGRAM = "wzór nadpisałby plik programu {path}; wskaż inny folder."
SAY_TEMPLATES_EXIST = "w folderze {folder} są już pliki {files}; użyj --force, aby je zastąpić."
SAY_WRITTEN = "Zapisano {path}"
SAY_ANNOTATE_OVER_INPUT = (
    "kopia z uwagami nadpisałaby plik wejściowy {path}; wskaż inny folder w --annotate."
)
SAY_CHECKED = (
    "Sprawdzono plików: {files}, wierszy: {rows}. Błędy: {errors}, ostrzeżenia: {warnings}."
)
SAY_ANNOTATED = "Kopia z uwagami: {path}"
SAY_NO_INPUT = "Podaj karty pracy (pliki lub foldery) albo --payments."
SAY_NO_LIBREOFFICE = (
    "Uwaga: LibreOffice nie jest zainstalowany, więc PDF nie powstał "
    "(skoroszyty .xlsx są kompletne; zainstaluj LibreOffice lub wydrukuj je "
    "z Excela)."
)
SAY_PDF_FAILED = "Uwaga: LibreOffice nie utworzył PDF ({error}); skoroszyty .xlsx są kompletne."
SAY_REGISTER = "Rejestr na dzień {day}: błędy {errors}, ostrzeżenia {warnings}."
QUEUE_HEADS = ("Poz.", "Nr wniosku", "Data", "Nr konta", "Imię i nazwisko", "Status", "Odmowy")
SAY_QUEUE_NEXT = "Następna osoba do skierowania: {name} (konto {account})."
SAY_QUEUE_EMPTY = "Nikt nie czeka na skierowanie."
SAY_QUEUE_AT_LIMIT = " — limit odmów, do wykreślenia (§5.13)"
SAY_NO_XLSX_PASSWORD = (
    "--password-protect wymaga hasła w zmiennej środowiskowej ODPRACOWANIE_XLSX_PASSWORD."
)
SAY_DRAFTS = "Zapisano wiadomości ({count}) w folderze {folder}:"
SAY_SENT = "Wysłano: {name}"
SAY_NOT_SENT = "NIE WYSŁANO: {name} — {reason}"
SAY_SKIPPED = "Pominięto: {note}"
SAY_WORKING = "Rozliczanie"
# The progress bar's steps (`reconcile` on a terminal)
STEP_READ = "Czytanie: {file}"
STEP_CHECKED = "Karty sprawdzone"
STEP_SETTLED = "Rozliczenie policzone"
STEP_WRITTEN = "Zapisano: {file}"
STEP_DONE = "Gotowe"
SAY_RUN = "Rozliczenie za {month}"
SAY_DRY_RUN = " — próba (--dry-run), nic nie zapisano"
SAY_LATE = (
    " — spóźnione karty, zaliczone na saldach po {latest}; nowe saldo jest saldem po {latest}"
)
SAY_LATE_LEDGER = (
    "Najnowsze saldo to {file}: to ono jest zestawieniem zadłużenia (--debts) następnego miesiąca."
)
SAY_FILES = "Plików: {files} (nieczytelnych: {unreadable}), wierszy: {rows}"
SAY_PASSED_OVER = "Pominięto (nie są kartami pracy): {count}"
SAY_PASSED_OVER_ONE = "  {path} — {reason}"
SAY_TRANSFERS = ", wpłat zaliczonych: {count}"
SAY_DEBTORS = "Dłużników zaliczonych: {credited}, wstrzymanych: {withheld}"
SAY_CREDITED = "Zaliczono: {total} ({parts})"
SAY_PENDING = "Czeka na zaksięgowanie w F-K: {total} ({accounts}; arkusz Do zaksięgowania salda)"
ACCOUNT_FORMS = ("konto", "konta", "kont")
SAY_ISSUES = "Błędy: {errors}, ostrzeżenia: {warnings}"
SAY_WITHHELD = "Wstrzymano: {debtors}"
SAY_OUTPUTS = "Wyniki zapisano w folderze: {folder}"
SAY_REPLACED = "Wyniki wcześniejszego przebiegu przeniesiono (nic nie usunięto) do: {folder}"
SAY_DRAFTS_REPLACED = "Wcześniejsze wiadomości przeniesiono (nic nie usunięto) do: {folder}"
DRAFTS_FOLDER = "wysylka"  # the .eml drafts of `send`, inside the results' folder

# -- what a timesheet folder may hold besides timesheets (SPEC §2.3) -----------------------------
# The program's own outputs, by their whole names (`salda_2026-10.xlsx`, `salda_2026-10_2.xlsx`,
# a PDF print of the cards, `korekta_2026-10_K-7.xlsx`): never read as timesheets. A supervisor's
# `zestawienie_godzin.xlsx` is not one of them.
_MONTH_RUN = r"\d{4}-\d{2}(?:_\d+)?"
OUTPUT_NAME = re.compile(
    r"(?:"
    + "|".join(name.split("{")[0] for name in OUTPUT_FILES.values())
    + rf")(?:{_MONTH_RUN})\.(?:xlsx|pdf)"
    + r"|ksiegowanie_\d{4}-\d{2}(?:_[^.\\/]+)?\.(?:csv|xlsx)|korekta_\d{4}-\d{2}_.+\.(?:xlsx|pdf)"
    + rf"|archiwum_{_MONTH_RUN}\.zip",
    re.IGNORECASE,
)
OUTPUT_FOLDERS = (FOLDER_TO_FIX, DRAFTS_FOLDER)
# -- an output folder holds one run (SPEC §7 "Run identity") --------------------------------------
# What the folder's current run wrote: each output's path, role, size and SHA-256, the command,
# the month, the time. `send` attaches only what it lists, each checked by its SHA-256.
RUN_MANIFEST = "przebieg.json"
# The move into place under way (removed when it is complete): what it moves aside and puts in.
RUN_JOURNAL = ".przebieg.w_toku.json"
# Where `--force` moves everything an earlier run left in the folder (never deleted); a second
# one in the same second is `…_2`.
SET_ASIDE_FOLDER = "zastapione_{time:%Y%m%d-%H%M%S}"
SET_ASIDE_NAME = re.compile(r"zastapione_\d{8}-\d{6}(?:_\d+)?", re.IGNORECASE)
SKIP_LOCK = "plik blokady (skoroszyt był otwarty w Excelu lub LibreOffice)"
SKIP_SYSTEM = "plik systemowy"
SKIP_OUTPUT = "wynik programu odpracowanie, nie karta pracy"
SKIP_OUTPUT_FOLDER = "folder wyników programu odpracowanie"
SKIP_INPUT = "plik programu lub zadłużenia podany w tym rozliczeniu, nie karta pracy"
SKIP_PROGRAM_FILE = "skoroszyt programu (arkusze Parametry i Stawki), nie karta pracy"
SKIP_DEBTS_FILE = "zestawienie zadłużenia lub saldo (arkusz Zadłużenie), nie karta pracy"
SKIP_SUBFOLDER = "podfolder: pliki w podfolderach nie są czytane (podaj go osobno)"

# -- the command line (odpracowanie --help) -------------------------------------------------------
COMMAND_HELP = {
    "main": (
        "Rozliczanie odpracowania zaległości czynszowych: karty pracy, walidacja, salda.\n"
        "\n"
        "Przykład (sprawdzenie kart pracy za październik):\n"
        "\n"
        "\b\n"
        "    odpracowanie validate --program samples/program.xlsx \\\n"
        "        --debts samples/zadluzenie.xlsx --month 2026-10 samples/2026-10"
    ),
    "templates": (
        "Zapisuje puste wzory: program.xlsx, zadluzenie.xlsx i karta_pracy.xlsx.\n"
        "\n"
        "Z --program listy rozwijane karty pracy (jednostki, kody prac, numery kont) i stawki\n"
        "pochodzą z podanego programu; rejestr uczestników nie jest przepisywany (wzory trafiają "
        "do\n"
        "jednostek, bez danych osobowych). Istniejących plików nie zastępuje bez --force.\n"
        "\n"
        "Z --month (i --program) zamiast pustych wzorów: karta pracy przygotowana dla każdej\n"
        "jednostki, do której ktoś jest skierowany w tym miesiącu (każdej, gdy program nie ma\n"
        "arkusza Skierowania): karta_pracy_KOD_RRRR-MM.xlsx z wypełnionym nagłówkiem, listą kont\n"
        "skierowanych tam osób, nazwiskami wpisywanymi z konta i zaznaczaniem na czerwono daty\n"
        "spoza miesiąca lub skierowania, ponad 24 h jednej osoby w dniu, konta lub kodu spoza\n"
        "list. Bez PESEL, adresów i sald. --unit wybiera jednostki.\n"
        "\n"
        "\b\n"
        "Przykłady:\n"
        "    odpracowanie templates wzory --program samples/program.xlsx\n"
        "    odpracowanie templates karty_2026-11 --program samples/program.xlsx "
        "--month 2026-11"
    ),
    "validate": (
        "Sprawdza karty pracy (pliki lub foldery) i wypisuje znalezione problemy.\n"
        "\n"
        "Każdy problem w postaci plik!arkusz!komórka: [KOD] opis. Kod wyjścia: 0 — bez błędów,\n"
        "1 — są błędy, 2 — złe wywołanie albo program / zadłużenie nie do użycia.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie validate --program samples/program.xlsx \\\n"
        "        --debts samples/zadluzenie.xlsx --month 2026-10 --annotate do_poprawy "
        "samples/2026-10"
    ),
    "reconcile": (
        "Comiesięczne rozliczenie: sprawdza karty, wycenia prace, zalicza je na zadłużenie.\n"
        "\n"
        "Zapisuje w folderze --out: salda_RRRR-MM.xlsx (zadłużenie po rozliczeniu i historia),\n"
        "zestawienie_RRRR-MM.xlsx (wniosek do Prezydenta), karty_dluznikow_RRRR-MM.xlsx,\n"
        "bledy_RRRR-MM.xlsx, do_poprawy/ (karty z zaznaczonymi błędami, gdy są błędy),\n"
        "ksiegowanie_RRRR-MM.csv i .xlsx (księgowanie dla systemu F-K, gdy coś zaliczono),\n"
        "archiwum_RRRR-MM.zip i przebieg.json (spis tego, co zapisało to rozliczenie, z sumami\n"
        "SHA-256: według niego send wysyła wyniki). Folder trzyma wyniki jednego przebiegu:\n"
        "gdy są w nim wyniki wcześniejszego, rozliczenie odmawia bez --force, a z --force\n"
        "przenosi je (nic nie usuwa) do podfolderu zastapione_RRRRMMDD-GGMMSS. Kod wyjścia:\n"
        "0 — wszystko zaliczone, 1 — coś wstrzymano, 2 — złe wywołanie albo dane nie do użycia.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie reconcile --program samples/program.xlsx \\\n"
        "        --debts samples/zadluzenie.xlsx --month 2026-10 --out wyniki/2026-10 "
        "samples/2026-10"
    ),
    "correct": (
        "Korekta (storno) zaliczonej pracy: cały miesiąc dłużnika albo wiersze po ID.\n"
        "\n"
        "Nic nie jest usuwane ani nadpisywane: do salda dochodzą zapisy korygujące (ujemne\n"
        "wiersze w Historii prac, wiersz korekty w Historii rozliczeń), a zadłużenie wraca\n"
        "dokładnie o tyle, ile korygowane wiersze z niego zdjęły. W folderze --out: nowe saldo\n"
        "i korekta_RRRR-MM_NR.xlsx do podpisu. Potem rozlicz poprawioną kartę na nowym saldzie.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie correct --program program.xlsx \\\n"
        "        --debts wyniki/2026-10/salda_2026-10.xlsx --account 104512 --month 2026-10 \\\n"
        '        --reason "karta ZDIZ poprawiona" --document K/7/2026 \\\n'
        "        --out wyniki/2026-10-korekta"
    ),
    "documents": (
        "Dokumenty programu z rejestru, jako .docx ze wzorów Word (docxtpl).\n"
        "\n"
        "KIND: kwalifikacja (informacja o zakwalifikowaniu, §5.8), aneks (Zał. 2), porozumienie\n"
        "(Zał. 3), umowa (Zał. 4, bez tytułu prawnego), skierowanie (Zał. 6), wniosek (do\n"
        "Prezydenta, §5.20; wymaga --debts z saldem miesiąca i --month). Bez --account: dla\n"
        "każdej osoby, której dokument dotyczy. Kwoty także słownie. Własne wzory biura w\n"
        "folderze --templates (nazwy jak rodzaj, np. porozumienie.docx; pola {{ dluznik }} itd.,\n"
        "wzory domyślne zapisuje polecenie templates w podfolderze dokumenty).\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie documents porozumienie --program samples/program.xlsx \\\n"
        "        --debts samples/zadluzenie.xlsx --out dokumenty --pdf"
    ),
    "report": (
        "Sprawozdanie roczne dla Rady Miasta i Zarządu (raport_RRRR.xlsx, do druku, z "
        "wykresami).\n"
        "\n"
        "Uczestnicy, godziny, wartość zaliczona na każdy składnik, według miesięcy, jednostek,\n"
        "rodzajów pracy i biur, zadłużenia odpracowane w całości. Kwoty z Historii rozliczeń\n"
        "salda; z --archive także sprawdzenie archiwów miesięcy.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie report --year 2026 --program program.xlsx \\\n"
        "        --debts wyniki/2026-12/salda_2026-12.xlsx --out sprawozdania"
    ),
    "approve": (
        "Zatwierdzenie zaliczeń miesiąca przez Prezydenta (§5.20).\n"
        "\n"
        "W Historii rozliczeń każde zaliczenie miesiąca dostaje stan: zatwierdzone (decyzja i\n"
        "data) albo odrzucone; zaliczenia odrzuconych kont są cofane zapisem korygującym z\n"
        "decyzją jako powodem. W folderze --out: nowe saldo i archiwum.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie approve --program program.xlsx \\\n"
        "        --debts wyniki/2026-10/salda_2026-10.xlsx --month 2026-10 \\\n"
        '        --decision "Zarządzenie 123/2026" --date 2026-11-20 --reject 104512 \\\n'
        "        --out wyniki/2026-10-zatwierdzone"
    ),
    "ledger": (
        "Saldo jako księga: sprawdzenie rachunku, korekt i archiwów.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie ledger check wyniki/2026-10/salda_2026-10.xlsx"
    ),
    "ledger_check": (
        "Sprawdza saldo: przed − zaliczono = po dla każdego składnika w każdym wierszu\n"
        "Historii rozliczeń, zgodność z Historią prac, zapisy korygujące, a z --archive także\n"
        "pliki archiwum z ich spisem. Ręcznie zmieniona komórka jest wskazana adresem, z\n"
        "wartością, jaka wynika z pozostałych komórek. Z --archive saldo jest też porównane\n"
        "komórka po komórce z kopią, którą zapisał program w archiwum: każda zmiana jest\n"
        "wskazana, także taka, po której rachunek się zgadza.\n"
        "Kod wyjścia: 0 — zgodne, 1 — są niezgodności, 2 — pliku nie da się odczytać.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie ledger check wyniki/2026-10/salda_2026-10.xlsx \\\n"
        "        --archive wyniki/2026-10/archiwum_2026-10.zip"
    ),
    "register": (
        "Rejestr uczestników: kontrola danych i kolejka ofert pracy.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie register check --program samples/program.xlsx"
    ),
    "register_check": (
        "Sprawdza rejestr: PESEL, zdublowane konta, terminy podpisania, odmowy, limity.\n"
        "\n"
        "Kod wyjścia: 0 — bez błędów (ostrzeżenia mówią, co trzeba zrobić), 1 — są błędy,\n"
        "2 — złe wywołanie albo program nie do użycia.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie register check --program samples/program.xlsx --date 2026-11-23"
    ),
    "register_queue": (
        "Kolejka ofert pracy (§5.11): uczestnicy i zakwalifikowani według kolejności wniosków.\n"
        "Odmowy liczone z arkusza Oferty, gdy program go prowadzi; gdy prowadzi Skierowania,\n"
        "pomija osoby skierowane już do pracy w tym dniu. Pierwsza osoba jest następna.\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie register queue --program samples/program.xlsx"
    ),
    "serve": (
        "Strona rozliczenia miesiąca w przeglądarce, bez wpisywania poleceń.\n"
        "\n"
        "Działa tylko na tym komputerze (127.0.0.1). Wypisuje adres z kluczem (token) i otwiera\n"
        "go w przeglądarce; bez klucza strona odmawia dostępu. Pliki miesięcy trafiają do\n"
        "folderu --data (domyślnie odpracowanie_dane w folderze użytkownika).\n"
        "\n"
        "\b\n"
        "Przykład:\n"
        "    odpracowanie serve --port 8765"
    ),
    "send_command": (
        "Wysyła wyniki miesiąca: do PGM oraz do jednostek, których karty mają błędy.\n"
        "\n"
        "Dołącza tylko pliki, które zapisało ostatnie rozliczenie w FOLDER (spis przebieg.json),\n"
        "każdy sprawdzony sumą SHA-256: gdy któregoś brak albo zmienił się po rozliczeniu,\n"
        "nic nie wychodzi. Bez --smtp-host zapisuje wiadomości .eml w nowym FOLDER/wysylka\n"
        "(wcześniejsze przenosi do zastapione_…; otwierają się w Thunderbirdzie i Outlooku).\n"
        "Kod wyjścia: 0 — wszystko wysłane lub zapisane, 1 — część nie wyszła,\n"
        "2 — nic nie wyszło (brak wyników lub zmieniony plik, serwer nieosiągalny, brak hasła).\n"
        "\n"
        "\n"
        "Z --templates FOLDER_KART --month RRRR-MM --program P (bez FOLDER i --to): każdej\n"
        "jednostce jej kartę pracy przygotowaną przez templates --month, do osoby nadzorującej\n"
        "(adres z arkusza Jednostki), z krótką instrukcją i terminem (termin_kart_dni).\n"
        "\n"
        "\b\n"
        "Przykłady:\n"
        "    odpracowanie send wyniki/2026-10 --to ksiegowosc@pgm.example.pl\n"
        "    odpracowanie send --templates karty_2026-11 --month 2026-11 "
        "--program samples/program.xlsx"
    ),
}
OPTION_HELP = {
    "templates": {
        "--program": "Program, z którego biorą się listy i stawki karty pracy.",
        "--force": "Zastępuje wzory, które już są w folderze.",
        "--month": "Miesiąc, na który przygotować karty pracy jednostek (RRRR-MM).",
        "--unit": "Kod jednostki (można kilka razy); bez niego: każda jednostka miesiąca.",
    },
    "validate": {
        "--program": "program.xlsx: stawki, jednostki, rejestr uczestników.",
        "--debts": "Zestawienie zadłużenia (zadluzenie.xlsx, salda_… albo eksport CSV z "
        "systemu F-K).",
        "--history": "salda_… z poprzedniego miesiąca: historia zaliczeń, gdy --debts to "
        "eksport z systemu F-K.",
        "--month": "Rozliczany miesiąc; bez niego każda karta wg miesiąca w jej nagłówku.",
        "--format": "Postać wyniku.",
        "--annotate": "Folder na kopie kart z zaznaczonymi błędami i komentarzami.",
    },
    "reconcile": {
        "--program": "program.xlsx: stawki, jednostki, rejestr uczestników.",
        "--debts": "Zestawienie zadłużenia, salda_… z poprzedniego miesiąca albo eksport CSV "
        "z systemu F-K.",
        "--history": "salda_… z poprzedniego miesiąca: historia zaliczeń, gdy --debts to "
        "eksport z systemu F-K.",
        "--month": "Rozliczany miesiąc.",
        "--out": "Folder na wyniki.",
        "--payments": "wplaty_RRRR-MM.xlsx: przelewy z wynagrodzeń (model krakowski).",
        "--dry-run": "Tylko podsumowanie; niczego nie zapisuje.",
        "--force": "Gdy w folderze są wyniki wcześniejszego przebiegu: przenosi je (nic nie "
        "usuwa) do podfolderu zastapione_RRRRMMDD-GGMMSS; zostają tylko wyniki tego.",
        "--pdf": "Także karty dłużników i zestawienie w PDF (wymaga LibreOffice).",
        "--allow-gap": "Pozwala rozliczać, gdy saldo kończy się wcześniej niż na poprzednim "
        "miesiącu (w pominiętych miesiącach nie było prac).",
    },
    "correct": {
        "--program": "program.xlsx (kolejność zaliczania, limity).",
        "--debts": "Saldo (salda_…xlsx), w którym jest korygowane zaliczenie.",
        "--out": "Folder na nowe saldo i dokument korekty.",
        "--reason": "Powód korekty (trafia do salda i na dokument).",
        "--document": "Numer dokumentu korekty, np. K/7/2026.",
        "--account": "Nr konta, którego miesiąc skorygować w całości (z --month).",
        "--month": "Miesiąc zaliczenia do skorygowania (z --account).",
        "--row": "ID wiersza arkusza Historia prac do skorygowania (można kilka razy).",
        "--force": "Gdy w folderze są wyniki wcześniejszego przebiegu: przenosi je (nic nie "
        "usuwa) do podfolderu zastapione_RRRRMMDD-GGMMSS.",
    },
    "documents": {
        "--program": "program.xlsx z rejestrem (Uczestnicy, Skierowania) i stawkami.",
        "--debts": "Zadłużenie (kwoty w dokumentach) albo saldo miesiąca (wniosek).",
        "--account": "Nr konta, którego dokument sporządzić (można kilka razy).",
        "--month": "Miesiąc wniosku do Prezydenta (RRRR-MM).",
        "--out": "Folder na dokumenty.",
        "--templates": "Folder z własnymi wzorami biura (.docx); brakujące — domyślne.",
        "--date": "Data dokumentów (domyślnie dziś).",
        "--pdf": "Także PDF każdego dokumentu (przez LibreOffice).",
        "--force": "Zastępuje dokumenty, jeśli już są w folderze.",
    },
    "report": {
        "--year": "Rok sprawozdania (RRRR).",
        "--program": "program.xlsx (rejestr, jednostki, rodzaje prac).",
        "--debts": "Saldo (salda_…xlsx) z rozliczeniami roku.",
        "--out": "Folder na sprawozdanie.",
        "--archive": "Archiwum miesiąca (archiwum_…zip) do sprawdzenia (można kilka razy).",
        "--date": "Data sporządzenia (domyślnie dziś).",
        "--force": "Zastępuje sprawozdanie, jeśli już jest w folderze.",
    },
    "approve": {
        "--program": "program.xlsx (kolejność zaliczania, limity).",
        "--debts": "Saldo (salda_…xlsx) z zaliczeniami miesiąca.",
        "--month": "Miesiąc, którego zaliczenia zatwierdza Prezydent.",
        "--decision": "Decyzja (np. numer zarządzenia lub pisma).",
        "--date": "Data decyzji.",
        "--out": "Folder na nowe saldo.",
        "--reject": "Konto, którego zaliczenie odrzucono (można kilka razy).",
        "--force": "Gdy w folderze są wyniki wcześniejszego przebiegu: przenosi je (nic nie "
        "usuwa) do podfolderu zastapione_RRRRMMDD-GGMMSS.",
    },
    "ledger_check": {
        "--archive": (
            "archiwum_….zip do sprawdzenia z jego spisem i z kopią salda, którą zawiera "
            "(można kilka razy)."
        ),
        "--format": "Postać wyniku.",
    },
    "register_check": {
        "--program": "program.xlsx z arkuszami Uczestnicy i Upoważnieni.",
        "--debts": "Zestawienie zadłużenia (dla max_zadluzenia).",
        "--date": "Dzień, na który sprawdzać terminy (domyślnie dziś).",
        "--format": "Postać wyniku.",
    },
    "register_queue": {
        "--program": "program.xlsx z arkuszem Uczestnicy.",
        "--date": "Dzień kolejki: kto jest w nim skierowany (domyślnie dziś).",
        "--format": "Postać wyniku.",
    },
    "serve": {
        "--port": "Port strony (domyślnie 8765; zajęty — wolny inny).",
        "--no-browser": "Nie otwiera przeglądarki (adres i tak jest wypisany).",
        "--data": "Folder na pliki miesięcy (wczytane i wyniki).",
    },
    "send_command": {
        "--to": "Adres PGM, na który idą wyniki.",
        "--from": "Nadawca (domyślnie email_nadawcy z programu, a bez niego --user).",
        "--smtp-host": "Serwer poczty; bez niego wiadomości trafiają do FOLDER/wysylka.",
        "--smtp-port": "Port serwera.",
        "--starttls": "Szyfrowane połączenie (STARTTLS).",
        "--user": "Login do serwera; hasło w zmiennej ODPRACOWANIE_SMTP_PASSWORD.",
        "--password-protect": "Załączniki zabezpieczone hasłem z ODPRACOWANIE_XLSX_PASSWORD.",
        "--templates": "Folder kart przygotowanych przez templates --month: wysyła je jednostkom.",
        "--month": "Miesiąc przygotowanych kart (z --templates).",
        "--program": "Program: jednostki i ich adresy (z --templates).",
    },
}
STOP_SEND_WHAT = "Podaj FOLDER wyników i --to albo --templates FOLDER_KART z --month i --program."


# -- the programme's documents' texts (SPEC §9): blocks of the default Word templates ---------
# (`writers.document_templates` writes them: "title", "h" a § heading, "p" a paragraph,
# "center", "right", "table" (heads, cells, loop, total row, widths in cm), "sign" (who signs);
# `{{ fields }}` as `core.documents` fills them; a dotted line where the office writes by hand.
DOC_LINE = "…………………………"
# The words that agree with the person's sex (from the PESEL), both forms when not known.
DOC_GENDER = {
    "M": {
        "pan_pani": "Pan",
        "zostal": "został",
        "zakwalifikowany": "zakwalifikowany",
        "y_a": "y",
        "y_a_present": "y",
    },
    "F": {
        "pan_pani": "Pani",
        "zostal": "została",
        "zakwalifikowany": "zakwalifikowana",
        "y_a": "a",
        "y_a_present": "a",
    },
    "?": {
        "pan_pani": "Pan/Pani",
        "zostal": "został(a)",
        "zakwalifikowany": "zakwalifikowany(-na)",
        "y_a": "y(-a)",
        "y_a_present": "y(-a)",
    },
}

DOC_DEBT = (
    "{{ zadluzenie }} (słownie: {{ zadluzenie_slownie }}), w tym należność główna "
    "{{ naleznosc_glowna }}, odsetki {{ odsetki }}{% if ma_koszty %}, koszty sądowe i "
    "egzekucyjne {{ koszty }}{% endif %}"
)
DOC_HEADER = ("right", "{{ miejscowosc }}, dnia {{ data }}")
DOC_ISSUER = ("p", "{{ zarzadca }}")
# The city in its official name, which keeps the nominative: "Gminy Miasto Żyrardów".
DOC_PROGRAMME = (
    "Programu spłaty zadłużenia za korzystanie z lokali wchodzących w skład mieszkaniowego "
    "zasobu Gminy Miasto {{ miasto }} w formie świadczenia niepieniężnego"
)


def _doc_agreement(
    title: str, annex: str, party: str, noun: str, made: str, it: str
) -> list[tuple]:
    """Załącznik 3 (`porozumienie` with a tenant) and 4 (`umowa` with a person without a
    tenancy title): the duties of §3. `noun`, `made`, `it`: the document's name, "concluded"
    and "it" in its gender (Porozumienie zawarte … je; Umowa zawarta … ją)."""
    return [
        ("right", "{{ miejscowosc }}, dnia {{ data_zawarcia }}"),
        ("title", title),
        ("center", f"({annex} do {DOC_PROGRAMME})"),
        ("center", "nr konta {{ nr_konta }}"),
        (
            "p",
            f"{made} w dniu {{{{ data_zawarcia }}}} pomiędzy Gminą Miasto {{{{ miasto }}}}, w "
            "imieniu której działa {{ zarzadca }}, zwaną dalej Wierzycielem, a "
            "{{ dluznik }}, PESEL {{ pesel }}, zamieszkał{{ y_a }}: {{ adres }}, " + party + ", "
            "zwan{{ y_a }} dalej Dłużnikiem (wniosek nr {{ nr_wniosku }} z dnia "
            "{{ data_wniosku }}, zakwalifikowan{{ y_a }} dnia {{ data_kwalifikacji }}).",
        ),
        ("h", "§ 1"),
        (
            "p",
            "Dłużnik oświadcza, że na dzień {{ stan_na }} jego zadłużenie z tytułu "
            "korzystania z lokalu wynosi " + DOC_DEBT + ".",
        ),
        ("h", "§ 2"),
        (
            "p",
            "Dłużnik spłaci zadłużenie, o którym mowa w § 1, w formie świadczenia rzeczowego "
            "(odpracowania) na rzecz Gminy Miasto {{ miasto }} i jej jednostek "
            "organizacyjnych, w miejscu i czasie wskazanym przez Wierzyciela, na podstawie "
            "skierowania (Załącznik nr 6) i pod nadzorem jednostki, do której zostanie "
            "skierowany (§ 3 ust. 3, § 4 ust. 1, § 5 ust. 15 Programu).",
        ),
        ("h", "§ 3"),
        ("p", "Wartość świadczenia ustala się według stawek Zarządu {{ zarzadca }} (§ 5 ust. 4):"),
        (
            "table",
            ("Kod", "Rodzaj pracy", "Jednostka", "Stawka"),
            ("{{ s.kod }}", "{{ s.rodzaj }}", "{{ s.jednostka }}", "{{ s.stawka }}"),
            "s in stawki",
            None,
            (2.0, 8.0, 4.0, 3.0),
        ),
        ("h", "§ 4"),
        (
            "p",
            "Świadczenie wykonywane jest w wymiarze nie mniejszym niż {{ min_godzin_tydzien }} "
            "godzin w tygodniu i nie większym niż {{ max_godzin_tydzien }} godzin w tygodniu "
            "oraz {{ max_godzin_miesiac }} godzin w miesiącu (§ 3 ust. 6).",
        ),
        ("h", "§ 5"),
        (
            "p",
            "Podstawą uznania odpracowania jest protokół odbioru prac sporządzony przez osobę "
            "nadzorującą; rozliczenie wykonanych prac osoba nadzorująca przekazuje co miesiąc "
            "do {{ zarzadca }}, a wysokość odpracowania zatwierdza Prezydent Miasta (§ 5 "
            "ust. 16–20). Wartość świadczenia pomniejsza zadłużenie w kolejności: "
            "{{ kolejnosc }} (§ 5 ust. 21).",
        ),
        ("h", "§ 6"),
        (
            "p",
            "Dłużnik: 1) ponosi koszt ubezpieczenia NNW za pełny miesiąc kalendarzowy (§ 3 "
            "ust. 4); 2) oświadcza, że czynności wykonuje na własną odpowiedzialność i nie "
            "będzie dochodzić od Gminy ani jej jednostek roszczeń z tytułu szkód, wypadków "
            "czy innych zdarzeń losowych (§ 3 ust. 5); 3) pokrywa straty spowodowane "
            "zniszczeniem lub uszkodzeniem powierzonego mienia i odpowiada za szkody "
            "wyrządzone osobom trzecim (§ 3 ust. 7); 4) wykonuje świadczenie wyłącznie w celu "
            "wygaśnięcia zobowiązania, nie uzyskuje z niego przychodu (§ 3 ust. 8); 5) reguluje "
            "na bieżąco w formie pieniężnej należności za zajmowany lokal, bez prawa zamiany "
            "ich na świadczenie rzeczowe (§ 3 ust. 9).",
        ),
        ("h", "§ 7"),
        (
            "p",
            "Odmowa wykonania {{ limit_odmow }} usług zleconych w ramach Programu powoduje "
            "wykreślenie z rejestru (§ 5 ust. 13). W imieniu i na rzecz Dłużnika świadczenie "
            "mogą wykonywać wskazane przez niego osoby pełnoletnie (§ 5 ust. 2): "
            f"{DOC_LINE}{DOC_LINE}.",
        ),
        ("h", "§ 8"),
        (
            "p",
            f"{noun} wchodzi w życie z dniem podpisania i obowiązuje do spłaty zadłużenia albo "
            f"wykreślenia z rejestru. Sporządzono {it} w dwóch jednobrzmiących egzemplarzach, "
            "po jednym dla każdej ze stron.",
        ),
        ("sign", ("Wierzyciel", "Dłużnik")),
    ]


DOCUMENT_TEXTS: dict[str, list[tuple]] = {
    "kwalifikacja": [
        DOC_HEADER,
        DOC_ISSUER,
        ("p", "Sz. P. {{ dluznik }}"),
        ("p", "{{ adres }}"),
        ("p", "nr konta {{ nr_konta }}, wniosek nr {{ nr_wniosku }} z dnia {{ data_wniosku }}"),
        ("title", "Informacja o zakwalifikowaniu do programu"),
        (
            "p",
            "Uprzejmie informujemy, że w dniu {{ data_kwalifikacji }} {{ pan_pani }} "
            "{{ zostal }} {{ zakwalifikowany }} do udziału w Programie spłaty zadłużenia za "
            "korzystanie z lokali wchodzących w skład mieszkaniowego zasobu Gminy Miasto "
            "{{ miasto }} w formie świadczenia niepieniężnego (§ 5 ust. 6–8 Programu).",
        ),
        ("p", "Zadłużenie na dzień {{ stan_na }} wynosi " + DOC_DEBT + "."),
        (
            "p",
            "W terminie {{ termin_dni }} dni od otrzymania niniejszej informacji, tj. do dnia "
            "{{ termin_podpisania }}, należy podpisać w siedzibie {{ zarzadca }} "
            "{{ dokumenty_do_podpisania }} (§ 5 ust. 9–10).",
        ),
        (
            "p",
            "Zakwalifikowanie do programu nie rodzi roszczenia o niezwłoczne otrzymanie "
            "konkretnej propozycji pracy (§ 5 ust. 8). O przedstawieniu propozycji decyduje "
            "kolejność zgłoszeń; koordynator programu poinformuje o możliwości wykonania "
            "konkretnej pracy (§ 5 ust. 11–12). Odmowa wykonania {{ limit_odmow }} zleconych "
            "usług powoduje wykreślenie z rejestru (§ 5 ust. 13).",
        ),
        (
            "p",
            "Uczestnik programu ponosi koszt ubezpieczenia NNW za pełny miesiąc kalendarzowy "
            "(§ 3 ust. 4). Udział w programie nie zwalnia z bieżącego regulowania czynszu i "
            "opłat w formie pieniężnej (§ 3 ust. 9).",
        ),
        ("sign", ("", "koordynator programu, za Zarząd {{ zarzadca }}")),
    ],
    "aneks": [
        ("right", "{{ miejscowosc }}, dnia {{ data_zawarcia }}"),
        ("title", f"Aneks nr {DOC_LINE} do umowy najmu lokalu mieszkalnego nr {DOC_LINE}"),
        ("center", f"(Załącznik nr 2 do {DOC_PROGRAMME})"),
        (
            "p",
            "zawarty w dniu {{ data_zawarcia }} pomiędzy Gminą Miasto {{ miasto }}, w imieniu "
            "której działa {{ zarzadca }}, zwaną dalej Wynajmującym, a {{ dluznik }}, PESEL "
            "{{ pesel }}, najemcą lokalu: {{ adres }} (nr konta {{ nr_konta }}), zwan{{ y_a }} "
            "dalej Najemcą.",
        ),
        ("h", "§ 1"),
        (
            "p",
            "Strony zgodnie stwierdzają, że na dzień {{ stan_na }} zadłużenie Najemcy z tytułu "
            "najmu lokalu wynosi " + DOC_DEBT + ".",
        ),
        ("h", "§ 2"),
        (
            "p",
            "Wynajmujący wyraża zgodę na spłatę zadłużenia, o którym mowa w § 1, w formie "
            f"świadczenia niepieniężnego na zasadach {DOC_PROGRAMME} oraz porozumienia "
            "zawartego w dniu {{ data_zawarcia }} (Załącznik nr 3 do Programu).",
        ),
        ("h", "§ 3"),
        (
            "p",
            "Najemca zobowiązuje się do bieżącego regulowania czynszu i opłat niezależnych od "
            "właściciela w formie pieniężnej, w obowiązujących terminach i wysokości, bez "
            "prawa zamiany tych należności na świadczenie rzeczowe (§ 3 ust. 9 Programu).",
        ),
        ("h", "§ 4"),
        (
            "p",
            "Pozostałe postanowienia umowy najmu nie ulegają zmianie. Aneks sporządzono w "
            "dwóch jednobrzmiących egzemplarzach, po jednym dla każdej ze stron.",
        ),
        ("sign", ("Wynajmujący", "Najemca")),
    ],
    "porozumienie": _doc_agreement(
        "Porozumienie dotyczące spłaty zadłużenia czynszowego w formie świadczenia niepieniężnego",
        "Załącznik nr 3",
        "najemcą tego lokalu",
        "Porozumienie",
        "zawarte",
        "je",
    ),
    "umowa": _doc_agreement(
        "Umowa dotycząca spłaty zadłużenia czynszowego w formie świadczenia niepieniężnego",
        "Załącznik nr 4",
        "zajmując{{ y_a_present }} ten lokal bez tytułu prawnego",
        "Umowa",
        "zawarta",
        "ją",
    ),
    "skierowanie": [
        DOC_HEADER,
        DOC_ISSUER,
        ("title", "Skierowanie nr {{ nr_skierowania }}"),
        ("center", f"(Załącznik nr 6 do {DOC_PROGRAMME})"),
        (
            "p",
            "{{ zarzadca }} kieruje do wykonywania świadczenia rzeczowego uczestnika programu: "
            "{{ dluznik }}, zam. {{ adres }}, nr konta {{ nr_konta }} — do jednostki "
            "{{ jednostka }} ({{ kod_jednostki }}), pod nadzór: {{ nadzorujacy }}, na okres od "
            "{{ od }} do {{ do }} (§ 4 ust. 1, § 5 ust. 15).",
        ),
        ("p", "Zadłużenie do odpracowania na dzień {{ stan_na }}: " + DOC_DEBT + "."),
        ("p", f"Rodzaj prac: {DOC_LINE}{DOC_LINE}{DOC_LINE}"),
        (
            "p",
            "Czas pracy: nie mniej niż {{ min_godzin_tydzien }} i nie więcej niż "
            "{{ max_godzin_tydzien }} godzin w tygodniu oraz {{ max_godzin_miesiac }} godzin "
            "w miesiącu (§ 3 ust. 6).",
        ),
        (
            "p",
            "Jednostka przed rozpoczęciem prac przeprowadza instruktaż BHP i przepisów "
            "przeciwpożarowych (§ 4 ust. 2) i zapewnia narzędzia, materiały, sprzęt i środki "
            "czystości (§ 4 ust. 3). Osoba nadzorująca sporządza protokoły odbioru prac "
            "(§ 5 ust. 16) i co miesiąc przekazuje do {{ zarzadca }} rozliczenie wykonanych "
            "prac na karcie pracy programu (§ 5 ust. 17).",
        ),
        ("sign", ("koordynator programu", "przyjęto do realizacji (jednostka)")),
        ("sign", ("", "uczestnik programu")),
    ],
    "wniosek": [
        DOC_HEADER,
        DOC_ISSUER,
        ("right", "Prezydent Miasta"),
        ("title", "Wniosek o zatwierdzenie wysokości odpracowania zadłużenia za {{ miesiac }}"),
        (
            "p",
            "Zarząd {{ zarzadca }} wnosi o zatwierdzenie wysokości odpracowania zadłużenia za "
            "{{ miesiac }} (podstawa: {{ podstawa_programu }}) w kwocie {{ razem }} (słownie: "
            "{{ razem_slownie }}); uczestników programu: {{ liczba_dluznikow }}, godzin pracy: "
            "{{ godziny_razem }}; zestawienie:",
        ),
        (
            "table",
            (
                "Lp.",
                "Nr konta",
                "Dłużnik",
                "Godziny",
                "Należność główna",
                "Odsetki",
                "Koszty",
                "Razem",
            ),
            (
                "{{ p.lp }}",
                "{{ p.nr_konta }}",
                "{{ p.dluznik }}",
                "{{ p.godziny }}",
                "{{ p.naleznosc_glowna }}",
                "{{ p.odsetki }}",
                "{{ p.koszty }}",
                "{{ p.razem }}",
            ),
            "p in pozycje",
            (
                "",
                "",
                "Razem",
                "{{ godziny_razem }}",
                "{{ razem_naleznosc_glowna }}",
                "{{ razem_odsetki }}",
                "{{ razem_koszty }}",
                "{{ razem }}",
            ),
            (0.9, 1.7, 3.7, 1.6, 2.4, 2.1, 2.0, 2.5),
        ),
        (
            "p",
            "Wartość świadczeń ustalono na podstawie protokołów odbioru prac i rozliczeń "
            "przekazanych przez osoby nadzorujące (§ 5 ust. 16–18); pomniejsza ona zadłużenie "
            "w kolejności: {{ kolejnosc }} (§ 5 ust. 21). Szczegóły: zestawienie i karty "
            "dłużników za {{ miesiac }}.",
        ),
        ("sign", ("Zarząd {{ zarzadca }}", "Zatwierdzam: Prezydent Miasta")),
    ],
}


# -- the clerk's desk: the local web page (SPEC §10, `serve`) ------------------------------------
WEB_DATA_FOLDER = "odpracowanie_dane"  # under the user's home folder, unless --data
WEB_INPUTS, WEB_RESULTS = "wejscie", "wyniki"  # a month's folders in the data folder
# How the page says what a message names as a command-line option (the clerk there has no
# command line): first whole phrases whose advice differs on the page, then each option as
# the field or box of the page's forms (`page_text`; a test runs every message the page can
# show through it).
_RUN_BUTTON = "przycisk „Rozlicz miesiąc i zapisz wyniki”"
PAGE_PHRASES = {
    EARLIER_RUN_TODO: "podaj inny numer dokumentu (korekty albo decyzji)",
    "użyj --force, aby je zastąpić": "podaj inny numer dokumentu (korekty albo decyzji)",
    RERUN_FORCE.capitalize(): "Rozlicz miesiąc jeszcze raz (" + _RUN_BUTTON + ")",
    RERUN_FORCE: "rozlicz miesiąc jeszcze raz (" + _RUN_BUTTON + ")",
    " (ODPRACOWANIE_SMTP_PASSWORD)": "",
    " (w wierszu poleceń: bez --starttls)": "",
}
PAGE_OPTIONS = {
    "--month": "miesiąc rozliczenia",
    "--debts": "zadłużenie",
    "--history": "saldo poprzedniego miesiąca",
    "--payments": "wpłaty",
    "--reject": "odrzucone konta",
    "--account": "konto",
    "--row": "wiersz",
    "--out": "folder wyników",
    "--from": "adres nadawcy (email_nadawcy w arkuszu Parametry programu)",
    "--allow-gap": "pola „w pominiętym okresie nie było prac” przy wczytywaniu miesiąca",
}
_OPTION = re.compile(r"--[a-z][a-z-]*")


def page_text(text: str) -> str:
    """A message as the page shows it: `sprawdź --month` -> `sprawdź miesiąc rozliczenia`."""
    for phrase, said in PAGE_PHRASES.items():
        text = text.replace(phrase, said)
    return _OPTION.sub(lambda found: PAGE_OPTIONS.get(found.group(), found.group()), text)


WEB = {
    "app": "Odpracowanie zadłużenia — rozliczenie miesiąca",
    "skip": "Przejdź do treści",
    "home": "Miesiące",
    "new_title": "Nowe rozliczenie miesiąca",
    "new_help": (
        "Wybierz pliki miesiąca: program, zadłużenie (arkusz albo eksport CSV z systemu F-K) "
        "i karty pracy (pliki albo cały folder). Nic nie jest jeszcze zapisywane w saldach."
    ),
    "month": "Miesiąc rozliczenia (RRRR-MM)",
    "program": "Program (program.xlsx)",
    "debts": "Zadłużenie albo saldo poprzedniego miesiąca (xlsx) albo eksport F-K (csv)",
    "history": "Saldo poprzedniego miesiąca, gdy zadłużenie to eksport F-K (nieobowiązkowe)",
    "payments": "Wpłaty (model krakowski, nieobowiązkowe)",
    "timesheets": "Karty pracy (pliki)",
    "folder": "albo cały folder z kartami",
    "allow_gap": (
        "W pominiętym okresie nie było prac (saldo jest z miesiąca wcześniejszego niż "
        "poprzedni, a w miesiącach pomiędzy nie było czego rozliczać)"
    ),
    "upload": "Wczytaj i sprawdź",
    "months": "Wczytane miesiące",
    "no_months": "Nie wczytano jeszcze żadnego miesiąca.",
    "open": "otwórz",
    "check_title": "Sprawdzenie kart za {month}",
    "inputs": "Pliki",
    "totals": "Podsumowanie (nic jeszcze nie zapisano)",
    "files": "Plików",
    "rows": "Wierszy",
    "credited_debtors": "Dłużników do zaliczenia",
    "withheld_debtors": "Dłużników wstrzymanych",
    "to_credit": "Do zaliczenia",
    "errors": "Błędy",
    "warnings": "Ostrzeżenia",
    "filter": "Pokaż",
    "severity": "Waga",
    "all": "wszystkie",
    "code": "Kod",
    "apply": "Filtruj",
    "by_unit": "Według jednostek (osoby nadzorujące)",
    "by_debtor": "Według dłużników",
    "unit_none": "bez jednostki (program, zadłużenie, plik nieczytelny)",
    "debtor_none": "bez dłużnika",
    "no_issues": "Brak błędów i ostrzeżeń.",
    "heads": ("Plik", "Arkusz", "Komórka", "Konto", "Waga", "Kod", "Opis"),
    "debtors": "Dłużnicy miesiąca",
    "debtor_heads": (
        "Nr konta",
        "Dłużnik",
        "Godziny",
        "Wartość",
        "Zaliczono",
        "Zadłużenie po",
        "Stan",
    ),
    "state_ok": "do zaliczenia",
    "state_withheld": "wstrzymany",
    "card": "karta",
    "run": "Rozlicz miesiąc i zapisz wyniki",
    "run_help": (
        "Zapisuje saldo, zestawienie, karty dłużników, raport błędów, polecenie księgowania i "
        "archiwum; saldo jest zadłużeniem na następny miesiąc."
    ),
    "card_title": "Karta dłużnika {account} — {name}",
    "card_month": "Rozliczenie za {month}",
    "card_rows": "Prace zaliczane w miesiącu",
    "card_row_heads": ("Data", "Jednostka", "Kod pracy", "Ilość", "Wartość"),
    "card_issues": "Błędy i ostrzeżenia dłużnika",
    "before": "Zadłużenie przed",
    "after": "Zadłużenie po",
    "back": "Wróć do sprawdzenia",
    "results_title": "Wyniki rozliczenia za {month}",
    "outputs": "Pliki wyników (do pobrania)",
    "to_fix": "Kopie kart z zaznaczonymi błędami",
    "send_title": "Wysyłka",
    "send_help": (
        "Bez serwera poczty wiadomości zapisują się jako pliki .eml (do otwarcia w Outlooku "
        "albo Thunderbirdzie)."
    ),
    "to": "Adres PGM (księgowość)",
    "smtp": "Serwer poczty (nieobowiązkowe)",
    "smtp_port": "Port",
    "smtp_user": "Login",
    "smtp_password": "Hasło",
    "send": "Przygotuj / wyślij wiadomości",
    "sent_drafts": "Zapisano wiadomości: {count}.",
    "sent": "Wysłano: {count}.",
    "not_sent": "Nie wysłano: {name} — {reason}",
    "skipped": "Pominięto: {note}",
    "error": "Nie udało się",
    "missing": "Brakuje pliku: {what}.",
    "bad_month": "Miesiąc „{value}” — wpisz RRRR-MM, np. 2026-10.",
    "bad_type": "Plik {name}: nieobsługiwany rodzaj (dozwolone: {allowed}).",
    "too_big": "Pliki są za duże (najwyżej {limit} MB naraz).",
    "forbidden": (
        "Brak dostępu: otwórz stronę z adresu, który wypisało polecenie odpracowanie serve "
        "(z kluczem token)."
    ),
    "bad_host": (
        "Brak dostępu: stronę otwiera się tylko adresem tego komputera (127.0.0.1 albo "
        "localhost) z numerem portu, który wypisało polecenie odpracowanie serve."
    ),
    "forged": (
        "Brak dostępu: to polecenie nie przyszło z formularza tej strony, więc niczego nie "
        "zmieniono. Otwórz stronę od nowa i użyj jej przycisku."
    ),
    "not_found": "Nie ma takiej strony ani pliku.",
    "internal": (
        "Błąd wewnętrzny programu; nic z tego działania nie zapisano. Szczegóły zapisano w "
        "pliku {log} — przekaż go opiekunowi programu."
    ),
    "internal_no_log": (
        "Błąd wewnętrzny programu; nic z tego działania nie zapisano. Szczegółów nie udało się "
        "zapisać — zgłoś opiekunowi programu, co kliknięto."
    ),
    "disk_full": "brak miejsca na dysku",
    "write_failed": "błąd zapisu na dysku",
    "not_stored": (
        "Nie udało się zapisać wczytanych plików ({error}); nic nie wczytano. Sprawdź miejsce "
        "na dysku i spróbuj jeszcze raz."
    ),
    "month_loaded": "wyniki miesiąca {month} wczytanego {created}",
    "document_taken": (
        "Korekta o numerze dokumentu {document} już jest w tym miesiącu; nic nie zapisano. "
        "Każda korekta ma własny numer dokumentu — wpisz następny."
    ),
    "confirm_title": "Potwierdź",
    "confirm_correct": (
        "Korekta {document}: cofnąć zaliczenie konta {account} {debtor} za {month} — "
        "{amount} wróci na zadłużenie. Powód: {reason}. Powstanie nowe saldo, dokument korekty "
        "i polecenie księgowania."
    ),
    "confirm_correct_button": "Tak, zapisz korektę",
    "confirm_approve": (
        "Decyzja {decision} z dnia {day} za {month}: zatwierdzić zaliczenie {approved} kont; "
        "odrzucić: {rejected}. Zaliczenie odrzuconych wróci na zadłużenie. Miesiąc ma jedną "
        "decyzję — później można ją zmienić tylko korektą konta."
    ),
    "confirm_approve_button": "Tak, zapisz decyzję",
    "none_rejected": "żadnego",
    "confirm_delete": (
        "Usunąć z listy miesiąc {month} wczytany {created}? Jego pliki i wyniki trafią do "
        "folderu kosz w folderze danych (nic nie zostanie skasowane)."
    ),
    "confirm_delete_button": "Tak, usuń z listy",
    "cancel": "Wróć bez zmian",
    "delete": "Usuń ten miesiąc z listy",
    "reversed_all": "zaliczenie cofnięte w całości ({by})",
    "plain_smtp": "serwer bez szyfrowania (tylko sieć urzędu)",
    "prepared_title": "Karty pracy jednostek na {month}",
    "prepared_help": (
        "Karta przygotowana dla jednostki zna osoby skierowane do niej w tym miesiącu i zaznacza "
        "na czerwono błędy już przy wpisywaniu (data spoza miesiąca lub skierowania, ponad 24 h "
        "w dniu, konto lub kod spoza listy). Bez PESEL, adresów i sald. Wyślij ją osobie "
        "nadzorującej (odpracowanie send --templates albo zwykłym e-mailem)."
    ),
    "prepared_link": "{unit} — karta pracy ({count} os.)",
    "run_totals": "Co zrobiło rozliczenie",
    "run_value": "Zaliczono",
    "run_credited": "Dłużników zaliczonych",
    "run_pending": "Czeka na zaksięgowanie w F-K (wcześniejsze miesiące)",
    "nothing_credited": (
        "Nic nie zaliczono: wszyscy dłużnicy miesiąca są wstrzymani. Błędy i ich komórki są w "
        "pliku bledy_…; kopie kart z zaznaczonymi błędami — w folderze do_poprawy."
    ),
    "loaded": "wczytany {created}",
    "state_new": "niesprawdzony",
    "state_run": "rozliczony",
    "state_corrected": "po korekcie lub decyzji",
    "footer": "Strona działa tylko na tym komputerze (127.0.0.1).",
    "credits": "Zaliczenia miesiąca w saldzie",
    "passed_over": "Pominięte pliki",
    "refused_kind": "nie wczytano: to nie jest arkusz ani typowy plik zamiast karty",
    "credit_heads": (
        "Nr konta",
        "Dłużnik",
        "Zaliczono",
        "Zatwierdzenie",
        "Korekta całego miesiąca",
    ),
    "reason": "Powód korekty",
    "document": "Nr dokumentu korekty",
    "correct": "Koryguj",
    "approve_title": "Decyzja Prezydenta (§5.20)",
    "decision": "Decyzja (np. Zarządzenie 123/2026)",
    "day": "Data decyzji (RRRR-MM-DD)",
    "reject": "Odrzucone konta (zaliczenie cofane korektą)",
    "approve": "Zapisz decyzję",
    "correct_missing": "Korekta wymaga salda miesiąca, powodu i numeru dokumentu.",
    "approve_missing": "Decyzja wymaga salda miesiąca i numeru decyzji.",
    "bad_day": "Data decyzji — wpisz RRRR-MM-DD, np. 2026-11-20.",
    "done": "Zrobione",
    "run_after_correction": (
        "Ten miesiąc ma już korektę albo decyzję Prezydenta (aktualne saldo: {ledger}); nie "
        "rozliczaj go od nowa, bo przepadłyby. Poprawione karty wczytaj jako nowy miesiąc z "
        "tym saldem jako zadłużeniem."
    ),
    "changes_sent_already": (
        "Korekty i decyzje tego miesiąca już wysłano ({folders}); nic nie wysłano drugi raz. "
        "Wyniki samego rozliczenia po korekcie nie idą (ich saldo nie jest już aktualne)."
    ),
    "decided_already": (
        "Ten miesiąc ma już decyzję Prezydenta ({decision}); drugiej nie zapisano. Zmianę "
        "decyzji wpisz jako korektę konta."
    ),
    "bad_port": "Port serwera poczty — wpisz liczbę, np. 25 albo 587.",
    "not_allowed": "Tę stronę otwiera przycisk formularza; wróć i użyj go.",
    "current": "aktualne saldo",
    "found": "Co znaleziono",
}
WEB_OPENER = """<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="1;url={url}">
<title>Odpracowanie zadłużenia — rozliczenie miesiąca</title>
</head>
<body>
<p>Otwieranie strony rozliczenia… Jeśli nic się nie dzieje, kliknij:
<a href="{url}">{url}</a></p>
</body>
</html>
"""
SAY_SERVE = (
    "Strona rozliczenia działa pod adresem:\n  {url}\nDane miesięcy: {data}\nZatrzymanie: Ctrl+C."
)
