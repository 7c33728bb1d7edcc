"""Versioned deployment with mike, on a throwaway local git repository (no network, no push).

The project is copied into a temporary folder, committed, and deployed as its current version
(1.0.0); a release is then simulated (a new first entry under ``releases:`` in review.yaml) and
deployed as the next minor version (1.1.0). The ``gh-pages`` branch must then hold both versions
side by side, with ``latest`` moved to the new one and each version's home page showing its own
version number.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import hermetic_git_env

ROOT = Path(__file__).resolve().parent.parent
# Besides these, every file at the top of the project is copied (the build reads some of them:
# published-ids.txt, CONTRIBUTING.md; .gitignore keeps mike's site/ out of the commits).
FILES = ["mkdocs.yml", "review.yaml", "CONTRIBUTING.md"]
FOLDERS = ["cases", "docs", "searches"]
# What a deployment sets (see .github/workflows/release.yml): mkdocs.yml reads it into
# `extra.version.provider`, which turns on Material's version selector.
DEPLOY_ENV = {"VERSION_PROVIDER": "mike"}
CASE = "guo-2017"


def _next_release() -> tuple[str, str, str]:
    """(current version, next minor version, its date): 1.0.0, 1.1.0 and 2027-01-15 for the
    first review; later ones once review.yaml has moved on (releases must stay newest first)."""
    release = yaml.safe_load((ROOT / "review.yaml").read_text(encoding="utf-8"))["releases"][0]
    major, minor, _ = (int(part) for part in release["version"].split("."))
    after = datetime.date.fromisoformat(release["date"]) + datetime.timedelta(days=1)
    date = max(datetime.date(2027, 1, 15), after).isoformat()
    return release["version"], f"{major}.{minor + 1}.0", date


OLD, NEW, NEW_DATE = _next_release()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _env() -> dict[str, str]:
    """A hermetic git (no user or system config: no signing, hooks or templates) with an
    identity for the commits, MkDocs without its 2.0 banner, and this interpreter's scripts
    first on PATH (mike runs the `mkdocs` command it finds there)."""
    env = hermetic_git_env("SITE_URL")
    env.update(
        **DEPLOY_ENV,
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


def _mkdocs_config(env: dict[str, str]) -> dict:
    """mkdocs.yml as MkDocs reads it under `env`: `!ENV [NAME, ..., default]` resolved, other
    tags (!relative, ...) read as None."""

    class Loader(yaml.SafeLoader):
        pass

    def env_tag(loader: yaml.SafeLoader, node: yaml.Node):
        if isinstance(node, yaml.ScalarNode):
            names, default = [loader.construct_scalar(node)], None
        else:
            *names, default = loader.construct_sequence(node)
        return next((env[n] for n in names if n in env), default)

    Loader.add_constructor("!ENV", env_tag)
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """The throwaway repository, after deploying OLD (1.0.0) and then NEW (1.1.0) with mike."""
    repo = tmp_path_factory.mktemp("mike") / "project"
    repo.mkdir()
    # never `.git`: in a git worktree it is a file pointing at the real repository, and the
    # throwaway repository's commits and mike's gh-pages would land there
    names = {*FILES, *(p.name for p in ROOT.iterdir() if p.is_file() and p.name != ".git")}
    for name in sorted(names):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in FOLDERS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name, ignore=ignore)

    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, f"The review as released in {OLD}")
    _mike(repo, "deploy", "--update-aliases", OLD, "latest")

    _add_release(repo / "review.yaml", NEW, NEW_DATE, "Test release: nothing changed.")
    _commit(repo, f"Release {NEW}")
    # the maintainers' command, with this interpreter's environment (not a venv of the copy)
    venv = Path(sys.prefix)
    _run(["make", "-o", "install", f"VENV={venv}", "deploy-version"], repo)
    return repo


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
    config = _mkdocs_config(DEPLOY_ENV)
    provider = ((config.get("extra") or {}).get("version") or {}).get("provider")
    assert provider == "mike", (
        f"with {DEPLOY_ENV}, mkdocs.yml must give `extra: {{version: {{provider: mike}}}}`"
    )


def test_deployed_pages_have_the_version_selector(deployed):
    for version in (OLD, NEW):
        page = _show(deployed, f"{version}/index.html")
        assert re.search(r'"version":\s*\{\s*"provider":\s*"mike"', page), (
            f"{version}/index.html: Material's version selector is not configured"
        )


def test_versions_json_lists_both_versions(deployed):
    versions = {v["version"]: v for v in json.loads(_show(deployed, "versions.json"))}
    assert set(versions) == {OLD, NEW}
    assert versions[NEW]["aliases"] == ["latest"]
    assert versions[OLD]["aliases"] == []
    # mike lists the newest first
    assert [v["version"] for v in json.loads(_show(deployed, "versions.json"))][0] == NEW


def test_both_versions_are_on_gh_pages(deployed):
    tree = _tree(deployed)
    for path in (
        f"{OLD}/index.html",
        f"{NEW}/index.html",
        f"{OLD}/cases/{CASE}/index.html",
        f"{NEW}/cases/{CASE}/index.html",
        "versions.json",
    ):
        assert path in tree, f"{path} is not on gh-pages"
    # every version is a complete site: the same pages in both (other files may be named by
    # version, such as the citation downloads)
    pages = {
        v: {p.split("/", 1)[1] for p in tree if p.startswith(f"{v}/") and p.endswith(".html")}
        for v in (OLD, NEW)
    }
    assert pages[OLD] == pages[NEW]


def test_latest_points_at_the_new_version(deployed):
    tree = _tree(deployed)
    if tree.get("latest") == "120000":  # alias_type: symlink (mike's default)
        assert _show(deployed, "latest").strip() == NEW
    else:  # alias_type: copy or redirect
        assert "latest/index.html" in tree
        page = _show(deployed, "latest/index.html")
        assert NEW in page and f"Version <strong>{OLD}</strong>" not in page


def test_each_version_shows_its_own_number(deployed):
    old = _show(deployed, f"{OLD}/index.html")
    new = _show(deployed, f"{NEW}/index.html")
    assert f"Version <strong>{OLD}</strong>" in old and NEW not in old
    assert f"Version <strong>{NEW}</strong>" in new
    assert f"Version <strong>{OLD}</strong>" not in new


def test_the_source_branch_is_untouched(deployed):
    """mike commits only to gh-pages: the working tree and main stay as they were."""
    assert _git(deployed, "status", "--porcelain").strip() == ""
    assert f"version: {NEW}" in _git(deployed, "show", "main:review.yaml")
    assert f"{OLD}/index.html" not in _git(deployed, "ls-tree", "-r", "--name-only", "main")


def test_make_deploy_version_writes_the_review_address(deployed):
    """`make deploy-version` without SITE_URL: canonical links and the sitemap name the review's
    own address (url in review.yaml) under the version, never the local preview's."""
    url = yaml.safe_load((deployed / "review.yaml").read_text(encoding="utf-8"))["url"]
    page = _show(deployed, f"{NEW}/index.html")
    assert f'<link rel="canonical" href="{url}{NEW}/">' in page
    sitemap = _show(deployed, f"{NEW}/sitemap.xml")
    assert f"<loc>{url}{NEW}/</loc>" in sitemap and "127.0.0.1" not in sitemap
