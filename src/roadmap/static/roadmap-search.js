/* The site's search, on Sphinx's own index, without fetching a page per result.
 *
 * Loaded on the search page only, after Sphinx's searchtools.js: it replaces
 * Search.query (Sphinx 9) and reads window.ROADMAP_SEARCH (roadmap-search-data.js,
 * written by the build: every need's ID, title, type and page, every page's title and
 * description).
 *
 * - Needs come first: the need whose ID is the query, then needs whose title is the
 *   query or holds it as a phrase, then an ID's start ("ms-sec"), then needs whose ID
 *   or title has every word of the query. Each shows its ID, its title, its type and
 *   the page it is on.
 * - Then Sphinx's page results (titles, full text) in Sphinx's order, without its
 *   object results (the needs above are them, with titles). For a whole ID, the pages
 *   are those that name that need (the build lists them), Sphinx's first; for a query
 *   shaped like the start of an ID, a page must hold every part of it as a whole word:
 *   "ms" in "VMs" or "sec" in "second" no longer count.
 * - Each page shows its description from the data file: no page is fetched to cut a
 *   snippet (Sphinx's summaries fetched every page listed).
 *
 * Plain ES2015 as searchtools.js itself; every text is written with textContent.
 */
(function () {
  "use strict";
  if (typeof Search === "undefined" || !Search._performSearch) { return; }

  var DATA = window.ROADMAP_SEARCH || { needs: [], pages: {} };
  var ID_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
  var MAX_NEEDS = 60;
  var needIds = {};
  var byLowerId = {};
  DATA.needs.forEach(function (need) {
    needIds[need[0]] = true;
    byLowerId[need[0].toLowerCase()] = need[0];
  });
  DATA.mentions = DATA.mentions || {};
  DATA.docs = DATA.docs || [];

  function wordsOf(text) {
    return text.toLowerCase().split(/[^a-z0-9%]+/).filter(function (w) { return w; });
  }

  function isStopword(word) {
    return typeof stopwords !== "undefined" && stopwords.has(word);
  }

  /* How well a need answers the query; 0 when it does not. */
  function needScore(need, query, terms) {
    var id = need[0].toLowerCase();
    var title = need[1].toLowerCase();
    if (id === query) { return 100; }
    if (title === query) { return 90; }
    if (query.length > 3 && title.indexOf(query) >= 0) { return 80; }
    if (query.indexOf("-") > 0 && id.indexOf(query) === 0) { return 70; }
    if (!terms.length) { return 0; }
    var words = wordsOf(id + " " + need[1]);
    var all = terms.every(function (term) {
      return id.indexOf(term) === 0 || words.some(function (w) { return w.indexOf(term) === 0; });
    });
    return all ? 50 : 0;
  }

  function needResults(query) {
    var normal = query.trim().toLowerCase().replace(/\s+/g, " ");
    var terms = wordsOf(normal).filter(function (t) { return !isStopword(t); });
    var found = [];
    DATA.needs.forEach(function (need) {
      var score = needScore(need, normal, terms);
      if (score) { found.push({ need: need, score: score }); }
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.need[0].localeCompare(b.need[0], undefined, { numeric: true });
    });
    return found.slice(0, MAX_NEEDS);
  }

  /* For an ID-shaped query: whether the page holds every non-numeric part of it as a
     whole word (stemmed as the index stems it). */
  function holdsEveryPart(docname, parts) {
    var index = Search._index;
    var file = index.docnames.indexOf(docname);
    if (file < 0) { return false; }
    return parts.every(function (part) {
      var files = [].concat(index.terms[part] || [], index.titleterms[part] || []);
      return files.indexOf(file) >= 0;
    });
  }

  /* The pages that name a need, for a whole ID: the page that defines it, Sphinx's
     results among them (in its order), then the others. */
  function namingPages(found, needId) {
    var docs = (DATA.mentions[needId] || []).map(function (i) { return DATA.docs[i]; });
    var home = (DATA.needs.filter(function (n) { return n[0] === needId; })[0] || [])[3];
    var kept = found.filter(function (r) { return docs.indexOf(r[0]) >= 0; });
    kept.sort(function (a, b) { return (b[0] === home) - (a[0] === home); });
    var listed = kept.map(function (r) { return r[0]; });
    docs.forEach(function (doc) {
      if (listed.indexOf(doc) < 0) { kept.push([doc, pageTitle(doc), "", null, 0, "", "text"]); }
    });
    return kept;
  }

  function pageResults(query, parsed) {
    var found = Search._performSearch.apply(null, parsed).slice().reverse();  /* best first */
    found = found.filter(function (r) { return !(r[6] === "object" && needIds[r[1]]); });
    var normal = query.trim().toLowerCase();
    var whole = byLowerId[normal];
    if (whole) { return namingPages(found, whole); }
    if (ID_SHAPE.test(normal)) {
      var stemmer = typeof Stemmer !== "undefined" ? new Stemmer() : null;
      var parts = normal.split("-").filter(function (p) { return !/^\d+$/.test(p); })
        .map(function (p) { return stemmer ? stemmer.stemWord(p) : p; });
      found = found.filter(function (r) { return holdsEveryPart(r[0], parts); });
    }
    return found;
  }

  function href(docname, anchor) {
    return docname + (DOCUMENTATION_OPTIONS.LINK_SUFFIX || ".html") + (anchor || "");
  }

  function item(kind, link, text, detail, summary) {
    var li = document.createElement("li");
    li.classList.add("kind-" + kind);
    var a = li.appendChild(document.createElement("a"));
    a.href = link;
    a.textContent = text;
    if (detail) { li.appendChild(document.createElement("span")).textContent = " (" + detail + ")"; }
    if (summary) {
      var p = li.appendChild(document.createElement("p"));
      p.className = "context";
      p.textContent = summary;
    }
    return li;
  }

  function pageTitle(docname) {
    var page = DATA.pages[docname];
    return page ? page[0] : docname;
  }

  function render(needs, pages) {
    needs.forEach(function (found) {
      var need = found.need;
      Search.output.appendChild(item("object", href(need[3], "#" + need[0]),
        need[0] + " \u2014 " + need[1], need[2] + ", on " + pageTitle(need[3]), ""));
    });
    pages.forEach(function (r) {
      var page = DATA.pages[r[0]];
      Search.output.appendChild(item(r[6] || "text", href(r[0], r[2]), r[1], r[3] || "",
                                     page ? page[1] : ""));
    });
    Search.stopPulse();
    Search.title.innerText = "Search Results";
    var count = needs.length + pages.length;
    Search.status.innerText = count
      ? "Found " + needs.length + (needs.length === 1 ? " need" : " needs") + " and " +
        pages.length + (pages.length === 1 ? " page" : " pages") + " matching the search."
      : "Your search did not match any need or page. Try an ID (MS-SEC-05) or words of a title.";
  }

  Search.query = function (query) {
    var parsed = Search._parseQuery(query);
    render(needResults(query), pageResults(query, parsed));
  };
})();
