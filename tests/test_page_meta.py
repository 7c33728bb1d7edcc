"""Head metadata computed by the generator: Highwire tags, OpenGraph values, case JSON-LD."""

from __future__ import annotations

import json

import pytest

from generator.model.review import load_review
from generator.pages import page_meta
from generator.pages.common import case_label


@pytest.fixture(scope="module")
def review(root):
    review, _ = load_review(root)
    return review


@pytest.fixture(scope="module")
def guo(result):
    return next(c for c in result.cases if c.id == "guo-2017")


def names(tags):
    return [t["name"] for t in tags]


def test_review_citation_names_the_version_and_each_author(review):
    tags = page_meta.review_citation(review)
    title = next(t["content"] for t in tags if t["name"] == "citation_title")
    assert review.version in title and review.title in title
    assert names(tags).count("citation_author") == len(review.creators)
    assert "citation_publication_date" in names(tags) and "citation_publisher" in names(tags)
    assert ("citation_doi" in names(tags)) == bool(review.doi)
    assert all(t["content"] for t in tags)


def test_case_record_cites_its_original_publication(review, guo):
    tags = page_meta.case_citation(review, guo, case_label(guo))
    ref = next(t["content"] for t in tags if t["name"] == "citation_reference")
    assert "citation_doi=10.1186/s13256-017-1474-1" in ref and "citation_author=Guo R" in ref
    assert {"citation_title", "citation_author", "citation_publication_date"} <= set(names(tags))


def test_case_json_ld_is_part_of_the_dataset_and_safe_in_a_script(review, guo):
    text = page_meta.case_json_ld(review, guo, "<b>x</b> & y")
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["isPartOf"]["@type"] == "Dataset"
    assert data["isPartOf"]["@id"] == review.version_url()
    assert data["name"] == "<b>x</b> & y"


def test_head_gives_the_permanent_address_and_version(review):
    head = page_meta.head(review, "charts/", "Charts", "The charts.")
    assert head["url"] == review.version_url() + "charts/"
    assert head["og"] == {"type": "article", "title": "Charts", "description": "The charts."}
    assert head["version"] == review.version and head["citation"] == []
