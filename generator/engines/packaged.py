"""What every review's site shares, shipped inside the package and found with
``importlib.resources``: the theme overrides (``generator/theme/``) and the assets
(``generator/assets/``: the scripts, the stylesheets and the vendored Vega and Ajv, each with its
licence, README and sha256 manifest).

A review folder carries none of it. The MkDocs plugin (``generator/engines/mkdocs_plugin.py``) puts the
theme on Material's search path and the assets into the build; for Zensical, which runs no
plugins, :func:`write_static` writes them into the static copy of the project instead. The
assets keep their site addresses (``assets/javascripts/table.js``...): the pages do not change.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib.resources import files
from pathlib import Path

EXTRA_CSS = (
    "assets/stylesheets/extra.css",
    "assets/stylesheets/table.css",
    "assets/stylesheets/submit.css",
)
"""The packaged stylesheets, in the order every page links them (before a review's own)."""

EXTRA_JAVASCRIPT = (
    "assets/javascripts/table.js",
    "assets/javascripts/charts.js",
    "assets/javascripts/cite.js",
    "assets/javascripts/submit.js",
)
"""The packaged scripts, in the order every page loads them (before a review's own)."""


def package_dir() -> Path:
    """The installed package's folder (the build reads its files in place: MkDocs copies a
    file from its path, so the package must be installed as files, as pip installs it)."""
    return Path(str(files("generator")))


def theme_dir() -> Path:
    """The theme overrides: on Material's search path after a review's own ``custom_dir``."""
    return package_dir() / "theme"


def assets_dir() -> Path:
    """The folder whose files are the site's ``assets/...`` (its parent is their source)."""
    return package_dir() / "assets"


def asset_uris() -> list[str]:
    """Every packaged asset's address in the site (``assets/...``), sorted."""
    base = assets_dir().parent
    return sorted(
        p.relative_to(base).as_posix()
        for p in assets_dir().rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def with_extra_lists(css: list[str], js: list[str]) -> tuple[list[str], list[str]]:
    """A site's ``extra_css`` and ``extra_javascript`` with the packaged ones first (a review's
    own come after, so they can override), none twice."""
    return (
        [*EXTRA_CSS, *(c for c in css if c not in EXTRA_CSS)],
        [*EXTRA_JAVASCRIPT, *(j for j in js if j not in EXTRA_JAVASCRIPT)],
    )


# Editing mkdocs.yml as text keeps its tags (!ENV) and comments, which a YAML round trip loses.
_PLUGIN = "living-review"
_FLOW = re.compile(r"^(plugins:[ \t]*\[)([^\]\n]*)(\])", re.MULTILINE)
_BLOCK_ITEM = re.compile(rf"^([ \t]*)- {re.escape(_PLUGIN)}[ \t]*:?[ \t]*\n", re.MULTILINE)


def without_plugin(text: str) -> str:
    """``mkdocs.yml`` without the ``living-review`` plugin (Zensical runs no plugins; what the
    plugin does is written into the static copy)."""

    def flow(m: re.Match[str]) -> str:
        items = [i.strip() for i in m.group(2).split(",") if i.strip() and i.strip() != _PLUGIN]
        return m.group(1) + ", ".join(items) + m.group(3)

    out = _BLOCK_ITEM.sub("", _FLOW.sub(flow, text))
    left = _BLOCK_ITEM.search(out) or re.search(
        rf"^[ \t]*-[ \t]*{re.escape(_PLUGIN)}\b|^plugins:.*\b{re.escape(_PLUGIN)}\b", out, re.M
    )
    if left:
        raise ValueError(f"could not remove the {_PLUGIN} plugin from mkdocs.yml")
    return out


def _with_list(text: str, key: str, items: tuple[str, ...]) -> str:
    """``mkdocs.yml`` text with ``items`` first in its top-level ``key`` list (added if
    missing; a block list only)."""
    lines = "".join(f"  - {json.dumps(i)}\n" for i in items)
    found = re.search(rf"^{key}:[ \t]*(.*)\n", text, re.MULTILINE)
    if found is None:
        return text.rstrip("\n") + f"\n\n{key}:\n{lines}"
    if found.group(1).strip():
        raise ValueError(f"mkdocs.yml: write {key} as a block list (one '- item' a line)")
    return text[: found.end()] + lines + text[found.end() :]


def static_config(text: str, custom_dir: str) -> str:
    """``mkdocs.yml`` for an engine that runs no plugins: no ``living-review`` plugin; the
    packaged stylesheets and scripts listed; ``custom_dir`` the merged theme overrides."""
    text = without_plugin(text)
    text = _with_list(text, "extra_css", EXTRA_CSS)
    text = _with_list(text, "extra_javascript", EXTRA_JAVASCRIPT)
    text = re.sub(r"^[ \t]+custom_dir:.*\n", "", text, flags=re.MULTILINE)
    return re.sub(
        r"^theme:[ \t]*\n", f"theme:\n  custom_dir: {custom_dir}\n", text, count=1, flags=re.M
    )


def write_static(dest: Path, own_theme: Path | None, ignore: tuple[str, ...] = ()) -> list[str]:
    """Write the packaged theme into ``dest/overrides`` (the review's own ``custom_dir`` over it)
    and the packaged assets into ``dest/docs`` (where the review's ``docs/`` has no file of the
    same name; a packaged page, such as a vendored README, gets ``lr_source: ""``: no edit
    button, as the plugin decides for MkDocs); return the addresses of the assets written."""
    copy = shutil.ignore_patterns(*ignore, "__pycache__")
    shutil.copytree(theme_dir(), dest / "overrides", ignore=copy)
    if own_theme is not None and own_theme.is_dir():
        shutil.copytree(own_theme, dest / "overrides", dirs_exist_ok=True, ignore=copy)
    written = []
    for uri in asset_uris():
        target = dest / "docs" / uri
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            content = (assets_dir().parent / uri).read_bytes()
            if uri.endswith(".md"):  # no edit button: the page's source is not in the review
                content = b'---\nlr_source: ""\n---\n' + content
            target.write_bytes(content)
            written.append(uri)
    return written
