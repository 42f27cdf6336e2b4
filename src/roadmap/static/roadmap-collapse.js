/* The button that folds a need's fields, in place of sphinx-needs' own
 * sphinx_needs_collapse.js, which read its state from the button's id
 * ("target__show__meta", the same on every need: 221 duplicate IDs on this site).
 * The build moves that state into data-roadmap-collapse
 * (roadmap.sphinx_ext.a11y); this script reads it there and does what the original
 * did: "show" starts unfolded, "hide" folded, and a click on the icon toggles the
 * rows it names. Plain ES5, no jQuery.
 */
(function () {
  "use strict";
  var HIDDEN = "collapse_is_hidden";

  function setUp(button) {
    var parts = (button.getAttribute("data-roadmap-collapse") || "").split("__");
    var rows = parts.slice(2);
    var table = button.closest("table");
    if (!table) { return; }
    var visible = button.querySelector("span.needs.visible");
    var collapsed = button.querySelector("span.needs.collapsed");
    function show(open) {
      if (visible) { visible.classList.toggle(HIDDEN, open); }
      if (collapsed) { collapsed.classList.toggle(HIDDEN, !open); }
      rows.forEach(function (name) {
        var row = table.querySelector("tr." + name);
        if (row) { row.classList.toggle(HIDDEN, !open); }
      });
    }
    var open = parts[1] === "show";
    show(open);
    [visible, collapsed].forEach(function (icon) {
      if (!icon) { return; }
      icon.addEventListener("click", function () { open = !open; show(open); });
    });
  }

  function start() {
    Array.prototype.forEach.call(
      document.querySelectorAll("table.need span.needs.needs_collapse[data-roadmap-collapse]"),
      setUp);
    Array.prototype.forEach.call(document.querySelectorAll("a.no_link"), function (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
