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
  };

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
    out.charts.push({ texts: texts.length, outside, overlaps: overlaps.slice(0, 20) });
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
  }

  /* page weight: the page and everything it loaded, uncompressed */
  for (const entry of performance.getEntries()) {
    if (entry.entryType === "navigation" || entry.entryType === "resource") {
      out.weight += entry.decodedBodySize || 0;
    }
  }
  return out;
}
