/* The controls of the "Submit a case" form: read and fill them, show problems at each field and
 * in the summary, keep the draft, and offer the file (Propose on GitHub, Download, Copy).
 * submit.js loads the form's description and calls LRSubmitForm.attach(root, description).
 * Values only ever reach the page through .value and textContent.
 *
 * Nothing typed is lost: every change is saved as this tab's draft (localStorage, under a key
 * holding the tab's id from sessionStorage, so two tabs keep two drafts); a reload or Back
 * restores every field from it; Propose opens GitHub in a new tab and keeps the draft; a draft
 * left by another tab or an earlier visit is offered, never overwritten; Clear can be undone. */
(function () {
  "use strict";
  var DRAFT = "lr-submit-draft:";
  var TAB = "lr-submit-tab";
  var LINK_LIMIT = 8000; // GitHub (and browsers) refuse much longer addresses
  var ROUTES = {}; // every found_by route by id (a correction keeps its case's own)
  var REASON = "lr-change-reason";

  function strip(text) { return window.LRSubmit.strip(text); }

  /* This tab's id: sessionStorage lives as long as the tab (reloads and Back included). */
  function tabId() {
    try {
      var id = window.sessionStorage.getItem(TAB);
      if (!id) {
        id = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
        window.sessionStorage.setItem(TAB, id);
      }
      return id;
    } catch (e) {
      return "tab";
    }
  }

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
    var t = strip(text);
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
      } else if (f.kind === "yes-no") {
        el = scope.querySelector('input[name="' + CSS.escape(name) + '"]:checked');
        obj[f.key] = el && el.value ? el.value === "true" : null;
      } else if (f.kind === "lines") {
        el = byName(scope, name);
        obj[f.key] = el ? el.value.split("\n").map(strip).filter(Boolean) : [];
      } else {
        el = byName(scope, name);
        var text = el ? el.value : "";
        if (f.kind === "integer" || f.kind === "number") obj[f.key] = parseNumber(text, f.kind);
        else obj[f.key] = strip(text) ? strip(text) : null;
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

  /* A choice the form does not offer to a new case (a correction's closed route, such as the
     source's own case): added as an option, so that the case keeps it. */
  function addChoice(scope, name, value) {
    var box = scope.querySelector('[data-name="' + CSS.escape(name) + '"]');
    if (!box) return;
    var route = ROUTES[value] || { label: value, help: "" };
    var option = document.createElement("div"), input = document.createElement("input");
    var label = document.createElement("label"), code = document.createElement("code");
    var n = box.querySelectorAll("input").length + 1;
    option.className = "lr-option";
    input.type = "radio";
    input.name = name;
    input.value = value;
    input.id = box.id + "-kept-" + n;
    label.setAttribute("for", input.id);
    code.textContent = value;
    label.appendChild(code);
    label.appendChild(document.createTextNode(" " + route.label + " (this case's own)"));
    option.appendChild(input);
    option.appendChild(label);
    box.querySelector(".lr-options").appendChild(option);
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
      } else if (f.kind === "codes" || f.kind === "choice" || f.kind === "yes-no") {
        var wanted = f.kind === "codes" ? (Array.isArray(v) ? v : []) : [v === null || v === undefined ? "" : String(v)];
        if (f.kind === "choice" && wanted[0] && !scope.querySelector(
          'input[name="' + CSS.escape(name) + '"][value="' + CSS.escape(wanted[0]) + '"]')) {
          addChoice(scope, name, wanted[0]);
        }
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
    this.tab = tabId();
    this.original = null;
    this.pristine = null; // the form's values before anything was typed
    this.touched = {};
    this.showAll = false;
    this.auto = true;
    this.undo = null;
    this.yaml = "";
    this.el = function (id) { return root.querySelector("#" + id); };
  }

  Form.prototype.status = function (text) { this.el("lr-status").textContent = text; };

  Form.prototype.scope = function () { return DRAFT + (this.caseId || "new"); };

  Form.prototype.draftKey = function () { return this.scope() + ":" + this.tab; };

  Form.prototype.snapshot = function (values) {
    return {
      values: values || read(this.M.fields, "", this.form),
      reason: this.el(REASON).value,
      auto: this.auto,
      touched: this.touched,
      showAll: this.showAll,
      saved: Date.now()
    };
  };

  Form.prototype.saveDraft = function (values) {
    var untouched = JSON.stringify(values) === this.pristine && !strip(this.el(REASON).value);
    if (untouched) { this.dropDraft(); return; }
    try {
      window.localStorage.setItem(this.draftKey(), JSON.stringify(this.snapshot(values)));
    } catch (e) { /* storage may be off: the form still works */ }
  };

  Form.prototype.dropDraft = function () {
    try { window.localStorage.removeItem(this.draftKey()); } catch (e) { /* ignore */ }
  };

  function readDraft(key) {
    var draft = null;
    try { draft = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
    return draft && typeof draft === "object" && draft.values && typeof draft.values === "object" ? draft : null;
  }

  /* Drafts of the same case (or of a new case) kept by other tabs or earlier visits, newest first. */
  Form.prototype.otherDrafts = function () {
    var scope = this.scope(), own = this.draftKey(), out = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key === own || !(key === scope || key.indexOf(scope + ":") === 0)) continue;
        var draft = readDraft(key);
        if (draft) out.push({ key: key, draft: draft });
      }
    } catch (e) { /* storage off */ }
    return out.sort(function (a, b) { return (b.draft.saved || 0) - (a.draft.saved || 0); });
  };

  Form.prototype.apply = function (draft) {
    fill(this.M.fields, "", this.form, draft.values);
    this.el(REASON).value = typeof draft.reason === "string" ? draft.reason : "";
    this.auto = draft.auto !== false;
    this.touched = draft.touched && typeof draft.touched === "object" ? draft.touched : {};
    this.showAll = draft.showAll === true;
  };

  /* This tab's draft, restored in full (after a reload or Back); else the others, offered. */
  Form.prototype.restoreDraft = function () {
    var draft = readDraft(this.draftKey());
    if (draft) {
      this.apply(draft);
      this.status("Your draft in this tab was restored. Clear the form to start again.");
      return true;
    }
    this.offerDrafts();
    return false;
  };

  function describeDraft(draft) {
    var v = draft.values || {}, c = v.citation || {};
    var who = [c.first_author, c.year].filter(function (x) { return x !== null && x !== undefined && x !== ""; }).join(" ");
    var when = draft.saved ? new Date(draft.saved).toLocaleString() : "at an unknown time";
    return (who ? who + ", " : "") + "saved " + when;
  }

  Form.prototype.offerDrafts = function () {
    var others = this.otherDrafts(), box = this.el("lr-drafts"), list = this.el("lr-drafts-list");
    list.textContent = "";
    box.hidden = !others.length;
    var self = this;
    others.slice(0, 5).forEach(function (o) {
      var li = document.createElement("li"), button = document.createElement("button");
      li.appendChild(document.createTextNode(describeDraft(o.draft) + " "));
      button.type = "button";
      button.className = "md-button";
      button.textContent = "Continue it here";
      button.setAttribute("data-draft", o.key);
      li.appendChild(button);
      list.appendChild(li);
    });
    if (others.length > 5) {
      var more = document.createElement("li");
      more.textContent = "and " + (others.length - 5) + " older.";
      list.appendChild(more);
    }
  };

  /* Take another tab's (or an earlier visit's) draft into this tab: it becomes this tab's own. */
  Form.prototype.adopt = function (key) {
    var draft = readDraft(key);
    if (!draft) { this.offerDrafts(); return; }
    this.apply(draft);
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    this.update();
    this.offerDrafts();
    this.status("The draft is in this tab now. If its other tab is still open, that tab keeps its own copy.");
    var first = this.form.querySelector("input, textarea");
    if (first) first.focus();
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
    if (p.textContent !== text) p.textContent = text;
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
      ? this.M.readings.id
      : "Your own id: it becomes the case's permanent address, /cases/<id>/. Empty the box to get the proposed one.");
  };

  /* The correction's own entry of ``changes``: "Corrected <fields>." and what was typed. */
  Form.prototype.prefix = function (changed) { return "Corrected " + andList(changed) + "."; };

  Form.prototype.output = function () {
    var values = read(this.M.fields, "", this.form);
    this.proposeId(values);
    var obj = JSON.parse(JSON.stringify(values));
    var changed = this.original ? edited(this.M.fields, "", this.original, values) : [];
    var at = null;
    if (changed.length) {
      var reason = strip(this.el(REASON).value);
      obj.changes = (obj.changes || []).concat([{
        version: null,
        description: this.prefix(changed) + (reason ? " " + reason : "")
      }]);
      at = "changes[" + (obj.changes.length - 1) + "].description";
    }
    return { values: values, obj: obj, changed: changed, reasonAt: at };
  };

  /* A problem of the description the form writes is reported at the box the contributor typed
     in, and a length counts only what they typed (against the limit less the form's prefix). */
  Form.prototype.reasonProblems = function (problems, out) {
    var self = this;
    return problems.map(function (p) {
      if (!out.reasonAt || p.field !== out.reasonAt) return p;
      var typed = Array.from(strip(self.el(REASON).value)).length;
      var added = Array.from(self.prefix(out.changed) + " ").length;
      var m = /^(value )?is [\d,]+ characters long; the limit is ([\d,]+)$/.exec(p.message), message = p.message;
      if (m) {
        var limit = parseInt(m[2].replace(/,/g, ""), 10) - added;
        message = (m[1] || "") + "is " + typed.toLocaleString("en-US") + " characters long; the limit is " +
          limit.toLocaleString("en-US") + " (the form adds " + added + " characters before it)";
      }
      return { field: REASON, label: "What you corrected, and why", message: message };
    });
  };

  /* Ajv loads when the form first needs a verdict: on the first touch, or at once for a
     correction or a restored draft. */
  Form.prototype.needValidator = function () {
    var self = this;
    if (!this.validating) {
      this.validating = window.LRSubmit.validator().then(function () { self.update(); }, function (error) {
        self.status("The form cannot check the file: " + error.message);
      });
    }
    return this.validating;
  };

  Form.prototype.update = function () {
    var out = this.output();
    this.yaml = window.LRSubmit.toYAML(out.obj);
    var pre = this.el("case-yaml");
    if (pre.textContent !== this.yaml) pre.textContent = this.yaml;
    var at = window.LRSubmit.levelsPath();  // a vertebral location's levels, read back
    if (at) {
      var parts = at.split("."), levels = out.values[parts[0]] && out.values[parts[0]][parts[1]];
      var reading = "";
      if (typeof levels === "string" && levels) {
        try { reading = window.LRSubmit.levelsReading(levels); } catch (e) { reading = ""; }
      }
      this.reading(at, reading);
    }
    this.saveDraft(out.values);
    if (!window.LRSubmit.hasValidator()) {
      if (this.original || JSON.stringify(out.values) !== this.pristine) this.needValidator();
      return;
    }
    var problems = window.LRSubmit.validate(out.obj, {
      taken: this.taken(), expectedId: this.original ? this.caseId : null, file: this.yaml
    });
    problems = this.reasonProblems(problems, out);
    this.problems = problems;
    this.showProblems(problems);
    this.link(problems, out);
    this.root.setAttribute("data-problems", String(problems.length));
  };

  Form.prototype.withdraw = function (why) {
    var a = this.el("propose");
    a.setAttribute("href", "#lr-summary"); // still a link: keyboard users reach it and ask
    a.removeAttribute("target");
    a.removeAttribute("rel");
    a.setAttribute("aria-disabled", "true");
    this.el("lr-propose-why").textContent = why;
  };

  Form.prototype.link = function (problems, out) {
    var a = this.el("propose"), why = this.el("lr-propose-why");
    var id = out.obj.id || "case";
    this.tooLong = false;
    if (problems.length) {
      var n = problems.length === 1 ? "1 problem" : problems.length + " problems";
      this.withdraw(this.showAll
        ? "Fix the " + n + " listed under \u201cProblems to fix\u201d to propose the file."
        : "Not ready yet: " + n + " left. Propose on GitHub lists them.");
      return;
    }
    var repo = this.M.repository;
    var href = this.original
      ? repo + "/edit/main/cases/" + encodeURIComponent(id) + ".yaml"
      : repo + "/new/main?filename=" + encodeURIComponent("cases/" + id + ".yaml") + "&value=" + encodeURIComponent(this.yaml);
    if (!this.original && href.length > LINK_LIMIT) {
      this.tooLong = true;
      this.withdraw("The file is too long to travel in a link: download it, then add it to cases/ on GitHub (Add file, Upload files).");
      return;
    }
    a.setAttribute("href", href);
    a.setAttribute("target", "_blank"); // a new tab: this page, and the draft, stay as they are
    a.setAttribute("rel", "noopener");
    a.removeAttribute("aria-disabled");
    why.textContent = this.original
      ? (out.changed.length ? "Corrected: " + andList(out.changed) + ". " : "No field edited yet. ") +
        "Copy the file, then paste it over the text in GitHub's editor (it opens in a new tab) and propose the change."
      : "Ready: cases/" + id + ".yaml has no problem left. GitHub opens in a new tab; your draft stays here until you clear it.";
  };

  /* The message element and the controls of a problem's field (or of its nearest group). */
  Form.prototype.target = function (field) {
    if (field === REASON) {
      var reason = this.el(REASON);
      return { name: REASON, error: this.el(REASON + "-error"), controls: [reason], focus: REASON };
    }
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
    this.root.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    this.root.querySelectorAll(".lr-error").forEach(function (el) { el.textContent = ""; el.hidden = true; });
    this.root.querySelectorAll("[data-base-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("data-base-describedby"));
    });
  };

  /* Each problem at its field once the field was touched (or when every problem was asked
     for), and the list of them all at the top when asked for: never on an untouched form. */
  Form.prototype.showProblems = function (problems) {
    var self = this, list = this.el("lr-summary-list");
    this.clearProblems();
    list.textContent = "";
    problems.forEach(function (p) {
      var t = self.target(p.field);
      var li = document.createElement("li"), name = document.createElement(p.label ? "span" : "code");
      name.textContent = p.label || p.field;
      var holder = li;
      if (t && t.focus) {
        holder = document.createElement("a");
        holder.href = "#" + t.focus;
        li.appendChild(holder);
      }
      holder.appendChild(name);
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
    this.el("lr-summary").hidden = !(problems.length && this.showAll);
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

  Form.prototype.empty = function () {
    this.form.reset();
    this.form.querySelectorAll("[data-name]").forEach(function (el) { el.lrOrder = []; });
    this.form.querySelectorAll(".lr-repeat-item").forEach(function (item) { item.remove(); });
    this.el(REASON).value = "";
    if (this.original) fill(this.M.fields, "", this.form, this.original);
  };

  /* Clear keeps what the form held until the next edit: Undo brings it back. */
  Form.prototype.clear = function () {
    var before = this.snapshot();
    var blank = JSON.stringify(before.values) === this.pristine && !strip(before.reason);
    this.empty();
    this.auto = true;
    this.touched = {};
    this.showAll = false;
    this.dropDraft();
    this.update();
    if (blank) { this.status("The form is already empty."); return; }
    this.undo = before;
    this.el("lr-undo").hidden = false;
    this.status((this.original ? "The form holds the published case again." : "The form is empty again.") +
      " Undo brings back what you had typed.");
  };

  Form.prototype.undoClear = function () {
    if (!this.undo) return;
    this.apply(this.undo);
    this.undo = null;
    this.el("lr-undo").hidden = true;
    this.update();
    this.status("Your text is back.");
    this.el("lr-clear").focus();
  };

  Form.prototype.forgetUndo = function () {
    if (!this.undo) return;
    this.undo = null;
    this.el("lr-undo").hidden = true;
  };

  /* Propose while the file is not ready: list every problem and move to the list (or, for a
     file too long for a link, to Download). Focus always lands on something visible. */
  Form.prototype.ask = function () {
    var self = this;
    this.showAll = true;
    return this.needValidator().then(function () {
      self.update();
      if (self.tooLong) {
        self.el("lr-download").focus();
        self.status("The file is too long to travel in a link: download it, then add it to cases/ on GitHub (Add file, Upload files).");
      } else if (self.problems && self.problems.length) {
        self.el("lr-summary").focus();
      }
    });
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
    } else if (t.hasAttribute("data-draft")) {
      this.adopt(t.getAttribute("data-draft"));
    } else if (t.id === "propose") {
      if (t.getAttribute("aria-disabled") === "true") {
        event.preventDefault();
        this.ask();
      } else {
        this.status("GitHub opened in a new tab. Your draft stays here until you clear the form.");
      }
    } else if (t.id === "lr-download") {
      this.download();
    } else if (t.id === "lr-copy") {
      this.copy();
    } else if (t.id === "lr-clear") {
      this.clear();
    } else if (t.id === "lr-undo") {
      this.undoClear();
    }
  };

  Form.prototype.onInput = function (event) {
    var name = event.target.getAttribute("name") || event.target.id;
    var group = event.target.type === "checkbox" ? event.target.closest("[data-name]") : null;
    if (group) {
      var order = (group.lrOrder || []).filter(function (c) { return c !== event.target.value; });
      if (event.target.checked) order.push(event.target.value);
      group.lrOrder = order;
    }
    if (name) this.touched[name] = true;
    if (name === "id") this.auto = !strip(event.target.value);
    this.forgetUndo();
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
    this.el("lr-next-step").textContent = "The link opens cases/" + id + ".yaml in GitHub's editor, in a new tab. " +
      "Paste the corrected file over its text (Copy puts it on your clipboard) and propose the change; " +
      "without write access, GitHub forks the repository and opens a pull request. A GitHub account is needed.";
  };

  function attach(root, M) {
    ROUTES = M.routes || {};
    var f = new Form(root, M);
    root.addEventListener("click", function (e) { f.onClick(e); });
    f.form.addEventListener("input", function (e) { f.onInput(e); });
    f.form.addEventListener("change", function (e) { f.onInput(e); });
    f.form.addEventListener("submit", function (e) { e.preventDefault(); });
    // the first touch of the form starts loading the validator, before the first keystroke
    root.addEventListener("focusin", function () { f.needValidator(); }, { once: true });
    f.el(REASON).addEventListener("input", function (e) { f.onInput(e); });
    var ready = f.caseId
      ? fetch(root.getAttribute("data-cases")).then(function (r) { return r.json(); })
        .then(function (records) { f.startCorrection(records); })
      : Promise.resolve();
    return ready.catch(function (error) {
      f.status("The published case could not be read: " + error.message);
    }).then(function () {
      f.pristine = JSON.stringify(read(M.fields, "", f.form));
      f.restoreDraft();
      f.update();
      root.setAttribute("data-ready", "true");
      return f;
    });
  }

  window.LRSubmitForm = { attach: attach, read: read, fill: fill };
})();
