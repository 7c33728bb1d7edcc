/*
 * table.js — makes the "Table 1" case table filterable, sortable and paged.
 *
 * Plain ES2017, no dependencies. Works on every element marked [data-lr-table]
 * (see generator templates for the markup contract), in one of two modes:
 *   A. inline rows: the rows are in the tbody; rows not shown get `hidden`;
 *   B. rows from JSON: [data-rows-url] names a JSON file ({columns, rows}),
 *      fetched once; the rows stay plain arrays and only the current page is
 *      rendered into the tbody (textContent only, never innerHTML).
 * In both modes:
 *   - filters ([data-filter] inputs/selects) combine with AND;
 *     <output class="lr-count"> shows "N of M cases";
 *   - filters and the page number are mirrored in the query string
 *     (?q=…&sex=…&causes=…&page=2) and read back from it on load;
 *   - header buttons in th[data-sort] sort the rows (numeric when
 *     th[data-type="number"], empty values last, stable), toggling
 *     ascending/descending and maintaining aria-sort;
 *   - rows are paged (data-page-size, default 100) with a pager after the
 *     table; changing a filter or the sort returns to page 1.
 * Initialisation is idempotent and follows Material for MkDocs instant
 * navigation through its global `document$` observable when present.
 */
(function () {
  "use strict";

  var READY_ATTR = "data-lr-ready";
  var EMPTY_TEXT = "No case matches these filters.";
  var LOAD_ERROR_TEXT = "The table could not be loaded: ";
  var DEFAULT_PAGE_SIZE = 100;
  var DASH = "\u2013";
  /* Filter name -> query-string parameter. */
  var PARAMS = {
    text: "q",
    regions: "regions",
    sex: "sex",
    causes: "causes",
    treatments: "treatments",
  };
  var PAGE_PARAM = "page";
  /* Filters whose value must be one of the row's space-separated tokens. */
  var TOKEN_FILTERS = ["regions", "causes", "treatments"];
  /* Mode B: sort key (th[data-sort]) -> JSON column holding its value. */
  var SORT_COLUMNS = {
    author: "key_author",
    sex: "sex",
    age: "age",
    location: "key_location",
    cause: "cause",
    treatment: "treatment",
  };
  var REQUIRED_COLUMNS = ["case_id", "label", "href", "sex", "age", "levels",
    "cause", "treatment", "regions", "causes", "treatments"];
  /* One collator for all text sorting: much faster than localeCompare calls. */
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  /* Mode B: absolute JSON URL -> Promise of prepared data, so that instant
   * navigation back to the table does not fetch and parse it again. */
  var jsonCache = {};

  /* ---- Small helpers ---------------------------------------------------- */

  function normalise(text) {
    return (text || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function str(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  /* " a b " form of a token list: a token matches when " tok " is found. */
  function padTokens(value) {
    return " " + str(value).split(/\s+/).filter(Boolean).join(" ") + " ";
  }

  /* 12345 -> "12,345" (the site is in English). */
  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  function readFilters(root) {
    var values = {};
    root.querySelectorAll("[data-filter]").forEach(function (control) {
      values[control.getAttribute("data-filter")] = control.value || "";
    });
    return values;
  }

  /* ---- Records: one per row, in either mode ------------------------------
   * { src: <tr> (mode A) or array (mode B), hay: lowercase text of the
   *   visible cells, sex: "M"/"F"/"", regions/causes/treatments: " a b " } */

  function makeRecord(src, texts, get) {
    var record = { src: src, hay: normalise(texts.join(" ")), sex: str(get("sex")) };
    TOKEN_FILTERS.forEach(function (name) {
      record[name] = padTokens(get(name));
    });
    return record;
  }

  function recordMatches(record, filters, query) {
    if (query && record.hay.indexOf(query) === -1) return false;
    if (filters.sex && record.sex !== filters.sex) return false;
    for (var i = 0; i < TOKEN_FILTERS.length; i++) {
      var wanted = filters[TOKEN_FILTERS[i]];
      if (wanted && record[TOKEN_FILTERS[i]].indexOf(" " + wanted + " ") === -1) return false;
    }
    return true;
  }

  /* Mode A: records from the rows already in the table. */
  function inlineRecords(table) {
    var records = [];
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (row) {
        var texts = Array.prototype.map.call(row.cells, function (cell) {
          return cell.textContent;
        });
        records.push(makeRecord(row, texts, function (name) {
          return row.getAttribute("data-" + name);
        }));
      });
    });
    return records;
  }

  /* Mode B: the six cell texts of a JSON row (as the generator renders them). */
  function jsonCellTexts(row, col) {
    var age = row[col.age];
    return [str(row[col.label]), str(row[col.sex]) || DASH,
      age === null || age === undefined ? DASH : String(age),
      str(row[col.levels]), str(row[col.cause]), str(row[col.treatment])];
  }

  /* Mode B: check the JSON's shape and build the records once. */
  function prepareJson(json) {
    if (!json || !Array.isArray(json.columns) || !Array.isArray(json.rows)) {
      throw new Error("unexpected data (no columns or rows)");
    }
    var col = {};
    json.columns.forEach(function (name, index) {
      col[name] = index;
    });
    REQUIRED_COLUMNS.forEach(function (name) {
      if (!(name in col)) throw new Error("missing column " + name);
    });
    var records = json.rows.map(function (row) {
      return makeRecord(row, jsonCellTexts(row, col), function (name) {
        return row[col[name]];
      });
    });
    return { col: col, records: records };
  }

  function loadJson(url) {
    if (!jsonCache[url]) {
      jsonCache[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status + (response.statusText ? " " + response.statusText : ""));
          }
          return response.json();
        })
        .then(prepareJson);
      jsonCache[url].catch(function () {
        delete jsonCache[url]; /* a later visit tries again */
      });
    }
    return jsonCache[url];
  }

  /* ---- Sorting ---------------------------------------------------------- */

  /* The raw sort value of a record for th[data-sort=key]. */
  function rawKey(state, record, key) {
    if (!state.col) return record.src.getAttribute("data-key-" + key);
    var index = state.col[SORT_COLUMNS[key] || key];
    return index === undefined ? null : record.src[index];
  }

  /* A number, a non-empty string, or null (empty: always sorted last). */
  function sortValue(raw, numeric) {
    if (numeric) {
      var n = typeof raw === "number" ? raw : parseFloat(raw);
      return isFinite(n) ? n : null;
    }
    raw = str(raw).trim();
    return raw === "" ? null : raw;
  }

  /* Sorts state.order in place; ties keep their current order (stable). */
  function sortRecords(state) {
    var sign = state.sort.direction === "descending" ? -1 : 1;
    var numeric = state.sort.numeric;
    var entries = state.order.map(function (record, pos) {
      return { record: record, pos: pos, value: sortValue(rawKey(state, record, state.sort.key), numeric) };
    });
    entries.sort(function (a, b) {
      if ((a.value === null) !== (b.value === null)) return a.value === null ? 1 : -1;
      var result = 0;
      if (a.value !== null) {
        result = numeric ? a.value - b.value : collator.compare(a.value, b.value);
      }
      return sign * result || a.pos - b.pos;
    });
    state.order = entries.map(function (entry) {
      return entry.record;
    });
    if (!state.col) {
      /* Mode A: move the rows themselves, so the DOM order is the sort order. */
      state.order.forEach(function (record) {
        record.src.parentNode.appendChild(record.src);
      });
    }
  }

  /* ---- Rendering -------------------------------------------------------- */

  /* Mode A: show the page's rows, hide all others, stripe the shown ones. */
  function showInlineRows(state, pageRecords) {
    state.records.forEach(function (record) {
      record.stripe = -1;
    });
    pageRecords.forEach(function (record, k) {
      record.stripe = k % 2;
    });
    state.records.forEach(function (record) {
      var row = record.src;
      var hide = record.stripe === -1;
      if (row.hidden !== hide) row.hidden = hide;
      if (record.stripe === 1) row.setAttribute("data-lr-stripe", "");
      else if (row.hasAttribute("data-lr-stripe")) row.removeAttribute("data-lr-stripe");
    });
  }

  /* Mode B: one <tr> like the generator's, built from a JSON row. */
  function buildRow(state, row, stripe) {
    var col = state.col;
    var tr = document.createElement("tr");
    tr.setAttribute("data-case-id", str(row[col.case_id]));
    ["regions", "sex", "causes", "treatments"].forEach(function (name) {
      tr.setAttribute("data-" + name, str(row[col[name]]));
    });
    Object.keys(SORT_COLUMNS).forEach(function (key) {
      tr.setAttribute("data-key-" + key, str(rawKey(state, { src: row }, key)));
    });
    if (stripe) tr.setAttribute("data-lr-stripe", "");
    jsonCellTexts(row, col).forEach(function (text, index) {
      var td = document.createElement("td");
      if (index === 0) {
        var link = document.createElement("a");
        link.setAttribute("href", str(row[col.href]));
        link.textContent = text;
        td.appendChild(link);
      } else {
        td.textContent = text;
      }
      if (index === 5 && col.treatment_labels !== undefined) {
        td.title = str(row[col.treatment_labels]);
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function showJsonRows(state, pageRecords) {
    var fragment = document.createDocumentFragment();
    pageRecords.forEach(function (record, k) {
      fragment.appendChild(buildRow(state, record.src, k % 2 === 1));
    });
    state.tbody.textContent = "";
    state.tbody.appendChild(fragment);
  }

  /* Mode B: a single full-width row with a message (loading error). */
  function showMessageRow(state, text) {
    var tr = document.createElement("tr");
    var td = document.createElement("td");
    tr.className = "lr-error";
    td.colSpan = state.table.querySelectorAll("thead th").length || 1;
    td.textContent = text;
    tr.appendChild(td);
    state.tbody.textContent = "";
    state.tbody.appendChild(tr);
  }

  /* Renders the current page of state.matches, the count and the pager. */
  function render(state) {
    var matched = state.matches.length;
    var pages = Math.max(1, Math.ceil(matched / state.pageSize));
    state.page = Math.min(Math.max(1, state.page), pages);
    var start = (state.page - 1) * state.pageSize;
    var end = Math.min(start + state.pageSize, matched);
    var pageRecords = state.matches.slice(start, end);
    if (state.col) showJsonRows(state, pageRecords);
    else showInlineRows(state, pageRecords);

    var count = state.root.querySelector(".lr-count");
    if (count) count.textContent = formatNumber(matched) + " of " + formatNumber(state.records.length) + " cases";
    state.empty.hidden = matched !== 0;
    state.pager.hidden = matched <= state.pageSize;
    state.info.textContent = "Rows " + formatNumber(start + 1) + DASH + formatNumber(end) + " of " + formatNumber(matched);
    state.prev.disabled = state.page <= 1;
    state.next.disabled = state.page >= pages;
  }

  /* Filters state.order into state.matches, renders, optionally syncs the URL. */
  function refresh(state, updateUrl) {
    var filters = readFilters(state.root);
    if (state.loaded) {
      var query = normalise(filters.text);
      state.matches = state.order.filter(function (record) {
        return recordMatches(record, filters, query);
      });
      render(state);
    }
    if (updateUrl) writeQueryString(filters, state.page);
  }

  /* ---- URL synchronisation --------------------------------------------- */

  /* Sets the filter controls from the query string; returns the page number. */
  function applyQueryString(root) {
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (err) {
      return 1;
    }
    root.querySelectorAll("[data-filter]").forEach(function (control) {
      var param = PARAMS[control.getAttribute("data-filter")];
      if (!param || !params.has(param)) return;
      var value = params.get(param) || "";
      if (control.tagName === "SELECT") {
        if (hasOption(control, value)) control.value = value;
      } else {
        control.value = value;
      }
    });
    var page = parseInt(params.get(PAGE_PARAM), 10);
    return page > 1 ? page : 1;
  }

  function writeQueryString(filters, page) {
    if (!window.history || typeof window.history.replaceState !== "function") return;
    var url;
    try {
      url = new URL(window.location.href);
    } catch (err) {
      return;
    }
    Object.keys(PARAMS).forEach(function (name) {
      if (!(name in filters)) return;
      var param = PARAMS[name];
      var value = (filters[name] || "").replace(/\s+/g, " ").trim();
      if (value) url.searchParams.set(param, value);
      else url.searchParams.delete(param);
    });
    if (page > 1) url.searchParams.set(PAGE_PARAM, String(page));
    else url.searchParams.delete(PAGE_PARAM);
    var search = url.searchParams.toString();
    var next = url.pathname + (search ? "?" + search : "") + url.hash;
    var current = window.location.pathname + window.location.search + window.location.hash;
    if (next === current) return;
    try {
      window.history.replaceState(window.history.state, "", next);
    } catch (err) {
      /* e.g. file:// URLs in some browsers — filtering still works. */
    }
  }

  /* ---- Wiring ----------------------------------------------------------- */

  function pageButton(direction, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-page", direction);
    button.textContent = text;
    return button;
  }

  /* The pager after the table (reused when the markup already has one). */
  function ensurePager(root, table) {
    var pager = root.querySelector(".lr-pager");
    if (pager) return pager;
    pager = document.createElement("nav");
    pager.className = "lr-pager";
    pager.setAttribute("aria-label", "Table pages");
    pager.hidden = true;
    var info = document.createElement("span");
    info.className = "lr-page-info";
    info.setAttribute("aria-live", "polite");
    [pageButton("prev", "Previous"), info, pageButton("next", "Next")].forEach(function (el, index) {
      if (index) pager.appendChild(document.createTextNode(" "));
      pager.appendChild(el);
    });
    table.parentNode.insertBefore(pager, table.nextSibling);
    return pager;
  }

  function ensureEmpty(root, pager) {
    var empty = root.querySelector(".lr-empty");
    if (!empty) {
      empty = document.createElement("p");
      empty.className = "lr-empty";
      empty.setAttribute("role", "status");
      empty.textContent = EMPTY_TEXT;
      pager.parentNode.insertBefore(empty, pager.nextSibling);
    }
    empty.hidden = true;
    return empty;
  }

  function pageSizeOf(root) {
    var size = parseInt(root.getAttribute("data-page-size"), 10);
    return size > 0 ? size : DEFAULT_PAGE_SIZE;
  }

  /* Moves one page back or forward; keeps the table top and focus in view. */
  function turnPage(state, delta, button) {
    state.page += delta;
    render(state);
    writeQueryString(readFilters(state.root), state.page);
    if (button.disabled) (button === state.prev ? state.next : state.prev).focus();
    var header = document.querySelector(".md-header");
    var top = state.root.getBoundingClientRect().top - (header ? header.offsetHeight : 0);
    if (top < 0) window.scrollBy(0, top);
  }

  function wire(root) {
    if (root.hasAttribute(READY_ATTR)) return;
    root.setAttribute(READY_ATTR, "");

    var table = root.querySelector("table");
    if (!table || !table.tBodies.length) return;

    var pager = ensurePager(root, table);
    var state = {
      root: root,
      table: table,
      tbody: table.tBodies[0],
      pager: pager,
      info: pager.querySelector(".lr-page-info"),
      prev: pager.querySelector('[data-page="prev"]'),
      next: pager.querySelector('[data-page="next"]'),
      empty: ensureEmpty(root, pager),
      pageSize: pageSizeOf(root),
      page: 1,
      col: null, /* mode B: column name -> index, once loaded */
      loaded: false,
      records: [], /* every row, in source order */
      order: [], /* every row, in the current sort order */
      matches: [], /* the rows passing the filters, in order */
      sort: null, /* { key, numeric, direction } */
    };

    var form = root.querySelector("form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
      });
    }

    function onFilter() {
      state.page = 1;
      refresh(state, true);
    }

    root.querySelectorAll("[data-filter]").forEach(function (control) {
      var type = control.tagName === "SELECT" ? "change" : "input";
      control.addEventListener(type, onFilter);
      /* the clear (×) button of type=search fires "search" in Chromium */
      if (type === "input") control.addEventListener("search", onFilter);
    });

    root.querySelectorAll("[data-filter-reset]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        root.querySelectorAll("[data-filter]").forEach(function (control) {
          control.value = "";
        });
        onFilter();
      });
    });

    table.querySelectorAll("thead th[data-sort]").forEach(function (th) {
      var button = th.querySelector("button") || th;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        table.querySelectorAll("thead th[data-sort]").forEach(function (other) {
          other.setAttribute("aria-sort", other === th ? direction : "none");
        });
        state.sort = {
          key: th.getAttribute("data-sort"),
          numeric: th.getAttribute("data-type") === "number",
          direction: direction,
        };
        if (state.loaded) sortRecords(state); /* else: applied once loaded */
        onFilter();
      });
    });

    state.prev.addEventListener("click", function () {
      turnPage(state, -1, state.prev);
    });
    state.next.addEventListener("click", function () {
      turnPage(state, 1, state.next);
    });

    state.page = applyQueryString(root);
    var rowsUrl = root.getAttribute("data-rows-url");
    if (!rowsUrl) {
      state.records = inlineRecords(table);
      state.order = state.records.slice();
      state.loaded = true;
      refresh(state, false);
      return;
    }

    /* Mode B: filters and sorting chosen while loading apply once loaded. */
    table.setAttribute("aria-busy", "true");
    var url;
    try {
      url = new URL(rowsUrl, window.location.href).href;
    } catch (err) {
      url = rowsUrl;
    }
    loadJson(url).then(
      function (data) {
        table.removeAttribute("aria-busy");
        state.col = data.col;
        state.records = data.records;
        state.order = data.records.slice();
        state.loaded = true;
        if (state.sort) sortRecords(state);
        refresh(state, false);
      },
      function (err) {
        table.removeAttribute("aria-busy");
        showMessageRow(state, LOAD_ERROR_TEXT + ((err && err.message) || String(err)));
      }
    );
  }

  function init() {
    document.querySelectorAll("[data-lr-table]").forEach(function (root) {
      if (!root.hasAttribute(READY_ATTR)) wire(root);
    });
  }

  var doc$ = window.document$;
  if (doc$ && typeof doc$.subscribe === "function") {
    doc$.subscribe(function () {
      init();
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  /* Exposed for debugging and tests; calling it again is harmless. */
  window.lrTableInit = init;
})();
