/* Render every mermaid diagram of the page with the classic build served
   from _static (works from file:// and http alike). */
(function () {
  "use strict";
  function render() {
    if (!window.mermaid) { return; }
    var dark = document.body.dataset.theme === "dark" ||
      (document.body.dataset.theme !== "light" &&
       window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "loose",
                                theme: dark ? "dark" : "default" });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
