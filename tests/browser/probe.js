/* What one visit of a page measures, for tests/browser (run by page.evaluate). Every
   number is read from the laid-out page at the current viewport width. */
() => {
  const ID = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/;
  const article = document.querySelector("article[role=main]") || document.body;
  const shown = (el) => [...el.getClientRects()].some((r) => r.width > 0 && r.height > 0);
  const label = (el) => {
    const caption = el.querySelector("caption, .caption-text");
    const text = caption ? caption.textContent : (el.id || el.className || el.tagName);
    return String(text).trim().replace(/\s+/g, " ").slice(0, 70);
  };
  const out = {
    pageWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    clipped: [],
    wrappedIds: [],
    cutTitles: [],
    charts: [],
    week: null,
    mermaid: {
      diagrams: document.querySelectorAll("pre.mermaid").length,
      rendered: document.querySelectorAll("pre.mermaid > svg").length,
      errors: document.querySelectorAll('svg[aria-roledescription="error"]').length,
    },
    weight: 0,
    description: (document.querySelector('meta[name="description"]') || {}).content || "",
    frame: null,
    wideNeeds: [],
    overflowingCells: [],
    brokenWords: [],
    uncuedScroll: [],
    cutCaptions: [],
    smallTargets: [],
    coveredText: [],
    weekLinks: [],
    counts: [],
    cards: [],
    smallGraphText: [],
  };
  const vw = document.documentElement.clientWidth;
  const box = (el) => el.getBoundingClientRect();
  const name = (el) => (el.closest("[id]") || {}).id || el.className || el.tagName;

  /* the frame every page shares: where the navigation ends, whether "On this page" shows */
  const sidebar = document.querySelector(".sidebar-drawer");
  const toc = document.querySelector(".toc-drawer");
  const content = document.querySelector(".content");
  out.frame = {
    sidebarRight: sidebar && shown(sidebar) ? Math.round(box(sidebar).right) : 0,
    tocShown: !!(toc && shown(toc) && box(toc).left < window.innerWidth - 1),
    contentLeft: content ? Math.round(box(content).left) : 0,
  };

  /* a need box wider than the screen, or whose content is wider than the box */
  for (const need of article.querySelectorAll("table.need")) {
    if (!shown(need)) continue;
    if (box(need).right > vw + 1 || need.scrollWidth > need.clientWidth + 1) {
      out.wideNeeds.push(need.id || name(need));
    }
  }

  /* text that runs out of its table cell (a cell that does not scroll itself) */
  for (const cell of article.querySelectorAll("td, th")) {
    if (!shown(cell) || cell.closest("table.need > tbody > tr > td > *")) continue;
    const head = cell.closest("thead");
    if (head && (box(head).width <= 1 || box(head).height <= 1)) continue;  /* visually hidden */
    if (cell.scrollWidth > cell.clientWidth + 1 &&
        getComputedStyle(cell).overflowX === "visible") {
      out.overflowingCells.push(`${name(cell)}: ${cell.textContent.trim().slice(0, 40)}`);
    }
  }

  /* a heading broken inside a word (a break after a hyphen is a break between words) */
  for (const heading of article.querySelectorAll("h1, h2, h3")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)));
        if (tops.size > 1) out.brokenWords.push(match[0]);
      }
    }
  }

  /* a box that scrolls sideways without saying so; a caption cut at the box's edge */
  const scrollers = ".roadmap-scroll, .needstable_wrapper, .needstable-scroll, .rx-table-wrap, " +
    "article table.docutils, .roadmap-traceability div.graphviz";
  for (const el of article.querySelectorAll(scrollers)) {
    if (!shown(el) || !["auto", "scroll"].includes(getComputedStyle(el).overflowX)) continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const cue = getComputedStyle(el, "::before").content;
    if (!el.classList.contains("roadmap-scrolls") || !cue || cue === "none") {
      out.uncuedScroll.push(label(el));
    }
  }
  for (const caption of article.querySelectorAll("caption")) {
    if (!shown(caption)) continue;
    const frame = caption.closest(scrollers);
    const limit = frame && ["auto", "scroll", "hidden"].includes(getComputedStyle(frame).overflowX)
      ? box(frame).right : vw;
    const range = document.createRange();
    range.selectNodeContents(caption);
    const right = Math.max(...[...range.getClientRects()].map((r) => r.right));
    if (right > limit + 1) out.cutCaptions.push(caption.textContent.trim().slice(0, 50));
  }

  /* a graph's text (Graphviz, in an <object>) smaller than 12 px as it is shown */
  for (const object of article.querySelectorAll("object.graphviz")) {
    const svg = object.contentDocument && object.contentDocument.querySelector("svg");
    if (!svg || !shown(object) || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) continue;
    const scale = box(object).width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("text")].map((t) => Number(t.getAttribute("font-size")));
    const smallest = Math.min(...sizes.filter((n) => n > 0)) * scale;
    if (smallest < 12 - 0.05) out.smallGraphText.push(`${label(object)}: ${smallest.toFixed(1)} px`);
  }

  /* the tables that read as cards on a phone: how they are laid out at this width */
  for (const table of article.querySelectorAll("table.roadmap-cards")) {
    if (!shown(table)) continue;
    const cells = [...table.querySelectorAll("tbody td")];
    const frame = table.closest(".roadmap-scroll, .needstable-scroll, .rx-table-wrap");
    out.cards.push({
      classes: table.className,
      display: getComputedStyle(table).display,
      labelled: cells.length > 0 && cells.every((c) => c.hasAttribute("data-label")),
      /* a column's name shown with nothing after it ("Depends on:") */
      blank: cells.filter((c) => c.hasAttribute("data-label") && shown(c) &&
                          !c.textContent.trim()).map((c) => c.getAttribute("data-label")),
      scrolls: !!frame && frame.scrollWidth > frame.clientWidth + 1,
    });
  }

  /* a control smaller than 24 x 24 px (WCAG 2.5.8), other than a link inside text */
  for (const el of article.querySelectorAll("input, button, select, summary")) {
    if (!shown(el) || el.disabled || el.type === "hidden") continue;
    const folded = el.closest("details:not([open])");
    if (folded && !(el.tagName === "SUMMARY" && el.parentElement === folded)) continue;
    const r = box(el);
    if (r.width < 24 - 0.5 || r.height < 24 - 0.5) {
      out.smallTargets.push(`${el.tagName.toLowerCase()}${el.type ? "[" + el.type + "]" : ""} ` +
        `${(el.getAttribute("aria-label") || el.value || el.textContent || "").trim().slice(0, 30)}` +
        ` (${Math.round(r.width)}x${Math.round(r.height)})`);
    }
  }

  /* what floats over the page ("Back to top" as furo shows it when a reader scrolls up)
     covers no text */
  document.body.classList.add("show-back-to-top");
  const floating = [...document.querySelectorAll(".back-to-top, a.roadmap-back-to-top")]
    .filter((el) => shown(el) && ["fixed", "sticky"].includes(getComputedStyle(el).position));
  const texts = [...article.querySelectorAll("p, li, td, th, h1, h2, h3, caption")].filter(shown);
  for (const el of floating) {
    const r = box(el);
    const under = texts.find((t) => {
      const b = box(t);
      return b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom;
    });
    if (under) out.coveredText.push(`${el.textContent.trim()} over ${name(under)}`);
  }
  document.body.classList.remove("show-back-to-top");

  /* a link of a chart whose accessible name does not hold what it shows (WCAG 2.5.3) */
  for (const link of article.querySelectorAll("figure.roadmap-gantt svg a[aria-label]")) {
    const seen = [...link.querySelectorAll("text")].map((t) => t.textContent.trim())
      .filter((t) => t).join(" ");
    const named = link.getAttribute("aria-label");
    if (seen && !named.toLowerCase().includes(seen.toLowerCase())) {
      out.weekLinks.push(`${seen} / ${named}`);
    }
  }

  /* a table, or the box it scrolls in, that hides columns until the reader scrolls */
  const boxes = "table, .roadmap-scroll, .needstable-scroll, .needstable_wrapper, .rx-table-wrap";
  for (const el of article.querySelectorAll(boxes)) {
    if (!shown(el)) continue;
    const overflow = getComputedStyle(el).overflowX;
    if (["auto", "scroll", "hidden"].includes(overflow) && el.scrollWidth > el.clientWidth + 1) {
      out.clipped.push(`${label(el)} (${el.scrollWidth} > ${el.clientWidth} px)`);
    }
  }

  /* a need ID over more than one line: an ID link, or the ID of a "Title (ID)" link */
  for (const el of article.querySelectorAll("a, span.roadmap-id")) {
    if (el instanceof SVGElement || !shown(el)) continue;
    const text = el.textContent.trim();
    if (ID.test(text)) {
      const tops = new Set([...el.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
      if (tops.size > 1) out.wrappedIds.push(text);
    }
    const href = el.getAttribute("href") || "";
    if (/\.\.\.|\u2026/.test(text) && ID.test(href.split("#")[1] || "")) out.cutTitles.push(text);
  }
  for (const text of article.querySelectorAll("svg text.title")) {
    if (/\.\.\.|\u2026\s*$/.test(text.textContent)) out.cutTitles.push(text.textContent);
  }

  /* every text of a chart inside its own panel and the chart, none over another */
  for (const figure of article.querySelectorAll("figure.roadmap-gantt")) {
    const grid = figure.querySelector(".roadmap-gantt-grid").getBoundingClientRect();
    const texts = [...figure.querySelectorAll("svg text")].filter(shown).map((el) => ({
      el, box: el.getBoundingClientRect(), panel: el.ownerSVGElement.getBoundingClientRect(),
    }));
    const within = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 &&
      a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    const outside = texts.filter((t) => !within(t.box, t.panel) || !within(t.box, grid))
      .map((t) => t.el.textContent);
    const overlaps = [];
    for (let i = 0; i < texts.length; i += 1) {
      for (let j = i + 1; j < texts.length; j += 1) {
        const a = texts[i].box, b = texts[j].box;
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
            a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
          overlaps.push(`${texts[i].el.textContent} / ${texts[j].el.textContent}`);
        }
      }
    }
    /* every workstream band has its label in the label column shown at this width */
    const column = [...figure.querySelectorAll(".roadmap-gantt-labels svg")].find(shown);
    const labels = column ? [...column.querySelectorAll("text.lane")].map((t) => box(t)) : [];
    const unlabelled = [...figure.querySelectorAll(".roadmap-gantt-bars rect.lane-band")]
      .filter((band) => {
        const b = box(band);
        return !labels.some((t) => t.top >= b.top - 1 && t.bottom <= b.bottom + 1);
      })
      .map((band) => Math.round(box(band).top - box(figure).top));
    out.charts.push({ texts: texts.length, outside, overlaps: overlaps.slice(0, 20),
                      unlabelled });
  }

  /* what a week page lists */
  if (document.querySelector(".roadmap-week-view")) {
    const ids = (selector) => [...document.querySelectorAll(selector)]
      .map((a) => a.textContent.trim()).filter((t) => ID.test(t));
    const checkpoint = document.querySelector("p.roadmap-week-checkpoint a");
    out.week = {
      due: ids("#week-due tbody th a"),
      active: ids("#week-active tbody th a"),
      checkpoint: checkpoint ? [checkpoint.textContent.trim()] : [],
      risks: ids("#week-risks tbody th a"),
    };
    /* the counts the summary says, against the rows the page shows */
    const summary = (document.querySelector("p.roadmap-week-summary") || {}).textContent || "";
    const said = (pattern) => { const m = summary.match(pattern); return m ? Number(m[1]) : 0; };
    const rows = (selector) => document.querySelectorAll(selector).length;
    const pairs = [
      ["due", said(/(\d+) milestones? due/), rows("#week-due tbody tr")],
      ["in progress", said(/(\d+) in progress/), rows("#week-active tbody tr")],
      ["risks", said(/(\d+) risks? to watch/), out.week.risks.length],
    ];
    for (const [what, count, shownRows] of pairs) {
      if (count !== shownRows) out.counts.push(`${what}: says ${count}, shows ${shownRows}`);
    }
  }

  /* page weight: the page and everything it loaded, uncompressed */
  for (const entry of performance.getEntries()) {
    if (entry.entryType === "navigation" || entry.entryType === "resource") {
      out.weight += entry.decodedBodySize || 0;
    }
  }
  return out;
}
