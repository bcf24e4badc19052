"""click's own messages in Polish: the clerk should not meet `Error: Missing option`.

click marks its texts with gettext (`_` and `ngettext`, bound in each of its modules); this
module rebinds those names in the modules of the installed click to a lookup in `POLISH`, which
falls back to the English text for anything not listed (a newer click keeps working).
"""

from __future__ import annotations

import importlib

POLISH = {
    "Usage:": "Użycie:",
    "Options": "Opcje",
    "Commands": "Polecenia",
    "Show this message and exit.": "Pokazuje tę pomoc i kończy.",
    "Show the version and exit.": "Pokazuje wersję i kończy.",
    "%(prog)s, version %(version)s": "%(prog)s, wersja %(version)s",
    "Error: {message}": "Błąd: {message}",
    "Try '{command} {option}' for help.": "Pomoc: {command} {option}",
    "Missing argument": "Brak argumentu",
    "Missing option": "Brak opcji",
    "Missing parameter": "Brak parametru",
    "Missing command.": "Brak polecenia.",
    "Missing {param_type}": "Brak: {param_type}",
    "Missing parameter: {param_name}": "Brak parametru: {param_name}",
    "No such command {name!r}.": "Nie ma polecenia {name!r}.",
    "No such option {name!r}.": "Nie ma opcji {name!r}.",
    "No such option: {name}": "Nie ma opcji: {name}",
    "Option {name!r} does not take a value.": "Opcja {name!r} nie przyjmuje wartości.",
    "Option {name!r} requires an argument.": "Opcja {name!r} wymaga wartości.",
    "Invalid value for {param_hint}: {message}": "Nieprawidłowa wartość {param_hint}: {message}",
    "Invalid value: {message}": "Nieprawidłowa wartość: {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} nie istnieje.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} to folder, a nie plik.",
    "{name} {filename!r} is a file.": "{name} {filename!r} to plik, a nie folder.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} nie daje się odczytać.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} nie daje się zapisać.",
    "{value!r} is not a valid {number_type}.": "{value!r} nie jest liczbą ({number_type}).",
    "{value!r} is not {choice}.": "{value!r} to nie {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} — dozwolone: {choices}.",
    "Got unexpected extra argument ({args})": "Nadmiarowy argument ({args})",
    "Got unexpected extra arguments ({args})": "Nadmiarowe argumenty ({args})",
    "default: {default}": "domyślnie: {default}",
    "required": "wymagane",
    "Aborted!": "Przerwano!",
    "file": "plik",
    "directory": "folder",
    "path": "ścieżka",
}
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
           "utils")


def _pl(message: str) -> str:
    return POLISH.get(message, message)


def _npl(singular: str, plural: str, count: int) -> str:
    return _pl(singular if count == 1 else plural)


def install() -> None:
    """Rebind click's gettext names to Polish (idempotent)."""
    for name in MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = _pl
        if hasattr(module, "ngettext"):
            module.ngettext = _npl
