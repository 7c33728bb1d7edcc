"""Behaviour of docs/assets/javascripts/table.js on a standalone page (no built site needed).

The page follows the generated "Table 1" markup contract, with table.js inlined, and is
served from a throw-away local HTTP server so that history.replaceState and the query
string behave exactly as on the real site.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLE_JS = ROOT / "docs" / "assets" / "javascripts" / "table.js"
TABLE_CSS = ROOT / "docs" / "assets" / "stylesheets" / "table.css"

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
      <tr data-regions="{regions}" data-sex="{sex}" data-causes="{cause}"
          data-treatments="{treatments}"
          data-key-author="{author_key}" data-key-sex="{sex}" data-key-age="{age}"
          data-key-location="{loc_key}" data-key-cause="{cause}"
          data-key-treatment="{treat_text.lower()}">
        <td><a href="../cases/{slug}/">{link}</a></td><td>{sex}</td><td>{age or "NR"}</td>
        <td>{loc}</td><td>{cause}</td><td>{treat_text}</td>
      </tr>"""


def _page_html(head_script: str = "") -> str:
    rows = "".join(_row_html(r) for r in ROWS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Table 1</title>
<link rel="icon" href="data:,">
<style>{TABLE_CSS.read_text(encoding="utf-8")}</style>
{head_script}
</head><body>
<h1>Table 1</h1>
<div class="lr-table" data-lr-table>
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
    <output class="lr-count" aria-live="polite">5 of 5 cases</output>
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


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def table_url(tmp_path_factory):
    """Base URL of a local server with /table.html (plain) and /instant.html (fake document$)."""
    root = tmp_path_factory.mktemp("table-js")
    (root / "table.html").write_text(_page_html(), encoding="utf-8")
    (root / "instant.html").write_text(_page_html(FAKE_DOCUMENT_OBSERVABLE), encoding="utf-8")

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
    select(page, "sex", "M")
    assert count_text(page) == "3 of 5 cases"
