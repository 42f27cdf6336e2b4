/* Needs explorer: one table of every need with combinable facet filters.
 *
 * Reads the data the page embeds (<script type="application/json">), so it
 * works from a web server and from a page opened from disk alike. Values of
 * one facet are alternatives, facets combine; the search box matches the start
 * of an ID and the start of words (roadmap.views.explorer.text_matches), and an
 * ID typed whole puts that need first. The filter, the search and the sort live
 * in the URL fragment (#phase=PH-1&type=milestone&sort=-due), so a filtered view
 * can be shared and the back button steps through earlier filters; a fragment
 * that cannot be read is ignored with a note. Milestones are sorted by due week
 * by default. Plain ES5, no library.
 */
(function () {
  "use strict";

  var COLUMNS = [
    { key: "id", label: "ID" },
    { key: "title", label: "Title" },
    { key: "type", label: "Type" },
    { key: "phase", label: "Phase" },
    { key: "workstream", label: "Workstream" },
    { key: "start", label: "Start week", numeric: true },
    { key: "due", label: "Due week", numeric: true },
    { key: "owner", label: "Owner" },
    { key: "status", label: "Status" }
  ];
  var DEFAULT_SORT = "due";
  var SORTABLE = {};
  COLUMNS.forEach(function (col) { SORTABLE[col.key] = col; });

  /* The words a need is found by: its ID, the ID's parts, the words of its title
     and owner (the Python reference is explorer.text_matches). */
  function words(need) {
    var text = [need.id, need.title].concat(asList(need.owner)).join(" ").toLowerCase();
    return text.split(/[^a-z0-9%]+/).filter(function (w) { return w; });
  }
  function textMatches(need, query) {
    var terms = query.toLowerCase().split(/\s+/).filter(function (t) { return t; });
    if (!terms.length) { return true; }
    var id = need.id.toLowerCase();
    var found = need.words || (need.words = words(need));
    return terms.every(function (term) {
      return id.indexOf(term) === 0 || found.some(function (w) { return w.indexOf(term) === 0; });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var name;
    for (name in attrs || {}) {
      if (Object.prototype.hasOwnProperty.call(attrs, name)) {
        if (name === "text") { node.textContent = attrs[name]; }
        else { node.setAttribute(name, attrs[name]); }
      }
    }
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function asList(value) {
    if (value === undefined || value === null || value === "") { return []; }
    return Array.isArray(value) ? value : [value];
  }

  function Explorer(root, data) {
    this.root = root;
    this.facets = data.facets;
    this.types = data.types || {};
    this.needs = data.needs;
    this.sortKey = DEFAULT_SORT;
    this.sortDir = 1;
    this.state = { sel: {}, q: "", sort: DEFAULT_SORT, dir: 1 };
    this.boxes = {};   // facet key -> value -> checkbox
    this.counts = {};  // facet key -> value -> count element
    this.rows = [];
    this.build();
    this.readHash();
    this.sort();
    this.render();
    var self = this;
    window.addEventListener("hashchange", function () {
      self.readHash(); self.sort(); self.render();
    });
  }

  Explorer.prototype.build = function () {
    var self = this;
    var idBase = "roadmap-explorer";
    var search = el("input", { type: "search", id: idBase + "-q", autocomplete: "off",
                               spellcheck: "false" });
    search.addEventListener("input", function () {
      clearTimeout(self.typing);
      self.typing = setTimeout(function () { self.commit(true); }, 200);
    });
    this.search = search;
    var searchBox = el("div", { "class": "rx-search" }, [
      el("label", { "for": search.id, text: "Search IDs and titles" }), search]);

    var facetBox = el("div", { "class": "rx-facets" });
    this.facets.forEach(function (facet) {
      var list = el("ul", {});
      self.boxes[facet.key] = {};
      self.counts[facet.key] = {};
      facet.values.forEach(function (option, i) {
        var boxId = idBase + "-" + facet.key + "-" + i;
        var box = el("input", { type: "checkbox", id: boxId, value: option.value,
                                "data-facet": facet.key });
        box.addEventListener("change", function () { self.commit(false); });
        var count = el("span", { "class": "rx-count" });
        self.boxes[facet.key][option.value] = box;
        self.counts[facet.key][option.value] = count;
        list.appendChild(el("li", {}, [box, el("label", { "for": boxId }, [
          document.createTextNode(option.label + " "), count])]));
      });
      facetBox.appendChild(el("fieldset", { "class": "rx-facet", "data-facet": facet.key }, [
        el("legend", { text: facet.label }), list]));
    });

    var clear = el("button", { type: "button", "class": "rx-clear", text: "Clear filters" });
    clear.addEventListener("click", function () {
      self.search.value = "";
      Object.keys(self.boxes).forEach(function (key) {
        Object.keys(self.boxes[key]).forEach(function (value) {
          self.boxes[key][value].checked = false;
        });
      });
      self.commit(false);
    });
    this.status = el("p", { "class": "rx-status", role: "status", "aria-live": "polite" });
    this.note = el("p", { "class": "rx-note", hidden: "hidden" });
    var bar = el("div", { "class": "rx-bar" }, [this.status, clear]);

    var headRow = el("tr", {});
    this.headers = {};
    COLUMNS.forEach(function (col) {
      var button = el("button", { type: "button", "class": "rx-sort", "data-key": col.key,
                                  text: col.label });
      button.addEventListener("click", function () {
        self.sortDir = self.sortKey === col.key ? -self.sortDir : 1;
        self.sortKey = col.key;
        self.commit(false);
      });
      var th = el("th", { scope: "col" }, [button]);
      self.headers[col.key] = th;
      headRow.appendChild(th);
    });
    this.tbody = el("tbody", {});
    this.needs.forEach(function (need) {
      var cells = COLUMNS.map(function (col) {
        if (col.key === "id") {
          return el("td", {}, [el("a", { href: need.url, text: need.id })]);
        }
        var values = asList(need[col.key]);
        if (col.numeric) { values = values.map(String); }
        if (col.key === "type") { values = values.map(function (t) { return self.types[t] || t; }); }
        if (col.key === "status") { values = values.map(function (s) { return s.replace(/_/g, " "); }); }
        return el("td", { text: values.join(", ") });
      });
      var row = el("tr", { "data-id": need.id }, cells);
      row.need = need;
      self.rows.push(row);
      self.tbody.appendChild(row);
    });
    var table = el("table", { "class": "docutils rx-table" }, [
      el("caption", { text: "Needs matching the filter; choose a column heading to sort" }),
      el("thead", {}, [headRow]), this.tbody]);

    this.root.appendChild(this.note);
    this.root.appendChild(el("div", { "class": "rx-controls" }, [searchBox, facetBox, bar]));
    this.root.appendChild(el("div", { "class": "rx-table-wrap", tabindex: "0" }, [table]));
  };

  /* The controls are the state: read every checkbox and the search box, then
     put the state into the URL (a pending search keystroke is folded in). */
  Explorer.prototype.commit = function (replace) {
    var sel = {};
    var self = this;
    clearTimeout(this.typing);
    this.typing = null;
    this.facets.forEach(function (facet) {
      var chosen = facet.values.filter(function (option) {
        return self.boxes[facet.key][option.value].checked;
      }).map(function (option) { return option.value; });
      if (chosen.length) { sel[facet.key] = chosen; }
    });
    this.state = { sel: sel, q: this.search.value, sort: this.sortKey, dir: this.sortDir };
    this.writeHash(replace);
  };

  Explorer.prototype.hashText = function () {
    var parts = [];
    var self = this;
    this.facets.forEach(function (facet) {
      asList(self.state.sel[facet.key]).forEach(function (value) {
        parts.push(encodeURIComponent(facet.key) + "=" + encodeURIComponent(value));
      });
    });
    if (this.state.q) { parts.push("q=" + encodeURIComponent(this.state.q)); }
    if (this.state.sort !== DEFAULT_SORT || this.state.dir !== 1) {
      parts.push("sort=" + (this.state.dir < 0 ? "-" : "") + encodeURIComponent(this.state.sort));
    }
    return parts.join("&");
  };

  /* Put the state into the URL fragment; hashchange then renders it. */
  Explorer.prototype.writeHash = function (replace) {
    var text = this.hashText();
    var current = window.location.hash.replace(/^#/, "");
    this.showNote([]);
    this.sort();
    this.render();
    if (text === current) { return; }
    if (replace) {
      window.location.replace(window.location.href.split("#")[0] + "#" + text);
    } else {
      window.location.hash = text;
    }
  };

  /* The state from the URL fragment. A part that cannot be decoded (a broken
     percent escape such as %E0%A4%A) or that names no facet value is left out,
     and the note above the table says which. */
  Explorer.prototype.readHash = function () {
    var text = window.location.hash.replace(/^#/, "");
    var sel = {};
    var q = "";
    var sort = DEFAULT_SORT;
    var dir = 1;
    var ignored = [];
    var known = {};
    this.facets.forEach(function (facet) {
      known[facet.key] = {};
      facet.values.forEach(function (option) { known[facet.key][option.value] = true; });
    });
    text.split("&").forEach(function (part) {
      if (!part) { return; }
      var at = part.indexOf("=");
      var key, value;
      try {
        key = decodeURIComponent(part.slice(0, at < 0 ? part.length : at).replace(/\+/g, " "));
        value = at < 0 ? "" : decodeURIComponent(part.slice(at + 1).replace(/\+/g, " "));
      } catch (error) {
        ignored.push(part);
        return;
      }
      if (key === "q") { q = value; }
      else if (key === "sort" && SORTABLE[value.replace(/^-/, "")]) {
        dir = value.charAt(0) === "-" ? -1 : 1;
        sort = value.replace(/^-/, "");
      } else if (known[key] && known[key][value]) { (sel[key] = sel[key] || []).push(value); }
      else if (at >= 0 || text.indexOf("=") >= 0) { ignored.push(part); }
    });
    this.state = { sel: sel, q: q, sort: sort, dir: dir };
    this.sortKey = sort;
    this.sortDir = dir;
    this.showNote(ignored);
    /* keystrokes not yet committed win over an older address */
    if (!this.typing && this.search.value !== q) { this.search.value = q; }
  };

  Explorer.prototype.showNote = function (ignored) {
    if (!ignored.length) { this.note.hidden = true; this.note.textContent = ""; return; }
    this.note.hidden = false;
    this.note.textContent = "Part of the address could not be read and was ignored (" +
      ignored.join(", ") + "); the table shows the filters that could be read.";
  };

  Explorer.prototype.matches = function (need, skip) {
    var sel = this.state.sel;
    var key;
    for (key in sel) {
      if (Object.prototype.hasOwnProperty.call(sel, key) && key !== skip && sel[key].length) {
        var have = asList(need[key]);
        var hit = sel[key].some(function (value) { return have.indexOf(value) >= 0; });
        if (!hit) { return false; }
      }
    }
    return textMatches(need, this.state.q.trim());
  };

  Explorer.prototype.render = function () {
    var self = this;
    var shown = 0;
    this.rows.forEach(function (row) {
      var ok = self.matches(row.need, null);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    this.facets.forEach(function (facet) {
      var tally = {};
      self.needs.forEach(function (need) {
        if (!self.matches(need, facet.key)) { return; }
        asList(need[facet.key]).forEach(function (value) {
          tally[value] = (tally[value] || 0) + 1;
        });
      });
      var chosen = asList(self.state.sel[facet.key]);
      facet.values.forEach(function (option) {
        var n = tally[option.value] || 0;
        var box = self.boxes[facet.key][option.value];
        box.checked = chosen.indexOf(option.value) >= 0;
        self.counts[facet.key][option.value].textContent = "(" + n + ")";
        box.parentNode.classList.toggle("rx-zero", n === 0 && !box.checked);
      });
    });
    this.status.textContent = "Showing " + shown + " of " + this.needs.length + " needs";
    this.root.setAttribute("data-shown", String(shown));
  };

  /* Rows in the chosen order; a need without a value for a numeric column goes last
     whichever the direction; an ID typed whole in the search box comes first. */
  Explorer.prototype.sort = function () {
    var key = this.sortKey;
    var dir = this.sortDir;
    var col = SORTABLE[key] || SORTABLE.id;
    var self = this;
    var exact = (this.state.q || "").trim().toLowerCase();
    function text(row) {
      var value = asList(row.need[key]).join(", ");
      return key === "type" ? (self.types[value] || value) : value;
    }
    function compare(a, b) {
      if (col.numeric) {
        var x = a.need[key], y = b.need[key];
        if (x === null || x === undefined) { return y === null || y === undefined ? 0 : 1; }
        if (y === null || y === undefined) { return -1; }
        return (x - y) * dir;
      }
      return text(a).localeCompare(text(b), undefined, { numeric: true, sensitivity: "base" }) * dir;
    }
    this.rows.sort(function (a, b) {
      var ea = a.need.id.toLowerCase() === exact, eb = b.need.id.toLowerCase() === exact;
      if (ea !== eb) { return ea ? -1 : 1; }
      var c = compare(a, b);
      if (c === 0) { c = a.need.id.localeCompare(b.need.id, undefined, { numeric: true }); }
      return c;
    });
    this.rows.forEach(function (row) { self.tbody.appendChild(row); });
    COLUMNS.forEach(function (c) {
      var th = self.headers[c.key];
      if (c.key === key) { th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  };

  function start() {
    var root = document.getElementById("roadmap-explorer");
    if (!root || root.explorer) { return; }
    var source = document.getElementById("roadmap-explorer-data");
    if (!source) { return; }
    // the text for readers without JavaScript (and for other builders) gives way
    Array.prototype.forEach.call(root.querySelectorAll(".roadmap-noscript"), function (note) {
      note.parentNode.removeChild(note);
    });
    root.explorer = new Explorer(root, JSON.parse(source.textContent));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
