"""Chart axes and legends as drawn (the SVG vl-convert writes), on this review and on the small
FICTIONAL neuraxis review: whole numbers on every numeric axis, each label once (small reviews
used to get 0, 0.5, 1 and 2019, 2019, 2020), and the location's groups under their labels,
never their codes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.charts import chart_render, kinds
from generator.model import load_domain
from generator.model.load import load_yaml
from generator.pages.dataset import frame
from tests.helpers import REVIEW

NEURAXIS = Path(__file__).parent / "fixtures" / "reviews" / "neuraxis"
SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?$")


def _drawn(root: Path) -> tuple[dict[str, str], object]:
    """Every declared chart of the review at ``root``, drawn: id -> SVG; and the model."""
    domain, diagnostics = load_domain(root)
    assert domain is not None, diagnostics
    cases = [
        domain.case.model_validate(load_yaml(p.name, p.read_bytes()).value)
        for p in sorted((root / "cases").glob("*.yaml"))
    ]
    cases = [c for c in cases if getattr(c, "withdrawn", None) is None]
    figures = kinds.all_figures(frame(cases, domain.model), domain.model)
    drawn = chart_render.render_all(figures)
    return {i: c.files[c.svg_file].decode("utf-8") for i, c in drawn.items()}, domain.model


@pytest.fixture(scope="module", params=["neuraxis", "this-review"])
def drawn(request):
    return _drawn(NEURAXIS if request.param == "neuraxis" else REVIEW)


def _texts(svg: str, role: str) -> list[list[str]]:
    """The texts of each group of the role (``axis-label``, ``legend-label``), group by group."""
    tree = ET.fromstring(svg)
    groups = tree.iter(f"{SVG}g")
    found = [g for g in groups if f"role-{role}" in (g.get("class") or "").split()]
    return [[t.text or "" for t in g.iter(f"{SVG}text")] for g in found]


def test_numeric_axes_are_whole_numbers_each_once(drawn):
    svgs, _model = drawn
    for chart_id, svg in svgs.items():
        axes = _texts(svg, "axis-label")
        assert axes, chart_id
        for labels in axes:
            if not all(NUMBER.match(label) for label in labels):
                continue  # a band axis (regions, codes)
            assert all("." not in label for label in labels), (chart_id, labels)
            assert len(labels) == len(set(labels)), (chart_id, labels)


def test_groups_show_their_labels_not_their_codes(drawn):
    svgs, model = drawn
    scheme = model.scheme()
    codes = {g for g in scheme.groups if g != scheme.group_label(g)}
    labels = {scheme.group_label(g) for g in scheme.groups}
    seen: set[str] = set()
    for chart_id, svg in svgs.items():
        shown = {
            t for role in ("axis-label", "legend-label") for ts in _texts(svg, role) for t in ts
        }
        assert not shown & codes, (chart_id, shown & codes)
        seen |= shown
    assert labels <= seen  # every group is named somewhere: the check above is not vacuous
