"""The metadata reference managers and link previews read from the built pages' heads.

OpenGraph and JSON-LD are read back with extruct, as metadata harvesters read them; the Highwire
Press ``citation_*`` and Twitter tags (which extruct does not cover) with lxml, as Zotero's
Embedded Metadata translator reads them: ``<meta name=... content=...>``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.review import load_review

from .conftest import ROOT
from .pages import page_list

extruct = pytest.importorskip("extruct")
lxml_html = pytest.importorskip("lxml.html")

OG_FIELDS = {"og:title", "og:description", "og:url", "og:site_name"}


@pytest.fixture(scope="module")
def review():
    review, _ = load_review(ROOT)
    return review


def html_of(site: Path, path: str) -> str:
    file = site / path if path.endswith(".html") else site / path / "index.html"
    return file.read_text(encoding="utf-8")


def meta_tags(html: str) -> dict[str, list[str]]:
    """Every ``<meta name=... content=...>`` of the head, by name, in document order."""
    tree = lxml_html.fromstring(html)
    out: dict[str, list[str]] = {}
    for el in tree.xpath("//head/meta[@name and @content]"):
        out.setdefault(el.get("name"), []).append(el.get("content"))
    return out


def opengraph(html: str) -> dict[str, str]:
    data = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"]
    assert len(data) == 1
    return data[0]


def json_ld(html: str) -> list[dict]:
    return extruct.extract(html, syntaxes=["json-ld"])["json-ld"]


def case_ids(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "cases").iterdir() if (p / "index.html").is_file())


def test_every_page_has_opengraph_and_twitter_tags(site_dir):
    paths = [*page_list(site_dir), *(f"cases/{c}/" for c in case_ids(site_dir))]
    assert len(paths) >= 40
    for path in paths:
        html = html_of(site_dir, path)
        og = opengraph(html)
        assert set(og) >= OG_FIELDS and og.get("@type") in ("website", "article"), (path, og)
        assert all(og[f].strip() for f in OG_FIELDS), (path, og)
        tags = meta_tags(html)
        assert tags["twitter:card"] == ["summary"], path
        assert tags["twitter:title"] == [og["og:title"]], path


@pytest.mark.parametrize("path", ["", "cite/"])
def test_the_review_carries_its_citation(site_dir, review, path):
    tags = meta_tags(html_of(site_dir, path))
    assert tags["citation_title"] == [f"{review.title} (version {review.version})"]
    assert tags["citation_author"] == [c.name for c in review.creators]
    assert tags["citation_publication_date"] == [review.released.replace("-", "/")]
    assert len(tags["citation_publisher"]) == 1
    assert tags["citation_public_url"] == [review.version_url()]
    assert ("citation_doi" in tags) == bool(review.doi)
    og = opengraph(html_of(site_dir, path))
    assert og["og:url"] == review.version_url() + path


def test_every_case_page_carries_the_case_record_and_its_dataset(site_dir, review):
    home = json_ld(html_of(site_dir, ""))
    dataset = next(item for item in home if item.get("@type") == "Dataset")
    ids = case_ids(site_dir)
    assert len(ids) == 32
    for case_id in ids:
        html = html_of(site_dir, f"cases/{case_id}/")
        tags = meta_tags(html)
        for name in ("citation_title", "citation_publication_date", "citation_journal_title"):
            assert len(tags.get(name, [])) == 1, (case_id, name)
        assert f"version {review.version}" in tags["citation_title"][0]
        assert tags["citation_author"] == [c.name for c in review.creators]
        url = f"{review.version_url()}cases/{case_id}/"
        assert tags["citation_public_url"] == [url]
        assert tags["citation_reference"][0].startswith("citation_")
        records = json_ld(html)
        assert len(records) == 1, case_id
        record = records[0]
        assert record["url"] == url and record["identifier"] == case_id
        assert record["isPartOf"]["@type"] == "Dataset"
        assert record["isPartOf"]["@id"] == dataset["@id"] == review.version_url()
    guo = meta_tags(html_of(site_dir, "cases/guo-2017/"))
    assert "citation_doi=10.1186/s13256-017-1474-1" in guo["citation_reference"][0]
