"""Watching the literature: a search re-run on PubMed (``search run``), the records it finds
queued for screening with the duplicates set apart, and the missing DOIs, PMIDs, titles and
authors of cases looked up on PubMed and Crossref (``lookup``).

The network is reached only through :mod:`.pubmed` (Biopython's ``Bio.Entrez``) and
:mod:`.crossref` (``habanero``); every failure there becomes a :class:`LiteratureError` whose
message is one line, so that the commands fail in one line and change no file.
"""

from __future__ import annotations


class LiteratureError(Exception):
    """A search or a look-up could not be done; the message is one line saying why."""
