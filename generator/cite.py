"""How to cite the review and each case: BibTeX, RIS, CSL-JSON and Vancouver (ICMJE/NLM) text.

Pure functions, no I/O, deterministic output (no "cited" or generation dates).

Two things are cited:

* **the review**, as a dataset at its current version (``review.version``), with the permanent
  address of that version (``review.version_url()``) and the concept DOI when one is known;
* **a case**: the case's *original* publication (authors, title, journal, ...), plus a note
  saying in which review version it was read and the address of the case page at that version
  (:func:`case_url`).

Unknown values are left out, never written as empty strings or guessed: a case whose only known
citation data are the first author and the year gives a short reference with just those.

Authors are stored in Vancouver form, ``"Durant DM"``, and become family ``Durant`` and given
``D. M.``; a name without initials (``"Remy-Leroux"``) is a family name only. Review creators
written ``"Family, Given"`` or ``"Surname Initials"`` are people; any other creator name (e.g.
``"Contributors to the living review ..."``) is an organisation, kept whole (CSL ``literal``,
a braced BibTeX name).

Format notes:

* BibTeX is UTF-8; the characters ``{ } \\ % & $ # _ ~ ^`` are escaped; words that a sentence-case
  style would change (acronyms such as ``PTX``, levels such as ``C4``, proper nouns) are braced;
  ``url`` and ``doi`` are written verbatim, as biblatex and Zotero expect.
* RIS uses LF line endings throughout and each record ends with ``ER  - `` and a newline.
* CSL-JSON files hold a list with one item.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from .review import Creator, Review
from .schema import Case

__all__ = [
    "FORMATS",
    "case_bibtex",
    "case_csl",
    "case_note",
    "case_ris",
    "case_url",
    "case_vancouver",
    "formats",
    "review_bibtex",
    "review_csl",
    "review_key",
    "review_ris",
    "review_vancouver",
]

FORMATS: dict[str, tuple[str, str]] = {
    "bibtex": (".bib", "application/x-bibtex"),
    "ris": (".ris", "application/x-research-info-systems"),
    "csl-json": (".json", "application/vnd.citationstyles.csl+json"),
    "vancouver": (".txt", "text/plain"),
}
"""Format name -> (file extension, MIME type), in the order they are offered."""

VANCOUVER_MAX_AUTHORS = 6
"""Vancouver lists the first six authors, then "et al."."""

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV", "2nd", "3rd", "4th"})
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_PARTICLES = frozenset(
    {"da", "de", "del", "der", "di", "do", "dos", "du", "la", "le", "ten", "ter", "van", "von"}
)
_SLUG_STOPWORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


# --------------------------------------------------------------------------- names


Name = dict[str, str]
"""A CSL name: ``{"family", "given"?, "suffix"?}`` for a person, ``{"literal"}`` otherwise."""


def _dotted(initials: str) -> str:
    """``"DM"`` -> ``"D. M."``."""
    return " ".join(f"{letter}." for letter in initials)


def _vancouver_name(name: str) -> Name:
    """A name in Vancouver form (``"Durant DM"``, ``"Smith JA Jr"``, ``"Remy-Leroux"``)."""
    tokens = name.split()
    suffix = None
    if len(tokens) >= 3 and tokens[-1] in _SUFFIXES and _INITIALS.match(tokens[-2]):
        suffix = tokens.pop()
    out: Name
    if len(tokens) >= 2 and _INITIALS.match(tokens[-1]):
        out = {"family": " ".join(tokens[:-1]), "given": _dotted(tokens[-1])}
    else:
        out = {"family": " ".join(tokens)}
    if suffix:
        out["suffix"] = suffix
    return out


def _is_surname_word(word: str) -> bool:
    """A capitalised word of letters, hyphens and apostrophes (``McCarthy``, ``O'Brien``)."""
    return word[0].isupper() and all(c.isalpha() or c in "-'\u2019" for c in word)


def _creator_name(creator: Creator) -> Name:
    """A review creator as a CSL name.

    ``"Family, Given"`` is a person; so is ``"Surname Initials"`` when the surname is up to three
    capitalised words or particles (``"van der Berg A"``). Anything else is an organisation,
    kept whole (``{"literal": name}``).
    """
    name = " ".join(creator.name.split())
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given:
            return {"family": family, "given": given}
    tokens = name.split()
    if 2 <= len(tokens) <= 4 and _INITIALS.match(tokens[-1]):
        surname = tokens[:-1]
        if all(t in _PARTICLES or _is_surname_word(t) for t in surname):
            return _vancouver_name(name)
    return {"literal": name}


def _case_names(case: Case) -> list[Name]:
    """The case's authors; the first author alone when the list is not known."""
    cit = case.citation
    return [_vancouver_name(a) for a in cit.authors] or [{"family": cit.first_author}]


def _review_names(review: Review) -> list[Name]:
    return [_creator_name(c) for c in review.creators]


def _initials(given: str) -> str:
    """``"D. M."`` -> ``"DM"``; ``"Jean-Paul"`` -> ``"JP"``."""
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def _name_vancouver(name: Name) -> str:
    if "literal" in name:
        return name["literal"]
    parts = [name["family"]]
    if name.get("given"):
        parts.append(_initials(name["given"]))
    if name.get("suffix"):
        parts.append(name["suffix"])
    return " ".join(parts)


def _name_inverted(name: Name) -> str:
    """``Family, Given[, Suffix]`` (RIS); a literal name as it is."""
    if "literal" in name:
        return name["literal"]
    parts = [name["family"]]
    if name.get("given"):
        parts.append(name["given"])
    if name.get("suffix"):
        parts.append(name["suffix"])
    return ", ".join(parts)


# --------------------------------------------------------------------------- shared values


def case_url(review: Review, case: Case) -> str:
    """The address of the case's page in the review's current version."""
    return f"{review.version_url()}cases/{case.id}/"


def case_note(review: Review, case: Case) -> str:
    """Where the case was read: ``Read in <review title>, version X, <case url>``."""
    return f"Read in {review.title}, version {review.version}, {case_url(review, case)}"


def _review_note(review: Review) -> str:
    return f"Version {review.version}, released {review.released}"


def review_key(review: Review) -> str:
    """The citation key of the review version: ``<short title slug>-v<version>``.

    The slug is the short title in lowercase ASCII without short words such as "of" and "the"
    (``Tumoral calcinosis of the spine`` -> ``tumoral-calcinosis-spine``).
    """
    ascii_title = unicodedata.normalize("NFKD", review.short_title)
    ascii_title = ascii_title.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)
    kept = [w for w in words if w not in _SLUG_STOPWORDS] or words or ["review"]
    return f"{'-'.join(kept)}-v{review.version}"


def _release_parts(review: Review) -> list[int]:
    date = review.released_date
    return [date.year, date.month, date.day]


def _page_range(pages: str) -> tuple[str, str | None]:
    """(start, end) of a page range; ``"1245-6"`` ends at ``"1246"``; a single page has no end."""
    parts = [p.strip() for p in re.split(r"\s*[-\u2010-\u2015]+\s*", pages, maxsplit=1)]
    if len(parts) < 2 or not parts[1]:
        return pages.strip(), None
    start, end = parts
    if start.isdigit() and end.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- CSL-JSON


def review_csl(review: Review) -> dict[str, Any]:
    """The review at its current version as a CSL-JSON ``dataset`` item."""
    item: dict[str, Any] = {
        "id": review_key(review),
        "type": "dataset",
        "title": review.title,
        "title-short": review.short_title,
        "author": _review_names(review),
        "issued": {"date-parts": [_release_parts(review)]},
        "version": review.version,
        "URL": review.version_url(),
    }
    if review.doi:
        item["DOI"] = review.doi
    return item


def case_csl(review: Review, case: Case) -> dict[str, Any]:
    """The case's original publication as a CSL-JSON ``article-journal`` item.

    ``URL`` (and the ``note``) lead back to the case page at the version read.
    """
    cit = case.citation
    item: dict[str, Any] = {"id": case.id, "type": "article-journal"}
    if cit.title:
        item["title"] = cit.title
    item["author"] = _case_names(case)
    item["issued"] = {"date-parts": [[cit.year]]}
    optional = {
        "container-title": cit.journal,
        "volume": cit.volume,
        "issue": cit.issue,
        "page": cit.pages,
        "DOI": cit.doi,
        "PMID": cit.pmid,
    }
    item.update({key: value for key, value in optional.items() if value})
    item["URL"] = case_url(review, case)
    item["note"] = case_note(review, case)
    return item


# --------------------------------------------------------------------------- BibTeX

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
    return _one_line(text).translate(_PAIRED if _braces_pair(text) else _UNPAIRED)


def _needs_protection(word: str, first: bool) -> bool:
    """Would a sentence-case style change this word? (It keeps only a title's first capital.)"""
    letters = [c for c in word if c.isalpha()]
    if first:
        return any(c.isupper() for c in letters[1:])
    return any(c.isupper() for c in letters)


def _bib_title(title: str) -> str:
    """An escaped title whose capitals survive sentence-casing: ``{PTX}``, ``{C4-C5}``."""
    words = []
    for index, word in enumerate(_one_line(title).split(" ")):
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
            ("author", " and ".join(_bib_name(n) for n in _review_names(review))),
            ("title", _bib_title(review.title)),
            ("year", str(date.year)),
            ("month", _Macro(_MONTHS[date.month - 1])),
            ("version", _bib_escape(review.version)),
            ("howpublished", _bib_url_command(review.version_url())),
            ("url", _bib_verbatim(review.version_url())),
            ("doi", _bib_verbatim(review.doi) if review.doi else None),
            ("note", _bib_escape(_review_note(review))),
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
        start, end = _page_range(pages)
        pages = f"{start}--{end}" if end else start
    return _bib_entry(
        "article",
        case.id,
        [
            ("author", " and ".join(_bib_name(n) for n in _case_names(case))),
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


# --------------------------------------------------------------------------- RIS


def _ris(fields: list[tuple[str, str | None]]) -> str:
    """A RIS record with LF line endings; empty values are left out; ends with ``ER  - ``."""
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in fields if value]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def review_ris(review: Review) -> str:
    """The review at its current version as a RIS ``DATA`` record."""
    date = review.released_date
    return _ris(
        [
            ("TY", "DATA"),
            *(("AU", _name_inverted(n)) for n in _review_names(review)),
            ("TI", review.title),
            ("ST", review.short_title),
            ("PY", str(date.year)),
            ("DA", f"{date.year:04d}/{date.month:02d}/{date.day:02d}/"),
            ("ET", review.version),
            ("UR", review.version_url()),
            ("DO", review.doi),
            ("N1", _review_note(review)),
        ]
    )


def case_ris(review: Review, case: Case) -> str:
    """The case's original publication as a RIS ``JOUR`` record (PMID as ``AN``)."""
    cit = case.citation
    start, end = _page_range(cit.pages) if cit.pages else (None, None)
    return _ris(
        [
            ("TY", "JOUR"),
            *(("AU", _name_inverted(n)) for n in _case_names(case)),
            ("TI", cit.title),
            ("T2", cit.journal),
            ("PY", str(cit.year)),
            ("VL", cit.volume),
            ("IS", cit.issue),
            ("SP", start),
            ("EP", end),
            ("DO", cit.doi),
            ("AN", cit.pmid),
            ("UR", case_url(review, case)),
            ("N1", case_note(review, case)),
        ]
    )


# --------------------------------------------------------------------------- Vancouver


def _sentence(text: str) -> str:
    """``text`` ending with a full stop (or its own ``?``/``!``/``.``)."""
    text = _one_line(text)
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _vancouver_authors(names: list[Name]) -> str:
    shown = [_name_vancouver(n) for n in names[:VANCOUVER_MAX_AUTHORS]]
    if len(names) > VANCOUVER_MAX_AUTHORS:
        shown.append("et al")
    return _sentence(", ".join(shown))


def review_vancouver(review: Review) -> str:
    """The review at its current version in Vancouver style, without a "cited" date.

    ``<creators>. <title> [Internet]. Version X. 2026 Nov 24. Available from: <url>`` and
    `` doi:<doi>`` when the review has one.
    """
    date = review.released_date
    parts = [
        _vancouver_authors(_review_names(review)),
        f"{_one_line(review.title)} [Internet].",
        f"Version {review.version}.",
        f"{date.year} {_MONTHS[date.month - 1].capitalize()} {date.day}.",
        f"Available from: {review.version_url()}",
    ]
    if review.doi:
        parts.append(f"doi:{review.doi}")
    return " ".join(parts)


def case_vancouver(review: Review, case: Case, with_review: bool = True) -> str:
    """The case's original publication in Vancouver style, as medicine cites it.

    ``Durant DM, Riley LH, Burger PC, McCarthy EF. Tumoral calcinosis of the spine: a study of
    21 cases. Spine. 2001;26(15):1673-1679.``, then ``doi:...`` and ``PMID: ...`` when known.
    With ``with_review``, a last sentence says where the case was read:
    ``Read in: <short title>, version X. Available from: <case url>``.
    """
    cit = case.citation
    parts = [_vancouver_authors(_case_names(case))]
    if cit.title:
        parts.append(_sentence(cit.title))
    details = str(cit.year)
    if cit.journal:
        parts.append(_sentence(cit.journal))
        if cit.volume:
            details += f";{cit.volume}"
        if cit.issue:
            details += f"({cit.issue})" if cit.volume else f";({cit.issue})"
        if cit.pages:
            details += f":{cit.pages}"
    parts.append(_sentence(details))
    if cit.doi:
        parts.append(f"doi:{cit.doi}.")
    if cit.pmid:
        parts.append(f"PMID: {cit.pmid}.")
    if with_review:
        parts.append(f"Read in: {_one_line(review.short_title)}, version {review.version}.")
        parts.append(f"Available from: {case_url(review, case)}")
    return " ".join(parts)


# --------------------------------------------------------------------------- all formats


def formats(review: Review, case: Case | None = None) -> dict[str, tuple[str, str, str]]:
    """Format name -> (file extension, MIME type, text) for the review, or for ``case``.

    Every text ends with a newline; the CSL-JSON text is a list holding the one item.
    """
    if case is None:
        csl = review_csl(review)
        texts = {
            "bibtex": review_bibtex(review),
            "ris": review_ris(review),
            "vancouver": review_vancouver(review),
        }
    else:
        csl = case_csl(review, case)
        texts = {
            "bibtex": case_bibtex(review, case),
            "ris": case_ris(review, case),
            "vancouver": case_vancouver(review, case, with_review=True),
        }
    texts["csl-json"] = json.dumps([csl], indent=2, ensure_ascii=False)
    out: dict[str, tuple[str, str, str]] = {}
    for name, (extension, mime) in FORMATS.items():
        text = texts[name]
        out[name] = (extension, mime, text if text.endswith("\n") else text + "\n")
    return out
