"""Read one packet's answers and name each judgment by paper key and tag name instead of neutral id.

Judges write YAML by hand, so the reading is forgiving where meaning is clear (a grade written
"2", `main: "true"`, a flat list of pairs instead of pairs grouped by query) and strict where it is
not (an unknown id, a grade outside the rubric): those are reported and left out.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.eval.judgments import PairJudgment, PaperTags, PhraseJudgment, TagJudgment

PAIR_GRADES, TAG_GRADES, PHRASE_GRADES = (0, 1, 2), (0, 1), (0, 1)


def link_answers(key: dict, path: Path, problems: list[str]) -> dict[tuple[str, str], PairJudgment]:
    """(query key, candidate key) -> judgment, for every well-formed answer of a links packet."""
    found: dict[tuple[str, str], PairJudgment] = {}
    for record in _pair_records(_load(path, problems), problems):
        query = key["queries"].get(str(record.get("query")))
        candidate = query and query["candidates"].get(str(record.get("candidate")))
        grade = _grade(record.get("grade"), PAIR_GRADES)
        where = f"{record.get('query')}/{record.get('candidate')}"
        if not candidate:
            problems.append(f"{where}: no such query and candidate in this packet")
        elif grade is None:
            problems.append(f"{where}: grade {record.get('grade')!r} is not one of 0, 1, 2")
        else:
            found[(query["paper"], candidate)] = PairJudgment(grade, _reason(record), key["round"])
    expected = {(query["paper"], candidate) for query in key["queries"].values()
                for candidate in query["candidates"].values()}
    if missing := len(expected - set(found)):
        problems.append(f"{missing} of {len(expected)} pairs have no valid answer")
    return found


def tag_answers(key: dict, path: Path, problems: list[str]) -> dict[str, PaperTags]:
    """paper key -> its main topic and judged tags, for every well-formed answer of a tags packet."""
    found: dict[str, PaperTags] = {}
    for record in _load(path, problems):
        paper = key["papers"].get(str(record.get("paper"))) if isinstance(record, dict) else None
        if paper is None:
            problems.append(f"{record!r:.80}: not a paper of this packet")
            continue
        tags = {}
        for answer in record.get("tags") or []:
            judged = _tag_judgment(answer, paper, key["round"], f"{record.get('paper')}/", problems)
            if judged:
                tags[paper["tags"][str(answer["tag"])]] = judged
        if missing := len(set(paper["tags"].values()) - set(tags)):
            problems.append(f"{record.get('paper')}: {missing} of its tags have no valid answer")
        found[paper["paper"]] = PaperTags(" ".join(str(record.get("main_topic") or "").split()), tags)
    if missing := len({paper["paper"] for paper in key["papers"].values()} - set(found)):
        problems.append(f"{missing} of {len(key['papers'])} papers have no answer")
    return found


def reason_answers(key: dict, path: Path, problems: list[str]) -> dict[tuple[str, str, str], PhraseJudgment]:
    """(query key, candidate key, phrase) -> judgment, for every well-formed answer of a reasons packet."""
    found: dict[tuple[str, str, str], PhraseJudgment] = {}
    for record in _phrase_records(_load(path, problems), problems):
        query = key["queries"].get(str(record.get("query")))
        shown = query and query["phrases"].get(str(record.get("phrase")))
        grade = _grade(record.get("grade"), PHRASE_GRADES)
        where = f"{record.get('query')}/{record.get('phrase')}"
        if not shown:
            problems.append(f"{where}: no such query and phrase in this packet")
        elif grade is None:
            problems.append(f"{where}: grade {record.get('grade')!r} is not 0 or 1")
        else:
            found[(query["paper"], shown["candidate"], shown["phrase"])] = PhraseJudgment(
                grade, _reason(record), key["round"])
    expected = {(query["paper"], shown["candidate"], shown["phrase"]) for query in key["queries"].values()
                for shown in query["phrases"].values()}
    if missing := len(expected - set(found)):
        problems.append(f"{missing} of {len(expected)} phrases have no valid answer")
    return found


def _tag_judgment(answer: object, paper: dict, round_number: int, where: str,
                  problems: list[str]) -> TagJudgment | None:
    if not isinstance(answer, dict) or str(answer.get("tag")) not in paper["tags"]:
        problems.append(f"{where}{answer!r:.60}: no such tag of this paper")
        return None
    grade = _grade(answer.get("grade"), TAG_GRADES)
    main = _flag(answer.get("main"))
    where += str(answer["tag"])
    if grade is None or main is None:
        problems.append(f"{where}: grade {answer.get('grade')!r} or main {answer.get('main')!r} is not 0/1, true/false")
        return None
    if main and not grade:
        problems.append(f"{where}: main but graded 0; recorded as not main")
        main = False
    return TagJudgment(grade, main, _reason(answer), round_number)


def _load(path: Path, problems: list[str]) -> list:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problems.append(f"{path.name} is not valid YAML: {error}")
        return []
    if not isinstance(document, list):
        problems.append(f"{path.name}: expected a list of records")
        return []
    return document


def _pair_records(document: list, problems: list[str]) -> list[dict]:
    """Flat (query, candidate) records, whether the judge grouped them by query or not."""
    records = []
    for record in document:
        if isinstance(record, dict) and isinstance(record.get("candidates"), list):
            records += [{**answer, "query": record.get("query")} for answer in record["candidates"]
                        if isinstance(answer, dict)]
        elif isinstance(record, dict):
            records.append(record)
        else:
            problems.append(f"{record!r:.60}: not a record")
    return records


def _phrase_records(document: list, problems: list[str]) -> list[dict]:
    """Flat (query, phrase) records, whether the judge grouped them by query, by link within a query
    (phrase ids are the query's own, so the link needs no reading), or not at all."""
    records = []
    for record in document:
        if not isinstance(record, dict):
            problems.append(f"{record!r:.60}: not a record")
            continue
        grouped = record.get("phrases") if isinstance(record.get("phrases"), list) else None
        links = record.get("candidates") if isinstance(record.get("candidates"), list) else None
        if grouped is None and links is None:
            records.append(record)
        for answer in grouped or [phrase for link in links or [] if isinstance(link, dict)
                                  for phrase in (link.get("phrases") or [])]:
            if isinstance(answer, dict):
                records.append({**answer, "query": record.get("query")})
            else:
                problems.append(f"{record.get('query')}: {answer!r:.60}: not a record")
    return records


def _grade(value: object, allowed: tuple[int, ...]) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and value in allowed else None


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"true": True, "false": False, "yes": True, "no": False}.get(str(value).strip().lower())


def _reason(record: dict) -> str:
    return " ".join(str(record.get("reason") or "").split())
