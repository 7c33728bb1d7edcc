/* The "Submit a case" form (/submit/): writes a case file from what a contributor types.
 *
 * - The fields come from submit/form.json, generated from the case models' JSON Schema and the
 *   vocabulary (generator/pages/submit.py); the page's controls are generated from the same
 *   description and named by their dotted path in the case file.
 * - The controls' code (submit-form.js) and Ajv load only on this page (data-controls,
 *   data-vendor); the rest of the site carries this file alone.
 * - Validation: the committed JSON Schema with the vendored Ajv, plus
 *   the rules a schema cannot express (a vertebral location's levels, year not in the future,
 *   the id, a code listed twice), in the
 *   words of the Python validator (generator/model/validate_messages.py).
 * - Safe and private: every value is set with textContent or .value, never as HTML; nothing is
 *   sent anywhere; each tab's draft stays in localStorage until the contributor clears it.
 * - Material's instant navigation swaps page content without reloading scripts: the form is set
 *   up from Material's document$ observable (or DOMContentLoaded without it).
 * window.LRSubmit exposes the pure functions (validate, toYAML, parseLevels, freeId) for tests.
 */
(function () {
  "use strict";
  var M = null; // the form description (submit/form.json)
  var compiled = null; // the compiled Ajv validator
  var loads = {};

  function getJSON(url) {
    if (!loads[url]) {
      loads[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("could not load " + url + " (" + r.status + ")");
        return r.json();
      });
    }
    return loads[url];
  }

  function loadScript(src) {
    if (!loads[src]) {
      loads[src] = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = src;
        el.onload = resolve;
        el.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(el);
      });
    }
    return loads[src];
  }

  /* ---------- Python's way of quoting values, for messages in the validator's words ---------- */

  /* Characters Python's repr() writes as escapes (str.isprintable() is false for them). */
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  function hex(code, width) { return ("0000000" + code.toString(16)).slice(-width); }

  function pyRepr(value) {
    if (value === null || value === undefined) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "number") return String(value);
    var s = String(value);
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var out = "";
    Array.from(s).forEach(function (c) {
      var code = c.codePointAt(0);
      if (c === "\\") out += "\\\\";
      else if (c === quote) out += "\\" + c;
      else if (c === "\n") out += "\\n";
      else if (c === "\r") out += "\\r";
      else if (c === "\t") out += "\\t";
      else if (c !== " " && NOT_PRINTABLE.test(c)) {
        out += code < 0x100 ? "\\x" + hex(code, 2) : code < 0x10000 ? "\\u" + hex(code, 4) : "\\U" + hex(code, 8);
      } else out += c;
    });
    return quote + out + quote;
  }

  /* Python's str.format for the loader's templates: {name}, {name:,} and {name:04X}. */
  function pyFormat(template, values) {
    return template.replace(/\{(\w+)(?::([^}]*))?\}/g, function (_, key, spec) {
      var v = values[key];
      if (spec === ",") return thousands(v);
      if (spec === "04X") return ("000" + v.toString(16).toUpperCase()).slice(-Math.max(4, v.toString(16).length));
      return String(v);
    });
  }

  /* pydantic's str_strip_whitespace (Rust's trim: Unicode White_Space, which U+FEFF is not and
     U+0085 is); JavaScript's trim() differs on both. */
  var EDGE_SPACE = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

  function strip(text) { return String(text).replace(EDGE_SPACE, ""); }

  /* A number in plain decimal digits, never with an exponent (YAML 1.1 reads 1e-7 as text). */
  function plainNumber(n) {
    var s = String(n), m = /^(-?)(\d+)(?:\.(\d+))?e([-+]\d+)$/.exec(s);
    if (!m) return s;
    var digits = m[2] + (m[3] || ""), point = m[2].length + parseInt(m[4], 10);
    if (point <= 0) return m[1] + "0." + "0".repeat(-point) + digits;
    if (point >= digits.length) return m[1] + digits + "0".repeat(point - digits.length);
    return m[1] + digits.slice(0, point) + "." + digits.slice(point);
  }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function shown(value) {
    if (Array.isArray(value)) return "a list";
    if (value !== null && typeof value === "object") return "a group of fields";
    if (typeof value === "string" && Array.from(value).length > 60) {
      return pyRepr(Array.from(value).slice(0, 60).join("")) + "... (" +
        thousands(Array.from(value).length) + " characters)";
    }
    return pyRepr(value);
  }

  /* ---------- the location scheme (M.location, from the review's model.yaml), ids ---------- */

  /* The vertebral scheme's levels, from the positions and groups sent by generator.submit:
     each level is a letter and a number (C1 ... S5); a letter's group is its region. */
  function spine() {
    var L = M.location, levels = [], names = {}, letters = [];
    L.positions.forEach(function (p) {
      var letter = p[0].replace(/[0-9]+$/, ""), n = parseInt(p[0].slice(letter.length), 10);
      if (!names[letter]) { names[letter] = [p[1], 0]; letters.push(letter); }
      names[letter][1] = Math.max(names[letter][1], n);
      levels.push(p[0]);
    });
    return { levels: levels, names: names, letters: letters };
  }

  /* generator.model.spine.parse_levels: {start, end, levels, regions}, or throws with its message
     (the wording is generator.model.spine.MESSAGES, sent in the form's description). */
  function parseLevels(text) {
    var sp = spine(), W = M.location.messages;
    var cleaned = strip(text);
    var repr = pyRepr(text);
    if (/[\u2013\u2014]/.test(cleaned)) throw new Error(pyFormat(W.dash, { text: repr }));
    var letter = "([" + sp.letters.join("") + "])([0-9]{1,2})";
    var m = new RegExp("^" + letter + "(?:-" + letter + ")?$").exec(cleaned);
    if (!m) {
      var short = new RegExp("^" + letter + "-([0-9]{1,2})$").exec(cleaned);
      var hint = short ? pyFormat(W.hint, { start: short[1] + short[2], end: short[1] + short[3] }) : "";
      throw new Error(pyFormat(W.form, { letters: sp.letters.join(", "), text: repr, hint: hint }));
    }
    function check(letter, number) {
      var name = sp.names[letter][0], count = sp.names[letter][1], n = parseInt(number, 10);
      if (n < 1 || n > count || number.charAt(0) === "0") {
        throw new Error(pyFormat(W.level, { level: letter + number, text: repr, region: name,
          first: letter + "1", last: letter + count }));
      }
      return letter + n;
    }
    var start = check(m[1], m[2]);
    var end = m[3] ? check(m[3], m[4]) : start;
    if (m[3] && start === end) throw new Error(pyFormat(W.same, { start: pyRepr(start), text: repr }));
    var a = sp.levels.indexOf(start), b = sp.levels.indexOf(end);
    if (b < a) throw new Error(pyFormat(W.reversed, { text: repr, end: end, start: start }));
    var levels = sp.levels.slice(a, b + 1), regions = [];
    levels.forEach(function (l) {
      var name = sp.names[l.replace(/[0-9]+$/, "")][0];
      if (regions.indexOf(name) < 0) regions.push(name);
    });
    return { start: start, end: end, levels: levels, regions: regions };
  }

  function andList(items) {
    return items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  /* A vertebral location read back: "C6-T2: 4 levels, cervical and thoracic" */
  function levelsReading(text) {
    var r = parseLevels(text), noun = M.location.noun;
    var label = r.start === r.end ? r.start : r.start + "-" + r.end;
    return label + ": " + r.levels.length + " " + noun + (r.levels.length === 1 ? "" : "s") + ", " + andList(r.regions);
  }

  /* The path of the location's positions ("location.levels"), when the scheme is vertebral. */
  function levelsPath() {
    var L = M.location;
    return L && L.scheme === "vertebral" ? L.field + "." + L.key : null;
  }

  /* generator.scaffold.slugify and free_id: the same ids as `python -m generator new`. */
  function slugify(text) {
    var ascii = String(text).normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function suffixes() {
    var letters = "abcdefghijklmnopqrstuvwxyz".split(""), out = letters.slice();
    letters.forEach(function (a) { letters.forEach(function (b) { out.push(a + b); }); });
    return out;
  }

  function freeId(firstAuthor, year, taken) {
    var base = slugify(firstAuthor) + "-" + year;
    var has = {};
    taken.forEach(function (t) { has[t] = true; });
    var esc = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var sibling = new RegExp("^" + esc + "-[a-z]{1,2}$");
    if (!taken.some(function (t) { return t === base || sibling.test(t); })) return base;
    var all = suffixes();
    for (var i = 0; i < all.length; i++) {
      if (all[i] === "a" && has[base]) continue;
      if (!has[base + "-" + all[i]]) return base + "-" + all[i];
    }
    return base;
  }

  /* ---------- the validator's wording ---------- */

  /* difflib.get_close_matches, roughly: the best candidate whose similarity is 0.6 or more. */
  function closeMatch(word, candidates) {
    function lcs(a, b) {
      var prev = new Array(b.length + 1).fill(0);
      for (var i = 1; i <= a.length; i++) {
        var cur = [0];
        for (var j = 1; j <= b.length; j++) {
          cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
        }
        prev = cur;
      }
      return prev[b.length];
    }
    var best = null, score = 0.6;
    candidates.forEach(function (c) {
      var r = 2 * lcs(word, c) / (word.length + c.length || 1);
      if (r >= score && (best === null || r > score)) { best = c; score = r; }
    });
    return best;
  }

  /* The form field at a path of the case file (list indices skipped), or null. */
  function fieldAt(parts) {
    var fields = M.fields, found = null;
    for (var i = 0; i < parts.length; i++) {
      if (typeof parts[i] === "number") continue;
      found = (fields || []).filter(function (x) { return x.key === parts[i]; })[0] || null;
      if (!found) return null;
      fields = found.fields;
    }
    return found;
  }

  /* The field of codes of a vocabulary at a path (it names the vocabulary's noun), or null. */
  function codedAt(parts) {
    var f = fieldAt(parts);
    return f && f.noun ? f : null;
  }

  function suggestCode(f, wrong) {
    var text = String(wrong).trim().toLowerCase(), byKey = {};
    f.options.forEach(function (o) {
      byKey[o.value.toLowerCase()] = o.value;
      byKey[o.label.toLowerCase()] = o.value;
    });
    if (byKey[text]) return byKey[text];
    var close = closeMatch(text, Object.keys(byKey));
    return close ? byKey[close] : null;
  }

  function codesOf(f) {
    return f.options.map(function (o) { return o.value; });
  }

  function dotted(parts) {
    var out = "";
    parts.forEach(function (p) {
      out += typeof p === "number" ? "[" + p + "]" : (out ? "." + p : p);
    });
    return out || "-";
  }

  function pointer(path) {
    if (!path) return [];
    return path.split("/").slice(1).map(function (p) {
      p = p.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^\d+$/.test(p) ? parseInt(p, 10) : p;
    });
  }

  function lastKey(parts) {
    for (var i = parts.length - 1; i >= 0; i--) if (typeof parts[i] === "string") return parts[i];
    return "";
  }

  function literalList(values) {
    var q = values.map(pyRepr);
    return q.length < 2 ? q.join("") : q.slice(0, -1).join(", ") + " or " + q[q.length - 1];
  }

  /* One Ajv error (of a path's errors) in the words of generator.model.validate_messages._message. */
  function message(e, parts, nullable) {
    var T = M.messages.types, value = e.data, key = lastKey(parts);
    var typeWords = { string: T.string_type, integer: T.int_type, number: T.float_type,
      boolean: T.bool_type, array: T.list_type, object: T.model_type };
    switch (e.keyword) {
      case "type":
        if (value === null) return "must not be empty: this field is required";
        return typeWords[e.params.type] + ", got " + shown(value);
      case "minimum": return "must be at least " + e.params.limit + ", got " + shown(value);
      case "maximum": return "must be at most " + e.params.limit + ", got " + shown(value);
      case "exclusiveMinimum": return "must be more than " + e.params.limit + ", got " + shown(value);
      case "exclusiveMaximum": return "must be less than " + e.params.limit + ", got " + shown(value);
      case "pattern":
        if (M.messages.patterns[key]) {
          var msg = M.messages.patterns[key] + ", got " + shown(value);
          if (key === "doi" && typeof value === "string" && value.indexOf("10.") >= 0) {
            msg += ": write " + pyRepr(value.slice(value.indexOf("10.")).trim());
          }
          return msg;
        }
        return "must match pattern " + pyRepr(e.params.pattern) + ", got " + shown(value);
      case "minLength": return "must not be empty" + (nullable ? ": write null when it is not known" : "");
      case "maxLength":
        return "is " + thousands(Array.from(value).length) + " characters long; the limit is " + thousands(e.params.limit);
      case "minItems":
        if (codedAt(parts)) {
          return "must list at least one code (allowed: " + codesOf(codedAt(parts)).join(", ") + ")";
        }
        return "must list at least " + e.params.limit + " item" + (e.params.limit === 1 ? "" : "s");
      case "enum":
      case "const":
        var coded = codedAt(parts);
        if (coded) {  // generator.model.Vocabulary.unknown
          var out = "unknown " + coded.noun + " " + shown(value);
          var hint = typeof value === "string" ? suggestCode(coded, value) : null;
          if (hint) out += ": did you mean " + pyRepr(hint) + "?";
          return out + " (allowed: " + codesOf(coded).join(", ") + ")";
        }
        return "must be " + literalList(e.params.allowedValues || [e.params.allowedValue]) + ", got " + shown(value);
      default:
        return (e.message || "is not valid") + (value !== null && value !== undefined ? ", got " + shown(value) : "");
    }
  }

  function trimmed(value) {
    if (typeof value === "string") return strip(value);
    if (Array.isArray(value)) return value.map(trimmed);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = trimmed(value[k]); });
      return out;
    }
    return value;
  }

  /* The field names of the group at a path, in the models' order (the schema file sorts them). */
  function keysAt(parts) {
    var fields = M.fields;
    for (var i = 0; i < parts.length; i++) {
      if (typeof parts[i] === "number") continue;
      var f = fields.filter(function (x) { return x.key === parts[i]; })[0];
      if (!f) return null;
      fields = f.fields;
    }
    return fields.map(function (x) { return x.key; });
  }

  /* Ajv's errors as [{field, message}], one per field, as generator.validate reports them. */
  function schemaProblems(obj) {
    if (compiled(obj)) return [];
    var byPath = {}, order = [], out = [], suggested = {};
    compiled.errors.forEach(function (e) {
      var parts = pointer(e.instancePath);
      if (e.keyword === "required") parts = parts.concat([e.params.missingProperty]);
      if (e.keyword === "additionalProperties") parts = parts.concat([e.params.additionalProperty]);
      var key = dotted(parts);
      if (!byPath[key]) { byPath[key] = { parts: parts, errors: [] }; order.push(key); }
      byPath[key].errors.push(e);
    });
    order.forEach(function (key) {
      var entry = byPath[key], errs = entry.errors, parts = entry.parts;
      var nullable = errs.some(function (e) { return e.keyword === "type" && e.params.type === "null"; });
      var real = errs.filter(function (e) {
        return e.keyword !== "anyOf" && !(e.keyword === "type" && e.params.type === "null");
      });
      if (!real.length) return;
      // a value outside a list of choices reads as pydantic's literal error, whatever its type
      var e = real.filter(function (x) { return x.keyword === "enum"; })[0] || real[0];
      if (e.keyword === "required") {
        out.push({ field: key, message: "required field is missing", parts: parts });
      } else if (e.keyword === "additionalProperties") {
        var allowed = keysAt(parts.slice(0, -1)) || Object.keys((e.parentSchema && e.parentSchema.properties) || {});
        var name = e.params.additionalProperty, close = closeMatch(name, allowed);
        var msg = "unknown field " + pyRepr(name);
        if (close) {
          msg += ": did you mean " + pyRepr(close) + "?";
          suggested[dotted(parts.slice(0, -1).concat([close]))] = true;
        } else {
          msg += "; allowed here: " + allowed.join(", ");
        }
        out.push({ field: key, message: msg, parts: parts });
      } else {
        out.push({ field: key, message: message(e, parts, nullable), parts: parts });
      }
    });
    return out.filter(function (p) { return !(suggested[p.field] && p.message === "required field is missing"); });
  }

  /* The paths of every list of codes of a vocabulary (outside repeated groups). */
  function codeLists(fields, prefix) {
    var out = [];
    fields.forEach(function (f) {
      if (f.kind === "codes" && f.noun) out.push(prefix.concat([f.key]));
      if (f.kind === "group") out = out.concat(codeLists(f.fields, prefix.concat([f.key])));
    });
    return out;
  }

  /* The rules the schema cannot express. */
  function ruleProblems(obj, options, flagged) {
    var out = [];
    function add(field, msg) { if (!flagged[field]) out.push({ field: field, message: msg }); }
    var L = M.location, loc = L ? obj[L.field] : null;
    if (levelsPath() && loc && typeof loc === "object" && typeof loc[L.key] === "string") {
      try { parseLevels(loc[L.key]); } catch (err) { add(levelsPath(), err.message); }
    }
    var year = obj.citation && obj.citation.year, now = new Date().getFullYear();
    if (typeof year === "number" && Number.isInteger(year) && year >= M.min_year && year > now) {
      add("citation.year", "must be between " + M.min_year + " and " + now + ", got " + year);
    }
    codeLists(M.fields, []).forEach(function (parts) {  // a code listed twice
      var list = obj;
      parts.forEach(function (p) { list = list && typeof list === "object" ? list[p] : undefined; });
      if (!Array.isArray(list)) return;
      var repeated = list.filter(function (v, i) { return list.indexOf(v) !== i; });
      repeated = repeated.filter(function (v, i) { return repeated.indexOf(v) === i; }).sort();
      if (repeated.length) add(dotted(parts), "lists " + repeated.join(", ") + " more than once");
    });
    var id = obj.id;
    if (typeof id === "string" && new RegExp(M.slug).test(id) && id.length <= 80) {
      if (M.messages.reserved.indexOf(id) >= 0) {
        add("id", M.messages.reserved_message.split("{quoted}").join(pyRepr(id)).split("{id}").join(id));
      } else if (options.expectedId && id !== options.expectedId) {
        add("id", "id " + pyRepr(id) + " must equal the file name without .yaml (" +
          pyRepr(options.expectedId) + "): rename the file or change the id");
      } else if (options.taken && options.taken.indexOf(id) >= 0) {
        add("id", "duplicate id " + pyRepr(id) + ": also used by cases/" + id + ".yaml");
      }
    }
    return out;
  }

  /* What generator.load refuses in a value before the models see it: control characters and
     over-long text. Like the loader, a refused value is then read as null. */
  function loadProblems(value, parts, out) {
    var L = M.messages.load;
    if (typeof value === "string") {
      var length = Array.from(value).length;
      if (length > L.max_string) {
        out.push({ field: dotted(parts), message: pyFormat(L.too_long, { length: length, limit: L.max_string }) });
        return null;
      }
      var bad = new RegExp(L.control_pattern, "u").exec(value);
      if (bad) {
        var c = bad[0];
        out.push({ field: dotted(parts), message: pyFormat(L.control, {
          code: c.codePointAt(0), name: L.control_names[c] || "a control character" }) });
        return null;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(function (v, i) { return loadProblems(v, parts.concat([i]), out); });
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (k) { copy[k] = loadProblems(value[k], parts.concat([k]), out); });
      return copy;
    }
    return value;
  }

  function utf8Length(text) { return new TextEncoder().encode(text).length; }

  /* Every problem of a case (a plain object, as read from YAML), as [{field, message}]. The
     file's size is that of options.file, or of the file the form writes for obj. */
  function validate(obj, options) {
    options = options || {};
    var L = M.messages.load;
    var size = utf8Length(options.file !== undefined ? options.file : toYAML(obj));
    if (size > L.max_bytes) {  // the loader reads no further
      return [{ field: "-", message: pyFormat(L.too_big, { size: size, limit: L.max_bytes }) }];
    }
    var loaded = [];
    var data = trimmed(loadProblems(obj, [], loaded));
    var found = schemaProblems(data).map(function (p) { return { field: p.field, message: p.message }; });
    var flagged = {};
    found.concat(loaded).forEach(function (p) { flagged[p.field] = true; });
    return sortProblems(loaded.concat(found, ruleProblems(data, options, flagged)));
  }

  /* Problems in the order of the form's fields (list items by their index). */
  function sortProblems(problems) {
    var order = [];
    (function walk(fields, prefix) {
      fields.forEach(function (f) {
        order.push(prefix + f.key);
        walk(f.fields || [], prefix + f.key + ".");
      });
    })(M.fields, "");
    function key(p) {
      var plain = p.field.replace(/\[\d+\]/g, "");
      var rank = -1;
      for (var cut = plain; cut && rank < 0; cut = cut.indexOf(".") >= 0 ? cut.slice(0, cut.lastIndexOf(".")) : "") {
        rank = order.indexOf(cut);
      }
      var nums = (p.field.match(/\[(\d+)\]/g) || []).map(function (n) { return parseInt(n.slice(1), 10); });
      return [rank < 0 ? order.length : rank].concat(nums);
    }
    return problems.map(function (p, i) { return { p: p, k: key(p).concat([i]) }; }).sort(function (a, b) {
      for (var i = 0; i < Math.max(a.k.length, b.k.length); i++) {
        var x = a.k[i] === undefined ? -1 : a.k[i], y = b.k[i] === undefined ? -1 : b.k[i];
        if (x !== y) return x - y;
      }
      return 0;
    }).map(function (e) { return e.p; });
  }

  /* ---------- the case file ---------- */

  var YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

  function plainOK(s, inFlow) {
    if (!/^[\p{L}][\p{L}\p{N} .,;()'\/&+\-]*$/u.test(s) || YAML_WORDS.test(s) || / $/.test(s)) return false;
    return !(inFlow && /[,\[\]{}]/.test(s));
  }

  function scalar(value, inFlow) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "number") return plainNumber(value);
    if (typeof value === "boolean") return String(value);
    var s = String(value);
    if (plainOK(s, inFlow)) return s;
    // escaped, never raw: YAML refuses a raw U+FFFE, and reads an escaped one as the character
    return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function emitList(lines, pad, key, list) {
    if (!list || !list.length) { lines.push(pad + key + ": []"); return; }
    var flow = list.every(function (v) { return typeof v !== "string" || plainOK(v, true); });
    if (flow) { lines.push(pad + key + ": [" + list.map(function (v) { return scalar(v, true); }).join(", ") + "]"); return; }
    lines.push(pad + key + ":");
    list.forEach(function (v) { lines.push(pad + "- " + scalar(v)); });
  }

  function emitFields(lines, fields, obj, pad) {
    fields.forEach(function (f) {
      var v = obj ? obj[f.key] : undefined;
      if (f.kind === "group") {
        if (v === null || v === undefined) { lines.push(pad + f.key + ": null"); return; }
        lines.push(pad + f.key + ":");
        emitFields(lines, f.fields, v, pad + "  ");
      } else if (f.kind === "repeat") {
        if (!Array.isArray(v) || !v.length) { lines.push(pad + f.key + ": []"); return; }
        lines.push(pad + f.key + ":");
        v.forEach(function (item) {
          var sub = [];
          emitFields(sub, f.fields, item, pad + "  ");
          sub[0] = pad + "- " + sub[0].slice(pad.length + 2);
          Array.prototype.push.apply(lines, sub);
        });
      } else if (f.kind === "codes" || f.kind === "lines") {
        if (Array.isArray(v)) emitList(lines, pad, f.key, v);
        else lines.push(pad + f.key + ": " + scalar(v === undefined ? [] : v));
      } else {
        lines.push(pad + f.key + ": " + scalar(v));
      }
    });
  }

  /* The case file: the schema modeline first, then every field in the schema's order. */
  function toYAML(obj) {
    var lines = [M.modeline];
    emitFields(lines, M.fields, obj, "");
    return lines.join("\n") + "\n";
  }

  var validatorRoot = null, validatorReady = null;

  /* Ajv and the schema, loaded and compiled once, when the form first needs to judge a case
     (compiling the schema is most of the page's script time: not before the first paint). */
  function validator() {
    if (!validatorReady) {
      var root = validatorRoot || document.getElementById("lr-submit");
      validatorReady = Promise.all([
        getJSON(root.getAttribute("data-schema")),
        loadScript(root.getAttribute("data-vendor"))
      ]).then(function (got) {
        var ajv = new window.ajv2020({ allErrors: true, strict: false, verbose: true });
        compiled = ajv.compile(got[0]);
        return compiled;
      });
    }
    return validatorReady;
  }

  window.LRSubmit = {
    validate: validate, toYAML: toYAML, parseLevels: parseLevels, levelsReading: levelsReading,
    levelsPath: levelsPath,
    slugify: slugify, freeId: freeId, strip: strip, plainNumber: plainNumber, pyRepr: pyRepr,
    validator: validator, hasValidator: function () { return compiled !== null; }, ready: null
  };

  /* Load the description and the controls once (kept across instant navigation). */
  function prepare(root) {
    validatorRoot = root;
    if (!window.LRSubmit.ready) {
      window.LRSubmit.ready = Promise.all([
        getJSON(root.getAttribute("data-form")),
        loadScript(root.getAttribute("data-controls"))
      ]).then(function (got) {
        M = got[0];
        return M;
      });
    }
    return window.LRSubmit.ready;
  }

  function start() {
    var root = document.getElementById("lr-submit");
    if (!root || root.lrStarted) return;
    root.lrStarted = true;
    prepare(root).then(function () {
      window.LRSubmitForm.attach(root, M);
    }).catch(function (error) {
      var status = document.getElementById("lr-status");
      if (status) status.textContent = "The form could not start: " + error.message;
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
