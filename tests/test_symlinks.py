"""Case files that are symbolic links are refused unread, by the validator and by the site build.

In CI the validator's messages become public annotations: a link to ``/etc/passwd`` or to
``/proc/self/environ`` (the secrets of the process that reads it) must never have a byte of its
target printed. Each link is refused at ``path:1:1`` before anything is read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CANARY = "LR_CANARY_SECRET=canary-7f3a9c1e"
LINKS = {
    "passwd": "/etc/passwd",
    "environ": "/proc/self/environ",
    "readme": "../README.md",
}


def _project(tmp_path: Path, name: str, target: str) -> Path:
    """A copy of the review with one more case file: a link named ``<name>-2020.yaml``."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "cases", root / "cases")
    for file in (
        "review.yaml",
        "model.yaml",
        "published-ids.txt",
        "README.md",
        "mkdocs.yml",
        "CONTRIBUTING.md",
    ):
        shutil.copy2(ROOT / file, root / file)
    (root / "cases" / f"{name}-2020.yaml").symlink_to(target)
    return root


def _secrets(target: str, root: Path) -> list[str]:
    """Distinctive pieces of the target's content that must not appear in any output."""
    path = Path(target) if target.startswith("/") else (root / "cases" / target)
    if target == "/proc/self/environ":
        return [CANARY, CANARY.split("=", 1)[1]]
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.strip() for line in lines if len(line.strip()) >= 8]


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LR_CANARY_SECRET": CANARY.split("=", 1)[1], "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("name", sorted(LINKS))
@pytest.mark.parametrize("command", ["validate", "site"])
def test_a_linked_case_file_is_refused_unread(tmp_path, name, command):
    target = LINKS[name]
    if not Path(target).exists() and target.startswith("/"):
        pytest.skip(f"{target} does not exist here")
    root = _project(tmp_path, name, target)
    args = ["site", "--out", str(tmp_path / "site")] if command == "site" else ["validate"]
    done = _run(root, *args)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert f"cases/{name}-2020.yaml:1:1: is a symbolic link" in output, output
    leaked = [s for s in _secrets(target, root) if s in output]
    assert not leaked, f"the target of the link leaked into the output: {leaked[:3]}"
    assert not (tmp_path / "site").exists()


def test_a_link_is_refused_even_when_it_points_nowhere_or_at_a_folder(tmp_path):
    root = _project(tmp_path, "dangling", "/nonexistent/file.yaml")
    (root / "cases" / "folder-2020.yaml").symlink_to("/etc")
    done = _run(root, "validate")
    assert done.returncode == 1
    for name in ("dangling-2020.yaml", "folder-2020.yaml"):
        assert f"cases/{name}:1:1: is a symbolic link" in done.stdout, done.stdout


def test_a_link_given_by_name_is_refused(tmp_path):
    root = _project(tmp_path, "passwd", "/etc/passwd")
    done = _run(root, "validate", "cases/passwd-2020.yaml")
    assert done.returncode == 1
    assert "cases/passwd-2020.yaml:1:1: is a symbolic link" in done.stdout
    assert "root:" not in done.stdout + done.stderr


def test_a_linked_cases_folder_is_refused_unread(tmp_path):
    """A change could replace the whole folder by a link to /etc: nothing in it is read."""
    root = tmp_path / "project"
    root.mkdir()
    for file in ("review.yaml", "model.yaml", "published-ids.txt", "mkdocs.yml"):
        shutil.copy2(ROOT / file, root / file)
    (root / "cases").symlink_to("/etc")
    for args in (["validate"], ["site", "--out", str(tmp_path / "site")]):
        done = _run(root, *args)
        output = done.stdout + done.stderr
        assert done.returncode == 1, output
        assert "cases:1:1: is a symbolic link: the cases folder takes real files only" in output
        assert "root:" not in output and "/bin/" not in output, output
