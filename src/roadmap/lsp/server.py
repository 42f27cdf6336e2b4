"""The language server over stdio (pygls): the protocol's side of the pure functions of
:mod:`roadmap.lsp.plan_index`, :mod:`roadmap.lsp.diagnostics` and
:mod:`roadmap.lsp.navigation`.

It indexes the project's pages when the editor has said hello (``initialized``) and
publishes what the build would warn about. Each change to an open page is applied to
the editor's copy of the text (full or incremental sync); once the editor has been
quiet for a moment (:data:`DEBOUNCE` seconds: typing a word is one run, not five) the
changed pages are parsed again, the rules run once, and the diagnostics of every file
whose warnings changed are published again, those of the edited page always.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from roadmap.findings import Severity
from roadmap.inputs import InputsError
from roadmap.lsp import navigation
from roadmap.lsp.diagnostics import SPHINX_NEEDS, Diagnostic, by_file, changed_files, diagnose
from roadmap.lsp.plan_index import PlanIndex

NAME, VERSION = "roadmap", "1.0.0"
# seconds of quiet after a change before the rules run (a word typed is one run)
DEBOUNCE = 0.15

# A rule's severity as the editor shows it: a warning rule's finding (HEALTH-STALE) and
# a new rule's note fail only `roadmap check --strict`, so they are not shown as errors.
EDITOR_SEVERITY: dict[Severity, types.DiagnosticSeverity] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "new": types.DiagnosticSeverity.Information,
}


class RoadmapServer(LanguageServer):
    """The server's state: the index of the project and what it last published."""

    def __init__(self, project: Path | None = None, debounce: float = DEBOUNCE) -> None:
        super().__init__(NAME, VERSION,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.project = project
        self.debounce = debounce
        self.index: PlanIndex | None = None
        self.published: dict[str, list[Diagnostic]] = {}
        self.found: list[Diagnostic] = []  # what the last run of the rules found
        self.others: set[str] = set()  # files met that are not pages (asked once each)
        self.dirty: dict[str, int | None] = {}  # changed page -> the editor's version
        self._timer: asyncio.TimerHandle | None = None

    # ------------------------------------------------------------ files and URIs
    def file_of(self, uri: str) -> str | None:
        """A document's path relative to the project's root (None outside it)."""
        if self.index is None:
            return None
        path = to_fs_path(uri)
        if path is None:
            return None
        try:
            return Path(path).resolve().relative_to(self.index.root).as_posix()
        except ValueError:
            return None

    def uri_of(self, file: str) -> str:
        assert self.index is not None
        path = Path(file) if Path(file).is_absolute() else self.index.root / file
        return from_fs_path(str(path)) or path.as_uri()

    def lines_of(self, file: str) -> list[str]:
        """The lines of a file as the server reads it: the index's page, else the disk."""
        assert self.index is not None
        page = self.index.page(file)
        if page is not None:
            return page.text.split("\n")
        path = Path(file) if Path(file).is_absolute() else self.index.root / file
        try:
            return path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            return []

    def page_text(self, file: str) -> str | None:
        """A page's text: the editor's while it is open, else the file's (None when it
        cannot be read)."""
        assert self.index is not None
        text = self.editor_text(file)
        if text is not None:
            return text
        try:
            return (self.index.root / file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def editor_text(self, file: str) -> str | None:
        """The editor's text of a file it has open, else None."""
        document = self.workspace.text_documents.get(self.uri_of(file))
        return document.source if document is not None else None

    # ------------------------------------------------------------ the index
    def start(self) -> None:
        """Index the project (again: its configuration changed) and publish what the
        build would say about it."""
        try:
            self.index = PlanIndex.of_project(project_root(self.project, self.workspace.root_path))
        except (OSError, ValueError) as error:  # InputsError, MetamodelError, ...
            self.window_show_message(types.ShowMessageParams(
                types.MessageType.Error, f"roadmap: {error}"))
            return
        self.others = set()
        for uri, document in self.workspace.text_documents.items():
            file = self.file_of(uri)
            if file is not None and self.index.is_page(file):
                self.index.update(file, document.source)
        self.publish(diagnose(self.index), always=set())

    def changed(self, uri: str, version: int | None) -> None:
        """A page changed in the editor: run the rules once the editor is quiet."""
        file = self.file_of(uri)
        if file is None or file in self.configuration():
            return
        self.dirty[file] = version
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(self.debounce, self.flush)

    def configuration(self) -> set[str]:
        """conf.py, ubproject.toml and schemas.json, relative to the root."""
        assert self.index is not None
        project = self.index.project
        found = {"conf.py"}
        for path in (project.toml_path, project.schemas_path):
            if path is not None and path.is_relative_to(project.root):
                found.add(path.relative_to(project.root).as_posix())
        return found

    def saved(self, uri: str) -> None:
        """A file saved: the configuration read again (the metamodel, the rules' schemas,
        the settings may have changed), or the page checked."""
        file = self.file_of(uri)
        if file is not None and self.index is not None and file in self.configuration():
            self.start()
            return
        self.others.discard(file or "")  # a file saved for the first time may be a page
        self.changed(uri, None)

    def flush(self) -> None:
        """Parse the changed pages again, run the rules once, publish what changed."""
        self._timer = None
        if self.index is None or not self.dirty:
            return
        dirty, self.dirty = self.dirty, {}
        changed = self._discover(dirty)
        for file in dirty:
            if not self.index.is_page(file):
                continue
            text = self.page_text(file)
            if text is None:  # deleted on disk since: no longer a page
                changed |= bool(self.index.rediscover())
            else:
                changed |= self.index.update(file, text)
        found = diagnose(self.index) if changed else self.found
        self.publish(found, always={f for f in dirty if self.index.is_page(f)}, versions=dirty)

    def _discover(self, dirty: dict[str, int | None]) -> bool:
        """Ask which files are pages when one the server has not met is opened or saved
        (a page created); True when the pages changed."""
        assert self.index is not None
        new = [f for f in dirty if not self.index.is_page(f) and f not in self.others]
        if not new:
            return False
        changed = self.index.rediscover(
            {f: t for f in dirty if (t := self.editor_text(f)) is not None})
        self.others.update(f for f in new if not self.index.is_page(f))
        return bool(changed)

    def publish(self, found: list[Diagnostic], always: set[str],
                versions: dict[str, int | None] | None = None) -> None:
        """Send the diagnostics of every file whose diagnostics changed, and of
        ``always`` (the edited pages: the editor waits for their answer)."""
        self.found, grouped = found, by_file(found)
        for file in sorted(changed_files(self.published, grouped) | always):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=self.uri_of(file), version=(versions or {}).get(file),
                diagnostics=[self.to_protocol(d, self.lines_of(file))
                             for d in grouped.get(file, [])]))
        self.published = grouped

    def to_protocol(self, found: Diagnostic, lines: Sequence[str]) -> types.Diagnostic:
        line = min(max(found.line - 1, 0), max(len(lines) - 1, 0))
        text = lines[line] if lines else ""
        end = len(text) if found.end is None else found.end
        codec = self.workspace.position_codec
        span = codec.range_to_client_units(lines, types.Range(
            types.Position(line, found.start), types.Position(line, end)))
        return types.Diagnostic(range=span, message=found.message,
                                severity=EDITOR_SEVERITY[found.severity], code=found.rule,
                                source=found.source if found.source == SPHINX_NEEDS else NAME)

    # ------------------------------------------------------------ places
    def place_of(self, uri: str, position: types.Position) -> tuple[str, int, int] | None:
        """(file, 1-based line, column in characters) of a position in a page."""
        file = self.file_of(uri)
        if file is None or self.index is None or not self.index.is_page(file):
            return None
        at = self.workspace.position_codec.position_from_client_units(
            self.lines_of(file), position)
        return file, at.line + 1, at.character

    def location(self, place: navigation.Place) -> types.Location:
        return types.Location(uri=self.uri_of(place.file), range=self.range_of(place))

    def range_of(self, place: navigation.Place) -> types.Range:
        return self.workspace.position_codec.range_to_client_units(
            self.lines_of(place.file), types.Range(types.Position(place.line - 1, place.start),
                                                   types.Position(place.line - 1, place.end)))


def project_root(project: Path | None, workspace_root: str | None) -> Path:
    """The folder of the project's conf.py: the one given, else the nearest from the
    workspace's root up."""
    start = project or Path(workspace_root or ".")
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "conf.py").is_file():
            return folder
    raise InputsError(f"{start}: no conf.py here or above; start the server with "
                       "--project or open the project's folder")


# ------------------------------------------------------------ handlers
def _initialized(ls: RoadmapServer, params: types.InitializedParams) -> None:
    ls.start()


def _did_open(ls: RoadmapServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.changed(params.text_document.uri, params.text_document.version)


def _did_change(ls: RoadmapServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.changed(params.text_document.uri, params.text_document.version)


def _did_save(ls: RoadmapServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.saved(params.text_document.uri)


def _did_close(ls: RoadmapServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.changed(params.text_document.uri, None)  # back to the text on disk


def _definition(ls: RoadmapServer, params: types.DefinitionParams) -> types.Location | None:
    at = ls.place_of(params.text_document.uri, params.position)
    found = navigation.definition(ls.index, *at) if at and ls.index else None
    return ls.location(found) if found else None


def _references(ls: RoadmapServer, params: types.ReferenceParams) -> list[types.Location]:
    at = ls.place_of(params.text_document.uri, params.position)
    if at is None or ls.index is None:
        return []
    return [ls.location(p) for p in navigation.references(
        ls.index, *at, include_declaration=params.context.include_declaration)]


def _hover(ls: RoadmapServer, params: types.HoverParams) -> types.Hover | None:
    at = ls.place_of(params.text_document.uri, params.position)
    found = navigation.hover(ls.index, *at) if at and ls.index else None
    if found is None:
        return None
    text, place = found
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, text),
                       range=ls.range_of(place))


def _completion(ls: RoadmapServer, params: types.CompletionParams) -> types.CompletionList:
    at = ls.place_of(params.text_document.uri, params.position)
    found = navigation.completions(ls.index, *at) if at and ls.index else []
    return types.CompletionList(is_incomplete=False, items=[
        types.CompletionItem(label=c.label, detail=c.detail, documentation=c.kind,
                             kind=types.CompletionItemKind.Reference,
                             text_edit=types.TextEdit(ls.range_of(c.replace), c.label))
        for c in found])


HANDLERS: tuple[tuple[str, Callable[..., Any], Any], ...] = (
    (types.INITIALIZED, _initialized, None),
    (types.TEXT_DOCUMENT_DID_OPEN, _did_open, None),
    (types.TEXT_DOCUMENT_DID_CHANGE, _did_change, None),
    (types.TEXT_DOCUMENT_DID_SAVE, _did_save, None),
    (types.TEXT_DOCUMENT_DID_CLOSE, _did_close, None),
    (types.TEXT_DOCUMENT_DEFINITION, _definition, None),
    (types.TEXT_DOCUMENT_REFERENCES, _references, None),
    (types.TEXT_DOCUMENT_HOVER, _hover, None),
    (types.TEXT_DOCUMENT_COMPLETION, _completion,
     types.CompletionOptions(trigger_characters=[":", " ", ",", "`"])),
)


def create_server(project: Path | None = None, debounce: float = DEBOUNCE) -> RoadmapServer:
    server = RoadmapServer(project, debounce)
    for method, handler, options in HANDLERS:
        server.feature(method, options)(handler)
    return server


def serve(project: Path | None = None, debounce: float = DEBOUNCE) -> int:
    """``python -m roadmap lsp``: serve one editor over stdin and stdout."""
    create_server(project, debounce).start_io()
    return 0
