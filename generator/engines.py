"""Building the site with another engine than MkDocs.

Zensical (the successor of Material for MkDocs) reads ``mkdocs.yml`` but runs no MkDocs hooks.
:func:`static_project` therefore writes a hook-free copy of the project: ``docs/`` with every
generated page and data file written into it, the theme overrides, and ``mkdocs.yml`` without its
``hooks:`` entry. Any engine that reads ``mkdocs.yml`` can build that folder; the benchmark also
uses it as its baseline (the same Markdown, built without the hook).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .site import Site

_HOOKS = re.compile(r"^hooks:\n(?:[ \t]+- .*\n)+", re.MULTILINE)


def static_config(text: str) -> str:
    """``mkdocs.yml`` without its ``hooks:`` list."""
    out = _HOOKS.sub("", text)
    if re.search(r"^hooks:", out, re.MULTILINE):
        raise ValueError("could not remove the hooks: entry from mkdocs.yml")
    return out


def static_project(root: Path, site: Site, dest: Path) -> Path:
    """Write the hook-free project for ``site`` (built from ``root``) into ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root / "docs", dest / "docs")
    if (root / "overrides").exists():
        shutil.copytree(root / "overrides", dest / "overrides")
    for uri, content in [*site.pages.items(), *site.files.items()]:
        target = dest / "docs" / uri
        if target.exists():
            raise FileExistsError(f"{uri} is generated but also exists in docs/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(static_config(config), encoding="utf-8")
    return dest
