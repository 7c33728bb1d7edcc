/* Makes the review's charts interactive when a reader reaches for them.
 *
 * Every chart is already in the page as an SVG drawn at build time (readable without JavaScript
 * and in print). When the reader points at, touches or focuses a chart, this script loads Vega
 * (vendored under assets/vendor/vega/: vega, vega-lite, vega-embed, in that order; no CDN) and
 * swaps in the interactive view of the same spec (data-vega-spec): tooltips, click to open a
 * case, linked selection. No Vega file is requested before that.
 * - Material's instant navigation swaps page content without reloading scripts, so charts are
 *   armed through Material's document$ observable (falling back to DOMContentLoaded).
 * - Text and axes are drawn in currentColor, so both views follow the light/dark palette.
 * - On phones the page shows each chart's narrow drawing (chart_narrow.py, chosen by a media
 *   query in extra.css); the view then draws that drawing's own spec (data-vega-spec on the
 *   narrow SVG, without the data, which it takes from the wide spec), so it keeps its size.
 * - In a preview (mkdocs serve) charts are not drawn at build time: a view marked data-live
 *   holds a line of text where the drawings would be, and is drawn at once, without waiting
 *   for the reader.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var vendor = script ? script.src.replace(/javascripts\/charts\.js(\?.*)?$/, "vendor/vega/") : "";
  var loading = null;
  var TRIGGERS = ["pointerenter", "focusin", "touchstart"];

  function load(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(el);
    });
  }

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = load(vendor + "vega.min.js")
        .then(function () { return load(vendor + "vega-lite.min.js"); })
        .then(function () { return load(vendor + "vega-embed.min.js"); });
      loading.catch(function () { loading = null; });  // a later interaction may try again
    }
    return loading;
  }

  /* The spec of the drawing the reader sees: on phones the narrow drawing's own (which carries
   * no data: it shares the wide spec's), so that the interactive view has its size and text. */
  function shownSpec(view) {
    var spec = JSON.parse(view.getAttribute("data-vega-spec"));
    var shown = Array.prototype.filter.call(view.querySelectorAll("[data-static]"), function (el) {
      return el.getClientRects().length > 0;
    })[0];
    var narrow = shown && shown.getAttribute("data-vega-spec");
    if (!narrow) return { spec: spec, narrow: false };
    var small = JSON.parse(narrow);
    small.datasets = spec.datasets;
    return { spec: small, narrow: true };
  }

  /* Draws the interactive view over the static SVG, then removes the SVG: no blank moment. */
  function embed(view) {
    var shown;
    try {
      shown = shownSpec(view);
    } catch (e) {
      return Promise.resolve();  // the static chart stays
    }
    var live = document.createElement("div");
    live.className = "lr-chart-live" + (shown.narrow ? " lr-chart-live--narrow" : "");
    view.appendChild(live);
    var options = { actions: false, renderer: "svg", loader: { target: "_self" } };
    return window.vegaEmbed(live, shown.spec, options).then(function (result) {
      Array.prototype.forEach.call(view.querySelectorAll("[data-static]"), function (stale) {
        stale.remove();
      });
      live.classList.add("lr-chart-live--ready");
      view.lrView = result.view;
      view.setAttribute("data-rendered", "true");
    }).catch(function () {
      live.remove();  // the static chart stays
    });
  }

  function upgrade(chart) {
    var view = chart.querySelector(".lr-chart-view[data-vega-spec]");
    if (!view || view.getAttribute("data-rendered")) return;
    view.setAttribute("data-rendered", "loading");
    loadVega().then(function () { return embed(view); }).catch(function () {
      view.removeAttribute("data-rendered");
      arm(chart);
    });
  }

  function arm(chart) {
    function go() {
      TRIGGERS.forEach(function (name) { chart.removeEventListener(name, go); });
      upgrade(chart);
    }
    TRIGGERS.forEach(function (name) {
      chart.addEventListener(name, go, name === "touchstart" ? { passive: true } : false);
    });
  }

  function armAll() {
    var charts = document.querySelectorAll(".lr-chart");
    Array.prototype.forEach.call(charts, function (chart) {
      if (chart.lrArmed) return;
      chart.lrArmed = true;
      if (chart.querySelector(".lr-chart-view[data-live]")) upgrade(chart);  // a preview
      else arm(chart);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(armAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", armAll);
  } else {
    armAll();
  }
})();
