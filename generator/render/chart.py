"""A small chart of papers per month of publication, as inline SVG made at build time.

No chart library and no script: one path draws every month as a bar (a month without papers is
a gap), so the chart costs about ten bytes a month, and it is drawn in `currentColor`, so it
follows the text colour in light and dark mode. Its title and description say in words what it
shows, for screen readers and for anyone who cannot make out the bars.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from . import markup
from ..model import Paper

WIDTH = 600
HEIGHT = 60
MIN_MONTHS = 3  # fewer months than this make no trend worth drawing


def months_chart(papers: list[Paper], name: str) -> str:
    """The chart of `papers` by month of publication, from their first month to their last;
    empty when they span fewer than MIN_MONTHS months. `name` says whose papers they are."""
    counts = Counter(_month_number(paper.published) for paper in papers if paper.published)
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    months = last - first + 1
    if months < MIN_MONTHS:
        return ""
    peak = max(counts.values())
    bar = WIDTH / months
    path = "".join(_bar(index * bar, bar, counts[first + index], peak)
                   for index in range(months) if counts.get(first + index))
    busiest = min(month for month, count in counts.items() if count == peak)
    undated = sum(1 for paper in papers if not paper.published)
    description = (f"{sum(counts.values())} papers {name} by month of publication, from {_label(first)} to "
                   f"{_label(last)}; the most, {peak}, in {_label(busiest)}"
                   + (f"; {undated} without a publication date are not shown." if undated else "."))
    return (f'<figure class="pd-chart"><svg viewBox="0 0 {WIDTH} {HEIGHT + 1}" role="img" '
            f'aria-labelledby="pd-chart-title pd-chart-desc" preserveAspectRatio="none">'
            f'<title id="pd-chart-title">Papers per month</title>'
            f'<desc id="pd-chart-desc">{markup.escape_html(description)}</desc>'
            f'<path d="{path}" fill="currentColor"/>'
            f'<path d="M0 {HEIGHT}H{WIDTH}" stroke="currentColor" stroke-opacity=".4"/></svg>'
            f'<figcaption><span>{_label(first)}</span> Papers per month of publication; the tallest bar is '
            f'{peak} ({_label(busiest)}). <span>{_label(last)}</span></figcaption></figure>')


def _bar(x: float, width: float, count: int, peak: int) -> str:
    height = max(1.0, HEIGHT * count / peak)
    return f"M{x:.4g} {HEIGHT}v-{height:.3g}h{max(width - 1, 1):.3g}v{height:.3g}z"


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _label(number: int) -> str:
    year, month = divmod(number, 12)
    return f"{year}-{month + 1:02d}"
