"""What `paper-digest check` tells a contributor and a reviewer about the dumps of a pull request.

The report compares the digest without the checked dumps to the digest with them: which papers
are new, which were already there (and merge into an existing page), which entries of the
checked dumps duplicate each other, whether any published URL would change, and every problem
with its `file:line`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Dump, Paper, Problem


@dataclass(frozen=True, slots=True)
class CheckReport:
    files: tuple[str, ...]
    entries: int  # entries read from the checked files
    new: tuple[Paper, ...]  # papers that appear only in the checked files
    existing: tuple[Paper, ...]  # papers of the checked files already in the digest
    duplicates: tuple[Paper, ...]  # papers given more than once within the checked files
    renamed: tuple[tuple[str, str], ...]  # (published slug, slug it would get): never allowed
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "error")

    @property
    def is_clean(self) -> bool:
        return not self.errors


def make_report(
    checked: tuple[Dump, ...], base: tuple[Paper, ...], merged: tuple[Paper, ...],
    problems: tuple[Problem, ...], slug_by_entry: Mapping[tuple[str, int], str],
) -> CheckReport:
    """Compare the digest before (`base`) and after (`merged`) adding the `checked` dumps.

    `slug_by_entry`: the merge's own answer to which paper each entry went into, by
    (dump name, line), so that duplicates are counted by the merge's matching, not a copy of it.
    """
    names = {dump.name for dump in checked}
    touched = tuple(paper for paper in merged if names & set(paper.sources))
    per_paper = Counter(slug_by_entry[(entry.source, entry.line)]
                        for dump in checked for entry in dump.entries)
    renamed = _renamed(base, merged)
    rename_problems = tuple(
        Problem(next(iter(sorted(names))), 0, f"would change the URL of published paper"
                f" 'papers/{old}/' to 'papers/{new}/'; give the dump a later capture date",
                severity="error")
        for old, new in renamed
    )
    return CheckReport(
        files=tuple(sorted(names)),
        entries=sum(len(dump.entries) for dump in checked),
        new=tuple(paper for paper in touched if not set(paper.sources) - names),
        existing=tuple(paper for paper in touched if set(paper.sources) - names),
        duplicates=tuple(paper for paper in touched if per_paper[paper.slug] > 1),
        renamed=renamed,
        problems=tuple(sorted(
            (problem for problem in problems if problem.source in names or
             problem.source.removesuffix(".yml") + ".txt" in names),
            key=lambda problem: (problem.source, problem.line, problem.message),
        )) + rename_problems,
    )


def _renamed(base: tuple[Paper, ...], merged: tuple[Paper, ...]) -> tuple[tuple[str, str], ...]:
    merged_slugs = {paper.slug for paper in merged}
    by_abstract = {paper.abstract: paper.slug for paper in merged}
    return tuple(
        (paper.slug, by_abstract.get(paper.abstract, "?"))
        for paper in base if paper.slug not in merged_slugs
    )


def format_text(report: CheckReport) -> str:
    """Plain-text report for a terminal."""
    lines = [f"Checked {len(report.files)} dump(s): {', '.join(report.files)}",
             f"  {report.entries} entries -> {len(report.new)} new paper(s),"
             f" {len(report.existing)} already in the digest,"
             f" {len(report.duplicates)} given more than once"]
    for heading, papers in (("New papers", report.new), ("Already in the digest", report.existing)):
        if papers:
            lines.append(f"{heading}:")
            lines += [f"  + {paper.title}  (papers/{paper.slug}/)" for paper in papers]
    if report.problems:
        lines.append(f"Problems ({len(report.errors)} error(s)):")
        lines += [f"  {p.location()}: {p.severity}: {p.message}" + (f"\n      > {p.excerpt}" if p.excerpt else "")
                  for p in report.problems]
    lines.append("OK: no errors" if report.is_clean else "FAILED: fix the errors above")
    return "\n".join(lines) + "\n"


def format_markdown(report: CheckReport) -> str:
    """GitHub-flavoured Markdown for a pull request's job summary (all text escaped)."""
    status = "✅ No errors" if report.is_clean else f"❌ {len(report.errors)} error(s)"
    lines = [f"## Dump check: {status}", "",
             f"{report.entries} entries in {len(report.files)} dump(s): "
             f"**{len(report.new)} new**, {len(report.existing)} already in the digest, "
             f"{len(report.duplicates)} given more than once.", ""]
    for heading, papers in (("New papers", report.new), ("Already in the digest", report.existing)):
        if papers:
            lines += [f"### {heading}", ""] + [f"- {_md(paper.title)} (`papers/{paper.slug}/`)"
                                              for paper in papers] + [""]
    if report.problems:
        lines += ["### Problems", "", "| where | severity | what | excerpt |", "|---|---|---|---|"]
        lines += [f"| {_code(p.location())} | {p.severity} | {_md(p.message)} | {_md(p.excerpt)} |"
                  for p in report.problems]
    return "\n".join(lines) + "\n"


def _code(value: str) -> str:
    """A code span GitHub shows exactly as written (backticks and table pipes cannot occur)."""
    return "`" + value.replace("`", "'").replace("|", "/") + "`"


def _md(value: str) -> str:
    """Text that GitHub shows literally: no HTML, no Markdown, no table breaks."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + char if char in "\\`*_{}[]()#+-.!|~" else char for char in escaped)
