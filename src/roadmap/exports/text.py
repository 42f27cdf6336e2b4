"""A need's body made portable: MyST roles resolved, relative links made absolute.

A need's ``content`` is MyST written for this site: ``{need}`MS-SEC-05``` roles and
links relative to its page (``[rubric](../implementation/iac-and-cost.md#rubric)``,
``[above](#terraform-layout)``). Outside the site, neither means anything: an rst
project shows the roles as literal text, a MyST project warns that the link targets
do not exist. :func:`portable` rewrites both (a role becomes the text it shows, a
relative link an absolute one to the published page) and leaves code spans and code
blocks alone; :func:`plain` also turns links into ``text <address>`` for tools that
show plain text (a calendar, a spreadsheet cell, a requirements tool).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

# Earliest match wins: a code span that opens before a role or link swallows it.
_TOKEN = re.compile(
    r"(?P<code>(?P<ticks>`+)[\s\S]*?(?P=ticks))"
    r"|\{(?P<role>[A-Za-z][\w:.-]*)\}`(?P<body>[^`]*)`"
    r"|\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)\)")
_EXPLICIT = re.compile(r"(?P<text>[\s\S]*?)\s*<(?P<target>[^<>]+)>\s*")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def role_text(role: str, body: str) -> str:
    """What a role shows, as text: ``{need}`MS-SEC-05``` is ``MS-SEC-05``, a need role
    with a title template is the ID, one with its own text is ``text (ID)``."""
    match = _EXPLICIT.fullmatch(body)
    if not match:
        return body.strip()
    text, target = match.group("text").strip(), match.group("target").strip()
    if role == "need":
        return target if not text or text.startswith("[[") else f"{text} ({target})"
    return text or target


def absolute(target: str, docname: str, site_url: str) -> str:
    """A link of the page ``docname`` as an absolute address on the site."""
    if _SCHEME.match(target) or target.startswith("//"):
        return target
    path, _, anchor = target.partition("#")
    if not path:
        page = f"{docname}.html"
    else:
        page = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path))
        if page.endswith(".md"):
            page = page[:-3] + ".html"
    return site_url + page.lstrip("/") + (f"#{anchor}" if anchor else "")


def _rewritten(content: str, docname: str, site_url: str,
               link: Callable[[str, str], str]) -> str:
    """MyST content with its roles as text and each link given by ``link(text, url)``
    with its address made absolute; code spans stay as written."""
    def rewrite(match: re.Match[str]) -> str:
        if match.group("code"):
            return match.group(0)
        if match.group("role"):
            return role_text(match.group("role"), match.group("body"))
        return link(match.group("text"), absolute(match.group("target"), docname, site_url))

    return _TOKEN.sub(rewrite, content or "")


def portable(content: str, docname: str, site_url: str) -> str:
    """MyST content with its roles as text and its relative links absolute."""
    return _rewritten(content, docname, site_url, lambda text, url: f"[{text}]({url})")


def plain(content: str, docname: str, site_url: str) -> str:
    """The content as plain text: roles as text, links as ``text <address>``."""
    return _rewritten(content, docname, site_url, lambda text, url: f"{text} <{url}>").strip()
