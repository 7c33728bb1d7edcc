"""PubMed through NCBI's E-utilities, with Biopython's ``Bio.Entrez``, kept to NCBI's rules.

NCBI asks every program to say who it is (``tool`` and ``email`` on each request), to make at
most 3 requests a second, or 10 with an API key, and to retry gently. Here:

- ``tool`` is :data:`TOOL`; the email comes from ``NCBI_EMAIL`` in the environment, else from
  ``contact_email`` given by the caller (the review's ``repository`` owner cannot be guessed, so
  the commands refuse to run without one); ``NCBI_API_KEY`` is read from the environment only;
- :class:`RateLimit` spaces the requests (1/3 s, or 1/10 s with a key) on a clock that the tests
  replace;
- a request that fails with HTTP 429 or 5xx, a timeout or a network error is tried again after
  1, 2, 4... seconds (:data:`TRIES` in all); what is left is a :class:`LiteratureError` of one
  line. Biopython's own retries are switched off (``Entrez.max_tries = 1``): they sleep 15 s on
  the real clock.
"""

from __future__ import annotations

import errno
import http.client
import os
import socket
import time
import urllib.error
import xml.parsers.expat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from Bio import Entrez
from Bio.Entrez.Parser import CorruptedXMLError, NotXMLError, ValidationError

from . import LiteratureError
from .records import Record

TOOL = "living-review-generator"
"""The ``tool`` parameter sent with every request, as NCBI asks."""
EMAIL_VARIABLE = "NCBI_EMAIL"
KEY_VARIABLE = "NCBI_API_KEY"
BATCH = 200
"""Identifiers asked for at once (esearch's retmax, efetch's id list)."""
TRIES = 4
TIMEOUT = 30.0
"""Seconds before a request with no answer is abandoned (and tried again)."""


@dataclass
class RateLimit:
    """At most ``per_second`` requests a second, measured on ``clock``, waiting with ``sleep``."""

    per_second: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    last: float | None = None

    def wait(self) -> None:
        now = self.clock()
        if self.last is not None:
            gap = 1.0 / self.per_second - (now - self.last)
            if gap > 0:
                self.sleep(gap)
                now += gap
        self.last = now


@dataclass
class PubMed:
    """A PubMed client: who we are, the rate limit, the retries."""

    email: str
    api_key: str | None = None
    batch: int = BATCH
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    limit: RateLimit = field(init=False)

    def __post_init__(self) -> None:
        self.limit = RateLimit(10.0 if self.api_key else 3.0, self.clock, self.sleep)

    @classmethod
    def from_environment(cls, contact_email: str | None = None, **kwargs: Any) -> PubMed:
        """The email from ``NCBI_EMAIL`` (else ``contact_email``), the key from ``NCBI_API_KEY``."""
        email = os.environ.get(EMAIL_VARIABLE) or contact_email
        if not email:
            raise LiteratureError(
                f"NCBI asks for a contact email: set {EMAIL_VARIABLE} in the environment "
                "(or contact_email in review.yaml)"
            )
        return cls(email=email, api_key=os.environ.get(KEY_VARIABLE) or None, **kwargs)

    def _call(self, what: str, function: Callable[..., Any], **params: Any) -> Any:
        """One E-utility request, parsed, with the rate limit and the retries."""
        Entrez.tool, Entrez.email, Entrez.api_key = TOOL, self.email, self.api_key
        Entrez.max_tries = 1
        delay = 1.0
        for attempt in range(1, TRIES + 1):
            self.limit.wait()
            previous = socket.getdefaulttimeout()
            socket.setdefaulttimeout(TIMEOUT)  # Bio.Entrez's urlopen takes no timeout of its own
            try:
                handle = function(**params)
                try:
                    return Entrez.read(handle)
                finally:
                    handle.close()
            except (CorruptedXMLError, NotXMLError, ValidationError, xml.parsers.expat.ExpatError):
                raise LiteratureError(f"PubMed {what}: the answer is not valid XML") from None
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and exc.code < 500:
                    raise LiteratureError(f"PubMed {what}: HTTP {exc.code} {exc.reason}") from None
                problem = f"HTTP {exc.code} {exc.reason}"
            except TimeoutError:
                problem = f"no answer within {TIMEOUT:g} s"
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                problem = _offline(exc)
                if problem.endswith("(offline?)"):  # no name resolution, no route: not transient
                    raise LiteratureError(f"PubMed {what}: {problem}") from None
            finally:
                socket.setdefaulttimeout(previous)
            if attempt < TRIES:
                self.sleep(delay)
                delay *= 2
        raise LiteratureError(f"PubMed {what}: {problem} (tried {TRIES} times)")

    def search(self, term: str) -> tuple[int, list[str]]:
        """Every PMID the query finds, in PubMed's order, paging ``batch`` at a time."""
        ids: list[str] = []
        count = None
        while count is None or len(ids) < count:
            page = self._call(
                "esearch",
                Entrez.esearch,
                db="pubmed",
                term=term,
                retstart=len(ids),
                retmax=self.batch,
            )
            count = int(page["Count"])
            got = [str(i) for i in page["IdList"]]
            if not got:
                break
            ids += got
        return len(ids), ids

    def fetch(self, pmids: list[str]) -> list[Record]:
        """The records of these PMIDs, ``batch`` at a time, in the order asked."""
        out: list[Record] = []
        for start in range(0, len(pmids), self.batch):
            chunk = pmids[start : start + self.batch]
            data = self._call(
                "efetch", Entrez.efetch, db="pubmed", id=",".join(chunk), retmode="xml"
            )
            out += list(parse_articles(data))
        order = {p: i for i, p in enumerate(pmids)}
        return sorted(out, key=lambda r: order.get(r.pmid or "", len(order)))


def _offline(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    unreachable = getattr(reason, "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH)
    if isinstance(reason, socket.gaierror | ConnectionRefusedError) or unreachable:
        return "cannot reach NCBI (offline?)"
    if isinstance(reason, TimeoutError):
        return f"no answer within {TIMEOUT:g} s"
    text = str(reason).splitlines()[0] if str(reason) else type(reason).__name__
    return f"cannot reach NCBI ({text})"


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _year(article: Any) -> int | None:
    issue = article.get("Journal", {}).get("JournalIssue", {}).get("PubDate", {})
    for text in (issue.get("Year"), issue.get("MedlineDate")):
        if text and str(text)[:4].isdigit():
            return int(str(text)[:4])
    for date in article.get("ArticleDate", []):
        if str(date.get("Year", ""))[:4].isdigit():
            return int(str(date["Year"])[:4])
    return None


def _authors(article: Any) -> list[tuple[str, str]]:
    """(surname, "Surname Initials") of each author, a group's name for both."""
    out = []
    for author in article.get("AuthorList", []):
        if "LastName" in author:
            last = _text(author["LastName"])
            out.append((last, f"{last} {_text(author.get('Initials'))}".strip()))
        elif "CollectiveName" in author:
            out.append((_text(author["CollectiveName"]),) * 2)
    return out


def parse_articles(data: Any) -> Iterator[Record]:
    """The records of an efetch answer (``PubmedArticleSet``) parsed by ``Entrez.read``."""
    for item in data.get("PubmedArticle", []):
        citation = item["MedlineCitation"]
        article = citation["Article"]
        ids = {x.attributes.get("IdType"): str(x) for x in item["PubmedData"]["ArticleIdList"]}
        doi = ids.get("doi") or next(
            (
                str(e)
                for e in article.get("ELocationID", [])
                if e.attributes.get("EIdType") == "doi"
            ),
            None,
        )
        authors = _authors(article)
        title = _text(article.get("ArticleTitle")).rstrip(".") or None
        yield Record(
            first_author=authors[0][0] if authors else "Anonymous",
            year=_year(article),
            title=title,
            authors=tuple(name for _, name in authors),
            journal=_text(article.get("Journal", {}).get("Title")) or None,
            doi=doi,
            pmid=str(citation["PMID"]),
        )
