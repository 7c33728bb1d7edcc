"""This review's pages as its data make them: the source's 32 cases, its Table 1, its Methods flow
and its data files (the generator's own page tests are in ``tests/test_site.py``)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from generator.pages.pipeline import build

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def site(root):
    return build(root)


def test_pages_are_generated(site, result):
    cases = [p for p in site.pages if p.startswith("cases/")]
    assert len(cases) == 32
    assert sorted(cases) == sorted(f"cases/{c.id}.md" for c in result.cases)
    for page in ("index.md", "table-1.md", "methods.md", "data/index.md"):
        assert page in site.pages


def test_case_page_golden(site, request):
    """The guo-2017 page as a human read it (update with UPDATE_GOLDEN=1 after reading the diff)."""
    golden = GOLDEN / "guo-2017.md"
    page = site.pages["cases/guo-2017.md"]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8")


def test_case_page_content(site):
    page = site.pages["cases/jackson-2007.md"]
    assert 'title: "Jackson 2007: C6-T2"' in page
    assert "Cervical, thoracic (counted as cervical, its most cranial region)" in page
    assert "Renal transplantation" in page and "Parathyroidectomy" in page
    assert "[10] in Guo et al. 2017" in page
    assert 'href="../../table-1/"' in page
    wong = site.pages["cases/wong-2013.md"]
    assert 'href="https://doi.org/10.1007/s00701-013-1709-x"' in wong
    assert (
        '<dt>Found by</dt><dd><a href="../../methods/#search-guo-2017-pubmed">the search of '
        "2016-06-29</a> (PubMed, run by Guo et al. 2017" in wong
    )
    chang = site.pages["cases/chang-2013.md"]
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/22718028/"' in chang
    assert "1 discrepancy with the source" in chang


def test_table_1_rows_and_legend(site, result):
    table = site.pages["table-1.md"]
    assert table.count("<tr data-case-id=") == 32
    for case in result.cases:
        assert f'href="../cases/{case.id}/"' in table
    for code in ("NP", "HP", "PD", "HD", "OA", "SSA", "PTX"):
        assert f"<dt><abbr>{code}</abbr></dt>" in table
    assert "Males: the source states 13, the data give 12." in table
    assert "mean age of 55.4 years (range 1.4 to 90)" in table
    assert (
        "15 involved the cervical spine, 3 involved the thoracic spine, and 14 involved the lumbar spine"
        in table
    )


def test_methods_flow(site):
    methods = site.pages["methods.md"]
    for words in (
        "28 references",
        "48 cases",
        "Cases excluded: <strong>17</strong>",
        "Cases included from the search: <strong>31</strong>",
        "Cases in the review: <strong>32</strong>",
        "2016-06-29",
    ):
        assert words in methods


def test_data_files(site, result):
    rows = list(csv.DictReader(io.StringIO(site.files["data/cases.csv"].decode("utf-8"))))
    assert len(rows) == 32
    required = [
        "case_id",
        "first_author",
        "year",
        "sex",
        "age_years",
        "levels",
        "region",
        "causes",
        "treatments",
    ]
    assert list(rows[0])[: len(required)] == required
    by_id = {r["case_id"]: r for r in rows}
    assert by_id["fatehi-2016"]["causes"] == "HD; PD"
    assert by_id["jackson-2007"]["region"] == "cervical"
    assert by_id["mooney-1997"]["age_years"] == "1.4"
    records = json.loads(site.files["data/cases.json"])
    assert [r["case_id"] for r in records] == [r["case_id"] for r in rows]
    assert records[0].keys() == rows[0].keys()
    data_page = site.pages["data/index.md"]
    assert hashlib.sha256(site.files["data/cases.csv"]).hexdigest() in data_page
