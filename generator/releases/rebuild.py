"""Rebuilding a tagged release, byte for byte, from that tag's own files and lock.

``make rebuild TAG=v1.0.0`` (``python -m generator rebuild v1.0.0 --out DIR``):

1. the tag's files are taken from git (``git archive``) into a temporary folder: its cases, its
   generator, its templates, its ``mkdocs.yml``, never the working tree's;
2. the Python environment is the one its ``requirements/site.lock.txt`` describes: the current
   one when it was installed from the very same lock (its ``lock.sha256`` says so), else a
   virtual environment made once per lock hash under ``.venv-rebuild/`` and kept for next time;
3. a tag whose ``mkdocs.yml`` names the ``living-review`` plugin gets the tag's own package
   installed (``pip install --no-deps --no-index --target``) into a folder on ``PYTHONPATH``:
   MkDocs finds a plugin by its entry point, which only an installed package declares, and a
   cached environment holds the lock's packages only;
4. the tag's own ``python -m generator site`` builds it, with the published address of that
   version (``url`` in its review.yaml) as ``SITE_URL``, as the release workflow did, and the
   release date as the build date: the same bytes as the release's site.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

from .locks import MARKER, SITE_LOCK, ZENSICAL_LOCK, digest

CACHE = ".venv-rebuild"
# Variables that would change what a build writes: the rebuild sets its own.
_CLEARED = (
    "SITE_URL",
    "SOURCE_DATE_EPOCH",
    "VERSION_PROVIDER",
    "REPO_URL",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "ZENSICAL",
    "PYTHONHOME",
)


class RebuildError(Exception):
    """A release that cannot be rebuilt (unknown tag, no lock), with the reason."""


def checkout(repo: Path, tag: str, dest: Path) -> Path:
    """The files of ``tag`` (as committed) in ``dest``."""
    done = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", f"{tag}^{{commit}}"],
        capture_output=True,
    )
    if done.returncode != 0:
        raise RebuildError(f"{tag}: not a tag or commit of {repo}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _has_pins(lock: Path) -> bool:
    return any(line[:1].isalnum() for line in lock.read_text(encoding="utf-8").splitlines())


def environment(lock: Path, cache: Path, current: Path | None = None) -> tuple[Path, bool]:
    """(a virtual environment installed from ``lock``, whether it was made now).

    ``current`` (the running one by default) is used when it was installed from the same lock;
    otherwise the environment cached under ``cache/<hash>`` is, made first when missing. An
    environment counts only once its ``lock.sha256`` is written, after a complete install."""
    want = digest(lock)
    current = Path(sys.prefix) if current is None else current
    venv = cache / want.removeprefix("sha256:")[:16]
    for candidate in (current, venv):
        marker = candidate / MARKER
        if marker.is_file() and marker.read_text(encoding="utf-8").strip() == want:
            return candidate, False
    base = getattr(sys, "_base_executable", sys.executable)
    bare = [] if _has_pins(lock) else ["--without-pip"]
    subprocess.run([base, "-m", "venv", "--clear", *bare, str(venv)], check=True)
    if _has_pins(lock):
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--require-hashes", "-r", str(lock)], check=True)
    (venv / MARKER).write_text(want + "\n", encoding="utf-8")
    return venv, True


def plugin_path(tree: Path, python: Path, dest: Path) -> Path | None:
    """The tag's package installed into ``dest`` when the tag's site is built by the
    ``living-review`` MkDocs plugin (registered by entry point); None for a tag built by a hook."""
    pyproject = tree / "pyproject.toml"
    if not pyproject.is_file() or '"mkdocs.plugins"' not in pyproject.read_text(encoding="utf-8"):
        return None
    before = set(tree.iterdir())
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    pip += ["--no-build-isolation", "--target", str(dest), str(tree)]
    if subprocess.run(pip, cwd=tree).returncode != 0:
        raise RebuildError(f"could not install the generator of {tree.name} to build it")
    for leftover in set(tree.iterdir()) - before:  # the build's folders (build/, *.egg-info)
        shutil.rmtree(leftover, ignore_errors=True)
    return dest


def site_url(tree: Path) -> str | None:
    """The published address of the review in ``tree`` (``url`` in its review.yaml)."""
    review = yaml.safe_load((tree / "review.yaml").read_text(encoding="utf-8")) or {}
    return review.get("url")


def rebuild(
    repo: Path,
    tag: str,
    out: Path,
    engine: str = "mkdocs",
    cache: Path | None = None,
    url: str | None = None,
) -> list[str]:
    """Build the site of ``tag`` into ``out``; return what was done, one line each."""
    repo = repo.resolve()
    out = out.resolve()
    cache = (cache or repo / CACHE).resolve()
    log = []
    with tempfile.TemporaryDirectory(prefix="rebuild-") as tmp:
        tree = checkout(repo, tag, Path(tmp) / "tree")
        env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
        locks = [(SITE_LOCK, Path(sys.prefix))]
        if engine == "zensical":
            locks.append((ZENSICAL_LOCK, repo / ".venv-zensical"))
        venvs = []
        for name, current in locks:
            lock = tree / name
            if not lock.is_file():
                raise RebuildError(f"{tag} has no {name}: it predates hashed locks")
            venv, made = environment(lock, cache, current)
            venvs.append(venv)
            log.append(f"{'made' if made else 'reused'} {venv} for {name} ({digest(lock)})")
        if engine == "zensical":
            env["ZENSICAL"] = str(venvs[1] / "bin" / "zensical")
        env["SITE_URL"] = url or site_url(tree) or "http://127.0.0.1:8000/"
        python = venvs[0] / "bin" / "python"
        installed = plugin_path(tree, python, Path(tmp) / "package")
        if installed is not None:  # before the environment's own (an editable install) in sys.path
            env["PYTHONPATH"] = str(installed)
            log.append(f"installed the tag's generator (the living-review plugin) into {installed}")
        cmd = [str(python), "-m", "generator", "site", "--out", str(out)]
        if engine != "mkdocs":
            cmd += ["--engine", engine]
        if out.exists():
            shutil.rmtree(out)
        done = subprocess.run(cmd, cwd=tree, env=env)
        if done.returncode != 0:
            raise RebuildError(f"the build of {tag} failed (exit {done.returncode})")
    log.append(f"rebuilt {tag} with {engine} into {out} (SITE_URL={env['SITE_URL']})")
    return log
