"""Benchmark (run by hand, not by pytest): a large city's month against its I/O floor (SPEC §6).

    python tests/benchmark.py               # 1 000 debtors, 200 timesheets, 40 000 rows; ¼, ½, 1
    python tests/benchmark.py --scale 1     # the full size only
    python tests/benchmark.py --chain 6     # six months of it, each on the previous ledger
    python tests/benchmark.py --no-children # the same in one process (what children save)
    python tests/benchmark.py --startup     # validate one timesheet, start-up included

For each size it generates a programme, a debt workbook and the timesheets in a temporary
folder, then measures in the same run:
- `reconcile`, end to end as the clerk runs it (a subprocess, start-up included), and its peak
  memory with the child processes it starts (the sum of their PSS, sampled from Linux's /proc;
  "—" elsewhere);
- the I/O floor: reading every input with python-calamine (the previous month's ledger
  included) plus writing the cells the outputs hold with xlsxwriter in the mode the outputs are
  written (in memory, sheet by sheet, the same values).
It prints both, their ratio (target ≤ 1,5) and the time per 1 000 rows (linear growth), and
the time of `correct` of one debtor's month in the ledger that reconcile wrote (SPEC §7: no
longer than the reconcile of that size). `--chain N` runs N months one after another, each
on the ledger of the month before, and prints a line per month: the history grows by the
month's rows until the 12-month window is full, and the time per month should stay flat.
`--startup` times what a clerk waits for when one timesheet comes in: `validate` of a 40-row
timesheet against a 1 000-person register and its debts, start-up included (target < 0,7 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine
import xlsxwriter

from odpracowanie.labels import TEMPLATE_VERSION
from odpracowanie.writers.outputs import CARDS_STREAMED_FROM

HEADERS = (
    "Lp.",
    "Data",
    "Nr konta",
    "Dłużnik",
    "Wykonawca",
    "Kod pracy",
    "Rodzaj pracy",
    "Ilość",
    "Jednostka",
    "Stawka (zł)",
    "Wartość (zł)",
    "Nr protokołu odbioru",
    "Odebrano",
    "Uwagi",
)
UNITS = 20


def _valid_pesel(n: int) -> str:
    digits = f"7{n % 10}0{1 + n % 9}{10 + n % 18:02d}{n % 1000:03d}{n % 10}"[:10]
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    return digits + str(check)


def generate(folder: Path, debtors: int, files: int, rows: int, errors: bool = False) -> None:
    """The programme, the debt workbook and October 2026's timesheets in `folder`."""
    accounts = [f"{200000 + n}" for n in range(debtors)]
    names = {a: f"Dłużnik {a}" for a in accounts}
    book = xlsxwriter.Workbook(str(folder / "program.xlsx"))
    book.add_worksheet("Parametry").write_row(0, 0, ("Parametr", "Wartość"))
    sheet = book.add_worksheet("Stawki")
    sheet.write_row(
        0, 0, ("Kod", "Rodzaj pracy", "Jednostka", "Stawka (zł)", "Obowiązuje od", "Obowiązuje do")
    )
    sheet.write_row(1, 0, ("PORZ", "Porządki", "h", 31.40, "01.01.2026", ""))
    sheet.write_row(2, 0, ("ZIEL", "Zieleń", "h", 31.40, "01.01.2026", ""))
    sheet = book.add_worksheet("Jednostki")
    sheet.write_row(0, 0, ("Kod jednostki", "Nazwa", "Nadzorujący", "E-mail"))
    for n in range(UNITS):
        sheet.write_row(n + 1, 0, (f"J{n:02d}", f"Jednostka {n}", "", ""))
    sheet = book.add_worksheet("Uczestnicy")
    sheet.write_row(
        0,
        0,
        (
            "Nr wniosku",
            "Data wniosku",
            "Nr konta",
            "Imię i nazwisko",
            "PESEL",
            "Status",
            "Data porozumienia",
            "Szkolenie BHP",
            "NNW od",
            "NNW do",
        ),
    )
    for n, a in enumerate(accounts, start=1):
        sheet.write_row(
            n,
            0,
            (
                f"W/{n}",
                "01.01.2026",
                a,
                names[a],
                _valid_pesel(n),
                "uczestnik",
                "01.02.2026",
                "01.02.2026",
                "01.01.2026",
                "31.12.2027",
            ),
        )
    book.add_worksheet("Upoważnieni").write_row(0, 0, ("Nr konta", "Imię i nazwisko", "PESEL"))
    book.close()

    book = xlsxwriter.Workbook(str(folder / "zadluzenie.xlsx"))
    sheet = book.add_worksheet("Zadłużenie")
    sheet.write_row(
        0, 0, ("Nr konta", "Dłużnik", "Adres lokalu", "Należność główna", "Odsetki", "Stan na")
    )
    for n, a in enumerate(accounts, start=1):
        sheet.write_row(n, 0, (a, names[a], "ul. Długa 1", 20000.0, 1500.0, "30.09.2026"))
    book.close()

    timesheets(folder / "karty", (2026, 10), debtors, files, rows, errors)


def timesheets(
    cards: Path, month: tuple[int, int], debtors: int, files: int, rows: int, errors: bool = False
) -> None:
    """A month's timesheets: each debtor works 2 h of two kinds of work a working day. With
    `errors`, every timesheet's first row has a wrong rate (every file goes back marked)."""
    accounts = [f"{200000 + n}" for n in range(debtors)]
    names = {a: f"Dłużnik {a}" for a in accounts}
    rng = random.Random(7 + month[1])
    year, number = month
    last = (dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)).day
    days = [
        dt.date(year, number, d)
        for d in range(1, last + 1)
        if dt.date(year, number, d).weekday() < 5
    ]
    per_file = rows // files
    cards.mkdir(parents=True)
    for f in range(files):
        book = xlsxwriter.Workbook(str(cards / f"karta_{f:03d}.xlsx"))
        sheet = book.add_worksheet("Rozliczenie")
        date_format = book.add_format({"num_format": "dd.mm.yyyy"})
        sheet.write_row(0, 0, ("Jednostka organizacyjna:", f"J{f % UNITS:02d}"))
        sheet.write_row(1, 0, ("Miesiąc rozliczenia:", f"{year}-{number:02d}"))
        sheet.write_row(3, 0, HEADERS)
        mine = accounts[(f * debtors) // files : ((f + 1) * debtors) // files] or accounts[:1]
        for r in range(per_file):
            # Each debtor works 2 h of two kinds of work a day: 4 h a day, 20 h a week.
            account = mine[r % len(mine)]
            turn = r // len(mine)
            day = days[(turn // 2) % len(days)]
            code = ("PORZ", "ZIEL")[turn % 2]
            sheet.write_number(4 + r, 0, r + 1)
            sheet.write_datetime(4 + r, 1, dt.datetime.combine(day, dt.time()), date_format)
            rate = 30.00 if errors and r == 0 else 31.40
            sheet.write_row(
                4 + r,
                2,
                (
                    account,
                    names[account],
                    "",
                    code,
                    "",
                    2,
                    "h",
                    rate,
                    round(2 * rate, 2),
                    f"P/{f}/{r}",
                    "TAK",
                    rng.choice(("", "uwagi")),
                ),
            )
        book.define_name("wersja_szablonu", f'="{TEMPLATE_VERSION}"')
        book.close()


def io_floor(
    inputs: list[Path], outputs: list[tuple[str, list[list[list[object]]]]], scratch: Path
) -> float:
    """Read every input with python-calamine; write the cells the outputs hold, the same
    values (text, numbers, dates) sheet by sheet, with xlsxwriter in the mode each output is
    written (the ledger, and the debtor cards of thousands of debtors, row by row to disk,
    `constant_memory`; the others in memory) — and nothing else."""
    start = time.perf_counter()
    for path in inputs:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    for n, (output, sheets) in enumerate(outputs):
        streamed = output.startswith("salda_") or (
            output.startswith("karty_dluznikow_") and len(sheets) >= CARDS_STREAMED_FROM
        )
        mode = {"constant_memory": True} if streamed else {"in_memory": True}
        out = xlsxwriter.Workbook(str(scratch / f"floor_{n}.xlsx"), mode)
        for rows in sheets:
            sheet = out.add_worksheet()
            for r, row in enumerate(rows):
                sheet.write_row(r, 0, row)
        out.close()
    return time.perf_counter() - start


def output_cells(out: Path) -> list[tuple[str, list[list[list[object]]]]]:
    """The values of every output workbook: (name, sheets > rows > cells)."""
    books = []
    for path in sorted(out.glob("*.xlsx")):
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        books.append(
            (path.name, [book.get_sheet_by_name(name).to_python() for name in book.sheet_names])
        )
    return books


def _tree_memory_mb(root: int) -> float:
    """Memory of a process and all its descendants (Linux /proc), in MB: the sum of their
    proportional set sizes, so pages a forked child shares with its parent count once."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        # Descendants start after their parent: only later process numbers are read.
        if entry.name.isdigit() and int(entry.name) >= root:
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(
            int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")
        )
    return total / 1024


def _timed(command: list[str], log: Path) -> tuple[float, float | None]:
    """Wall time of `command` (start-up included) and its peak memory with its children."""
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:  # a file, not a pipe: unread, it fills up
        process = subprocess.Popen(
            command,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        # Peak memory: the batch and its child processes together, sampled every 0,1 s.
        peak: float | None = 0.0 if Path("/proc/self/smaps_rollup").exists() else None
        while process.poll() is None:
            if peak is not None:
                peak = max(peak, _tree_memory_mb(process.pid))
            time.sleep(0.1)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(log.read_text(encoding="utf-8"))
    return elapsed, peak


ODPRACOWANIE = [sys.executable, "-m", "odpracowanie"]


def _reconcile(
    folder: Path, debts: Path, month: tuple[int, int], cards: Path, out: Path
) -> tuple[float, float, float | None]:
    """reconcile's time and peak memory, and the floor of the same inputs and outputs."""
    text = f"{month[0]}-{month[1]:02d}"
    elapsed, peak = _timed(
        [
            *ODPRACOWANIE,
            "reconcile",
            "--program",
            str(folder / "program.xlsx"),
            "--debts",
            str(debts),
            "--month",
            text,
            "--out",
            str(out),
            str(cards),
        ],
        folder / f"reconcile_{text}.log",
    )
    inputs = [folder / "program.xlsx", debts, *sorted(cards.iterdir())]
    scratch = folder / f"prog_{text}"
    scratch.mkdir()
    return elapsed, io_floor(inputs, output_cells(out), scratch), peak


def run(scale: float, errors: bool = False) -> tuple[int, float, float, float | None, float]:
    """Rows, reconcile's time, the I/O floor, reconcile's peak memory, and the time of a
    correction of one debtor's month in the ledger reconcile wrote (SPEC §7: no longer than
    the reconcile)."""
    debtors, files, rows = int(1000 * scale), max(1, int(200 * scale)), int(40_000 * scale)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, debtors, files, rows, errors)
        out = folder / "wyniki"
        elapsed, floor, peak = _reconcile(
            folder, folder / "zadluzenie.xlsx", (2026, 10), folder / "karty", out
        )
        corrected, _ = _timed(
            [
                *ODPRACOWANIE,
                "correct",
                "--program",
                str(folder / "program.xlsx"),
                "--debts",
                str(out / "salda_2026-10.xlsx"),
                "--account",
                "200001",
                "--month",
                "2026-10",
                "--reason",
                "pomiar",
                "--document",
                "K/1",
                "--out",
                str(folder / "korekta"),
            ],
            folder / "correct.log",
        )
        return rows, elapsed, floor, peak, corrected


def chain(months: int, keep: Path | None = None) -> None:
    """`months` months of the large city from October 2026, each on the previous ledger;
    with `keep`, every month's inputs and outputs are left in that folder."""
    debtors, files, rows = 1000, 200, 40_000
    print(
        f"{'miesiąc':>8} {'reconcile s':>12} {'próg I/O s':>11} {'iloraz':>7} "
        f"{'pamięć MB':>10} {'salda MB':>9} {'Historia prac':>14}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, debtors, files, rows)
        debts = folder / "zadluzenie.xlsx"
        month = (2026, 10)
        for n in range(months):
            text = f"{month[0]}-{month[1]:02d}"
            cards = folder / "karty" if n == 0 else folder / f"karty_{text}"
            if n:
                timesheets(cards, month, debtors, files, rows)
            out = folder / f"wyniki_{text}"
            elapsed, floor, peak = _reconcile(folder, debts, month, cards, out)
            debts = out / f"salda_{text}.xlsx"
            history = (
                len(
                    python_calamine.CalamineWorkbook.from_path(str(debts))
                    .get_sheet_by_name("Historia prac")
                    .to_python()
                )
                - 1
            )
            memory = f"{peak:>10.0f}" if peak is not None else f"{'—':>10}"
            print(
                f"{n + 1:>8} {elapsed:>12.2f} {floor:>11.2f} {elapsed / floor:>7.2f} "
                f"{memory} {debts.stat().st_size / 1e6:>9.1f} {history:>14}",
                flush=True,
            )
            month = (month[0] + month[1] // 12, month[1] % 12 + 1)


def startup(runs: int = 9) -> None:
    """`validate` of one 40-row timesheet with a 1 000-person register, as a subprocess from
    start to exit, `runs` times: the best and the median (the machine's noise only adds)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, 1000, 1, 40)
        command = [
            *ODPRACOWANIE,
            "validate",
            "--program",
            str(folder / "program.xlsx"),
            "--debts",
            str(folder / "zadluzenie.xlsx"),
            "--month",
            "2026-10",
            str(next((folder / "karty").iterdir())),
        ]
        # The floor: Python starting, importing the libraries every check needs and ending,
        # with the collector kept out of it as the program does (cli.run).
        libraries = [
            sys.executable,
            "-c",
            "import gc; gc.disable(); import click, pandas, pandera.pandas; gc.freeze()",
        ]
        times: dict[str, list[float]] = {"validate": [], "floor": []}
        for _ in range(runs):  # interleaved: the machine's changing speed hits both alike
            for name, argv in (("validate", command), ("floor", libraries)):
                start = time.perf_counter()
                done = subprocess.run(argv, capture_output=True, check=False)
                times[name].append(time.perf_counter() - start)
                if done.returncode != 0:
                    raise SystemExit((done.stdout + done.stderr).decode("utf-8", "replace"))
    best = {name: min(t) for name, t in times.items()}
    median = {name: sorted(t)[len(t) // 2] for name, t in times.items()}
    print(f"validate, 1 karta (40 wierszy), rejestr 1 000 osób, {runs} uruchomień:")
    print(
        f"  najlepszy {best['validate']:.2f} s, mediana {median['validate']:.2f} s (cel < 0.70 s)"
    )
    print(
        f"  sam Python z click, pandas i pandera: najlepszy {best['floor']:.2f} s, "
        f"mediana {median['floor']:.2f} s; program ponad to: "
        f"{best['validate'] - best['floor']:.2f} s"
    )


def main() -> None:
    import compileall

    import odpracowanie

    # As installed by pip: the package's bytecode exists (an environment with
    # PYTHONDONTWRITEBYTECODE would otherwise compile it on every run, ~0,3 s here).
    compileall.compile_dir(str(Path(odpracowanie.__file__).parent), quiet=1)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        help="fraction of the full size (repeatable); default ¼, ½ and 1",
    )
    parser.add_argument(
        "--chain",
        type=int,
        metavar="N",
        help="N months of the full size, each on the previous ledger",
    )
    parser.add_argument(
        "--no-children",
        action="store_true",
        help="everything in the batch's own process (what the child processes save)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="with --chain: leave every month's inputs and outputs in FOLDER",
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="every timesheet with one wrong rate (all go back marked)",
    )
    parser.add_argument(
        "--startup",
        action="store_true",
        help="validate of one 40-row timesheet with a 1 000-person register, start-up included",
    )
    args = parser.parse_args()
    if args.startup:
        startup()
        return
    if args.no_children:
        os.environ["ODPRACOWANIE_CHILDREN"] = "0"  # inherited by every run below
    if args.chain:
        chain(args.chain, args.keep)
        return
    scales = args.scale or [0.25, 0.5, 1.0]
    print(
        f"{'wiersze':>8} {'reconcile s':>12} {'próg I/O s':>11} {'iloraz':>7} "
        f"{'s / 1000 wierszy':>17} {'pamięć MB':>10} {'correct s':>10}"
    )
    for scale in scales:
        rows, elapsed, floor, peak, corrected = run(scale, args.errors)
        memory = f"{peak:>10.0f}" if peak is not None else f"{'—':>10}"
        print(
            f"{rows:>8} {elapsed:>12.2f} {floor:>11.2f} {elapsed / floor:>7.2f} "
            f"{elapsed / rows * 1000:>17.3f} {memory} {corrected:>10.2f}"
        )


if __name__ == "__main__":
    main()
