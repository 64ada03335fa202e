"""Display cleaning, link extraction and derived titles."""

from __future__ import annotations

from generator.text import clean_abstract, derive_title, extract_links, normalized_key


def test_protocol_relative_links_get_https() -> None:
    assert clean_abstract("Code: //github.com/x/y.") == "Code: https://github.com/x/y."


def test_latex_text_commands_become_text_but_math_stays() -> None:
    cleaned = clean_abstract(r"a 25\% gain (\emph{e.g.,} {\em this}) with $\mathcal{O}(n^2)$ and \(\tau\)")
    assert cleaned == r"a 25% gain (e.g., this) with $\mathcal{O}(n^2)$ and \(\tau\)"


def test_links_are_extracted_trimmed_and_classified() -> None:
    links = extract_links("See https://github.com/a/b. Data https://huggingface.co/datasets/a/b, "
                          "page (https://a.github.io/p/) and www.example.org/x; again https://github.com/a/b")
    assert [(link.url, link.kind) for link in links] == [
        ("https://github.com/a/b", "code"),
        ("https://huggingface.co/datasets/a/b", "data"),
        ("https://a.github.io/p/", "project"),
        ("https://www.example.org/x", "project"),
    ]


def test_derived_title_names_the_introduced_method() -> None:
    abstract = ("We introduce XFT, a simple yet powerful training scheme, by simply merging upcycled "
                "Mixture-of-Experts (MoE) to unleash the performance limit of code LLMs.")
    assert derive_title(abstract) == "XFT: a simple yet powerful training scheme"


def test_derived_title_uses_the_studied_problem() -> None:
    abstract = ("Safe deployment of AI models requires proactive detection of failures. To this end, "
                "we study the important problem of detecting failures in deep regression models. More.")
    assert derive_title(abstract) == "Detecting failures in deep regression models"


def test_derived_title_only_uses_words_of_the_abstract() -> None:
    abstract = "Transformers dominate vision, yet their cost grows with resolution, which we reduce. " * 3
    title = derive_title(abstract)
    assert all(word.strip("…") in abstract for word in title.split())
    assert len(title) <= 110


def test_normalized_key_ignores_case_punctuation_and_width() -> None:
    assert normalized_key("τ-Bench: A  Benchmark!") == normalized_key("τ bench a benchmark")
