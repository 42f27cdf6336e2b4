"""Accessibility repairs of generated HTML (roadmap.a11y)."""

from __future__ import annotations

from roadmap.a11y import repair


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
