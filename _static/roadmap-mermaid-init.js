/* Render every mermaid diagram of the page with the classic build served
   from _static (works from file:// and http alike), with the settings of
   conf.py's mermaid_init_config that the build writes into the page. The
   security level is always "strict": in "loose" mode a diagram's click
   lines would run javascript: URLs and callbacks. */
(function () {
  "use strict";
  function settings() {
    var data = document.getElementById("roadmap-mermaid-config");
    var config = {};
    try { config = data ? JSON.parse(data.textContent) : {}; } catch (e) { config = {}; }
    config.startOnLoad = false;
    config.securityLevel = "strict";
    return config;
  }
  function render() {
    if (!window.mermaid) { return; }
    var config = settings();
    if (!config.theme) {
      var dark = document.body.dataset.theme === "dark" ||
        (document.body.dataset.theme !== "light" &&
         window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
      config.theme = dark ? "dark" : "default";
    }
    window.mermaid.initialize(config);
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
