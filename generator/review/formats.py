"""The check's report as text for a terminal and as Markdown for a pull request's job summary.

Titles, abstracts, file names and messages come from the pull request itself, so in Markdown every
piece of them is escaped (`_md`, `_code`): GitHub shows them as the characters they are, never as
markup, links or a broken table.
"""

from __future__ import annotations

from ..model import Paper
from .report import ChangedPaper, CheckReport, GonePaper

SIMILAR_SHOWN = 3  # a new paper's most similar papers: enough to see where it lands
FOLDED_FROM = 10  # a Markdown section with more papers than this is folded away


def format_text(report: CheckReport) -> str:
    """Plain-text report for a terminal."""
    lines = [f"Checked {len(report.files)} dump(s): {', '.join(report.files) or 'none'}"
             f" (against {report.against})"]
    if report.dumps_removed:
        lines.append(f"Removed {len(report.dumps_removed)} dump(s): {', '.join(report.dumps_removed)}")
    lines.append(f"  {_counts(report)}")
    if report.added:
        lines.append("New papers:")
        lines += [line for paper in report.added for line in _new_text(paper, report)]
    if report.changed:
        lines.append("Papers changed (already in the digest):")
        lines += [line for changed in report.changed for line in _changed_text(changed)]
    if report.merged:
        lines.append("Papers merged into another (their URL redirects):")
        lines += [f"  > {gone.title}  (papers/{gone.slug}/ -> papers/{gone.target}/)" for gone in report.merged]
    if report.removed:
        lines.append("Papers removed (their URL keeps a page saying so):")
        lines += [f"  - {gone.title}  (papers/{gone.slug}/)" for gone in report.removed]
    lines.append(_urls(report))
    if report.problems:
        lines.append(f"Problems ({len(report.errors)} error(s)):")
        lines += [f"  {p.location()}: {p.severity}: {p.message}" + (f"\n      > {p.excerpt}" if p.excerpt else "")
                  for p in report.problems]
    lines.append("OK: no errors" if report.is_clean else "FAILED: fix the errors above")
    return "\n".join(lines) + "\n"


def _counts(report: CheckReport) -> str:
    return (f"{report.entries} entries -> {len(report.added)} new paper(s),"
            f" {len(report.changed)} changed, {len(report.merged)} merged into another,"
            f" {len(report.removed)} removed, {len(report.duplicates)} given more than once")


def _urls(report: CheckReport) -> str:
    verdict = (f"{len(report.urls_broken)} published URL(s) would break" if report.urls_broken
               else "every published URL still resolves")
    return (f"URLs: {len(report.urls_created)} created, {len(report.merged)} redirected,"
            f" {len(report.removed)} retired; {verdict}")


def _new_text(paper: Paper, report: CheckReport) -> list[str]:
    lines = [f"  + {paper.title}  (papers/{paper.slug}/)"]
    if paper.tags:
        lines.append(f"      tags: {', '.join(paper.tags)}")
    similar = [f"{report.titles.get(link.slug, link.slug)} ({link.score:.2f})"
               for link in paper.similar[:SIMILAR_SHOWN]]
    if similar:
        lines.append(f"      similar: {'; '.join(similar)}")
    return lines


def _changed_text(changed: ChangedPaper) -> list[str]:
    return [f"  ~ {changed.paper.title}  (papers/{changed.paper.slug}/)"] + [
        f"      {change.name}: {change.old} -> {change.new}" for change in changed.changes]


def format_markdown(report: CheckReport) -> str:
    """GitHub-flavoured Markdown for a pull request's job summary (all text escaped)."""
    status = "✅ No errors" if report.is_clean else f"❌ {len(report.errors)} error(s)"
    lines = [f"## Dump check: {status}", "", _dumps_line(report), "",
             f"{report.entries} entries in the added and changed dumps: **{len(report.added)} new**,"
             f" {len(report.changed)} changed, {len(report.merged)} merged into another,"
             f" {len(report.removed)} removed, {len(report.duplicates)} given more than once.",
             "", _md(_urls(report)) + ".", ""]
    sections = (("New papers", [_new_markdown(paper, report) for paper in report.added]),
                ("Papers changed", [_changed_markdown(changed) for changed in report.changed]),
                ("Papers merged into another", [_merged_markdown(gone) for gone in report.merged]),
                ("Papers removed", [f"- {_md(gone.title)} ({_code(f'papers/{gone.slug}/')}):"
                                    " its URL keeps a page saying it was removed" for gone in report.removed]))
    for heading, items in sections:
        if len(items) > FOLDED_FROM:  # a long list folds, so the sections after it stay in sight
            lines += [f"### {heading}", "", f"<details><summary>{len(items)} papers</summary>", "",
                      *items, "", "</details>", ""]
        elif items:
            lines += [f"### {heading}", "", *items, ""]
    if report.problems:
        lines += ["### Problems", "", "| where | severity | what | excerpt |", "|---|---|---|---|"]
        lines += [f"| {_code(p.location())} | {p.severity} | {_md(p.message)} | {_md(p.excerpt)} |"
                  for p in report.problems]
    return "\n".join(lines) + "\n"


def _dumps_line(report: CheckReport) -> str:
    parts = [f"{label}: " + ", ".join(map(_code, names)) for label, names in
             (("added", report.dumps_added), ("changed", report.dumps_changed),
              ("removed", report.dumps_removed)) if names]
    return f"Compared with {_code(report.against)}. Dumps " + ("; ".join(parts) or "unchanged") + "."


def _new_markdown(paper: Paper, report: CheckReport) -> str:
    item = f"- **{_md(paper.title)}** ({_code(f'papers/{paper.slug}/')})"
    if paper.tags:
        item += " — tags: " + ", ".join(_md(name) for name in paper.tags)
    similar = [f"{_md(report.titles.get(link.slug, link.slug))} ({link.score:.2f})"
               for link in paper.similar[:SIMILAR_SHOWN]]
    return item + (" — similar: " + "; ".join(similar) if similar else "")


def _changed_markdown(changed: ChangedPaper) -> str:
    fields = "; ".join(f"{_md(change.name)}: {_md(change.old)} → {_md(change.new)}"
                       for change in changed.changes)
    return f"- {_md(changed.paper.title)} ({_code(f'papers/{changed.paper.slug}/')}): {fields}"


def _merged_markdown(gone: GonePaper) -> str:
    return (f"- {_md(gone.title)} ({_code(f'papers/{gone.slug}/')}) → {_md(gone.target_title)}"
            f" ({_code(f'papers/{gone.target}/')}): its URL redirects there")


def _code(value: str) -> str:
    """A code span GitHub shows exactly as written (backticks and table pipes cannot occur)."""
    return "`" + value.replace("`", "'").replace("|", "/") + "`"


def _md(value: str) -> str:
    """Text that GitHub shows literally: no HTML, no Markdown, no table breaks."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + char if char in "\\`*_{}[]()#+-.!|~" else char for char in escaped)
