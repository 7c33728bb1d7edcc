"""Rebuilding tagged releases: a throwaway git repository with two releases of different content,
each rebuilt from its tag (``python -m generator rebuild``) and compared byte for byte with a
direct build of a checkout of that tag, as the release workflow builds it.

Both tags carry this project's lock, so the rebuild reuses the running environment (the path
tested here; a new environment per lock is tested below with an empty lock, since installing a
real one downloads some 300 MB and takes minutes)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.releases.locks import MARKER, SITE_LOCK, ZENSICAL_LOCK, digest
from generator.releases.rebuild import environment
from tests.helpers import hermetic_git_env

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = ("tests/", "benchmarks/", "fuzz/")
CASE = "cases/sasaki-2015.yaml"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _env() -> dict[str, str]:
    return hermetic_git_env("SITE_URL", "SOURCE_DATE_EPOCH")


def _run(cmd: list[str], cwd: Path, **env: str) -> str:
    done = subprocess.run(
        cmd, cwd=cwd, env={**_env(), **env}, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _git(repo: Path, *args: str) -> str:
    return _run(["git", *args], repo)


def _release(repo: Path, version: str) -> None:
    """A new release in review.yaml, and a visibly different case page."""
    review = repo / "review.yaml"
    text = review.read_text(encoding="utf-8")
    match = re.search(r"^releases:[ \t]*\n(?P<indent>[ \t]*)- ", text, flags=re.MULTILINE)
    assert match
    i = match.group("indent")
    entry = f'{i}- version: {version}\n{i}  date: "2027-02-01"\n{i}  summary: "Test release."\n'
    review.write_text(text[: match.start("indent")] + entry + text[match.start("indent") :])
    case = repo / CASE
    text = case.read_text(encoding="utf-8")
    assert "\nnotes: null\n" in text
    case.write_text(text.replace("\nnotes: null\n", '\nnotes: "Checked again for 1.1."\n'))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, str, str]:
    """The throwaway repository with tags (old, new): the project as committed, then a release."""
    repo = tmp_path_factory.mktemp("rebuild") / "project"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if name.startswith(SKIPPED) or not source.is_file():
            continue
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, repo / name)
    old = yaml.safe_load((repo / "review.yaml").read_text(encoding="utf-8"))["releases"][0]
    old_version = old["version"]
    major, minor, _ = (int(x) for x in old_version.split("."))
    new_version = f"{major}.{minor + 1}.0"
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", f"Release {old_version}")
    _git(repo, "tag", f"v{old_version}")
    _release(repo, new_version)
    _git(repo, "commit", "-qam", f"Release {new_version}")
    _git(repo, "tag", f"v{new_version}")
    return repo, old_version, new_version


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _direct_build(repo: Path, tag: str, out: Path) -> dict[str, bytes]:
    """A checkout of ``tag`` built as the release workflow does (SITE_URL = the review's url)."""
    _git(repo, "checkout", "-q", tag)
    try:
        url = yaml.safe_load((repo / "review.yaml").read_text(encoding="utf-8"))["url"]
        _run([sys.executable, "-m", "generator", "site", "--out", str(out)], repo, SITE_URL=url)
    finally:
        _git(repo, "checkout", "-q", "main")
    return _tree(out)


def test_each_tag_rebuilds_byte_identical_to_its_release(repo, tmp_path):
    marker = Path(sys.prefix) / MARKER
    if not marker.is_file() or marker.read_text().strip() != digest(ROOT / SITE_LOCK):
        if os.environ.get("CI") == "true":
            pytest.fail("the test environment was not installed from the lock (make install)")
        pytest.skip("the running environment was not installed from the lock: make install")
    project, old, new = repo
    sites = {}
    for version in (old, new):
        out = tmp_path / f"rebuilt-{version}"
        log = _run(
            [
                sys.executable,
                "-m",
                "generator",
                "rebuild",
                f"v{version}",
                "--out",
                str(out),
                "--cache",
                str(tmp_path / "venvs"),
            ],
            project,
        )
        assert f"reused {sys.prefix} for {SITE_LOCK}" in log, log
        assert "installed the tag's generator (the living-review plugin)" in log, log
        rebuilt = _tree(out)
        direct = _direct_build(project, f"v{version}", tmp_path / f"direct-{version}")
        assert sorted(rebuilt) == sorted(direct)
        differ = [name for name in direct if rebuilt[name] != direct[name]]
        assert differ == [], f"v{version}: rebuilt files differ from the release's: {differ[:5]}"
        sites[version] = rebuilt
    assert not (tmp_path / "venvs").exists(), "an identical lock must not make a new environment"
    # the two releases are different sites, each with its own version and content
    page = "cases/sasaki-2015/index.html"
    assert sites[old][page] != sites[new][page]
    assert b"Checked again for 1.1." in sites[new][page]
    assert b"Checked again" not in sites[old][page]
    for version in (old, new):
        assert (
            f"<strong data-review-version>{version}</strong>".encode()
            in sites[version]["index.html"]
        )


def test_an_unknown_tag_is_refused(repo, tmp_path):
    project, _, _ = repo
    done = subprocess.run(
        [sys.executable, "-m", "generator", "rebuild", "v9.9.9", "--out", str(tmp_path / "x")],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "v9.9.9: not a tag or commit" in done.stderr


def test_another_lock_gets_its_own_cached_environment(tmp_path):
    lock = tmp_path / "site.lock.txt"
    lock.write_text("# an empty lock: nothing to download\n")
    cache = tmp_path / "venvs"
    venv, made = environment(lock, cache, current=tmp_path / "elsewhere")
    assert made and venv.parent == cache and (venv / "bin" / "python").exists()
    assert (venv / MARKER).read_text().strip() == digest(lock)
    again, made = environment(lock, cache, current=tmp_path / "elsewhere")
    assert (again, made) == (venv, False)
    lock.write_text("# another lock\n")
    other, made = environment(lock, cache, current=tmp_path / "elsewhere")
    assert made and other != venv


def test_a_tag_rebuilds_byte_identical_with_zensical(repo, tmp_path):
    """The same with Zensical: the tag's zensical lock, the current .venv-zensical/ reused."""
    zvenv = ROOT / ".venv-zensical"
    marker = zvenv / MARKER
    if not marker.is_file() or marker.read_text().strip() != digest(ROOT / ZENSICAL_LOCK):
        if os.environ.get("CI") == "true":
            pytest.fail("Zensical was not installed from its lock: make install-zensical")
        pytest.skip("Zensical was not installed from its lock: make install-zensical")
    project, _, new = repo
    link = project / ".venv-zensical"  # the rebuild looks for the current one in the repository
    link.symlink_to(zvenv)
    try:
        out = tmp_path / "rebuilt"
        log = _run(
            [sys.executable, "-m", "generator", "rebuild", f"v{new}", "--out", str(out)]
            + ["--engine", "zensical", "--cache", str(tmp_path / "venvs")],
            project,
        )
        assert f"reused {link} for {ZENSICAL_LOCK}" in log, log
        _git(project, "checkout", "-q", f"v{new}")
        url = yaml.safe_load((project / "review.yaml").read_text(encoding="utf-8"))["url"]
        direct = tmp_path / "direct"
        cmd = [sys.executable, "-m", "generator", "site", "--engine", "zensical"]
        _run(
            [*cmd, "--out", str(direct)], project, SITE_URL=url, ZENSICAL=str(link / "bin/zensical")
        )
    finally:
        _git(project, "checkout", "-q", "main")
        link.unlink()
    rebuilt, expected = _tree(out), _tree(direct)
    assert sorted(rebuilt) == sorted(expected)
    assert [n for n in expected if rebuilt[n] != expected[n]] == []
    assert b"Made with" in rebuilt["index.html"] and b"Zensical" in rebuilt["index.html"]
