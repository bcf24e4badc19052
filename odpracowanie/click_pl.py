"""click's own messages in Polish: the clerk should not meet `Error: Missing option`.

click marks its texts with gettext (`_` and `ngettext`, bound in each of its modules); this
module rebinds those names in the modules of the installed click to a lookup in `POLISH`, which
falls back to the English text for anything not listed (a newer click keeps working).
"""

from __future__ import annotations

import importlib

# Each English message and its Polish text as they are laid out (one pair may take two lines).
# fmt: off
POLISH = {
    # help pages
    "Usage:": "Użycie:",
    "Options": "Opcje",
    "Commands": "Polecenia",
    "Positional arguments": "Argumenty",
    "Show this message and exit.": "Pokazuje tę pomoc i kończy.",
    "Show the version and exit.": "Pokazuje wersję i kończy.",
    "Confirm the action without prompting.": "Potwierdza bez pytania.",
    "Do you want to continue?": "Czy kontynuować?",
    "%(prog)s, version %(version)s": "%(prog)s, wersja %(version)s",
    "default: {default}": "domyślnie: {default}",
    "env var: {var}": "zmienna środowiskowa: {var}",
    "required": "wymagane",
    "deprecated": "wycofane",
    "(dynamic)": "(zmienne)",
    "Choose from:\n\t{choices}": "Do wyboru:\n\t{choices}",
    "Choice({choices})": "Wybór({choices})",
    # errors of the command line
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
    "Did you mean {possibility}?": "Czy chodziło o {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Czy chodziło o jedno z: {possibilities}?)",
    "Option {name!r} does not take a value.": "Opcja {name!r} nie przyjmuje wartości.",
    "Option {name!r} requires an argument.": "Opcja {name!r} wymaga wartości.",
    "Option {name!r} requires {nargs} arguments.": "Opcja {name!r} wymaga {nargs} wartości.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} przyjmuje {nargs} wartości.",
    "Invalid start character for option ({option})":
        "Nieprawidłowy pierwszy znak opcji ({option})",
    "Invalid value for {param_hint}: {message}": "Nieprawidłowa wartość {param_hint}: {message}",
    "Invalid value: {message}": "Nieprawidłowa wartość: {message}",
    "Got unexpected extra argument ({args})": "Nadmiarowy argument ({args})",
    "Got unexpected extra arguments ({args})": "Nadmiarowe argumenty ({args})",
    "Takes {nargs} values but 1 was given.": "Wymaga {nargs} wartości, podano 1.",
    "Takes {nargs} values but {len} were given.": "Wymaga {nargs} wartości, podano {len}.",
    "Value must be an iterable.": "Wartość musi być listą.",
    "Could not open file {filename!r}: {message}":
        "Nie można otworzyć pliku {filename!r}: {message}",
    "unknown error": "nieznany błąd",
    "Aborted!": "Przerwano!",
    # values of options
    "file": "plik",
    "directory": "folder",
    "path": "ścieżka",
    "{name} {filename!r} does not exist.": "{name} {filename!r} nie istnieje.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} to folder, a nie plik.",
    "{name} {filename!r} is a file.": "{name} {filename!r} to plik, a nie folder.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} nie daje się odczytać.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} nie daje się zapisać.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} nie daje się uruchomić.",
    "{value!r} is not a valid {number_type}.": "{value!r} nie jest poprawną liczbą.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} to nie „tak” ani „nie”; dozwolone: {states}",
    "{value!r} is not a valid UUID.": "{value!r} nie jest poprawnym identyfikatorem UUID.",
    "{value!r} is not {choice}.": "{value!r} to nie {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} — dozwolone: {choices}.",
    "{value} is not in the range {range}.": "{value} jest poza zakresem {range}.",
    "{value!r} does not match the format {format}.": "{value!r} nie ma postaci {format}.",
    "{value!r} does not match the formats {formats}.":
        "{value!r} nie ma żadnej z postaci {formats}.",
    "{len_type} values are required, but {len_value} was given.":
        "Wymagane wartości: {len_type}, podano {len_value}.",
    "{len_type} values are required, but {len_value} were given.":
        "Wymagane wartości: {len_type}, podano {len_value}.",
    # prompts, terminal and the programmer's own slips (never seen in this program, but in
    # Polish all the same)
    "Press any key to continue...": "Naciśnij dowolny klawisz...",
    "Repeat for confirmation": "Powtórz, aby potwierdzić",
    "Error: The two entered values do not match.": "Błąd: podane wartości się różnią.",
    "Error: invalid input": "Błąd: nieprawidłowa odpowiedź",
    "Unknown color {colour!r}": "Nieznany kolor {colour!r}",
    "Unknown standard stream '{name}'": "Nieznany strumień standardowy '{name}'",
    "d": "d",
    "{editor}: Editing failed": "{editor}: edycja nie powiodła się",
    "{editor}: Editing failed: {e}": "{editor}: edycja nie powiodła się: {e}",
    "Windows error: {error}": "Błąd systemu Windows: {error}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Nie rozpoznano wersji Basha; uzupełnianie poleceń nie działa.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Uzupełnianie poleceń wymaga Basha 4.4 lub nowszego.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Uwaga: polecenie {name!r} jest wycofane.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Uwaga: {param_type} {name!r} jest wycofany.{extra_message}",
    "Could not determine name for option with declarations {decls!r}":
        "Nie można ustalić nazwy opcji z deklaracji {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?":
        "Nie zdefiniowano opcji, a podano nazwę ({name}); czy to argument albo '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Argument ma dokładnie jedną deklarację, podano {length}: {decls}.",
    "Name '{name}' defined twice": "Nazwa '{name}' zdefiniowana dwa razy",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Opcja logiczna {decl!r} nie może mieć tej samej flagi dla tak i nie.",
}
# fmt: on
# What click writes in a usage line or after an option instead of a word of ours.
OPTIONS_METAVAR = "[OPCJE]"
COMMAND_METAVAR = "POLECENIE [ARGUMENTY]..."
TYPE_NAMES = {
    "StringParamType": "tekst",
    "IntParamType": "liczba",
    "FloatParamType": "liczba",
    "BoolParamType": "tak/nie",
    "UUIDParameterType": "uuid",
}
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


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
    import click.types

    # The metavar after an option (`--to TEXT`) is its type's name in capitals.
    for cls, name in TYPE_NAMES.items():
        kind = getattr(click.types, cls, None)
        if kind is not None:
            kind.name = name
