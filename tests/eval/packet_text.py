"""The words of a judging packet: instructions, the rubric verbatim from the issue, and the papers.

Nothing here may hint at where a candidate came from: no method names, no scores, no ranks; only
titles, abstracts and neutral ids.
"""

from __future__ import annotations

from pathlib import Path

from generator.model import Paper

PAIR_RUBRIC = """\
- **2** same specific problem, task or method family — a reader of one would very likely want the other;
- **1** same subfield or a shared main technique, useful but not a direct peer;
- **0** unrelated, or overlap in generic words only ("large language models", "benchmark", "efficient").
"""

TAG_RUBRIC = """\
- **1** the tag names a main topic, method, task or domain of the paper, so a researcher browsing the tag's page expects it there;
- **0** wrong, too vague, or resting on a passing mention.
"""

REASON_RUBRIC = """\
- **1** the phrase names something both papers are actually about — a shared topic, method, task, dataset or domain — specific enough to tell a reader why the two are linked;
- **0** a generic word or phrase ("model", "efficient", "framework", "performance", "open"), or something only one of the two papers is about, or only mentions in passing.
"""

LINK_INTRO = """\
# Related-paper judgments: packet {name}

A digest of research papers shows, under each paper, links to similar papers. Below are {queries} query
papers (q1 to q{queries}), each followed by candidate papers (c1, c2, ...). For every (query, candidate)
pair, read both titles and abstracts and grade how related the two papers are, by the rubric below.
Judge from the title and abstract alone, each pair on its own merits. The candidates are in no
particular order and may be of any quality: many are unrelated.

## Rubric

{rubric}
## What to write back

Write one YAML file, `{answers}`, holding one record for every (query, candidate) pair of this
packet ({pairs} pairs): the grade (0, 1 or 2) and a one-line reason that names what the two papers
share (a problem, task, method, dataset) or why they do not belong together. Candidate ids restart
at c1 under each query. Use double quotes around reasons. Nothing else goes into the file. Example:

```yaml
- query: q1
  candidates:
  - {{candidate: c1, grade: 2, reason: "both prune attention heads of LLMs at inference time"}}
  - {{candidate: c2, grade: 0, reason: "only 'language model' in common: robot grasping vs. summarisation"}}
- query: q2
  candidates:
  - {{candidate: c1, grade: 1, reason: "both image diffusion models, but editing vs. super-resolution"}}
```
"""

TAG_INTRO = """\
# Tag judgments: packet {name}

A digest of research papers puts tags on papers; each tag has a page listing its papers. Below are
{papers} papers (p1 to p{papers}), each with the tags it was given (t1, t2, ...). For each paper, read
its title and abstract, then:

1. write its main topic in a few words (`main_topic`);
2. grade each of its tags by the rubric below;
3. say of each tag whether it names that main topic (`main: true`) or not (`main: false`); only a
   tag graded 1 can be main.

Judge from the title and abstract alone. The tags are in no particular order; a paper may have
none listed, and then only its main topic is asked for.

## Rubric

{rubric}
## What to write back

Write one YAML file, `{answers}`, holding one record for every paper of this packet ({papers}
papers, {tags} tags in all): its `main_topic`, and under `tags` one record per listed tag with the
grade (0 or 1), `main` (true or false) and a one-line reason. Tag ids restart at t1 under each paper.
Use double quotes around text. Nothing else goes into the file. Example:

```yaml
- paper: p1
  main_topic: "pruning attention heads of LLMs"
  tags:
  - {{tag: t1, grade: 1, main: true, reason: "the paper's method is pruning"}}
  - {{tag: t2, grade: 0, main: false, reason: "agents are only named as a future application"}}
- paper: p2
  main_topic: "speech synthesis for low-resource languages"
  tags: []
```
"""

NO_PHRASE = "- (no phrase shown)\n"

REASON_INTRO = """\
# Link-reason judgments: packet {name}

A digest of research papers shows, under each paper, links to similar papers, and with each link a
few short phrases meant to tell the reader what the two papers share. Below are {queries} papers (q1
to q{queries}), each followed by the papers it links to (c1, c2, ...), each link with its phrases
(r1, r2, ..., numbered across all the links of one paper). Grade every phrase by the rubric below,
for the two papers of its link: the paper above (q) and that linked paper (c). Judge the phrase
only, not whether the two papers should be linked, from the titles and abstracts alone. A link
marked "no phrase shown" needs no answer. The links and phrases are in no particular order.

## Rubric

{rubric}
## What to write back

Write one YAML file, `{answers}`, holding one record for every phrase of this packet ({phrases}
phrases): the grade (0 or 1) and a one-line reason. Phrase ids restart at r1 under each paper q.
Use double quotes around reasons. Nothing else goes into the file. Example:

```yaml
- query: q1
  phrases:
  - {{phrase: r1, grade: 1, reason: "both papers compress the KV cache of LLMs"}}
  - {{phrase: r2, grade: 0, reason: "'efficient' is a generic word"}}
  - {{phrase: r3, grade: 0, reason: "only the linked paper is about retrieval"}}
- query: q2
  phrases:
  - {{phrase: r1, grade: 1, reason: "both are about text-to-video generation"}}
```
"""


def link_packet(name: str, entries: list[tuple[Paper, list[Paper]]], answers: Path) -> str:
    """The whole text of a links packet: the query papers, each with its candidates."""
    pairs = sum(len(candidates) for _, candidates in entries)
    parts = [LINK_INTRO.format(name=name, queries=len(entries), rubric=PAIR_RUBRIC, answers=answers, pairs=pairs)]
    for number, (query, candidates) in enumerate(entries, start=1):
        parts.append(f"---\n\n## q{number}\n\n**Query q{number}: {_title(query)}**\n\n{_abstract(query)}\n")
        parts.append(f"Candidates of q{number}: c1 to c{len(candidates)}.\n")
        for rank, candidate in enumerate(candidates, start=1):
            parts.append(f"### q{number} / c{rank}: {_title(candidate)}\n\n{_abstract(candidate)}\n")
    parts.append(f"---\n\nEnd of packet {name}. Write the answers to `{answers}`.\n")
    return "\n".join(parts)


def tag_packet(name: str, entries: list[tuple[Paper, list[str]]], answers: Path) -> str:
    """The whole text of a tags packet: each paper with the tags to judge."""
    tags = sum(len(names) for _, names in entries)
    parts = [TAG_INTRO.format(name=name, papers=len(entries), rubric=TAG_RUBRIC, answers=answers, tags=tags)]
    for number, (paper, names) in enumerate(entries, start=1):
        listed = "".join(f"- t{rank}: {tag}\n" for rank, tag in enumerate(names, start=1)) or "- (no tags)\n"
        parts.append(f"---\n\n## p{number}: {_title(paper)}\n\n{_abstract(paper)}\n\nTags of p{number}:\n\n{listed}")
    parts.append(f"---\n\nEnd of packet {name}. Write the answers to `{answers}`.\n")
    return "\n".join(parts)


def reason_packet(name: str, entries: list[tuple[Paper, list[tuple[Paper, list[str]]]]], answers: Path) -> str:
    """The whole text of a reasons packet: each paper, its links, and the phrases shown with each."""
    phrases = sum(len(shown) for _, links in entries for _, shown in links)
    parts = [REASON_INTRO.format(name=name, queries=len(entries), rubric=REASON_RUBRIC, answers=answers,
                                 phrases=phrases)]
    for number, (query, links) in enumerate(entries, start=1):
        parts.append(f"---\n\n## q{number}\n\n**Paper q{number}: {_title(query)}**\n\n{_abstract(query)}\n")
        parts.append(f"Links of q{number}: c1 to c{len(links)}.\n")
        first = 1
        for rank, (candidate, shown) in enumerate(links, start=1):
            listed = "".join(f"- r{first + place}: {phrase}\n" for place, phrase in enumerate(shown)) or NO_PHRASE
            parts.append(f"### q{number} / c{rank}: {_title(candidate)}\n\n{_abstract(candidate)}\n\n"
                         f"Phrases shown with the link q{number} / c{rank}:\n\n{listed}")
            first += len(shown)
    parts.append(f"---\n\nEnd of packet {name}. Write the answers to `{answers}`.\n")
    return "\n".join(parts)


def _title(paper: Paper) -> str:
    return " ".join(paper.title.split())


def _abstract(paper: Paper) -> str:
    return " ".join(paper.abstract.split())
