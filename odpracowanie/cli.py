"""The `odpracowanie` command: parse options, call batch.py once, print, exit 0 / 1 / 2.

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands, so `--help` is
instant.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from odpracowanie.click_pl import install as _polish_click

_polish_click()

EXIT_OK, EXIT_WITHHELD, EXIT_USAGE = 0, 1, 2


def _console_safe() -> None:
    """A Windows console in cp1250/cp852 must not crash on a character it lacks."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if reconfigure and encoding != "utf8":
            reconfigure(errors="replace")


def _month(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    from odpracowanie.core.parse import parse_month_arg

    month = parse_month_arg(value)
    if month is None:
        raise click.BadParameter(f"„{value}” — podaj miesiąc jako RRRR-MM, np. 2026-10.")
    return month


def _print_issues(issues, fmt: str) -> None:
    from odpracowanie.issues import render_json, render_line

    if fmt == "json":
        click.echo(json.dumps([render_json(i) for i in issues], ensure_ascii=False, indent=1))
    else:
        for issue in issues:
            click.echo(render_line(issue))


def _fail_usage(exc) -> None:
    """Print an unusable-input error (with its issues) and exit 2."""
    from odpracowanie.issues import render_line

    for issue in exc.issues:
        click.echo(render_line(issue), err=True)
    click.echo(f"Błąd: {exc}", err=True)
    sys.exit(EXIT_USAGE)


class Group(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        _console_safe()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        """A bug must not greet the clerk with a traceback: a Polish line, details in a log."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            import tempfile
            import traceback

            log = Path(tempfile.gettempdir()) / "odpracowanie_blad.txt"
            try:
                log.write_text(traceback.format_exc(), encoding="utf-8")
            except OSError:
                log = None
            where = f" Szczegóły zapisano w {log}." if log else ""
            click.echo(f"Błąd wewnętrzny programu ({type(exc).__name__}). Nic nie zostało "
                       f"zapisane.{where} Zgłoś go opiekunowi programu.", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="odpracowanie")
def main() -> None:
    """Rozliczanie odpracowania zaległości czynszowych: karty pracy, walidacja, salda.

    Przykład (sprawdzenie kart pracy za październik):

    \b
        odpracowanie validate --program samples/program.xlsx \\
            --debts samples/zadluzenie.xlsx --month 2026-10 samples/2026-10
    """


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--program", "program_path", type=click.Path(dir_okay=False, exists=True,
              path_type=Path), help="Program, z którego biorą się listy i stawki karty pracy.")
@click.option("--force", is_flag=True, help="Zastępuje wzory, które już są w folderze.")
def templates(out_dir: Path, program_path: Path | None, force: bool) -> None:
    """Zapisuje puste wzory: program.xlsx, zadluzenie.xlsx i karta_pracy.xlsx.

    Z --program listy rozwijane karty pracy (jednostki, kody prac, numery kont) i stawki
    pochodzą z podanego programu; rejestr uczestników nie jest przepisywany (wzory trafiają do
    jednostek, bez danych osobowych). Istniejących plików nie zastępuje bez --force.

    \b
    Przykład:
        odpracowanie templates wzory --program samples/program.xlsx
    """
    from odpracowanie.batch import UsageError, load_program
    from odpracowanie.writers.templates import TEMPLATE_NAMES, write_templates

    targets = [out_dir / name for name in TEMPLATE_NAMES]
    if program_path is not None and program_path.resolve() in {t.resolve() for t in targets}:
        click.echo(f"Błąd: wzór nadpisałby plik programu {program_path}; wskaż inny folder.",
                   err=True)
        sys.exit(EXIT_USAGE)
    existing = [t.name for t in targets if t.exists()]
    if existing and not force:
        click.echo(f"Błąd: w folderze {out_dir} są już pliki {', '.join(existing)}; użyj "
                   "--force, aby je zastąpić.", err=True)
        sys.exit(EXIT_USAGE)

    program = None
    if program_path is not None:
        try:
            program, _, _ = load_program(program_path)
        except UsageError as exc:
            _fail_usage(exc)
    written = write_templates(out_dir, program)
    for path in written:
        click.echo(f"Zapisano {path}")


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=False, path_type=Path))
@click.option("--program", "program_path", type=click.Path(dir_okay=False, exists=True,
              path_type=Path), help="program.xlsx: stawki, jednostki, rejestr uczestników.")
@click.option("--debts", "debts_path", type=click.Path(dir_okay=False, exists=True,
              path_type=Path), help="Zestawienie zadłużenia (zadluzenie.xlsx lub salda_…).")
@click.option("--month", callback=_month, metavar="RRRR-MM",
              help="Rozliczany miesiąc; bez niego każda karta wg miesiąca w jej nagłówku.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Postać wyniku.")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder na kopie kart z zaznaczonymi błędami i komentarzami.")
def validate(paths, program_path, debts_path, month, fmt, annotate_dir) -> None:
    """Sprawdza karty pracy (pliki lub foldery) i wypisuje znalezione problemy.

    Każdy problem w postaci plik!arkusz!komórka: [KOD] opis. Kod wyjścia: 0 — bez błędów,
    1 — są błędy, 2 — złe wywołanie albo program / zadłużenie nie do użycia.

    \b
    Przykład:
        odpracowanie validate --program samples/program.xlsx \\
            --debts samples/zadluzenie.xlsx --month 2026-10 --annotate do_poprawy samples/2026-10
    """
    from odpracowanie.batch import UsageError, run_validate
    from odpracowanie.writers.annotate import SameFolderError

    try:
        result = run_validate(list(paths), program_path=program_path, debts_path=debts_path,
                              month=month, annotate_dir=annotate_dir)
    except UsageError as exc:
        _fail_usage(exc)
    except SameFolderError as exc:
        click.echo(f"Błąd: kopia z uwagami nadpisałaby plik wejściowy {exc}; wskaż inny "
                   "folder w --annotate.", err=True)
        sys.exit(EXIT_USAGE)
    _print_issues(result.issues, fmt)
    if fmt == "text":
        errors = sum(1 for i in result.issues if i.is_error)
        warnings = len(result.issues) - errors
        click.echo(
            f"Sprawdzono plików: {len(result.files)}, wierszy: {result.rows}. "
            f"Błędy: {errors}, ostrzeżenia: {warnings}.", err=True)
        for path in result.annotated:
            click.echo(f"Kopia z uwagami: {path}", err=True)
    sys.exit(result.exit_code)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--program", "program_path", required=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="program.xlsx: stawki, jednostki, rejestr uczestników.")
@click.option("--debts", "debts_path", required=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Zestawienie zadłużenia albo salda_… z poprzedniego miesiąca.")
@click.option("--month", callback=_month, metavar="RRRR-MM", required=True,
              help="Rozliczany miesiąc.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder na wyniki.")
@click.option("--payments", "payments_path",
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="wplaty_RRRR-MM.xlsx: przelewy z wynagrodzeń (model krakowski).")
@click.option("--dry-run", is_flag=True, help="Tylko podsumowanie; niczego nie zapisuje.")
@click.option("--force", is_flag=True, help="Zastępuje wyniki za ten miesiąc, jeśli już są.")
@click.option("--pdf", is_flag=True,
              help="Także karty dłużników i zestawienie w PDF (wymaga LibreOffice).")
def reconcile(paths, program_path, debts_path, month, out_dir, payments_path, dry_run,
              force, pdf) -> None:
    """Comiesięczne rozliczenie: sprawdza karty, wycenia prace, zalicza je na zadłużenie.

    Zapisuje w folderze --out: salda_RRRR-MM.xlsx (zadłużenie po rozliczeniu i historia),
    zestawienie_RRRR-MM.xlsx (wniosek do Prezydenta), karty_dluznikow_RRRR-MM.xlsx,
    bledy_RRRR-MM.xlsx i do_poprawy/ (karty z zaznaczonymi błędami). Kod wyjścia: 0 — wszystko
    zaliczone, 1 — coś wstrzymano, 2 — złe wywołanie albo dane nie do użycia.

    \b
    Przykład:
        odpracowanie reconcile --program samples/program.xlsx \\
            --debts samples/zadluzenie.xlsx --month 2026-10 --out wyniki/2026-10 samples/2026-10
    """
    import datetime as dt

    from odpracowanie.batch import UsageError, run_reconcile

    if not paths and payments_path is None:
        raise click.UsageError("Podaj karty pracy (pliki lub foldery) albo --payments.")

    try:
        result = run_reconcile(list(paths), program_path=program_path, debts_path=debts_path,
                               month=month, out_dir=out_dir, now=dt.datetime.now(),
                               payments_path=payments_path, dry_run=dry_run, force=force,
                               progress=_progress)
    except UsageError as exc:
        _fail_usage(exc)
    if pdf and not dry_run:
        _print_pdfs(result)
    _print_reconcile(result)
    sys.exit(result.exit_code)


def _print_pdfs(result) -> None:
    """PDF copies of the cards and the summary; a missing LibreOffice is said, not fatal."""
    import subprocess

    from odpracowanie.writers.outputs import output_names
    from odpracowanie.writers.pdf import NoLibreOffice, to_pdf

    names = output_names(result.month)
    books = [result.out_dir / names["cards"], result.out_dir / names["summary"]]
    try:
        result.written += to_pdf(books, result.out_dir)
    except NoLibreOffice:
        click.echo("Uwaga: LibreOffice nie jest zainstalowany, więc PDF nie powstał "
                   "(skoroszyty .xlsx są kompletne; zainstaluj LibreOffice lub wydrukuj je "
                   "z Excela).", err=True)
    except (subprocess.SubprocessError, OSError) as exc:
        click.echo(f"Uwaga: LibreOffice nie utworzył PDF ({type(exc).__name__}); skoroszyty "
                   ".xlsx są kompletne.", err=True)


@main.group()
def register() -> None:
    """Rejestr uczestników: kontrola danych i kolejka ofert pracy.

    \b
    Przykład:
        odpracowanie register check --program samples/program.xlsx
    """


@register.command("check")
@click.option("--program", "program_path", required=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="program.xlsx z arkuszami Uczestnicy i Upoważnieni.")
@click.option("--debts", "debts_path", type=click.Path(dir_okay=False, exists=True,
              path_type=Path), help="Zestawienie zadłużenia (dla max_zadluzenia).")
@click.option("--date", "on_date", metavar="RRRR-MM-DD",
              help="Dzień, na który sprawdzać terminy (domyślnie dziś).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Postać wyniku.")
def register_check(program_path, debts_path, on_date, fmt) -> None:
    """Sprawdza rejestr: PESEL, zdublowane konta, terminy podpisania, odmowy, limity.

    Kod wyjścia: 0 — bez błędów (ostrzeżenia mówią, co trzeba zrobić), 1 — są błędy,
    2 — złe wywołanie albo program nie do użycia.

    \b
    Przykład:
        odpracowanie register check --program samples/program.xlsx --date 2026-11-23
    """
    import datetime as dt

    from odpracowanie.batch import UsageError, run_register_check
    from odpracowanie.issues import has_errors

    try:
        today = dt.date.fromisoformat(on_date) if on_date else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"„{on_date}” — podaj datę jako RRRR-MM-DD.",
                                 param_hint="--date") from None
    try:
        issues = run_register_check(program_path, debts_path, today)
    except UsageError as exc:
        _fail_usage(exc)
    _print_issues(issues, fmt)
    if fmt == "text":
        errors = sum(1 for i in issues if i.is_error)
        click.echo(f"Rejestr na dzień {today:%d.%m.%Y}: błędy {errors}, ostrzeżenia "
                   f"{len(issues) - errors}.", err=True)
    sys.exit(EXIT_WITHHELD if has_errors(issues) else EXIT_OK)


@register.command("queue")
@click.option("--program", "program_path", required=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="program.xlsx z arkuszem Uczestnicy.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Postać wyniku.")
def register_queue(program_path, fmt) -> None:
    """Kolejka ofert pracy (§5.11): uczestnicy i zakwalifikowani według kolejności wniosków.

    \b
    Przykład:
        odpracowanie register queue --program samples/program.xlsx
    """
    from odpracowanie.batch import UsageError, run_register_queue
    from odpracowanie.labels import format_date

    try:
        queue = run_register_queue(program_path)
    except UsageError as exc:
        _fail_usage(exc)
    if fmt == "json":
        click.echo(json.dumps([
            {"position": e.position, "application": e.application,
             "date": e.date.isoformat() if e.date else None, "account": e.account,
             "name": e.name, "status": e.status, "refusals": e.refusals} for e in queue],
            ensure_ascii=False, indent=1))
        return
    click.echo(f"{'Poz.':>4}  {'Nr wniosku':<12} {'Data':<10}  {'Nr konta':<10} "
               f"{'Imię i nazwisko':<28} {'Status':<16} Odmowy")
    for e in queue:
        day = format_date(e.date) if e.date else ""
        click.echo(f"{e.position:>4}  {e.application:<12} {day:<10}  {e.account:<10} "
                   f"{e.name:<28} {e.status:<16} {e.refusals}")


@main.command("send")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--to", "to", required=True, help="Adres PGM, na który idą wyniki.")
@click.option("--from", "sender", help="Nadawca (domyślnie --user albo odpracowanie@localhost).")
@click.option("--smtp-host", help="Serwer poczty; bez niego wiadomości trafiają do DIR/wysylka.")
@click.option("--smtp-port", type=int, default=25, show_default=True, help="Port serwera.")
@click.option("--starttls", is_flag=True, help="Szyfrowane połączenie (STARTTLS).")
@click.option("--user", help="Login do serwera; hasło w zmiennej ODPRACOWANIE_SMTP_PASSWORD.")
@click.option("--password-protect", is_flag=True,
              help="Załączniki zabezpieczone hasłem z ODPRACOWANIE_XLSX_PASSWORD.")
def send_command(folder, to, sender, smtp_host, smtp_port, starttls, user,
                 password_protect) -> None:
    """Wysyła wyniki miesiąca: do PGM oraz do jednostek, których karty mają błędy.

    Bez --smtp-host zapisuje wiadomości .eml w FOLDER/wysylka (otwierają się w Thunderbirdzie
    i Outlooku). Kod wyjścia: 0 — wszystko wysłane lub zapisane, 1 — część nie wyszła,
    2 — nic nie wyszło (brak wyników, serwer nieosiągalny, brak hasła).

    \b
    Przykład:
        odpracowanie send wyniki/2026-10 --to ksiegowosc@pgm.example.pl
    """
    import os

    from odpracowanie import mail

    password = None
    if password_protect:
        password = os.environ.get("ODPRACOWANIE_XLSX_PASSWORD")
        if not password:
            click.echo("Błąd: --password-protect wymaga hasła w zmiennej środowiskowej "
                       "ODPRACOWANIE_XLSX_PASSWORD.", err=True)
            sys.exit(EXIT_USAGE)
    sender = sender or user or "odpracowanie@localhost"
    try:
        batch = mail.build(folder, to, sender, password)
        if smtp_host is None:
            written = mail.write_drafts(batch, folder / "wysylka")
            click.echo(f"Zapisano wiadomości ({len(written)}) w folderze {folder / 'wysylka'}:")
            for path in written:
                click.echo(f"  {path.name}")
            failed = []
        else:
            delivery = mail.send(batch, smtp_host, smtp_port, starttls=starttls, user=user,
                                 password=os.environ.get("ODPRACOWANIE_SMTP_PASSWORD"))
            for name in delivery.sent:
                click.echo(f"Wysłano: {name}")
            for name, reason in delivery.failed:
                click.echo(f"NIE WYSŁANO: {name} — {reason}", err=True)
            failed = delivery.failed
    except mail.SendError as exc:
        click.echo(f"Błąd: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for note in batch.skipped:
        click.echo(f"Pominięto: {note}", err=True)
    sys.exit(EXIT_WITHHELD if failed or batch.skipped else EXIT_OK)


def _progress(items):
    """A progress bar over the files on a terminal; nothing when output goes elsewhere."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label="Czytanie kart pracy", file=sys.stderr,
                           item_show_func=lambda item: item[1] if item else "") as shown:
        yield from shown


def _print_reconcile(result) -> None:
    from odpracowanie.labels import format_money, format_month

    s = result.settlement
    errors = sum(1 for i in result.issues if i.is_error)
    warnings = len(result.issues) - errors
    unreadable = sum(1 for i in result.issues if i.code == "FILE_UNREADABLE")
    principal = sum(d.allocation.to_principal for d in s.debtors if d.allocation)
    interest = sum(d.allocation.to_interest for d in s.debtors if d.allocation)
    lines = [
        f"Rozliczenie za {format_month(result.month)}"
        + (" — próba (--dry-run), nic nie zapisano" if result.dry_run else ""),
        f"Plików: {len(result.files)} (nieczytelnych: {unreadable}), wierszy: {result.rows}"
        + (f", wpłat zaliczonych: {len(s.credited_payments)}"
           if s.credited_payments is not None else ""),
        f"Dłużników zaliczonych: {s.credited_count}, wstrzymanych: {s.withheld_count}",
        f"Zaliczono: {format_money(principal + interest)} (należność główna "
        f"{format_money(principal)}, odsetki {format_money(interest)})",
        f"Błędy: {errors}, ostrzeżenia: {warnings}",
    ]
    if s.withheld_count:
        held = ", ".join(f"{d.account} ({', '.join(d.reasons)})" for d in s.debtors
                         if d.withheld)
        lines.append(f"Wstrzymano: {held}")
    if result.written:
        lines.append(f"Wyniki zapisano w folderze: {result.out_dir}")
        lines += [f"  {p.relative_to(result.out_dir)}" for p in result.written]
    for line in lines:
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
