"""Review: what `paper-digest check` reports on a change of the digest.

Takes the digest before and after the change (dumps, papers with tags and similar papers, what
every published URL shows), the problems, and the record of published URLs as committed and as
the change calls for it. Gives a `CheckReport` (dumps added, changed and removed; papers new,
changed field by field, merged into another and removed; URLs created, redirected and retired;
every problem with `file:line`) and its text and Markdown forms.
"""

from .fields import FieldChange
from .formats import format_markdown, format_text
from .record import RecordCheck
from .report import Change, ChangedPaper, CheckReport, GonePaper, Side, make_report

__all__ = ["Change", "ChangedPaper", "CheckReport", "FieldChange", "GonePaper", "RecordCheck", "Side",
           "format_markdown", "format_text", "make_report"]
