"""Issues: every finding of the program, as data, with one catalogue of codes (SPEC §3).

An issue points at what a person sees: the file, the sheet, the cell (`H14`) and its row (14).
No rule writes Polish or chooses a severity; both come from `CATALOGUE` through `make_issue`.
Rendering (a text line, JSON, a sheet of errors, cell comments) lives in `render_*` below and in
the writers.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass, field

from odpracowanie import labels


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def polish(self) -> str:
        return labels.SEVERITY_ERROR if self is Severity.ERROR else labels.SEVERITY_WARNING


@dataclass(frozen=True)
class Issue:
    file: str
    sheet: str
    cell: str
    row: int | None
    column: str
    account: str
    severity: Severity
    code: str
    message: str
    # What the message was made of (found, expected, the day …), by the template's names: for
    # programs and tests, which need not read Polish. Not part of an issue's identity.
    details: tuple[tuple[str, object], ...] = field(default=(), compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def fields(self) -> dict[str, object]:
        return dict(self.details)


class Who(enum.Enum):
    """Who can set right what an issue finds (SPEC §3, "Issues are for people")."""

    SUPERVISOR = "supervisor"  # a cell of the timesheet: the unit's supervisor corrects it
    COORDINATOR = "coordinator"  # the register or the programme: the coordinator
    OFFICE = "office"  # the clerk's own business (the ledger, corrections) or nobody's


@dataclass(frozen=True)
class Entry:
    severity: Severity
    who: Who
    reason: str  # a few Polish words for pages without codes (the summary, a debtor card)
    template: str


E, W = Severity.ERROR, Severity.WARNING
SUPERVISOR, COORDINATOR, OFFICE = Who.SUPERVISOR, Who.COORDINATOR, Who.OFFICE

CATALOGUE: dict[str, Entry] = {
    # -- files ----------------------------------------------------------------------------------
    "FILE_UNREADABLE": Entry(
        E,
        SUPERVISOR,
        "nieczytelny plik karty pracy",
        "Nie można odczytać pliku: {reason}. Zapisz go ponownie w "
        "programie Excel lub LibreOffice jako skoroszyt .xlsx "
        "(bez hasła) i prześlij jeszcze raz.",
    ),
    "HEADER_MISSING": Entry(
        E,
        SUPERVISOR,
        "karta pracy niezgodna ze wzorem",
        "{what}. Porównaj nazwy arkuszy i kolumn ze wzorem "
        "(odpracowanie templates) i nie zmieniaj ich.",
    ),
    "TEMPLATE_VERSION": Entry(
        W,
        SUPERVISOR,
        "karta pracy na nieaktualnym wzorze",
        "{what}; aktualna wersja wzoru to {expected}. Przy następnym "
        "rozliczeniu użyj aktualnego wzoru karty pracy.",
    ),
    "MONTH_MISMATCH": Entry(
        E,
        SUPERVISOR,
        "karta pracy za inny miesiąc",
        "Karta dotyczy miesiąca {found}, a rozliczany jest miesiąc "
        "{expected}. Prześlij kartę za właściwy miesiąc.",
    ),
    "UNIT_UNKNOWN": Entry(
        E,
        SUPERVISOR,
        "nieznana jednostka organizacyjna w karcie pracy",
        "Jednostka organizacyjna {found} nie występuje w arkuszu Jednostki "
        "programu; dozwolone kody: {expected}.",
    ),
    "TOTAL_NOT_LAST": Entry(
        W,
        SUPERVISOR,
        "wpis pod wierszem podsumowania karty",
        "Wiersz pracy wpisano pod wierszem podsumowania (wiersz "
        "{total}); został odczytany i sprawdzony jak pozostałe. Sprawdź, "
        "czy podsumowanie obejmuje wszystkie wiersze.",
    ),
    "DUPLICATE_FILE": Entry(
        W,
        OFFICE,
        "ta sama karta pracy przesłana dwa razy",
        "Plik zawiera te same wiersze co {other}; ta kopia została pominięta w całości.",
    ),
    "MAIL_NO_TIMESHEET": Entry(
        W,
        OFFICE,
        "wiadomość e-mail bez karty pracy",
        "Wiadomość {message} (od: {sender}, temat: {subject}) nie zawiera karty pracy: "
        "{reason}. Jeśli karta miała w niej być, poproś nadawcę o przesłanie jej jako "
        "załącznika .xlsx.",
    ),
    "MAIL_ATTACHMENT_NOT_READ": Entry(
        W,
        OFFICE,
        "załącznik wiadomości, którego nie przeczytano jako karty",
        "Wiadomość {message} (od: {sender}, temat: {subject}) przyniosła oprócz kart pracy "
        "także: {names}. Tego nie przeczytano jako karty pracy; jeśli to karta (np. zdjęcie "
        "albo PDF), poproś nadawcę o przesłanie jej jako arkusza .xlsx.",
    ),
    # -- program and debt workbooks ------------------------------------------------------------
    "PARAM_UNKNOWN": Entry(
        E,
        COORDINATOR,
        "błąd w parametrach programu",
        "Nieznany parametr {found}; dozwolone: {expected}.",
    ),
    "PARAM_INVALID": Entry(
        E,
        COORDINATOR,
        "błąd w parametrach programu",
        "Nieprawidłowa wartość parametru {name}: {found}; dozwolona wartość: {expected}.",
    ),
    "RATE_OVERLAP": Entry(
        E,
        COORDINATOR,
        "błąd w stawkach programu",
        "Okresy obowiązywania stawek dla kodu {work} nakładają się "
        "({first} i {second}); popraw daty w arkuszu Stawki.",
    ),
    "DUPLICATE_ACCOUNT": Entry(
        E,
        COORDINATOR,
        "konto wpisane dwa razy",
        "Nr konta {account} występuje więcej niż raz (także w wierszu "
        "{other}); każde konto może mieć tylko jeden wiersz.",
    ),
    # -- rows -----------------------------------------------------------------------------------
    "VALUE_INVALID": Entry(
        E,
        SUPERVISOR,
        "nieprawidłowy wpis w karcie pracy",
        "Nieprawidłowa wartość {found} w kolumnie {column}; dozwolone: {expected}.",
    ),
    "VALUE_MISSING": Entry(
        E,
        SUPERVISOR,
        "niewypełniona rubryka karty pracy",
        "Brak wartości w kolumnie {column}; uzupełnij komórkę.",
    ),
    "DATE_INVALID": Entry(
        E,
        SUPERVISOR,
        "nieprawidłowa data pracy",
        "Nieprawidłowa data {found}; wpisz datę jako dd.mm.rrrr (np. 05.10.2026).",
    ),
    "DATE_OUTSIDE_MONTH": Entry(
        E,
        SUPERVISOR,
        "data pracy spoza rozliczanego miesiąca",
        "Data {found} nie należy do rozliczanego miesiąca {expected}.",
    ),
    "NUMBER_INVALID": Entry(
        E,
        SUPERVISOR,
        "nieprawidłowa liczba w karcie pracy",
        "Nieprawidłowa liczba {found} w kolumnie {column}{why}; wpisz liczbę (np. 7,5).",
    ),
    "QTY_NONPOSITIVE": Entry(
        E, SUPERVISOR, "zerowa lub ujemna ilość pracy", "Ilość {found} musi być większa od zera."
    ),
    "QTY_DAY_MAX": Entry(
        E,
        SUPERVISOR,
        "ponad 24 godziny pracy jednej osoby w ciągu doby",
        "{worker} ma {found} h pracy dnia {day} (łącznie we wszystkich "
        "kartach); doba ma najwyżej 24 h.",
    ),
    "UNIT_INVALID": Entry(
        E,
        SUPERVISOR,
        "nieprawidłowa jednostka miary pracy",
        "Jednostka {found} {what}; dozwolone: {expected}.",
    ),
    "WORK_CODE_UNKNOWN": Entry(
        E,
        SUPERVISOR,
        "nieznany rodzaj pracy",
        "Kod pracy {found} nie występuje w arkuszu Stawki programu; dozwolone kody: {expected}.",
    ),
    "RATE_MISSING": Entry(
        E,
        COORDINATOR,
        "brak stawki za ten rodzaj pracy",
        "Brak stawki PGM dla kodu {work} na dzień {day}; sprawdź kod "
        "pracy i datę albo uzupełnij arkusz Stawki.",
    ),
    "RATE_MISMATCH": Entry(
        E,
        SUPERVISOR,
        "stawka niezgodna ze stawką PGM",
        "Stawka {found} ≠ stawka PGM {expected} dla {work} od {since}.",
    ),
    "AMOUNT_MISMATCH": Entry(
        E,
        SUPERVISOR,
        "źle wyliczona wartość pracy",
        "Wartość {found} ≠ {qty} × {rate} = {expected}.",
    ),
    "ACCEPTANCE_INVALID": Entry(
        E,
        SUPERVISOR,
        "nieprawidłowy wpis w rubryce Odebrano",
        "W kolumnie Odebrano jest {found}; wpisz TAK albo NIE.",
    ),
    "PROTOCOL_MISSING": Entry(
        E,
        SUPERVISOR,
        "brak numeru protokołu odbioru pracy",
        "Praca odebrana (TAK) bez numeru protokołu odbioru (§5.16); wpisz numer protokołu.",
    ),
    "ACCOUNT_UNKNOWN": Entry(
        E,
        SUPERVISOR,
        "nieznany numer konta",
        "Nr konta {found} nie występuje w zestawieniu zadłużenia; sprawdź numer konta.",
    ),
    "NAME_MISMATCH": Entry(
        W,
        SUPERVISOR,
        "nazwisko niezgodne z rejestrem",
        "Dłużnik {found} ≠ {expected} w rejestrze dla konta {account}.",
    ),
    "DUPLICATE_ROW": Entry(
        E,
        SUPERVISOR,
        "ta sama praca wpisana dwa razy",
        "Ten sam wpis ({what}) występuje także w {other}.",
    ),
    # -- debtors --------------------------------------------------------------------------------
    "HOURS_WEEK_MAX": Entry(
        E,
        SUPERVISOR,
        "przekroczony tygodniowy limit godzin",
        "Konto {account}: {found} h w tygodniu {week}; dopuszczalne "
        "najwyżej {expected} h tygodniowo (§3.6).",
    ),
    "HOURS_MONTH_MAX": Entry(
        E,
        SUPERVISOR,
        "przekroczony miesięczny limit godzin",
        "Konto {account}: {found} h w miesiącu {month}; dopuszczalne "
        "najwyżej {expected} h miesięcznie (§3.6).",
    ),
    "HOURS_WEEK_MIN": Entry(
        W,
        OFFICE,
        "mniej godzin w tygodniu niż minimum",
        "Konto {account}: tylko {found} h w tygodniu {week}; minimum to "
        "{expected} h tygodniowo (§3.6).",
    ),
    "NOT_PARTICIPANT": Entry(
        E,
        COORDINATOR,
        "osoba nie jest uczestnikiem programu",
        "Konto {account} ({name}) {what}; praca nie może być zaliczona.",
    ),
    "BEFORE_AGREEMENT": Entry(
        E, COORDINATOR, "praca przed zawarciem porozumienia", "Praca dnia {day} przed {what}{more}."
    ),
    "NO_BHP": Entry(
        E, COORDINATOR, "brak szkolenia BHP", "Praca dnia {day}, a {what} (§4.2){more}."
    ),
    "NO_INSURANCE": Entry(
        E, COORDINATOR, "brak ubezpieczenia NNW", "Konto {account}: {what} (§3.4)."
    ),
    "WORKER_NOT_AUTHORIZED": Entry(
        E,
        COORDINATOR,
        "pracę wykonała osoba nieupoważniona",
        "Wykonawca {worker} nie jest dłużnikiem ani osobą upoważnioną dla konta {account} (§5.2).",
    ),
    "WORKER_MINOR": Entry(
        E,
        COORDINATOR,
        "pracę wykonała osoba niepełnoletnia",
        "{worker} (PESEL {pesel}) w dniu {day} nie ma 18 lat; osoba "
        "upoważniona musi być pełnoletnia (§5.2).",
    ),
    "PESEL_INVALID": Entry(
        E,
        COORDINATOR,
        "nieprawidłowy PESEL w rejestrze",
        "Nieprawidłowy PESEL {found} ({who}): {reason}.",
    ),
    "DEBT_OVER_LIMIT": Entry(
        E,
        COORDINATOR,
        "zadłużenie ponad limit programu",
        "{name}: zadłużenie {found} przekracza limit programu {limit} "
        "(max_zadluzenia); osoba nie może być zakwalifikowana.",
    ),
    "ARREARS_TOO_RECENT": Entry(
        E,
        COORDINATOR,
        "zaległość za krótka do kwalifikacji",
        "{name}: zaległość od {since} ma mniej niż {limit} mies. (min_wiek_zaleglosci_"
        "miesiecy); osoba może być zakwalifikowana od {eligible}.",
    ),
    "SIGNING_OVERDUE": Entry(
        W,
        COORDINATOR,
        "minął termin podpisania porozumienia",
        "{name}: zakwalifikowano {since}, minęło {days} dni bez "
        "podpisanego porozumienia (termin {limit} dni, §5.9–10).",
    ),
    "REFUSALS_LIMIT": Entry(
        W,
        COORDINATOR,
        "osiągnięty limit odmów pracy",
        "{name}: {refusals} pracy (limit {limit}, §5.13); do wykreślenia z rejestru.",
    ),
    "PARTICIPATION_TOO_LONG": Entry(
        W,
        COORDINATOR,
        "przekroczony najdłuższy okres udziału",
        "{name}: udział od {since} kończy się {end} (najwyżej {limit} miesięcy); {what}",
    ),
    "ALREADY_CREDITED": Entry(
        W,
        OFFICE,
        "praca już zaliczona",
        "{count} — zaliczono je już w rozliczeniu za {months} (arkusz "
        "Historia prac); pominięto, nie zostaną zaliczone drugi raz.",
    ),
    "CREDITED_ROW_CHANGED": Entry(
        E,
        OFFICE,
        "zmiana pracy już zaliczonej (najpierw korekta)",
        "Konto {account}, {day}, {work}: zaliczono już {credited} "
        "({value}; rozliczenie za {months}, karta {files}), a karta "
        "podaje teraz: {now}. Zaliczonej pracy nie zmienia się "
        "kartą: najpierw korekta (odpracowanie correct), potem "
        "rozlicz tę kartę ponownie.",
    ),
    # -- the ledger (odpracowanie ledger check) -------------------------------------------------
    "LEDGER_BALANCE": Entry(
        E,
        OFFICE,
        "niezgodność w ewidencji rozliczeń",
        "Rachunek się nie zgadza: w komórce jest {found}, a powinno być "
        "{expected}. Saldo zmieniono ręcznie? Popraw je korektą, nie "
        "wpisując wartości.",
    ),
    "LEDGER_CELL_EDITED": Entry(
        E,
        OFFICE,
        "komórka ewidencji rozliczeń zmieniona ręcznie",
        "{what}: w komórce {found}, a z pozostałych komórek wynika {expected}. Najpewniej tę "
        "komórkę zmieniono ręcznie (gdy zmieniono kilka komórek naraz, wskaże je dopiero "
        "porównanie z archiwum salda): przywróć jej wartość albo saldo z archiwum; zaliczenie "
        "zmienia się tylko korektą (odpracowanie correct).",
    ),
    "LEDGER_HISTORY": Entry(
        E,
        OFFICE,
        "niezgodność w ewidencji rozliczeń",
        "Historia rozliczeń za {month} podaje {found}, a wiersze arkusza "
        "Historia prac dają {expected}.",
    ),
    "LEDGER_REVERSAL": Entry(
        E, OFFICE, "niezgodność w ewidencji rozliczeń", "Zapis korygujący wiersza {row_id} {what}."
    ),
    "LEDGER_CHAIN": Entry(
        E,
        OFFICE,
        "salda zmienione między rozliczeniami",
        "Saldo {ledger} powstało z pliku {source} o SHA-256 {recorded}…, a archiwum {archive} "
        "zawiera {source} w postaci, w jakiej zapisało je rozliczenie: SHA-256 {archived}…. "
        "Plik {source} zmieniono po jego rozliczeniu, zanim powstało z niego {ledger}; "
        "porównaj go z kopią w archiwum i popraw salda korektą.",
    ),
    "LEDGER_BRANCH": Entry(
        W,
        OFFICE,
        "z tych samych sald powstało już inne rozliczenie",
        "Z pliku {source} powstało już saldo za {month} w folderze {folder} (polecenie "
        "księgowania {posting}); to rozliczenie dostaje kolejny numer, {number}. Do F-K "
        "przekaż polecenia księgowania tylko jednego z tych rozliczeń, a następny miesiąc "
        "rozliczaj od jego salda.",
    ),
    "LEDGER_EDITED": Entry(
        E,
        OFFICE,
        "saldo zmienione po zapisaniu przez program",
        "{what} (kopia salda w archiwum {archive}). Saldo zmieniono ręcznie: przywróć je z "
        "archiwum; zaliczenia zmienia się tylko korektą (odpracowanie correct).",
    ),
    "LEDGER_NOT_IN_ARCHIVE": Entry(
        W,
        OFFICE,
        "archiwum bez kopii sprawdzanego salda",
        "Archiwum nie zawiera kopii salda {ledger} ({why}), więc saldo nie zostało z nim "
        "porównane komórka po komórce. Podaj archiwum zapisane przez program razem z tym "
        "saldem (archiwum_RRRR-MM.zip obok niego).",
    ),
    "ARCHIVE_MISMATCH": Entry(
        E,
        OFFICE,
        "archiwum niezgodne ze spisem",
        "Plik {name} w archiwum {what}; archiwum nie odpowiada swojemu spisowi (manifest.json).",
    ),
    "YEAR_CAP": Entry(
        W,
        OFFICE,
        "osiągnięty roczny limit kwoty",
        "Konto {account}: w {year} r. zaliczono już {before}, limit roczny to "
        "{limit}; z wartości {value} zaliczono {credited}, a {capped} nie.",
    ),
    "TOTAL_CAP": Entry(
        W,
        OFFICE,
        "osiągnięty łączny limit kwoty",
        "Konto {account}: przez cały udział w programie zaliczono już {before}, limit łączny "
        "to {limit}; z wartości {value} zaliczono {credited}, a {capped} nie.",
    ),
    "NO_DEBT": Entry(
        W,
        OFFICE,
        "brak zadłużenia do odpracowania",
        "Konto {account} nie ma zadłużenia do odpracowania; wartość {value} nie "
        "zostanie zaliczona.",
    ),
    "SURPLUS": Entry(
        W,
        OFFICE,
        "wartość pracy ponad zadłużenie",
        "Wartość {value} przekracza całe zadłużenie konta {account} ({debt}); "
        "nadwyżka {surplus} nie zostanie zaliczona ani przeniesiona.",
    ),
    # -- the finance system (SPEC §8) --------------------------------------------------------
    "CSV_INVALID": Entry(
        E,
        OFFICE,
        "eksport z systemu F-K nie do odczytania",
        "Plik z systemu finansowo-księgowego nie do odczytania{place}: {reason}. Nic nie "
        "zapisano; popraw eksport i uruchom ponownie.",
    ),
    "CREDIT_NOT_BOOKED": Entry(
        W,
        OFFICE,
        "zaliczenie jeszcze niezaksięgowane w F-K",
        "Konto {account}: saldo z systemu F-K ({balance}) nie zawiera jeszcze zaliczenia za "
        "{month} ({credited}, {documents}). Rozliczono konto od salda bez tego zaliczenia "
        "({kept}), a zaliczenie czeka w arkuszu Do zaksięgowania nowego salda, aż eksport z F-K "
        "pokaże je zaksięgowane — zaksięguj to polecenie księgowania w F-K.",
    ),
    # -- the coordinator's log (SPEC §9) -----------------------------------------------------
    "NO_REFERRAL": Entry(
        E,
        COORDINATOR,
        "praca bez skierowania do tej jednostki",
        "Konto {account} ({name}): praca w jednostce {unit} ({rows}, dni: {days}) bez "
        "skierowania do niej na te dni; nie może być zaliczona (§4.1, Załącznik 6). "
        "Skierowania konta: {referrals}.",
    ),
    "TIMESHEET_MISSING": Entry(
        W,
        SUPERVISOR,
        "brak karty pracy jednostki ze skierowanymi",
        "Jednostka {unit} ({name}) ma skierowanych uczestników (konta {accounts}), a w "
        "rozliczeniu nie ma jej karty pracy za {month}.",
    ),
    "CREDIT_BOOKING_UNCLEAR": Entry(
        W,
        OFFICE,
        "nie wiadomo, co F-K zaksięgował",
        "Konto {account}: saldo z systemu F-K ({balance}) różni się od poprzedniego salda "
        "({ledger}) o kwotę, której nie tłumaczą zaliczenia wysłane do F-K ({month}: "
        "{credited}, {documents}) — w F-K zmieniło się też coś innego (nowa zaległość, wpłata, "
        "odsetki). Według najbliższego wyjaśnienia {assumed}; rozliczono od {kept}. Sprawdź z "
        "działem księgowości, co zaksięgowano.",
    ),
    "PENDING_TOO_LONG": Entry(
        W,
        OFFICE,
        "zaliczenie długo niezaksięgowane w F-K",
        "Konto {account}: zaliczenie za {month} ({credited}, {documents}) czeka na "
        "zaksięgowanie w systemie F-K od {since}. Sprawdź z działem księgowości, czy polecenie "
        "księgowania dotarło i zostało zaksięgowane.",
    ),
    "HISTORY_MISSING": Entry(
        W,
        OFFICE,
        "salda z F-K bez historii rozliczeń",
        "Salda z systemu F-K nie mają historii: program nie wie, co zaliczono w poprzednich "
        "miesiącach (prace już zaliczone, limity kwot). Jeżeli to nie jest pierwszy miesiąc "
        "programu, uruchom ponownie z --history i saldem z poprzedniego miesiąca "
        "(salda_RRRR-MM.xlsx).",
    ),
}


class Say:
    """Polish phrases the rules put into the catalogue's templates (`{what}`, `{reason}`,
    `{other}`, ...), so that no rule writes Polish. Those with `{fields}` are `.format`ted."""

    # TEMPLATE_VERSION
    NOT_ON_TEMPLATE = "Karta nie jest na wzorze programu (brak nazwy wersja_szablonu)"
    OLD_TEMPLATE = "Karta jest na starym wzorze (wersja {version})"
    # ALREADY_CREDITED: how many rows of a timesheet, or which transfer
    ALREADY_ROWS = "Konto {account}: {rows} tej karty"
    ALREADY_REJECTED = " (ich zaliczenie odrzucono decyzją {decision})"
    # CREDITED_ROW_CHANGED: what the re-sent timesheet says of credited work
    CREDITED_GONE = "nie ma tego wpisu"
    NOT_ACCEPTED = "{amount} nieodebrane (NIE)"
    ALREADY_TRANSFER = "Konto {account}: wpłata {amount} z {day}"
    # DUPLICATE_ROW: where the other copy is
    IN_THIS_FILE = "wierszu {row} tego pliku"
    IN_OTHER_SHEET = (
        "arkuszu {sheet} tego pliku, wiersz {row} (arkusz skopiowany bez "
        "usunięcia wierszy? każdy wpis może być w karcie tylko raz)"
    )
    IN_OTHER_VERSION = (
        "pliku {file}, wiersz {row} (ilość {qty}): to dwie wersje karty tej samej "
        "jednostki za ten miesiąc; zostaw tylko właściwą"
    )
    # the one who worked, when it is the account's debtor (QTY_DAY_MAX)
    ACCOUNT_WORKER = "konto {account}"
    # PESEL_INVALID: whose number, and why
    PARTICIPANT = "uczestnik {name}"
    PROXY = "osoba upoważniona {name}"
    PESEL_MISSING = "brak numeru PESEL"
    PESEL_LENGTH = "PESEL ma 11 cyfr"
    PESEL_DIGITS = "PESEL składa się z samych cyfr"
    PESEL_CHECKSUM = "cyfra kontrolna się nie zgadza"
    PESEL_BIRTH_DATE = "zakodowana data urodzenia nie istnieje"
    # NOT_PARTICIPANT, BEFORE_AGREEMENT, NO_BHP, NO_INSURANCE, PARTICIPATION_TOO_LONG
    NOT_IN_REGISTER = "nie występuje w rejestrze uczestników"
    OTHER_STATUS = "ma w rejestrze status „{status}”, a nie „uczestnik”"
    MORE_ROWS = " (i jeszcze {rows} tego konta w tej karcie)"
    # NO_REFERRAL and the rows of Skierowania and Oferty
    NO_REFERRALS = "brak"
    REFERRAL = "{number} do {unit} od {start} do {end}"
    OPEN_END = "odwołania"
    NOT_BEFORE = "data nie wcześniejsza niż Od ({day})"
    UNIT_OF_PROGRAMME = "kod jednostki z arkusza Jednostki"
    REGISTERED_ACCOUNT = "numer konta z arkusza Uczestnicy"
    AGREEMENT_ON = "datą porozumienia {day} (§5.9–10)"
    NO_AGREEMENT = "podpisaniem porozumienia: w rejestrze brak daty porozumienia (§5.9–10)"
    BHP_ON = "szkolenie BHP odbyło się dopiero {day}"
    NO_BHP = "w rejestrze brak daty szkolenia BHP"
    INSURANCE_GAP = "ubezpieczenie NNW {start}–{end} nie obejmuje całego miesiąca {month}"
    NO_INSURANCE = "w rejestrze brak ubezpieczenia NNW na cały miesiąc {month}"
    WORK_ON = "praca dnia {day}{more}."
    TRANSFER_ON = "wpłata z dnia {day}{more}."
    MORE_TRANSFERS = " (i jeszcze {count} tego konta w tym pliku)"
    # REFUSALS_LIMIT and the register's health
    SET_FINISHED = "zmień status na „zakończył”."
    # NUMBER_INVALID: a date where a number was meant
    DATE_NOT_NUMBER = (
        ": to data {day} — arkusz zamienił tak wpisaną liczbę na datę; chodziło "
        "prawdopodobnie o {meant}"
    )
    # UNIT_INVALID
    UNIT_UNKNOWN = "jest nieznana"
    # UNIT_MISMATCH
    UNIT_NOT_OF_CODE = "nie pasuje do kodu {code}"
    # VALUE_INVALID and RATE_OVERLAP in the programme, the debts and the transfers
    AMOUNT_POSITIVE = "kwota większa od zera"
    AMOUNT_NOT_NEGATIVE = "kwota nieujemna"
    VALID_TO_AFTER_FROM = "data nie wcześniejsza niż Obowiązuje od"
    ONE_UNIT_PER_CODE = "jedna jednostka dla kodu {code} ({units})"
    ROW = "wiersz {row}"
    # CSV_INVALID: where, and why
    CSV_PLACE = " (wiersz {row}{column})"
    CSV_COLUMN = ", kolumna {column}"
    CSV_TOO_BIG = "plik ma ponad 100 MB"
    CSV_ENCODING = (
        "nieznane kodowanie znaków; zapisz eksport jako tekst w kodowaniu Windows-1250 albo UTF-8"
    )
    CSV_EMPTY = "plik jest pusty"
    CSV_NO_HEADS = (
        "brak wiersza nagłówków z kolumnami {columns} rozdzielonymi średnikiem, przecinkiem "
        "albo tabulatorem (własne nazwy kolumn systemu F-K podaj w arkuszu Nazwy kolumn "
        "programu)"
    )
    CSV_FIELDS = (
        "wiersz ma {found} pól, a nagłówek {expected} — kolumny są przesunięte (separator "
        "albo cudzysłów w tekście)"
    )
    CSV_AMOUNT = (
        "kwota „{found}” nie jest liczbą bez separatora tysięcy, z najwyżej dwoma miejscami "
        "po przecinku (np. 1234,56)"
    )
    CSV_MIXED_MARKS = (
        "kwota „{found}” ma inny znak dziesiętny niż wcześniejsze kwoty pliku (przecinek i "
        "kropka naraz)"
    )
    CSV_DATE = "data „{found}” nie jest w postaci dd.mm.rrrr, rrrr-mm-dd ani rrrrmmdd"
    CSV_TWICE = "kolumna {column} występuje w nagłówku dwa razy (kolumny {cells}); zostaw jedną"
    # HEADER_MISSING
    NO_SHEET = "Brak arkusza {sheet}"
    NO_SHEETS = "Skoroszyt nie ma arkuszy"
    NO_HEADER_ROW = "Nie znaleziono wiersza nagłówków ({columns})"
    NO_TABLE = "Nie znaleziono tabeli z nagłówkami kolumn ({columns})"
    NO_COLUMNS = "Brak kolumn: {columns}"
    TABLE_LACKS = "W tabeli brak kolumn: {columns}"
    # FILE_UNREADABLE: why
    DAMAGED = (
        "plik jest uszkodzony lub niekompletny albo zapisany w odmianie formatu, której "
        "program nie umie odczytać"
    )
    ZIP_BOMB = (
        "po rozpakowaniu plik zająłby {megabytes} MB; to nie jest zwykła karta pracy "
        "(możliwa „bomba zip”)"
    )
    TOO_BIG = (
        "plik ma {megabytes} MB, a karta pracy ma zwykle kilkadziesiąt kB; tak dużego "
        "pliku program nie wczytuje (czy to na pewno właściwy plik?)"
    )
    TOO_BIG_UNPACKED = (
        "po rozpakowaniu plik ma {megabytes} MB danych, a karta pracy ma ich "
        "zwykle kilkaset kB; tak dużego pliku program nie wczytuje (podziel go "
        "na mniejsze)"
    )
    CANNOT_OPEN = "nie można otworzyć pliku ({error})"
    EMPTY_FILE = "plik jest pusty"
    ENCRYPTED = "skoroszyt jest zabezpieczony hasłem (zaszyfrowany)"
    NOT_WORKBOOK = "to nie jest skoroszyt, tylko {what}"
    INTERNAL = (
        "wystąpił błąd programu przy sprawdzaniu tego pliku ({error}; szczegóły dla "
        "opiekuna programu w pliku {log}); pozostałe pliki sprawdzono bez niego"
    )
    # what a file that is not a workbook is, by its first bytes
    PHOTO = "zdjęcie lub skan (obraz); kartę trzeba wypełnić we wzorze karty pracy"
    NUMBERS = "arkusz programu Numbers (Apple); w Numbers wybierz Plik > Eksportuj do > Excel"
    # (first bytes, what the file is)
    SIGNATURES = (
        (b"%PDF", "dokument PDF; kartę trzeba wypełnić we wzorze karty pracy"),
        (b"\x89PNG", PHOTO),
        (b"\xff\xd8\xff", PHOTO),
        (b"GIF8", PHOTO),
        (b"II*\x00", PHOTO),
        (b"MM\x00*", PHOTO),
        (b"RIFF", PHOTO),
        (b"Rar!", "archiwum RAR"),
        (b"7z\xbc\xaf", "archiwum 7z"),
        (b"\x1f\x8b", "archiwum gzip"),
    )
    # (a stream of an OLE2 file, what the file is)
    OLE_DOCUMENTS = (
        ("worddocument", "dokument programu Word (.doc)"),
        ("powerpoint document", "prezentacja PowerPoint (.ppt)"),
        ("__substg1.0_1000001f", "wiadomość programu Outlook (.msg)"),
    )
    OLE_OTHER = "plik pakietu Microsoft Office innego rodzaju niż skoroszyt"
    # (the end of an OpenDocument file's mimetype, what the file is)
    ODF_DOCUMENTS = (
        ("opendocument.text", "dokument tekstowy LibreOffice (.odt)"),
        ("opendocument.presentation", "prezentacja LibreOffice (.odp)"),
        ("opendocument.graphics", "rysunek LibreOffice (.odg)"),
    )
    # (the start of a part's name in a zip package, what the file is)
    ZIP_DOCUMENTS = (
        ("word/", "dokument programu Word (.docx)"),
        ("ppt/", "prezentacja PowerPoint (.pptx)"),
        ("index/", NUMBERS),
        ("index.zip", NUMBERS),
    )
    ZIP_OTHER = "archiwum zip"
    OLD_EXCEL = (
        "to skoroszyt w bardzo starym formacie Excel (wersje 2.x–4.0, sprzed 1995 r.), "
        "którego program nie czyta"
    )
    UNKNOWN_FORMAT = "plik w nieznanym formacie ({suffix})"
    HTML = "strona internetowa (HTML), choć może mieć nazwę .xls"
    XML_2003 = "plik XML arkusza Excel 2003"
    FLAT_ODS = "płaski plik XML programu LibreOffice (.fods)"
    XML_OTHER = "plik XML"
    RTF = "dokument tekstowy (RTF)"
    CSV = "plik tekstowy z danymi rozdzielanymi przecinkami, średnikami lub tabulatorami (CSV)"
    TEXT = "plik tekstowy"
    SHEET_DAMAGED = "arkusz {sheet} jest uszkodzony"
    # e-mails among the timesheets (FILE_UNREADABLE, MAIL_NO_TIMESHEET: why)
    NOT_MESSAGE = "to nie jest wiadomość e-mail, tylko {what}"
    MAIL_DAMAGED = (
        "wiadomość e-mail jest uszkodzona lub niekompletna; zapisz ją ponownie z programu "
        "pocztowego albo zapisz załączoną kartę pracy jako osobny plik"
    )
    XLS_NAMED_MSG = "skoroszyt Excel 97–2003 (.xls) z nazwą wiadomości .msg; zmień jej końcówkę"
    MAIL_NO_ATTACHMENT = "nie ma w niej żadnego załącznika"
    MAIL_NO_SPREADSHEET = "żaden z jej załączników ({names}) nie jest arkuszem kalkulacyjnym"
    MAIL_TOO_DEEP = (
        "karty mogą być w wiadomościach przekazanych jedna w drugiej więcej niż {depth} razy; "
        "zapisz je jako osobne pliki"
    )


def make_issue(
    code: str,
    *,
    file: str = "",
    sheet: str = "",
    cell: str = "",
    row: int | None = None,
    column: str = "",
    account: str = "",
    severity: Severity | None = None,
    **fields: object,
) -> Issue:
    """Build an issue from the catalogue; `severity` only where SPEC gives a code two weights."""
    entry = CATALOGUE[code]
    message = entry.template.format(column=column, account=account, **fields)
    return Issue(
        file=file,
        sheet=sheet,
        cell=cell,
        row=row,
        column=column,
        account=account,
        severity=severity or entry.severity,
        code=code,
        message=message,
        details=tuple(fields.items()),
    )


def who_fixes(code: str) -> Who:
    """Who can set right an issue of `code`; a code outside the catalogue is the office's."""
    entry = CATALOGUE.get(code)
    return entry.who if entry else Who.OFFICE


def reasons_text(codes) -> str:
    """The Polish words for `codes` (the reasons a debtor's month was withheld), each once."""
    words = dict.fromkeys(
        CATALOGUE[c].reason if c in CATALOGUE else labels.REASON_OTHER for c in sorted(codes)
    )
    return "; ".join(words)


def has_errors(issues: list[Issue]) -> bool:
    return any(i.is_error for i in issues)


@dataclass(frozen=True)
class Tally:
    """How many errors and warnings a list of issues holds, and how many of the timesheets
    could not be read: counted here once for the terminal and the ledger's run record."""

    errors: int
    warnings: int
    unreadable: int


def tally(issues: list[Issue], timesheets: Collection[str] = ()) -> Tally:
    """`timesheets`: the display names of the files read as timesheets (an unreadable
    programme or transfer file is not one of them)."""
    errors = sum(1 for i in issues if i.is_error)
    unreadable = sum(1 for i in issues if i.code == "FILE_UNREADABLE" and i.file in timesheets)
    return Tally(errors, len(issues) - errors, unreadable)


def render_line(issue: Issue) -> str:
    """`karta.xlsx!Rozliczenie!H14: [RATE_MISMATCH] Stawka …` (file-level: `karta.xlsx: …`)."""
    place = "!".join(p for p in (issue.file, issue.sheet, issue.cell) if p)
    return f"{place}: [{issue.code}] {issue.message}"


JSON_KEYS = ("file", "sheet", "cell", "row", "column", "account", "severity", "code", "message")


def render_json(issue: Issue) -> dict[str, object]:
    data = {key: getattr(issue, key) for key in JSON_KEYS}
    data["severity"] = issue.severity.value
    return data
