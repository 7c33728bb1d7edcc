"""Building the site with another engine than MkDocs.

Zensical (the successor of Material for MkDocs) reads ``mkdocs.yml`` but runs no MkDocs plugins.
:func:`static_project` therefore writes a plugin-free copy of the project: ``docs/`` with every
generated page and data file written into it, the packaged assets beside them, the packaged
theme overrides (with the review's own ``custom_dir`` over them) as its ``custom_dir``, and
``mkdocs.yml`` without the ``living-review`` plugin but with the packaged stylesheets and scripts
listed (``generator.engines.packaged``). What the plugin would have done is written into the copy
instead: the review's title, version and date in ``extra.review`` (the footer's version line,
set by ``on_config``), and each generated page's edit button in its front matter
(``on_page_context``). Any engine that reads ``mkdocs.yml`` can build that folder; the benchmark
also uses it as its baseline (the same Markdown, built without the plugin).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .packaged import static_config, write_static

if TYPE_CHECKING:
    from ..pages.common import Site

MKDOCS_ONLY = ("search.html",)
"""Overrides of Material's own markup that Zensical's templates replace: Zensical's search
partial is a button that opens its own dialog (already named), which Material's form would hide."""

_CUSTOM_DIR = re.compile(r"^[ \t]+custom_dir:[ \t]*[\"']?([^\"'#\n]+?)[\"']?[ \t]*$", re.MULTILINE)


def own_theme(root: Path, text: str) -> Path | None:
    """The review's own ``custom_dir`` (theme overrides of its own), if ``mkdocs.yml`` names
    one."""
    found = _CUSTOM_DIR.search(text)
    return root / found.group(1) if found else None


def review_extra(title: str, version: str, released: str) -> dict[str, str]:
    """``config.extra.review``, as the plugin's ``on_config`` sets it (read by the footer)."""
    return {"title": title, "version": version, "released": released}


def with_extra(text: str, name: str, value: dict[str, str]) -> str:
    """``mkdocs.yml`` text with ``extra.<name>`` set to ``value`` (a text edit: keeps the tags
    and comments that a YAML round trip would lose)."""
    lines = "".join(f"    {k}: {json.dumps(v)}\n" for k, v in value.items())
    block = f"  {name}:\n{lines}"
    if re.search(r"^extra:[ \t]*\n", text, re.MULTILINE):
        return re.sub(r"^extra:[ \t]*\n", lambda m: m.group(0) + block, text, count=1, flags=re.M)
    return text.rstrip("\n") + f"\n\nextra:\n{block}"


def with_source(text: str, uri: str) -> str:
    """A generated page with ``lr_source`` in its front matter: the file its edit button opens
    (a case's YAML file) or empty (no edit button), as the plugin's ``on_page_context`` decides
    for MkDocs; ``generator/theme/partials/actions.html`` reads it."""
    if not text.startswith("---\n"):
        raise ValueError(f"{uri}: a generated page must start with front matter")
    source = f"cases/{Path(uri).stem}.yaml" if uri.startswith("cases/") else ""
    return text.replace("---\n", f"---\nlr_source: {json.dumps(source)}\n", 1)


def static_project(root: Path, site: Site, dest: Path) -> Path:
    """Write the plugin-free project for ``site`` (built from ``root``) into ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", dest / "docs")
    write_static(dest, own_theme(root, config), MKDOCS_ONLY)
    pages = {uri: with_source(text, uri) for uri, text in site.pages.items()}
    for uri, content in [*pages.items(), *site.files.items()]:
        target = dest / "docs" / uri
        if target.exists():
            raise FileExistsError(f"{uri} is generated but also exists in docs/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    config = static_config(config, "overrides")
    # Zensical's own look is "modern"; "classic" is Material's, as the MkDocs build shows it
    config = re.sub(r"^theme:[ \t]*\n", "theme:\n  variant: classic\n", config, count=1, flags=re.M)
    if site.review is not None:
        review = site.review
        extra = review_extra(review.short_title, review.version, review.released)
        extra["engine"] = "zensical"  # the footer's credit
        config = with_extra(config, "review", extra)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest
