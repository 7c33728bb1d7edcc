"""Which pages of the built site the page-type checks (axe-core, vnu, metadata) visit."""

from __future__ import annotations

import re
from pathlib import Path

EXTRA_PAGES = ["cases/guo-2017/", "404.html", "submit/"]
"""Pages outside the nav; those missing from the build (submit/ until it exists) are skipped."""


def nav_pages(site: Path) -> list[str]:
    """The pages of the site's navigation tabs, as paths relative to the site root."""
    html = (site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]*)" class="md-tabs__link', html)
    return ["" if h in (".", "./") else h.removeprefix("./") for h in hrefs]


def page_list(site: Path) -> list[str]:
    """Every page type: the nav's pages, then the extra pages that exist in this build."""
    pages = list(dict.fromkeys([*nav_pages(site), *EXTRA_PAGES]))
    return [p for p in pages if (site / p / "index.html").is_file() or (site / p).is_file()]
