"""Building the whole site with an engine (MkDocs or Zensical), atomically.

``python -m generator site --out site [--engine mkdocs|zensical]`` validates first (clean
messages, no engine output on bad data), builds into a temporary folder beside ``out`` and moves
it into place only on success: a failed or interrupted build leaves the last good site untouched.
Both engines get the same environment, dated by the release (``SOURCE_DATE_EPOCH``), never the
clock, so the same commit gives the same bytes.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.checks import check_review
from ..model.diagnostics import ValidationFailed
from ..model.review import load_review
from .static import static_project

if TYPE_CHECKING:
    from ..pages.common import Site

ENGINES = ("mkdocs", "zensical")


def build_env(root: Path) -> dict[str, str]:
    """The environment of a build: MkDocs' 2.0 banner off, ``SOURCE_DATE_EPOCH`` the release
    date unless set (MkDocs dates the sitemap with it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    review, _ = load_review(root)
    if review is not None and "SOURCE_DATE_EPOCH" not in env:
        released = datetime.datetime.combine(review.released_date, datetime.time(), datetime.UTC)
        env["SOURCE_DATE_EPOCH"] = str(int(released.timestamp()))
    return env


def zensical_command(root: Path) -> str:
    """The ``zensical`` executable: ``$ZENSICAL``, else ``.venv-zensical/``, else on PATH."""
    for candidate in (os.environ.get("ZENSICAL"), root / ".venv-zensical" / "bin" / "zensical"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    found = shutil.which("zensical")
    if found is None:
        raise FileNotFoundError("Zensical is not installed: run `make install-zensical`")
    return found


def _mkdocs(root: Path, dest: Path, env: dict[str, str]) -> int:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    cmd += ["--config-file", str(root / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=root, env=env).returncode


def _zensical(root: Path, site: Site, dest: Path, env: dict[str, str]) -> int:
    """Zensical runs no plugins: it builds the plugin-free project that holds the generated
    pages and the packaged theme and assets."""
    exe = zensical_command(root)
    project = dest.with_name(dest.name + "-project")
    try:
        static_project(root, site, project)
        done = subprocess.run([exe, "build", "--clean"], cwd=project, env=env)
        if done.returncode == 0:
            shutil.rmtree(dest)
            (project / "site").rename(dest)
        return done.returncode
    finally:
        shutil.rmtree(project, ignore_errors=True)


def clean_interrupted(out: Path) -> None:
    """Undo what a killed build left beside ``out``: the last good site is put back if the build
    died between its two renames, and its temporary folders (``.<name>-*``) are deleted."""
    old = out.with_name(f".{out.name}-old")
    if old.is_dir() and not out.exists():
        old.rename(out)
    for stale in out.parent.glob(f".{out.name}-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def build_site(root: Path, out: Path, engine: str = "mkdocs") -> int:
    """Validate, build with ``engine`` into a temporary folder, move it to ``out``; exit code."""
    root = root.resolve()
    # validate first: clean messages, no engine output on bad data. MkDocs renders the pages
    # itself (through the plugin); only Zensical needs them rendered here.
    checked = check_review(root)
    if not checked.ok:
        print(ValidationFailed(checked.diagnostics).report())
        print("the site was not built: fix the errors above", file=sys.stderr)
        return 1
    site = None
    if engine == "zensical":
        from ..pages.pipeline import (
            build,  # pandas and Altair: only when the pages are rendered here
        )

        site = build(root)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_interrupted(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        env = build_env(root)
        code = _zensical(root, site, tmp, env) if site is not None else _mkdocs(root, tmp, env)
        if code != 0:
            print(
                f"{engine} build failed: the previous {out.name}/ is left as it was",
                file=sys.stderr,
            )
            return 1
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"built the site with {engine} into {out}")
    return 0
