"""Sections and ``{need}`` roles of a page, not those shown inside code."""

from __future__ import annotations

from roadmap.lsp.page_outline import Mention, outline

PAGE = """\
# Security

Prose names {need}`MS-SEC-01` and {need}`the library <MS-SEC-02>`.

## Milestones

````{milestone} Token library
:id: MS-SEC-02

Depends on {need}`MS-SEC-01`.

```python
print("{need}`MS-NOT-A-ROLE`")
```

# Not a section: inside a need
````

```{code-block} md
{need}`MS-IN-CODE`
```

### Details

:::{note}
{need}`MS-SEC-03` in a note.
:::
"""


def test_roles_outside_code_with_the_place_of_the_id() -> None:
    found = outline(PAGE).mentions
    assert [m.need_id for m in found] == ["MS-SEC-01", "MS-SEC-02", "MS-SEC-01", "MS-SEC-03"]
    assert found[0] == Mention("MS-SEC-01", 3, PAGE.split("\n")[2].index("MS-SEC-01"),
                               PAGE.split("\n")[2].index("MS-SEC-01") + 9)
    line = PAGE.split("\n")[2]
    assert line[found[1].start:found[1].end] == "MS-SEC-02"


def test_sections_around_a_line_innermost_first() -> None:
    page = outline(PAGE)
    assert [h.title for h in page.headings] == ["Security", "Milestones", "Details"]
    assert page.sections_at(7) == ["Milestones", "Security"]
    assert page.sections_at(1) == ["Security"]
    assert page.sections_at(30) == ["Details", "Milestones", "Security"]
