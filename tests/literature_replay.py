"""Recorded answers of PubMed (E-utilities XML) and Crossref (``/works`` JSON), replayed without
a network: ``Bio.Entrez``'s ``urlopen`` and ``habanero``'s ``httpx2.get`` are replaced by
routers that answer each request with a file of ``tests/fixtures/literature/`` (its README
says where each file comes from), and the clocks by a fake one, so that no test sleeps."""

from __future__ import annotations

import email.message
import io
import json
import urllib.error
import urllib.response
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import httpx2

FIXTURES = Path(__file__).parent / "fixtures" / "literature"


class Clock:
    """A clock that moves only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 4))
        self.now += seconds


def answer(name: str, url: str) -> urllib.response.addinfourl:
    headers = email.message.Message()
    headers["Content-Type"] = "text/xml; charset=UTF-8"
    data = (FIXTURES / name).read_bytes()
    return urllib.response.addinfourl(io.BytesIO(data), headers, url, code=200)


class EntrezReplay:
    """Stands in for ``urlopen`` in ``Bio.Entrez``: the E-utility and its parameters choose the
    recorded file (``routes(utility, params) -> file name``); ``failures`` are raised first."""

    def __init__(self, routes, failures=()) -> None:
        self.routes = routes
        self.failures = list(failures)
        self.requests: list[tuple[str, dict[str, str]]] = []

    def __call__(self, request, *args, **kwargs):
        url = request.full_url
        query = urlsplit(url).query or (request.data or b"").decode()
        params = {k: v[0] for k, v in parse_qs(query).items()}
        utility = urlsplit(url).path.rsplit("/", 1)[-1].removesuffix(".fcgi")
        self.requests.append((utility, params))
        if self.failures:
            raise self.failures.pop(0)
        return answer(self.routes(utility, params), url)


def http_error(code: int, reason: str) -> urllib.error.HTTPError:
    return urllib.error.HTTPError(
        "https://eutils.invalid/", code, reason, email.message.Message(), None
    )


def paged(utility: str, params: dict[str, str]) -> str:
    """Five fictional records, two at a time: three esearch pages and three efetch batches."""
    if utility == "esearch":
        return f"esearch-page{int(params['retstart']) // 2 + 1}.xml"
    first = params["id"].split(",")[0]
    return f"efetch-batch{(int(first) - 99000001) // 2 + 1}.xml"


def install(monkeypatch, replay: EntrezReplay, clock: Clock) -> None:
    """Replace Bio.Entrez's network, and its own limiter's clock by one that never waits (ours,
    :class:`generator.literature.pubmed.RateLimit`, is the one the tests measure on ``clock``)."""
    from Bio import Entrez

    monkeypatch.setattr(Entrez, "urlopen", replay)
    monkeypatch.setattr(Entrez, "time", SimpleNamespace(time=lambda: 0.0, sleep=lambda s: None))


class CrossrefReplay:
    """Stands in for ``httpx2.get`` in habanero: the author queried chooses the recorded answer."""

    def __init__(self, by_author: dict[str, str], default: str) -> None:
        self.by_author, self.default = by_author, default
        self.requests: list[dict] = []

    def __call__(self, url, params=None, headers=None, timeout=None, **kwargs):
        params = dict(params or {})
        self.requests.append(params)
        name = self.by_author.get(str(params.get("query.author", "")).lower(), self.default)
        body = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        request = httpx2.Request("GET", url, params=params)
        return httpx2.Response(200, json=body, request=request)
