"""What goes into the programme's documents (SPEC §9): who gets which one, and its fields.

Pure: the register, the debts and the programme in, one `Document` (its file name and the
values of its `{{ fields }}`) per document out; rendering the Word templates is
`writers.documents`. Amounts are given in figures (`1 234,56 zł`) and in words (`słownie`).

Kinds and whom they are for, without `--account`:
- `kwalifikacja` (§5.8): everyone `zakwalifikowany`;
- `aneks` (Zał. 2) and `porozumienie` (Zał. 3): the qualified (to sign) and the participants
  (a copy, dated as the register's `Data porozumienia`) who are tenants;
- `umowa` (Zał. 4): those of them without a tenancy title;
- `skierowanie` (Zał. 6): every referral in `Skierowania`;
- `wniosek` (§5.20): one request to the Mayor for the month, from the month's ledger.
With `--account`, the document of those accounts, whatever their status.

Example: `porozumienie` for 104512 -> `porozumienie_104512.docx` with `dluznik` = "Jan
Kowalski", `zadluzenie` = "9 732,55 zł", `zadluzenie_slownie` = "dziewięć tysięcy siedemset
trzydzieści dwa złote, pięćdziesiąt pięć groszy".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from odpracowanie import labels
from odpracowanie.core.model import (
    COMPONENTS,
    Debt,
    Debts,
    Month,
    Participant,
    Program,
    Referral,
    month_text,
)
from odpracowanie.core.money import qty_text
from odpracowanie.core.words import amount_in_words

KINDS = labels.DOCUMENT_KINDS
WITHOUT_TITLE = labels.LEGAL_TITLES[1]  # a person without a tenancy title
BLANK = labels.DOC_LINE  # what the office fills in by hand


class DocumentsRefused(Exception):
    """The documents cannot be made; the message (Polish) says why and what to do."""


@dataclass(frozen=True)
class Document:
    kind: str
    name: str  # the file name without `.docx`: `porozumienie_104512`
    context: dict[str, object]


def documents(
    kind: str,
    program: Program,
    debts: Debts | None,
    *,
    accounts: Sequence[str] = (),
    month: Month | None = None,
    day: dt.date,
) -> list[Document]:
    """The documents of `kind` for `accounts` (or for everyone it applies to), dated `day`."""
    common = _common(program, day)
    if kind == "wniosek":
        return [_request(program, debts, month, accounts, common)]
    if kind == "skierowanie":
        from odpracowanie.core.rules.register import active_participants

        people = active_participants(program)  # once, not once a referral
        return [
            Document(
                kind,
                f"{kind}_{labels.file_part(r.number, 'bez-numeru')}",
                {**common, **_referral(r, people, program, debts)},
            )
            for r in _referrals(program, accounts)
        ]
    people = _people(kind, program, accounts)
    return [
        Document(kind, f"{kind}_{p.account}", {**common, **_person(p, program, debts, day)})
        for p in people
    ]


def _common(program: Program, day: dt.date) -> dict[str, object]:
    params = program.params
    rates = {}
    for rate in sorted(program.rates, key=lambda r: r.valid_from):
        if rate.valid_from <= day and (rate.valid_to is None or day <= rate.valid_to):
            rates[rate.code] = rate
    return {
        "miasto": params.city,
        "miejscowosc": params.city,
        "zarzadca": params.manager,
        "podstawa_programu": params.legal_basis,
        "data": labels.format_date(day),
        "kolejnosc": ", ".join(labels.COMPONENT_NAMES[c] for c in _named(params)),
        "min_godzin_tydzien": params.min_hours_week,
        "max_godzin_tydzien": params.max_hours_week,
        "max_godzin_miesiac": params.max_hours_month,
        "limit_odmow": params.refusals_limit,
        "termin_dni": params.signing_days,
        "stawki": [
            {
                "kod": r.code,
                "rodzaj": r.name,
                "jednostka": labels.UNIT_NAMES.get(r.unit, r.unit),
                "stawka": labels.format_money(r.grosze),
            }
            for r in sorted(rates.values(), key=lambda r: r.code)
        ],
    }


def _named(params) -> tuple[str, ...]:
    """The order of crediting as the programme names it (costs left out when they come last
    unnamed, as in Żyrardów's `należność główna, odsetki`)."""
    order = params.allocation_order
    return order[:-1] if order[-1] == "costs" else order


def _money(grosze: int) -> str:
    """`1 234,56 zł` that never breaks across lines (non-breaking spaces)."""
    return labels.format_money(grosze).replace(" ", "\u00a0")


def _gender(pesel: str) -> dict[str, str]:
    """The words that agree with the person's sex (from the PESEL; both forms when it is not
    known): Pan / Pani, został / została, zakwalifikowany / -a, -y / -a endings."""
    from stdnum.pl import pesel as stdnum_pesel

    try:
        female = stdnum_pesel.get_gender(pesel) == "F"
    except Exception:  # no valid PESEL: both forms
        return dict(labels.DOC_GENDER["?"])
    return dict(labels.DOC_GENDER["F" if female else "M"])


def _people(kind: str, program: Program, accounts: Sequence[str]) -> list[Participant]:
    from odpracowanie.core.rules.register import active_participants

    people = active_participants(program)
    if accounts:
        unknown = [a for a in accounts if a not in people]
        if unknown:
            raise DocumentsRefused(labels.STOP_DOC_ACCOUNT.format(accounts=", ".join(unknown)))
        return [people[a] for a in dict.fromkeys(accounts)]
    taking_part = (labels.STATUS_QUALIFIED,)
    if kind != "kwalifikacja":  # a participant's agreement again: a copy
        taking_part += (labels.STATUS_PARTICIPANT,)
    qualified = [p for p in people.values() if p.status in taking_part]
    if kind == "umowa":
        chosen = [p for p in qualified if p.legal_title == WITHOUT_TITLE]
    elif kind in ("aneks", "porozumienie"):
        chosen = [p for p in qualified if p.legal_title != WITHOUT_TITLE]
    else:
        chosen = qualified
    if not chosen:
        raise DocumentsRefused(labels.STOP_DOC_NOBODY[kind])
    return sorted(chosen, key=lambda p: p.row)


def _amounts(debt: Debt | None) -> dict[str, object]:
    """The debt in figures and words; a dotted line for each when it is not known."""
    money = _money
    if debt is None:
        fields = {c: BLANK for c in ("naleznosc_glowna", "odsetki", "koszty", "zadluzenie")}
        return {
            **fields,
            "zadluzenie_slownie": BLANK,
            "ma_koszty": False,
            "stan_na": BLANK,
        }
    return {
        "naleznosc_glowna": money(debt.principal),
        "odsetki": money(debt.interest),
        "koszty": money(debt.costs),
        "ma_koszty": bool(debt.costs),
        "zadluzenie": money(debt.total),
        "zadluzenie_slownie": amount_in_words(debt.total),
        "naleznosc_glowna_slownie": amount_in_words(debt.principal),
        "stan_na": labels.format_date(debt.as_of) if debt.as_of else BLANK,
    }


def _date(day: dt.date | None) -> str:
    return labels.format_date(day) if day else BLANK


def _person(
    person: Participant, program: Program, debts: Debts | None, day: dt.date
) -> dict[str, object]:
    debt = debts.accounts.get(person.account) if debts is not None else None
    qualified = person.qualified_on
    # 30 days from the information (§5.9–10): from the letter's date, never before qualifying
    start = max(qualified, day) if qualified else day
    deadline = start + dt.timedelta(days=program.params.signing_days)
    tenant = person.legal_title != WITHOUT_TITLE
    return {
        "dluznik": person.name,
        "nr_konta": person.account,
        "adres": person.address or (debt.address if debt else "") or BLANK,
        "pesel": person.pesel or BLANK,
        "nr_wniosku": person.application,
        "data_wniosku": _date(person.application_date),
        "data_kwalifikacji": _date(qualified),
        "data_porozumienia": _date(person.agreement_on),
        # an agreement signed already (a participant's copy) keeps its day; else today's
        "data_zawarcia": labels.format_date(person.agreement_on or day),
        **_gender(person.pesel),
        "tytul_prawny": person.legal_title or BLANK,
        "termin_podpisania": _date(deadline),
        "dokumenty_do_podpisania": labels.DOC_TO_SIGN_TENANT
        if tenant
        else labels.DOC_TO_SIGN_NO_TITLE,
        **_amounts(debt),
    }


def _referrals(program: Program, accounts: Sequence[str]) -> list[Referral]:
    if program.referrals is None:
        raise DocumentsRefused(labels.STOP_DOC_NO_REFERRALS)
    chosen = [r for r in program.referrals if not accounts or r.account in accounts]
    if not chosen:
        raise DocumentsRefused(labels.STOP_DOC_NO_REFERRAL.format(accounts=", ".join(accounts)))
    return sorted(chosen, key=lambda r: r.row)


def _referral(
    referral: Referral, people: dict[str, Participant], program: Program, debts: Debts | None
) -> dict[str, object]:
    person = people[referral.account]
    units = {u.code.casefold(): u for u in program.units}
    unit = units.get(referral.unit.casefold())
    return {
        **_person(person, program, debts, referral.start),
        "nr_skierowania": referral.number,
        "kod_jednostki": unit.code if unit else referral.unit,
        "jednostka": unit.name if unit else referral.unit,
        "nadzorujacy": (unit.supervisor if unit else "") or BLANK,
        "od": labels.format_date(referral.start),
        "do": labels.format_date(referral.end) if referral.end else labels.DOC_UNTIL_FURTHER,
    }


def _request(
    program: Program,
    debts: Debts | None,
    month: Month | None,
    accounts: Sequence[str],
    common: dict[str, object],
) -> Document:
    """The request to the Mayor (§5.20): the month's credits per debtor from the ledger's
    `Historia rozliczeń` (every line of the month: runs and corrections), in words too."""
    if debts is None or month is None:
        raise DocumentsRefused(labels.STOP_DOC_REQUEST)
    text = month_text(month)
    lines = debts.settlements[debts.settlements["month"] == text]
    if accounts:
        lines = lines[lines["account"].isin(list(accounts))]
    parts = [f"to_{c}" for c in COMPONENTS]
    sums = lines.groupby("account", sort=True).agg(
        debtor=("debtor", "last"), hours=("hours", "sum"), **{p: (p, "sum") for p in parts}
    )
    sums = sums[sums[parts].sum(axis=1) != 0]
    if sums.empty:
        raise DocumentsRefused(labels.STOP_DOC_NOTHING.format(month=labels.format_month(month)))
    money = _money
    rows = []
    for n, (account, row) in enumerate(sums.iterrows(), start=1):
        total = int(sum(row[p] for p in parts))
        rows.append(
            {
                "lp": n,
                "nr_konta": account,
                "dluznik": row["debtor"],
                "godziny": qty_text(row["hours"]),
                "naleznosc_glowna": money(int(row["to_principal"])),
                "odsetki": money(int(row["to_interest"])),
                "koszty": money(int(row["to_costs"])),
                "razem": money(total),
            }
        )
    total = int(sums[parts].to_numpy().sum())
    return Document(
        "wniosek",
        f"wniosek_{text}",
        {
            **common,
            "miesiac": labels.format_month(month),
            "pozycje": rows,
            "liczba_dluznikow": len(rows),
            "godziny_razem": qty_text(sums["hours"].sum()),
            "razem_naleznosc_glowna": money(int(sums["to_principal"].sum())),
            "razem_odsetki": money(int(sums["to_interest"].sum())),
            "razem_koszty": money(int(sums["to_costs"].sum())),
            "razem": money(total),
            "razem_slownie": amount_in_words(total),
        },
    )
