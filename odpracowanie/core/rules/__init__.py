"""One module per family of rules; each `check_*` returns a list of `Issue`s (SPEC §3)."""
