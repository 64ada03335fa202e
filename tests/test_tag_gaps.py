"""tools/tag_gaps.py: the vocabulary's gaps are measured on papers no judge reads."""

from __future__ import annotations

import gzip
import json

from tests.eval.heldout import is_eval_paper
from tools import tag_gaps

EVALUATION_ID, TRAINING_IDS = "2501.00004", ("2501.00000", "2501.00001", "2501.00002")


def write_corpus(folder, records) -> None:
    with gzip.open(folder / tag_gaps.HF_DAILY, "wt", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


def record(arxiv: str, title: str, abstract: str, keywords: list[str]) -> dict:
    return {"arxiv": arxiv, "title": title, "abstract": abstract, "keywords": keywords}


def test_evaluation_papers_and_seeds_are_left_out(tmp_path):
    assert is_eval_paper(EVALUATION_ID) and not any(map(is_eval_paper, TRAINING_IDS))
    write_corpus(tmp_path, [record(EVALUATION_ID, "Judged paper", "A judged abstract.", []),
                            record(TRAINING_IDS[0], "A seed paper", "An abstract.", []),
                            record(TRAINING_IDS[1], "Kept paper", "Another abstract.", [])])
    kept = tag_gaps.load_records(tmp_path / tag_gaps.HF_DAILY, frozenset({"a seed paper"}))
    assert [item["arxiv"] for item in kept] == [TRAINING_IDS[1]]


def test_the_report_names_what_no_tag_covers(tmp_path, capsys):
    sparrows = "We record sparrow song dialects across city parks."
    write_corpus(tmp_path, [record(arxiv, f"Sparrow song dialects {n}", sparrows, ["birdsong dialects"])
                            for n, arxiv in enumerate(TRAINING_IDS)])
    assert tag_gaps.main(["--data", str(tmp_path), "--top", "5"]) == 0
    printed = capsys.readouterr().out
    assert "3 papers outside the evaluation bucket and the seeds" in printed
    assert "no topic tag: 3 (100.0%)" in printed and "birdsong dialects 3" in printed
    assert "sparrow song 3" in printed


def test_title_words_skip_the_name_before_a_colon():
    assert tag_gaps._title_grams("FooNet: Memory for agents") == {"memory", "agents"}
