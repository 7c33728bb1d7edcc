"""Every chart: a valid Vega-Lite spec, accessible, offline, and showing the dataset's numbers."""

from __future__ import annotations

import json

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema

from generator.charts.kinds import all_figures
from generator.model import load_domain
from generator.pages.dataset import frame, summarise
from tests.helpers import REVIEW, declared

MODEL = load_domain(REVIEW)[0].model  # type: ignore[union-attr]
CHARTS = [c.id for c in MODEL.charts]
MAP_LEVELS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7")
MAP_LEVELS += tuple(f"T{i}" for i in range(1, 13)) + ("L1", "L2", "L3", "L4", "L5", "S1")
"""The vertebral-level map runs from C1 to S1."""


@pytest.fixture(scope="module")
def df(result):
    return frame(declared(result.cases)[0])


@pytest.fixture(scope="module")
def figures(df):
    return {f.id: f for f in all_figures(df, MODEL)}


@pytest.fixture(scope="module")
def summary(result):
    return summarise(declared(result.cases)[0])


VALIDATOR = jsonschema.Draft7Validator(load_schema())


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_chart_is_valid_accessible_and_offline(figures, chart_id):
    fig = figures[chart_id]
    spec = fig.spec()
    errors = sorted(VALIDATOR.iter_errors(spec), key=str)
    assert errors == [], errors[0].message if errors else ""
    assert spec["description"] and spec["description"].endswith(".")
    assert spec["title"]
    assert not list(data_urls(spec)), "chart data must travel inline, never from a URL"
    assert fig.rows and all(len(r) == len(fig.columns) for r in fig.rows)


def data_urls(node):
    """Every ``data: {url: ...}`` anywhere in a spec."""
    if isinstance(node, dict):
        if isinstance(node.get("data"), dict) and "url" in node["data"]:
            yield node["data"]["url"]
        for value in node.values():
            yield from data_urls(value)
    elif isinstance(node, list):
        for value in node:
            yield from data_urls(value)


def test_data_url_detector_can_fail():
    assert list(data_urls({"vconcat": [{"data": {"url": "https://example.org/x.csv"}}]}))


def rows(fig):
    return {tuple(r[:-1]) if len(r) > 2 else r[0]: r[-1] for r in fig.rows}


def inline(fig):
    spec = fig.spec()
    return [row for data in spec.get("datasets", {}).values() for row in data]


def test_region_counts_match_the_summary(figures, summary):
    label = MODEL.scheme().group_label  # type: ignore[union-attr]
    assert rows(figures["regions"]) == {label(r): n for r, n in summary.groups.items() if n}


def test_level_map_counts_every_level_in_order(figures, summary, df):
    fig = figures["level-map"]
    assert [r[0] for r in fig.rows] == list(MAP_LEVELS)
    assert rows(fig) == {lv: summary.positions[lv] for lv in MAP_LEVELS}
    # the spine's own numbers: C2 and L5 are the most involved levels of the 32 cases
    assert rows(fig)["L5"] == 10 and rows(fig)["C2"] == 7 and rows(fig)["T8"] == 0
    assert sum(r["cases"] for r in inline(fig)) == sum(summary.positions[lv] for lv in MAP_LEVELS)


def test_causes_and_treatments_count_each_category(figures, summary):
    causes = {code: n for _, code, n in figures["causes"].rows}
    assert causes == {k: v for k, v in summary.codes["causes"].items() if v}
    assert causes["NP"] == summary.no_particular_cause == 14
    treatments = {code: n for _, code, n in figures["treatments"].rows}
    assert treatments["resection"] == summary.resection == 21
    assert treatments["renal-transplantation"] == summary.renal_transplantation == 2
    assert "counts once in each" in figures["causes"].spec()["title"]["subtitle"]


def test_age_by_sex_matches_the_summary(figures, summary):
    by_sex = {r[0]: r for r in figures["age-by-sex"].rows}
    assert by_sex["Female"][1] == summary.female and by_sex["Male"][1] == summary.male
    points = [r for r in inline(figures["age-by-sex"]) if "age_years" in r]
    assert len(points) == summary.cases
    assert all(p["url"] == f"../cases/{p['case_id']}/" for p in points)
    ages = [p["age_years"] for p in points]
    assert round(sum(ages) / len(ages), 1) == summary.mean_age


def test_cumulative_ends_at_the_number_of_cases(figures, summary):
    fig = figures["cumulative"]
    assert fig.rows[0][0] == summary.first_year and fig.rows[-1][0] == summary.last_year
    assert fig.rows[-1][2] == summary.cases
    totals = [r[2] for r in fig.rows]
    assert totals == sorted(totals)


def test_linked_view_has_selections_and_links(figures, summary):
    spec = figures["linked"].spec()
    text = json.dumps(spec)
    assert '"region_pick"' in text and '"sex_pick"' in text
    assert '"href"' in text
    assert sum(r[-1] for r in figures["linked"].rows) == summary.cases


def test_chart_specs_are_deterministic(df):
    assert [f.spec() for f in all_figures(df, MODEL)] == [f.spec() for f in all_figures(df, MODEL)]


def test_vendored_vega_matches_its_manifest(root):
    import hashlib

    vendor = root / "generator" / "assets" / "vendor" / "vega"
    manifest = json.loads((vendor / "manifest.json").read_text(encoding="utf-8"))
    names = {p["name"] for p in manifest["packages"]}
    assert names == {"vega", "vega-lite", "vega-embed"}
    for pkg in manifest["packages"]:
        data = (vendor / pkg["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == pkg["sha256"], pkg["file"]
        assert (vendor / pkg["license_file"]).exists()
    vl = next(p for p in manifest["packages"] if p["name"] == "vega-lite")
    import altair as alt

    # the vendored Vega-Lite renders the specs Altair writes: same major.minor version
    assert vl["version"].split(".")[:2] == alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
