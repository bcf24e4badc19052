"""zadluzenie.xlsx (or last month's salda_…) -> `Debts` + issues (SPEC §2.2).

The debt workbook is the ledger of record: any error in it makes it unusable (exit 2), because
the balances written from it must be complete and right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from odpracowanie import labels
from odpracowanie.core import parse
from odpracowanie.core.cells import column_letter
from odpracowanie.core.model import (
    COMPONENTS,
    Debt,
    Debts,
    Pending,
    empty_payment_history,
    empty_settlements,
    empty_work_history,
)
from odpracowanie.core.money import floats_to_grosze, floats_to_qty
from odpracowanie.core.rules.balances import check_balance_rows
from odpracowanie.core.schemas import (
    Frame,
    blank_to_na,
    check_table,
    raw_schema,
    run_schema,
    spec_of,
)
from odpracowanie.issues import Issue, make_issue
from odpracowanie.readers.finance import is_csv, read_csv_table
from odpracowanie.readers.tables import read_sheet_table
from odpracowanie.readers.workbook import (
    UnreadableFile,
    find_sheet,
    header_values,
    iter_sheet_rows,
    match_header,
    open_workbook,
)

DEBT_SPEC = spec_of(labels.DEBT_COLUMNS)


@dataclass
class DebtsResult:
    debts: Debts | None
    issues: list[Issue]


def read_debts(
    path: Path, file: str | None = None, aliases: Mapping[str, Sequence[str]] | None = None
) -> DebtsResult:
    """The debt workbook (or the finance system's CSV export, SPEC §8) and its issues.

    `aliases`: field -> other heads its column may have (the programme's `Nazwy kolumn`).
    """
    file = file or path.name
    columns = labels.with_aliases(labels.DEBT_COLUMNS, aliases or {})
    if is_csv(path):
        return _read_export(path, file, columns)
    try:
        workbook = open_workbook(path)
        frame, issues = read_sheet_table(workbook, file, labels.SHEET_DEBTS, columns)
    except UnreadableFile as exc:
        return DebtsResult(None, [make_issue("FILE_UNREADABLE", file=file, reason=exc.reason)])
    if frame is None:
        return DebtsResult(None, issues)
    accounts, issues = _balances(frame)
    history, history_issues = _read_work_history(workbook, file)
    if not history.empty:
        # The debtor's own work counts as Wykonawca "" (as the validation does).
        own = {(a, labels.name_key(d.debtor)) for a, d in accounts.items()}
        is_own = [
            (a, w) in own for a, w in zip(history["account"], history["worker_id"], strict=True)
        ]
        history["worker_id"] = history["worker_id"].where(~pd.Series(is_own), "")
    settlements, settlement_issues = _read_settlements(workbook, file)
    payments, payment_issues = _read_payment_history(workbook, file)
    pending, pending_issues = _read_pending(workbook, file)
    issues += history_issues + settlement_issues + payment_issues + pending_issues
    facts = _run_facts(workbook)
    if any(i.is_error for i in issues):
        return DebtsResult(None, issues)
    return DebtsResult(
        Debts(
            file=file,
            sheet=frame.sources[0][1],
            accounts=accounts,
            work_history=history,
            settlements=settlements,
            sha256=workbook.sha256,
            last_month=facts.month,
            payment_history=payments,
            components=_components(frame),
            ledger_id=facts.ledger_id,
            ledger_number=facts.number,
            ledger_chain=facts.chain,
            pending=pending,
        ),
        issues,
    )


def _read_export(path: Path, file: str, columns: Sequence[labels.Column]) -> DebtsResult:
    """Balances from the finance system's CSV export: no history of its own."""
    frame, issues = read_csv_table(
        path, file, columns, amounts=COMPONENTS, dates=("as_of", "arrears_since")
    )
    if frame is None:
        return DebtsResult(None, issues)
    accounts, issues = _balances(frame)
    if any(i.is_error for i in issues):
        return DebtsResult(None, issues)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return DebtsResult(
        Debts(
            file=file,
            sheet="",
            accounts=accounts,
            sha256=sha,
            components=_components(frame),
        ),
        issues,
    )


def _components(frame: Frame) -> tuple[str, ...]:
    """The debt components whose columns the table has (principal and interest always)."""
    letters = frame.sources[0][2]
    return tuple(c for c in COMPONENTS if c != "costs" or "costs" in letters)


def _balances(frame: Frame) -> tuple[dict[str, Debt], list[Issue]]:
    """The balances of table `Zadłużenie` (a sheet or an export), checked."""
    raw = frame.raw
    frame.accounts = parse.parse_account(raw["account"])
    checked = check_table(frame, DEBT_SPEC, {})
    issues = checked.issues
    amounts = {name: checked[name] for name in COMPONENTS}
    as_of, since = checked["as_of"], checked["arrears_since"]
    names, addresses = checked["debtor"], checked["address"]
    balances = pd.DataFrame({"account": frame.accounts, **amounts})
    usable, found = check_balance_rows(balances, frame)
    issues += found
    # Column by column, then one Debt per usable row (10 000 accounts of an export at once).
    rows = usable.index[usable]
    grosze = {
        name: floats_to_grosze(values.loc[rows].fillna(0).to_numpy(dtype="float64")).tolist()
        for name, values in amounts.items()
    }

    def days(values: pd.Series) -> list:
        picked = values.loc[rows]
        return picked.dt.date.astype(object).where(picked.notna(), None).tolist()

    accounts: dict[str, Debt] = {}
    for account, debtor, address, principal, interest, costs, on, row, since_day in zip(
        frame.accounts.loc[rows].tolist(),
        names.loc[rows].tolist(),
        addresses.loc[rows].tolist(),
        grosze["principal"],
        grosze["interest"],
        grosze["costs"],
        days(as_of),
        raw.loc[rows, "_row"].astype("int64").tolist(),
        days(since),
        strict=True,
    ):
        accounts[account] = Debt(
            account=account,
            debtor=debtor,
            address=address,
            principal=int(principal),
            interest=int(interest),
            costs=int(costs),
            as_of=on,
            row=int(row),
            arrears_since=since_day,
        )
    return accounts, issues


@dataclass(frozen=True)
class RunFacts:
    """What a ledger's `Przebieg` says of its place in its chain (SPEC §7)."""

    month: tuple[int, int] | None = None
    ledger_id: str = ""
    number: int | None = None
    source_file: str = ""
    source_id: str = ""
    source_sha256: str = ""
    chain: str = ""


def read_run_facts(path: Path) -> RunFacts:
    """`Przebieg`'s chain facts of the workbook at `path` (none for a workbook no run
    wrote); raises UnreadableFile for a file that is not a workbook."""
    return _run_facts(open_workbook(path))


def _run_facts(workbook) -> RunFacts:
    """What `Przebieg` of a workbook written by this program says of it: the month it holds
    balances of, its identifier and number in its chain (nothing for a first ledger)."""
    sheet = find_sheet(workbook, labels.SHEET_RUN)
    if sheet is None:
        return RunFacts()
    rows = [row for _, row in zip(range(40), iter_sheet_rows(workbook, sheet), strict=False)]
    wanted = [labels.RUN_MONTH, labels.RUN_LEDGER_MONTH, labels.RUN_LEDGER_ID]
    sources = [labels.RUN_SOURCE_FILE, labels.RUN_SOURCE_ID, labels.RUN_SOURCE_SHA]
    found = header_values(rows, [*wanted, labels.RUN_LEDGER_NUMBER, *sources, labels.RUN_CHAIN])
    # A late run's month is earlier than the ledger's, which it records beside it.
    value = (
        found.get(labels.RUN_LEDGER_MONTH, ("", ""))[0] or found.get(labels.RUN_MONTH, ("", ""))[0]
    )
    number = found.get(labels.RUN_LEDGER_NUMBER, ("", ""))[0]
    try:
        number = int(float(number)) if number not in ("", None) else None
    except (TypeError, ValueError):
        number = None
    return RunFacts(
        parse.parse_month(value) if value else None,
        str(found.get(labels.RUN_LEDGER_ID, ("", ""))[0] or ""),
        number if number and number > 0 else None,
        *(str(found.get(label, ("", ""))[0] or "") for label in sources),
        str(found.get(labels.RUN_CHAIN, ("", ""))[0] or ""),
    )


def _read_pending(workbook, file: str) -> tuple[tuple[Pending, ...], list[Issue]]:
    """Sheet Do zaksięgowania: the credits the finance system has not booked yet."""
    frame, issues = _history_table(
        workbook, file, labels.SHEET_PENDING, labels.PENDING_COLUMNS, PENDING_SPEC
    )
    if frame is None:
        return (), issues
    raw = frame.raw
    texts = {
        f: parse.parse_text(raw[f]).fillna("").tolist() for f in ("debtor", "posting", "state")
    }
    months = parse.parse_text(raw["month"]).fillna("").tolist()
    amounts = list(zip(*(_grosze(raw[f"to_{c}"]) for c in COMPONENTS), strict=True))
    return (
        tuple(
            Pending(account, debtor, month, posting, tuple(parts), state)
            for account, debtor, month, posting, parts, state in zip(
                frame.accounts,
                texts["debtor"],
                months,
                texts["posting"],
                amounts,
                texts["state"],
                strict=True,
            )
        ),
        issues,
    )


HISTORY_SPEC = spec_of(labels.WORK_HISTORY_COLUMNS)
SETTLEMENT_SPEC = spec_of(labels.SETTLEMENT_COLUMNS)
PAYMENT_HISTORY_SPEC = spec_of(labels.PAYMENT_HISTORY_COLUMNS)
PENDING_SPEC = spec_of(labels.PENDING_COLUMNS)


def _grosze(raw) -> list[int]:
    values = parse.parse_numbers(raw)[0].values.fillna(0).to_numpy()
    return floats_to_grosze(values).tolist()


def _history_table(workbook, file: str, sheet: str, columns, spec):
    """An optional history sheet, checked; (None, issues) when absent, empty or wrong."""
    frame, issues = read_sheet_table(workbook, file, sheet, columns, optional=True)
    if frame is None or frame.raw.empty:
        return None, issues
    frame.accounts = parse.parse_account(frame.raw["account"])
    issues = run_schema(raw_schema(spec), blank_to_na(frame.raw, list(spec)), frame, {})
    return (None if issues else frame), issues


# The types `reconcile` writes each `Historia prac` column with; a ledger whose cells all have
# them is read column by column (the fast path), any other goes through the checked reader.
_TEXT_FIELDS = (
    "row_id",
    "month",
    "account",
    "unit_code",
    "worker",
    "code",
    "unit",
    "file",
    "sha256",
    "reverses",
    "reason",
    "document",
)
_MONTH_TEXT = r"\d{4}-\d{2}"


def _stripped(values) -> pd.Series:
    """Text cells stripped, each distinct text once (a column repeats its texts)."""
    column = pd.Series(values, dtype=object)
    return column.map({v: v.strip() for v in column.unique()})


# Rows of `Historia prac` converted at a time: a year's history (480 000 rows) is never held
# as Python cells all at once, which would leave the process hundreds of MB larger for good.
HISTORY_BLOCK = 20_000


def _typed_work_history(workbook) -> pd.DataFrame | None:
    """`Historia prac` exactly as `reconcile` writes it, read column by column, a block of rows
    at a time: the header in its first row, no blank row, every text column text, dates
    dates, quantities and values numbers, the required cells filled. None when anything
    differs (a hand-edited or a foreign ledger): the checked reader then finds and names it
    cell by cell."""
    name = find_sheet(workbook, labels.SHEET_WORK_HISTORY)
    if name is None:
        return None
    sheet = workbook.sheet(name)
    if (sheet.start or (0, 0)) != (0, 0):
        return None
    rows = iter(sheet.iter_rows())
    at = match_header(next(rows, []), labels.WORK_HISTORY_COLUMNS)
    if set(at) != {c.field for c in labels.WORK_HISTORY_COLUMNS}:
        return None
    blocks = []
    while block := list(itertools.islice(rows, HISTORY_BLOCK)):
        columns = _history_block(block, at)
        if columns is None:
            return None
        blocks.append(columns)
    if not blocks:
        return None
    del rows, sheet  # the iterator holds the parsed sheet too
    workbook.forget(name)  # the parsed sheet, held by python-calamine outside Python's heap
    history = pd.DataFrame(
        {field: np.concatenate([b[field] for b in blocks]) for field in blocks[0]}
    )
    history["_row"] = np.arange(2, len(history) + 2, dtype="int64")
    history.attrs.update(sheet=name, letters={f: column_letter(i) for f, i in at.items()})
    return history


def _history_block(block: list[list[object]], at: dict[str, int]) -> dict[str, np.ndarray] | None:
    """One block of `Historia prac` as typed columns, or None when a cell is not as written."""
    columns = list(zip(*block, strict=True))
    cells = {field: columns[index] for field, index in at.items()}
    del columns
    for field in _TEXT_FIELDS:
        if set(map(type, cells[field])) != {str}:
            return None
    if not set(map(type, cells["date"])) <= {dt.date, dt.datetime}:
        return None
    for field in ("qty", "value"):
        if not set(map(type, cells[field])) <= {float, int}:
            return None
    text = {f: _stripped(cells[f]) for f in _TEXT_FIELDS}
    if any((text[f] == "").any() for f in ("month", "account", "code", "unit")):
        return None
    if not text["month"].str.fullmatch(_MONTH_TEXT).all():
        return None
    units = text["unit"].str.lower()
    kinds = units.map(labels.UNIT_SPELLINGS)
    if kinds.isna().any():
        return None
    minutes = (units == labels.MINUTES).to_numpy()
    qty = np.asarray(cells["qty"], dtype="float64")
    days = np.array(cells["date"], dtype="datetime64[D]")
    if not (
        (days >= np.datetime64(f"{parse.YEAR_MIN}-01-01"))
        & (days <= np.datetime64(f"{parse.YEAR_MAX}-12-31"))
    ).all():
        return None
    workers = text["worker"]
    keys = {w: labels.name_key(w) for w in workers.unique()}
    return {
        "row_id": text["row_id"].to_numpy(dtype=object),
        "month": text["month"].to_numpy(dtype=object),
        "account": text["account"].to_numpy(dtype=object),
        "unit_code": text["unit_code"].to_numpy(dtype=object),
        "date": days.astype("datetime64[ns]"),
        "worker": workers.to_numpy(dtype=object),
        "worker_id": workers.map(keys).to_numpy(dtype=object),
        "code": text["code"].str.upper().to_numpy(dtype=object),
        "qty": floats_to_qty(qty / np.where(minutes, 60, 1)),
        "unit": kinds.to_numpy(dtype=object),
        "value": floats_to_grosze(np.asarray(cells["value"], dtype="float64")),
        **{
            f: text[f].to_numpy(dtype=object)
            for f in ("file", "sha256", "reverses", "reason", "document")
        },
    }


def _read_work_history(workbook, file: str):
    fast = _typed_work_history(workbook)
    if fast is not None:
        return fast, []
    frame, issues = _history_table(
        workbook, file, labels.SHEET_WORK_HISTORY, labels.WORK_HISTORY_COLUMNS, HISTORY_SPEC
    )
    if frame is None:
        return empty_work_history(), issues
    raw = frame.raw
    worker = parse.parse_text(raw["worker"])
    units, minutes = parse.parse_unit(raw["unit"])
    hours = parse.parse_numbers(raw["qty"])[0].values.fillna(0).to_numpy()
    history = pd.DataFrame(
        {
            "row_id": parse.parse_text(raw["row_id"]).to_numpy(),
            "month": parse.parse_text(raw["month"]).to_numpy(),
            "account": frame.accounts.to_numpy(),
            "unit_code": parse.parse_text(raw["unit_code"]).to_numpy(),
            "date": parse.parse_dates(raw["date"]).values.to_numpy(),
            "worker": worker.to_numpy(),
            "worker_id": worker.map(labels.name_key).to_numpy(),
            "code": parse.parse_text(raw["code"]).str.upper().to_numpy(),
            "qty": floats_to_qty(hours / np.where(minutes, 60, 1)),
            "unit": units.values.to_numpy(),
            "value": _grosze(raw["value"]),
            "file": parse.parse_text(raw["file"]).to_numpy(),
            "sha256": parse.parse_text(raw["sha256"]).to_numpy(),
            "reverses": parse.parse_text(raw["reverses"]).to_numpy(),
            "reason": parse.parse_text(raw["reason"]).to_numpy(),
            "document": parse.parse_text(raw["document"]).to_numpy(),
            "_row": raw["_row"].to_numpy(),
        }
    )
    _mark_source(history, frame)
    return history, issues


def _mark_source(table: pd.DataFrame, frame) -> None:
    """Where a history table's cells are (sheet, field -> column letter), for `ledger check`
    to name a cell; `_row` holds each row's Excel row."""
    _, sheet, letters = frame.sources[0]
    table.attrs.update(sheet=sheet, letters=letters)


def _read_payment_history(workbook, file: str):
    frame, issues = _history_table(
        workbook,
        file,
        labels.SHEET_PAYMENT_HISTORY,
        labels.PAYMENT_HISTORY_COLUMNS,
        PAYMENT_HISTORY_SPEC,
    )
    if frame is None:
        return empty_payment_history(), issues
    raw = frame.raw
    return pd.DataFrame(
        {
            "month": parse.parse_text(raw["month"]).to_numpy(),
            "account": frame.accounts.to_numpy(),
            "date": parse.parse_dates(raw["date"]).values.to_numpy(),
            "amount": _grosze(raw["amount"]),
            "source": parse.parse_text(raw["source"]).to_numpy(),
            "file": parse.parse_text(raw["file"]).to_numpy(),
            "sha256": parse.parse_text(raw["sha256"]).to_numpy(),
        }
    ), issues


def _read_settlements(workbook, file: str):
    frame, issues = _history_table(
        workbook, file, labels.SHEET_SETTLEMENT_HISTORY, labels.SETTLEMENT_COLUMNS, SETTLEMENT_SPEC
    )
    if frame is None:
        return empty_settlements(), issues
    raw = frame.raw
    data = {
        "month": parse.parse_text(raw["month"]).to_numpy(),
        "account": frame.accounts.to_numpy(),
        "entry": parse.parse_text(raw["entry"]).to_numpy(),
        "approval": parse.parse_text(raw["approval"]).to_numpy(),
        "posting": parse.parse_text(raw["posting"]).fillna("").to_numpy(),
        "debtor": parse.parse_text(raw["debtor"]).to_numpy(),
        "hours": floats_to_qty(parse.parse_numbers(raw["hours"])[0].values.fillna(0)),
    }
    for name in SETTLEMENT_SPEC:
        if name not in data:
            data[name] = _grosze(raw[name])
    table = pd.DataFrame({**data, "_row": raw["_row"].to_numpy()})
    _mark_source(table, frame)
    return table, issues
