"""Review: what `paper-digest check` reports on the dumps of a pull request.

Takes the checked dumps, the papers of the digest without them and with them, and the problems.
Gives a `CheckReport` (new papers, papers already in the digest, duplicates, renamed URLs, every
problem) and its text and Markdown forms.
"""

from .report import CheckReport, format_markdown, format_text, make_report

__all__ = ["CheckReport", "format_markdown", "format_text", "make_report"]
