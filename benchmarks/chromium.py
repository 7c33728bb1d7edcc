"""Headless Chromium as the benchmark and the browser tests launch it (one place for both).

Debian's Chromium, driven by Playwright's Python API: ``/usr/lib/chromium/chromium`` starts
faster than the ``/usr/bin/chromium`` wrapper script, so it is tried first.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM_CANDIDATES = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
"""Where Debian installs Chromium, fastest to start first."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""Launch flags: no sandbox (containers), no GPU, and no traffic of Chromium's own."""


def find_chromium() -> Path | None:
    """The first Chromium executable found, or None."""
    return next((p for p in CHROMIUM_CANDIDATES if p.exists()), None)
