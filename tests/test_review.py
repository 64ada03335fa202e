"""`paper-digest check`'s report: duplicates are counted by the merge's own matching."""

from __future__ import annotations

from pathlib import Path

from generator import change
from generator.config import Settings

ABSTRACT_X = ("We study how retrieval changes the behaviour of language models on long documents, "
              "and we find that a small index of passages chosen by a learned scorer recovers most "
              "of the accuracy of reading the whole document while costing a fraction of the "
              "compute; experiments on four benchmarks confirm it.")
ABSTRACT_Y = ABSTRACT_X.replace("We study", "In this longer version we carefully study") + (
    " We also release the code and the passage scorer for others to build on.")


def write(path: Path, *pairs: tuple[str, str]) -> Path:
    path.write_text("\n\n".join(f"{title}\n\n{abstract}" for title, abstract in pairs) + "\n",
                    encoding="utf-8")
    return path


def test_a_retitled_paper_given_twice_in_a_pull_request_is_a_duplicate(settings: Settings) -> None:
    # The published paper (T1, X); the pull request gives it again retitled (T2, X) and with a
    # new abstract under its first title (T1, Y). Both entries join the published paper through
    # a different key, neither of which is the merged paper's own title and abstract pair.
    write(settings.dumps_dir / "2025-01-01-base.txt", ("Passage Retrieval for Long Documents", ABSTRACT_X))
    checked = write(settings.dumps_dir.parent / "2025-02-01-new.txt",
                    ("Retrieval Makes Long Documents Cheap", ABSTRACT_X),
                    ("Passage Retrieval for Long Documents", ABSTRACT_Y))
    report = change.review_files(settings, (checked,))
    assert report.entries == 2
    assert [changed.paper.title for changed in report.changed] == ["Passage Retrieval for Long Documents"]
    assert report.duplicates == tuple(changed.paper for changed in report.changed)
