"""The scale benchmark: `make bench` (or `python -m benchmarks.run --sizes 32,2000 --quick`).

For each N it generates N synthetic, valid cases (benchmarks/synth.py, seeded) in a scratch copy of
the project and measures, in one run:

* validation time (the validator alone) and the library's build time (validation, dataset,
  every page and data file, no MkDocs);
* the full `mkdocs build` (with the plugin) and its baseline: a plain `mkdocs build` of the very
  same generated Markdown without the plugin (written out by `python -m generator render`);
* output size, the largest page, HTML bytes per page, the charts page and Table 1 page sizes, the
  search index per case, and the peak memory of each build;
* optionally (Debian chromium present) Table 1 in headless chromium: time to the first rows and
  for a text filter to respond;
* optionally (zensical installed) a Zensical build of the rendered pages;
* the preview loop (`benchmarks/serve_loop.py`): `make serve`'s command on the project, one case
  saved five times, the median time from each save until the server serves the changed page,
  and the serve process's peak memory.

It prints a table with the ratios (full build / baseline; per-page size at N / at the smallest N)
and the extra time of the full build over its baseline (the fixed cost of the plugin: importing
and running the library), checks the targets of issues 7, 15 and 21, and writes everything to
benchmarks/results.json. Times are ratios against a baseline measured in the same run, never
assertions in tests: up to N = 2,000, five pairs of builds, each pair run back to back, and the
medians of the pairs' differences and ratios (see `timed_builds`). `--quick` skips the browser
and Zensical (for before/after comparisons), not the preview loop.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402
from benchmarks.serve_loop import serve_loop  # noqa: E402
from benchmarks.synth import write_project  # noqa: E402
from generator.model.validate import validate_paths  # noqa: E402
from generator.pages.pipeline import build  # noqa: E402

DEFAULT_SIZES = [32, 1000, 2000, 5000, 10000]

TARGETS = {
    "edit_to_served_s_at_32": 0.5,
    "edit_to_served_s_at_2000": 1.5,
    "serve_peak_mb_at_2000": 500,
    "full_over_baseline_at_2000": 1.15,
    "full_over_baseline_at_5000": 1.15,
    "per_page_growth_at_10000": 1.10,
    "validate_10000_s": 3.0,
    "charts_page_mb_at_10000": 1.5,
    "table_open_s_at_10000": 1.0,
    "table_filter_s_at_10000": 1.0,
    "search_index_kb_per_case": 2.0,
}


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run a command; (seconds, peak RSS in MB of that process tree's largest member)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.read().decode()[-3000:]}")
    return seconds, round(usage.ru_maxrss / 1024)


def html_stats(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    sizes = [p.stat().st_size for p in pages]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "pages": len(pages),
        "output_mb": round(total / 1e6, 2),
        "html_bytes_per_page": round(sum(sizes) / len(pages)),
        "case_page_bytes": round(
            sum(p.stat().st_size for p in (site / "cases").rglob("*.html"))
            / max(1, len(list((site / "cases").rglob("*.html"))))
        ),
        "largest_page": str(largest.relative_to(site)),
        "largest_page_kb": round(largest.stat().st_size / 1e3, 1),
        "charts_page_mb": round((site / "charts" / "index.html").stat().st_size / 1e6, 3),
        "table_page_kb": round((site / "table-1" / "index.html").stat().st_size / 1e3, 1),
        "search_index_mb": round((site / "search" / "search_index.json").stat().st_size / 1e6, 2),
    }


def baseline_project(project: Path) -> Path:
    """The plugin-free copy of the project (generated pages written into docs/): what the
    baseline and Zensical build. Written by `python -m generator static`, not timed."""
    base = project.parent / "baseline"
    run(
        [sys.executable, "-m", "generator", "--root", str(project), "static", "--out", str(base)],
        project,
    )
    return base


def browser_table(site: Path, n: int) -> dict:
    """Open Table 1 in headless chromium; time to the count and for a filter to respond."""
    exe = find_chromium()
    if exe is None:
        return {"skipped": "no Debian chromium"}
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/table-1/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(exe), args=CHROMIUM_ARGS)
            page = browser.new_page()
            # warm up the browser (first launch, the theme's assets) on another page, so that
            # what is timed is Table 1 itself, as a reader arriving from the home page sees it
            page.goto(url.replace("table-1/", ""))
            page.wait_for_load_state("networkidle")
            opens, filters = [], []
            for _ in range(3):  # the median of three visits
                start = time.perf_counter()
                # "opens" = the first rows and the count are on screen (charts may still be drawing)
                page.goto(url, wait_until="commit")
                page.wait_for_function(
                    "document.querySelector('.lr-count') && /^\\d[\\d,]* of [\\d,]+ cases$/.test("
                    "document.querySelector('.lr-count').textContent) && "
                    "document.querySelectorAll('table.lr-cases tbody tr[data-case-id]:not([hidden])').length > 0"
                )
                opens.append(time.perf_counter() - start)
                before = page.locator(".lr-count").inner_text()
                start = time.perf_counter()
                page.fill("input[data-filter=text]", "tanaka")
                page.wait_for_function(
                    f"document.querySelector('.lr-count').textContent !== {json.dumps(before)}"
                )
                filters.append(time.perf_counter() - start)
                after = page.locator(".lr-count").inner_text()
            opened, filtered = sorted(opens)[1], sorted(filters)[1]
            browser.close()
    finally:
        server.shutdown()
    return {
        "open_s": round(opened, 3),
        "filter_s": round(filtered, 3),
        "count": before,
        "filtered": after,
    }


def zensical_build(base: Path) -> dict:
    zensical = ROOT / ".venv-zensical" / "bin" / "zensical"
    if not zensical.exists():
        return {"skipped": "zensical not installed (make install-zensical)"}
    seconds, memory = run([str(zensical), "build"], base)
    pages = len(list((base / "site" / "cases").rglob("index.html")))
    return {"seconds": round(seconds, 2), "peak_mb": memory, "case_pages": pages}


def timed_builds(project: Path, base: Path, repeat: int) -> dict:
    """The baseline and the full `mkdocs build`, timed in ``repeat`` adjacent pairs (after one
    untimed build of each when there are several pairs, so that neither pays for a cold disk
    cache; a single pair is kept for the largest N, where a build takes a minute). The two builds of a pair
    run one after the other, in alternating order, so that a machine that slows down or speeds
    up between pairs (shared cores do) moves both: the extra time and the ratio are the medians
    of the pairs' differences and ratios; each build's time is its median."""
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795996800"}
    builds = {"baseline": base, "full": project}

    def build(name: str) -> tuple[float, int]:
        folder = builds[name]
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")]
        return run(cmd, folder, env)

    if repeat > 1:  # short builds: a cold disk cache would show in the first pair
        for name in builds:
            build(name)
    runs: dict[str, list[tuple[float, int]]] = {"baseline": [], "full": []}
    for i in range(repeat):
        for name in ("baseline", "full") if i % 2 == 0 else ("full", "baseline"):
            runs[name].append(build(name))
    row: dict = {"pairs": repeat}
    for name, measured in runs.items():
        row[f"{name}_s"] = round(statistics.median(t for t, _ in measured), 2)
        row[f"{name}_peak_mb"] = max(m for _, m in measured)
    pairs = list(zip(runs["full"], runs["baseline"], strict=True))
    row["extra_s"] = round(statistics.median(f - b for (f, _), (b, _) in pairs), 2)
    row["full_over_baseline"] = round(statistics.median(f / b for (f, _), (b, _) in pairs), 3)
    return row


def pairs_for(n: int, asked: int | None) -> int:
    """How many pairs of builds to time at N: ``asked``, else 5 up to 2,000 cases (a build
    takes up to 20 s) and 1 above."""
    if asked is not None:
        return asked
    return 5 if n <= 2000 else 1


def measure(
    n: int, scratch: Path, browser: bool, zensical_max: int, repeat: int = 1, serve_max: int = 2000
) -> dict:
    """Every figure of one size N (see the module's docstring)."""
    project = write_project(ROOT, scratch / f"n{n}" / "project", n)
    row: dict = {"n": n}

    start = time.perf_counter()
    result = validate_paths([project / "cases"])
    row["validate_s"] = round(time.perf_counter() - start, 3)
    assert not result.errors, result.errors[:3]

    start = time.perf_counter()
    site = build(project)
    row["library_build_s"] = round(time.perf_counter() - start, 3)
    row["generated_pages"] = len(site.pages)

    base = baseline_project(project)
    row.update(timed_builds(project, base, repeat))
    row.update(html_stats(project / "site"))
    if n <= serve_max:
        row["serve"] = serve_loop(project)
    row["search_index_kb_per_case"] = round(row["search_index_mb"] * 1e3 / n, 2)
    if browser:
        row["table_1_browser"] = browser_table(project / "site", n)
    row["zensical"] = (
        zensical_build(base) if n <= zensical_max else {"skipped": f"N > {zensical_max}"}
    )
    shutil.rmtree(scratch / f"n{n}", ignore_errors=True)
    return row


def report(rows: list[dict]) -> list[str]:
    first = rows[0]
    lines = [
        f"{'N':>6} {'validate':>9} {'library':>8} {'baseline':>9} {'full':>7} {'extra':>7} {'full/base':>9} "
        f"{'B/page':>8} {'growth':>7} {'charts MB':>9} {'search/case':>11} {'peak MB':>8} {'table open/filter':>18} "
        f"{'edit->served':>12} {'serve MB':>8}",
    ]
    for r in rows:
        growth = r["html_bytes_per_page"] / first["html_bytes_per_page"]
        r["per_page_growth"] = round(growth, 3)
        tb = r.get("table_1_browser", {})
        table = f"{tb.get('open_s', '-')}/{tb.get('filter_s', '-')} s" if "open_s" in tb else "-"
        sv = r.get("serve", {})
        loop = f"{sv['edit_to_served_s']:.2f}s" if sv else "-"
        lines.append(
            f"{r['n']:>6} {r['validate_s']:>8.2f}s {r['library_build_s']:>7.2f}s {r['baseline_s']:>8.2f}s "
            f"{r['full_s']:>6.2f}s {r['extra_s']:>6.2f}s {r['full_over_baseline']:>9.3f} {r['html_bytes_per_page']:>8} "
            f"{growth:>7.3f} {r['charts_page_mb']:>9.3f} {r['search_index_kb_per_case']:>9.2f}KB "
            f"{r['full_peak_mb']:>8} {table:>18} {loop:>12} {sv.get('serve_peak_mb', '-'):>8}"
        )
    return lines


def _at(n: int | None, *keys: str):
    """A figure of the row for N (the largest N when ``n`` is None), or None if not measured."""

    def get(rows: dict[int, dict]):
        value = rows.get(max(rows) if n is None and rows else n, {})
        for key in keys:
            value = value.get(key, {}) if isinstance(value, dict) else {}
        return None if value == {} else value

    return get


CHECKS = {
    "edit_to_served_s_at_32": _at(32, "serve", "edit_to_served_s"),
    "edit_to_served_s_at_2000": _at(2000, "serve", "edit_to_served_s"),
    "serve_peak_mb_at_2000": _at(2000, "serve", "serve_peak_mb"),
    "full_over_baseline_at_2000": _at(2000, "full_over_baseline"),
    "full_over_baseline_at_5000": _at(5000, "full_over_baseline"),
    "per_page_growth_at_10000": _at(10000, "per_page_growth"),
    "validate_10000_s": _at(10000, "validate_s"),
    "charts_page_mb_at_10000": _at(10000, "charts_page_mb"),
    "table_open_s_at_10000": _at(10000, "table_1_browser", "open_s"),
    "table_filter_s_at_10000": _at(10000, "table_1_browser", "filter_s"),
    # per case at the largest N: the index's fixed part (the review's own pages) is shared
    "search_index_kb_per_case": _at(None, "search_index_kb_per_case"),
}
"""How each target's figure is read from the rows."""


def targets(rows: list[dict]) -> list[tuple[str, float | None, float, bool | None]]:
    """(name, value, limit, met) for every target; met is None when not measured."""
    by_n = {r["n"]: r for r in rows}
    checks = []
    for name, limit in TARGETS.items():
        value = CHECKS[name](by_n)
        checks.append((name, value, limit, None if value is None else value <= limit))
    return checks


def sizes(text: str) -> list[int]:
    """``"32,2000"`` (or one number) -> [32, 2000]."""
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=sizes,
        nargs="+",
        default=[DEFAULT_SIZES],
        help="the N to measure: 32,2000 or 32 2000 (default: 32 1000 2000 5000 10000)",
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--zensical-max",
        type=int,
        default=5000,
        help="time Zensical up to this N (it takes 80 s at 10,000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="pairs of builds timed per N (default: 5 up to N = 2,000, else 1)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="no browser, no Zensical; writes no results unless --out",
    )
    parser.add_argument("--out", help="results file (default: benchmarks/results.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.no_browser, args.zensical_max = True, 0
    elif args.out is None:
        args.out = str(ROOT / "benchmarks" / "results.json")
    scratch = Path(tempfile.mkdtemp(prefix="lr-bench-"))
    rows = []
    try:
        for n in [n for group in args.sizes for n in group]:
            print(f"measuring N={n} ...", flush=True)
            rows.append(
                measure(
                    n,
                    scratch,
                    browser=not args.no_browser,
                    zensical_max=args.zensical_max,
                    repeat=pairs_for(n, args.repeat),
                )
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("\n".join(report(rows)))
    checks = targets(rows)
    print("\ntargets:")
    for name, value, limit, ok in checks:
        verdict = "not measured" if ok is None else ("met" if ok else "MISSED")
        print(f"  {name:<28} {value!s:>8} (limit {limit}): {verdict}")
    if args.out:
        write_results(Path(args.out), rows, checks)
        print(f"\nwrote {args.out}")
    return 0


def write_results(path: Path, rows: list[dict], checks: list) -> None:
    """benchmarks/results.json: the machine, every row and every target."""
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "sizes": rows,
        "targets": [{"name": n, "value": v, "limit": lim, "met": ok} for n, v, lim, ok in checks],
    }
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
