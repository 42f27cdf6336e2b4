"""The site's search language remembers stems across pages and stems as Sphinx does."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.search import languages
from sphinx.search.en import SearchEnglish

from roadmap.sphinx_ext import search

PAGES = ("index.md", "executive-roadmap.md", "risk-management.md")


def _words(repo_root: Path) -> list[str]:
    text = " ".join((repo_root / page).read_text(encoding="utf-8") for page in PAGES)
    return re.findall(r"\w+", text)


def test_every_word_stems_as_sphinx_english_stems_it(repo_root: Path) -> None:
    words = _words(repo_root)
    remembering, sphinx_english = search.RememberingEnglish({}), SearchEnglish({})
    assert len(set(words)) > 500
    assert [remembering.stem(w) for w in words] == [sphinx_english.stem(w) for w in words]


def test_a_word_is_stemmed_once_per_process(monkeypatch) -> None:
    calls: list[str] = []

    def counted(self: SearchEnglish, word: str) -> str:
        calls.append(word)
        return word.lower()

    monkeypatch.setattr(search, "_STEMS", {})
    monkeypatch.setattr(SearchEnglish, "stem", counted)
    first, second = search.RememberingEnglish({}), search.RememberingEnglish({})
    for language in (first, second):  # Sphinx makes one language per build
        assert [language.stem(w) for w in ("Gates", "gates", "Gates")] == ["gates"] * 3
    assert calls == ["Gates", "gates"]


def test_the_extension_registers_it_for_english() -> None:
    class RecordingApp:
        def __getattr__(self, name: str):
            return lambda *args, **kwargs: None

        def add_search_language(self, cls: type) -> None:
            languages[cls.lang] = cls

    saved = languages["en"]
    try:
        search.setup(RecordingApp())  # type: ignore[arg-type]
        assert languages["en"] is search.RememberingEnglish
    finally:
        languages["en"] = saved
