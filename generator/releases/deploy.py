"""Versioned deployment without mike: each version in its folder, Material's ``versions.json``.

``python -m generator deploy --into DIR [--version X] [--alias latest]`` builds the site (with
MkDocs or Zensical) for the address ``<url><version>/`` with Material's version selector on,
writes it under ``DIR/<version>/``, records the version in ``DIR/versions.json`` (the format mike
writes and Material's selector reads: ``[{"version", "title", "aliases"}]``, newest first) and
makes each alias a folder of redirects to the version (``DIR/latest/cases/x/`` leads to
``DIR/1.1.0/cases/x/``), plus ``DIR/index.html`` leading to the default alias. ``DIR`` is an
ordinary folder: commit it to a ``gh-pages`` branch, upload it as a Pages artifact, or serve it.
Zensical cannot use upstream mike; this needs neither.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from packaging.version import InvalidVersion, Version

VERSIONS = "versions.json"


def _key(entry: dict) -> tuple[int, Version | str]:
    try:
        return (1, Version(entry["version"]))
    except InvalidVersion:
        return (0, entry["version"])


def update_versions(
    entries: list[dict], version: str, aliases: list[str], title: str | None = None
) -> list[dict]:
    """``entries`` with ``version`` added (or replaced), its aliases taken from any other
    version, newest first."""
    out = []
    for entry in entries:
        if entry["version"] == version:
            continue
        kept = [a for a in entry.get("aliases", []) if a not in aliases]
        out.append({**entry, "aliases": kept})
    out.append({"version": version, "title": title or version, "aliases": list(aliases)})
    return sorted(out, key=_key, reverse=True)


def redirect_page(target: str) -> str:
    """A page that sends the reader to ``target`` (a relative address), with or without
    JavaScript, keeping the query and the fragment."""
    url = html.escape(target, quote=True)
    js = json.dumps(target).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<title>Redirecting</title>\n<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f"<script>location.replace({js} + location.search + location.hash)</script>\n"
        f'</head><body><a href="{url}">Redirecting to {url}</a></body></html>\n'
    )


def _write_alias(into: Path, alias: str, version: str) -> None:
    """``into/alias/`` as redirects to every page of ``into/version/``."""
    folder = into / alias
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    for page in sorted((into / version).rglob("index.html")):
        rel = page.parent.relative_to(into / version)
        depth = len(rel.parts) + 1
        target = "../" * depth + "/".join([version, *rel.parts]) + "/"
        dest = folder / rel / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(redirect_page(target), encoding="utf-8")


def deploy(
    site: Path, into: Path, version: str, aliases: list[str], default: str | None = None
) -> list[dict]:
    """Copy the built ``site`` into ``into/version/``, update ``versions.json`` and the aliases;
    return the new list of versions."""
    if version in aliases or "/" in version or version in ("", ".", ".."):
        raise ValueError(f"bad version {version!r} (or an alias equal to it)")
    into.mkdir(parents=True, exist_ok=True)
    target = into / version
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(site, target)
    path = into / VERSIONS
    entries = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    entries = update_versions(entries, version, aliases)
    path.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    for alias in aliases:
        _write_alias(into, alias, version)
    home = default or (aliases[0] if aliases else None)
    if home:
        (into / "index.html").write_text(redirect_page(f"{home}/"), encoding="utf-8")
    return entries
