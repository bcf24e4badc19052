"""Regenerate samples/: a fictional Żyrardów month (October 2026) and timesheets with mistakes.

Run from the repository root: `python samples/make_samples.py`. Nobody edits the workbooks by
hand; a test checks that the committed files equal what this script writes. All people, PESEL
numbers, addresses and debts are invented.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from odpracowanie.core.model import (
    Debt,
    Offer,
    OrgUnit,
    Params,
    Participant,
    Program,
    Proxy,
    Rate,
    Referral,
)
from odpracowanie.core.money import grosze_from_decimal
from odpracowanie.writers.templates import (
    TimesheetFill,
    write_debts,
    write_payments,
    write_program,
    write_timesheet,
)

HERE = Path(__file__).resolve().parent
MONTH = "2026-10"
D = dt.date


def pesel(born: dt.date, serial: int, female: bool) -> str:
    """A valid PESEL for a birth date (century coded in the month) and a serial number."""
    month = born.month + (20 if born.year >= 2000 else 0)
    sex = (serial % 5) * 2 + (0 if female else 1)
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}{sex}"
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    return digits + str(check)


def zl(text: str) -> int:
    from decimal import Decimal

    return grosze_from_decimal(Decimal(text))


RATES = (
    Rate(
        "PORZ",
        "Prace porządkowe (sprzątanie terenu i klatek schodowych)",
        "h",
        zl("30.50"),
        D(2025, 1, 1),
        D(2025, 12, 31),
        0,
    ),
    Rate(
        "PORZ",
        "Prace porządkowe (sprzątanie terenu i klatek schodowych)",
        "h",
        zl("31.40"),
        D(2026, 1, 1),
        None,
        0,
    ),
    Rate("ZIEL", "Pielęgnacja zieleni", "h", zl("30.50"), D(2025, 1, 1), D(2025, 12, 31), 0),
    Rate("ZIEL", "Pielęgnacja zieleni", "h", zl("31.40"), D(2026, 1, 1), None, 0),
    # The board raised the renovation rate from 16 October 2026 (a rate that changes mid-month).
    Rate(
        "REM",
        "Drobne prace remontowe i malarskie",
        "h",
        zl("35.00"),
        D(2025, 1, 1),
        D(2026, 10, 15),
        0,
    ),
    Rate("REM", "Drobne prace remontowe i malarskie", "h", zl("36.50"), D(2026, 10, 16), None, 0),
    # Snow clearing is paid in winter months only.
    Rate("ODSN", "Odśnieżanie", "h", zl("31.40"), D(2026, 1, 1), D(2026, 3, 31), 0),
    Rate("ODSN", "Odśnieżanie", "h", zl("31.40"), D(2026, 11, 1), D(2027, 3, 31), 0),
)

UNITS = (
    OrgUnit(
        "PGM",
        "PGM Żyrardów — administracja osiedli",
        "Barbara Zielińska",
        "b.zielinska@pgm.example.pl",
        0,
    ),
    OrgUnit(
        "MOSIR",
        "Miejski Ośrodek Sportu i Rekreacji",
        "Tomasz Kaczmarek",
        "t.kaczmarek@mosir.example.pl",
        0,
    ),
    OrgUnit("ZDIZ", "Zarząd Dróg i Zieleni", "Ewa Wróblewska", "e.wroblewska@zdiz.example.pl", 0),
    OrgUnit("SP1", "Szkoła Podstawowa nr 1", "Marek Pawlak", "sekretariat@sp1.example.pl", 0),
)


def person(
    nr: int,
    applied: dt.date,
    account: str,
    name: str,
    born: dt.date,
    female: bool,
    address: str,
    status: str = "uczestnik",
    *,
    agreement: dt.date | None = None,
    bhp: dt.date | None = None,
    nnw: tuple[dt.date, dt.date] | None = None,
    refusals: int = 0,
    title: str = "najemca",
) -> Participant:
    qualified = applied + dt.timedelta(days=21)
    if status == "uczestnik":
        agreement = agreement or qualified + dt.timedelta(days=14)
        bhp = bhp if bhp is not None else agreement
        nnw = nnw or (D(2026, 1, 1), D(2026, 12, 31))
    return Participant(
        application=f"W/{applied.year}/{nr:03d}",
        application_date=applied,
        account=account,
        name=name,
        pesel=pesel(born, nr * 7 % 1000, female),
        address=address,
        legal_title=title,
        status=status,
        qualified_on=qualified if status != "oczekuje" else None,
        agreement_on=agreement,
        refusals=refusals,
        bhp_on=bhp,
        insurance_from=nnw[0] if nnw else None,
        insurance_to=nnw[1] if nnw else None,
        office="",
        row=0,
    )


PARTICIPANTS = (
    person(
        1, D(2025, 9, 2), "104512", "Jan Kowalski", D(1971, 3, 14), False, "ul. Limanowskiego 12/4"
    ),
    person(2, D(2025, 9, 15), "104587", "Anna Nowak", D(1983, 7, 2), True, "ul. Mireckiego 3/11"),
    person(
        3,
        D(2025, 10, 6),
        "110233",
        "Stanisław Wiśniewski",
        D(1958, 11, 23),
        False,
        "ul. Okrzei 45/2",
    ),
    person(
        4,
        D(2025, 11, 20),
        "110871",
        "Małgorzata Wójcik",
        D(1990, 1, 30),
        True,
        "ul. 1 Maja 27/8",
        title="bez tytułu prawnego",
    ),
    person(
        5, D(2026, 1, 12), "120045", "Krzysztof Kamiński", D(1976, 5, 9), False, "ul. Dittricha 8/1"
    ),
    person(
        6,
        D(2026, 2, 3),
        "120318",
        "Katarzyna Lewandowska",
        D(1987, 9, 17),
        True,
        "ul. Żeromskiego 60/15",
    ),
    person(
        7,
        D(2026, 2, 24),
        "120664",
        "Andrzej Zieliński",
        D(1965, 12, 1),
        False,
        "ul. Piłsudskiego 21/3",
    ),
    person(
        8,
        D(2026, 3, 16),
        "121002",
        "Agnieszka Szymańska",
        D(1994, 4, 25),
        True,
        "ul. Narutowicza 14/7",
    ),
    person(9, D(2026, 4, 7), "121450", "Piotr Woźniak", D(1979, 8, 8), False, "ul. Kościuszki 5/9"),
    person(
        10,
        D(2026, 5, 11),
        "122013",
        "Barbara Dąbrowska",
        D(1952, 2, 19),
        True,
        "ul. Słowackiego 33/5",
    ),
    person(
        11,
        D(2026, 6, 1),
        "122390",
        "Tomasz Kozłowski",
        D(1985, 10, 12),
        False,
        "ul. Sienkiewicza 9/12",
    ),
    person(
        12,
        D(2026, 7, 20),
        "123001",
        "Magdalena Jankowska",
        D(1998, 6, 3),
        True,
        "ul. Reymonta 2/6",
        status="zakwalifikowany",
    ),
    person(
        13,
        D(2026, 8, 17),
        "123377",
        "Paweł Mazur",
        D(1974, 3, 28),
        False,
        "ul. Chopina 18/1",
        status="zakwalifikowany",
        refusals=1,
    ),
    person(
        14,
        D(2026, 9, 28),
        "123902",
        "Zofia Krawczyk",
        D(1961, 7, 7),
        True,
        "ul. Kilińskiego 4/10",
        status="oczekuje",
    ),
    person(
        15,
        D(2025, 5, 5),
        "101777",
        "Ryszard Piotrowski",
        D(1968, 1, 16),
        False,
        "ul. Wyspiańskiego 7/2",
        status="wykreślony",
        refusals=3,
    ),
    # Participants whose register entries show typical problems (used by samples/bledne/):
    person(
        16,
        D(2026, 8, 3),
        "124210",
        "Henryk Grabowski",
        D(1970, 4, 4),
        False,
        "ul. Traugutta 11/3",
        agreement=D(2026, 10, 12),
        bhp=D(2026, 10, 1),
    ),
    person(
        17,
        D(2026, 8, 10),
        "124388",
        "Danuta Pawłowska",
        D(1963, 9, 30),
        True,
        "ul. Jasna 6/8",
        bhp=None,
        agreement=D(2026, 9, 1),
    ),
    person(
        18,
        D(2026, 8, 24),
        "124501",
        "Leszek Michalski",
        D(1980, 12, 12),
        False,
        "ul. Ogrodowa 22/4",
        nnw=(D(2026, 10, 15), D(2026, 12, 31)),
    ),
)
# Danuta Pawłowska has had no safety training yet (§4.2):
PARTICIPANTS = tuple(
    Participant(**{**p.__dict__, "bhp_on": None}) if p.account == "124388" else p
    for p in PARTICIPANTS
)

PROXIES = (
    # Barbara Dąbrowska (born 1952) works through her son (§5.2).
    Proxy("122013", "Marcin Dąbrowski", pesel(D(1978, 5, 21), 431, False), 0),
    Proxy("110233", "Elżbieta Wiśniewska", pesel(D(1960, 2, 2), 118, True), 0),
    Proxy("120664", "Łukasz Zieliński", pesel(D(2001, 9, 14), 902, False), 0),
    # For the mistakes: a proxy under 18 and a proxy whose PESEL was mistyped.
    Proxy("121450", "Oskar Woźniak", pesel(D(2009, 11, 20), 515, False), 0),
    Proxy("104587", "Robert Nowak", "83070212345", 0),
)

DEBTS = (
    *(
        Debt(p.account, p.name, p.address, zl(principal), zl(interest), D(2026, 9, 30), 0)
        for p, (principal, interest) in zip(
            PARTICIPANTS,
            (
                ("8420.15", "1312.40"),
                ("3150.00", "286.55"),
                ("12877.63", "4410.08"),
                ("2260.40", "95.12"),
                ("5432.10", "610.00"),
                ("1980.00", "0.00"),
                ("7315.77", "1540.23"),
                ("960.50", "44.70"),
                ("4120.00", "388.91"),
                ("15300.00", "5120.45"),
                ("2890.35", "201.10"),
                ("6110.00", "730.00"),
                ("3370.42", "150.00"),
                ("9800.00", "2100.00"),
                ("11250.00", "3900.00"),
                ("4400.00", "500.00"),
                ("2750.00", "310.00"),
                ("3600.00", "420.00"),
            ),
            strict=True,
        )
    ),
    Debt(
        "130055", "Wiesław Adamczyk", "ul. Długa 1/1", zl("1200.00"), zl("80.00"), D(2026, 9, 30), 0
    ),
)

PROGRAM = Program(
    "program.xlsx",
    Params(
        sender_email="odpracowanie@pgm.example.pl", coordinator_email="koordynator@pgm.example.pl"
    ),
    RATES,
    UNITS,
    PARTICIPANTS,
    PROXIES,
)
NAMES = {p.account: p.name for p in PARTICIPANTS}


def month_days(weekdays: tuple[int, ...], month: tuple[int, int] = (2026, 10)) -> list[dt.date]:
    first = D(*month, 1)
    days = [first + dt.timedelta(days=n) for n in range(31)]
    return [d for d in days if d.month == month[1] and d.weekday() in weekdays]


def october_days(weekdays: tuple[int, ...]) -> list[dt.date]:
    return month_days(weekdays, (2026, 10))


def rows_for(
    account: str,
    code: str,
    weekdays: tuple[int, ...],
    hours: float,
    unit_code: str,
    *,
    worker: str = "",
    every_other_by: str = "",
    rejected: tuple[int, ...] = (),
    month: tuple[int, int] = (2026, 10),
) -> list[dict[str, object]]:
    rows = []
    for n, day in enumerate(month_days(weekdays, month)):
        who = every_other_by if every_other_by and n % 2 else worker
        accepted = "NIE" if day.day in rejected else "TAK"
        rows.append(
            {
                "date": day,
                "account": account,
                "debtor": NAMES[account],
                "worker": who or NAMES[account],
                "code": code,
                "qty": hours,
                "unit": "h",
                "protocol": f"{unit_code}/{day:%m}/{day.isocalendar().week:02d}"
                if accepted == "TAK"
                else "",
                "accepted": accepted,
                "remarks": "" if accepted == "TAK" else "praca nieodebrana",
            }
        )
    return rows


def clean_month(month: tuple[int, int] = (2026, 10)) -> dict[str, TimesheetFill]:
    """Four supervisors' timesheets for a month; November brings snow clearing (ODSN) and
    Agnieszka Szymańska, whose debt October paid off, no longer works."""
    october = month == (2026, 10)
    text = f"{month[0]}-{month[1]:02d}"
    drawn = D(2026, 11, 3) if october else D(2026, 12, 2)

    def rows(*args, **kwargs):
        return rows_for(*args, month=month, **kwargs)

    pgm = (
        rows("104512", "PORZ", (0, 2, 4), 4, "PGM", rejected=(21,) if october else ())
        + rows("104587", "PORZ" if october else "ODSN", (1, 3), 5, "PGM")
        + rows("122013", "PORZ", (0, 3), 4.5, "PGM", worker="Marcin Dąbrowski")
    )
    mosir = rows(
        "110233", "PORZ", (0, 1, 2), 3, "MOSIR", every_other_by="Elżbieta Wiśniewska"
    ) + rows("120045", "REM", (1, 3), 6, "MOSIR")
    zdiz = (
        rows("110871", "ZIEL", (0, 2), 5, "ZDIZ")
        + rows("120318", "ZIEL", (1, 4), 4, "ZDIZ")
        + rows("120664", "ZIEL", (0, 1, 2, 3), 2.5, "ZDIZ", every_other_by="Łukasz Zieliński")
    )
    sp1 = (
        (rows("121002", "PORZ", (0, 2, 4), 3, "SP1") if october else [])
        + rows("121450", "REM", (1, 3), 5, "SP1")
        + rows("122390", "PORZ", (0, 1, 2, 3, 4), 2, "SP1")
    )
    for table in (pgm, mosir, zdiz, sp1):
        table.sort(key=lambda r: (r["date"], r["account"]))
    return {
        f"karta_PGM_{text}.xlsx": TimesheetFill("PGM", "Barbara Zielińska", text, drawn, pgm),
        f"karta_MOSIR_{text}.xlsx": TimesheetFill("MOSIR", "Tomasz Kaczmarek", text, drawn, mosir),
        f"karta_ZDIZ_{text}.xlsx": TimesheetFill("ZDIZ", "Ewa Wróblewska", text, drawn, zdiz),
        f"karta_SP1_{text}.xlsx": TimesheetFill("SP1", "Marek Pawlak", text, drawn, sp1),
    }


def row(day: int, account: str, code: str, qty: object, **extra: object) -> dict[str, object]:
    base = {
        "date": D(2026, 10, day),
        "account": account,
        "debtor": NAMES.get(account, ""),
        "worker": NAMES.get(account, ""),
        "code": code,
        "qty": qty,
        "unit": "h",
        "protocol": f"BL/{day:02d}",
        "accepted": "TAK",
    }
    return {**base, **extra}


def mistakes() -> dict[str, TimesheetFill]:
    """Timesheets with typical mistakes; samples/bledne.md lists each with the cell it must be
    found at."""
    drawn = D(2026, 11, 3)
    mosir = [
        row(5, "104512", "PORZ", 4, rate=30.00),  # RATE_MISMATCH
        row(6, "104512", "PORZ", 4, date="31.09.2026"),  # DATE_INVALID
        row(7, "104512", "PORZ", 4, date=D(2026, 11, 2)),  # DATE_OUTSIDE_MONTH
        row(8, "104587", "PORZ", 4, accepted="T"),  # ACCEPTANCE_INVALID
        row(9, "104587", "PORZ", 4, protocol=""),  # PROTOCOL_MISSING
        row(12, "999999", "PORZ", 4, debtor="Jan Nieznany", worker=""),  # ACCOUNT_UNKNOWN
        row(13, "110871", "PORZ", ""),  # VALUE_MISSING
        row(14, "110871", "SPRZ", 4),  # WORK_CODE_UNKNOWN
        row(15, "110871", "PORZ", 40, unit="m2"),  # UNIT_INVALID
        row(16, "120045", "REM", 4, worker="Jerzy Obcy"),  # WORKER_NOT_AUTHORIZED
        row(19, "120045", "REM", 4, value=150.00),  # AMOUNT_MISMATCH
        row(20, "120318", "ZIEL", 4, debtor="Katarzyna Lewandowski"),  # NAME_MISMATCH
        row(21, "120318", "ZIEL", "4,5"),  # DUPLICATE_ROW (warning)
        row(21, "120318", "ZIEL", 4.5),
        row(22, "120318", "ODSN", 3),  # RATE_MISSING
        row(23, "120318", "ZIEL", -2),  # QTY_NONPOSITIVE
    ]
    register = [
        row(5, "123902", "PORZ", 4),  # NOT_PARTICIPANT
        row(7, "124210", "PORZ", 4),  # BEFORE_AGREEMENT
        row(14, "124210", "PORZ", 4),
        row(6, "124388", "PORZ", 4),  # NO_BHP
        row(20, "124501", "PORZ", 4),  # NO_INSURANCE
        row(8, "121450", "REM", 4, worker="Oskar Woźniak"),  # WORKER_MINOR
        row(9, "104587", "PORZ", 4, worker="Robert Nowak"),  # PESEL_INVALID
    ]
    # Krzysztof Kamiński: 25 h on one day across the two MOSIR rows below -> QTY_DAY_MAX;
    # Tomasz Kozłowski: 5 × 9 h in the week 12–18.10 -> HOURS_WEEK_MAX;
    # Agnieszka Szymańska: 8 h every weekday of October = 176 h -> HOURS_MONTH_MAX.
    hours = [
        row(26, "120045", "REM", 13, protocol="BL/26a"),
        row(26, "120045", "REM", 12, protocol="BL/26b"),
        *[row(d, "122390", "PORZ", 9) for d in (12, 13, 14, 15, 16)],
        *[row(day.day, "121002", "PORZ", 8) for day in october_days((0, 1, 2, 3, 4))],
    ]
    return {
        "karta_MOSIR_bledy.xlsx": TimesheetFill("MOSIR", "Tomasz Kaczmarek", MONTH, drawn, mosir),
        "karta_PGM_rejestr.xlsx": TimesheetFill("PGM", "Barbara Zielińska", MONTH, drawn, register),
        "karta_SP1_godziny.xlsx": TimesheetFill("SP1", "Marek Pawlak", MONTH, drawn, hours),
        "karta_ZDIZ_wrzesien.xlsx": TimesheetFill(
            "ZDIZ",
            "Ewa Wróblewska",
            "2026-09",
            drawn,
            [row(1, "110871", "ZIEL", 4, date=D(2026, 9, 29))],
        ),
        "karta_XYZ_nieznana.xlsx": TimesheetFill(
            "XYZ", "Jan Obcy", MONTH, drawn, [row(2, "110871", "ZIEL", 4)]
        ),
    }


# -- Kraków (ZBK + CIS): wages transferred to the debt account, six intake offices -----------------
KRAKOW_OFFICES = (
    "Śródmieście",
    "Krowodrza",
    "Nowa Huta",
    "Podgórze",
    "Prądnik Czerwony",
    "Dębniki",
)
KRAKOW_PEOPLE = (
    ("300101", "Tadeusz Nowicki", D(1969, 2, 11), False, "ul. Grzegórzecka 15/4"),
    ("300117", "Halina Sikora", D(1972, 8, 30), True, "ul. Lea 101/12"),
    ("300145", "Marian Baran", D(1980, 3, 7), False, "os. Centrum C 4/33"),
    ("300162", "Irena Wróbel", D(1966, 12, 19), True, "ul. Wielicka 44/2"),
    ("300188", "Zbigniew Kubiak", D(1975, 5, 25), False, "ul. Dobrego Pasterza 7/18"),
    ("300203", "Grażyna Leśniak", D(1983, 10, 2), True, "ul. Kapelanka 12/9"),
    ("300219", "Józef Dudek", D(1958, 7, 14), False, "ul. Starowiślna 60/3"),
    ("300240", "Bożena Czarnecka", D(1991, 1, 8), True, "ul. Królewska 23/5"),
    ("300266", "Roman Pietrzak", D(1977, 9, 16), False, "os. Szkolne 21/40"),
    ("300281", "Teresa Jasińska", D(1964, 4, 27), True, "ul. Kalwaryjska 9/11"),
    ("300305", "Kazimierz Zając", D(1970, 11, 3), False, "ul. Dobrego Pasterza 110/2"),
    ("300322", "Ewa Szewczyk", D(1986, 6, 21), True, "ul. Zielińskiego 5/7"),
)
KRAKOW_AGREEMENTS = (
    D(2025, 3, 3),
    D(2025, 6, 2),
    D(2025, 9, 1),
    D(2025, 11, 3),
    D(2026, 1, 5),
    D(2026, 2, 2),
    D(2026, 3, 2),
    D(2026, 4, 1),
    D(2026, 5, 4),
    D(2026, 6, 1),
    D(2026, 7, 1),
    D(2026, 9, 1),
)


def krakow() -> tuple[Program, tuple[Debt, ...], list[tuple]]:
    """A month of the Kraków model: participation up to 18 months, interest first."""
    people = []
    for n, ((account, name, born, female, address), agreed) in enumerate(
        zip(KRAKOW_PEOPLE, KRAKOW_AGREEMENTS, strict=True), start=1
    ):
        people.append(
            Participant(
                application=f"ZBK/{agreed.year}/{n:03d}",
                application_date=agreed - dt.timedelta(45),
                account=account,
                name=name,
                pesel=pesel(born, 400 + n, female),
                address=address,
                legal_title="najemca",
                status="uczestnik",
                qualified_on=agreed - dt.timedelta(20),
                agreement_on=agreed,
                refusals=0,
                bhp_on=agreed,
                insurance_from=None,
                insurance_to=None,
                office=KRAKOW_OFFICES[n % len(KRAKOW_OFFICES)],
                row=0,
            )
        )
    params = Params(
        city="Kraków",
        manager="Zarząd Budynków Komunalnych w Krakowie",
        allocation_order=("interest", "principal"),
        max_participation_months=18,
        legal_basis="Program odpracowania zadłużenia przez zatrudnienie w Centrum "
        "Integracji Społecznej (ZBK w Krakowie)",
        coordinator_email="koordynator@zbk.example.pl",
    )
    program = Program(
        "program.xlsx",
        params,
        RATES[:2],
        (OrgUnit("CIS", "Centrum Integracji Społecznej", "", "cis@example.pl", 0),),
        tuple(people),
        (),
    )
    debts = tuple(
        Debt(
            p.account,
            p.name,
            p.address,
            zl(f"{3000 + 1375 * n}.40"),
            zl(f"{250 + 90 * n}.15"),
            D(2026, 9, 30),
            0,
        )
        for n, p in enumerate(people)
    )
    sources = ("CIS", "przygotowanie zawodowe", "roboty publiczne")
    payments = [
        (
            p.account,
            D(2026, 10, 28),
            zl(f"{640 + 35 * n}.00") / 100,
            sources[n % 3],
            "świadczenie integracyjne" if n % 3 == 0 else "wynagrodzenie",
        )
        for n, p in enumerate(people)
    ]
    return program, debts, payments


# -- a city that follows the Civil Code (art. 451): costs, interest, principal -------------------
# Court and enforcement costs of some of the debts (SPEC §8), by participant.
COSTS = {0: "1250.00", 1: "80.00", 2: "3217.55", 4: "815.40", 6: "40.00", 9: "2460.00"}


def with_costs() -> tuple[Program, tuple[Debt, ...]]:
    """Żyrardów's programme and debts, with court costs on six debts and the order of
    art. 451 of the Civil Code: October's timesheets credit costs first."""
    params = replace(PROGRAM.params, allocation_order=("costs", "interest", "principal"))
    debts = tuple(replace(d, costs=zl(COSTS[n])) if n in COSTS else d for n, d in enumerate(DEBTS))
    return replace(PROGRAM, params=params), debts


# -- the coordinator's log (SPEC §9): referrals and offers ----------------------------------------
# Who works where in October's timesheets (samples/2026-10), referred from the agreement on.
WORKS_AT = {
    "104512": "PGM",
    "104587": "PGM",
    "122013": "PGM",
    "110233": "MOSIR",
    "120045": "MOSIR",
    "110871": "ZDIZ",
    "120318": "ZDIZ",
    "120664": "ZDIZ",
    "121002": "SP1",
    "121450": "SP1",
    "122390": "SP1",
}


def coordinator() -> Program:
    """Żyrardów's programme with the coordinator's log: everyone referred where they work,
    except that Tomasz Kozłowski's referral to SP1 ended on 23.10 (his work after it is
    NO_REFERRAL); Henryk Grabowski referred to the social welfare centre (OPS), which sent no
    timesheet (TIMESHEET_MISSING); offers with Paweł Mazur's third refusal (REFUSALS_LIMIT)."""
    people = {p.account: p for p in PARTICIPANTS}
    referrals = [
        Referral(
            f"S/{n}/2026",
            account,
            unit,
            people[account].agreement_on,
            D(2026, 10, 23) if account == "122390" else None,
            0,
        )
        for n, (account, unit) in enumerate(WORKS_AT.items(), start=1)
    ]
    referrals.append(Referral("S/12/2026", "124210", "OPS", D(2026, 10, 12), None, 0))
    offers = (
        *(Offer(people[a].agreement_on, a, unit, "", False, 0) for a, unit in WORKS_AT.items()),
        Offer(D(2026, 9, 7), "123001", "ZDIZ", "pielęgnacja zieleni", True, 0),
        Offer(D(2026, 9, 21), "123377", "PGM", "prace porządkowe", True, 0),
        Offer(D(2026, 10, 5), "123377", "MOSIR", "prace remontowe", True, 0),
        Offer(D(2026, 10, 19), "123377", "SP1", "prace porządkowe", True, 0),
        Offer(D(2026, 10, 5), "124210", "OPS", "pomoc w magazynie", False, 0),
    )
    ops = OrgUnit("OPS", "Ośrodek Pomocy Społecznej", "Irena Sowa", "i.sowa@ops.example.pl", 0)
    return replace(
        PROGRAM,
        units=(*PROGRAM.units, ops),
        referrals=tuple(referrals),
        offers=tuple(sorted(offers, key=lambda o: (o.day, o.account))),
    )


def write_all(root: Path = HERE) -> list[Path]:
    """Write every sample workbook under `root`; returns their paths."""
    written = []
    write_program(root / "program.xlsx", PROGRAM)
    write_debts(root / "zadluzenie.xlsx", DEBTS)
    written += [root / "program.xlsx", root / "zadluzenie.xlsx"]
    for month in ((2026, 10), (2026, 11)):
        folder = root / f"{month[0]}-{month[1]:02d}"
        for name, fill in clean_month(month).items():
            write_timesheet(folder / name, PROGRAM, fill)
            written.append(folder / name)
    for name, fill in mistakes().items():
        write_timesheet(root / "bledne" / name, PROGRAM, fill)
        written.append(root / "bledne" / name)
    program, debts, payments = krakow()
    write_program(root / "krakow" / "program.xlsx", program)
    write_debts(root / "krakow" / "zadluzenie.xlsx", debts)
    write_payments(root / "krakow" / "wplaty_2026-10.xlsx", payments)
    written += [
        root / "krakow" / n for n in ("program.xlsx", "zadluzenie.xlsx", "wplaty_2026-10.xlsx")
    ]
    program, debts = with_costs()
    write_program(root / "koszty" / "program.xlsx", program)
    write_debts(root / "koszty" / "zadluzenie.xlsx", debts)
    written += [root / "koszty" / n for n in ("program.xlsx", "zadluzenie.xlsx")]
    write_program(root / "koordynator" / "program.xlsx", coordinator())
    written.append(root / "koordynator" / "program.xlsx")
    written.append(finance_export(root))
    # A second copy of one timesheet (DUPLICATE_FILE), and files that cannot be read.
    copy = root / "bledne" / "karta_ZDIZ_wrzesien_kopia.xlsx"
    copy.write_bytes((root / "bledne" / "karta_ZDIZ_wrzesien.xlsx").read_bytes())
    damaged = root / "bledne" / "karta_uszkodzona.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    photo = root / "bledne" / "zdjecie_karty.jpg"  # a phone's photo of a paper timesheet
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(64) + b"\xff\xd9")
    written += [copy, damaged, photo]
    return written


def finance_export(root: Path) -> Path:
    """What the finance system (FK) exports after booking October's credits: the balances
    October's run leaves, as a Windows-1250 CSV with `;` and decimal commas — November's
    `--debts`, beside October's `salda_` as `--history`."""
    import tempfile

    from odpracowanie.batch import run_reconcile

    with tempfile.TemporaryDirectory() as tmp:
        october = run_reconcile(
            [root / "2026-10"],
            program_path=root / "program.xlsx",
            debts_path=root / "zadluzenie.xlsx",
            month=(2026, 10),
            out_dir=Path(tmp),
            now=dt.datetime(2026, 11, 3, 9, 0),
            dry_run=True,
        )
    lines = ["Nr konta;Dłużnik;Adres lokalu;Należność główna;Odsetki;Stan na"]
    for debt in sorted(october.settlement.accounts_after.values(), key=lambda d: d.row):
        amounts = [f"{g // 100},{g % 100:02d}" for g in (debt.principal, debt.interest)]
        lines.append(";".join([debt.account, debt.debtor, debt.address, *amounts, "31.10.2026"]))
    path = root / "fk" / "salda_fk_2026-10.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1250"))
    return path


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
