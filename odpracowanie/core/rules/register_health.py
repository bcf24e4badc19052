"""Register health and the work-offer queue (SPEC §5 `register`, rules §5.5–5.13).

Codes: PESEL_INVALID, DUPLICATE_ACCOUNT, DEBT_OVER_LIMIT (errors: the register is wrong or the
person is not eligible); SIGNING_OVERDUE, REFUSALS_LIMIT, PARTICIPATION_TOO_LONG (warnings: an
action is due). Example: a person qualified on 01.09.2026 with no agreement signed is
SIGNING_OVERDUE on 05.10.2026 (34 days > 30).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from odpracowanie import labels
from odpracowanie.core.model import Debts, Participant, Program
from odpracowanie.core.rules.register import participation_end, pesel_issue, pesel_problem
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
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
    params = program.params
    letters = program.columns.get(labels.SHEET_PARTICIPANTS, {})

    def where(person: Participant, field: str) -> dict[str, object]:
        letter = letters.get(field, "")
        return {
            "file": program.file,
            "sheet": labels.SHEET_PARTICIPANTS,
            "row": person.row,
            "cell": f"{letter}{person.row}" if letter else "",
            "account": person.account,
            "column": next(c.label for c in labels.PARTICIPANT_COLUMNS if c.field == field),
        }

    issues: list[Issue] = []
    for person in program.participants:
        problem = pesel_problem(person.pesel)
        if problem and person.status not in (labels.STATUS_STRUCK_OFF, labels.STATUS_FINISHED):
            issues.append(
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
            )
    proxy_letters = program.columns.get(labels.SHEET_PROXIES, {})
    for proxy in program.proxies:
        problem = pesel_problem(proxy.pesel)
        if problem:
            issues.append(
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
            )

    active: dict[str, Participant] = {}
    for person in program.participants:
        if person.status not in ACTIVE:
            continue
        if person.account in active:
            issues.append(
                make_issue(
                    "DUPLICATE_ACCOUNT",
                    **where(person, "account"),
                    other=active[person.account].row,
                )
            )
        else:
            active[person.account] = person

    for person in program.participants:
        if (
            person.status == labels.STATUS_QUALIFIED
            and person.agreement_on is None
            and person.qualified_on is not None
        ):
            days = (today - person.qualified_on).days
            if days > params.signing_days:
                issues.append(
                    make_issue(
                        "SIGNING_OVERDUE",
                        **where(person, "qualified_on"),
                        name=person.name,
                        since=labels.format_date(person.qualified_on),
                        days=days,
                        limit=params.signing_days,
                    )
                )
        if person.refusals >= params.refusals_limit and person.status != labels.STATUS_STRUCK_OFF:
            issues.append(
                make_issue(
                    "REFUSALS_LIMIT",
                    **where(person, "refusals"),
                    name=person.name,
                    found=person.refusals,
                    limit=params.refusals_limit,
                )
            )
        end = participation_end(person, program)
        if person.status == labels.STATUS_PARTICIPANT and end is not None and today > end:
            issues.append(
                make_issue(
                    "PARTICIPATION_TOO_LONG",
                    **where(person, "agreement_on"),
                    name=person.name,
                    since=labels.format_date(person.agreement_on),
                    end=labels.format_date(end),
                    limit=params.max_participation_months,
                    what=Say.SET_FINISHED,
                )
            )
        if (
            params.max_debt_grosze is not None
            and debts is not None
            and person.status in NOT_YET_QUALIFIED
            and person.account in debts.accounts
        ):
            debt = debts.accounts[person.account]
            total = debt.principal + debt.interest
            if total > params.max_debt_grosze:
                issues.append(
                    make_issue(
                        "DEBT_OVER_LIMIT",
                        **where(person, "status"),
                        name=person.name,
                        found=labels.format_money(total),
                        limit=labels.format_money(params.max_debt_grosze),
                    )
                )
    return issues


@dataclass(frozen=True)
class QueueEntry:
    position: int
    application: str
    date: dt.date | None
    account: str
    name: str
    status: str
    refusals: int


def work_queue(program: Program) -> list[QueueEntry]:
    """Who is offered work first (§5.11): by application date, then application number."""
    people = [p for p in program.participants if p.status in QUEUED]
    people.sort(key=lambda p: (p.application_date or dt.date.max, _natural(p.application)))
    return [
        QueueEntry(n, p.application, p.application_date, p.account, p.name, p.status, p.refusals)
        for n, p in enumerate(people, start=1)
    ]


def _natural(text: str) -> tuple:
    """`W/2026/9` before `W/2026/10`."""
    import re

    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
