"""`python -m odpracowanie` runs the command line."""

from odpracowanie.cli import start

# Guarded, as an entry module must be where child processes start afresh (Windows' spawn).
if __name__ == "__main__":
    start()
