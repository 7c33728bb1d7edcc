"""Versioned deployment without mike works with both engines: two versions deployed with
``python -m generator deploy`` into one folder, served, show Material's version selector with
both versions, and ``latest/`` leads to the newest version's same page."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from .conftest import ROOT, bound_server, require_zensical


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_two_versions_with_the_selector(browser, tmp_path, engine):
    if engine == "zensical":
        require_zensical()
    server, base = bound_server(tmp_path / "pages")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "VERSION_PROVIDER")}
    for version in ("1.0.0", "1.1.0"):
        cmd = [sys.executable, "-m", "generator", "deploy", "--into", str(tmp_path / "pages")]
        cmd += ["--version", version, "--alias", "latest", "--engine", engine, "--site-url", base]
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "latest/cases/guo-2017/")
        page.wait_for_url(base + "1.1.0/cases/guo-2017/")
        page.locator(".md-version__current").wait_for(timeout=15000)
        assert page.locator(".md-version__current").inner_text().strip() == "1.1.0"
        listed = page.locator(".md-version__link").evaluate_all(
            "links => links.map(a => a.textContent.trim())"
        )
        assert {"1.0.0", "1.1.0"} <= set(listed), listed
        page.goto(base)
        page.wait_for_url(base + "1.1.0/")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
