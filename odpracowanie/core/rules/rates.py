"""The programme's rates (SPEC §2.1, sheet Stawki): each rate above zero and its period
ending after it begins (VALUE_INVALID, as pandera checks on the rows that could be read); the
periods of one work code never overlapping (RATE_OVERLAP) and one unit per code.

Example: PORZ 31,40 zł from 1.01.2026 and PORZ 32,00 zł from 1.06.2026 with no end to the
first -> RATE_OVERLAP at the second row's Obowiązuje od cell.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pandera.pandas as pa

from odpracowanie import labels
from odpracowanie.core.model import Rate
from odpracowanie.core.rules.common import row_check
from odpracowanie.core.schemas import CodeInfo, Frame, run_schema
from odpracowanie.issues import Issue, Say, make_issue

# The issue codes this module can emit (a test checks them against its text).
CODES = (
    "RATE_OVERLAP",
    "VALUE_INVALID",
)


def check_rate_rows(rates: pd.DataFrame, frame: Frame) -> tuple[pd.Series, list[Issue]]:
    """`rates`: the parsed `rate` (zł), `valid_from` and `valid_to` of the rows whose cells
    could be read. Returns which of them are usable, and the issues (one per row)."""
    positive = rates["rate"] > 0
    ordered = rates["valid_to"].isna() | (rates["valid_to"] >= rates["valid_from"])
    schema = pa.DataFrameSchema(
        {
            "rate": pa.Column(checks=pa.Check(lambda r: r > 0, name="VALUE_INVALID")),
            "valid_to": pa.Column(
                checks=row_check("VALUE_INVALID", rates, lambda r: ~positive | ordered),
                nullable=True,
            ),
        }
    )
    expected = {"rate": Say.AMOUNT_POSITIVE, "valid_to": Say.VALID_TO_AFTER_FROM}
    info = {"VALUE_INVALID": CodeInfo(None, lambda i, f: {"expected": expected[f]})}
    issues = run_schema(schema, rates, frame, info)
    return positive & ordered, sorted(issues, key=lambda issue: issue.row or 0)


def check_rates(rates: list[Rate], file: str, sheet: str, letters: dict[str, str]) -> list[Issue]:
    """Periods of one work code must not overlap, and a code has one unit (SPEC §2.1)."""
    issues = []
    far = dt.date.max
    by_code: dict[str, list[Rate]] = {}
    for rate in rates:
        by_code.setdefault(rate.code, []).append(rate)
    for code, group in by_code.items():
        group.sort(key=lambda r: r.valid_from)
        for before, after in itertools.pairwise(group):
            if (before.valid_to or far) >= after.valid_from:
                issues.append(
                    make_issue(
                        "RATE_OVERLAP",
                        file=file,
                        sheet=sheet,
                        row=after.row,
                        cell=f"{letters['valid_from']}{after.row}",
                        column=labels.label(labels.RATE_COLUMNS, "valid_from"),
                        work=code,
                        first=Say.ROW.format(row=before.row),
                        second=Say.ROW.format(row=after.row),
                    )
                )
        units = {r.unit for r in group}
        if len(units) > 1:
            last = group[-1]
            issues.append(
                make_issue(
                    "VALUE_INVALID",
                    file=file,
                    sheet=sheet,
                    row=last.row,
                    cell=f"{letters['unit']}{last.row}",
                    column=labels.label(labels.RATE_COLUMNS, "unit"),
                    found=last.unit,
                    expected=Say.ONE_UNIT_PER_CODE.format(
                        code=code, units=", ".join(sorted(units))
                    ),
                )
            )
    return issues
