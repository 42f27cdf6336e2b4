"""HTML of the table views (heat map, exposure, dashboard, explorer shell).

Pure functions: each takes the graph's roll-ups and an ``href`` that gives
the relative URL of a need from the page being written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from roadmap.findings import RuleResult
from roadmap.graph import Need
from roadmap.metamodel import HIGH_RISK_THRESHOLD
from roadmap.rules.schedule import week_ranges
from roadmap.views import dashboard, heatmap
from roadmap.views.dashboard import NONE

Href = Callable[[Need], str]

LIKELIHOOD = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACT = {1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "severe"}


def link(need: Need, href: Href, text: str | None = None) -> str:
    return (f'<a class="reference internal" href="{escape(href(need))}" '
            f'title="{escape(need.title)}">{escape(text or need.id)}</a>')


def links(needs: Iterable[Need], href: Href, sep: str = ", ") -> str:
    return sep.join(link(n, href) for n in needs) or NONE


def _table(caption: str, head: list[str], rows: list[str], cls: str) -> str:
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    return (f'<div class="roadmap-table-wrap"><table class="docutils roadmap-table {cls}">'
            f"<caption>{escape(caption)}</caption><thead><tr>{th}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def bar(done: float, total: float, label: str) -> str:
    """A small progress bar; the text beside it is what assistive technology reads."""
    percent = round(100 * done / total) if total else 0
    return (f'<span class="roadmap-bar" aria-hidden="true"><span style="width:{percent}%">'
            f'</span></span> <span class="roadmap-bar-text">{percent} % {escape(label)}'
            "</span>")


# ----------------------------------------------------------------- risks
def heatmap_html(cells: dict[tuple[int, int], heatmap.HeatCell], href: Href,
                 caption: str, prefix: str = "") -> str:
    """The 5 x 5 grid, impact 5 on top; each risk is a link, shown without ``prefix``
    (every ID in the grid has it) so that long IDs fit a cell."""
    head = ['<span class="roadmap-axis">Impact ↓ · Likelihood →</span>'] + [
        f"{x}<br/><small>{LIKELIHOOD[x]}</small>" for x in heatmap.LEVELS]
    rows = []
    for impact in reversed(heatmap.LEVELS):
        tds = []
        for likelihood in heatmap.LEVELS:
            cell = cells[(likelihood, impact)]
            items = "".join(f"<li>{link(r, href, r.id.removeprefix(prefix))}</li>"
                            for r in cell.risks)
            count = len(cell.risks)
            tds.append(
                f'<td class="roadmap-heat roadmap-heat-{cell.band}" '
                f'data-likelihood="{likelihood}" data-impact="{impact}" data-count="{count}">'
                f'<span class="roadmap-heat-score">score {cell.score}</span>'
                + (f'<ul class="roadmap-heat-risks">{items}</ul>' if items else "")
                + "</td>")
        rows.append(f'<tr><th scope="row">{impact}<br/><small>{IMPACT[impact]}</small></th>'
                    + "".join(tds) + "</tr>")
    legend = (
        '<p class="roadmap-heat-legend">'
        f'<span class="roadmap-heat-key roadmap-heat-low">low: score below '
        f"{heatmap.MEDIUM_RISK_THRESHOLD}</span> "
        f'<span class="roadmap-heat-key roadmap-heat-medium">medium: '
        f"{heatmap.MEDIUM_RISK_THRESHOLD} to {HIGH_RISK_THRESHOLD - 1}</span> "
        f'<span class="roadmap-heat-key roadmap-heat-high">high: {HIGH_RISK_THRESHOLD} '
        "or more</span></p>")
    return _table(caption, head, rows, "roadmap-heatmap") + legend


def exposure_html(rows: list[heatmap.PhaseExposure], href: Href) -> str:
    body = []
    for row in rows:
        w = f"{row.phase.week('start')}-{row.phase.week('end')}"
        body.append(
            f"<tr><th scope=\"row\">{link(row.phase, href)} {escape(row.phase.title)}</th>"
            f"<td>{w}</td><td>{len(row.risks)}</td><td>{len(row.high)}</td>"
            f"<td>{row.exposure}</td><td>{row.top or NONE}</td>"
            f"<td>{links(row.high, href)}</td></tr>")
    return _table(
        "Risk exposure per phase: the risks bearing on each phase and the sum of their "
        "likelihood x impact scores",
        ["Phase", "Weeks", "Risks", f"High (score {HIGH_RISK_THRESHOLD}+)", "Exposure",
         "Highest score", "High risks"],
        body, "roadmap-exposure")


# -------------------------------------------------------------- dashboard
def status_html(rows: list[dashboard.StatusRow], columns: list[str], href: Href,
                what: str) -> str:
    body = []
    for row in rows:
        name = (f"{link(row.group, href)} {escape(row.group.title)}" if row.group
                else f"No {escape(what)}")
        counts = row.counts
        cells = "".join(f"<td>{counts[c] or NONE}</td>" for c in columns)
        body.append(
            f'<tr><th scope="row">{name}</th>{cells}<td>{row.total}</td>'
            f"<td>{bar(row.done, row.total, 'done')}</td>"
            f"<td>{dashboard.fmt_number(row.effort_done)} of "
            f"{dashboard.fmt_number(row.effort)}</td></tr>")
    totals = [sum(r.counts[c] for r in rows) for c in columns]
    total, done = sum(r.total for r in rows), sum(r.done for r in rows)
    body.append(
        '<tr class="roadmap-total"><th scope="row">All milestones</th>'
        + "".join(f"<td>{t}</td>" for t in totals)
        + f"<td>{total}</td><td>{bar(done, total, 'done')}</td>"
        + f"<td>{dashboard.fmt_number(sum(r.effort_done for r in rows))} of "
        f"{dashboard.fmt_number(sum(r.effort for r in rows))}</td></tr>")
    head = [what.capitalize(), *(c.replace("_", " ") for c in columns), "Total",
            "Done", "Effort done (person-weeks)"]
    caption = f"Milestones by status per {what}"
    return _table(caption, head, body, "roadmap-status")


def metric_target(metric: Need) -> str:
    return (f"{dashboard.fmt_number(metric.number('baseline'))} \u2192 "
            f"{dashboard.fmt_number(metric.number('target'))}")


def unit(metric: Need) -> str:
    return f'<span class="roadmap-unit">{escape(str(metric.get("unit", "")))}</span>'


def gates_html(rows: list[dashboard.GateRow], href: Href) -> str:
    body = []
    for row in rows:
        phase = (f"{link(row.phase, href)} {escape(row.phase.title)}" if row.phase else NONE)
        closes = row.phase.week("end") if row.phase else None
        status = escape(str(row.gate.get("status", "open")).replace("_", " "))
        gate = (f"{link(row.gate, href)}<br/>{phase}<br/>"
                f'<span class="roadmap-unit">closes end of week {closes or NONE}; '
                f"{status}</span>")
        metrics = list(row.metrics) or [None]
        for index, kpi in enumerate(metrics):
            first = (f'<th scope="row" rowspan="{len(metrics)}">{gate}</th>'
                     if index == 0 else "")
            if kpi is None:
                body.append(f'<tr class="roadmap-group-start">{first}'
                            f'<td colspan="4">{NONE}</td></tr>')
                continue
            cls = ' class="roadmap-group-start"' if index == 0 else ""
            m = kpi.metric
            body.append(
                f"<tr{cls}>{first}<td>{link(m, href)} {escape(m.title)}</td>"
                f"<td>{metric_target(m)} {unit(m)}</td>"
                f"<td>{links(kpi.verified_by, href)}</td>"
                f"<td>{links(kpi.monitored_by, href)}</td></tr>")
    return _table(
        "Quality gates: a phase closes only when every metric its gate checks meets "
        "its target",
        ["Gate", "Metric it checks", "Baseline \u2192 target", "Verified by",
         "Monitored by"],
        body, "roadmap-gates")


def _change(row: dashboard.KpiRow) -> str:
    change = row.change
    if change is None:
        return NONE
    text = ("+" if change > 0 else "") + dashboard.fmt_number(change)
    if row.baseline:
        pct = 100 * change / abs(row.baseline)
        pct_text = f"{pct:+.0f}" if abs(pct) >= 10 else f"{pct:+.1f}".rstrip("0").rstrip(".")
        text += f" ({pct_text} %)"
    return escape(text)


def _kpi_row(row: dashboard.KpiRow, href: Href, cls: str) -> str:
    m = row.metric
    return (
        f'<tr class="{cls}"><th scope="row">{link(m, href)} {escape(m.title)}</th>'
        f"<td>{metric_target(m)}</td><td>{unit(m)}</td><td>{_change(row)}</td>"
        f"<td>{links(row.verified_by, href)}</td>"
        f"<td>{links(row.monitored_by, href)}</td></tr>")


def kpis_html(groups: list[dashboard.KpiGroup], href: Href) -> str:
    body = []
    for group in groups:
        if group.program is not None:
            body.append(_kpi_row(group.program, href, "roadmap-program roadmap-group-start"))
        else:
            body.append('<tr class="roadmap-program roadmap-group-start">'
                        '<th scope="row" colspan="6">Metrics that feed no program '
                        "success metric</th></tr>")
        body.extend(_kpi_row(kpi, href, "roadmap-kpi") for kpi in group.kpis)
    return _table(
        "KPIs from baseline to target: each program success metric, then the module "
        "KPIs that feed it",
        ["Metric", "Baseline \u2192 target", "Unit", "Change", "Verified by",
         "Monitored by"],
        body, "roadmap-kpis")


def rules_html(results: list[RuleResult]) -> str:
    body = []
    for result in results:
        checked, passed = result.checked, result.passed
        body.append(
            f'<tr><th scope="row"><code>{escape(result.rule.id)}</code></th>'
            f"<td>{escape(result.rule.title)}</td><td>{checked}</td><td>{passed}</td>"
            f"<td>{bar(passed, checked, 'passed') if checked else 'nothing to check'}</td>"
            f"<td>{len(result.findings)}</td></tr>")
    return _table(
        "Coverage per rule: how many needs each rule checked and how many passed",
        ["Rule", "What it checks", "Checked", "Passed", "Coverage", "Findings"],
        body, "roadmap-rules")


# --------------------------------------------------------------- explorer
def json_script(element_id: str, data: Any) -> str:
    """Data for a page's script, safe inside HTML (no ``</script>`` can end it)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{escape(element_id)}">{text}</script>'


def explorer_html(payload: dict[str, Any]) -> str:
    return (
        '<div class="roadmap-explorer" id="roadmap-explorer" '
        'data-data="roadmap-explorer-data">'
        + json_script("roadmap-explorer-data", payload)
        + "<noscript><p>The explorer filters with JavaScript, which is switched off. "
        "Every need is also listed on the page that defines it, and all of them are in "
        "<code>needs.json</code> at the root of this site.</p></noscript></div>")


# ----------------------------------------------------------------- capacity
def capacity_html(roles: list[Need], load: dict[str, dict[int, float]], weeks: range,
                  href: Href, caption: str) -> str:
    """Planned person-weeks per role per week against the role's capacity; the
    numbers come from the same function as the capacity rule."""
    head = ["Role", "Capacity"] + [f"W{w}" for w in weeks] + ["Total"]
    rows = []
    for role in roles:
        capacity = role.number("capacity") or 0.0
        per_week = load.get(role.id, {})
        cells = []
        for week in weeks:
            value = per_week.get(week, 0.0)
            over = value > capacity + 1e-9
            cls = ' class="roadmap-over"' if over else (' class="roadmap-idle"' if not value
                                                         else "")
            text = f"{value:.2f}".rstrip("0").rstrip(".") if value else "·"
            cells.append(f"<td{cls}>{text}{' (over)' if over else ''}</td>")
        total = sum(per_week.get(w, 0.0) for w in weeks)
        rows.append(f"<tr><th scope=\"row\">{link(role, href)} {escape(role.title)}</th>"
                    f"<td>{capacity:g}</td>{''.join(cells)}<td>{total:.2f}</td></tr>")
    return _table(caption, head, rows, "roadmap-capacity")


def usage_html(usage: list[tuple[Need, list[int], list[Need]]], href: Href,
               caption: str) -> str:
    """Tools, infrastructure and services: the weeks they are booked and by what."""
    rows = [f"<tr><th scope=\"row\">{link(res, href)} {escape(res.title)}</th>"
            f"<td>{escape(week_ranges(weeks))}</td><td>{links(users, href)}</td></tr>"
            for res, weeks, users in usage]
    return _table(caption, ["Resource", "Weeks", "Required by"], rows, "roadmap-usage")
