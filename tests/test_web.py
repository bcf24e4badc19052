"""The clerk's desk (SPEC §10) in a real browser: Debian's Chromium driven by Playwright.

The sample month uploaded, its figures and a message at its cell, the batch run, the ledger
downloaded and compared with the command line's, the token required. Screenshots go to
`ODPRACOWANIE_SCREENSHOTS` when set (the user's guide's pictures: docs/img), else to the
test's folder, and are looked at."""

from __future__ import annotations

import os
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import balances, reconcile_samples, sheet_rows

from odpracowanie.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CHROMIUM = os.environ.get("ODPRACOWANIE_CHROMIUM") or shutil.which("chromium")
TOKEN = "test-token-123"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")


PORT = 8765  # the port the test client's requests are addressed to


def _clerk(data: Path):
    """Flask's test client as the clerk's browser: each request addressed to the page by its
    own name and port (`base_url=` addresses one elsewhere), each form sent with the page's
    anti-forgery token and from the page's origin."""
    from flask.testing import FlaskClient

    from odpracowanie.web.app import FORM_FIELD, FORM_KEY, create_app

    class Clerk(FlaskClient):
        def open(self, *args, **kwargs):
            kwargs.setdefault("base_url", f"http://127.0.0.1:{PORT}")
            if kwargs.get("method") == "POST":  # as the page's form sends it
                kwargs["headers"] = {"Origin": kwargs["base_url"], **kwargs.get("headers", {})}
                key = self.application.config[FORM_KEY]
                kwargs["data"] = {FORM_FIELD: key, **(kwargs.get("data") or {})}
            return super().open(*args, **kwargs)

    app = create_app(data, TOKEN, port=PORT)
    app.test_client_class = Clerk
    return app.test_client()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The page served on a free port of 127.0.0.1, as `serve` serves it: its address and its
    data folder."""
    from odpracowanie.web.app import create_app, make_server

    data = tmp_path_factory.mktemp("dane")
    server = make_server(create_app(data, TOKEN), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", data
    server.shutdown()


@pytest.fixture(scope="module")
def site(served):
    return served[0]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # a foreign name resolving to this computer (DNS rebinding), for its test
                "--host-resolver-rules=MAP rebind.example 127.0.0.1",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    yield context.new_page()
    context.close()


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ODPRACOWANIE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _upload(page, site: str, timesheets: list[Path], shots: Path | None = None) -> None:
    page.goto(f"{site}/?token={TOKEN}")
    page.get_by_label("Miesiąc rozliczenia").fill("2026-10")
    page.get_by_label("Program (program.xlsx)").set_input_files(SAMPLES / "program.xlsx")
    page.locator("#debts").set_input_files(SAMPLES / "zadluzenie.xlsx")
    page.get_by_label("Karty pracy (pliki)").set_input_files(timesheets)
    if shots is not None:
        page.screenshot(path=shots / "1_wczytanie.png", full_page=True)
    page.get_by_role("button", name="Wczytaj i sprawdź").click()
    page.wait_for_selector("#plikow")


def test_the_sample_month_is_checked_run_and_its_ledger_downloaded(page, site, tmp_path):
    shots = _shots(tmp_path)
    _upload(page, site, sorted((SAMPLES / "2026-10").glob("*.xlsx")), shots)
    assert page.inner_text("#plikow") == "4"
    assert page.inner_text("#wierszy") == "130"
    assert page.inner_text("#zaliczonych") == "11"
    assert page.inner_text("#kwota").startswith("14 961,00 zł")
    page.screenshot(path=shots / "2_sprawdzenie.png", full_page=True)
    page.get_by_role("button", name="Rozlicz miesiąc i zapisz wyniki").click()
    page.wait_for_selector("text=Pliki wyników")
    page.screenshot(path=shots / "4_wyniki.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="salda_2026-10.xlsx").click()
    ledger = tmp_path / "z_przegladarki.xlsx"
    download.value.save_as(ledger)
    # the same month by the command line: the same balances, to the grosz
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        main,
        [
            *("reconcile", "--program", str(SAMPLES / "program.xlsx")),
            *("--debts", str(SAMPLES / "zadluzenie.xlsx"), "--month", "2026-10"),
            *("--out", str(out), str(SAMPLES / "2026-10")),
        ],
    )
    assert result.exit_code == 0, result.output
    assert balances(ledger) == balances(out / "salda_2026-10.xlsx")
    assert sheet_rows(ledger, "Historia rozliczeń") == sheet_rows(
        out / "salda_2026-10.xlsx", "Historia rozliczeń"
    )
    # the e-mails as drafts
    page.get_by_label("Adres PGM (księgowość)").fill("ksiegowosc@pgm.example.pl")
    page.get_by_role("button", name="Przygotuj / wyślij wiadomości").click()
    assert "Zapisano wiadomości: 1." in page.inner_text("#wyslano")


def test_a_month_with_mistakes_shows_each_at_its_cell(page, site, tmp_path):
    shots = _shots(tmp_path)
    files = sorted(p for p in (SAMPLES / "bledne").iterdir() if p.is_file())
    _upload(page, site, files)
    # (the sample month run before from the same debts makes this one another branch: said)
    branch = page.locator("section[aria-labelledby=jednostki] tr", has_text="LEDGER_BRANCH").count()
    assert (page.inner_text("#bledow"), page.inner_text("#ostrzezen")) == ("26", str(13 + branch))
    assert page.inner_text("#wstrzymanych") == "12"
    row = page.locator("tr", has_text="RATE_MISMATCH").first
    cells = row.locator("td").all_inner_texts()
    assert cells[:3] == ["karta_MOSIR_bledy.xlsx", "Rozliczenie", "J13"]
    assert "30,00 zł" in cells[6]
    page.screenshot(path=shots / "3_bledy.png", full_page=False)
    # only the warnings, by keyboard: the filter is a form
    page.get_by_label("Waga").select_option("ostrzeżenie")
    page.get_by_role("button", name="Filtruj").click()
    severities = page.locator("table.issues td:nth-child(5)").all_inner_texts()
    assert severities and set(severities) == {"ostrzeżenie"}


def test_without_the_token_nothing_is_served(site):
    for path in ("/", "/static/style.css", "/miesiac/0123456789abcdef/wyniki"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{site}{path}", timeout=10)
        assert refused.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{site}/?token=zly", timeout=10)
    assert refused.value.code == 403


def test_a_name_from_a_request_never_reaches_another_file(site):
    opener = urllib.request.build_opener()
    for path in (
        "/miesiac/..%2F..%2Fetc/wyniki",
        "/miesiac/0123456789abcdef/pobierz/..%2F..%2Fmiesiac.json",
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(f"{site}{path}?token={TOKEN}", timeout=10)
        assert refused.value.code == 404


def test_the_users_guide_shows_the_pictures_the_browser_tests_take():
    """docs/instrukcja.md: each picture it shows is in docs/img, under a name these tests
    write (ODPRACOWANIE_SCREENSHOTS=docs/img renews them)."""
    import re

    docs = Path(__file__).resolve().parent.parent / "docs"
    shown = re.findall(r"!\[[^\]]*\]\((img/[^)]+)\)", (docs / "instrukcja.md").read_text("utf-8"))
    tests = [Path(__file__), Path(__file__).with_name("test_prepared.py")]
    taken = [p for t in tests for p in re.findall(r'/ "(\d[^"]+\.png)"', t.read_text("utf-8"))]
    assert sorted(Path(p).name for p in shown) == sorted(set(taken))
    for picture in shown:
        assert (docs / picture).stat().st_size > 10_000, picture


def test_a_correction_and_the_mayors_decision_from_the_page(page, site, served, tmp_path):
    _upload(page, site, sorted((SAMPLES / "2026-10").glob("*.xlsx")))
    page.get_by_role("button", name="Rozlicz miesiąc i zapisz wyniki").click()
    page.wait_for_selector("text=Zaliczenia miesiąca w saldzie")
    # 104512's whole October corrected (K/1), then the Mayor approves the rest, rejects 104587
    page.get_by_label("Powód korekty 104512").fill("karta PGM poprawiona")
    page.get_by_label("Nr dokumentu korekty 104512").fill("K/1/2026")
    page.get_by_role("button", name="Koryguj 104512").click()
    # first the page says what the correction will do, and nothing is written yet
    question = page.inner_text("#pytanie")
    assert "Korekta K/1/2026: cofnąć zaliczenie konta 104512" in question
    assert "1 507,20 zł wróci na zadłużenie" in question
    folder = served[1] / page.url.split("/miesiac/")[1].split("/")[0]
    assert folder.is_dir() and not list(folder.rglob("korekta_*"))
    page.screenshot(path=_shots(tmp_path) / "5_potwierdzenie.png", full_page=False)
    page.get_by_role("button", name="Tak, zapisz korektę").click()
    said = page.inner_text("#zrobione")
    assert said.startswith("Korekta K/1/2026:") and "wraca 1 507,20 zł" in said
    row = page.locator("table.credits tr", has_text="104512")
    assert "0,00 zł" in row.inner_text()
    page.get_by_label("Decyzja (np. Zarządzenie 123/2026)").fill("Zarządzenie 5/2026")
    page.get_by_label("Data decyzji (RRRR-MM-DD)").fill("2026-11-20")
    page.get_by_label("104587 Anna Nowak").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    question = page.inner_text("#pytanie")
    assert "Decyzja Zarządzenie 5/2026 z dnia 20.11.2026" in question
    assert "odrzucić: 104587 Anna Nowak (1 413,00 zł)" in question
    # "back without changes" leaves the month as it was: no decision
    page.get_by_role("link", name="Wróć bez zmian").click()
    page.wait_for_selector("text=Zaliczenia miesiąca w saldzie")
    assert not list(folder.rglob("zatwierdzenie_*"))
    page.get_by_label("Decyzja (np. Zarządzenie 123/2026)").fill("Zarządzenie 5/2026")
    page.get_by_label("Data decyzji (RRRR-MM-DD)").fill("2026-11-20")
    page.get_by_label("104587 Anna Nowak").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    page.get_by_role("button", name="Tak, zapisz decyzję").click()
    assert "odrzucono 1 (cofnięto 1 413,00 zł)" in page.inner_text("#zrobione")
    page.screenshot(path=_shots(tmp_path) / "6_decyzja.png", full_page=False)
    approved = page.locator("table.credits tr", has_text="110233").inner_text()
    assert "zatwierdzone: Zarządzenie 5/2026 z 20.11.2026" in approved
    # the account corrected in full is not shown approved, and has nothing left to correct
    undone = page.locator("table.credits tr", has_text="104512")
    assert "zaliczenie cofnięte w całości (korekta K/1/2026)" in undone.inner_text()
    assert "zatwierdzone" not in undone.inner_text()
    assert undone.get_by_role("button").count() == 0
    # the newest ledger is downloadable and holds both
    names = page.locator("ul.outputs a").all_inner_texts()
    newest = next(
        n
        for n in names
        if n.startswith("zatwierdzenie_") and n.endswith(".xlsx") and "/salda_" in n
    )
    with page.expect_download() as download:
        page.get_by_role("link", name=newest).click()
    ledger = tmp_path / "po_decyzji.xlsx"
    download.value.save_as(ledger)
    lines = sheet_rows(ledger, "Historia rozliczeń")
    entries = {(r[1], r[2]) for r in lines[1:]}
    assert ("104512", "korekta K/1/2026") in entries
    assert ("104587", "korekta Zarządzenie 5/2026") in entries


def test_a_file_of_another_kind_among_the_timesheets_is_listed_not_stored(page, site, tmp_path):
    odd = tmp_path / "notatka.exe"
    odd.write_bytes(b"MZ")
    lock = tmp_path / "~$karta_PGM_2026-10.xlsx"  # Excel's lock file: passed over, listed
    lock.write_bytes(b"x")
    files = [*sorted((SAMPLES / "2026-10").glob("*.xlsx")), odd, lock]
    _upload(page, site, files)
    listed = page.locator("#pominiete + ul").inner_text()
    assert "notatka.exe — nie wczytano" in listed
    assert "~$karta_PGM_2026-10.xlsx" in listed
    assert page.inner_text("#plikow") == "4" and page.inner_text("#kwota").startswith("14 961,00")


def test_wrong_uploads_are_refused_with_a_polish_message(tmp_path):
    """Flask's test client (no browser): a month typed wrong, a missing or wrong file, too
    much at once — each said, nothing stored."""
    import io

    data = tmp_path / "dane"
    client = _clerk(data)
    app = client.application

    def post(**fields):
        form = {"month": "2026-10", **fields}
        return client.post(f"/miesiac?token={TOKEN}", data=form, content_type="multipart/form-data")

    def sample(name: str, as_name: str | None = None):
        return (io.BytesIO((SAMPLES / name).read_bytes()), as_name or Path(name).name)

    def sheets():
        return [sample("2026-10/karta_PGM_2026-10.xlsx")]

    cases = [
        ({"month": "2026-13"}, "Miesiąc „2026-13” — wpisz RRRR-MM"),
        ({"debts": sample("zadluzenie.xlsx"), "timesheets": sheets()}, "Brakuje pliku: Program"),
        (
            {
                "program": sample("program.xlsx", "program.pdf"),
                "debts": sample("zadluzenie.xlsx"),
                "timesheets": sheets(),
            },
            "Plik program.pdf: nieobsługiwany rodzaj",
        ),
        (
            {"program": sample("program.xlsx"), "debts": sample("zadluzenie.xlsx")},
            "Brakuje pliku: Karty pracy",
        ),
    ]
    for fields, says in cases:
        response = post(**fields)
        assert response.status_code == 400
        assert says in response.get_data(as_text=True), says
    assert not any(data.iterdir())
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = post(program=sample("program.xlsx"))
    assert response.status_code == 413 and "za duże" in response.get_data(as_text=True)


def test_a_faulty_programme_a_second_run_and_a_send_after_a_correction_are_refused(tmp_path):
    """Flask's test client: the programme's problem shown at its cell (no server path); the
    month not run again over its correction, nor its old balances sent as current (the
    correction is sent instead)."""
    import io

    import openpyxl

    data = tmp_path / "dane"
    client = _clerk(data)
    broken = tmp_path / "program.xlsx"
    book = openpyxl.load_workbook(SAMPLES / "program.xlsx")
    book["Parametry"].append(["max_godzin_tygodniowo", "czterdzieści"])
    book.save(broken)

    def upload(program: Path) -> str:
        sheets = sorted((SAMPLES / "2026-10").glob("*.xlsx"))
        form = {
            "month": "2026-10",
            "program": (io.BytesIO(program.read_bytes()), "program.xlsx"),
            "debts": (io.BytesIO((SAMPLES / "zadluzenie.xlsx").read_bytes()), "zadluzenie.xlsx"),
            "timesheets": [(io.BytesIO(p.read_bytes()), p.name) for p in sheets],
        }
        response = client.post(f"/miesiac?token={TOKEN}", data=form)
        assert response.status_code == 302
        return response.headers["Location"]

    page = client.get(f"{upload(broken)}?token={TOKEN}")
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "PARAM_INVALID" in text and "Parametry" in text
    assert str(data) not in text  # no server path
    month = upload(SAMPLES / "program.xlsx")
    assert client.post(f"{month}/rozlicz?token={TOKEN}").status_code == 302
    corrected = client.post(
        f"{month}/korekta?token={TOKEN}",
        data={"account": "104512", "reason": "poprawka", "document": "K/1", "confirmed": "1"},
    )
    assert "Korekta K/1:" in corrected.get_data(as_text=True)
    # a decision refused on the page names the page's field, not --reject
    unknown = client.post(
        f"{month}/zatwierdz?token={TOKEN}",
        data={"decision": "Z/1", "day": "2026-11-20", "reject": "999999", "confirmed": "1"},
    )
    said = unknown.get_data(as_text=True)
    assert unknown.status_code == 400 and "Konto 999999 nie ma zaliczenia" in said
    assert "sprawdź odrzucone konta" in said and "--reject" not in said
    again = client.post(f"{month}/rozlicz?token={TOKEN}")
    assert again.status_code == 409 and "nie rozliczaj go od nowa" in again.get_data(as_text=True)
    # a send after the correction sends the correction (its postings and ledger), not the
    # run's results; once, not twice
    sent = client.post(f"{month}/wyslij?token={TOKEN}", data={"to": "pgm@example.pl"})
    assert sent.status_code == 200, sent.get_data(as_text=True)
    drafts = sorted((data / month.split("/")[-1]).rglob("wysylka/*.eml"))
    assert [p.relative_to(p.parents[2]).as_posix() for p in drafts] == [
        "korekta_K-1/wysylka/01_korekta_dla_pgm.eml"
    ]
    # drafts may be made again (nothing left the office); sending through a server is once
    # (tests/test_web_words.py)
    again_sent = client.post(f"{month}/wyslij?token={TOKEN}", data={"to": "pgm@example.pl"})
    assert again_sent.status_code == 200
    assert not (data / month.split("/")[-1] / "wyniki" / "wysylka").exists()
    results = client.get(f"{month}/wyniki?token={TOKEN}").get_data(as_text=True)
    assert "korekta_K-1/wysylka/01_korekta_dla_pgm.eml" in results
    assert "korekta_K-1/salda_2026-10_2.xlsx</a> <strong>— aktualne saldo" in results
    typed = client.get(f"{month}/korekta?token={TOKEN}")
    assert typed.status_code == 405 and "przycisk formularza" in typed.get_data(as_text=True)


def test_a_month_of_wage_transfers_alone_is_run(tmp_path):
    import io

    client = _clerk(tmp_path / "dane")
    krakow = SAMPLES / "krakow"
    form = {
        "month": "2026-10",
        "program": (io.BytesIO((krakow / "program.xlsx").read_bytes()), "program.xlsx"),
        "debts": (io.BytesIO((krakow / "zadluzenie.xlsx").read_bytes()), "zadluzenie.xlsx"),
        "payments": (io.BytesIO((krakow / "wplaty_2026-10.xlsx").read_bytes()), "wplaty.xlsx"),
    }
    response = client.post(f"/miesiac?token={TOKEN}", data=form)
    assert response.status_code == 302
    page = client.get(f"{response.headers['Location']}?token={TOKEN}").get_data(as_text=True)
    assert 'id="zaliczonych">12<' in page


def test_a_skipped_month_is_explained_in_the_pages_words_and_allowed_by_its_box(tmp_path):
    """Flask's test client: the ledger of October with December's timesheets. The refusal names
    the page's box, not a command-line option; with the box ticked the next check speaks of
    the month field."""
    import io

    ledger = reconcile_samples(tmp_path / "pazdziernik")
    client = _clerk(tmp_path / "dane")

    def checked(**extra) -> str:
        sheets = sorted((SAMPLES / "2026-10").glob("*.xlsx"))
        form = {
            "month": "2026-12",
            "program": (io.BytesIO((SAMPLES / "program.xlsx").read_bytes()), "program.xlsx"),
            "debts": (io.BytesIO(ledger.read_bytes()), ledger.name),
            "timesheets": [(io.BytesIO(p.read_bytes()), p.name) for p in sheets],
            **extra,
        }
        response = client.post(f"/miesiac?token={TOKEN}", data=form)
        assert response.status_code == 302
        page = client.get(f"{response.headers['Location']}?token={TOKEN}")
        assert page.status_code == 400
        return page.get_data(as_text=True)

    gap = checked()
    assert "pominięto 11.2026" in gap
    assert "użyj pola „w pominiętym okresie nie było prac” przy wczytywaniu miesiąca" in gap
    assert "--" not in gap
    allowed = checked(allow_gap="1")
    assert "pominięto" not in allowed
    assert "Sprawdź miesiąc rozliczenia (czy chodziło o miesiąc rozliczenia 2026-10?)" in allowed
    assert "--" not in allowed


def test_a_month_run_again_lists_and_sends_only_its_current_run(tmp_path):
    """Flask's test client: the sample month run twice from the page. The second run moves
    the first's outputs and drafts into zastapione_…/, which the page neither lists nor
    serves; its send goes through run_send, and a ledger changed after the run is refused in
    the page's words."""
    import json
    import re

    from odpracowanie import labels

    data = tmp_path / "dane"
    client = _clerk(data)
    month = _uploaded(client)
    results = data / month.rsplit("/", 1)[1] / labels.WEB_RESULTS

    def listed() -> list[str]:
        page = client.get(f"{month}/wyniki?token={TOKEN}").get_data(as_text=True)
        return re.findall(r'/pobierz/([^"?]+)"', page)

    def send(to: str) -> str:
        sent = client.post(f"{month}/wyslij?token={TOKEN}", data={"to": to})
        assert sent.status_code == 200
        return sent.get_data(as_text=True)

    assert client.post(f"{month}/rozlicz?token={TOKEN}").status_code == 302
    assert 'id="wyslano"' in send("pgm@example.pl")
    assert "wysylka/01_wyniki_dla_pgm.eml" in listed()
    assert client.post(f"{month}/rozlicz?token={TOKEN}").status_code == 302
    (aside,) = results.glob("zastapione_*")
    assert (aside / "wysylka" / "01_wyniki_dla_pgm.eml").exists()
    assert (aside / "salda_2026-10.xlsx").exists()
    manifest = json.loads((results / "przebieg.json").read_text(encoding="utf-8"))
    assert sorted(listed()) == sorted(f["path"] for f in manifest["files"])
    assert not any(name.startswith("zastapione_") for name in listed())
    hidden = client.get(f"{month}/pobierz/{aside.name}/salda_2026-10.xlsx?token={TOKEN}")
    assert hidden.status_code == 404
    with (results / "salda_2026-10_2.xlsx").open("ab") as ledger:
        ledger.write(b"\0")
    said = send("ksiegowosc@example.pl")
    assert "Plik salda_2026-10_2.xlsx zmienił się" in said and "nic nie wysłano" in said
    assert "rozlicz miesiąc jeszcze raz (przycisk „Rozlicz miesiąc i zapisz wyniki”)" in said
    assert "--force" not in said and str(data) not in said
    assert not (results / "wysylka").exists()


def test_a_request_addressed_to_another_name_or_port_is_refused(tmp_path):
    """Flask's test client: the page answers only to 127.0.0.1, localhost and [::1] at its own
    port; a rebinding DNS name or another port gets 403 with the token, and nothing changes."""
    import io

    data = tmp_path / "dane"
    client = _clerk(data)
    for host in (f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}", f"LOCALHOST:{PORT}"):
        page = client.get(f"/?token={TOKEN}", base_url=f"http://{host}")
        assert page.status_code == 200, host
    for host in (
        f"evil.example:{PORT}",
        "127.0.0.1",
        f"127.0.0.1:{PORT + 1}",
        f"127.0.0.2:{PORT}",
        f"localhost.evil.example:{PORT}",
        f"127.0.0.1.nip.io:{PORT}",
    ):
        for path in ("/", "/static/style.css", "/miesiac/0123456789abcdef/wyniki"):
            page = client.get(f"{path}?token={TOKEN}", base_url=f"http://{host}")
            assert page.status_code == 403, (host, path)
        assert "tylko adresem tego komputera" in page.get_data(as_text=True)
        form = {
            "month": "2026-10",
            "program": (io.BytesIO((SAMPLES / "program.xlsx").read_bytes()), "program.xlsx"),
            "debts": (io.BytesIO((SAMPLES / "zadluzenie.xlsx").read_bytes()), "zadluzenie.xlsx"),
            "payments": (io.BytesIO(b"x"), "wplaty.xlsx"),
        }
        posted = client.post(f"/miesiac?token={TOKEN}", data=form, base_url=f"http://{host}")
        assert posted.status_code == 403
    assert not any(data.iterdir())
    # a page not yet bound to a port serves nothing
    from odpracowanie.web.app import create_app

    unbound = create_app(tmp_path / "inne", TOKEN).test_client()
    assert unbound.get(f"/?token={TOKEN}", base_url="http://127.0.0.1:80").status_code == 403


def _state(data: Path) -> dict[str, bytes]:
    """Every file under the data folder with its content: what a refused request must leave."""
    return {
        str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()
    }


def _uploaded(client) -> str:
    """The sample month uploaded by the clerk's own form: its address."""
    import io

    sheets = sorted((SAMPLES / "2026-10").glob("*.xlsx"))
    form = {
        "month": "2026-10",
        "program": (io.BytesIO((SAMPLES / "program.xlsx").read_bytes()), "program.xlsx"),
        "debts": (io.BytesIO((SAMPLES / "zadluzenie.xlsx").read_bytes()), "zadluzenie.xlsx"),
        "timesheets": [(io.BytesIO(p.read_bytes()), p.name) for p in sheets],
    }
    return client.post(f"/miesiac?token={TOKEN}", data=form).headers["Location"]


def _sample_month(client) -> str:
    """The sample month uploaded and run by the clerk's own forms: its address."""
    month = _uploaded(client)
    assert client.post(f"{month}/rozlicz?token={TOKEN}").status_code == 302
    return month


def test_a_form_without_the_pages_key_or_from_another_origin_changes_nothing(tmp_path):
    """Flask's test client: every request that changes anything needs the session's
    anti-forgery token in its form and the page's own origin (Origin, else Referer); a missing
    or wrong token, another port of 127.0.0.1 or a foreign site get 403 and nothing changes."""
    import io

    from flask.testing import FlaskClient

    from odpracowanie.web.app import FORM_FIELD, FORM_KEY

    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    app = clerk.application
    key = app.config[FORM_KEY]
    raw = FlaskClient(app, app.response_class)  # sends only what it is given
    own = f"http://127.0.0.1:{PORT}"
    approval = {"decision": "Zarządzenie fałszywe 666/2026", "day": "2026-11-20"}
    actions = {
        f"{month}/zatwierdz": {**approval, "reject": "104587"},
        f"{month}/korekta": {
            "account": "104512",
            "reason": "x",
            "document": "K/666",
            "confirmed": "1",
        },
        f"{month}/wyslij": {"to": "obcy@evil.example"},
        f"{month}/rozlicz": {},
        "/miesiac": {"month": "2026-10", "payments": (io.BytesIO(b"x"), "wplaty.xlsx")},
    }
    forged = [
        ({}, {"Origin": own}),  # no token in the form
        ({FORM_FIELD: "zly"}, {"Origin": own}),
        ({FORM_FIELD: key[:-1]}, {"Origin": own}),
        ({FORM_FIELD: key}, {"Origin": f"http://127.0.0.1:{PORT + 1}"}),
        ({FORM_FIELD: key}, {"Origin": "https://evil.example"}),
        ({FORM_FIELD: key}, {"Origin": "null"}),
        ({FORM_FIELD: key}, {}),  # neither Origin nor Referer
        ({FORM_FIELD: key}, {"Referer": f"http://127.0.0.1:{PORT + 1}/?a=1"}),
        ({FORM_FIELD: key}, {"Origin": "https://evil.example", "Referer": f"{own}/"}),
    ]
    before = _state(data)
    for path, fields in actions.items():
        for extra, headers in forged:
            form = {**fields, **extra}
            if "payments" in form:  # a file is read once
                form["payments"] = (io.BytesIO(b"x"), "wplaty.xlsx")
            answer = raw.post(f"{path}?token={TOKEN}", data=form, headers=headers, base_url=own)
            assert answer.status_code == 403, (path, extra, headers)
            assert "nie przyszło z formularza tej strony" in answer.get_data(as_text=True)
    assert _state(data) == before
    # the page's own form acts; from localhost, the page's origin is localhost's
    sent = raw.post(
        f"{month}/wyslij?token={TOKEN}",
        data={"to": "pgm@example.pl", FORM_FIELD: key},
        headers={"Origin": f"http://localhost:{PORT}"},
        base_url=f"http://localhost:{PORT}",
    )
    assert sent.status_code == 200 and 'id="wyslano"' in sent.get_data(as_text=True)
    # with its referrer alone (no Origin), the page's own form acts
    said = raw.post(
        f"{month}/zatwierdz?token={TOKEN}",
        data={**approval, FORM_FIELD: key},
        headers={"Referer": f"{own}{month}/wyniki"},
        base_url=own,
    )
    assert said.status_code == 200 and "Zarządzenie fałszywe 666/2026" in said.get_data(True)
    assert _state(data) != before


def test_every_form_that_changes_anything_carries_the_pages_key():
    """Each template's POST form puts the session's anti-forgery token in a hidden field."""
    import re

    templates = Path(__file__).resolve().parent.parent / "odpracowanie" / "web" / "templates"
    forms = 0
    for template in templates.glob("*.html"):
        for form in re.findall(r"<form\b[^>]*>.*?</form>", template.read_text("utf-8"), re.S):
            if re.search(r'method="post"', form, re.I):
                forms += 1
                assert "{{ form_key_field }}" in form, template.name
    assert forms >= 5


def test_a_page_on_another_port_cannot_act_for_the_clerk(browser, served, tmp_path):
    """Real Chromium, the clerk's cookie in it: a page served from another port of 127.0.0.1
    (the same site for the browser) auto-submits the Mayor's decision to the clerk's page. It
    is refused (403) and nothing is written."""
    import functools
    import http.server

    site, data = served
    context = browser.new_context()
    page = context.new_page()
    try:
        _upload(page, site, sorted((SAMPLES / "2026-10").glob("*.xlsx")))
        page.get_by_role("button", name="Rozlicz miesiąc i zapisz wyniki").click()
        page.wait_for_selector("text=Zaliczenia miesiąca w saldzie")
        month = page.url.split("/miesiac/", 1)[1].split("/", 1)[0]
        assert context.cookies(site)  # the clerk's cookie is in the browser
        before = _state(data / month)
        evil = tmp_path / "evil"
        evil.mkdir()
        (evil / "index.html").write_text(
            f"""<!doctype html><html><body>
<form method="post" action="{site}/miesiac/{month}/zatwierdz">
<input name="decision" value="Zarządzenie fałszywe 666/2026">
<input name="day" value="2026-11-20">
<input name="reject" value="104512"><input name="reject" value="104587">
<input name="confirmed" value="1">
</form>
<script>document.forms[0].submit()</script>
</body></html>""",
            encoding="utf-8",
        )
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(evil))
        other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=other.serve_forever, daemon=True).start()
        try:
            with page.expect_response(lambda r: r.url.startswith(site)) as answer:
                page.goto(f"http://127.0.0.1:{other.server_port}/index.html")
            assert answer.value.request.method == "POST"
            assert answer.value.status == 403
            page.wait_for_load_state()
            assert "nie przyszło z formularza tej strony" in page.inner_text("main")
        finally:
            other.shutdown()
            other.server_close()
        assert _state(data / month) == before
        assert not list((data / month).rglob("zatwierdzenie_*"))
    finally:
        context.close()


def test_a_rebinding_name_for_this_computer_gets_nothing_in_a_real_browser(
    browser, served, tmp_path
):
    """Real Chromium resolving a foreign name to 127.0.0.1 (DNS rebinding, as an attacker's
    site would after its first answer): with the token in the address and the clerk's cookie,
    the page is still refused (403, in Polish) and a form posted there changes nothing."""
    site, data = served
    port = site.rsplit(":", 1)[1]
    before = _state(data)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site}/?token={TOKEN}")  # the clerk's own page: the cookie is set
        assert "Wczytane miesiące" in page.inner_text("main")
        answer = page.goto(f"http://rebind.example:{port}/?token={TOKEN}")
        assert answer.status == 403
        assert "tylko adresem tego komputera" in page.inner_text("main")
        evil = tmp_path / "rebind.html"
        evil.write_text(
            f"""<!doctype html><html><body>
<form method="post" action="http://rebind.example:{port}/miesiac?token={TOKEN}"
 enctype="multipart/form-data"><input name="month" value="2026-10"></form>
<script>document.forms[0].submit()</script></body></html>""",
            encoding="utf-8",
        )
        with page.expect_response(lambda r: "rebind.example" in r.url) as posted:
            page.goto(evil.as_uri())
        assert posted.value.request.method == "POST" and posted.value.status == 403
    finally:
        context.close()
    assert _state(data) == before


def test_two_pages_at_once_keep_their_own_tokens(browser, served):
    """Real Chromium: a second page on another port (another `serve`) does not replace the
    first one's cookie, whose name carries its port; both stay open without the token."""
    from odpracowanie.web.app import create_app, make_server

    first, data = served
    server = make_server(create_app(data.parent / "druga", "drugi-token"), 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    second = f"http://127.0.0.1:{server.server_port}"
    context = browser.new_context()
    page = context.new_page()
    try:
        assert page.goto(f"{first}/?token={TOKEN}").status == 200
        assert page.goto(f"{second}/?token=drugi-token").status == 200
        assert page.goto(f"{first}/").status == 200
        assert page.goto(f"{second}/").status == 200
        names = {c["name"] for c in context.cookies()}
        port = first.rsplit(":", 1)[1]
        assert names == {f"odpracowanie_token_{port}", f"odpracowanie_token_{server.server_port}"}
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_the_request_log_leaves_out_query_strings(site, caplog):
    """werkzeug's request log line (stderr under `serve`) names the path, never `?token=`; no
    page's address goes to another site as a Referer."""
    import logging

    with caplog.at_level(logging.INFO, logger="werkzeug"):
        urllib.request.urlopen(f"{site}/?token={TOKEN}", timeout=10).read()
        urllib.request.urlopen(f"{site}/static/style.css?token={TOKEN}&a=1", timeout=10).read()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{site}/?token=zly-{TOKEN}", timeout=10)
    page = urllib.request.urlopen(f"{site}/?token={TOKEN}", timeout=10)
    assert page.headers["Referrer-Policy"] == "same-origin"  # nor in a Referer elsewhere
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len(lines) >= 3
    assert any('"GET / HTTP/1.1" 200' in line for line in lines), lines
    assert any("GET /static/style.css HTTP/1.1" in line for line in lines), lines
    for line in lines:
        assert "token=" not in line and TOKEN not in line, line


def test_serve_opens_the_browser_on_a_users_own_file_not_on_the_tokens_url(tmp_path, monkeypatch):
    """`odpracowanie serve`: the browser is opened on a file:// page readable only by the user
    that sends it on to the page's address with the token (Jupyter's way); the token is on no
    command line. The file goes when the server stops."""
    import stat
    import sys
    import webbrowser

    from odpracowanie.web import app as web

    opened = []

    def look(target, *args, **kwargs):
        assert target.startswith("file://")
        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(target).path))
        modes = (path.stat().st_mode, path.parent.stat().st_mode)
        opened.append((target, path, path.read_text("utf-8"), modes))
        return True

    class Server:  # stands for the bound server: stops at once, as after Ctrl+C
        server_port = 8799

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    monkeypatch.setattr(webbrowser, "open", look)
    monkeypatch.setattr(web, "make_server", lambda app, port: Server())
    result = CliRunner().invoke(main, ["serve", "--data", str(tmp_path / "dane")])
    assert result.exit_code == 0, result.output
    ((target, path, text, (mode, folder)),) = opened
    url = next(w for w in result.output.split() if w.startswith("http://127.0.0.1:8799/?token="))
    token = url.split("token=", 1)[1]
    assert len(token) >= 24 and token not in target
    assert f'content="1;url={url}"' in text and f'href="{url}"' in text
    assert path.name.endswith(".html")
    if sys.platform != "win32":
        assert stat.S_IMODE(mode) == 0o600
        assert stat.S_IMODE(folder) == 0o700
    assert not path.exists()  # removed when the server stopped
    # --no-browser opens nothing
    CliRunner().invoke(main, ["serve", "--no-browser", "--data", str(tmp_path / "dane")])
    assert len(opened) == 1


def test_the_opening_file_takes_chromium_to_the_page(page, site):
    """Real Chromium opened on the file `serve` writes lands on the page, logged in."""
    from odpracowanie.web.app import write_opener

    opener = write_opener(f"{site}/?token={TOKEN}")
    try:
        page.goto(opener.as_uri())
        page.wait_for_url(f"{site}/?token={TOKEN}", timeout=10_000)
        assert page.get_by_role("button", name="Wczytaj i sprawdź").is_visible()
    finally:
        shutil.rmtree(opener.parent)


def _at_once(clerk, *posts: tuple[str, dict]) -> list:
    """The requests sent together from threads (a double click, two tabs), each on its own
    client, released by one barrier: their answers, in the order given."""
    barrier = threading.Barrier(len(posts))
    answers: list = [None] * len(posts)

    def send(n: int, path: str, form: dict) -> None:
        client = clerk.application.test_client()
        barrier.wait()
        answers[n] = client.post(f"{path}?token={TOKEN}", data=form)

    threads = [
        threading.Thread(target=send, args=(n, path, form)) for n, (path, form) in enumerate(posts)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def _current(data: Path, month: str) -> tuple[str, set]:
    """The month's current ledger as `miesiac.json` names it, and its history's entries
    (account, what); `ledger check` finds nothing wrong with it."""
    import json

    from odpracowanie.batch import run_ledger_check

    folder = data / month.rsplit("/", 1)[-1]
    name = json.loads((folder / "miesiac.json").read_text(encoding="utf-8"))["ledger"]
    ledger = folder / "wyniki" / name
    _, issues = run_ledger_check(ledger, [])
    assert not [i for i in issues if i.is_error], issues
    lines = sheet_rows(ledger, "Historia rozliczeń")
    return name, {(r[1], r[2]) for r in lines[1:]}


# (the forms as the confirmation step sends them again)
CORRECTION = {
    "account": "104512",
    "reason": "karta poprawiona",
    "document": "K/1",
    "confirmed": "1",
}
DECISION = {"decision": "Z/5", "day": "2026-11-20", "reject": "104587", "confirmed": "1"}


def test_a_run_at_the_same_time_as_a_correction_never_undoes_it(tmp_path):
    """A correction and a run sent together: the run either comes first (the correction then
    corrects its ledger) or is refused (409), never saved over the correction."""
    data = tmp_path / "dane"
    clerk = _clerk(data)
    for _ in range(2):
        month = _sample_month(clerk)
        corrected, run = _at_once(clerk, (f"{month}/korekta", CORRECTION), (f"{month}/rozlicz", {}))
        assert corrected.status_code == 200, corrected.get_data(as_text=True)
        assert "Korekta K/1:" in corrected.get_data(as_text=True)
        assert run.status_code in (302, 409)
        if run.status_code == 409:
            assert "nie rozliczaj go od nowa" in run.get_data(as_text=True)
        name, entries = _current(data, month)
        assert name.startswith("korekta_K-1/") and ("104512", "korekta K/1") in entries


def test_a_correction_and_a_decision_at_the_same_time_both_stand(tmp_path):
    """Each sent together: both answer success and the current ledger holds both."""
    data = tmp_path / "dane"
    clerk = _clerk(data)
    for _ in range(2):
        month = _sample_month(clerk)
        corrected, decided = _at_once(
            clerk, (f"{month}/korekta", CORRECTION), (f"{month}/zatwierdz", DECISION)
        )
        assert "Korekta K/1:" in corrected.get_data(as_text=True)
        assert decided.status_code == 200 and "odrzucono 1" in decided.get_data(as_text=True)
        _, entries = _current(data, month)
        assert ("104512", "korekta K/1") in entries
        assert ("104587", "korekta Z/5") in entries


def test_two_corrections_at_the_same_time_both_stand(tmp_path):
    data = tmp_path / "dane"
    clerk = _clerk(data)
    other = {**CORRECTION, "account": "104587", "document": "K/2"}
    for _ in range(2):
        month = _sample_month(clerk)
        first, second = _at_once(
            clerk, (f"{month}/korekta", CORRECTION), (f"{month}/korekta", other)
        )
        assert "Korekta K/1:" in first.get_data(as_text=True)
        assert "Korekta K/2:" in second.get_data(as_text=True)
        _, entries = _current(data, month)
        assert {("104512", "korekta K/1"), ("104587", "korekta K/2")} <= entries


def test_two_decisions_at_the_same_time_one_is_refused(tmp_path):
    """A month is decided once: of two decisions sent together one stands, the other is
    refused (409) and wrote nothing."""
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    other = {"decision": "Z/6", "day": "2026-11-21", "confirmed": "1"}
    answers = _at_once(clerk, (f"{month}/zatwierdz", DECISION), (f"{month}/zatwierdz", other))
    assert sorted(a.status_code for a in answers) == [200, 409]
    won = 0 if answers[0].status_code == 200 else 1
    assert "ma już decyzję Prezydenta" in answers[1 - won].get_data(as_text=True)
    name, _ = _current(data, month)
    assert name.startswith(("zatwierdzenie_Z-5/", "zatwierdzenie_Z-6/")[won])
    folder = data / month.rsplit("/", 1)[-1] / "wyniki"
    assert not (folder / ("zatwierdzenie_Z-6", "zatwierdzenie_Z-5")[won]).exists()


def test_a_month_held_by_another_server_waits_for_it(tmp_path):
    """The month's lock is a lock file as well: while another process (here: another open
    file of this one) holds it, a correction waits, and then lands on the state it finds."""
    from odpracowanie.web.app import LOCK_FILE, _file_lock

    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    answers: list = []
    with _file_lock(data / month.rsplit("/", 1)[-1] / LOCK_FILE):
        waiting = threading.Thread(
            target=lambda: answers.append(
                clerk.application.test_client().post(
                    f"{month}/korekta?token={TOKEN}", data=CORRECTION
                )
            )
        )
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and not answers  # held: nothing read, nothing written
    waiting.join()
    assert "Korekta K/1:" in answers[0].get_data(as_text=True)
    name, _ = _current(data, month)
    assert name.startswith("korekta_K-1/")


def test_a_month_decided_before_the_decision_was_recorded_is_not_decided_again(tmp_path):
    """A month whose `miesiac.json` predates the `decided` key: its decision's ledger among
    the outputs is enough to refuse a second one (409, nothing written)."""
    import json

    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    assert clerk.post(f"{month}/zatwierdz?token={TOKEN}", data=DECISION).status_code == 200
    meta = data / month.rsplit("/", 1)[-1] / "miesiac.json"
    old = json.loads(meta.read_text(encoding="utf-8"))
    del old["decided"]
    meta.write_text(json.dumps(old), encoding="utf-8")
    before = _state(data)
    again = clerk.post(f"{month}/zatwierdz?token={TOKEN}", data={**DECISION, "decision": "Z/6"})
    assert again.status_code == 409 and "ma już decyzję" in again.get_data(as_text=True)
    assert _state(data) == before


def test_a_month_deleted_twice_at_once_or_while_corrected_loses_nothing(tmp_path):
    """A double click on the delete's confirmation: one moves the month into the bin, the
    other finds it gone (404); a correction sent with a delete either lands before it (and
    goes into the bin with the month) or finds the month gone — never a 500, never half."""
    data = tmp_path / "dane"
    clerk = _clerk(data)
    month = _sample_month(clerk)
    answers = _at_once(
        clerk, (f"{month}/usun", {"confirmed": "1"}), (f"{month}/usun", {"confirmed": "1"})
    )
    assert sorted(a.status_code for a in answers) == [302, 404]
    assert len(list((data / "kosz").iterdir())) == 1
    again = _sample_month(clerk)
    corrected, deleted = _at_once(
        clerk, (f"{again}/korekta", CORRECTION), (f"{again}/usun", {"confirmed": "1"})
    )
    assert deleted.status_code == 302 and corrected.status_code in (200, 404)
    (binned,) = [p for p in (data / "kosz").iterdir() if p.name.startswith(again.split("/")[-1])]
    made = list(binned.rglob("korekta_K-1/salda_*.xlsx"))
    assert len(made) == (1 if corrected.status_code == 200 else 0)
