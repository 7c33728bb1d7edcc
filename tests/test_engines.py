"""The same site from both engines: MkDocs (with the living-review plugin) and Zensical (from
the plugin-free project that `python -m generator static` writes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engines.packaged import EXTRA_CSS, EXTRA_JAVASCRIPT, static_config
from generator.pages.pipeline import build
from tests.helpers import REVIEW

ZENSICAL = Path(__file__).resolve().parents[1] / ".venv-zensical" / "bin" / "zensical"
ROOT = REVIEW  # the released cases only (tests/helpers.py)


def expected_files(site) -> list[str]:
    """Every output file a reader needs: each case page, Table 1, the charts, the data files."""
    pages = [uri for uri in site.pages if uri.startswith("cases/")]
    out = [f"{uri[:-3]}/index.html" for uri in pages]
    out += ["table-1/index.html", "charts/index.html", "index.html", "data/index.html"]
    out += [uri for uri in site.files if uri.startswith("data/")]
    out += ["assets/vendor/vega/vega.min.js", "assets/javascripts/table.js"]
    out += ["submit/index.html", "submit/form.json", "schema/case.schema.json"]
    out += ["assets/vendor/ajv/ajv2020.min.js", "assets/javascripts/submit.js"]
    return out


def missing(out: Path, files: list[str]) -> list[str]:
    return [f for f in files if not (out / f).is_file()]


def _lists(css: tuple[str, ...], js: tuple[str, ...]) -> str:
    return (
        "\nextra_css:\n"
        + "".join(f'  - "{c}"\n' for c in css)
        + "\nextra_javascript:\n"
        + "".join(f'  - "{j}"\n' for j in js)
    )


def test_static_config_drops_only_the_plugin_and_lists_the_packaged_files():
    text = "site_name: x\ntheme:\n  name: material\nplugins:\n  - search\n  - living-review\nnav:\n  - Home: index.md\n"
    expected = "site_name: x\ntheme:\n  custom_dir: overrides\n  name: material\nplugins:\n  - search\nnav:\n  - Home: index.md\n"
    assert static_config(text, "overrides") == expected + _lists(EXTRA_CSS, EXTRA_JAVASCRIPT)


def test_static_config_keeps_a_reviews_own_lists_after_the_packaged_ones():
    text = "theme:\n  name: material\n  custom_dir: mine\nplugins: [search, living-review]\nextra_css:\n  - own.css\n"
    out = static_config(text, "overrides")
    assert "plugins: [search]\n" in out and "mine" not in out
    assert out.index(EXTRA_CSS[-1]) < out.index("own.css")
    with pytest.raises(ValueError, match="block list"):
        static_config("extra_css: [own.css]\n", "overrides")


@pytest.fixture(scope="module")
def site():
    return build(ROOT)


def test_both_engines_build_the_complete_site(site, tmp_path):
    files = expected_files(site)
    assert len([f for f in files if f.startswith("cases/")]) == 32

    mk_out = tmp_path / "mkdocs-site"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--out", str(mk_out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert missing(mk_out, files) == []

    if not ZENSICAL.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Zensical is not installed: run `make install-zensical`")
        pytest.skip("Zensical is not installed: run `make install-zensical`")
    project = tmp_path / "static"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "static", "--out", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [str(ZENSICAL), "build"], cwd=project, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    z_out = project / "site"
    assert missing(z_out, files) == []
    # the same generated content in both: Table 1 lists every case in each
    for out in (mk_out, z_out):
        table = (out / "table-1" / "index.html").read_text(encoding="utf-8")
        assert table.count("<tr data-case-id=") == 32
        assert (out / "data" / "cases.csv").read_bytes() == site.files["data/cases.csv"]
