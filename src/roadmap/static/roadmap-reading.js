/* The page as a reader reads it, on every page of the site (roadmap.css styles what
 * this marks):
 *
 * - A box that scrolls sideways (a table or a graph wider than the screen) is marked
 *   "roadmap-scrolls", shows a line saying so and takes the keyboard focus, whenever
 *   its content is wider than it: on load, when the window or the box changes size.
 * - The cells of a table read as cards on a phone ("roadmap-cards") get the name of
 *   their column in data-label, which the phone layout writes before each value.
 * - "Back to top" is a link at the foot of the page (furo's floating one covered the
 *   text it scrolled past).
 * - Printing opens every folded <details> (and folds them again afterwards), so
 *   that paper shows what the screen folds.
 *
 * Plain ES5, no library; nothing is fetched.
 */
(function () {
  "use strict";

  var BOXES = ".roadmap-scroll, .needstable_wrapper, .needstable-scroll, .rx-table-wrap, " +
    "article table.docutils, .roadmap-traceability div.graphviz";

  function each(selector, root, action) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), action);
  }

  function markScrolling() {
    each(BOXES, null, function (box) {
      var overflow = window.getComputedStyle(box).overflowX;
      var scrolls = (overflow === "auto" || overflow === "scroll") &&
        box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("roadmap-scrolls", scrolls);
      /* a box that scrolls takes the keyboard focus, so that it can be scrolled without
         a mouse (axe: scrollable-region-focusable); one the build made focusable keeps it */
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-roadmap-focus", "");
      } else if (!scrolls && box.hasAttribute("data-roadmap-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-roadmap-focus");
      }
    });
  }

  function headings(table) {
    var names = [];
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return names; }
    Array.prototype.forEach.call(row.cells, function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      for (var span = 0; span < (cell.colSpan || 1); span += 1) { names.push(text); }
    });
    return names;
  }

  function labelCards(table) {
    var names = headings(table);
    if (!names.length) { return; }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (names[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  function backToTop() {
    var foot = document.querySelector(".bottom-of-page .right-details") ||
      document.querySelector(".bottom-of-page");
    if (!foot || foot.querySelector(".roadmap-back-to-top")) { return; }
    var link = document.createElement("a");
    link.href = "#";
    link.className = "roadmap-back-to-top muted-link";
    link.textContent = "\u2191 Back to top";
    foot.appendChild(link);
  }

  var opened = [];
  function openForPrint() {
    each("details:not([open])", null, function (details) {
      details.open = true;
      opened.push(details);
    });
  }
  function foldAfterPrint() {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  }

  function start() {
    each("table.roadmap-cards", null, labelCards);
    backToTop();
    markScrolling();
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(markScrolling, 100);
    });
    if (window.ResizeObserver) {
      var observer = new window.ResizeObserver(function () {
        clearTimeout(timer);
        timer = setTimeout(markScrolling, 50);
      });
      each(BOXES, null, function (box) { observer.observe(box); });
    }
  }

  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", foldAfterPrint);
  /* after the scripts that build tables (the explorer, sphinx-needs' tables) */
  if (document.readyState === "complete") { start(); }
  else { window.addEventListener("load", start); }
})();
