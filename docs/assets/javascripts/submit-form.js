/* The controls of the "Submit a case" form: read and fill them, show problems at each field and
 * in the summary, keep the draft, and offer the file (Propose on GitHub, Download, Copy).
 * submit.js loads the form's description and calls LRSubmitForm.attach(root, description).
 * Values only ever reach the page through .value and textContent. */
(function () {
  "use strict";
  var DRAFT = "lr-submit-draft:";
  var LINK_LIMIT = 8000; // GitHub (and browsers) refuse much longer addresses

  function byName(scope, name) {
    return scope.querySelector('[name="' + CSS.escape(name) + '"]');
  }

  function isEmpty(v) {
    if (v === null || v === undefined || v === "") return true;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v === "object") return Object.keys(v).every(function (k) { return isEmpty(v[k]); });
    return false;
  }

  function parseNumber(text, kind) {
    var t = text.trim();
    if (!t) return null;
    if (kind === "integer" && /^[-+]?\d+$/.test(t) && Number.isSafeInteger(Number(t))) return Number(t);
    if (kind === "number" && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return Number(t);
    return t; // the validator says what is wrong with it
  }

  function repeatBox(scope, name) {
    var boxes = scope.querySelectorAll('[data-repeat="' + CSS.escape(name) + '"]');
    return boxes.length ? boxes[0] : null;
  }

  function items(box) {
    return Array.prototype.filter.call(box.querySelector(".lr-repeat-items").children, function (el) {
      return el.classList.contains("lr-repeat-item");
    });
  }

  /* The form's values as a case object, in the description's order. */
  function read(fields, prefix, scope) {
    var obj = {};
    fields.forEach(function (f) {
      var name = prefix + f.key, el;
      if (f.kind === "group") {
        var sub = read(f.fields, name + ".", scope);
        obj[f.key] = f.nullable && isEmpty(sub) ? null : sub;
      } else if (f.kind === "repeat") {
        var box = repeatBox(scope, name);
        obj[f.key] = box ? items(box).map(function (item, i) {
          return read(f.fields, name + "[" + i + "].", item);
        }) : [];
      } else if (f.kind === "codes") {
        var checked = Array.prototype.map.call(
          scope.querySelectorAll('input[name="' + CSS.escape(name) + '"]:checked'),
          function (box) { return box.value; });
        // the order the codes were given in (a case file's order is kept), then the rest
        el = scope.querySelector('[data-name="' + CSS.escape(name) + '"]');
        var order = (el && el.lrOrder) || [];
        obj[f.key] = order.filter(function (c) { return checked.indexOf(c) >= 0; })
          .concat(checked.filter(function (c) { return order.indexOf(c) < 0; }));
      } else if (f.kind === "choice") {
        el = scope.querySelector('input[name="' + CSS.escape(name) + '"]:checked');
        obj[f.key] = el && el.value ? el.value : null;
      } else if (f.kind === "lines") {
        el = byName(scope, name);
        obj[f.key] = el ? el.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean) : [];
      } else {
        el = byName(scope, name);
        var text = el ? el.value : "";
        if (f.kind === "integer" || f.kind === "number") obj[f.key] = parseNumber(text, f.kind);
        else obj[f.key] = text.trim() ? text.trim() : null;
      }
    });
    return obj;
  }

  function addItem(box) {
    var list = box.querySelector(".lr-repeat-items");
    var i = items(box).length;
    var item = box.querySelector("template").content.firstElementChild.cloneNode(true);
    [item].concat(Array.prototype.slice.call(item.querySelectorAll("*"))).forEach(function (el) {
      ["name", "id", "for", "aria-describedby", "data-path", "data-name", "data-repeat", "data-add"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && v.indexOf("__i__") >= 0) el.setAttribute(a, v.split("__i__").join(String(i)));
      });
    });
    item.querySelector(".lr-item-n").textContent = String(i + 1);
    list.appendChild(item);
    return item;
  }

  /* Put a case object's values into the controls. */
  function fill(fields, prefix, scope, obj) {
    obj = obj || {};
    fields.forEach(function (f) {
      var name = prefix + f.key, v = obj[f.key], el;
      if (f.kind === "group") {
        fill(f.fields, name + ".", scope, v || {});
      } else if (f.kind === "repeat") {
        var box = repeatBox(scope, name);
        if (!box) return;
        items(box).forEach(function (item) { item.remove(); });
        (Array.isArray(v) ? v : []).forEach(function (value, i) {
          fill(f.fields, name + "[" + i + "].", addItem(box), value);
        });
      } else if (f.kind === "codes" || f.kind === "choice") {
        var wanted = f.kind === "codes" ? (Array.isArray(v) ? v : []) : [v === null || v === undefined ? "" : String(v)];
        scope.querySelectorAll('input[name="' + CSS.escape(name) + '"]').forEach(function (box) {
          box.checked = wanted.indexOf(box.value) >= 0;
        });
        el = scope.querySelector('[data-name="' + CSS.escape(name) + '"]');
        if (el && f.kind === "codes") el.lrOrder = wanted.slice();
      } else {
        el = byName(scope, name);
        if (!el) return;
        if (f.kind === "lines") el.value = Array.isArray(v) ? v.join("\n") : "";
        else el.value = v === null || v === undefined ? "" : String(v);
      }
    });
  }

  /* The fields whose value differs from the published case (``changes`` itself excepted). */
  function edited(fields, prefix, before, after) {
    var out = [];
    fields.forEach(function (f) {
      var name = prefix + f.key;
      if (name === "changes") return;
      var a = before ? before[f.key] : null, b = after ? after[f.key] : null;
      if (f.kind === "group" && a && b) {
        out = out.concat(edited(f.fields, name + ".", a, b));
      } else if (JSON.stringify(isEmpty(a) ? null : a) !== JSON.stringify(isEmpty(b) ? null : b)) {
        out.push(name);
      }
    });
    return out;
  }

  function andList(list) {
    return list.length < 2 ? list.join("") : list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
  }

  /* ------------------------------------------------------------------------------------------ */

  function Form(root, M) {
    this.root = root;
    this.M = M;
    this.form = root.querySelector("#lr-form");
    this.caseId = new URLSearchParams(window.location.search).get("case");
    this.original = null;
    this.touched = {};
    this.showAll = false;
    this.auto = true;
    this.yaml = "";
    this.el = function (id) { return root.querySelector("#" + id); };
  }

  Form.prototype.status = function (text) { this.el("lr-status").textContent = text; };

  Form.prototype.draftKey = function () { return DRAFT + (this.caseId || "new"); };

  Form.prototype.saveDraft = function (values, changed) {
    var reason = this.el("lr-change-reason").value.trim();
    if (this.original ? !changed.length && !reason : isEmpty(values)) { this.dropDraft(); return; }
    try {
      window.localStorage.setItem(this.draftKey(), JSON.stringify({
        values: values, reason: this.el("lr-change-reason").value, auto: this.auto
      }));
    } catch (e) { /* storage may be off: the form still works */ }
  };

  Form.prototype.dropDraft = function () {
    try { window.localStorage.removeItem(this.draftKey()); } catch (e) { /* ignore */ }
  };

  Form.prototype.restoreDraft = function () {
    var draft = null;
    try { draft = JSON.parse(window.localStorage.getItem(this.draftKey()) || "null"); } catch (e) { draft = null; }
    if (!draft || typeof draft !== "object" || !draft.values) return false;
    fill(this.M.fields, "", this.form, draft.values);
    this.el("lr-change-reason").value = typeof draft.reason === "string" ? draft.reason : "";
    this.auto = draft.auto !== false;
    this.showAll = true;
    this.status("Your draft in this browser was restored. Clear the form to start again.");
    return true;
  };

  Form.prototype.reading = function (name, text) {
    var control = byName(this.form, name);
    if (!control) return;
    var id = control.id + "-reading", p = document.getElementById(id);
    if (!p) {
      p = document.createElement("p");
      p.className = "lr-reading";
      p.id = id;
      p.setAttribute("aria-live", "polite");
      control.insertAdjacentElement("afterend", p);
      control.setAttribute("aria-describedby", (control.getAttribute("aria-describedby") || "") + " " + id);
    }
    p.textContent = text;
  };

  Form.prototype.taken = function () {
    var own = this.caseId;
    return this.M.ids.filter(function (i) { return i !== own; });
  };

  Form.prototype.proposeId = function (values) {
    var idBox = byName(this.form, "id");
    if (!idBox || this.original) return;
    var author = values.citation ? values.citation.first_author : null;
    var year = values.citation ? values.citation.year : null;
    if (this.auto) {
      var ok = author && window.LRSubmit.slugify(author) && typeof year === "number";
      idBox.value = ok ? window.LRSubmit.freeId(author, year, this.taken()) : "";
      values.id = idBox.value || null;
    }
    this.reading("id", this.auto
      ? "Proposed from the first author and the year, and not used by any of the review's " + this.M.ids.length + " cases."
      : "Your own id: it becomes the case's permanent address, /cases/<id>/. Empty the box to get the proposed one.");
  };

  Form.prototype.output = function () {
    var values = read(this.M.fields, "", this.form);
    this.proposeId(values);
    var obj = JSON.parse(JSON.stringify(values));
    var changed = this.original ? edited(this.M.fields, "", this.original, values) : [];
    if (changed.length) {
      var reason = this.el("lr-change-reason").value.trim();
      obj.changes = (obj.changes || []).concat([{
        version: null,
        description: "Corrected " + andList(changed) + "." + (reason ? " " + reason : "")
      }]);
    }
    return { values: values, obj: obj, changed: changed };
  };

  Form.prototype.update = function () {
    var out = this.output();
    var problems = window.LRSubmit.validate(out.obj, {
      taken: this.taken(), expectedId: this.original ? this.caseId : null
    });
    this.yaml = window.LRSubmit.toYAML(out.obj);
    this.el("case-yaml").textContent = this.yaml;
    var levels = out.values.location && out.values.location.levels;
    var reading = "";
    if (typeof levels === "string" && levels) {
      try { reading = window.LRSubmit.levelsReading(levels); } catch (e) { reading = ""; }
    }
    this.reading("location.levels", reading);
    this.showProblems(problems);
    this.link(problems, out);
    this.saveDraft(out.values, out.changed);
    this.root.setAttribute("data-problems", String(problems.length));
  };

  Form.prototype.link = function (problems, out) {
    var a = this.el("propose"), why = this.el("lr-propose-why");
    var id = out.obj.id || "case";
    if (problems.length) {
      a.removeAttribute("href");
      a.removeAttribute("rel");  // rel needs an href (Nu Html Checker)
      a.setAttribute("aria-disabled", "true");
      why.textContent = "Fix the " + (problems.length === 1 ? "problem" : problems.length + " problems") +
        " listed at the top of the form to propose the file.";
    } else {
      var repo = this.M.repository;
      var href = this.original
        ? repo + "/edit/main/cases/" + encodeURIComponent(id) + ".yaml"
        : repo + "/new/main?filename=" + encodeURIComponent("cases/" + id + ".yaml") + "&value=" + encodeURIComponent(this.yaml);
      if (href.length > LINK_LIMIT) {
        a.removeAttribute("href");
        a.removeAttribute("rel");
        a.setAttribute("aria-disabled", "true");
        why.textContent = "The file is too long to travel in a link: download it, then add it to cases/ on GitHub (Add file, Upload files).";
        return;
      }
      a.setAttribute("href", href);
      a.setAttribute("rel", "noopener");
      a.removeAttribute("aria-disabled");
      why.textContent = this.original
        ? (out.changed.length ? "Corrected: " + andList(out.changed) + ". " : "No field edited yet. ") +
          "Copy the file, then paste it over the text in GitHub's editor and propose the change."
        : "Ready: cases/" + id + ".yaml has no problem left.";
    }
  };

  /* The message element and the controls of a problem's field (or of its nearest group). */
  Form.prototype.target = function (field) {
    var control = byName(this.form, field) || byName(this.form, field.replace(/\[\d+\]$/, ""));
    if (control) {
      var group = control.type === "checkbox" || control.type === "radio" ? control.closest("fieldset") : null;
      var name = control.getAttribute("name");
      return {
        name: name,
        error: document.getElementById((group || control).id + "-error"),
        controls: group ? Array.prototype.slice.call(group.querySelectorAll("input")) : [control],
        focus: control.id
      };
    }
    for (var path = field; path; path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
      var box = this.form.querySelector('[data-path="' + CSS.escape(path) + '"], [data-repeat="' + CSS.escape(path) + '"]');
      if (box) return { name: path, error: document.getElementById(box.id + "-error"), controls: [], focus: box.id };
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(path)) break;
    }
    return null;
  };

  Form.prototype.clearProblems = function () {
    this.form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    this.form.querySelectorAll(".lr-error").forEach(function (el) { el.textContent = ""; el.hidden = true; });
    this.form.querySelectorAll("[data-base-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("data-base-describedby"));
    });
  };

  Form.prototype.showProblems = function (problems) {
    var self = this, list = this.el("lr-summary-list");
    this.clearProblems();
    list.textContent = "";
    problems.forEach(function (p) {
      var t = self.target(p.field);
      var li = document.createElement("li"), code = document.createElement("code");
      code.textContent = p.field;
      var holder = li;
      if (t && t.focus) {
        holder = document.createElement("a");
        holder.href = "#" + t.focus;
        li.appendChild(holder);
      }
      holder.appendChild(code);
      holder.appendChild(document.createTextNode(": " + p.message));
      list.appendChild(li);
      if (!t || !t.error || !(self.showAll || self.original || self.touched[t.name])) return;
      t.error.textContent = (t.error.textContent ? t.error.textContent + " " : "") + p.message;
      t.error.hidden = false;
      t.controls.forEach(function (c) {
        if (!c.hasAttribute("data-base-describedby")) c.setAttribute("data-base-describedby", c.getAttribute("aria-describedby") || "");
        c.setAttribute("aria-invalid", "true");
        var ids = (c.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
        if (ids.indexOf(t.error.id) < 0) ids.push(t.error.id);
        c.setAttribute("aria-describedby", ids.join(" "));
      });
    });
    this.el("lr-summary").hidden = !problems.length;
    this.el("lr-summary-title").textContent = problems.length === 1
      ? "1 problem to fix" : problems.length + " problems to fix";
  };

  Form.prototype.download = function () {
    var blob = new Blob([this.yaml], { type: "application/yaml;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = (this.output().obj.id || "case") + ".yaml";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    this.status("Downloaded " + link.download + ".");
  };

  Form.prototype.copy = function () {
    var self = this, pre = this.el("case-yaml");
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = document.execCommand && document.execCommand("copy");
      self.status(ok ? "Copied the case file." : "Select the case file's text and copy it.");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(this.yaml).then(function () { self.status("Copied the case file."); }, fallback);
    } else {
      fallback();
    }
  };

  Form.prototype.clear = function () {
    this.dropDraft();
    this.form.reset();
    this.form.querySelectorAll("[data-name]").forEach(function (el) { el.lrOrder = []; });
    this.form.querySelectorAll(".lr-repeat-item").forEach(function (item) { item.remove(); });
    this.el("lr-change-reason").value = "";
    if (this.original) fill(this.M.fields, "", this.form, this.original);
    this.auto = true;
    this.touched = {};
    this.showAll = false;
    this.update();
    this.status(this.original ? "The form holds the published case again." : "The form is empty again.");
  };

  Form.prototype.onClick = function (event) {
    var t = event.target.closest ? event.target.closest("button, a") : null;
    if (!t || !this.root.contains(t)) return;
    if (t.hasAttribute("data-add")) {
      var item = addItem(t.closest("[data-repeat]"));
      this.update();
      var first = item.querySelector("input, textarea");
      if (first) first.focus();
    } else if (t.hasAttribute("data-remove")) {
      var box = t.closest("[data-repeat]");
      t.closest(".lr-repeat-item").remove();
      var values = read(this.M.fields, "", this.form);
      fill(this.M.fields, "", this.form, values); // renumbers the items that remain
      this.update();
      box.querySelector("[data-add]").focus();
    } else if (t.id === "propose") {
      if (t.getAttribute("aria-disabled") === "true") {
        event.preventDefault();
        this.showAll = true;
        this.update();
        this.el("lr-summary").focus();
      } else {
        this.dropDraft(); // sent: the draft has done its work
      }
    } else if (t.id === "lr-download") {
      this.download();
    } else if (t.id === "lr-copy") {
      this.copy();
    } else if (t.id === "lr-clear") {
      this.clear();
    }
  };

  Form.prototype.onInput = function (event) {
    var name = event.target.getAttribute("name");
    var group = event.target.type === "checkbox" ? event.target.closest("[data-name]") : null;
    if (group) {
      var order = (group.lrOrder || []).filter(function (c) { return c !== event.target.value; });
      if (event.target.checked) order.push(event.target.value);
      group.lrOrder = order;
    }
    if (name) this.touched[name] = true;
    if (name === "id") this.auto = !event.target.value.trim();
    this.update();
  };

  Form.prototype.startCorrection = function (records) {
    var id = this.caseId, record = (records || []).filter(function (r) { return r.id === id; })[0];
    if (!record) {
      this.caseId = null;
      this.status("There is no case " + JSON.stringify(id) + " in the review: the form is for a new case.");
      return;
    }
    this.original = JSON.parse(JSON.stringify(record));
    fill(this.M.fields, "", this.form, record);
    byName(this.form, "id").readOnly = true;
    this.reading("id", "The id of a published case never changes.");
    this.el("lr-correcting").hidden = false;
    this.el("lr-correcting-id").textContent = id;
    var link = this.el("lr-correcting-case");
    link.setAttribute("href", link.getAttribute("href") + encodeURIComponent(id) + "/");
    this.el("propose").textContent = "Open the file in GitHub's editor";
    this.el("lr-next-step").textContent = "The link opens cases/" + id + ".yaml in GitHub's editor. " +
      "Paste the corrected file over its text (Copy puts it on your clipboard) and propose the change; " +
      "without write access, GitHub forks the repository and opens a pull request. A GitHub account is needed.";
  };

  function attach(root, M) {
    var f = new Form(root, M);
    root.addEventListener("click", function (e) { f.onClick(e); });
    f.form.addEventListener("input", function (e) { f.onInput(e); });
    f.form.addEventListener("change", function (e) { f.onInput(e); });
    f.form.addEventListener("submit", function (e) { e.preventDefault(); });
    f.el("lr-change-reason").addEventListener("input", function () { f.update(); });
    var ready = f.caseId
      ? fetch(root.getAttribute("data-cases")).then(function (r) { return r.json(); })
        .then(function (records) { f.startCorrection(records); })
      : Promise.resolve();
    return ready.catch(function (error) {
      f.status("The published case could not be read: " + error.message);
    }).then(function () {
      f.restoreDraft();
      f.update();
      root.setAttribute("data-ready", "true");
      return f;
    });
  }

  window.LRSubmitForm = { attach: attach, read: read, fill: fill };
})();
