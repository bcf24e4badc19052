"""odpracowanie — settling the work-off of municipal rent arrears (odpracowanie zadłużenia).

Pipeline: read (readers/) -> validate (core/schemas.py, core/rules/) -> value (core/valuation.py)
-> write (writers/). `batch.py` runs it; `cli.py` is the thin command line over it.
"""

__version__ = "0.1.0"
