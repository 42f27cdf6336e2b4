/* Needs tables keep their search in the address.
 *
 * sphinx-needs' needstable.js gives each interactive needtable a search box; what a
 * reader typed was lost on reload and could not be shared. This script writes each
 * table's search into the page's query string (?search-1=MS-SEC&search-2=Lead: one
 * key per table, numbered in page order) and types it back on load. The query string,
 * not the fragment: the fragment is the need a link points at (#MS-SEC-05). Works
 * from disk and over http. Plain ES5, no library.
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

  function keep(instance, key) {
    var input = instance && instance.searchInput;
    if (!input) { return; }
    var wanted = params()[key];
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
        write(values);
      }, 150);
    });
  }

  function start() {
    if (!window.needstable) { return; }
    window.needstable.initAll().forEach(function (instance, index) {
      keep(instance, "search-" + (index + 1));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
