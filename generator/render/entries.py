"""One paper as a listing shows it: what a reader chooses by, in few bytes.

A paper appears in a listing once per tag, once in its month and once per source dump, so every
byte of an entry is paid five or six times a paper. An entry holds the title, one labelled date
(publication, or when it was added if the dump gave none), the upvotes and a code badge when
known, and the abstract's first sentence cut to `SNIPPET_CHARS` (but in a dump's listing: the
record of what a dump held, where the same papers' tag and month entries carry it). The listing's
sort (`assets/javascripts/listing.js`) reads the upvotes and the day added from the entry's facts;
the day added rides along as a data attribute only where the facts show the publication date
instead. Without JavaScript the page lists the papers in their default order.
"""

from __future__ import annotations

import re
from datetime import date

from . import markup
from ..model import Paper

SNIPPET_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")
_MATH = re.compile(r"\$[^$]*\$")


def snippet(abstract: str, limit: int = SNIPPET_CHARS, second: bool = False) -> str:
    """The abstract's first sentence, cut at a word boundary to at most `limit` characters (plain
    text: math source is dropped, a reader cannot read it untypeset). `second`: the sentence
    after it when there is one (a title derived from the abstract already says the first)."""
    sentences = _SENTENCE_END.split(" ".join(abstract.split()), maxsplit=2)
    first = sentences[1] if second and len(sentences) > 1 else sentences[0]
    first = " ".join(_MATH.sub("…", first).split())
    if len(first) <= limit:
        return first
    return first[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def labelled_date(paper: Paper) -> str:
    """The date a listing shows, saying what it is."""
    if paper.published:
        return f"published {paper.published.isoformat()}"
    return f"added {paper.added.isoformat()}"


def has_code(paper: Paper) -> bool:
    return any(link.kind == "code" for link in paper.links)


def paper_entry(paper: Paper, prefix: str, show_added: bool = False, sentence: bool = True) -> str:
    """One `<li>` of a listing; `prefix` leads from the listing's folder to the site root.

    `show_added`: say when it was added too (the home page's "what's new"). `sentence`: end with
    the abstract's first sentence (a dump's listing leaves it out). The markup is bare
    (`small` for the facts, `b` for the badge, `p` for the sentence; digest.css styles them
    inside `.pd-list`): a class on each would cost a tenth of the entry.
    """
    upvotes = paper.upvotes
    facts = [labelled_date(paper)]
    if show_added and paper.published:
        facts.append(f"added {paper.added.isoformat()}")
    if upvotes is not None:
        facts.append(f'{upvotes} upvote{"" if upvotes == 1 else "s"}')
    if has_code(paper):
        facts.append("<b>code</b>")
    data = f' data-a="{_compact(paper.added)}"' if paper.published else ""  # else "added ..." says it
    first = f"<p>{markup.escape_html(snippet(paper.abstract, second=paper.title_derived))}</p>" if sentence else ""
    return (f'<li{data}><a href="{prefix}papers/{markup.url_path(paper.slug)}/">'
            f'{markup.escape_html(paper.title)}</a> <small>{" · ".join(facts)}</small>{first}</li>')


def paper_list(papers: list[Paper], prefix: str, show_added: bool = False, sentence: bool = True) -> str:
    items = "".join(paper_entry(paper, prefix, show_added, sentence) for paper in papers)
    return f'<ul class="pd-list">{items}</ul>'


def sort_control(prefix: str) -> str:
    """The listing's sort: hidden until `listing.js` (loaded here) wires it up."""
    return ('<p class="pd-sort" hidden><label>Sort by <select>'
            '<option value="">publication date</option><option value="u">upvotes</option>'
            '<option value="a">date added</option></select></label></p>'
            f'<script src="{prefix}assets/javascripts/listing.js" defer></script>')


def _compact(day: date) -> str:
    return day.strftime("%Y%m%d")
