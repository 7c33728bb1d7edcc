"""Chart slots: where a chart's drawing goes in a page until the chart is drawn.

Pages are written while the charts are drawn (``chart_render``): each chart's place holds an HTML
comment, which Markdown keeps as it is, and :func:`fill` puts the drawings in, in the Markdown
(``site``) or in the HTML that MkDocs makes of it (the plugin). Only the standard library: the
MkDocs process imports this.
"""

from __future__ import annotations

import re

SLOT = re.compile(r"<!--chart-view ([a-z0-9-]+) ((?:\.\./)*)-->")
"""A slot: the chart's id and the page's way back to the site's root (``../`` or none)."""


def slot(chart_id: str, base: str) -> str:
    """The slot of chart ``chart_id`` in a page whose root is at ``base``."""
    return f"<!--chart-view {chart_id} {base}-->"


def fill(text: str, views: dict[str, str]) -> str:
    """``text`` with every slot replaced by its drawing (``views``: slot -> drawing)."""
    return SLOT.sub(lambda m: views[m.group(0)], text)
