"""The committed blind judgments: pairs graded 0/1/2 and tags graded 0/1, each with its reason.

Papers are named by their key (arXiv id for hf2k, normalised title for seeds). A pair's grade says
how related two papers are whichever of them was the query, so a lookup falls back on the pair
the other way round. Files are read and written only here, always whole and atomically, with the
keys sorted, so that merging a new round gives a small, readable diff.

    judged_<digest>_links.yml   pairs:  {query: {candidate: {grade, reason, round}}}
    judged_<digest>_tags.yml    papers: {paper: {main_topic, tags: {tag: {grade, main, reason, round}}}}
    judged_<digest>_reasons.yml phrases: {query: {candidate: {phrase: {grade, reason, round}}}}

A phrase shown with a link says what the two papers share, so, like a pair's grade, its grade holds
whichever of the two papers shows the link.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent
HEADER = {
    "links": ("# Blind judgments of similar-paper pairs (tests/eval/README.md): grade 2 same specific problem,\n"
              "# task or method family; 1 same subfield or shared main technique; 0 unrelated or generic overlap.\n"
              "# Written by tests/eval/ingest.py; never edit a grade by hand without a new blind judgment.\n"),
    "tags": ("# Blind judgments of tags (tests/eval/README.md): grade 1 the tag names a main topic, method, task\n"
             "# or domain of the paper; 0 wrong, too vague or a passing mention; `main` when it names the main topic.\n"
             "# Written by tests/eval/ingest.py; never edit a grade by hand without a new blind judgment.\n"),
    "reasons": ("# Blind judgments of the phrases shown with similar-paper links (tests/eval/README.md): grade 1 the\n"
                "# phrase names something both papers are about, specific enough to say why they are linked; 0 a\n"
                "# generic word, or something only one of them is about or only mentions in passing.\n"
                "# Written by tests/eval/ingest.py; never edit a grade by hand without a new blind judgment.\n"),
}


@dataclass(frozen=True, slots=True)
class PairJudgment:
    grade: int  # 0, 1 or 2
    reason: str
    round: int


@dataclass(frozen=True, slots=True)
class TagJudgment:
    grade: int  # 0 or 1
    main: bool  # the tag names the paper's main topic
    reason: str
    round: int


@dataclass(frozen=True, slots=True)
class PaperTags:
    main_topic: str
    tags: dict[str, TagJudgment] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PhraseJudgment:
    grade: int  # 0 or 1
    reason: str
    round: int


@dataclass(frozen=True, slots=True)
class LinkJudgments:
    pairs: dict[str, dict[str, PairJudgment]] = field(default_factory=dict)  # query -> candidate -> judgment

    def grade(self, query: str, candidate: str) -> int | None:
        """The pair's grade, judged either way round; None when nobody judged it."""
        judged = self.pairs.get(query, {}).get(candidate) or self.pairs.get(candidate, {}).get(query)
        return None if judged is None else judged.grade

    def grades(self, query: str) -> dict[str, int]:
        """Every judged candidate of `query` (either way round) and its grade."""
        found = {other: byquery[query].grade for other, byquery in self.pairs.items() if query in byquery}
        found.update({candidate: judged.grade for candidate, judged in self.pairs.get(query, {}).items()})
        return found


@dataclass(frozen=True, slots=True)
class ReasonJudgments:
    phrases: dict[str, dict[str, dict[str, PhraseJudgment]]] = field(default_factory=dict)  # query -> candidate -> phrase

    def grade(self, query: str, candidate: str, phrase: str) -> int | None:
        """The phrase's grade on the link, judged either way round; None when nobody judged it."""
        judged = (self.phrases.get(query, {}).get(candidate, {}).get(phrase)
                  or self.phrases.get(candidate, {}).get(query, {}).get(phrase))
        return None if judged is None else judged.grade


def path_of(digest: str, kind: str, folder: Path = FOLDER) -> Path:
    """`judged_<digest>_<kind>.yml` in the evaluation folder."""
    return folder / f"judged_{digest}_{kind}.yml"


def load_links(path: Path) -> LinkJudgments:
    """Read a pairs file (an absent file holds no judgments)."""
    document = _load(path).get("pairs") or {}
    return LinkJudgments({str(query): {str(candidate): PairJudgment(**record) for candidate, record in row.items()}
                          for query, row in document.items()})


def load_tags(path: Path) -> dict[str, PaperTags]:
    """Read a tags file (an absent file holds no judgments)."""
    document = _load(path).get("papers") or {}
    return {str(paper): PaperTags(str(record.get("main_topic", "")),
                                  {str(tag): TagJudgment(**judged) for tag, judged in (record.get("tags") or {}).items()})
            for paper, record in document.items()}


def load_reasons(path: Path) -> ReasonJudgments:
    """Read a phrases file (an absent file holds no judgments)."""
    document = _load(path).get("phrases") or {}
    return ReasonJudgments({str(query): {str(candidate): {str(phrase): PhraseJudgment(**record)
                                                          for phrase, record in by_phrase.items()}
                                         for candidate, by_phrase in row.items()}
                            for query, row in document.items()})


def save_links(path: Path, judgments: LinkJudgments) -> None:
    pairs = {query: {candidate: asdict(judged) for candidate, judged in row.items()}
             for query, row in judgments.pairs.items() if row}
    _save(path, HEADER["links"], {"pairs": pairs})


def save_tags(path: Path, judgments: dict[str, PaperTags]) -> None:
    papers = {paper: {"main_topic": record.main_topic,
                      "tags": {tag: asdict(judged) for tag, judged in record.tags.items()}}
              for paper, record in judgments.items()}
    _save(path, HEADER["tags"], {"papers": papers})


def save_reasons(path: Path, judgments: ReasonJudgments) -> None:
    phrases = {query: {candidate: {phrase: asdict(judged) for phrase, judged in by_phrase.items()}
                       for candidate, by_phrase in row.items() if by_phrase}
               for query, row in judgments.phrases.items() if any(row.values())}
    _save(path, HEADER["reasons"], {"phrases": phrases})


def _load(path: Path) -> dict:
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _save(path: Path, header: str, document: dict) -> None:
    """Write the whole file at once: a reader never sees half a file."""
    text = header + yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=120, default_flow_style=None)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
