"""Register health and the work-offer queue (SPEC §5 `register`, rules §5.5–5.13).

Codes: PESEL_INVALID, DUPLICATE_ACCOUNT, DEBT_OVER_LIMIT, ARREARS_TOO_RECENT (errors: the
register is wrong or the person is not eligible); SIGNING_OVERDUE, REFUSALS_LIMIT,
PARTICIPATION_TOO_LONG (warnings: an action is due). Example: a person qualified on
01.09.2026 with no agreement signed is SIGNING_OVERDUE on 05.10.2026 (34 days > 30).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from odpracowanie import labels
from odpracowanie.core.model import Debts, Offer, Params, Participant, Program
from odpracowanie.core.rules.register import participation_end, pesel_issue, pesel_problem
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "ARREARS_TOO_RECENT",
    "DEBT_OVER_LIMIT",
    "DUPLICATE_ACCOUNT",
    "PARTICIPATION_TOO_LONG",
    "REFUSALS_LIMIT",
    "SIGNING_OVERDUE",
)

ACTIVE = (labels.STATUS_WAITING, labels.STATUS_QUALIFIED, labels.STATUS_PARTICIPANT)
QUEUED = (labels.STATUS_PARTICIPANT, labels.STATUS_QUALIFIED)
NOT_YET_QUALIFIED = (labels.STATUS_WAITING, labels.STATUS_QUALIFIED)


def check_register_health(program: Program, debts: Debts | None, today: dt.date) -> list[Issue]:
    """The register's own problems on `today`: PESEL numbers, an account twice among the
    active, and each person's due actions (PERSON_CHECKS, in that order per person)."""
    register = _Register(program, debts, today)
    issues = _pesels(register) + _active_twice(register)
    for person in program.participants:
        issues += [found for check in PERSON_CHECKS if (found := check(register, person))]
    return issues


@dataclass(frozen=True)
class _Register:
    program: Program
    debts: Debts | None
    day: dt.date  # the day the register is judged on

    @property
    def params(self) -> Params:
        return self.program.params

    @functools.cached_property
    def refusals(self) -> dict[str, list[Offer]] | None:
        return refusals(self.program)

    def where(self, person: Participant, field: str) -> dict[str, object]:
        """The person's cell of `field` in Uczestnicy."""
        letter = self.program.columns.get(labels.SHEET_PARTICIPANTS, {}).get(field, "")
        return {
            "file": self.program.file,
            "sheet": labels.SHEET_PARTICIPANTS,
            "row": person.row,
            "cell": f"{letter}{person.row}" if letter else "",
            "account": person.account,
            "column": labels.label(labels.PARTICIPANT_COLUMNS, field),
        }


def _pesels(register: _Register) -> list[Issue]:
    """PESEL_INVALID of a person still taking part, and of any proxy."""
    program = register.program
    letters = program.columns.get(labels.SHEET_PARTICIPANTS, {})
    issues = [
        pesel_issue(
            program,
            labels.SHEET_PARTICIPANTS,
            person.row,
            letters,
            person.account,
            person.pesel,
            person.name,
            problem,
        )
        for person in program.participants
        if (problem := pesel_problem(person.pesel))
        and person.status not in (labels.STATUS_STRUCK_OFF, labels.STATUS_FINISHED)
    ]
    proxy_letters = program.columns.get(labels.SHEET_PROXIES, {})
    issues += [
        pesel_issue(
            program,
            labels.SHEET_PROXIES,
            proxy.row,
            proxy_letters,
            proxy.account,
            proxy.pesel,
            Say.PROXY.format(name=proxy.name),
            problem,
        )
        for proxy in program.proxies
        if (problem := pesel_problem(proxy.pesel))
    ]
    return issues


def _active_twice(register: _Register) -> list[Issue]:
    """DUPLICATE_ACCOUNT: a second active row of one account (at the later row)."""
    issues: list[Issue] = []
    active: dict[str, Participant] = {}
    for person in register.program.participants:
        if person.status not in ACTIVE:
            continue
        if person.account in active:
            issues.append(
                make_issue(
                    "DUPLICATE_ACCOUNT",
                    **register.where(person, "account"),
                    other=active[person.account].row,
                )
            )
        else:
            active[person.account] = person
    return issues


def _signing_overdue(register: _Register, person: Participant) -> Issue | None:
    """SIGNING_OVERDUE: qualified, no agreement, more than `termin_podpisania_dni` days on."""
    if not (
        person.status == labels.STATUS_QUALIFIED
        and person.agreement_on is None
        and person.qualified_on is not None
    ):
        return None
    days = (register.day - person.qualified_on).days
    if days <= register.params.signing_days:
        return None
    return make_issue(
        "SIGNING_OVERDUE",
        **register.where(person, "qualified_on"),
        name=person.name,
        since=labels.format_date(person.qualified_on),
        days=days,
        limit=register.params.signing_days,
    )


def refusals(program: Program) -> dict[str, list[Offer]] | None:
    """Each account's refused offers from `Oferty`, in date order; None when the log is not
    kept (the register's `Liczba odmów` counts then)."""
    if program.offers is None:
        return None
    out: dict[str, list[Offer]] = {}
    for offer in sorted(program.offers, key=lambda o: (o.day, o.row)):
        if offer.refused:
            out.setdefault(offer.account, []).append(offer)
    return out


def _refusals(register: _Register, person: Participant) -> Issue | None:
    """REFUSALS_LIMIT: `limit_odmow` refusals or more, and not yet struck off; counted from
    `Oferty` when it is kept (at the last refusal's answer), else from `Liczba odmów`."""
    limit = register.params.refusals_limit
    logged = register.refusals
    found = person.refusals if logged is None else len(logged.get(person.account, []))
    if found < limit or person.status == labels.STATUS_STRUCK_OFF:
        return None
    if logged is None:
        where = register.where(person, "refusals")
    else:
        last = logged[person.account][-1]
        letter = register.program.columns.get(labels.SHEET_OFFERS, {}).get("answer", "")
        where = {
            "file": register.program.file,
            "sheet": labels.SHEET_OFFERS,
            "row": last.row,
            "cell": f"{letter}{last.row}" if letter else "",
            "account": person.account,
            "column": labels.label(labels.OFFER_COLUMNS, "answer"),
        }
    return make_issue(
        "REFUSALS_LIMIT",
        **where,
        name=person.name,
        found=found,
        refusals=labels.plural(found, *labels.REFUSAL_FORMS),
        limit=limit,
    )


def _too_long(register: _Register, person: Participant) -> Issue | None:
    """PARTICIPATION_TOO_LONG: a participant past `max_miesiecy_udzialu` (Kraków)."""
    end = participation_end(person, register.program)
    if person.status != labels.STATUS_PARTICIPANT or end is None or register.day <= end:
        return None
    return make_issue(
        "PARTICIPATION_TOO_LONG",
        **register.where(person, "agreement_on"),
        name=person.name,
        since=labels.format_date(person.agreement_on),
        end=labels.format_date(end),
        limit=register.params.max_participation_months,
        what=Say.SET_FINISHED,
    )


def _debt_over_limit(register: _Register, person: Participant) -> Issue | None:
    """DEBT_OVER_LIMIT: an applicant whose debt is above `max_zadluzenia`, unless the
    register records a consent for that person (`Zgoda na przekroczenie`: Gdańsk, Toruń)."""
    limit, debts = register.params.max_debt_grosze, register.debts
    if (
        limit is None
        or debts is None
        or person.status not in NOT_YET_QUALIFIED
        or person.account not in debts.accounts
        or _consented(person.override)
    ):
        return None
    debt = debts.accounts[person.account]
    total = debt.principal + debt.interest  # SPEC §2.1: costs do not count at qualification
    if total <= limit:
        return None
    return make_issue(
        "DEBT_OVER_LIMIT",
        **register.where(person, "status"),
        name=person.name,
        found=labels.format_money(total),
        limit=labels.format_money(limit),
    )


def _consented(text: str) -> bool:
    """A consent is a reference (`Z/3/2026`); `nie`, `brak` or a dash are none."""
    return bool(text.strip()) and labels.fold(text.strip()) not in labels.NO_CONSENT


def _arrears_too_recent(register: _Register, person: Participant) -> Issue | None:
    """ARREARS_TOO_RECENT: an applicant whose arrears (`Zaległość od` in the debts) are not
    yet `min_wiek_zaleglosci_miesiecy` months old on the day judged."""
    months, debts = register.params.min_arrears_months, register.debts
    if (
        not months
        or debts is None
        or person.status not in NOT_YET_QUALIFIED
        or person.account not in debts.accounts
    ):
        return None
    since = debts.accounts[person.account].arrears_since
    if since is None:
        return None
    old_enough = since + relativedelta(months=months)
    if register.day >= old_enough:
        return None
    return make_issue(
        "ARREARS_TOO_RECENT",
        **register.where(person, "status"),
        name=person.name,
        since=labels.format_date(since),
        limit=months,
        eligible=labels.format_date(old_enough),
    )


# What is due for one person of the register, in the order their issues are listed.
PERSON_CHECKS: tuple[Callable[[_Register, Participant], Issue | None], ...] = (
    _signing_overdue,
    _refusals,
    _too_long,
    _debt_over_limit,
    _arrears_too_recent,
)


@dataclass(frozen=True)
class QueueEntry:
    position: int
    application: str
    date: dt.date | None
    account: str
    name: str
    status: str
    refusals: int
    at_limit: bool = False  # refusals at `limit_odmow`: to be struck off, not offered work


def work_queue(program: Program, day: dt.date | None = None) -> list[QueueEntry]:
    """Who is offered work first (§5.11): by application date, then application number; the
    first is next. Refusals are counted from `Oferty` when it is kept; when `Skierowania` is
    kept, a person with a referral covering `day` is working already and left out."""
    people = [p for p in program.participants if p.status in QUEUED]
    if program.referrals is not None and day is not None:
        referred = {r.account for r in program.referrals if r.covers(day)}
        people = [p for p in people if p.account not in referred]
    people.sort(key=lambda p: (p.application_date or dt.date.max, _natural(p.application)))
    logged = refusals(program)
    limit = program.params.refusals_limit
    out = []
    for n, p in enumerate(people, start=1):
        count = p.refusals if logged is None else len(logged.get(p.account, []))
        out.append(
            QueueEntry(
                n,
                p.application,
                p.application_date,
                p.account,
                p.name,
                p.status,
                count,
                at_limit=count >= limit,
            )
        )
    return out


def _natural(text: str) -> tuple:
    """`W/2026/9` before `W/2026/10`."""
    import re

    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
