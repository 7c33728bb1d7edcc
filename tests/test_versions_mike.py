"""Versioned deployment with mike, on a throwaway local git repository (no network, no push).

The project is copied into a temporary folder, committed, and deployed as 1.0.0; a release is then
simulated (a new first entry under ``releases:`` in review.yaml) and deployed as 1.1.0. The
``gh-pages`` branch must then hold both versions side by side, with ``latest`` moved to 1.1.0 and
each version's home page showing its own version number.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = ["mkdocs.yml", "review.yaml", "CONTRIBUTING.md", ".gitignore"]  # .gitignore: site/
FOLDERS = ["cases", "docs", "overrides", "hooks"]
CASE = "guo-2017"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _env() -> dict[str, str]:
    """A hermetic git (no user or system config: no signing, hooks or templates) with an
    identity for the commits, MkDocs without its 2.0 banner, and this interpreter's scripts
    first on PATH (mike runs the `mkdocs` command it finds there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "SITE_URL"}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        NO_MKDOCS_2_WARNING="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    return env


def _run(cmd: list[str], cwd: Path) -> str:
    done = subprocess.run(
        cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, (
        f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


def _git(repo: Path, *args: str) -> str:
    return _run(["git", *args], repo)


# mike 2 has no `__main__` module (`python -m mike` fails): call its console entry point with
# this interpreter instead.
MIKE = [sys.executable, "-c", "import sys; from mike.driver import main; sys.exit(main())"]


def _mike(repo: Path, *args: str) -> str:
    return _run([*MIKE, *args], repo)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


def _add_release(review_yaml: Path, version: str, date: str, summary: str) -> None:
    """Insert a new first entry under `releases:` (a text edit: keeps the comments)."""
    text = review_yaml.read_text(encoding="utf-8")
    match = re.search(r"^releases:[ \t]*\n(?P<indent>[ \t]*)- ", text, flags=re.MULTILINE)
    assert match, "review.yaml has no block list under `releases:`"
    indent = match.group("indent")
    entry = (
        f'{indent}- version: {version}\n{indent}  date: "{date}"\n{indent}  summary: "{summary}"\n'
    )
    at = match.start("indent")
    review_yaml.write_text(text[:at] + entry + text[at:], encoding="utf-8")


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: its tags (!ENV, !relative, ...) become None."""


_MkDocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """The throwaway repository, after deploying 1.0.0 and then 1.1.0 with mike."""
    repo = tmp_path_factory.mktemp("mike") / "project"
    repo.mkdir()
    for name in FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in FOLDERS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name, ignore=ignore)

    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "The review as released in 1.0.0")
    # The copy is the project as it is now; this test deploys it as 1.0.0 whatever its version.
    _add_release_if_needed(repo / "review.yaml", "1.0.0")
    _mike(repo, "deploy", "--update-aliases", "1.0.0", "latest")

    _add_release(repo / "review.yaml", "1.1.0", "2027-01-15", "Test release: nothing changed.")
    _commit(repo, "Release 1.1.0")
    _mike(repo, "deploy", "--update-aliases", "1.1.0", "latest")
    return repo


def _add_release_if_needed(review_yaml: Path, version: str) -> None:
    current = yaml.safe_load(review_yaml.read_text(encoding="utf-8"))["releases"][0]["version"]
    if current != version:  # the real review has moved on: pretend this copy is `version`
        _add_release(review_yaml, version, "2026-11-24", "Test release.")
        _commit(review_yaml.parent, f"Release {version}")


def _show(repo: Path, path: str) -> str:
    return _git(repo, "show", f"gh-pages:{path}")


def _tree(repo: Path) -> dict[str, str]:
    """Path -> git mode, for every file on gh-pages (symlinks are mode 120000)."""
    out = {}
    for line in _git(repo, "ls-tree", "-r", "gh-pages").splitlines():
        meta, path = line.split("\t", 1)
        out[path] = meta.split()[0]
    return out


def test_mkdocs_uses_the_mike_version_provider():
    """Material shows mike's version selector only with `extra: version: provider: mike`."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    provider = ((config.get("extra") or {}).get("version") or {}).get("provider")
    assert provider == "mike", "mkdocs.yml needs `extra: {version: {provider: mike}}`"


def test_versions_json_lists_both_versions(deployed):
    versions = {v["version"]: v for v in json.loads(_show(deployed, "versions.json"))}
    assert set(versions) == {"1.0.0", "1.1.0"}
    assert versions["1.1.0"]["aliases"] == ["latest"]
    assert versions["1.0.0"]["aliases"] == []
    # mike lists the newest first
    assert [v["version"] for v in json.loads(_show(deployed, "versions.json"))][0] == "1.1.0"


def test_both_versions_are_on_gh_pages(deployed):
    tree = _tree(deployed)
    for path in (
        "1.0.0/index.html",
        "1.1.0/index.html",
        f"1.0.0/cases/{CASE}/index.html",
        f"1.1.0/cases/{CASE}/index.html",
        "versions.json",
    ):
        assert path in tree, f"{path} is not on gh-pages"
    # every version is a complete site: the same pages in both
    pages = {
        v: {p.split("/", 1)[1] for p in tree if p.startswith(f"{v}/")} for v in ("1.0.0", "1.1.0")
    }
    assert pages["1.0.0"] == pages["1.1.0"]


def test_latest_points_at_the_new_version(deployed):
    tree = _tree(deployed)
    if tree.get("latest") == "120000":  # alias_type: symlink (mike's default)
        assert _show(deployed, "latest").strip() == "1.1.0"
    else:  # alias_type: copy or redirect
        assert "latest/index.html" in tree
        page = _show(deployed, "latest/index.html")
        assert "1.1.0" in page and "Version <strong>1.0.0</strong>" not in page


def test_each_version_shows_its_own_number(deployed):
    old = _show(deployed, "1.0.0/index.html")
    new = _show(deployed, "1.1.0/index.html")
    assert "Version <strong>1.0.0</strong>" in old and "1.1.0" not in old
    assert "Version <strong>1.1.0</strong>" in new
    assert "Version <strong>1.0.0</strong>" not in new


def test_the_source_branch_is_untouched(deployed):
    """mike commits only to gh-pages: the working tree and main stay as they were."""
    assert _git(deployed, "status", "--porcelain").strip() == ""
    assert "1.1.0" in _git(deployed, "show", "main:review.yaml")
    assert "1.0.0/index.html" not in _git(deployed, "ls-tree", "-r", "--name-only", "main")
