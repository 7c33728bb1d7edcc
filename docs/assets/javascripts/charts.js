/* Renders the review's Vega-Lite charts from the specs in data-vega-spec attributes.
 *
 * - Offline and archival: vega, vega-lite and vega-embed are vendored under
 *   assets/vendor/vega/ and loaded (in that order) only when a page has a chart.
 * - Material's instant navigation swaps page content without reloading scripts, so rendering
 *   subscribes to Material's document$ observable (falling back to DOMContentLoaded).
 * - Follows the light/dark palette: re-renders when Material switches the colour scheme.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var vendor = script ? script.src.replace(/javascripts\/charts\.js(\?.*)?$/, "vendor/vega/") : "";
  var loading = null;

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
    }
    return loading;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function embed(el) {
    var spec;
    try {
      spec = JSON.parse(el.getAttribute("data-vega-spec"));
    } catch (e) {
      el.textContent = "This chart could not be read.";
      return Promise.resolve();
    }
    if (el.lrView) { el.lrView.finalize(); el.lrView = null; }
    var options = {
      actions: false,
      renderer: "svg",
      loader: { target: "_self" },
      config: { background: "transparent" }
    };
    if (dark()) options.theme = "dark";
    return window.vegaEmbed(el, spec, options).then(function (result) {
      el.lrView = result.view;
      el.setAttribute("data-rendered", "true");
    }).catch(function (error) {
      el.textContent = "This chart could not be drawn: " + error.message;
    });
  }

  /* Charts wait for the browser to be idle: on Table 1 the table's own script and data come
     first, and parsing Vega (about 800 KB) never delays a reader's first interaction. */
  function schedule() {
    if (window.requestIdleCallback) window.requestIdleCallback(render, { timeout: 1500 });
    else window.setTimeout(render, 0);
  }

  function render() {
    var views = document.querySelectorAll(".lr-chart-view[data-vega-spec]");
    if (!views.length) return;
    loadVega().then(function () {
      Array.prototype.forEach.call(views, embed);
    }).catch(function (error) {
      Array.prototype.forEach.call(views, function (el) { el.textContent = error.message; });
    });
  }

  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) {
      if (changes[i].attributeName === "data-md-color-scheme") { schedule(); return; }
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(schedule);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", schedule);
  } else {
    schedule();
  }
})();
