"""What each generated page says about itself in its ``<head>``, for reference managers, scholarly
indexes and link previews: Highwire Press ``citation_*`` tags (read by Zotero, Mendeley and
Google Scholar), OpenGraph and Twitter card tags, and schema.org JSON-LD.

Everything is computed here and travels to the theme as plain values in the page's front matter
(``head:``, ``jsonld:``), which ``generator/theme/main.html`` writes out: the same overrides work in
MkDocs (Jinja2) and Zensical (MiniJinja, no Python calls). Values are plain text; the theme
escapes them.

Two works are described:

* **the review** (Home and Cite): the dataset at its current version, by its creators, released
  on the version's date, with the concept DOI when Zenodo has minted one;
* **a case record** (each case page): the case as recorded in this version of the review, an
  entry of the review (``citation_journal_title``), with the original publication it transcribes
  as a ``citation_reference``. The "Cite this case" block cites that original publication itself.

The version is in every ``citation_title`` (reference managers read no separate version tag) and
in the permanent address of the version (``citation_public_url``, ``og:url``).
"""

from __future__ import annotations

import json
from typing import Any

from ..model import CaseBase as Case
from ..model.review import LICENCES, Review

LANGUAGE = "en"


def site_name(review: Review) -> str:
    """The site's name, as in mkdocs.yml: "<short title>: a living review"."""
    return f"{review.short_title}: a living review"


def licence(review: Review) -> tuple[str, str]:
    """The data licence's short name and address: ("CC BY 4.0", "https://...")."""
    return review.licence.replace("-", " "), LICENCES.get(review.licence, ("", review.url))[1]


def _date(iso: str) -> str:
    """Highwire dates are written YYYY/MM/DD."""
    return iso.replace("-", "/")


def _tags(pairs: list[tuple[str, str | None]]) -> list[dict[str, str]]:
    return [{"name": name, "content": content} for name, content in pairs if content]


def review_citation(review: Review) -> list[dict[str, str]]:
    """Highwire tags for the review at its current version."""
    return _tags(
        [
            ("citation_title", f"{review.title} (version {review.version})"),
            *(("citation_author", c.name) for c in review.creators),
            ("citation_publication_date", _date(review.released)),
            ("citation_publisher", site_name(review)),
            ("citation_doi", review.doi),
            ("citation_public_url", review.version_url()),
            ("citation_keywords", "; ".join(review.keywords)),
            ("citation_language", LANGUAGE),
        ]
    )


def _reference(case: Case) -> str:
    """The case's original publication, as Google Scholar's ``citation_reference`` content."""
    cit = case.citation
    parts = [("citation_title", cit.title)]
    parts += [("citation_author", a) for a in (cit.authors or [cit.first_author])]
    parts += [
        ("citation_journal_title", cit.journal),
        ("citation_publication_date", str(cit.year)),
        ("citation_doi", cit.doi),
        ("citation_pmid", cit.pmid),
    ]
    return "; ".join(f"{k}={v}" for k, v in parts if v)


def case_citation(review: Review, case: Case, label: str) -> list[dict[str, str]]:
    """Highwire tags for a case record in this version of the review."""
    return _tags(
        [
            ("citation_title", f"{label} (case {case.id}, version {review.version})"),
            *(("citation_author", c.name) for c in review.creators),
            ("citation_publication_date", _date(review.released)),
            ("citation_journal_title", review.title),
            ("citation_public_url", case_url(review, case)),
            ("citation_reference", _reference(case)),
            ("citation_language", LANGUAGE),
        ]
    )


def case_url(review: Review, case: Case) -> str:
    """The permanent address of a case page at this version."""
    return f"{review.version_url()}cases/{case.id}/"


def head(
    review: Review,
    path: str,
    title: str,
    description: str,
    kind: str = "article",
    citation: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The ``head:`` front matter of a page at ``path`` (``""`` for Home, ``"charts/"``, ...).

    ``url`` is the page's permanent address at this version; ``og`` the OpenGraph values
    (Twitter cards reuse them); ``version`` and ``released`` name the version at the foot of the
    printed page.
    """
    return {
        "url": f"{review.version_url()}{path}",
        "site_name": site_name(review),
        "version": review.version,
        "released": review.released,
        "og": {"type": kind, "title": title, "description": description},
        "citation": citation or [],
    }


def case_json_ld(review: Review, case: Case, label: str) -> str:
    """schema.org description of a case record, part of the review's Dataset (``isPartOf``),
    as JSON safe to place in a ``<script>`` element (no ``<``, ``>`` or ``&``)."""
    cit = case.citation
    original: dict[str, Any] = {
        "@type": "ScholarlyArticle",
        "author": [{"@type": "Person", "name": a} for a in (cit.authors or [cit.first_author])],
        "datePublished": str(cit.year),
    }
    if cit.title:
        original["name"] = cit.title
    if cit.journal:
        original["isPartOf"] = {"@type": "Periodical", "name": cit.journal}
    if cit.doi:
        original["sameAs"] = f"https://doi.org/{cit.doi}"
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": case_url(review, case),
        "url": case_url(review, case),
        "name": label,
        "identifier": case.id,
        "version": review.version,
        "datePublished": review.released,
        "inLanguage": LANGUAGE,
        "creator": [{"@type": "Organization", "name": c.name} for c in review.creators],
        "isPartOf": {
            "@type": "Dataset",
            "@id": review.version_url(),
            "name": review.title,
            "version": review.version,
            "url": review.version_url(),
        },
        "citation": original,
    }
    return safe_json(data)


def safe_json(data: Any) -> str:
    """JSON with ``<``, ``>`` and ``&`` escaped, safe inside ``<script>``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


__all__ = ["head", "review_citation", "case_citation", "case_json_ld", "case_url", "site_name"]
