"""`python -m odpracowanie` runs the command line."""

from odpracowanie.cli import main

main(prog_name="odpracowanie")
