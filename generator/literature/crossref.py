"""Crossref's REST API through ``habanero``, the maintained client made for it.

Crossref asks clients to identify themselves (``mailto``: its "polite pool") and to back off
when told to (HTTP 429) or when it is busy (5xx). Requests are spaced by the same
:class:`~generator.literature.pubmed.RateLimit` (5 a second) and retried like PubMed's; what is
left is a :class:`LiteratureError` of one line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from habanero import Crossref as _Habanero
from habanero import RequestError

from . import LiteratureError
from .pubmed import TIMEOUT, TOOL, TRIES, RateLimit
from .records import Record


@dataclass
class Crossref:
    """A Crossref client: who we are, the rate limit, the retries."""

    email: str
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    limit: RateLimit = field(init=False)

    def __post_init__(self) -> None:
        self.limit = RateLimit(5.0, self.clock, self.sleep)
        self.client = _Habanero(mailto=self.email, ua_string=TOOL, timeout=int(TIMEOUT))

    def works(self, surname: str, year: int | None, words: str, rows: int = 5) -> list[Record]:
        """Works whose bibliographic data match ``words`` and the author ``surname``, published
        in ``year`` (give or take one) where known."""
        params: dict[str, Any] = {
            "query_bibliographic": words,
            "query_author": surname,
            "limit": rows,
        }
        if year:
            params["filter"] = {"from_pub_date": str(year - 1), "until_pub_date": str(year + 1)}
        answer = self._call(**params)
        try:
            items = answer["message"]["items"]
        except (KeyError, TypeError):
            raise LiteratureError("Crossref works: the answer has no message.items") from None
        return [record for item in items if (record := work_record(item)) is not None]

    def _call(self, **params: Any) -> Any:
        delay = 1.0
        for attempt in range(1, TRIES + 1):
            self.limit.wait()
            try:
                return self.client.works(**params)
            except RequestError as exc:
                status = int(exc.args[0]) if exc.args and str(exc.args[0]).isdigit() else 0
                problem = f"HTTP {status or '?'}"
                if status != 429 and status < 500:
                    raise LiteratureError(f"Crossref works: {problem}") from None
            except httpx2.HTTPStatusError as exc:
                status = exc.response.status_code
                problem = f"HTTP {status}"
                if status != 429 and status < 500:
                    raise LiteratureError(f"Crossref works: {problem}") from None
            except (RuntimeError, httpx2.HTTPError, OSError) as exc:
                problem = _network(exc)
            except ValueError:
                raise LiteratureError("Crossref works: the answer is not valid JSON") from None
            if attempt < TRIES:
                self.sleep(delay)
                delay *= 2
        raise LiteratureError(f"Crossref works: {problem} (tried {TRIES} times)")


def _network(exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    if isinstance(cause, httpx2.TimeoutException | TimeoutError):
        return f"no answer within {TIMEOUT:g} s"
    return "cannot reach Crossref (offline?)"


def _first(values: Any) -> str | None:
    if isinstance(values, list) and values and isinstance(values[0], str):
        return " ".join(values[0].split()) or None
    return None


def _issued_year(item: dict[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (item.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def work_record(item: dict[str, Any]) -> Record | None:
    """A record from one item of Crossref's ``/works`` answer (None without a DOI)."""
    doi = item.get("DOI")
    if not isinstance(doi, str) or not doi:
        return None
    authors = []
    for person in item.get("author") or []:
        family = person.get("family") or person.get("name")
        if not family:
            continue
        initials = "".join(
            part[0] for part in str(person.get("given", "")).replace("-", " ").split()
        )
        authors.append(f"{family} {initials}".strip())
    first = (item.get("author") or [{}])[0]
    return Record(
        first_author=first.get("family") or first.get("name") or "Anonymous",
        year=_issued_year(item),
        title=_first(item.get("title")),
        authors=tuple(authors),
        journal=_first(item.get("container-title")),
        doi=doi,
    )
