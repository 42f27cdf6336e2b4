"""The explorer against needs.json: facet filters, their combination, the URL,
the keyboard; and each phase page's milestone table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from roadmap.graph import RoadmapGraph
from roadmap.views.explorer import text_matches

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

EXPLORER = "views/explorer.html"
SHOWN_ROWS = "#roadmap-explorer tbody tr:not([hidden])"


def phases(graph: RoadmapGraph) -> list[str]:
    return sorted(p.id for p in graph.of_type("phase"))


def needs_of_phase(graph: RoadmapGraph, needs: dict[str, Any], phase: str) -> set[str]:
    """A phase's needs: planned in it, or bearing on something planned in it."""
    expected = {n.id for n in graph.needs.values() if phase in graph.phase_ids_of(n)}
    # the needs.json's own phase links are all in it
    direct = {i for i, n in needs.items() if phase in (n.get("phase") or [])}
    assert direct <= expected
    return expected


def record(need_id: str, need: dict[str, Any]) -> dict[str, Any]:
    """What the explorer's search reads of a need (owner_of: an owner, or a lead)."""
    owner = need.get("owner") or need.get("lead")
    return {"id": need_id, "title": need["title"], "owner": [owner] if owner else []}


def shown(page: Any) -> set[str]:
    return set(page.locator(SHOWN_ROWS).evaluate_all("rows => rows.map(r => r.dataset.id)"))


def wait_shown(page: Any, count: int) -> None:
    page.wait_for_selector(f'#roadmap-explorer[data-shown="{count}"]')


def facet_box(page: Any, facet: str, value: str) -> Any:
    return page.locator(f'#roadmap-explorer input[data-facet="{facet}"][value="{value}"]')


@pytest.fixture
def explorer(tab, site_url):
    tab.page.goto(site_url + EXPLORER)
    tab.page.wait_for_selector("#roadmap-explorer[data-shown]")
    return tab.page


def test_explorer_lists_every_need_unfiltered(explorer, needs):
    wait_shown(explorer, len(needs))
    assert shown(explorer) == set(needs)
    status = explorer.locator("#roadmap-explorer .rx-status").inner_text()
    assert status == f"Showing {len(needs)} of {len(needs)} needs"


def test_filter_by_each_phase_shows_exactly_its_needs(explorer, graph, needs):
    for phase in phases(graph):
        expected = needs_of_phase(graph, needs, phase)
        box = facet_box(explorer, "phase", phase)
        box.check()
        wait_shown(explorer, len(expected))
        assert shown(explorer) == expected, phase
        assert f"({len(expected)})" in box.locator("xpath=..").inner_text()
        box.uncheck()
        wait_shown(explorer, len(needs))


def test_two_facets_narrow_and_values_widen(explorer, graph, needs):
    phase_ids = phases(graph)
    first = needs_of_phase(graph, needs, phase_ids[0])
    milestones = {i for i, n in needs.items() if n["type"] == "milestone"}
    facet_box(explorer, "phase", phase_ids[0]).check()
    facet_box(explorer, "type", "milestone").check()
    both = first & milestones
    wait_shown(explorer, len(both))
    assert shown(explorer) == both
    assert 0 < len(both) < len(first)
    # a second value of the same facet widens: milestones of the first two phases
    second = needs_of_phase(graph, needs, phase_ids[1])
    facet_box(explorer, "phase", phase_ids[1]).check()
    wider = (first | second) & milestones
    wait_shown(explorer, len(wider))
    assert shown(explorer) == wider


def test_the_url_keeps_the_filter_across_reload_and_back(explorer, graph, needs):
    phase = phases(graph)[0]
    in_phase = needs_of_phase(graph, needs, phase)
    milestones = {i for i, n in needs.items() if n["type"] == "milestone"}
    facet_box(explorer, "phase", phase).check()
    wait_shown(explorer, len(in_phase))
    facet_box(explorer, "type", "milestone").check()
    wait_shown(explorer, len(in_phase & milestones))
    assert re.search(rf"#type=milestone&phase={phase}$", explorer.url)
    explorer.reload()
    wait_shown(explorer, len(in_phase & milestones))
    assert shown(explorer) == in_phase & milestones
    assert facet_box(explorer, "phase", phase).is_checked()
    assert facet_box(explorer, "type", "milestone").is_checked()
    explorer.go_back()
    wait_shown(explorer, len(in_phase))
    assert shown(explorer) == in_phase
    assert not facet_box(explorer, "type", "milestone").is_checked()


def test_a_shared_address_opens_filtered(tab, site_url, graph, needs):
    phase = phases(graph)[-1]
    expected = {i for i, n in needs.items() if n["type"] == "milestone"
                and phase in graph.phase_ids_of(graph.needs[i])}
    tab.page.goto(f"{site_url}{EXPLORER}#phase={phase}&type=milestone")
    wait_shown(tab.page, len(expected))
    assert shown(tab.page) == expected


def test_explorer_works_by_keyboard(explorer, graph, needs):
    search = explorer.get_by_label("Search IDs and titles")
    search.focus()
    milestone = sorted(i for i, n in needs.items() if n["type"] == "milestone")[0]
    explorer.keyboard.type(milestone)
    matching = {i for i, n in needs.items() if text_matches(record(i, n), milestone)}
    wait_shown(explorer, len(matching))
    assert milestone in shown(explorer)
    explorer.keyboard.press("Tab")  # to "Filters" (open on a wide screen)
    assert explorer.evaluate("document.activeElement.parentElement.className") == "rx-filters"
    explorer.keyboard.press("Tab")  # to the first facet value
    focused = explorer.evaluate("document.activeElement.getAttribute('data-facet')")
    assert focused == "type"
    search.fill("")
    phase = phases(graph)[0]
    box = facet_box(explorer, "phase", phase)
    box.focus()
    explorer.keyboard.press("Space")
    wait_shown(explorer, len(needs_of_phase(graph, needs, phase)))
    sort = explorer.locator("#roadmap-explorer th button", has_text="Title")
    sort.focus()
    explorer.keyboard.press("Enter")
    assert explorer.locator("#roadmap-explorer th[aria-sort]").inner_text().startswith("Title")


def test_the_week_facet_shows_what_is_active_that_week(explorer, needs):
    facet_box(explorer, "type", "milestone").check()
    facet_box(explorer, "week", "6").check()
    active = {i for i, n in needs.items() if n["type"] == "milestone"
              and n["start"] <= 6 <= n["due"]}
    wait_shown(explorer, len(active))
    assert shown(explorer) == active
    assert re.search(r"#type=milestone&week=6$", explorer.url)
    dues = explorer.locator(SHOWN_ROWS).evaluate_all(
        "rows => rows.map(r => Number([...r.querySelectorAll('td[data-week]')].pop()"
        ".dataset.week))")
    assert dues == sorted(dues)  # by due week, unless the reader sorts otherwise


def day(when: Any) -> str:
    return f"{when.day} {when.strftime('%b %Y')}"


def test_results_show_dependencies_dates_and_risk_scores(explorer, needs, project):
    row = explorer.locator('#roadmap-explorer tbody tr[data-id="MS-SEC-05"]')
    cells = dict(zip(explorer.locator("#roadmap-explorer thead th").all_inner_texts(),
                     row.locator("td").all_inner_texts(), strict=True))
    need, calendar = needs["MS-SEC-05"], project.settings.calendar
    assert cells["Depends on"].split(", ") == sorted(need["depends_on"])
    assert cells["Start"] == f"W{need['start']}, {day(calendar.week(need['start']).first_day)}"
    assert cells["Due"] == f"W{need['due']}, {day(calendar.week(need['due']).last_day)}"
    heads = explorer.locator("#roadmap-explorer thead th").all_inner_texts()
    risk = explorer.locator('#roadmap-explorer tbody tr[data-id="RSK-DB-MIGRATION"] td').nth(
        heads.index("Score"))
    score = needs["RSK-DB-MIGRATION"]["likelihood"] * needs["RSK-DB-MIGRATION"]["impact"]
    assert risk.inner_text().startswith(str(score))


def test_active_filters_are_chips_that_remove_them(explorer, graph, needs):
    phase = phases(graph)[0]
    facet_box(explorer, "phase", phase).check()
    facet_box(explorer, "type", "milestone").check()
    chips = explorer.locator("#roadmap-explorer li.rx-chip")
    assert chips.count() == 2
    chips.filter(has_text="Type: Milestone").get_by_role("button").click()
    wait_shown(explorer, len(needs_of_phase(graph, needs, phase)))
    assert not facet_box(explorer, "type", "milestone").is_checked()
    assert chips.count() == 1 and re.search(rf"#phase={phase}$", explorer.url)


def test_a_view_is_kept_under_a_name_and_opens_again(explorer, graph, needs):
    phase = phases(graph)[1]
    facet_box(explorer, "phase", phase).check()
    wait_shown(explorer, len(needs_of_phase(graph, needs, phase)))
    explorer.locator("#roadmap-explorer details.rx-views > summary").click()
    explorer.get_by_label("Name").fill("Second phase")
    explorer.get_by_role("button", name="Keep this view").click()
    explorer.locator("#roadmap-explorer li.rx-chip button").click()  # filter removed
    wait_shown(explorer, len(needs))
    explorer.reload()  # kept in the browser, not in the page
    explorer.locator("#roadmap-explorer details.rx-views > summary").click()
    link = explorer.get_by_role("link", name="Second phase")
    assert link.get_attribute("href").endswith(f"#phase={phase}")
    link.click()
    wait_shown(explorer, len(needs_of_phase(graph, needs, phase)))
    explorer.get_by_role("button", name="Forget the view Second phase").click()
    assert explorer.get_by_role("link", name="Second phase").count() == 0


def test_on_a_phone_the_results_come_before_a_screen_and_a_half(phone_tab, site_url):
    page = phone_tab.page
    page.goto(f"{site_url}{EXPLORER}#type=milestone")
    page.wait_for_selector("#roadmap-explorer[data-shown]")
    top = page.locator("#roadmap-explorer tbody tr:not([hidden])").first.evaluate(
        "row => row.getBoundingClientRect().top + window.scrollY")
    assert top < 1.5 * PHONE["height"], top
    assert page.locator("#roadmap-explorer details.rx-filters").get_attribute("open") is None


def test_an_id_typed_whole_comes_first_and_six_is_not_an_id(tab, site_url, needs):
    tab.page.goto(f"{site_url}{EXPLORER}#q=ms-db-06")
    tab.page.wait_for_selector("#roadmap-explorer[data-shown]")
    first = tab.page.locator(SHOWN_ROWS).first.get_attribute("data-id")
    assert first == "MS-DB-06"
    tab.page.goto(f"{site_url}{EXPLORER}#q=6")
    wait_shown(tab.page, len([i for i, n in needs.items() if text_matches(record(i, n), "6")]))
    assert "MS-DB-06" not in shown(tab.page)


def test_a_malformed_address_is_ignored_with_a_note(tab, site_url, needs):
    tab.page.goto(f"{site_url}{EXPLORER}#q=%E0%A4%A")
    wait_shown(tab.page, len(needs))
    note = tab.page.locator("#roadmap-explorer .rx-note")
    assert note.is_visible() and "could not be read" in note.inner_text()
    assert not tab.problems()
    tab.page.goto(f"{site_url}{EXPLORER}#type=milestone&nosuch=facet")
    wait_shown(tab.page, len([n for n in needs.values() if n["type"] == "milestone"]))
    assert "nosuch=facet" in note.inner_text()


def test_a_needtable_keeps_its_search_in_the_address(tab, site_url, graph):
    page = f"{site_url}{graph.needs['PH-1'].docname}.html"
    tab.page.goto(page)
    search = tab.page.locator(".needstable-search-input").first
    # the table's key is the ID of its section: a page edit elsewhere leaves it alone
    key = tab.page.locator("table.NEEDS_DATATABLES").first.get_attribute("data-roadmap-table")
    section = tab.page.locator("table.NEEDS_DATATABLES").first.evaluate(
        "t => t.closest('section[id]').id")
    assert key == section
    search.fill("SEC")
    tab.page.wait_for_url(re.compile(rf"\?search-{key}=SEC$"))
    tab.page.reload()
    assert tab.page.locator(".needstable-search-input").first.input_value() == "SEC"
    rows = tab.page.locator("table.NEEDS_DATATABLES").first.locator("tbody tr")
    assert rows.count() > 0 and all("sec" in r.lower() for r in rows.all_inner_texts())
    tab.page.goto(page + f"?search-{key}=SEC#PH-1")  # the fragment still points at the need
    assert tab.page.locator(".needstable-search-input").first.input_value() == "SEC"
    tab.page.goto(page + "?search-1=SEC")  # an address from before keys is still read
    assert tab.page.locator(".needstable-search-input").first.input_value() == "SEC"
    assert not tab.problems()


def test_each_phase_page_milestone_table_lists_exactly_its_milestones(tab, site_url, graph,
                                                                      needs):
    for phase in graph.of_type("phase"):
        expected = {i for i, n in needs.items()
                    if n["type"] == "milestone" and phase.id in (n.get("phase") or [])}
        tab.page.goto(f"{site_url}{phase.docname}.html")
        # show every row of every needs table (paged tables detach the other rows)
        for select in tab.page.locator(".needstable-page-size select").all():
            select.select_option("0")
        tables = tab.page.locator("table.NEEDS_DATATABLES, table.NEEDS_TABLE").evaluate_all(
            """tables => tables.map(t => {
                   const head = [...t.querySelectorAll('thead th')].map(
                       th => th.textContent.trim().toLowerCase());
                   const col = head.findIndex(h => h.startsWith('id'));
                   return col < 0 ? [] : [...t.querySelectorAll('tbody tr')].map(
                       tr => (tr.children[col] || {}).textContent || '').map(s => s.trim());
               })""")
        milestone_tables = [set(ids) for ids in tables
                            if ids and all(needs.get(i, {}).get("type") == "milestone"
                                           for i in ids)]
        assert milestone_tables, f"{phase.docname}: no milestone table"
        listed = set().union(*milestone_tables)
        assert listed == expected, (
            f"{phase.docname}: missing {sorted(expected - listed)}, "
            f"extra {sorted(listed - expected)}")
