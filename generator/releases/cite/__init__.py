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

One module a concern: :mod:`.names` (authors and creators), :mod:`.values` (addresses, keys and
notes every format shares), then one module a format: :mod:`.bibtex`, :mod:`.ris`, :mod:`.csl`
(CSL-JSON files hold a list with one item) and :mod:`.vancouver`. This package gathers them:
``from generator import cite; cite.formats(review, case)``.
"""

from __future__ import annotations

import json

from ...model import CaseBase as Case
from ...model.review import Review
from .bibtex import case_bibtex, review_bibtex
from .csl import case_csl, review_csl
from .ris import case_ris, review_ris
from .values import case_note, case_url, review_key
from .vancouver import VANCOUVER_MAX_AUTHORS, case_vancouver, review_vancouver

__all__ = [
    "FORMATS",
    "VANCOUVER_MAX_AUTHORS",
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
