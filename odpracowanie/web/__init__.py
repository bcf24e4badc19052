"""The clerk's desk: the local web page of `odpracowanie serve` (SPEC §10)."""
