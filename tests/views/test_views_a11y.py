"""Accessibility repairs of generated HTML (roadmap.a11y)."""

from __future__ import annotations

from roadmap.sphinx_ext.a11y import repair


def test_toctree_captions_get_a_heading_level():
    html = '<p class="caption" role="heading"><span class="caption-text">Plan</span></p>'
    assert repair(html) == ('<p class="caption" role="heading" aria-level="2">'
                            '<span class="caption-text">Plan</span></p>')


def test_task_list_checkboxes_are_labelled_with_their_state():
    html = ('<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">A'
            '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" '
            'type="checkbox">B')
    fixed = repair(html)
    assert 'aria-label="not done" disabled="disabled"' in fixed
    assert 'aria-label="done" checked="checked"' in fixed
    assert repair(fixed) == fixed


def test_content_tables_take_the_keyboard_focus_once():
    html = ('<table class="roadmap-table docutils align-default" id="t1">'
            '<table class="NEEDS_DATATABLES">'
            '<div class="roadmap-scroll" tabindex="0"><table class="docutils roadmap-in-scroll">')
    fixed = repair(html)
    assert fixed == ('<table tabindex="0" class="roadmap-table docutils align-default" id="t1">'
                     '<table class="NEEDS_DATATABLES">'
                     '<div class="roadmap-scroll" tabindex="0"><table class="docutils '
                     'roadmap-in-scroll">')
    assert repair(fixed) == fixed


def test_a_need_fold_button_keeps_its_state_without_a_shared_id():
    html = ('<span class="needs needs_collapse" id="target__show__meta"><span class="needs '
            'collapsed"></span></span>')
    fixed = repair(html)
    assert 'id="target__show__meta"' not in fixed
    assert 'data-roadmap-collapse="target__show__meta"' in fixed
    assert repair(fixed) == fixed


def test_lines_inside_an_inline_become_a_block():
    from docutils import nodes

    from roadmap.sphinx_ext.reading import unnest_lines

    line = nodes.line("", "", nodes.inline("", "", nodes.line(text="Owner: Lead"),
                                           nodes.line(text="Kind: tool")))
    tree = nodes.line_block("", line)
    assert unnest_lines(list(tree.findall(nodes.inline))) == 1
    block = line.children[0]
    assert isinstance(block, nodes.container) and len(block.children) == 2
    assert unnest_lines(list(tree.findall(nodes.inline))) == 0
