"""Display cleaning of titles and abstracts, link extraction and derived titles.

Cleaning changes how text is written, never what it says: protocol-relative links get their
scheme, LaTeX text commands such as `\\emph{x}` or `\\%` become the characters they stand for,
and math (`$...$`, `\\(...\\)`) is left exactly as written for the page to typeset. Escaping for
HTML is the renderer's job, not this module's.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from .model import Link

MAX_DERIVED_TITLE = 110
# Normalised characters taken from each end of an abstract to identify it: two abstracts that
# agree at both ends are the same text, and comparing ends only keeps merging fast at scale.
ABSTRACT_KEY_CHARS = 300
_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_ASCII_PUNCTUATION_TO_SPACE = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalnum()})

_MATH = re.compile(r"(\$[^$\n]{1,300}?\$|\\\(.{1,300}?\\\))")
_PROTOCOL_RELATIVE = re.compile(r"(?<![:\w/])//(?=[\w-]+(?:\.[\w-]+)+/)")
_TEXT_COMMANDS = re.compile(r"\\(?:emph|textit|textbf|texttt|textsc|textrm|mathrm|underline)\{([^{}]*)\}")
_GROUP_EM = re.compile(r"\{\\(?:em|it|bf)\s+([^{}]*)\}")
_ESCAPED = re.compile(r"\\([%&_#$])")
_ABBREVIATIONS = {"ie": "i.e.", "eg": "e.g.", "etal": "et al.", "vs": "vs."}
_ABBREVIATION = re.compile(r"\\(ie|eg|etal|vs)\b")
_URL = re.compile(r"(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)[^\s<>\"'{}|\\^`\[\]]+")
_TRAILING = ".,;:!?'\""
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co",
              "hf.co", "colab.research.google.com", "pypi.org")
DATA_PATHS = ("huggingface.co/datasets/", "hf.co/datasets/", "kaggle.com/datasets", "zenodo.org")


def normalized_key(value: str) -> str:
    """Case-, width- and punctuation-insensitive form used to recognise the same text."""
    if value.isascii():  # the common case, several times faster than the regular expression
        key = " ".join(value.lower().translate(_ASCII_PUNCTUATION_TO_SPACE).split())
    else:
        value = unicodedata.normalize("NFKC", value).casefold()
        key = " ".join(_NON_ALNUM.sub(" ", value).split())
    return key


def title_key(title: str) -> str:
    """The key under which entries with the same title are merged."""
    return "t:" + normalized_key(title)


def abstract_key(abstract: str) -> str:
    """The key under which entries with the same abstract are merged."""
    margin = ABSTRACT_KEY_CHARS * 3 // 2  # normalising drops punctuation: read a little more
    if len(abstract) <= 2 * margin:
        return "a:" + normalized_key(abstract)
    head = normalized_key(abstract[:margin])[:ABSTRACT_KEY_CHARS]
    tail = normalized_key(abstract[-margin:])[-ABSTRACT_KEY_CHARS:]
    return f"a:{head}|{tail}"


def clean_title(title: str) -> str:
    return _outside_math(title, _clean_prose).strip()


def clean_abstract(abstract: str) -> str:
    return _outside_math(abstract, _clean_prose).strip()


def _outside_math(value: str, clean) -> str:  # type: ignore[no-untyped-def]
    if "$" not in value and "\\(" not in value:
        return clean(value)
    parts = _MATH.split(value)
    return "".join(part if index % 2 else clean(part) for index, part in enumerate(parts))


def _clean_prose(value: str) -> str:
    if value.count("//") > value.count("://"):  # a `//host/...` link without its scheme
        value = _PROTOCOL_RELATIVE.sub("https://", value)
    if "\\" in value:
        value = _TEXT_COMMANDS.sub(r"\1", value)
        value = _GROUP_EM.sub(r"\1", value)
        value = _ESCAPED.sub(r"\1", value)
        value = _ABBREVIATION.sub(lambda match: _ABBREVIATIONS[match.group(1)], value)
    return value


def extract_links(abstract: str) -> tuple[Link, ...]:
    """Every URL in the abstract, cleaned of trailing punctuation, classified, in order."""
    links: list[Link] = []
    seen: set[str] = set()
    for start, end in url_spans(abstract):
        url = web_url(abstract[start:end])
        if url not in seen:
            seen.add(url)
            links.append(Link(url, _kind(url, urlsplit(url).hostname or "")))
    return tuple(links)


def url_spans(value: str) -> list[tuple[int, int]]:
    """Where the web addresses (http, https, www.) are in `value`, trailing punctuation left out."""
    if "http" not in value and "www." not in value.lower():
        return []
    spans = []
    for match in _URL.finditer(value):
        url = _trim(match.group(0))
        host = urlsplit(web_url(url)).hostname or ""
        if host and "." in host:
            spans.append((match.start(), match.start() + len(url)))
    return spans


def web_url(url: str) -> str:
    """A URL as a link's target: `www.` addresses get https."""
    return "https://" + url if url.lower().startswith("www.") else url


def _trim(url: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets after a URL."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _kind(url: str, host: str) -> str:
    lowered = url.lower()
    if any(path in lowered for path in DATA_PATHS):
        return "data"
    if any(host == code or host.endswith("." + code) for code in CODE_HOSTS):
        return "code"
    return "project"


_INTRODUCES = re.compile(
    r"\b(?:we|this paper|this work|the paper)\s+(?:introduce|present|propose|develop|release|"
    r"describe|build|construct|design|curate)s?\s+(?P<rest>.+)", re.IGNORECASE)
_NAME = re.compile(r"^(?P<name>[A-Z][\w\-]*(?:[\w\-]*[A-Z0-9][\w\-]*)?(?:\s*\([^)]{1,60}\))?"
                   r"(?:-[\w]+)?)\s*(?:[,:]|\s+-{1,2}\s+|\s+—\s+)\s*(?P<what>.+)")
_STUDIES = re.compile(
    r"\b(?:we|this paper|this work)\s+(?:study|studies|investigate|investigates|examine|examines|"
    r"explore|explores|address|addresses|tackle|tackles|revisit|revisits|analy[sz]e|analy[sz]es|"
    r"shed light on|sheds light on|focus on|focuses on)\s+(?:the\s+(?:important\s+|challenging\s+)?"
    r"(?:problem|task|question)\s+of\s+)?(?P<topic>.+)", re.IGNORECASE)
# A named contribution keeps its purpose ("... framework to assess LLMs"), so fewer clause ends.
_PURPOSE_END = re.compile(r"[,.;:]\s|\s(?:by|which|that|where|while)\s|[.;]$")
_DEMONSTRATIVE = re.compile(r"(?:this|these|that|those|it|them|such|its|their)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,.;:]\s|\s(?:by|which|that|to|where|with|while|through)\s|[.;]$")


def derive_title(abstract: str) -> str:
    """A short, faithful title for a bare abstract, built only from the abstract's own words.

    Prefers the named method or benchmark the abstract introduces ("XFT: a simple yet powerful
    training scheme"), then the problem it says it studies, then its opening clause.
    """
    sentences = re.split(r"(?<=[.!?])\s+", abstract.strip())
    for sentence in sentences[:4]:
        if match := _INTRODUCES.search(sentence):
            if named := _NAME.match(match["rest"]):
                what = _first_clause(named["what"], _PURPOSE_END)
                return _shorten(f"{named['name']}: {what}" if what else named["name"])
    for sentence in sentences[:4]:
        if (match := _STUDIES.search(sentence)) and not _DEMONSTRATIVE.match(match["topic"]):
            topic = re.sub(r"\s+for the first time$", "", _first_clause(match["topic"]))
            return _shorten(_capitalize(topic))
    return _shorten(_first_clause(sentences[0]) if sentences else abstract)


def _first_clause(value: str, ends: re.Pattern[str] | None = None) -> str:
    match = (ends or _CLAUSE_END).search(value, 12)
    return (value[: match.start()] if match else value).strip(" ,.;:")


def _capitalize(value: str) -> str:
    return value[:1].upper() + value[1:]


def _shorten(value: str) -> str:
    if len(value) <= MAX_DERIVED_TITLE:
        return value
    cut = value.rfind(" ", 0, MAX_DERIVED_TITLE - 1)
    return value[: cut if cut > 30 else MAX_DERIVED_TITLE - 1].rstrip(" ,;:") + "…"
