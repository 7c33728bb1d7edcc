"""The pipeline that takes files from strangers: zizmor finds nothing in the workflows, and the
PR workflow's check refuses a change that adds a symbolic link."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import hermetic_git_env

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".github" / "scripts" / "no-new-symlinks.sh"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def test_zizmor_finds_nothing():
    exe = str(ZIZMOR) if ZIZMOR.exists() else shutil.which("zizmor")
    assert exe, "zizmor is not installed: it is in the test extras (make install)"
    done = subprocess.run(
        [exe, "--offline", "--no-progress", ".github/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_the_pr_workflow_runs_the_symlink_check_against_the_base():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    (check,) = [s for s in steps if "no-new-symlinks.sh" in s.get("run", "")]
    assert "base.sha" in check["env"]["BASE"] and '"$BASE"' in check["run"]
    (checkout,) = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False


def _git(repo: Path, *args: str) -> str:
    env = hermetic_git_env()
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _check(repo: Path, base: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), base], cwd=repo, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_change_adding_a_symbolic_link_fails(tmp_path):
    repo = tmp_path / "repo"
    (repo / "cases").mkdir(parents=True)
    (repo / "cases" / "a-2020.yaml").write_text("id: a-2020\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    base = _git(repo, "rev-parse", "HEAD")

    (repo / "cases" / "b-2020.yaml").write_text("id: b-2020\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a plain file")
    done = _check(repo, base)
    assert done.returncode == 0, done.stdout + done.stderr

    (repo / "docs").mkdir()
    (repo / "docs" / "x.md").symlink_to("/etc/passwd")
    (repo / "cases" / "a-2020.yaml").unlink()
    (repo / "cases" / "a-2020.yaml").symlink_to("../README.md")  # a file turned into a link
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "links")
    for since in (base, "", "0" * 40):  # against the base; on a first push, the whole tree
        done = _check(repo, since)
        assert done.returncode == 1, done.stdout
        assert "::error file=docs/x.md::" in done.stdout
        assert "::error file=cases/a-2020.yaml::" in done.stdout
        assert "root:" not in done.stdout
