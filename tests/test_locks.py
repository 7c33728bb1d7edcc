"""The hashed locks: each satisfies pyproject.toml, hashes every pin and names no host."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from generator.pages.pipeline import build
from generator.releases.locks import (
    LOCKS,
    SITE_LOCK,
    ZENSICAL_LOCK,
    digest,
    lock_problems,
    parse_lock,
)

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(lock: str) -> list[str]:
    """What pyproject.toml asks of each lock."""
    if lock == ZENSICAL_LOCK:
        return PYPROJECT["dependency-groups"]["zensical"]
    project = PYPROJECT["project"]
    return [
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
        *PYPROJECT["build-system"]["requires"],
    ]


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_satisfies_pyproject_and_names_no_host(lock):
    text = (ROOT / lock).read_text(encoding="utf-8")
    assert parse_lock(text), f"{lock} pins nothing"
    assert lock_problems(text, _requirements(lock)) == []


def test_lock_checker_finds_problems():
    text = "mkdocs==1.6.1 \\\n    --hash=sha256:" + "a" * 64 + "\nruff==0.1.0\n--index-url x\n"
    problems = lock_problems(text, ["mkdocs>=1.6,<2", "ruff>=0.6", "pandas>=2"])
    assert "ruff==0.1.0 has no sha256 hash" in problems
    assert "ruff>=0.6: the lock pins 0.1.0" in problems
    assert "pandas>=2: not in the lock" in problems
    assert any("names a host or an index" in p for p in problems)
    # a requirement whose marker excludes Python 3.11 on linux needs no pin
    excluded = lock_problems(text, ["tomli>=1; python_version < '3.11'"])
    assert not [p for p in excluded if p.startswith("tomli")]


def test_installs_use_the_locks_with_hashes():
    """make and CI install from the locks, hashes required; `make lock` rewrites them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for lock in LOCKS:
        assert f"--require-hashes -r $({'SITE' if lock == SITE_LOCK else 'ZEN'}_LOCK)" in makefile
        assert lock in makefile
    assert "--generate-hashes" in makefile and "--no-deps --no-build-isolation -e ." in makefile
    assert "pip install --quiet -e" not in makefile


def test_the_build_records_its_locks():
    info = json.loads(build(ROOT).files["build.json"])
    assert info["locks"] == {lock: digest(ROOT / lock) for lock in LOCKS}
    tag = f"v{info['version']}"
    assert info["rebuild"] == f"living-review rebuild {tag} --out rebuild/{tag}"
