/* Needs tables keep their search in the address.
 *
 * sphinx-needs' needstable.js gives each interactive needtable a search box; what a
 * reader typed was lost on reload and could not be shared. This script writes each
 * table's search into the page's query string (?search-milestones=MS-SEC) and types
 * it back on load. A table is named by the key the build gives it
 * (data-roadmap-table: the ID of its section, roadmap.sphinx_ext.reading), so a shared
 * address still finds its table after the page gains or loses a table elsewhere; an
 * older address numbered by position (search-1) is still read for the table at that
 * place. The query string, not the fragment: the fragment is the need a link points
 * at (#MS-SEC-05). Works from disk and over http. Plain ES5, no library.
 */
(function () {
  "use strict";

  function params() {
    var out = {};
    window.location.search.replace(/^\?/, "").split("&").forEach(function (part) {
      if (!part) { return; }
      var at = part.indexOf("=");
      try {
        out[decodeURIComponent(part.slice(0, at < 0 ? part.length : at))] =
          at < 0 ? "" : decodeURIComponent(part.slice(at + 1).replace(/\+/g, " "));
      } catch (error) { /* a part that cannot be decoded is dropped */ }
    });
    return out;
  }

  function write(values) {
    var parts = Object.keys(values).sort().filter(function (key) { return values[key]; })
      .map(function (key) {
        return encodeURIComponent(key) + "=" + encodeURIComponent(values[key]);
      });
    var url = window.location.pathname + (parts.length ? "?" + parts.join("&") : "") +
      window.location.hash;
    try { window.history.replaceState(window.history.state, "", url); }
    catch (error) { /* a browser that refuses: the search still works, unkept */ }
  }

  function keep(instance, key, legacy) {
    var input = instance && instance.searchInput;
    if (!input) { return; }
    var given = params();
    var wanted = given[key] || given[legacy];
    if (wanted) {
      input.value = wanted;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var values = params();
        values[key] = input.value.trim() ? input.value : "";
        if (legacy !== key) { delete values[legacy]; }
        write(values);
      }, 150);
    });
  }

  function start() {
    if (!window.needstable) { return; }
    window.needstable.initAll().forEach(function (instance, index) {
      var name = instance && instance.table && instance.table.getAttribute("data-roadmap-table");
      keep(instance, "search-" + (name || String(index + 1)), "search-" + (index + 1));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
