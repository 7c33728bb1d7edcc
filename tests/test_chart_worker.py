"""The chart converter process: specs drawn as they come, SVGs in order, PNGs made beside it."""

from __future__ import annotations

import pytest
import vl_convert as vlc

from generator.charts import chart_worker
from generator.charts.chart_worker import Worker, file_svg


def bar(n: int) -> dict:
    return {
        "data": {"values": [{"x": i, "y": f"row {i}"} for i in range(n)]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y"}},
    }


def item(n: int) -> dict:
    return {"spec": bar(n), "title": f"{n} bars", "description": "Bars.", "scale": 1}


def test_items_are_drawn_in_order_as_vl_convert_draws_them():
    items = [item(n) for n in (1, 3, 2)]
    worker = Worker()
    for it in items:
        worker.add(it)  # each goes to the worker as soon as it is known
    worker.finish()
    svgs = worker.svgs(timeout=120)
    assert svgs == [vlc.vegalite_to_svg(it["spec"]) for it in items]
    pngs = worker.pngs(timeout=120)
    assert [p[:8] for p in pngs] == [b"\x89PNG\r\n\x1a\n"] * 3
    standalone = file_svg(svgs[1], "3 bars", "Bars.")
    assert pngs[1] == vlc.svg_to_png(standalone, scale=1)


def test_a_spec_the_converter_cannot_draw_is_reported_not_hung():
    worker = Worker()
    worker.add(item(2))
    worker.add({**item(1), "spec": {"mark": "no-such-mark", "data": {"values": []}}})
    worker.finish()
    with pytest.raises(RuntimeError, match="drawing the charts failed"):
        worker.svgs(timeout=120)
    with pytest.raises(RuntimeError, match="drawing the charts failed"):
        worker.pngs(timeout=120)


def test_a_prestarted_worker_is_handed_over_once_and_released():
    chart_worker.prestart()
    first = chart_worker.take()
    second = chart_worker.take()  # none waiting: a new one
    assert first is not second
    for worker in (first, second):
        worker.close()
    chart_worker.prestart()
    chart_worker.release()
    assert chart_worker._prestarted == []
