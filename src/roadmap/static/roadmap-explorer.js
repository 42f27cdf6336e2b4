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
 * by default.
 *
 * The active filters show above the results as chips, each with a button that
 * removes it. The facets fold into "Filters" (open on a wide screen, folded on a
 * phone, so that the results are near the top there). A reader can keep the
 * current view under a name: the names and their addresses are kept in this
 * browser (localStorage), and each is a link to the view's address, which is
 * also what a reader shares. On a phone the results read as cards (roadmap.css,
 * roadmap-reading.js). Plain ES5, no library.
 */
(function () {
  "use strict";

  var COLUMNS = [
    { key: "id", label: "ID" },
    { key: "title", label: "Title" },
    { key: "phase", label: "Phase" },
    { key: "workstream", label: "Workstream" },
    { key: "start", label: "Start", numeric: true, date: "start_date" },
    { key: "due", label: "Due", numeric: true, date: "due_date" },
    { key: "depends_on", label: "Depends on", links: true },
    { key: "score", label: "Score", numeric: true },
    { key: "owner", label: "Owner" },
    { key: "status", label: "Status" }
  ];
  var STORE = "roadmap-explorer-views";
  var WIDE = "(min-width: 48em)";
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
    this.bands = data.bands || [];
    this.urls = {};
    var urls = this.urls;
    this.needs.forEach(function (need) { urls[need.id] = need.url; });
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

    this.filterCount = el("span", { "class": "rx-filter-count" });
    var filters = el("details", { "class": "rx-filters" }, [
      el("summary", {}, [document.createTextNode("Filters "), this.filterCount]), facetBox]);
    if (!window.matchMedia || window.matchMedia(WIDE).matches) { filters.open = true; }
    this.filters = filters;

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
    this.chips = el("ul", { "class": "rx-chips", "aria-label": "Active filters" });
    var bar = el("div", { "class": "rx-bar" }, [this.status, this.chips, clear]);
    var views = this.buildViews();

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
        if (col.key === "id") {  /* the need's type under its ID (the Type filter sorts) */
          return el("td", {}, [el("a", { href: need.url, text: need.id, "class": "roadmap-id" }),
            el("span", { "class": "rx-type", text: asList(need.type).map(function (t) {
              return self.types[t] || t; }).join(", ") })]);
        }
        if (col.links) { return self.linksCell(asList(need[col.key])); }
        if (col.date) { return self.weekCell(need[col.key], need[col.date]); }
        if (col.key === "score") { return self.scoreCell(need.score); }
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
    var table = el("table", { "class": "docutils rx-table roadmap-cards" }, [
      el("caption", { text: "Needs matching the filter; choose a column heading to sort" }),
      el("thead", {}, [headRow]), this.tbody]);

    this.root.appendChild(this.note);
    this.root.appendChild(el("div", { "class": "rx-controls" }, [searchBox, filters, views, bar]));
    this.root.appendChild(el("div", { "class": "rx-table-wrap", tabindex: "0" }, [table]));
  };

  /* A week column: the week and its date ("W6, 14 Nov 2025"); sorted by the week. */
  Explorer.prototype.weekCell = function (week, date) {
    if (week === null || week === undefined) { return el("td", {}); }
    return el("td", { "data-week": String(week) }, [
      document.createTextNode("W" + week + (date ? ", " : "")),
      el("span", { "class": "rx-date", text: date || "" })]);  /* wraps after the comma */
  };

  Explorer.prototype.linksCell = function (ids) {
    var cell = el("td", {});
    var urls = this.urls;
    ids.forEach(function (id, index) {
      if (index) { cell.appendChild(document.createTextNode(", ")); }
      cell.appendChild(urls[id] ? el("a", { href: urls[id], text: id, "class": "roadmap-id" })
                                : el("code", { text: id }));
    });
    return cell;
  };

  /* A risk's score in its band's colour (the bands of the heat map and the register). */
  Explorer.prototype.scoreCell = function (score) {
    if (score === null || score === undefined) { return el("td", {}); }
    var band = "";
    this.bands.forEach(function (entry) { if (score >= entry[1]) { band = entry[0]; } });
    return el("td", { "class": band ? "roadmap-band-" + band : "", text: score + (band ? " " + band : "") });
  };

  /* Named views: kept in this browser, each a link to its address. */
  Explorer.prototype.buildViews = function () {
    var self = this;
    var name = el("input", { type: "text", id: "roadmap-explorer-view-name", autocomplete: "off",
                             maxlength: "60" });
    var keep = el("button", { type: "button", "class": "rx-keep", text: "Keep this view" });
    this.savedList = el("ul", { "class": "rx-saved" });
    this.savedCount = el("span", { "class": "rx-saved-count" });
    keep.addEventListener("click", function () {
      var title = name.value.trim();
      if (!title) { name.focus(); return; }
      self.keepView(title, self.hashText());
      name.value = "";
    });
    name.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); keep.click(); }
    });
    var box = el("details", { "class": "rx-views" }, [
      el("summary", {}, [document.createTextNode("Saved views "), this.savedCount]),
      el("p", { "class": "rx-views-help", text: "A view is the filters, the search and the " +
        "sort; its address is the link to share. Names are kept in this browser only." }),
      el("div", { "class": "rx-view-form" }, [
        el("label", { "for": name.id, text: "Name" }), name, keep]),
      this.savedList]);
    this.showViews();
    return box;
  };

  Explorer.prototype.savedViews = function () {
    try {
      var kept = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(kept) ? kept.filter(function (v) {
        return v && typeof v.name === "string" && typeof v.hash === "string";
      }) : [];
    } catch (error) { return []; }
  };

  Explorer.prototype.storeViews = function (views) {
    try { window.localStorage.setItem(STORE, JSON.stringify(views)); }
    catch (error) { /* a browser that keeps nothing: the address is still the view */ }
    this.showViews();
  };

  Explorer.prototype.keepView = function (title, hash) {
    var views = this.savedViews().filter(function (v) { return v.name !== title; });
    views.push({ name: title, hash: hash });
    this.storeViews(views);
  };

  Explorer.prototype.showViews = function () {
    var self = this;
    var views = this.savedViews();
    var base = window.location.href.split("#")[0];
    while (this.savedList.firstChild) { this.savedList.removeChild(this.savedList.firstChild); }
    views.forEach(function (view) {
      var forget = el("button", { type: "button", "class": "rx-forget", text: "\u00d7",
                                  "aria-label": "Forget the view " + view.name });
      forget.addEventListener("click", function () {
        self.storeViews(self.savedViews().filter(function (v) { return v.name !== view.name; }));
      });
      self.savedList.appendChild(el("li", {}, [
        el("a", { href: base + "#" + view.hash, text: view.name }), forget]));
    });
    this.savedCount.textContent = "(" + views.length + ")";
  };

  /* The active filters as chips, each removed by its button. */
  Explorer.prototype.showChips = function () {
    var self = this;
    var chips = this.chips;
    var count = 0;
    while (chips.firstChild) { chips.removeChild(chips.firstChild); }
    function chip(text, remove) {
      var button = el("button", { type: "button", "class": "rx-chip-remove", text: "\u00d7",
                                  "aria-label": "Remove the filter " + text });
      button.addEventListener("click", remove);
      chips.appendChild(el("li", { "class": "rx-chip" }, [
        el("span", { text: text }), button]));
      count += 1;
    }
    this.facets.forEach(function (facet) {
      facet.values.forEach(function (option) {
        if (asList(self.state.sel[facet.key]).indexOf(option.value) < 0) { return; }
        chip(facet.label + ": " + option.label, function () {
          self.boxes[facet.key][option.value].checked = false;
          self.commit(false);
        });
      });
    });
    if (this.state.q.trim()) {
      chip("Search: " + this.state.q.trim(), function () {
        self.search.value = "";
        self.commit(false);
      });
    }
    chips.hidden = count === 0;
    this.filterCount.textContent = count ? "(" + count + " active)" : "";
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
    this.showChips();
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
