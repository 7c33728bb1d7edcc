"""BibTeX entries (UTF-8, for BibTeX, biblatex and Zotero).

The characters ``{ } \\ % & $ # _ ~ ^`` are escaped; words that a sentence-case style would
change (acronyms such as ``MRI``, levels such as ``C4``, proper nouns) are braced; ``url`` and
``doi`` are written verbatim, as biblatex and Zotero expect.
"""

from __future__ import annotations

from ...model import CaseBase as Case
from ...model.review import Review
from .names import Name, case_names, review_names
from .values import MONTHS, case_url, one_line, page_range, review_key, review_note

_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_PAIRED = str.maketrans({**_BIB_ESCAPES, "{": r"\{", "}": r"\}"})
_UNPAIRED = str.maketrans({**_BIB_ESCAPES, "{": r"\textbraceleft{}", "}": r"\textbraceright{}"})
_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"})


def _braces_pair(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _bib_escape(text: str) -> str:
    """Escape BibTeX/LaTeX special characters in a field value.

    BibTeX counts braces even when escaped, so ``\\{`` and ``\\}`` are used only when the braces
    of the value pair up; otherwise ``\\textbraceleft{}`` and ``\\textbraceright{}``.
    """
    return one_line(text).translate(_PAIRED if _braces_pair(text) else _UNPAIRED)


def _needs_protection(word: str, first: bool) -> bool:
    """Would a sentence-case style change this word? (It keeps only a title's first capital.)"""
    letters = [c for c in word if c.isalpha()]
    if first:
        return any(c.isupper() for c in letters[1:])
    return any(c.isupper() for c in letters)


def _bib_title(title: str) -> str:
    """An escaped title whose capitals survive sentence-casing: ``{MRI}``, ``{C4-C5}``."""
    words = []
    for index, word in enumerate(one_line(title).split(" ")):
        escaped = _bib_escape(word)
        if _needs_protection(word, first=index == 0):
            # "{\" would make a BibTeX "special character", whose letters are case-changed
            escaped = f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"
        words.append(escaped)
    return " ".join(words)


def _bib_verbatim(text: str) -> str:
    """A URL or DOI as written, with braces, backslashes and spaces percent-encoded."""
    return text.translate(_VERBATIM)


def _bib_url_command(url: str) -> str:
    """``\\url{...}`` for use inside another field (``%`` and ``#`` must then be escaped)."""
    return r"\url{" + _bib_verbatim(url).replace("%", r"\%").replace("#", r"\#") + "}"


def _bib_name(name: Name) -> str:
    if "literal" in name:
        return "{" + _bib_escape(name["literal"]) + "}"
    family = _bib_escape(name["family"])
    if "given" not in name:
        return "{" + family + "}" if " " in family else family
    parts = [family]
    if name.get("suffix"):
        parts.append(_bib_escape(name["suffix"]))
    parts.append(_bib_escape(name["given"]))
    return ", ".join(parts)


class _Macro(str):
    """A BibTeX value written bare, not braced: a macro such as ``nov``."""


def _bib_entry(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    """One entry; values are written as given (already escaped), empty ones left out."""
    lines = [f"@{kind}{{{key},"]
    for name, value in fields:
        if not value:
            continue
        shown = value if isinstance(value, _Macro) else f"{{{value}}}"
        lines.append(f"  {name} = {shown},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def review_bibtex(review: Review) -> str:
    """The review at its current version as a BibTeX ``@misc`` entry."""
    date = review.released_date
    return _bib_entry(
        "misc",
        review_key(review),
        [
            ("author", " and ".join(_bib_name(n) for n in review_names(review))),
            ("title", _bib_title(review.title)),
            ("year", str(date.year)),
            ("month", _Macro(MONTHS[date.month - 1])),
            ("version", _bib_escape(review.version)),
            ("howpublished", _bib_url_command(review.version_url())),
            ("url", _bib_verbatim(review.version_url())),
            ("doi", _bib_verbatim(review.doi) if review.doi else None),
            ("note", _bib_escape(review_note(review))),
        ],
    )


def case_bibtex(review: Review, case: Case) -> str:
    """The case's original publication as a BibTeX ``@article`` entry keyed by the case id.

    ``url`` leads back to the case page at the version read; the ``note`` says so in words.
    """
    cit = case.citation
    note = f"Read in {_bib_escape(review.title)}, version {_bib_escape(review.version)}, "
    note += _bib_url_command(case_url(review, case))
    pages = cit.pages
    if pages:
        start, end = page_range(pages)
        pages = f"{start}--{end}" if end else start
    return _bib_entry(
        "article",
        case.id,
        [
            ("author", " and ".join(_bib_name(n) for n in case_names(case))),
            ("title", _bib_title(cit.title) if cit.title else None),
            ("journal", _bib_escape(cit.journal) if cit.journal else None),
            ("year", str(cit.year)),
            ("volume", _bib_escape(cit.volume) if cit.volume else None),
            ("number", _bib_escape(cit.issue) if cit.issue else None),
            ("pages", _bib_escape(pages) if pages else None),
            ("doi", _bib_verbatim(cit.doi) if cit.doi else None),
            ("pmid", cit.pmid),
            ("url", _bib_verbatim(case_url(review, case))),
            ("note", note),
        ],
    )
