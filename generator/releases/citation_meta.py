"""Citation metadata for the repository: ``CITATION.cff`` (GitHub's "Cite this repository", CFF
1.2.0) and ``.zenodo.json`` (the metadata of the Zenodo deposit made for each GitHub release).

Both are generated from ``review.yaml`` alone, so they cannot disagree: Zenodo ignores
``CITATION.cff`` when ``.zenodo.json`` exists. DOIs come only from the review metadata: the
source paper's DOI, and the review's concept DOI once Zenodo has minted it (``doi:`` in
``review.yaml``); none is ever made up. ``.zenodo.json`` never carries the concept DOI as its own
``doi``: Zenodo mints a new version DOI for each release and links it to the concept itself.

The output is deterministic (fixed key order, keywords sorted, trailing newline), and a test
checks that the committed files equal what these functions generate.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..model.review import Creator, Review, Source
from .cite.names import comma_name, is_surname_initials

CFF_VERSION = "1.2.0"
CITATION_FILE = "CITATION.cff"
ZENODO_FILE = ".zenodo.json"

_HEADER = "# Generated from review.yaml by `python -m generator citation`: do not edit by hand.\n"
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def _orcid_id(orcid: str) -> str:
    """The bare ORCID iD (0000-0002-1825-0097), from either the iD or its URL."""
    match = _ORCID.search(orcid.strip().rstrip("/"))
    if not match:
        raise ValueError(f"not an ORCID iD: {orcid!r}")
    return match.group(1)


def _person_names(creator: Creator) -> tuple[str, str | None] | None:
    """(family, given) when the creator is a person, None for a collective (an organisation, or
    "Contributors to ..."), cited under its whole name.

    As in the citations (:mod:`generator.releases.cite.names`): ``"Family, Given"`` is a person, and so is
    ``"Surname Initials"`` (up to three capitalised words or particles, then up to four capital
    initials: ``"van der Berg A"``). A creator with an ORCID iD or an affiliation is a person
    too, named ``"Given Family"``.
    """
    name = " ".join(creator.name.split())
    parts = comma_name(name)
    if parts:
        return parts
    tokens = name.split()
    if is_surname_initials(name):
        return " ".join(tokens[:-1]), tokens[-1]
    if creator.orcid or creator.affiliation:
        if len(tokens) == 1:
            return tokens[0], None
        return tokens[-1], " ".join(tokens[:-1])
    return None


def _cited_author(author: str) -> dict[str, str]:
    """A cited author in Vancouver style, "Smith J" or "van der Berg AB": surname, then initials."""
    family, _, given = author.strip().rpartition(" ")
    if not family:
        return {"family-names": given}
    return {"family-names": family, "given-names": given}


def _cff_author(creator: Creator) -> dict[str, str]:
    names = _person_names(creator)
    if names is None:
        return {"name": creator.name}
    family, given = names
    out = {"family-names": family}
    if given:
        out["given-names"] = given
    if creator.affiliation:
        out["affiliation"] = creator.affiliation
    if creator.orcid:
        out["orcid"] = f"https://orcid.org/{_orcid_id(creator.orcid)}"
    return out


def _zenodo_creator(creator: Creator) -> dict[str, str]:
    names = _person_names(creator)
    if names is None:
        return {"name": creator.name}
    family, given = names
    out = {"name": f"{family}, {given}" if given else family}
    if creator.affiliation:
        out["affiliation"] = creator.affiliation
    if creator.orcid:
        out["orcid"] = _orcid_id(creator.orcid)
    return out


def _keywords(review: Review) -> list[str]:
    return sorted(set(review.keywords), key=lambda k: (k.casefold(), k))


def _source_reference(source: Source) -> dict[str, Any]:
    ref: dict[str, Any] = {
        "type": "article",
        "authors": [_cited_author(a) for a in source.authors],
        "title": source.title,
        "journal": source.journal,
        "year": source.year,
    }
    if source.doi:
        ref["doi"] = source.doi
    return ref


def citation_data(review: Review) -> dict[str, Any]:
    """The content of ``CITATION.cff`` as a mapping (CFF 1.2.0 keys, in the file's order)."""
    data: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": (
            "If you use this living review or its data, please cite the version you used, "
            "using the metadata from this file."
        ),
        "type": "dataset",
        "title": review.title,
        "abstract": review.description,
        "version": review.version,
        "date-released": review.released,
        "license": review.licence,
        "url": review.version_url(),
        "repository-code": review.repository,
    }
    if review.keywords:
        data["keywords"] = _keywords(review)
    data["authors"] = [_cff_author(c) for c in review.creators]
    if review.doi:
        data["doi"] = review.doi
        data["identifiers"] = [
            {
                "type": "doi",
                "value": review.doi,
                "description": "Concept DOI: resolves to the latest version of the review.",
            }
        ]
    if review.sources:
        data["references"] = [_source_reference(s) for s in review.sources]
    return data


def citation_cff(review: Review) -> str:
    """The text of ``CITATION.cff``."""
    body = yaml.safe_dump(
        citation_data(review), sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return _HEADER + body


def zenodo_data(review: Review) -> dict[str, Any]:
    """The content of ``.zenodo.json`` (Zenodo deposition metadata) as a mapping."""
    data: dict[str, Any] = {
        "upload_type": "dataset",
        "title": review.title,
        "description": review.description,
        "version": review.version,
        "publication_date": review.released,
        "access_right": "open",
        "license": review.licence.lower(),
        "creators": [_zenodo_creator(c) for c in review.creators],
    }
    if review.keywords:
        data["keywords"] = _keywords(review)
    related = [
        {"identifier": s.doi, "relation": "references", "resource_type": "publication-article"}
        for s in review.sources
        if s.doi
    ]
    if related:
        data["related_identifiers"] = related
    return data


def zenodo_json(review: Review) -> str:
    """The text of ``.zenodo.json``."""
    return json.dumps(zenodo_data(review), indent=2, ensure_ascii=False) + "\n"


def citation_files(review: Review) -> dict[str, str]:
    """File name (relative to the project root) -> text, for both files."""
    return {CITATION_FILE: citation_cff(review), ZENODO_FILE: zenodo_json(review)}
