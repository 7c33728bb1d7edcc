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
 *   - filters ([data-filter] inputs/selects) combine with AND: the text box
 *     ([data-filter=text]) matches the cells' text; any other filter, named
 *     after a field, matches when its value is one of the row's
 *     space-separated tokens (data-<name> on a <tr>, column <name> in JSON);
 *     <output class="lr-count"> shows "N of M cases";
 *   - filters and the page number are mirrored in the query string
 *     (?q=…&<filter name>=…&page=2) and read back from it on load;
 *   - mode B: the JSON's "cells" gives, for each column of the table, its
 *     sort key and the JSON columns of its text, sort value and tooltip;
 *   - header buttons in th[data-sort] sort the rows (numeric when
 *     th[data-type="number"], empty values last, stable), toggling
 *     ascending/descending and maintaining aria-sort;
 *   - rows are paged (data-page-size, default 100) by a pager after the
 *     table; changing a filter or the sort returns to page 1.
 * Initialisation is idempotent and follows Material for MkDocs instant
 * navigation through its global `document$` observable when present.
 */
(function () {
  "use strict";

  const READY_ATTR = "data-lr-ready";
  const EMPTY_TEXT = "No case matches these filters.";
  const LOAD_ERROR_TEXT = "The table could not be loaded: ";
  const DEFAULT_PAGE_SIZE = 100;
  const DASH = "\u2013";
  /* The text filter's query-string parameter; every other filter's is its name. */
  const TEXT_FILTER = "text";
  const TEXT_PARAM = "q";
  const PAGE_PARAM = "page";
  const REQUIRED_COLUMNS = ["case_id", "label", "href"];
  const param = (name) => (name === TEXT_FILTER ? TEXT_PARAM : name);
  /* One collator for all text sorting: much faster than repeated localeCompare. */
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const each = (list, fn) => Array.prototype.forEach.call(list, fn);

  /* ---- Small helpers ---------------------------------------------------- */

  const normalise = (text) => (text || "").replace(/\s+/g, " ").trim().toLowerCase();
  const str = (value) => (value === null || value === undefined ? "" : String(value));
  /* " a b " form of a token list: token t matches when " t " is found in it. */
  const padTokens = (value) => " " + str(value).split(/\s+/).filter(Boolean).join(" ") + " ";
  /* 12345 -> "12,345" (the site is in English). */
  const formatNumber = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

  /* The names of a table's token filters (every [data-filter] but the text box). */
  function filterNames(root) {
    const names = [];
    root.querySelectorAll("[data-filter]").forEach((control) => {
      const name = control.getAttribute("data-filter");
      if (name !== TEXT_FILTER && names.indexOf(name) === -1) names.push(name);
    });
    return names;
  }

  function readFilters(root) {
    const values = {};
    root.querySelectorAll("[data-filter]").forEach((control) => {
      values[control.getAttribute("data-filter")] = control.value || "";
    });
    return values;
  }

  /* ---- Records: one per row, in either mode ------------------------------
   * { src: the <tr> (mode A) or the JSON array (mode B), hay: lowercase text
   *   of the visible cells, tokens: { filter name: " a b " } }. Built once,
   *   so that filtering is plain string matching. */

  function makeRecord(src, texts, get, names) {
    const record = { src: src, hay: normalise(texts.join(" ")), tokens: {} };
    names.forEach((name) => (record.tokens[name] = padTokens(get(name))));
    return record;
  }

  function recordMatches(record, filters, query, names) {
    if (query && record.hay.indexOf(query) === -1) return false;
    return names.every(
      (name) => !filters[name] || record.tokens[name].indexOf(" " + filters[name] + " ") !== -1
    );
  }

  /* Mode A: records from the rows already in the table. */
  function inlineRecords(table, names) {
    const records = [];
    each(table.tBodies, (tbody) => each(tbody.rows, (row) => {
      const texts = Array.prototype.map.call(row.cells, (cell) => cell.textContent);
      records.push(makeRecord(row, texts, (name) => row.getAttribute("data-" + name), names));
    }));
    return records;
  }

  /* Mode B: the cell texts of a JSON row, as the generator renders them
   * (an empty cell shows a dash). */
  function jsonCellTexts(row, col, cells) {
    return cells.map((cell, index) => {
      const value = str(row[col[cell[1]]]);
      return index === 0 || value !== "" ? value : DASH;
    });
  }

  /* Mode B: fetch the JSON, check its shape, build the records once. */
  function loadJson(url, names) {
    return fetch(url, { credentials: "same-origin" })
      .then((response) => {
        if (response.ok) return response.json();
        throw new Error("HTTP " + response.status + (response.statusText ? " " + response.statusText : ""));
      })
      .then((json) => {
        if (!json || !Array.isArray(json.columns) || !Array.isArray(json.rows) ||
            !Array.isArray(json.cells)) {
          throw new Error("unexpected data (no columns, cells or rows)");
        }
        const col = {};
        json.columns.forEach((name, index) => (col[name] = index));
        const wanted = REQUIRED_COLUMNS.concat(names);
        json.cells.forEach((cell) => cell.slice(1).forEach((name) => name && wanted.push(name)));
        const missing = wanted.filter((name) => !(name in col));
        if (missing.length) throw new Error("missing columns: " + missing.join(", "));
        const records = json.rows.map((row) =>
          makeRecord(row, jsonCellTexts(row, col, json.cells), (name) => row[col[name]], names));
        return { col: col, cells: json.cells, records: records };
      });
  }

  /* ---- Sorting ---------------------------------------------------------- */

  /* The raw sort value of a row (<tr> or array) for th[data-sort=key]. */
  function rawKey(state, src, key) {
    if (!state.col) return src.getAttribute("data-key-" + key);
    const cell = state.cells.find((c) => c[0] === key);
    const index = cell ? state.col[cell[2]] : undefined;
    return index === undefined ? null : src[index];
  }

  /* A number, a non-empty string, or null (empty: always sorted last). */
  function sortValue(raw, numeric) {
    if (numeric) {
      const n = typeof raw === "number" ? raw : parseFloat(raw);
      return isFinite(n) ? n : null;
    }
    const text = str(raw).trim();
    return text === "" ? null : text;
  }

  /* Sorts state.order by state.sort; ties keep their current order (stable). */
  function sortRecords(state) {
    const sign = state.sort.direction === "descending" ? -1 : 1;
    const numeric = state.sort.numeric;
    const entries = state.order.map((record, pos) => ({
      record: record, pos: pos, value: sortValue(rawKey(state, record.src, state.sort.key), numeric),
    }));
    entries.sort((a, b) => {
      if ((a.value === null) !== (b.value === null)) return a.value === null ? 1 : -1;
      let result = 0;
      if (a.value !== null) result = numeric ? a.value - b.value : collator.compare(a.value, b.value);
      return sign * result || a.pos - b.pos;
    });
    state.order = entries.map((entry) => entry.record);
    /* Mode A: move the rows themselves, so that the DOM order is the sort order. */
    if (!state.col) state.order.forEach((record) => record.src.parentNode.appendChild(record.src));
  }

  /* ---- Rendering -------------------------------------------------------- */

  /* Mode A: show the page's rows, hide all others, stripe the shown ones. */
  function showInlineRows(state, pageRecords) {
    state.records.forEach((record) => (record.stripe = -1));
    pageRecords.forEach((record, k) => (record.stripe = k % 2));
    state.records.forEach((record) => {
      const row = record.src;
      const hide = record.stripe === -1;
      if (row.hidden !== hide) row.hidden = hide; /* touch only what changes */
      if (record.stripe === 1) row.setAttribute("data-lr-stripe", "");
      else if (row.hasAttribute("data-lr-stripe")) row.removeAttribute("data-lr-stripe");
    });
  }

  /* Mode B: a <tr> like the generator's, built from a JSON row (text only). */
  function buildRow(state, row, stripe) {
    const col = state.col;
    const tr = document.createElement("tr");
    tr.setAttribute("data-case-id", str(row[col.case_id]));
    state.names.forEach((name) => {
      tr.setAttribute("data-" + name, str(row[col[name]]));
    });
    state.cells.forEach((cell) => {
      tr.setAttribute("data-key-" + cell[0], str(rawKey(state, row, cell[0])));
    });
    if (stripe) tr.setAttribute("data-lr-stripe", "");
    jsonCellTexts(row, col, state.cells).forEach((text, index) => {
      const td = tr.appendChild(document.createElement("td"));
      const target = index === 0 ? td.appendChild(document.createElement("a")) : td;
      if (index === 0) target.setAttribute("href", str(row[col.href]));
      target.textContent = text;
      /* a column showing the source's words has the codes' labels as a tooltip */
      const tip = state.cells[index][3];
      if (tip) td.title = str(row[col[tip]]);
    });
    return tr;
  }

  /* Mode B: replace the tbody's rows with the page's (or with one message). */
  function fillBody(state, rows) {
    const fragment = document.createDocumentFragment();
    rows.forEach((tr) => fragment.appendChild(tr));
    state.tbody.textContent = "";
    state.tbody.appendChild(fragment);
  }

  function showMessageRow(state, text, className) {
    const tr = document.createElement("tr");
    const td = tr.appendChild(document.createElement("td"));
    tr.className = className;
    td.colSpan = state.table.querySelectorAll("thead th").length || 1;
    td.textContent = text;
    fillBody(state, [tr]);
  }

  /* Renders the current page of state.matches, the count and the pager. */
  function render(state) {
    const matched = state.matches.length;
    const pages = Math.max(1, Math.ceil(matched / state.pageSize));
    state.page = Math.min(Math.max(1, state.page), pages);
    const start = (state.page - 1) * state.pageSize;
    const end = Math.min(start + state.pageSize, matched);
    const pageRecords = state.matches.slice(start, end);
    if (state.col) fillBody(state, pageRecords.map((record, k) => buildRow(state, record.src, k % 2 === 1)));
    else showInlineRows(state, pageRecords);

    const count = state.root.querySelector(".lr-count");
    if (count) count.textContent = formatNumber(matched) + " of " + formatNumber(state.records.length) + " cases";
    state.empty.hidden = matched !== 0;
    state.pager.hidden = matched <= state.pageSize;
    state.info.textContent = "Rows " + formatNumber(start + 1) + DASH + formatNumber(end) +
      " of " + formatNumber(matched);
    state.prev.disabled = state.page <= 1;
    state.next.disabled = state.page >= pages;
  }

  /* Filters state.order into state.matches, renders, optionally syncs the URL. */
  function refresh(state, updateUrl) {
    const filters = readFilters(state.root);
    if (state.loaded) {
      const query = normalise(filters.text);
      state.matches = state.order.filter((record) => recordMatches(record, filters, query, state.names));
      render(state);
    }
    if (updateUrl) writeQueryString(filters, state.page);
  }

  /* ---- URL synchronisation --------------------------------------------- */

  /* Sets the filter controls from the query string; returns the page number. */
  function applyQueryString(root) {
    let params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (err) {
      return 1;
    }
    root.querySelectorAll("[data-filter]").forEach((control) => {
      const name = param(control.getAttribute("data-filter"));
      if (!params.has(name)) return;
      const value = params.get(name) || "";
      if (control.tagName !== "SELECT") control.value = value;
      else if (Array.prototype.some.call(control.options, (o) => o.value === value)) control.value = value;
    });
    const page = parseInt(params.get(PAGE_PARAM), 10);
    return page > 1 ? page : 1;
  }

  function writeQueryString(filters, page) {
    if (!window.history || typeof window.history.replaceState !== "function") return;
    let url;
    try {
      url = new URL(window.location.href);
    } catch (err) {
      return;
    }
    Object.keys(filters).forEach((name) => {
      const value = (filters[name] || "").replace(/\s+/g, " ").trim();
      if (value) url.searchParams.set(param(name), value);
      else url.searchParams.delete(param(name));
    });
    if (page > 1) url.searchParams.set(PAGE_PARAM, String(page));
    else url.searchParams.delete(PAGE_PARAM);
    const search = url.searchParams.toString();
    const next = url.pathname + (search ? "?" + search : "") + url.hash;
    const current = window.location.pathname + window.location.search + window.location.hash;
    if (next === current) return;
    try {
      window.history.replaceState(window.history.state, "", next);
    } catch (err) {
      /* e.g. file:// URLs in some browsers — filtering still works. */
    }
  }

  /* ---- Wiring ----------------------------------------------------------- */

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  /* The pager after the table and the "no match" message after the pager;
   * existing ones (e.g. in content swapped by instant navigation) are reused. */
  function ensurePagerAndEmpty(root, table) {
    let pager = root.querySelector(".lr-pager");
    if (!pager) {
      pager = element("nav", "lr-pager");
      pager.setAttribute("aria-label", "Table pages");
      pager.hidden = true;
      const info = element("span", "lr-page-info");
      info.setAttribute("aria-live", "polite");
      [["prev", "Previous"], info, ["next", "Next"]].forEach((item, index) => {
        if (index) pager.appendChild(document.createTextNode(" "));
        if (item === info) return pager.appendChild(info);
        const button = pager.appendChild(element("button", "", item[1]));
        button.type = "button";
        button.setAttribute("data-page", item[0]);
      });
      table.parentNode.insertBefore(pager, table.nextSibling);
    }
    let empty = root.querySelector(".lr-empty");
    if (!empty) {
      empty = element("p", "lr-empty", EMPTY_TEXT);
      empty.setAttribute("role", "status");
      pager.parentNode.insertBefore(empty, pager.nextSibling);
    }
    empty.hidden = true;
    return { pager: pager, empty: empty };
  }

  /* Moves one page back or forward; keeps focus and the table top in view. */
  function turnPage(state, delta, button) {
    state.page += delta;
    render(state);
    writeQueryString(readFilters(state.root), state.page);
    if (button.disabled) (button === state.prev ? state.next : state.prev).focus();
    const header = document.querySelector(".md-header"); /* Material's sticky header */
    const top = state.root.getBoundingClientRect().top - (header ? header.offsetHeight : 0);
    if (top < 0) window.scrollBy(0, top);
  }

  function wire(root) {
    if (root.hasAttribute(READY_ATTR)) return;
    root.setAttribute(READY_ATTR, "");
    const table = root.querySelector("table");
    if (!table || !table.tBodies.length) return;

    const parts = ensurePagerAndEmpty(root, table);
    const size = parseInt(root.getAttribute("data-page-size"), 10);
    const state = {
      root: root, table: table, tbody: table.tBodies[0], pager: parts.pager, empty: parts.empty,
      info: parts.pager.querySelector(".lr-page-info"),
      prev: parts.pager.querySelector('[data-page="prev"]'),
      next: parts.pager.querySelector('[data-page="next"]'),
      pageSize: size > 0 ? size : DEFAULT_PAGE_SIZE,
      page: 1,
      loaded: false,
      col: null, /* mode B: column name -> index, once loaded */
      cells: [], /* mode B: [sort key, text column, sort column, tooltip column] per column */
      names: filterNames(root), /* the token filters */
      records: [], /* every row, in source order */
      order: [], /* every row, in the current sort order */
      matches: [], /* the rows passing the filters, in that order */
      sort: null, /* { key, numeric, direction } of the last sort */
    };

    const form = root.querySelector("form");
    if (form) form.addEventListener("submit", (event) => event.preventDefault());

    const onFilter = () => {
      state.page = 1;
      refresh(state, true);
    };
    root.querySelectorAll("[data-filter]").forEach((control) => {
      const type = control.tagName === "SELECT" ? "change" : "input";
      control.addEventListener(type, onFilter);
      /* the clear (×) button of type=search fires "search" in Chromium */
      if (type === "input") control.addEventListener("search", onFilter);
    });

    root.querySelectorAll("[data-filter-reset]").forEach((button) => {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        root.querySelectorAll("[data-filter]").forEach((control) => (control.value = ""));
        onFilter();
      });
    });

    const headers = table.querySelectorAll("thead th[data-sort]");
    headers.forEach((th) => {
      (th.querySelector("button") || th).addEventListener("click", (event) => {
        event.preventDefault();
        const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        headers.forEach((other) => other.setAttribute("aria-sort", other === th ? direction : "none"));
        state.sort = {
          key: th.getAttribute("data-sort"),
          numeric: th.getAttribute("data-type") === "number",
          direction: direction,
        };
        if (state.loaded) sortRecords(state); /* else: applied once loaded */
        onFilter();
      });
    });

    state.prev.addEventListener("click", () => turnPage(state, -1, state.prev));
    state.next.addEventListener("click", () => turnPage(state, 1, state.next));

    state.page = applyQueryString(root);
    const rowsUrl = root.getAttribute("data-rows-url");
    if (!rowsUrl) {
      state.records = inlineRecords(table, state.names);
      state.order = state.records.slice();
      state.loaded = true;
      refresh(state, false);
      return;
    }

    /* Mode B: filters, sorting and page chosen while loading apply once loaded. */
    table.setAttribute("aria-busy", "true");
    let url = rowsUrl;
    try {
      url = new URL(rowsUrl, window.location.href).href;
    } catch (err) {
      /* keep it as written: fetch resolves it against the document */
    }
    loadJson(url, state.names).then(
      (data) => {
        table.removeAttribute("aria-busy");
        state.col = data.col;
        state.cells = data.cells;
        state.records = data.records;
        state.order = data.records.slice();
        state.loaded = true;
        if (state.sort) sortRecords(state);
        refresh(state, false);
      },
      (err) => {
        table.removeAttribute("aria-busy");
        showMessageRow(state, LOAD_ERROR_TEXT + ((err && err.message) || String(err)), "lr-error");
      }
    );
  }

  function init() {
    document.querySelectorAll("[data-lr-table]").forEach((root) => {
      if (!root.hasAttribute(READY_ATTR)) wire(root);
    });
  }

  const doc$ = window.document$;
  if (doc$ && typeof doc$.subscribe === "function") {
    doc$.subscribe(() => init());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  /* Exposed for debugging and tests; calling it again is harmless. */
  window.lrTableInit = init;
})();
