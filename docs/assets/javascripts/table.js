/*
 * table.js — makes the "Table 1" case table sortable and filterable.
 *
 * Plain ES2017, no dependencies, no network. Works on every element marked
 * [data-lr-table] (see generator templates for the markup contract):
 *   - filters ([data-filter] inputs/selects) combine with AND; hidden rows get
 *     the `hidden` attribute; <output class="lr-count"> shows "N of M cases";
 *   - filters are mirrored in the query string (?q=…&sex=…&causes=…) so a
 *     filtered view can be linked, and read back from it on load;
 *   - header buttons in th[data-sort] sort the rows by data-key-<name>
 *     (numeric when th[data-type="number"], empty values last), toggling
 *     ascending/descending and maintaining aria-sort.
 * Initialisation is idempotent and follows Material for MkDocs instant
 * navigation through its global `document$` observable when present.
 */
(function () {
  "use strict";

  var READY_ATTR = "data-lr-ready";
  var EMPTY_TEXT = "No case matches these filters.";
  /* Filter name -> query-string parameter. */
  var PARAMS = {
    text: "q",
    regions: "regions",
    sex: "sex",
    causes: "causes",
    treatments: "treatments",
  };
  /* Filters whose value must be one of the row's space-separated tokens. */
  var TOKEN_FILTERS = ["regions", "causes", "treatments"];

  function normalise(text) {
    return (text || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function tokens(value) {
    return (value || "").split(/\s+/).filter(Boolean);
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

  function rowMatches(row, filters) {
    var query = normalise(filters.text);
    if (query && normalise(row.textContent).indexOf(query) === -1) return false;
    if (filters.sex && row.getAttribute("data-sex") !== filters.sex) return false;
    for (var i = 0; i < TOKEN_FILTERS.length; i++) {
      var name = TOKEN_FILTERS[i];
      var wanted = filters[name];
      if (wanted && tokens(row.getAttribute("data-" + name)).indexOf(wanted) === -1) {
        return false;
      }
    }
    return true;
  }

  function bodyRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (row) {
        rows.push(row);
      });
    });
    return rows;
  }

  /* ---- URL synchronisation --------------------------------------------- */

  function applyQueryString(root) {
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (err) {
      return;
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
  }

  function writeQueryString(filters) {
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

  /* Mark every second *visible* row so zebra stripes survive filtering. */
  function restripe(table) {
    var visible = 0;
    bodyRows(table).forEach(function (row) {
      if (!row.hidden && visible++ % 2 === 1) row.setAttribute("data-lr-stripe", "");
      else row.removeAttribute("data-lr-stripe");
    });
  }

  /* ---- Filtering -------------------------------------------------------- */

  function applyFilters(root, table, updateUrl) {
    var filters = readFilters(root);
    var rows = bodyRows(table);
    var shown = 0;
    rows.forEach(function (row) {
      var match = rowMatches(row, filters);
      row.hidden = !match;
      if (match) shown++;
    });
    var count = root.querySelector(".lr-count");
    if (count) count.textContent = shown + " of " + rows.length + " cases";
    var empty = root.querySelector(".lr-empty");
    if (empty) empty.hidden = shown !== 0;
    restripe(table);
    if (updateUrl) writeQueryString(filters);
  }

  /* ---- Sorting ---------------------------------------------------------- */

  function compareKeys(a, b, numeric) {
    /* Returns a comparison for ascending order, or null when one side is
     * empty (handled by the caller so that empty values always sort last). */
    if (numeric) {
      var x = parseFloat(a);
      var y = parseFloat(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function isEmptyKey(value, numeric) {
    if (value === null || value.trim() === "") return true;
    return numeric && !isFinite(parseFloat(value));
  }

  function sortBy(table, th, direction) {
    var key = th.getAttribute("data-sort");
    var numeric = th.getAttribute("data-type") === "number";
    var attr = "data-key-" + key;
    var sign = direction === "descending" ? -1 : 1;

    table.querySelectorAll("thead th[data-sort]").forEach(function (other) {
      other.setAttribute("aria-sort", other === th ? direction : "none");
    });

    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      var entries = Array.prototype.map.call(tbody.rows, function (row, index) {
        var value = row.getAttribute(attr);
        return { row: row, index: index, value: value, empty: isEmptyKey(value, numeric) };
      });
      entries.sort(function (a, b) {
        if (a.empty !== b.empty) return a.empty ? 1 : -1; /* empty last */
        var result = a.empty ? 0 : sign * compareKeys(a.value, b.value, numeric);
        return result || a.index - b.index; /* stable */
      });
      var fragment = document.createDocumentFragment();
      entries.forEach(function (entry) {
        fragment.appendChild(entry.row);
      });
      tbody.appendChild(fragment);
    });
    restripe(table);
  }

  /* ---- Wiring ----------------------------------------------------------- */

  function wire(root) {
    if (root.hasAttribute(READY_ATTR)) return;
    root.setAttribute(READY_ATTR, "");

    var table = root.querySelector("table");
    if (!table) return;

    var empty = root.querySelector(".lr-empty");
    if (!empty) {
      empty = document.createElement("p");
      empty.className = "lr-empty";
      empty.setAttribute("role", "status");
      empty.textContent = EMPTY_TEXT;
      table.parentNode.insertBefore(empty, table.nextSibling);
    }
    empty.hidden = true;

    var form = root.querySelector("form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
      });
    }

    root.querySelectorAll("[data-filter]").forEach(function (control) {
      var type = control.tagName === "SELECT" ? "change" : "input";
      control.addEventListener(type, function () {
        applyFilters(root, table, true);
      });
      if (type === "input") {
        /* the clear (×) button of type=search fires "search" in Chromium */
        control.addEventListener("search", function () {
          applyFilters(root, table, true);
        });
      }
    });

    root.querySelectorAll("[data-filter-reset]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        root.querySelectorAll("[data-filter]").forEach(function (control) {
          control.value = "";
        });
        applyFilters(root, table, true);
      });
    });

    table.querySelectorAll("thead th[data-sort]").forEach(function (th) {
      var button = th.querySelector("button") || th;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, th, next);
      });
    });

    applyQueryString(root);
    applyFilters(root, table, false);
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
