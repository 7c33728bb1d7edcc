"""The preview loop, as a review team lives it: `make serve`'s command (``mkdocs serve --dirty``)
on a project, then one case saved five times, each time timed from the save until the server
serves the case's page with the change (polled every 10 ms), and the server's peak memory.

``python -m benchmarks.serve_loop DIR [--edit title]`` measures a project folder alone (saves of a
case's age, or of its title, which no chart shows); `make bench` runs it at each N
(``benchmarks.run``), with the age.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

EDITS = 5
AGE = re.compile(r"^(\s*age_years:).*$", re.M)
TITLE = re.compile(r"^(\s*title: ')", re.M)


def _edit(original: str, i: int, field: str) -> tuple[str, str]:
    """The case file's text with save ``i``'s change, and what its page shows for it: a new age
    (which the charts show too: they are drawn again), or a word added to the title (no chart
    changes)."""
    if field == "title":
        word = f"Zqx{i}edit"
        return TITLE.sub(rf"\g<1>{word} ", original, count=1), word
    age = 30 + i
    return AGE.sub(rf"\g<1> {age}", original, count=1), f"<dd>{age} years</dd>"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    """The page at ``url``, or None (not up yet, a 404, or a server busy building)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _until(check, seconds: float, what: str, poll: float = 0.01) -> float:
    """Seconds until ``check()`` holds (polled every ``poll`` s); SystemExit after ``seconds``."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if check():
            return time.perf_counter() - start
        time.sleep(poll)
    raise SystemExit(f"serve loop: {what} not within {seconds} s")


def _peak_mb(pid: int) -> int:
    """The process's peak resident memory (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return round(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)


def stop(server: subprocess.Popen) -> None:
    """Stop a server started in a session of its own: SIGINT first (MkDocs stops and removes its
    temporary site), then SIGKILL for whatever of its group is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


def serve_loop(project: Path, edits: int = EDITS, field: str = "age") -> dict:
    """Edit-to-served after the first build (median and each of ``edits`` saves of the case's
    ``field``: ``age`` or ``title``), the first build's time, and the serve process's peak
    memory (MB)."""
    case = sorted((project / "cases").glob("*.yaml"))[0]
    url_base = f"http://127.0.0.1:{_free_port()}/"
    port = url_base.rsplit(":", 1)[1].strip("/")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url_base}
    command = [str(Path(sys.executable).with_name("mkdocs")), "serve", "--dirty"]
    command += ["-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    page = f"{url_base}cases/{case.stem}/"
    original = case.read_text(encoding="utf-8")
    try:
        first = _until(lambda: _get(page) is not None, 600, "the first build", poll=0.1)
        times = []
        for i in range(edits):
            text, wanted = _edit(original, i, field)
            case.write_text(text, encoding="utf-8")
            times.append(_until(lambda w=wanted: w in (_get(page) or ""), 120, f"edit {i + 1}"))
            time.sleep(1.0)  # the server settles (livereload) before the next save
        return {
            "first_build_s": round(first, 2),
            "edit_to_served_s": round(statistics.median(times), 2),
            "edits_s": [round(t, 2) for t in times],
            "serve_peak_mb": _peak_mb(server.pid),
        }
    finally:
        case.write_text(original, encoding="utf-8")
        stop(server)


if __name__ == "__main__":
    field = sys.argv[sys.argv.index("--edit") + 1] if "--edit" in sys.argv else "age"
    print(serve_loop(Path(sys.argv[1]).resolve(), field=field))
