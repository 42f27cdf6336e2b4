/* Needs explorer: one table of every need with combinable facet filters.
 *
 * Reads the data the page embeds (<script type="application/json">), so it
 * works from a web server and from a page opened from disk alike. Values of
 * one facet are alternatives, facets combine; the filter lives in the URL
 * fragment (#phase=PH-1&type=milestone), so a filtered view can be shared and
 * the back button steps through earlier filters. Plain ES5, no library.
 */
(function () {
  "use strict";

  var COLUMNS = [
    { key: "id", label: "ID" },
    { key: "title", label: "Title" },
    { key: "type", label: "Type" },
    { key: "phase", label: "Phase" },
    { key: "workstream", label: "Workstream" },
    { key: "status", label: "Status" },
    { key: "owner", label: "Owner" }
  ];

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
    this.sortKey = "id";
    this.sortDir = 1;
    this.state = { sel: {}, q: "" };
    this.boxes = {};   // facet key -> value -> checkbox
    this.counts = {};  // facet key -> value -> count element
    this.rows = [];
    this.build();
    this.readHash();
    this.render();
    var self = this;
    window.addEventListener("hashchange", function () { self.readHash(); self.render(); });
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
    var bar = el("div", { "class": "rx-bar" }, [this.status, clear]);

    var headRow = el("tr", {});
    this.headers = {};
    COLUMNS.forEach(function (col) {
      var button = el("button", { type: "button", "class": "rx-sort", "data-key": col.key,
                                  text: col.label });
      button.addEventListener("click", function () {
        self.sortDir = self.sortKey === col.key ? -self.sortDir : 1;
        self.sortKey = col.key;
        self.sort();
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

    this.root.appendChild(el("div", { "class": "rx-controls" }, [searchBox, facetBox, bar]));
    this.root.appendChild(el("div", { "class": "rx-table-wrap" }, [table]));
    this.sort();
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
    this.state = { sel: sel, q: this.search.value };
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
    return parts.join("&");
  };

  /* Put the state into the URL fragment; hashchange then renders it. */
  Explorer.prototype.writeHash = function (replace) {
    var text = this.hashText();
    var current = window.location.hash.replace(/^#/, "");
    this.render();
    if (text === current) { return; }
    if (replace) {
      window.location.replace(window.location.href.split("#")[0] + "#" + text);
    } else {
      window.location.hash = text;
    }
  };

  Explorer.prototype.readHash = function () {
    var text = window.location.hash.replace(/^#/, "");
    var sel = {};
    var q = "";
    var known = {};
    this.facets.forEach(function (facet) { known[facet.key] = true; });
    if (text.indexOf("=") >= 0) {
      text.split("&").forEach(function (part) {
        var at = part.indexOf("=");
        if (at < 0) { return; }
        var key = decodeURIComponent(part.slice(0, at).replace(/\+/g, " "));
        var value = decodeURIComponent(part.slice(at + 1).replace(/\+/g, " "));
        if (key === "q") { q = value; }
        else if (known[key] && value) { (sel[key] = sel[key] || []).push(value); }
      });
    }
    this.state = { sel: sel, q: q };
    /* keystrokes not yet committed win over an older address */
    if (!this.typing && this.search.value !== q) { this.search.value = q; }
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
    var q = this.state.q.trim().toLowerCase();
    if (q && (need.id + " " + need.title).toLowerCase().indexOf(q) < 0) { return false; }
    return true;
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

  Explorer.prototype.sort = function () {
    var key = this.sortKey;
    var dir = this.sortDir;
    var self = this;
    function text(row) {
      var value = asList(row.need[key]).join(", ");
      return key === "type" ? (self.types[value] || value) : value;
    }
    this.rows.sort(function (a, b) {
      var x = text(a);
      var y = text(b);
      var c = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      if (c === 0) { c = a.need.id.localeCompare(b.need.id, undefined, { numeric: true }); }
      return c * dir;
    });
    this.rows.forEach(function (row) { self.tbody.appendChild(row); });
    COLUMNS.forEach(function (col) {
      var th = self.headers[col.key];
      if (col.key === key) { th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending"); }
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
