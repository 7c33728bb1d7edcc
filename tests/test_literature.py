"""Watching the literature, without a network: ``search run`` and ``lookup`` on recorded
PubMed and Crossref answers (tests/fixtures/literature/README.md says where each comes from).

Every record these tests add to a review is FICTIONAL (PMIDs 99000001-99000005, DOIs under the
test prefix 10.5555); the one real paper looked up is wong-2013, with the details that
/work/shared/references.yaml gives (its DOI removed from a copy of the case, then found again).
"""

from __future__ import annotations

import datetime
import os
import socket
import urllib.error
from pathlib import Path

import httpx2
import pytest
import yaml

from generator.literature import LiteratureError
from generator.literature.case_edit import apply_report
from generator.literature.crossref import Crossref
from generator.literature.dedup import Known
from generator.literature.lookup import lookup
from generator.literature.pubmed import PubMed, RateLimit, parse_articles
from generator.literature.records import Record
from generator.literature.run import run_search
from generator.model.checks import check_review
from tests.literature_replay import (
    FIXTURES,
    Clock,
    CrossrefReplay,
    EntrezReplay,
    http_error,
    install,
    paged,
)
from tests.test_searches import cli, edit, fill_update

TODAY = datetime.date(2026, 11, 25)  # after the fictitious update, before the machine's today


def client(monkeypatch, routes=paged, failures=(), key=None, batch=2):
    clock = Clock()
    replay = EntrezReplay(routes, failures)
    install(monkeypatch, replay, clock)
    pubmed = PubMed(
        "tests@example.invalid", api_key=key, batch=batch, clock=clock.clock, sleep=clock.sleep
    )
    return pubmed, replay, clock


# -- PubMed: paging, NCBI's rules, failures -----------------------------------------------------


def test_paging_past_one_batch_sends_tool_and_email(monkeypatch):
    pubmed, replay, _ = client(monkeypatch)
    count, pmids = pubmed.search("fictional")
    assert (count, pmids) == (5, [f"9900000{i}" for i in range(1, 6)])
    records = pubmed.fetch(pmids)
    assert [r.pmid for r in records] == pmids
    assert [(u, p.get("retstart")) for u, p in replay.requests[:3]] == [
        ("esearch", "0"),
        ("esearch", "2"),
        ("esearch", "4"),
    ]
    assert [p["id"] for u, p in replay.requests[3:]] == [
        "99000001,99000002",
        "99000003,99000004",
        "99000005",
    ]
    for _, params in replay.requests:
        assert params["tool"] == "living-review-generator"
        assert params["email"] == "tests@example.invalid"
        assert "api_key" not in params


def test_rate_limit_three_a_second_or_ten_with_a_key(monkeypatch):
    pubmed, _, clock = client(monkeypatch)
    pubmed.search("fictional")  # three requests back to back on a clock that does not move
    assert clock.slept == [0.3333, 0.3333]
    pubmed, replay, clock = client(monkeypatch, key="fictional-key")
    pubmed.search("fictional")
    assert clock.slept == [0.1, 0.1]
    assert all(p["api_key"] == "fictional-key" for _, p in replay.requests)
    limit = RateLimit(3.0, clock=lambda: 10.0, sleep=lambda s: pytest.fail("slept"))
    limit.last = 9.0  # a second ago: no wait
    limit.wait()


def test_key_and_email_from_the_environment(monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "fictional-key")
    monkeypatch.setenv("NCBI_EMAIL", "env@example.invalid")
    made = PubMed.from_environment("review@example.invalid")
    assert (made.email, made.api_key, made.limit.per_second) == (
        "env@example.invalid",
        "fictional-key",
        10.0,
    )
    monkeypatch.delenv("NCBI_EMAIL")
    assert PubMed.from_environment("review@example.invalid").email == "review@example.invalid"
    with pytest.raises(LiteratureError, match="NCBI_EMAIL"):
        PubMed.from_environment(None)


def test_429_then_503_then_success_backs_off(monkeypatch):
    failures = [http_error(429, "Too Many Requests"), http_error(503, "Service Unavailable")]
    pubmed, replay, clock = client(monkeypatch, failures=failures)
    count, pmids = pubmed.search("fictional")
    assert count == 5 and pmids[-1] == "99000005"
    assert len(replay.requests) == 5  # two refused, then the three pages
    assert 1.0 in clock.slept and 2.0 in clock.slept  # back-off: 1 s, then 2 s


def test_a_timeout_every_time_is_one_line(monkeypatch):
    pubmed, replay, clock = client(monkeypatch, failures=[TimeoutError()] * 4)
    with pytest.raises(LiteratureError) as exc:
        pubmed.search("fictional")
    assert str(exc.value) == "PubMed esearch: no answer within 30 s (tried 4 times)"
    assert len(replay.requests) == 4 and [s for s in clock.slept if s >= 1] == [1.0, 2.0, 4.0]


def test_offline_fails_at_once(monkeypatch):
    offline = urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
    pubmed, replay, _ = client(monkeypatch, failures=[offline])
    with pytest.raises(LiteratureError, match=r"^PubMed esearch: cannot reach NCBI \(offline\?\)$"):
        pubmed.search("fictional")
    assert len(replay.requests) == 1


def test_a_client_error_is_not_retried(monkeypatch):
    pubmed, replay, _ = client(monkeypatch, failures=[http_error(400, "Bad Request")])
    with pytest.raises(LiteratureError, match="HTTP 400 Bad Request"):
        pubmed.search("fictional")
    assert len(replay.requests) == 1


def test_empty_result(monkeypatch):
    pubmed, replay, _ = client(monkeypatch, routes=lambda u, p: "esearch-empty.xml")
    assert pubmed.search("abcXYZ") == (0, [])
    assert pubmed.fetch([]) == [] and len(replay.requests) == 1


def test_malformed_xml_is_one_line(monkeypatch):
    pubmed, _, _ = client(monkeypatch, routes=lambda u, p: "malformed.xml")
    with pytest.raises(LiteratureError, match=r"^PubMed esearch: the answer is not valid XML$"):
        pubmed.search("fictional")


def test_biopython_sample_records_parse():
    from Bio import Entrez

    with open(FIXTURES / "efetch-biopython-pubmed2.xml", "rb") as handle:
        records = list(parse_articles(Entrez.read(handle)))
    assert [(r.pmid, r.first_author, r.year, r.doi) for r in records] == [
        ("11748933", "Taddei", 2001, "10.1006/cryo.2001.2328"),
        ("11700088", "Casieri", 2001, "10.1006/jmre.2001.2429"),
    ]
    assert records[1].authors[-1] == "De Luca F" and records[0].journal == "Cryobiology"


# -- Deduplication ------------------------------------------------------------------------------


def test_dedup_rules():
    known = Known()
    known.add("case-a", Record("Sasaki", 2015, "FICTIONAL: a report already in the review"))
    known.add("case-b", Record("Other", 2020, doi="https://doi.org/10.5555/Fictional.0002"))
    known.add("search-x", Record("Else", 2021, pmid="99000003"))
    assert known.duplicate(Record("Zed", 2026, pmid="99000003")) == ("search-x", "pmid")
    assert known.duplicate(Record("Zed", 2026, doi="10.5555/FICTIONAL.0002")) == ("case-b", "doi")
    same = Record("Sásaki", 2015, "Fictional - a report already in the review.")
    assert known.duplicate(same) == ("case-a", "author-year-title")
    assert (
        known.duplicate(Record("Sasaki", 2016, "FICTIONAL: a report already in the review")) is None
    )
    assert known.duplicate(Record("Sasaki", 2015, None)) is None


# -- search run on a copy of the review ---------------------------------------------------------


def _review_with_an_update(project: Path) -> None:
    """The fictitious update of tests/test_searches.py (searches/search-2026-11-01.yaml), one
    of its records given a fictional PMID, and cases given fictional identifiers."""
    assert cli(project, "search", "new", "--date", "2026-11-01").returncode == 0
    fill_update(project)
    log = project / "searches" / "search-2026-11-01.yaml"
    edit(
        log,
        'title: "Fictitious test fixture C: not a real report"\n    doi: null\n    pmid: null',
        'title: "Fictitious test fixture C: not a real report"\n    doi: null\n    pmid: "99000005"',
    )
    edit(
        project / "cases" / "sasaki-2015.yaml",
        "title: null",
        'title: "FICTIONAL: a report already in the review"',
    )
    edit(project / "cases" / "kokubun-1996.yaml", "doi: null", "doi: 10.5555/fictional.0002")
    edit(project / "cases" / "mooney-1997.yaml", "pmid: null", "pmid: '99000003'")
    assert check_review(project).ok


def test_search_run_writes_an_entry_and_a_log_and_reruns_identically(project, monkeypatch):
    _review_with_an_update(project)
    pubmed, replay, _ = client(monkeypatch)
    ran = run_search(project, "pubmed-update-1", pubmed, today=TODAY)
    assert (ran.identified, ran.awaiting, ran.duplicates, ran.changed) == (5, 1, 4, True)
    term = replay.requests[0][1]["term"]
    assert term.endswith('AND ("2026/11/02"[edat] : "2026/11/25"[edat])')  # since: the day after
    assert term.startswith('(("tumoral calcinosis"[Title/Abstract]')
    log = yaml.safe_load(
        (project / "searches" / "pubmed-update-1.yaml").read_text(encoding="utf-8")
    )
    rows = {r["pmid"]: r for r in log["records"]}
    assert (
        rows["99000001"]["decision"] == "awaiting-screening" and rows["99000001"]["cases"] is None
    )
    assert rows["99000001"]["authors"] == ["Imaginario I", "Placeholder A"]
    assert rows["99000001"]["journal"] == "Journal of Fictional Case Reports"
    dups = {
        p: (r["duplicate_of"], r["duplicate_by"])
        for p, r in rows.items()
        if r["decision"] == "duplicate"
    }
    assert dups == {
        "99000002": ("kokubun-1996", "doi"),
        "99000003": ("mooney-1997", "pmid"),
        "99000004": ("sasaki-2015", "author-year-title"),
        "99000005": ("search-2026-11-01", "pmid"),
    }
    checked = check_review(project)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    entry = checked.review.searches[-1]
    assert (entry.id, entry.date, entry.records_identified, entry.query) == (
        "pubmed-update-1",
        "2026-11-25",
        5,
        term,
    )
    assert checked.review.planned_searches == []
    # validate accepts it; a release is refused while a record awaits screening
    assert cli(project, "validate").returncode == 0
    refused = cli(project, "validate", "--release")
    assert refused.returncode == 1
    assert "1 record(s) of searches/pubmed-update-1.yaml await screening" in refused.stdout
    # the same day, the same answers: the same bytes
    before = {
        p: p.read_bytes()
        for p in [project / "review.yaml", project / "searches" / "pubmed-update-1.yaml"]
    }
    pubmed, _, _ = client(monkeypatch)
    again = run_search(project, "pubmed-update-1", pubmed, today=TODAY)
    assert not again.changed
    assert {p: p.read_bytes() for p in before} == before
    # another day: refused
    with pytest.raises(LiteratureError, match="ran on 2026-11-25: plan a new search"):
        run_search(project, "pubmed-update-1", pubmed, today=TODAY + datetime.timedelta(days=1))
    _methods_show_it(project)


def _methods_show_it(project: Path) -> None:
    from generator.pages.pipeline import build

    site = build(project)
    methods, home = site.pages["methods.md"], site.pages["index.md"]
    for page in (methods, home):
        assert "1 record awaits screening" in page
    update = methods[methods.index('id="search-pubmed-update-1"') :]
    for words in (
        "New records identified in PubMed (2026-11-25):<br><strong>5 records</strong>",
        "Records removed before screening (duplicates of the review's cases or earlier logs): <strong>4</strong>",
        "(<strong>1 awaiting screening</strong>)",
        "duplicate of sasaki-2015 (same author-year-title)",
    ):
        assert words in update, words


def test_search_run_offline_changes_nothing(project, monkeypatch):
    before = {p: p.read_bytes() for p in project.rglob("*.yaml")}
    offline = urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
    pubmed, _, _ = client(monkeypatch, failures=[offline])
    with pytest.raises(LiteratureError):
        run_search(project, "pubmed-update-1", pubmed, today=TODAY)
    assert {p: p.read_bytes() for p in project.rglob("*.yaml")} == before


def test_cli_offline_is_one_line_and_changes_nothing(project):
    """The real command, with every connection sent to a closed local port (a proxy): no
    network, one line, no traceback, no file changed."""
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    env = {
        **os.environ,
        "https_proxy": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "NCBI_EMAIL": "tests@example.invalid",
    }
    for args in (("search", "run", "pubmed-update-1"), ("lookup",)):
        done = _cli_env(project, env, *args)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("error: ") and "reach" in done.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def _cli_env(project, env, *args):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_search_run_refuses_an_unknown_search(project, monkeypatch):
    pubmed, _, _ = client(monkeypatch)
    with pytest.raises(LiteratureError, match="no search 'nope' to run"):
        run_search(project, "nope", pubmed, today=TODAY)


def test_a_planned_search_must_come_last(project):
    review = project / "review.yaml"
    text = review.read_text(encoding="utf-8")
    edit(
        review,
        "  - id: pubmed-update-1\n    status: planned",
        "  - id: pubmed-update-1\n    status: planned\n    bogus: 1",
    )
    done = cli(project, "validate")
    assert done.returncode == 1 and "searches[1].bogus" in done.stdout
    review.write_text(text, encoding="utf-8")


# -- lookup -------------------------------------------------------------------------------------


def _lookup(project, monkeypatch):
    pubmed, _, clock = client(monkeypatch, routes=lambda u, p: "esearch-empty.xml")
    replay = CrossrefReplay({"wong": "crossref-works-wong.json"}, "crossref-works-nomatch.json")
    monkeypatch.setattr(httpx2, "get", replay)
    crossref = Crossref("tests@example.invalid", clock=clock.clock, sleep=clock.sleep)
    return lookup(project, pubmed, crossref, today=TODAY), replay


def test_lookup_proposes_the_known_doi_and_none_without_a_match(project, monkeypatch):
    wong = project / "cases" / "wong-2013.yaml"
    edit(wong, "doi: 10.1007/s00701-013-1709-x", "doi: null")
    cases_before = {p: p.read_bytes() for p in (project / "cases").glob("*.yaml")}
    (path, looked, found), crossref = _lookup(project, monkeypatch)
    assert {p: p.read_bytes() for p in (project / "cases").glob("*.yaml")} == cases_before
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_case = {e["case"]: e for e in report["cases"]}
    best = by_case["wong-2013"]["candidates"][0]
    assert (best["source"], best["values"]["doi"], best["accepted"]) == (
        "Crossref",
        "10.1007/s00701-013-1709-x",
        False,
    )
    assert best["score"] >= 0.9 and len(by_case["wong-2013"]["candidates"]) == 1
    assert by_case["sasaki-2015"]["candidates"] == []
    assert found == 1 and looked == len(by_case) >= 28
    assert {"query.author": "Wong"}.items() <= next(
        r for r in crossref.requests if r.get("query.author") == "Wong"
    ).items()
    # the Contributing page lists the pending suggestion
    from generator.pages.pipeline import build

    contributing = build(project).pages["contributing.md"]
    assert "Suggestions from a look-up, to check" in contributing
    assert "doi:10.1007/s00701-013-1709-x" in contributing
    # accepted: written with its changes entry, the rest of the file as it was
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("accepted: false", "accepted: true", 1), encoding="utf-8")
    written = apply_report(project, path)
    assert written == [("wong-2013", ["doi"])]
    after = wong.read_text(encoding="utf-8")
    assert 'doi: "10.1007/s00701-013-1709-x"' in after
    assert "citation.doi from Crossref" in after and after.count("changes:") == 1
    original = cases_before[wong].decode()
    assert after.startswith(original.split("  doi: null")[0])  # the lines before are untouched
    assert check_review(project).ok
    assert "Suggestions from a look-up" not in build(project).pages["contributing.md"]


def test_apply_writes_only_accepted_candidates(project, monkeypatch, tmp_path):
    report = tmp_path / "report.yaml"
    report.write_text(
        "cases:\n"
        "  - case: sasaki-2015\n"
        "    candidates:\n"
        "      - {source: Crossref, score: 0.7, accepted: false, values: {doi: 10.5555/fictional.0009}}\n"
        "  - case: sunder-2013\n"
        "    candidates:\n"
        "      - {source: PubMed, score: 0.9, accepted: true, values: {pmid: '99000009', title: 'FICTIONAL: accepted for the test'}}\n",
        encoding="utf-8",
    )
    before = (project / "cases" / "sasaki-2015.yaml").read_bytes()
    assert apply_report(project, report) == [("sunder-2013", ["title", "pmid"])]
    assert (project / "cases" / "sasaki-2015.yaml").read_bytes() == before
    sunder = (project / "cases" / "sunder-2013.yaml").read_text(encoding="utf-8")
    assert "citation.title from PubMed; citation.pmid from PubMed (record 99000009)" in sunder
    # two accepted for one case: refused at its line
    report.write_text(
        "cases:\n  - case: sasaki-2015\n    candidates:\n"
        "      - {source: A, accepted: true, values: {doi: 10.5555/x}}\n"
        "      - {source: B, accepted: true, values: {doi: 10.5555/y}}\n",
        encoding="utf-8",
    )
    with pytest.raises(LiteratureError, match=r"report\.yaml:5:\d+: accept one candidate"):
        apply_report(project, report)


def test_crossref_busy_then_answers(monkeypatch):
    clock = Clock()
    calls = []

    def get(url, params=None, headers=None, timeout=None, **kwargs):
        calls.append(params)
        request = httpx2.Request("GET", url)
        if len(calls) == 1:
            return httpx2.Response(
                503, text="busy", request=request, headers={"Content-Type": "text/plain"}
            )
        body = (FIXTURES / "crossref-works-wong.json").read_text(encoding="utf-8")
        return httpx2.Response(
            200, content=body, request=request, headers={"Content-Type": "application/json"}
        )

    monkeypatch.setattr(httpx2, "get", get)
    found = Crossref("tests@example.invalid", clock=clock.clock, sleep=clock.sleep).works(
        "Wong", 2013, "tumoral calcinosis"
    )
    assert [r.doi for r in found] == [
        "10.1007/s00701-013-1709-x",
        "10.5555/fictional.crossref.0001",
    ]
    assert found[0].authors == ("Wong RH", "Bhansali AP", "Doppenberg EM") and 1.0 in clock.slept


def test_fixtures_readme_names_every_file():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name
