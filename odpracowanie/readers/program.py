"""program.xlsx -> `Program` + issues (SPEC §2.1).

Errors in Parametry, Stawki and Jednostki make the programme unusable (they concern everyone):
the caller stops with exit 2. An error in one register row (Uczestnicy, Upoważnieni) carries
that row's account, so only that debtor is withheld.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.core.model import (
    Offer,
    OrgUnit,
    Params,
    Participant,
    Program,
    Proxy,
    Rate,
    Referral,
    full_order,
)
from odpracowanie.core.money import floats_to_grosze
from odpracowanie.core.rules.rates import check_rate_rows, check_rates
from odpracowanie.core.rules.referrals import check_offer_rows, check_referral_rows
from odpracowanie.core.schemas import CheckedTable, Frame, check_table, display, spec_of
from odpracowanie.issues import Issue, make_issue
from odpracowanie.readers.tables import read_sheet_table
from odpracowanie.readers.workbook import UnreadableFile, open_workbook


@dataclass(frozen=True)
class ParamDef:
    field: str
    optional: bool  # blank means "none"; a blank parameter that is not keeps Params' default
    description: str
    parse: Callable[[object], object]
    expected: str


def _int(value: object) -> int:
    number = parse.parse_numbers(pd.Series([value], dtype=object))[0].values.iloc[0]
    if pd.isna(number) or number != int(number) or number < 0:
        raise ValueError
    return int(number)


def _optional_int(value: object) -> int | None:
    return None if _blank(value) else _int(value)


def _optional_money(value: object) -> int | None:
    if _blank(value):
        return None
    number = parse.parse_numbers(pd.Series([value], dtype=object))[0].values.iloc[0]
    if pd.isna(number) or number <= 0:
        raise ValueError
    return int(floats_to_grosze([number])[0])


def _text(value: object) -> str:
    text = "" if _blank(value) else str(value).strip()
    if not text:
        raise ValueError
    return text


def _order(value: object) -> tuple[str, ...]:
    """`koszty, odsetki, należność główna` -> ("costs", "interest", "principal"); the
    components it does not name come last (SPEC §8). Each named once, at least one."""
    words = [labels.fold(w) for w in str(value).replace(";", ",").split(",")]
    known = {labels.fold(name): c for c, name in labels.COMPONENT_NAMES.items()}
    named = tuple(known.get(w) for w in words if w)
    if not named or None in named:
        raise ValueError
    return full_order(named)  # ValueError when one is named twice


def _optional_email(value: object) -> str | None:
    from odpracowanie.addresses import email_address

    if _blank(value):
        return None
    address = email_address(value)
    if address is None:
        raise ValueError
    return address


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and pd.isna(value))
    )


_PARSERS: dict[str, Callable[[object], object]] = {
    "text": _text,
    "int": _int,
    "optional_int": _optional_int,
    "optional_money": _optional_money,
    "optional_email": _optional_email,
    "order": _order,
}
PARAMETERS: dict[str, ParamDef] = {
    p.name: ParamDef(
        p.field,
        p.kind.startswith("optional"),
        p.description,
        _PARSERS[p.kind],
        labels.PARAMETER_EXPECTED[p.kind],
    )
    for p in labels.PARAMETERS
}

RATE_SPEC = spec_of(labels.RATE_COLUMNS)
UNIT_SPEC = spec_of(labels.UNIT_COLUMNS)
PARTICIPANT_SPEC = spec_of(labels.PARTICIPANT_COLUMNS)
PROXY_SPEC = spec_of(labels.PROXY_COLUMNS)


@dataclass
class ProgramResult:
    program: Program | None
    issues: list[Issue]
    # Accounts whose register rows have errors: already reported, withheld, not checked again.
    broken_accounts: frozenset[str] = frozenset()


def _bad_rows(issues: list[Issue], frame: Frame) -> set[int]:
    rows = {i.row for i in issues if i.is_error}
    return set(frame.raw.index[frame.raw["_row"].isin(rows)])


def read_program(path: Path, file: str | None = None) -> ProgramResult:
    """Read and check program.xlsx."""
    file = file or path.name
    try:
        workbook = open_workbook(path)
    except UnreadableFile as exc:
        return ProgramResult(None, [make_issue("FILE_UNREADABLE", file=file, reason=exc.reason)])

    issues: list[Issue] = []
    fatal = False
    try:
        params, param_issues = _read_params(workbook, file)
        issues += param_issues
        fatal |= any(i.is_error for i in param_issues)

        rates, rate_issues, rate_letters = _read_rates(workbook, file)
        issues += rate_issues
        fatal |= any(i.is_error for i in rate_issues)

        units, unit_issues = _read_units(workbook, file)
        issues += unit_issues
        fatal |= any(i.is_error for i in unit_issues)

        participants, part_issues, part_letters = _read_participants(workbook, file)
        issues += part_issues
        proxies, proxy_issues, proxy_letters = _read_proxies(workbook, file)
        issues += proxy_issues
        fatal |= any(i.code == "HEADER_MISSING" for i in part_issues + proxy_issues)
        finance_heads, name_issues = _read_finance_heads(workbook, file)
        issues += name_issues
        fatal |= any(i.is_error for i in name_issues)
        referrals, referral_issues, referral_letters = _read_referrals(
            workbook, file, units, participants
        )
        offers, offer_issues, offer_letters = _read_offers(workbook, file, participants)
        issues += referral_issues + offer_issues
        fatal |= any(i.code == "HEADER_MISSING" for i in referral_issues + offer_issues)
    except UnreadableFile as exc:
        return ProgramResult(None, [make_issue("FILE_UNREADABLE", file=file, reason=exc.reason)])

    broken = frozenset(
        i.account
        for i in part_issues + proxy_issues + referral_issues + offer_issues
        if i.is_error and i.account
    )
    if fatal:
        return ProgramResult(None, issues, broken)
    program = Program(
        file=file,
        params=params,
        rates=tuple(rates),
        units=tuple(units),
        participants=tuple(participants),
        proxies=tuple(proxies),
        columns={
            labels.SHEET_RATES: rate_letters,
            labels.SHEET_PARTICIPANTS: part_letters,
            labels.SHEET_PROXIES: proxy_letters,
            labels.SHEET_REFERRALS: referral_letters,
            labels.SHEET_OFFERS: offer_letters,
        },
        sha256=workbook.sha256,
        finance_heads=finance_heads,
        referrals=referrals,
        offers=offers,
    )
    return ProgramResult(program, issues, broken)


def _read_params(workbook, file: str) -> tuple[Params, list[Issue]]:
    frame, issues = read_sheet_table(
        workbook, file, labels.SHEET_PARAMS, labels.PARAM_COLUMNS, optional=True
    )
    if frame is None:
        return Params(), issues
    _, sheet, letters = frame.sources[0]
    values: dict[str, object] = {}
    known = {labels.fold(k): k for k in PARAMETERS}
    for name, value, row in zip(
        frame.raw["name"], frame.raw["value"], frame.raw["_row"], strict=True
    ):
        if _blank(name):
            continue
        key = known.get(labels.fold(str(name)))
        if key is None:
            issues.append(
                make_issue(
                    "PARAM_UNKNOWN",
                    file=file,
                    sheet=sheet,
                    row=int(row),
                    cell=f"{letters['name']}{row}",
                    column=labels.label(labels.PARAM_COLUMNS, "name"),
                    found=display(name),
                    expected=", ".join(PARAMETERS),
                )
            )
            continue
        definition = PARAMETERS[key]
        try:
            parsed = definition.parse(value)
        except (ValueError, TypeError):
            if _blank(value) and not definition.optional:
                continue  # an empty cell for a parameter with a default: use the default
            issues.append(
                make_issue(
                    "PARAM_INVALID",
                    file=file,
                    sheet=sheet,
                    row=int(row),
                    cell=f"{letters['value']}{row}",
                    column=labels.label(labels.PARAM_COLUMNS, "value"),
                    name=key,
                    found=display(value),
                    expected=definition.expected,
                )
            )
            continue
        values[definition.field] = parsed
    return Params(**values), issues


def _read_rates(workbook, file: str) -> tuple[list[Rate], list[Issue], dict[str, str]]:
    frame, issues = read_sheet_table(workbook, file, labels.SHEET_RATES, labels.RATE_COLUMNS)
    if frame is None:
        return [], issues, {}
    checked = check_table(frame, RATE_SPEC)
    issues = checked.issues
    sheet, letters = frame.sources[0][1], frame.sources[0][2]
    bad = _bad_rows(issues, frame)
    codes, units, amounts = checked["code"], checked["unit"], checked["rate"]
    dates_from, dates_to = checked["valid_from"], checked["valid_to"]
    readable = ~frame.raw.index.isin(list(bad))
    table = pd.DataFrame({"rate": amounts, "valid_from": dates_from, "valid_to": dates_to})
    usable, found = check_rate_rows(table[readable], frame)
    issues += found
    rates = [
        Rate(
            code=codes[i],
            name=str(frame.raw.at[i, "name"]).strip(),
            unit=units[i],
            grosze=int(floats_to_grosze([amounts[i]])[0]),
            valid_from=dates_from[i].date(),
            valid_to=None if pd.isna(dates_to[i]) else dates_to[i].date(),
            row=int(frame.raw.at[i, "_row"]),
        )
        for i in usable.index[usable]
    ]
    issues += check_rates(rates, file, sheet, letters)
    return rates, issues, letters


def _read_units(workbook, file: str) -> tuple[list[OrgUnit], list[Issue]]:
    frame, issues = read_sheet_table(workbook, file, labels.SHEET_UNITS, labels.UNIT_COLUMNS)
    if frame is None:
        return [], issues
    text = check_table(frame, UNIT_SPEC)
    issues = text.issues
    bad = _bad_rows(issues, frame)
    units = [
        OrgUnit(
            code=text["code"][i],
            name=text["name"][i],
            supervisor=text["supervisor"][i],
            email=text["email"][i],
            row=int(frame.raw.at[i, "_row"]),
        )
        for i in frame.raw.index
        if i not in bad
    ]
    return units, issues


def _read_finance_heads(workbook, file: str) -> tuple[dict[str, tuple[str, ...]], list[Issue]]:
    """`Nazwy kolumn` (optional): for a column of the debt table (`Kolumna`), the head the
    finance system's export gives it (`Nazwa w pliku`); a column may have several."""
    frame, issues = read_sheet_table(
        workbook, file, labels.SHEET_COLUMN_NAMES, labels.COLUMN_NAME_COLUMNS, optional=True
    )
    if frame is None:
        return {}, issues
    checked = check_table(frame, spec_of(labels.COLUMN_NAME_COLUMNS))
    issues = checked.issues
    bad = _bad_rows(issues, frame)
    fields = {labels.normalize_label(c.label): c.field for c in labels.DEBT_COLUMNS}
    columns, names = checked["column"], checked["name"]
    heads: dict[str, tuple[str, ...]] = {}
    sheet, letters = frame.sources[0][1], frame.sources[0][2]
    for i in frame.raw.index:
        if i in bad:
            continue
        name = fields.get(labels.normalize_label(columns[i]))
        if name is None:
            row = int(frame.raw.at[i, "_row"])
            issues.append(
                make_issue(
                    "VALUE_INVALID",
                    file=file,
                    sheet=sheet,
                    row=row,
                    cell=f"{letters['column']}{row}",
                    column=labels.label(labels.COLUMN_NAME_COLUMNS, "column"),
                    found=display(columns[i]),
                    expected=", ".join(c.label for c in labels.DEBT_COLUMNS),
                )
            )
            continue
        heads[name] = (*heads.get(name, ()), names[i])
    return heads, issues


def _dates(checked: CheckedTable, name: str) -> list[dt.date | None]:
    values = checked[name]
    return values.dt.date.astype(object).where(values.notna(), None).tolist()


def _read_participants(workbook, file: str) -> tuple[list[Participant], list[Issue], dict]:
    frame, issues = read_sheet_table(
        workbook, file, labels.SHEET_PARTICIPANTS, labels.PARTICIPANT_COLUMNS
    )
    if frame is None:
        return [], issues, {}
    frame.accounts = parse.parse_account(frame.raw["account"])
    text = check_table(frame, PARTICIPANT_SPEC)
    issues = text.issues
    dates = {f: _dates(text, f) for f, r in PARTICIPANT_SPEC.items() if r.kind == "date"}
    refusals = text["refusals"].fillna(0)
    pesels = _pesels(frame.raw["pesel"])
    status = _choice(text["status"], labels.STATUSES)
    title = _choice(text["legal_title"], labels.LEGAL_TITLES)
    # Columns as lists, walked together (not a Series lookup per cell): 1 000 people at once.
    title = title.where(title.notna(), "")
    status = status.where(status.notna(), text["status"])
    columns = [
        frame.accounts,
        text["application"],
        dates["application_date"],
        text["name"],
        pesels,
        text["address"],
        title,
        status,
        dates["qualified_on"],
        dates["agreement_on"],
        refusals,
        dates["bhp_on"],
        dates["insurance_from"],
        dates["insurance_to"],
        text["office"],
        frame.raw["_row"],
        text["override"],
    ]
    people = [
        Participant(
            application=application,
            application_date=applied,
            account=account,
            name=name,
            pesel=pesel,
            address=address,
            legal_title=legal,
            status=state,
            qualified_on=qualified,
            agreement_on=agreed,
            refusals=int(refused),
            bhp_on=bhp,
            insurance_from=insured,
            insurance_to=insured_to,
            office=office,
            row=int(row),
            override=override,
        )
        for (
            account,
            application,
            applied,
            name,
            pesel,
            address,
            legal,
            state,
            qualified,
            agreed,
            refused,
            bhp,
            insured,
            insured_to,
            office,
            row,
            override,
        ) in zip(*(c.tolist() if hasattr(c, "tolist") else c for c in columns), strict=True)
        if account
    ]
    return people, issues, frame.sources[0][2]


def _log_sheet(
    workbook, file: str, sheet: str, columns
) -> tuple[Frame | None, CheckedTable | None, list[Issue]]:
    """A sheet of the coordinator's log, checked cell by cell; None when it is absent or
    empty (the log is not kept)."""
    frame, issues = read_sheet_table(workbook, file, sheet, columns, optional=True)
    if frame is None or frame.raw.empty:
        return None, None, issues
    frame.accounts = parse.parse_account(frame.raw["account"])
    checked = check_table(frame, spec_of(columns))
    return frame, checked, checked.issues


def _read_referrals(
    workbook, file: str, units: list[OrgUnit], people: list[Participant]
) -> tuple[tuple[Referral, ...] | None, list[Issue], dict[str, str]]:
    """`Skierowania` (optional): the referrals, and the column letter of each field; a row with
    an error is left out and its account withheld (its work would otherwise be judged against
    a referral that is wrong)."""
    frame, text, issues = _log_sheet(
        workbook, file, labels.SHEET_REFERRALS, labels.REFERRAL_COLUMNS
    )
    if frame is None or text is None:
        return None, issues, {}
    starts, ends = _dates(text, "start"), _dates(text, "end")
    found = [
        Referral(number, account, unit, start, end, int(row))
        for number, account, unit, start, end, row in zip(
            text["number"],
            frame.accounts,
            text["unit"],
            starts,
            ends,
            frame.raw["_row"],
            strict=True,
        )
        if account and start is not None
    ]
    issues += check_referral_rows(found, frame, units, people)
    bad = {i.row for i in issues if i.is_error}
    return tuple(r for r in found if r.row not in bad), issues, frame.sources[0][2]


def _read_offers(
    workbook, file: str, people: list[Participant]
) -> tuple[tuple[Offer, ...] | None, list[Issue], dict[str, str]]:
    """`Oferty` (optional): work offers and the answers, refusals counted from them; and the
    column letter of each field."""
    frame, text, issues = _log_sheet(workbook, file, labels.SHEET_OFFERS, labels.OFFER_COLUMNS)
    if frame is None or text is None:
        return None, issues, {}
    answers = _choice(text["answer"], labels.ANSWERS)
    found = [
        Offer(day, account, unit, work, answer == labels.ANSWER_REFUSED, int(row))
        for day, account, unit, work, answer, row in zip(
            _dates(text, "date"),
            frame.accounts,
            text["unit"],
            text["work"],
            answers.tolist(),
            frame.raw["_row"],
            strict=True,
        )
        if account and day is not None and isinstance(answer, str)
    ]
    issues += check_offer_rows(found, frame, people)
    bad = {i.row for i in issues if i.is_error}
    return tuple(o for o in found if o.row not in bad), issues, frame.sources[0][2]


def _choice(text: pd.Series, choices: Iterable[str]) -> pd.Series:
    """Each cell as the choice it names (case and diacritics aside), else NA; the few distinct
    cells folded once, not once a row."""
    canonical = {labels.fold(c): c for c in choices}
    return text.map({t: canonical.get(labels.fold(t)) for t in text.unique()})


def _pesels(raw: pd.Series) -> pd.Series:
    """PESEL as text; one typed as a number lost its leading zero (born 2000–2009): restore it."""
    text = parse.parse_account(raw)
    numeric = raw.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    return text.where(~numeric, text.str.zfill(11))


def _read_proxies(workbook, file: str) -> tuple[list[Proxy], list[Issue], dict]:
    frame, issues = read_sheet_table(
        workbook, file, labels.SHEET_PROXIES, labels.PROXY_COLUMNS, optional=True
    )
    if frame is None:
        return [], issues, {}
    frame.accounts = parse.parse_account(frame.raw["account"])
    checked = check_table(frame, PROXY_SPEC)
    issues = checked.issues
    names = checked["name"]
    pesels = _pesels(frame.raw["pesel"])
    proxies = [
        Proxy(
            account=frame.accounts[i],
            name=names[i],
            pesel=pesels[i],
            row=int(frame.raw.at[i, "_row"]),
        )
        for i in frame.raw.index
        if frame.accounts[i] and names[i]
    ]
    return proxies, issues, frame.sources[0][2]
