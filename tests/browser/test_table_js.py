"""Behaviour of generator/assets/javascripts/table.js on a standalone page (no built site needed).

The page follows the generated "Table 1" markup contract, with table.js inlined, and is
served from a throw-away local HTTP server so that history.replaceState and the query
string behave exactly as on the real site. Three variants are served:

* ``table.html`` / ``instant.html``: five inline rows (mode A, no pager);
* ``paged.html``: 250 generated inline rows, ``data-page-size="100"`` (mode A, paged);
* ``json/table.html``: rows fetched from ``data/table.json`` (10,000 seeded rows, mode B);
  ``json/missing.html`` points at a JSON file that does not exist.
"""

from __future__ import annotations

import http.server
import json
import random
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLE_JS = ROOT / "generator" / "assets" / "javascripts" / "table.js"
TABLE_CSS = ROOT / "generator" / "assets" / "stylesheets" / "table.css"

# Location keys: vertebra index (C1=0 … C7=6, T1=7 … T12=18, L1=19 … L5=23, S1=24) of
# the first level, plus the last level / 10000.
ROWS = [
    # (slug, link text, sex, age, location, loc key, cause, regions, treatments, treatment text)
    (
        "jackson-2007",
        "Jackson [10] 2007",
        "F",
        "29",
        "C6-T2",
        "5.0008",
        "HD",
        "cervical thoracic",
        "resection arthrodesis PTX renal-transplantation",
        "Resection, arthrodesis, total PTX, renal transplantation",
    ),
    (
        "durant-2010",
        "Durant [11] 2010",
        "M",
        "54",
        "L4-L5",
        "22.0023",
        "HD",
        "lumbar",
        "resection arthrodesis",
        "Resection, arthrodesis",
    ),
    (
        "kim-2012",
        "Kim [12] 2012",
        "F",
        "",
        "C1-C2",
        "0.0001",
        "PD",
        "cervical",
        "conservative",
        "Conservative",
    ),
    (
        "adams-2015",
        "Adams [13] 2015",
        "M",
        "61",
        "T11-T12",
        "17.0018",
        "CKD",
        "thoracic",
        "resection PTX",
        "Resection, subtotal PTX",
    ),
    (
        "okada-2019",
        "Okada [14] 2019",
        "M",
        "9",
        "L2-S1",
        "20.0024",
        "HD",
        "lumbar sacral",
        "resection",
        "Resection",
    ),
]

AUTHORS = [r[1].split()[0] for r in ROWS]  # Jackson, Durant, Kim, Adams, Okada


def _row_html(row) -> str:
    slug, link, sex, age, loc, loc_key, cause, regions, treatments, treat_text = row
    author_key = f"{link.split()[0].lower()} {link.split()[-1]}"
    return f"""
      <tr data-case-id="{slug}" data-regions="{regions}" data-sex="{sex}" data-causes="{cause}"
          data-treatments="{treatments}"
          data-key-author="{author_key}" data-key-sex="{sex}" data-key-age="{age}"
          data-key-location="{loc_key}" data-key-cause="{cause}"
          data-key-treatment="{treat_text.lower()}">
        <td><a href="../cases/{slug}/">{link}</a></td><td>{sex}</td><td>{age or "NR"}</td>
        <td>{loc}</td><td>{cause}</td><td>{treat_text}</td>
      </tr>"""


def _page_html(
    head_script: str = "",
    *,
    rows: str | None = None,
    root_attrs: str = "",
    count: str = "5 of 5 cases",
) -> str:
    """A Table 1 page; ``rows`` is the tbody's HTML (default: the five ROWS)."""
    if rows is None:
        rows = "".join(_row_html(r) for r in ROWS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Table 1</title>
<link rel="icon" href="data:,">
<style>{TABLE_CSS.read_text(encoding="utf-8")}</style>
{head_script}
</head><body>
<h1>Table 1</h1>
<div class="lr-table" data-lr-table {root_attrs}>
  <form class="lr-filters" role="search" onsubmit="return false">
    <input type="search" data-filter="text" placeholder="Filter: author, level, cause…"
           aria-label="Filter cases by text">
    <select data-filter="regions" aria-label="Region"><option value="">All regions</option>
      <option value="cervical">Cervical</option><option value="thoracic">Thoracic</option>
      <option value="lumbar">Lumbar</option><option value="sacral">Sacral</option></select>
    <select data-filter="sex" aria-label="Sex"><option value="">Both sexes</option>
      <option value="F">Female</option><option value="M">Male</option></select>
    <select data-filter="causes" aria-label="Cause"><option value="">All causes</option>
      <option value="HD">HD – Hemodialysis</option><option value="PD">PD – Peritoneal dialysis</option>
      <option value="CKD">CKD – Chronic kidney disease</option></select>
    <select data-filter="treatments" aria-label="Treatment"><option value="">All treatments</option>
      <option value="resection">Resection</option><option value="arthrodesis">Arthrodesis</option>
      <option value="PTX">PTX</option><option value="renal-transplantation">Renal transplantation</option>
      <option value="conservative">Conservative</option></select>
    <button type="button" data-filter-reset>Reset</button>
    <output class="lr-count" aria-live="polite">{count}</output>
  </form>
  <table class="lr-cases">
    <thead><tr>
      <th scope="col" data-sort="author" aria-sort="none"><button type="button">Authors and year</button></th>
      <th scope="col" data-sort="sex" aria-sort="none"><button type="button">Sex</button></th>
      <th scope="col" data-sort="age" data-type="number" aria-sort="none"><button type="button">Age (yrs)</button></th>
      <th scope="col" data-sort="location" data-type="number" aria-sort="none"><button type="button">Location</button></th>
      <th scope="col" data-sort="cause" aria-sort="none"><button type="button">Cause</button></th>
      <th scope="col" data-sort="treatment" aria-sort="none"><button type="button">Treatment</button></th>
    </tr></thead>
    <tbody>{rows}
    </tbody>
  </table>
</div>
<script>
{TABLE_JS.read_text(encoding="utf-8")}
</script>
</body></html>
"""


# A stand-in for Material's `document$` (an RxJS ReplaySubject of the current document):
# subscribe() calls back at once and on every later emit().
FAKE_DOCUMENT_OBSERVABLE = """<script>
window.document$ = {
  subscribers: [],
  subscribe(fn) { this.subscribers.push(fn); fn(document); return { unsubscribe() {} }; },
  emit() { this.subscribers.forEach((fn) => fn(document)); },
};
</script>"""


SURNAMES = ["Abe", "Baker", "Chen", "Costa", "Dubois", "Garcia", "Ito", "Kim", "Lopez", "Martin"]
SURNAMES += [
    "Novak",
    "Okafor",
    "Park",
    "Patel",
    "Rossi",
    "Sato",
    "Silva",
    "Tanaka",
    "Wang",
    "Weber",
]
LEVEL_NAMES = [f"C{n}" for n in range(1, 8)] + [f"T{n}" for n in range(1, 13)]
LEVEL_NAMES += [f"L{n}" for n in range(1, 6)] + [f"S{n}" for n in range(1, 6)]
REGION_NAMES = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}
TREATMENT_LABELS = {
    "resection": "Resection",
    "arthrodesis": "Arthrodesis",
    "PTX": "PTX",
    "renal-transplantation": "Renal transplantation",
    "conservative": "Conservative",
}

# ---- mode A, paged: 250 inline rows ------------------------------------------------------

PAGED_N = 250
PAGED_YOUNGEST = 173  # index of the only row aged 2 (on page 2 before sorting)
PAGED_OLDEST = 42  # index of the only row aged 99
PAGED_PD = {i for i in range(PAGED_N) if i % 5 == 0}  # 50 rows with cause PD


def _paged_rows() -> list[tuple]:
    rng = random.Random(250)
    rows = []
    for i in range(PAGED_N):
        age = {PAGED_YOUNGEST: 2, PAGED_OLDEST: 99}.get(i, rng.randint(10, 90))
        cause = "PD" if i in PAGED_PD else rng.choice(["HD", "CKD"])
        start = rng.randrange(0, 24)
        loc = f"{LEVEL_NAMES[start]}-{LEVEL_NAMES[start + 1]}"
        regions = " ".join(dict.fromkeys(REGION_NAMES[lv[0]] for lv in loc.split("-")))
        name = rng.choice(SURNAMES)
        rows.append(
            (
                f"case-{i:03d}",
                f"{name} [{i + 1}] {rng.randint(1960, 2024)}",
                rng.choice("MF"),
                str(age),
                loc,
                f"{start}.{start + 1:04d}",
                cause,
                regions,
                "resection",
                "Resection",
            )
        )
    return rows


PAGED_ROWS = _paged_rows()

# ---- mode B: 10,000 rows from JSON -------------------------------------------------------

JSON_N = 10_000
JSON_UNIQUE = 7777  # the only row whose label contains "Zyzzyva"
JSON_MARKUP = 5  # a label that looks like HTML: must be rendered as text
JSON_YOUNGEST = 4321  # the only row aged 0.5 (all others are 12 or older, or unknown)
JSON_COLUMNS = ["case_id", "label", "href", "sex", "age", "levels", "cause", "treatment"]
JSON_COLUMNS += ["regions", "causes", "treatments", "key_author", "key_location"]
JSON_CELLS = [  # per column of the table: sort key, its text, sort value and tooltip columns
    ["author", "label", "key_author", None],
    ["sex", "sex", "sex", None],
    ["age", "age", "age", None],
    ["location", "levels", "key_location", None],
    ["cause", "cause", "cause", None],
    ["treatment", "treatment", "treatment", None],
]


def _json_rows() -> list[list]:
    """Seeded, realistic rows in the generator's JSON layout (see JSON_COLUMNS)."""
    rng = random.Random(10_000)
    rows = []
    for i in range(JSON_N):
        name = rng.choice(SURNAMES)
        year = rng.randint(1950, 2025)
        if i == JSON_UNIQUE:
            name, year = "Zyzzyva", 1999
        case_id = f"{name.lower()}-{year}-{i:05d}"
        label = f"{name} [{rng.randint(1, 80)}] {year}"
        if i == JSON_MARKUP:
            label = "O'Brien <i>et al.</i> [5] 2003"
        start = rng.choices(range(24), weights=[3] * 7 + [1] * 12 + [3] * 5)[0]
        end = min(start + rng.choice([0, 1, 1, 2]), len(LEVEL_NAMES) - 1)
        levels = LEVEL_NAMES[start] + ("" if end == start else f"-{LEVEL_NAMES[end]}")
        regions = dict.fromkeys(
            REGION_NAMES[lv[0]] for lv in (LEVEL_NAMES[start], LEVEL_NAMES[end])
        )
        causes = rng.sample(["HD", "PD", "CKD"], k=rng.choice([1, 1, 1, 2]))
        treatments = rng.sample(list(TREATMENT_LABELS), k=rng.randint(1, 3))
        age = None if rng.random() < 0.08 else rng.randint(12, 88)
        if i == JSON_YOUNGEST:
            age = 0.5
        rows.append(
            [
                case_id,
                label,
                f"../cases/{case_id}/",
                rng.choice(["F", "F", "M", None]),
                age,
                levels,
                ", ".join(causes),
                ", ".join(TREATMENT_LABELS[t] for t in treatments),
                " ".join(regions),
                " ".join(causes),
                " ".join(treatments),
                f"{name.lower()} {year} {case_id}",
                start + end / 10_000,
            ]
        )
    return rows


JSON_ROWS = _json_rows()
COL = {name: i for i, name in enumerate(JSON_COLUMNS)}
LOADING_ROW = '<tr class="lr-loading"><td colspan="6">Loading the table…</td></tr>'


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def table_url(tmp_path_factory):
    """Base URL of a local server with the pages described in the module docstring."""
    root = tmp_path_factory.mktemp("table-js")
    (root / "table.html").write_text(_page_html(), encoding="utf-8")
    (root / "instant.html").write_text(_page_html(FAKE_DOCUMENT_OBSERVABLE), encoding="utf-8")
    paged = _page_html(
        rows="".join(_row_html(r) for r in PAGED_ROWS),
        root_attrs='data-page-size="100"',
        count=f"{PAGED_N} of {PAGED_N} cases",
    )
    (root / "paged.html").write_text(paged, encoding="utf-8")
    (root / "json").mkdir()
    (root / "data").mkdir()
    for name, url in (("table.html", "table.json"), ("missing.html", "missing.json")):
        html = _page_html(rows=LOADING_ROW, root_attrs=f'data-rows-url="../data/{url}"', count="")
        (root / "json" / name).write_text(html, encoding="utf-8")
    data = {"columns": JSON_COLUMNS, "cells": JSON_CELLS, "rows": JSON_ROWS}
    (root / "data" / "table.json").write_text(json.dumps(data), encoding="utf-8")

    def handler(*args, **kwargs):
        return _Handler(*args, directory=str(root), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---- helpers ---------------------------------------------------------------------------


def visible_authors(page) -> list[str]:
    return page.eval_on_selector_all(
        ".lr-cases tbody tr",
        "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].textContent.trim().split(' ')[0])",
    )


def all_authors(page) -> list[str]:
    return page.eval_on_selector_all(
        ".lr-cases tbody tr", "rows => rows.map(r => r.cells[0].textContent.trim().split(' ')[0])"
    )


def count_text(page) -> str:
    return page.locator(".lr-count").text_content().strip()


def query(page) -> str:
    return page.evaluate("location.search")


def select(page, name: str, value: str) -> None:
    page.select_option(f'select[data-filter="{name}"]', value)


def aria_sorts(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        ".lr-cases th[data-sort]",
        "ths => Object.fromEntries(ths.map(th => [th.dataset.sort, th.getAttribute('aria-sort')]))",
    )


def click_sort(page, key: str) -> None:
    page.click(f'.lr-cases th[data-sort="{key}"] button')


@pytest.fixture
def table(page, table_url):
    page.goto(table_url + "table.html")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    return page


# ---- tests -----------------------------------------------------------------------------


def test_initial_state(table):
    assert count_text(table) == "5 of 5 cases"
    assert visible_authors(table) == AUTHORS
    assert table.locator(".lr-empty").count() == 1
    assert table.locator(".lr-empty").is_hidden()
    assert table.locator(".lr-pager").count() == 1  # all rows fit on one page
    assert table.locator(".lr-pager").is_hidden()
    assert set(aria_sorts(table).values()) == {"none"}
    assert query(table) == ""


def test_text_filter_narrows_rows_and_updates_count(table):
    box = table.locator('input[data-filter="text"]')
    box.fill("durant")
    assert visible_authors(table) == ["Durant"]
    assert count_text(table) == "1 of 5 cases"
    assert query(table) == "?q=durant"

    box.fill("hd")  # case-insensitive, matches the Cause column
    assert visible_authors(table) == ["Jackson", "Durant", "Okada"]
    assert count_text(table) == "3 of 5 cases"

    box.fill("  Arthrodesis,   TOTAL ptx ")  # whitespace-normalised, case-insensitive
    assert visible_authors(table) == ["Jackson"]
    assert query(table) == "?q=Arthrodesis%2C+TOTAL+ptx"

    box.fill("")
    assert count_text(table) == "5 of 5 cases"
    assert query(table) == ""


def test_select_filters_narrow_and_combine(table):
    select(table, "sex", "M")
    assert visible_authors(table) == ["Durant", "Adams", "Okada"]
    assert count_text(table) == "3 of 5 cases"

    select(table, "causes", "HD")
    assert visible_authors(table) == ["Durant", "Okada"]
    assert count_text(table) == "2 of 5 cases"
    assert query(table) == "?sex=M&causes=HD"

    select(table, "regions", "sacral")
    assert visible_authors(table) == ["Okada"]

    select(table, "regions", "")
    select(table, "treatments", "arthrodesis")
    assert visible_authors(table) == ["Durant"]


def test_token_filters_match_whole_tokens(table):
    select(table, "regions", "cervical")  # "cervical thoracic" and "cervical"
    assert visible_authors(table) == ["Jackson", "Kim"]
    select(table, "regions", "thoracic")
    assert visible_authors(table) == ["Jackson", "Adams"]
    select(table, "regions", "")
    select(table, "treatments", "PTX")
    assert visible_authors(table) == ["Jackson", "Adams"]
    select(table, "treatments", "renal-transplantation")
    assert visible_authors(table) == ["Jackson"]
    select(table, "treatments", "")
    select(table, "causes", "PD")
    assert visible_authors(table) == ["Kim"]
    select(table, "sex", "F")
    assert visible_authors(table) == ["Kim"]


def test_reset_restores_everything(table):
    table.locator('input[data-filter="text"]').fill("resection")
    select(table, "sex", "M")
    select(table, "regions", "lumbar")
    assert count_text(table) == "2 of 5 cases"

    table.click("[data-filter-reset]")
    assert count_text(table) == "5 of 5 cases"
    assert visible_authors(table) == AUTHORS
    assert table.locator('input[data-filter="text"]').input_value() == ""
    for name in ("regions", "sex", "causes", "treatments"):
        assert table.locator(f'select[data-filter="{name}"]').input_value() == ""
    assert query(table) == ""


def test_empty_message_when_nothing_matches(table):
    select(table, "sex", "F")
    select(table, "causes", "CKD")
    assert visible_authors(table) == []
    assert count_text(table) == "0 of 5 cases"
    empty = table.locator(".lr-empty")
    assert empty.is_visible()
    assert empty.text_content().strip() == "No case matches these filters."

    select(table, "causes", "")
    assert empty.is_hidden()
    assert count_text(table) == "2 of 5 cases"


def test_sort_by_age_ascending_then_descending(table):
    click_sort(table, "age")
    # numeric ("9" < "29"), unknown age last
    assert all_authors(table) == ["Okada", "Jackson", "Durant", "Adams", "Kim"]
    sorts = aria_sorts(table)
    assert sorts.pop("age") == "ascending"
    assert set(sorts.values()) == {"none"}

    click_sort(table, "age")
    # descending, unknown age still last
    assert all_authors(table) == ["Adams", "Durant", "Jackson", "Okada", "Kim"]
    assert aria_sorts(table)["age"] == "descending"

    click_sort(table, "age")
    assert aria_sorts(table)["age"] == "ascending"


def test_sort_by_location_uses_numeric_keys(table):
    click_sort(table, "location")
    # keys 0.0001 < 5.0008 < 17.0018 < 20.0024 < 22.0023 (a string sort would put 17 before 5)
    assert all_authors(table) == ["Kim", "Jackson", "Adams", "Okada", "Durant"]
    click_sort(table, "location")
    assert all_authors(table) == ["Durant", "Okada", "Adams", "Jackson", "Kim"]


def test_switching_sort_column_resets_aria_sort_and_is_stable(table):
    click_sort(table, "age")
    click_sort(table, "sex")  # ties keep the current (age) order
    assert all_authors(table) == ["Jackson", "Kim", "Okada", "Durant", "Adams"]
    sorts = aria_sorts(table)
    assert sorts["sex"] == "ascending"
    assert sorts["age"] == "none"

    click_sort(table, "author")
    assert all_authors(table) == ["Adams", "Durant", "Jackson", "Kim", "Okada"]


def test_sorting_keeps_filters(table):
    select(table, "sex", "M")
    click_sort(table, "age")
    assert visible_authors(table) == ["Okada", "Durant", "Adams"]
    assert count_text(table) == "3 of 5 cases"


def test_zebra_stripes_follow_visible_rows(table):
    select(table, "sex", "M")
    striped = table.eval_on_selector_all(
        ".lr-cases tbody tr:not([hidden])",
        "rows => rows.map(r => r.hasAttribute('data-lr-stripe'))",
    )
    assert striped == [False, True, False]


def test_query_string_is_read_on_load(page, table_url):
    page.goto(table_url + "table.html?sex=M")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert visible_authors(page) == ["Durant", "Adams", "Okada"]
    assert count_text(page) == "3 of 5 cases"
    assert page.locator('select[data-filter="sex"]').input_value() == "M"

    page.goto(table_url + "table.html?q=Durant&causes=HD&regions=lumbar")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert visible_authors(page) == ["Durant"]
    assert page.locator('input[data-filter="text"]').input_value() == "Durant"


def test_query_string_round_trip(page, table_url):
    page.goto(table_url + "table.html#table-1")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    select(page, "causes", "HD")
    page.locator('input[data-filter="text"]').fill("resection")
    url = page.evaluate("location.href")
    assert url.endswith("table.html?causes=HD&q=resection#table-1")
    history_length = page.evaluate("history.length")

    page.goto(url)  # a shared link shows the same view
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert visible_authors(page) == ["Jackson", "Durant", "Okada"]
    assert page.locator('select[data-filter="causes"]').input_value() == "HD"
    # replaceState, not pushState: filtering does not add history entries
    assert page.evaluate("history.length") == history_length + 1


def test_unknown_query_values_are_ignored(page, table_url):
    page.goto(table_url + "table.html?sex=X&causes=nonsense&other=1")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert count_text(page) == "5 of 5 cases"
    select(page, "sex", "F")
    assert query(page) == "?sex=F&other=1"  # unrelated parameters are kept


def test_init_is_idempotent(table):
    table.evaluate("window.lrTableInit(); window.lrTableInit();")
    assert table.locator(".lr-empty").count() == 1
    assert table.locator(".lr-pager").count() == 1
    click_sort(table, "age")  # a doubly wired button would toggle twice
    assert aria_sorts(table)["age"] == "ascending"
    select(table, "sex", "F")
    assert count_text(table) == "2 of 5 cases"


def test_material_instant_navigation(page, table_url):
    """With Material's document$, each emitted document gets its (new) tables wired."""
    page.goto(table_url + "instant.html")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert page.evaluate("window.document$.subscribers.length") == 1
    # Simulate instant navigation: the content is swapped for a fresh, unwired copy.
    page.evaluate(
        """() => {
          const old = document.querySelector('[data-lr-table]');
          const fresh = old.cloneNode(true);
          fresh.removeAttribute('data-lr-ready');
          fresh.querySelector('.lr-empty').remove();
          fresh.querySelectorAll('tr[hidden]').forEach(r => r.hidden = false);
          fresh.querySelector('.lr-count').textContent = '';
          old.replaceWith(fresh);
          window.document$.emit();
        }"""
    )
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert count_text(page) == "5 of 5 cases"
    assert page.locator(".lr-empty").count() == 1
    assert page.locator(".lr-pager").count() == 1
    assert page.locator(".lr-pager").is_hidden()
    select(page, "sex", "M")
    assert count_text(page) == "3 of 5 cases"


# ---- pagination, mode A (250 inline rows, 100 a page) ----------------------------------


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        ".lr-cases tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.caseId)"
    )


def pager_info(page) -> str:
    return page.locator(".lr-pager .lr-page-info").text_content().strip()


def pager_buttons_disabled(page) -> tuple[bool, bool]:
    pager = page.locator(".lr-pager")
    return (
        pager.locator('[data-page="prev"]').is_disabled(),
        pager.locator('[data-page="next"]').is_disabled(),
    )


def paged_ids(indices) -> list[str]:
    return [PAGED_ROWS[i][0] for i in indices]


@pytest.fixture
def paged(page, table_url):
    page.goto(table_url + "paged.html")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    return page


def test_paged_inline_rows_show_one_page_at_a_time(paged):
    assert count_text(paged) == "250 of 250 cases"
    assert visible_ids(paged) == paged_ids(range(100))
    pager = paged.locator("nav.lr-pager")
    assert pager.is_visible()
    assert pager.get_attribute("aria-label") == "Table pages"
    assert pager_info(paged) == "Rows 1–100 of 250"
    assert pager_buttons_disabled(paged) == (True, False)
    # the pager comes after the table
    assert paged.evaluate(
        "document.querySelector('table').compareDocumentPosition("
        "document.querySelector('.lr-pager')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )

    paged.click('.lr-pager [data-page="next"]')
    assert pager_info(paged) == "Rows 101–200 of 250"
    assert visible_ids(paged) == paged_ids(range(100, 200))
    assert pager_buttons_disabled(paged) == (False, False)
    assert count_text(paged) == "250 of 250 cases"  # the count is about matching rows
    assert query(paged) == "?page=2"

    paged.click('.lr-pager [data-page="next"]')
    assert pager_info(paged) == "Rows 201–250 of 250"
    assert visible_ids(paged) == paged_ids(range(200, 250))
    assert pager_buttons_disabled(paged) == (False, True)

    paged.click('.lr-pager [data-page="prev"]')
    assert pager_info(paged) == "Rows 101–200 of 250"
    striped = paged.eval_on_selector_all(
        ".lr-cases tbody tr:not([hidden])",
        "rows => rows.map(r => r.hasAttribute('data-lr-stripe'))",
    )
    assert striped == [i % 2 == 1 for i in range(100)]


def test_filter_resets_to_page_one_and_hides_pager(paged):
    paged.click('.lr-pager [data-page="next"]')
    select(paged, "causes", "PD")  # 50 rows: one page
    assert count_text(paged) == "50 of 250 cases"
    assert visible_ids(paged) == paged_ids(sorted(PAGED_PD))
    assert paged.locator(".lr-pager").is_hidden()
    assert query(paged) == "?causes=PD"  # back on page 1: no page parameter

    select(paged, "causes", "")
    assert pager_info(paged) == "Rows 1–100 of 250"
    paged.click('.lr-pager [data-page="next"]')
    paged.click('.lr-pager [data-page="next"]')
    select(paged, "sex", "M")  # more than a page: the pager stays, on page 1
    males = [i for i, row in enumerate(PAGED_ROWS) if row[2] == "M"]
    assert len(males) > 100
    assert pager_info(paged) == f"Rows 1–100 of {len(males)}"
    assert visible_ids(paged) == paged_ids(males[:100])
    assert count_text(paged) == f"{len(males)} of 250 cases"


def test_sorting_applies_across_pages(paged):
    paged.click('.lr-pager [data-page="next"]')
    click_sort(paged, "age")
    assert pager_info(paged) == "Rows 1–100 of 250"  # back to page 1
    ids = visible_ids(paged)
    assert len(ids) == 100
    assert ids[0] == PAGED_ROWS[PAGED_YOUNGEST][0]  # the youngest of all 250 rows
    ages = [int(PAGED_ROWS[int(i.split("-")[1])][3]) for i in ids]
    assert ages == sorted(ages)
    assert query(paged) == ""

    click_sort(paged, "age")
    assert visible_ids(paged)[0] == PAGED_ROWS[PAGED_OLDEST][0]


def test_page_is_read_from_query_string(page, table_url):
    page.goto(table_url + "paged.html?page=3")
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert pager_info(page) == "Rows 201–250 of 250"
    assert visible_ids(page) == paged_ids(range(200, 250))

    page.goto(table_url + "paged.html?causes=PD&page=3")  # past the last page: clamped
    page.wait_for_selector("[data-lr-table][data-lr-ready]")
    assert count_text(page) == "50 of 250 cases"
    assert len(visible_ids(page)) == 50


# ---- mode B: 10,000 rows from JSON -----------------------------------------------------


def rendered_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        ".lr-cases tbody tr", "rows => rows.map(r => r.dataset.caseId)"
    )


def json_ids(indices) -> list[str]:
    return [JSON_ROWS[i][COL["case_id"]] for i in indices]


@pytest.fixture
def big(page, table_url):
    page.goto(table_url + "json/table.html")
    page.wait_for_function(
        "document.querySelector('.lr-count').textContent === '10,000 of 10,000 cases'"
    )
    return page


def test_json_rows_render_one_page(big, table_url):
    assert big.locator(".lr-cases tbody tr").count() == 100  # not 10,000
    assert big.locator(".lr-loading").count() == 0
    assert big.get_attribute(".lr-cases", "aria-busy") is None
    assert rendered_ids(big) == json_ids(range(100))
    assert pager_info(big) == "Rows 1–100 of 10,000"
    assert pager_buttons_disabled(big) == (True, False)

    first = big.locator(".lr-cases tbody tr").first
    row = JSON_ROWS[0]
    assert first.locator("td").count() == 6
    cells = [t.strip() for t in first.locator("td").all_text_contents()]
    assert cells == [
        row[COL["label"]],
        row[COL["sex"]] or "–",
        "–" if row[COL["age"]] is None else str(row[COL["age"]]),
        row[COL["levels"]],
        row[COL["cause"]],
        row[COL["treatment"]],
    ]
    link = first.locator("td a")
    assert link.get_attribute("href") == row[COL["href"]]
    assert link.evaluate("a => a.href") == f"{table_url}cases/{row[COL['case_id']]}/"
    assert first.get_attribute("data-causes") == row[COL["causes"]]

    # values are text, never markup
    markup = big.locator(f'tr[data-case-id="{JSON_ROWS[JSON_MARKUP][COL["case_id"]]}"] td a')
    assert markup.text_content() == "O'Brien <i>et al.</i> [5] 2003"
    assert markup.locator("i").count() == 0

    big.click('.lr-pager [data-page="next"]')
    assert pager_info(big) == "Rows 101–200 of 10,000"
    assert rendered_ids(big) == json_ids(range(100, 200))
    assert query(big) == "?page=2"


def test_json_text_and_select_filters(big):
    box = big.locator('input[data-filter="text"]')
    box.fill("ZYZZYVA")
    assert count_text(big) == "1 of 10,000 cases"
    assert rendered_ids(big) == json_ids([JSON_UNIQUE])
    assert big.locator(".lr-pager").is_hidden()
    assert query(big) == "?q=ZYZZYVA"

    box.fill("<i>et al.")
    assert rendered_ids(big) == json_ids([JSON_MARKUP])

    box.fill("no such case")
    assert count_text(big) == "0 of 10,000 cases"
    assert big.locator(".lr-empty").is_visible()
    assert big.locator(".lr-cases tbody tr").count() == 0

    box.fill("")
    select(big, "causes", "PD")
    pd = [i for i, row in enumerate(JSON_ROWS) if "PD" in row[COL["causes"]].split()]
    assert count_text(big) == f"{len(pd):,} of 10,000 cases"
    assert pager_info(big) == f"Rows 1–100 of {len(pd):,}"
    assert rendered_ids(big) == json_ids(pd[:100])

    select(big, "sex", "M")
    both = [i for i in pd if JSON_ROWS[i][COL["sex"]] == "M"]
    assert count_text(big) == f"{len(both):,} of 10,000 cases"
    assert rendered_ids(big) == json_ids(both[:100])

    big.click("[data-filter-reset]")
    assert count_text(big) == "10,000 of 10,000 cases"
    assert query(big) == ""


def test_json_sort_by_age(big):
    big.click('.lr-pager [data-page="next"]')
    click_sort(big, "age")
    assert pager_info(big) == "Rows 1–100 of 10,000"
    assert aria_sorts(big)["age"] == "ascending"
    ids = rendered_ids(big)
    assert ids[0] == JSON_ROWS[JSON_YOUNGEST][COL["case_id"]]
    assert big.locator(".lr-cases tbody tr").first.locator("td").nth(2).text_content() == "0.5"
    by_id = {row[COL["case_id"]]: row for row in JSON_ROWS}
    ages = [by_id[i][COL["age"]] for i in ids]
    assert ages == sorted(ages)

    click_sort(big, "age")
    oldest = max(row[COL["age"]] for row in JSON_ROWS if row[COL["age"]] is not None)
    assert by_id[rendered_ids(big)[0]][COL["age"]] == oldest

    click_sort(big, "location")  # numeric key
    locations = [by_id[i][COL["key_location"]] for i in rendered_ids(big)]
    assert locations == sorted(locations)
    assert locations[0] == min(row[COL["key_location"]] for row in JSON_ROWS)


def test_json_query_string_is_read_on_load(page, table_url):
    page.goto(table_url + "json/table.html?causes=PD&page=2")
    page.wait_for_selector(".lr-cases tbody tr[data-case-id]")
    pd = [i for i, row in enumerate(JSON_ROWS) if "PD" in row[COL["causes"]].split()]
    assert page.locator('select[data-filter="causes"]').input_value() == "PD"
    assert pager_info(page) == f"Rows 101–200 of {len(pd):,}"
    assert rendered_ids(page) == json_ids(pd[100:200])


def test_json_fetch_failure_shows_error_row(browser, table_url):
    # Not the `page` fixture: chromium itself logs the 404 of the missing file as a
    # console error; the script must add none of its own.
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and messages.append(msg.text))
    page.on("pageerror", lambda exc: messages.append(f"pageerror: {exc}"))
    try:
        page.goto(table_url + "json/missing.html")
        error = page.wait_for_selector(".lr-cases tbody tr.lr-error")
        assert error.text_content().startswith("The table could not be loaded: HTTP 404")
        assert page.locator(".lr-cases tbody tr").count() == 1
        assert page.locator(".lr-cases tbody td").get_attribute("colspan") == "6"
        assert page.locator(".lr-pager").is_hidden()
        assert page.locator(".lr-empty").is_hidden()
        assert all(m.startswith("Failed to load resource") for m in messages), messages
    finally:
        page.close()
