"""The generator as an installed package builds a review folder that carries nothing of it.

The wheel is built from this repository's sources (``pip wheel --no-deps --no-build-isolation``)
and installed with ``--target`` into a folder of its own; a fresh virtual environment sees that
folder first and this environment's site-packages after it (a ``.pth`` file: its dependencies,
never this repository, whose editable install's own ``.pth`` is not read from there). A review
folder holding only its own files (``review.yaml``, ``cases/``, its searches, its guides, two
hand-written pages and a short ``mkdocs.yml`` naming the ``living-review`` plugin) is copied
outside the repository and built with ``mkdocs build --strict`` from there. Every script and
stylesheet its pages reference must be in the site: the theme, the scripts, the stylesheets and
the vendored Vega and Ajv come from the wheel, found with ``importlib.resources``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.helpers import REPO, hermetic_git_env

REVIEW_FILES = [
    "review.yaml",
    "model.yaml",
    "published-ids.txt",
    "CONTRIBUTING.md",
    "MAINTAINING.md",
]
REVIEW_FOLDERS = ["cases", "searches"]
PAGES = ["docs/about.md", "docs/bad-input.md"]
MKDOCS_YML = """\
site_name: A review built from the installed generator
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
plugins:
  - search
  - living-review
markdown_extensions:
  - admonition
  - attr_list
  - toc:
      permalink: true
"""
VENDORED = [
    "assets/vendor/vega/vega.min.js",
    "assets/vendor/vega/vega-lite.min.js",
    "assets/vendor/vega/vega-embed.min.js",
    "assets/vendor/ajv/ajv2020.min.js",
]
IN_THE_WHEEL = [
    "generator/engines/mkdocs_plugin.py",
    "generator/templates/case.md.j2",
    "generator/theme/main.html",
    "generator/theme/partials/actions.html",
    "generator/theme/partials/search.html",
    "generator/assets/javascripts/table.js",
    "generator/assets/javascripts/charts.js",
    "generator/assets/javascripts/cite.js",
    "generator/assets/javascripts/submit.js",
    "generator/assets/javascripts/submit-form.js",
    "generator/assets/stylesheets/extra.css",
    "generator/assets/stylesheets/table.css",
    "generator/assets/stylesheets/submit.css",
    *(f"generator/{uri}" for uri in VENDORED),
    "generator/assets/vendor/vega/LICENSE-vega.txt",
    "generator/assets/vendor/vega/LICENSE-vega-lite.txt",
    "generator/assets/vendor/vega/LICENSE-vega-embed.txt",
    "generator/assets/vendor/vega/manifest.json",
    "generator/assets/vendor/ajv/LICENSE-ajv.txt",
    "generator/assets/vendor/ajv/manifest.json",
]


def _run(cmd: list[str], cwd: Path, timeout: int = 300) -> str:
    env = hermetic_git_env("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SITE_URL")
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the build writes nothing into the repo)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(
        REPO / "generator", src / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    _run([*pip, "--no-index", "-w", str(out), str(src)], src)
    [found] = out.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def python(wheel, tmp_path_factory) -> Path:
    """A fresh environment's Python: the wheel's package first, then this environment's
    dependencies; the repository is not on its path."""
    base = tmp_path_factory.mktemp("installed")
    target = base / "packages"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    _run([*pip, "--target", str(target), str(wheel)], base)
    venv = base / "venv"
    exe = getattr(sys, "_base_executable", sys.executable)
    _run([exe, "-m", "venv", "--without-pip", str(venv)], base)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    site.mkdir(parents=True, exist_ok=True)
    deps = sysconfig.get_path("purelib")
    (site / "lr-test.pth").write_text(f"{target}\n{deps}\n", encoding="utf-8")
    return venv / "bin" / "python"


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    """A review folder holding only what is its own, outside the repository."""
    dest = tmp_path_factory.mktemp("review-folder") / "review"
    assert not dest.resolve().is_relative_to(REPO)
    dest.mkdir()
    for name in REVIEW_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    for name in REVIEW_FOLDERS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    for name in PAGES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, dest / name)
    (dest / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return dest


def test_the_wheel_holds_the_theme_the_assets_and_the_licences(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        registered = zf.read(entry_points).decode("utf-8")
    assert [n for n in IN_THE_WHEEL if n not in names] == []
    assert "[mkdocs.plugins]" in registered
    assert "living-review = generator.engines.mkdocs_plugin:LivingReviewPlugin" in registered


def test_the_installed_package_builds_a_review_folder(python, review, tmp_path):
    where = _run([str(python), "-c", "import generator; print(generator.__file__)"], review)
    assert "/packages/generator/__init__.py" in where.strip().splitlines()[-1]
    assert not Path(where.strip().splitlines()[-1]).resolve().is_relative_to(REPO)

    site = tmp_path / "site"
    _run([str(python), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], review)

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30 and (site / "table-1" / "index.html").is_file()
    tag = re.compile(
        r"<script\b[^>]*\bsrc=\"([^\"]+)\"|<link\b[^>]*\brel=\"stylesheet\"[^>]*\bhref=\"([^\"]+)\""
    )
    referenced: set[str] = set()
    for page in pages:
        base = "/" + page.relative_to(site).as_posix()
        for script, sheet in tag.findall(page.read_text(encoding="utf-8")):
            url = urljoin(base, script or sheet)
            assert not urlsplit(url).netloc, f"{page}: {url} is not in the site (no CDN)"
            referenced.add(urlsplit(url).path.lstrip("/"))
    missing = sorted(uri for uri in referenced if not (site / uri).is_file())
    assert missing == []
    for uri in ["assets/javascripts/table.js", "assets/stylesheets/extra.css"]:
        assert uri in referenced
    for uri in VENDORED:
        assert (site / uri).is_file(), uri
        assert (site / uri).read_bytes() == (REPO / "generator" / uri).read_bytes()
