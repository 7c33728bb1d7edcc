"""The scale benchmark: `make bench` (or `python -m benchmarks.run --sizes 32 1000 5000 10000`).

For each N it generates N synthetic, valid cases (benchmarks/synth.py, seeded) in a scratch copy of
the project and measures, in one run:

* validation time (the validator alone) and the library's build time (validation, dataset,
  every page and data file, no MkDocs);
* the full `mkdocs build` (with the hook) and its baseline: a plain `mkdocs build` of the very
  same generated Markdown without the hook (written out by `python -m generator render`);
* output size, the largest page, HTML bytes per page, the charts page and Table 1 page sizes, the
  search index per case, and the peak memory of each build;
* optionally (Debian chromium present) Table 1 in headless chromium: time to the first rows and
  for a text filter to respond;
* optionally (zensical installed) a Zensical build of the rendered pages.

It prints a table with the ratios (full build / baseline; per-page size at N / at the smallest N)
and the targets of issue 7, and writes everything to benchmarks/results.json. Times are ratios
against a baseline measured in the same run, never assertions in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synth import write_project  # noqa: E402
from generator.site import build  # noqa: E402
from generator.validate import validate_paths  # noqa: E402

TARGETS = {
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
    """The hook-free copy of the project (generated pages written into docs/): what the
    baseline and Zensical build. Written by `python -m generator static`, not timed."""
    base = project.parent / "baseline"
    run(
        [sys.executable, "-m", "generator", "--root", str(project), "static", "--out", str(base)],
        project,
    )
    return base


def browser_table(site: Path, n: int) -> dict:
    """Open Table 1 in headless chromium; time to the count and for a filter to respond."""
    exe = next(
        (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()), None
    )
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
            browser = pw.chromium.launch(
                executable_path=exe,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
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


def measure(n: int, scratch: Path, browser: bool, zensical_max: int) -> dict:
    project = write_project(ROOT, scratch / f"n{n}" / "project", n)
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795996800"}
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
    row["baseline_s"], row["baseline_peak_mb"] = run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(base / "site")], base, env
    )
    row["full_s"], row["full_peak_mb"] = run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], project, env
    )
    row["baseline_s"], row["full_s"] = round(row["baseline_s"], 2), round(row["full_s"], 2)
    row["full_over_baseline"] = round(row["full_s"] / row["baseline_s"], 3)
    row.update(html_stats(project / "site"))
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
        f"{'N':>6} {'validate':>9} {'library':>8} {'baseline':>9} {'full':>7} {'full/base':>9} "
        f"{'B/page':>8} {'growth':>7} {'charts MB':>9} {'search/case':>11} {'peak MB':>8} {'table open/filter':>18}",
    ]
    for r in rows:
        growth = r["html_bytes_per_page"] / first["html_bytes_per_page"]
        r["per_page_growth"] = round(growth, 3)
        tb = r.get("table_1_browser", {})
        table = f"{tb.get('open_s', '-')}/{tb.get('filter_s', '-')} s" if "open_s" in tb else "-"
        lines.append(
            f"{r['n']:>6} {r['validate_s']:>8.2f}s {r['library_build_s']:>7.2f}s {r['baseline_s']:>8.2f}s "
            f"{r['full_s']:>6.2f}s {r['full_over_baseline']:>9.3f} {r['html_bytes_per_page']:>8} "
            f"{growth:>7.3f} {r['charts_page_mb']:>9.3f} {r['search_index_kb_per_case']:>9.2f}KB "
            f"{r['full_peak_mb']:>8} {table:>18}"
        )
    return lines


def targets(rows: list[dict]) -> list[tuple[str, float | None, float, bool | None]]:
    by_n = {r["n"]: r for r in rows}
    checks = []

    def add(name, value, limit):
        checks.append((name, value, limit, None if value is None else value <= limit))

    add(
        "full_over_baseline_at_5000",
        by_n.get(5000, {}).get("full_over_baseline"),
        TARGETS["full_over_baseline_at_5000"],
    )
    add(
        "per_page_growth_at_10000",
        by_n.get(10000, {}).get("per_page_growth"),
        TARGETS["per_page_growth_at_10000"],
    )
    add("validate_10000_s", by_n.get(10000, {}).get("validate_s"), TARGETS["validate_10000_s"])
    add(
        "charts_page_mb_at_10000",
        by_n.get(10000, {}).get("charts_page_mb"),
        TARGETS["charts_page_mb_at_10000"],
    )
    tb = by_n.get(10000, {}).get("table_1_browser", {})
    add("table_open_s_at_10000", tb.get("open_s"), TARGETS["table_open_s_at_10000"])
    add("table_filter_s_at_10000", tb.get("filter_s"), TARGETS["table_filter_s_at_10000"])
    # per case at the largest N: the index's fixed part (the review's own pages) is shared
    largest = max(rows, key=lambda r: r["n"]) if rows else {}
    add(
        "search_index_kb_per_case",
        largest.get("search_index_kb_per_case"),
        TARGETS["search_index_kb_per_case"],
    )
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[32, 1000, 5000, 10000])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--zensical-max",
        type=int,
        default=5000,
        help="time Zensical up to this N (it takes 80 s at 10,000)",
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="lr-bench-"))
    rows = []
    try:
        for n in args.sizes:
            print(f"measuring N={n} ...", flush=True)
            rows.append(
                measure(n, scratch, browser=not args.no_browser, zensical_max=args.zensical_max)
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    lines = report(rows)
    print("\n".join(lines))
    checks = targets(rows)
    print("\ntargets:")
    for name, value, limit, ok in checks:
        verdict = "not measured" if ok is None else ("met" if ok else "MISSED")
        print(f"  {name:<28} {value!s:>8} (limit {limit}): {verdict}")
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "sizes": rows,
        "targets": [{"name": n, "value": v, "limit": lim, "met": ok} for n, v, lim, ok in checks],
    }
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
