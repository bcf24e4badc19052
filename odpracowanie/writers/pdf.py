"""PDF copies of workbooks, printed by LibreOffice when it is installed (`reconcile --pdf`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("soffice", "libreoffice")
WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class NoLibreOffice(Exception):
    """LibreOffice is not installed here."""


def find_office() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in WINDOWS_PATHS if Path(p).exists()), None)


def to_pdf(workbooks: list[Path], out_dir: Path, timeout: float = 300) -> list[Path]:
    """Print each workbook to `out_dir/<name>.pdf` as LibreOffice prints it (its page set-up).

    A private LibreOffice profile keeps the conversion away from one the clerk has open; each
    PDF is written to a temporary folder first and moved into place when complete.
    """
    office = find_office()
    if office is None:
        raise NoLibreOffice
    written = []
    with tempfile.TemporaryDirectory(prefix="odpracowanie-pdf-") as tmp:
        temp = Path(tmp)
        profile = (temp / "profile").as_uri()
        subprocess.run(
            [
                office,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(temp),
                *map(str, workbooks),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        for workbook in workbooks:
            pdf = temp / f"{workbook.stem}.pdf"
            if pdf.exists():
                target = out_dir / pdf.name
                shutil.move(pdf, target)
                written.append(target)
    return written
