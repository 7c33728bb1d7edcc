"""Small helpers shared by the tests (no fixtures: those live in the conftest files)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import yaml

PROJECT_FILES = [
    "mkdocs.yml",
    "review.yaml",
    "cases",
    "docs",
    "CONTRIBUTING.md",
    "MAINTAINING.md",
    "model.yaml",
]
"""What a copy of the review needs to build its site (``published-ids.txt`` where it exists);
the theme, scripts and stylesheets come from the installed package."""


def hermetic_git_env(*drop: str) -> dict[str, str]:
    """This process's environment for a throwaway git repository: no user or system git config
    (no signing, hooks or templates), an identity for the commits, no MkDocs 2.0 banner, and
    neither ``GIT_*`` variables nor the names in ``drop``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in drop}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        NO_MKDOCS_2_WARNING="1",
    )
    return env


REPO = Path(__file__).resolve().parent.parent
"""This repository: the generator and its first review."""

REFERENCE_VERSION = "1.0.0"
"""The version whose cases the tests of this review's data know: the source's 32."""

_COPY_IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "site",
    "site-*",
    "rebuild",
    "screenshots",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "build",
    "*.egg-info",
)


def reference_review(dest: Path, source: Path = REPO) -> Path:
    """A copy of this repository whose ``cases/`` holds only the cases released in
    :data:`REFERENCE_VERSION`.

    The tests that know this review's figures (32 cases, 13 men in the source, the golden pages)
    read this copy, so that a pull request adding a case (a contributor's one file, from the
    form) passes ``make test`` with no other edit; ``tests/review/test_cases.py`` validates the real
    ``cases/`` folder, every case in it."""
    shutil.copytree(source, dest, ignore=_COPY_IGNORED)
    for path in (dest / "cases").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("added_in") != REFERENCE_VERSION:
            path.unlink()
    return dest


def _session_review() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lr-review-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return reference_review(folder / "review")


REVIEW = _session_review()
"""The reference copy for this test run (made once, removed at exit)."""

if (REPO / ".venv-zensical" / "bin" / "zensical").is_file():  # the copy has no venvs
    os.environ.setdefault("ZENSICAL", str(REPO / ".venv-zensical" / "bin" / "zensical"))


def declared(cases, root: Path = REVIEW):
    """The cases (instances of the review's declared case model, as the validator gives them)
    and the declaration of the review under ``root``."""
    from generator.model import load_domain

    domain, diagnostics = load_domain(root)
    assert domain is not None, diagnostics
    assert all(isinstance(c, domain.case) for c in cases)
    return list(cases), domain.model
