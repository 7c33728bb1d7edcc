"""Charts drawn at build time: the drawing that goes into the page, and the files offered."""

from __future__ import annotations

import pytest

from generator.charts import chart_render as cr

RAW = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="300" height="100" '
    'viewBox="0 0 300 100"><defs><clipPath id="clip1"><rect/></clipPath></defs>'
    '<g role="graphics-object" aria-roledescription="group mark container" clip-path="url(#clip1)">'
    '<a xlink:href="../cases/x/"><path role="graphics-symbol" aria-label="Case: x" d="M0,0"/></a>'
    "</g></svg>"
)


def test_the_theme_draws_text_in_the_page_colour_and_the_spec_wins():
    spec = {"mark": "bar", "config": {"axis": {"labelFontSize": 9}, "view": {"stroke": None}}}
    out = cr.themed(spec)
    assert out["config"]["axis"]["labelColor"] == "currentColor"
    assert out["config"]["axis"]["labelFontSize"] == 9
    assert out["config"]["view"]["stroke"] is None
    assert "config" not in cr.THEME["axis"] and spec["config"]["axis"] == {"labelFontSize": 9}


def test_container_widths_get_a_fixed_width():
    spec = {"width": "container", "vconcat": [{"width": "container"}, {"width": 200}]}
    out = cr.static_spec(spec)
    assert out["width"] == cr.STATIC_WIDTH and out["vconcat"][0]["width"] == cr.STATIC_WIDTH
    assert out["vconcat"][1]["width"] == 200


def test_inline_drawing_is_one_named_image_without_links():
    svg = str(cr.inline_svg(RAW, "regions"))
    assert svg.startswith("<svg ") and "\n" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-regions-title"' in svg
    assert 'aria-describedby="chart-regions-desc"' in svg and "data-static" in svg
    assert "graphics-" not in svg and "aria-label=" not in svg and "<a " not in svg
    assert 'id="chart-regions-clip1"' in svg and "url(#chart-regions-clip1)" in svg


def test_file_drawing_has_its_title_description_and_a_white_background():
    svg = cr.file_svg(RAW, "Cases <by> region", "A bar chart & more.")
    assert svg.startswith("<svg ") and 'color="black"' in svg
    assert "<title>Cases &lt;by&gt; region</title>" in svg
    assert "<desc>A bar chart &amp; more.</desc>" in svg and 'fill="white"' in svg
    with pytest.raises(ValueError):
        cr.file_svg("<html>", "t", "d")


def test_a_chart_is_drawn_to_svg_and_png(tmp_path, monkeypatch):
    monkeypatch.setenv("LR_CHART_CACHE", str(tmp_path))
    spec = {
        "data": {"values": [{"region": "cervical", "cases": 3}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "cases", "type": "quantitative"},
            "y": {"field": "region", "type": "nominal"},
        },
        "width": "container",
    }

    class Fig:
        id, title, description = "t", "A test chart", "One bar."

    drawn = cr.render(Fig(), spec)  # type: ignore[arg-type]
    assert drawn.svg is not None and 'role="img"' in drawn.svg
    assert drawn.files["charts/t.png"].startswith(b"\x89PNG")
    assert b"<title>A test chart</title>" in drawn.files["charts/t.svg"]
    assert drawn.spec["width"] == "container"  # Vega measures the page; the drawing is fixed
    assert drawn.size[0] >= cr.STATIC_WIDTH
    assert len(list(tmp_path.glob("*.svg"))) == 1 and len(list(tmp_path.glob("*.png"))) == 1
