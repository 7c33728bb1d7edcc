"""Names of authors and review creators, as CSL names, and how each format writes them.

Authors are stored in Vancouver form, ``"Durant DM"``, and become family ``Durant`` and given
``D. M.``; a name without initials (``"Remy-Leroux"``) is a family name only. Review creators
written ``"Family, Given"`` or ``"Surname Initials"`` are people; any other creator name (e.g.
``"Contributors to the living review ..."``) is an organisation, kept whole (CSL ``literal``).
:func:`comma_name` and :func:`is_surname_initials` are shared with ``citation_meta``, so that
``CITATION.cff`` and the citations agree on who is a person.
"""

from __future__ import annotations

import re

from ...model import CaseBase as Case
from ...model.review import Creator, Review

Name = dict[str, str]
"""A CSL name: ``{"family", "given"?, "suffix"?}`` for a person, ``{"literal"}`` otherwise."""

_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV", "2nd", "3rd", "4th"})
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_PARTICLES = frozenset(
    {"da", "de", "del", "der", "di", "do", "dos", "du", "la", "le", "ten", "ter", "van", "von"}
)


def _dotted(initials: str) -> str:
    """``"DM"`` -> ``"D. M."``."""
    return " ".join(f"{letter}." for letter in initials)


def vancouver_name(name: str) -> Name:
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


def comma_name(name: str) -> tuple[str, str] | None:
    """(family, given) of a name written ``"Family, Given"``, else None."""
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given:
            return family, given
    return None


def is_surname_initials(name: str) -> bool:
    """Is ``name`` ``"Surname Initials"``: up to three capitalised words or particles, then up
    to four capital initials (``"van der Berg A"``)?"""
    tokens = name.split()
    if 2 <= len(tokens) <= 4 and _INITIALS.match(tokens[-1]):
        return all(t in _PARTICLES or _is_surname_word(t) for t in tokens[:-1])
    return False


def creator_name(creator: Creator) -> Name:
    """A review creator as a CSL name.

    ``"Family, Given"`` is a person; so is ``"Surname Initials"`` when the surname is up to three
    capitalised words or particles (``"van der Berg A"``). Anything else is an organisation,
    kept whole (``{"literal": name}``).
    """
    name = " ".join(creator.name.split())
    parts = comma_name(name)
    if parts:
        return {"family": parts[0], "given": parts[1]}
    if is_surname_initials(name):
        return vancouver_name(name)
    return {"literal": name}


def case_names(case: Case) -> list[Name]:
    """The case's authors; the first author alone when the list is not known."""
    cit = case.citation
    return [vancouver_name(a) for a in cit.authors] or [{"family": cit.first_author}]


def review_names(review: Review) -> list[Name]:
    """The review's creators, in order."""
    return [creator_name(c) for c in review.creators]


def _initials(given: str) -> str:
    """``"D. M."`` -> ``"DM"``; ``"Jean-Paul"`` -> ``"JP"``."""
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def name_vancouver(name: Name) -> str:
    """``Family GI[ Suffix]`` (Vancouver); a literal name as it is."""
    if "literal" in name:
        return name["literal"]
    parts = [name["family"]]
    if name.get("given"):
        parts.append(_initials(name["given"]))
    if name.get("suffix"):
        parts.append(name["suffix"])
    return " ".join(parts)


def name_inverted(name: Name) -> str:
    """``Family, Given[, Suffix]`` (RIS); a literal name as it is."""
    if "literal" in name:
        return name["literal"]
    parts = [name["family"]]
    if name.get("given"):
        parts.append(name["given"])
    if name.get("suffix"):
        parts.append(name["suffix"])
    return ", ".join(parts)
