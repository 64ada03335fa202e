"""Read: dump files -> entries and problems.

Takes the paths of the dump files (and, for yearless dates, the settings' today). Gives one `Dump`
per file: its shape, its capture date and the rule that decided it (sidecar, file name, the dump's
own evidence, first commit, today), its entries with their metadata blocks read, and every problem
with `file:line`. Bad input never raises: it becomes a problem and reading goes on. The dumps as
they were at a git revision are read the same way (`revision.py`).
"""

from .dumps import parse_text, read_dump
from .folder import dump_paths, read_dump_files
from .revision import read_dumps_at

__all__ = ["dump_paths", "parse_text", "read_dump", "read_dump_files", "read_dumps_at"]
