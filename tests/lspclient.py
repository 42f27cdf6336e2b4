"""A small language-server client over real stdio, as an editor drives a server: the
tests of ``python -m roadmap lsp`` and the benchmark (``bench/bench_lsp.py``) use it.

It starts the server as a child process, frames JSON-RPC messages with their
``Content-Length`` header, and reads the server's messages on a thread of its own:
responses are matched to their request by ID, notifications (``publishDiagnostics``)
are kept in the order they came, each with the moment it arrived.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

PUBLISH = "textDocument/publishDiagnostics"


@dataclass
class Notice:
    method: str
    params: Any
    at: float  # time.perf_counter() when it arrived


class LspError(RuntimeError):
    """The server answered with an error, or went away."""


class LspClient:
    def __init__(self, root: Path, command: Sequence[str] | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.root = root
        args = list(command or [sys.executable, "-m", "roadmap", "lsp", "--project", str(root)])
        self.stderr = open(os.devnull, "wb")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.stderr, cwd=root, env=env)
        self._ids = itertools.count(1)
        self._lock = threading.Condition()
        self._responses: dict[int, Any] = {}
        self.notices: list[Notice] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------ wire
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        stdin.flush()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while (message := _read_message(stdout)) is not None:
            with self._lock:
                if "id" in message and "method" not in message:
                    self._responses[message["id"]] = message
                elif "method" in message and "id" in message:
                    self._send({"id": message["id"], "result": None})  # a server request
                elif "method" in message:
                    self.notices.append(Notice(message["method"], message.get("params"),
                                               time.perf_counter()))
                self._lock.notify_all()
        with self._lock:
            self._lock.notify_all()

    def request(self, method: str, params: Any, timeout: float = 60.0) -> Any:
        request_id = next(self._ids)
        self._send({"id": request_id, "method": method, "params": params})
        with self._lock:
            if not self._lock.wait_for(lambda: request_id in self._responses
                                       or self.process.poll() is not None, timeout):
                raise LspError(f"no answer to {method} within {timeout} s")
            if request_id not in self._responses:
                raise LspError(f"the server exited while answering {method}")
            answer = self._responses.pop(request_id)
        if "error" in answer:
            raise LspError(f"{method}: {answer['error']}")
        return answer.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def wait_for(self, accept: Callable[[Notice], bool], after: int = 0,
                 timeout: float = 60.0) -> Notice:
        """The first notice from number ``after`` on that ``accept`` takes."""
        found: list[Notice] = []

        def ready() -> bool:
            found[:] = [n for n in self.notices[after:] if accept(n)][:1]
            return bool(found) or self.process.poll() is not None

        with self._lock:
            if not self._lock.wait_for(ready, timeout) or not found:
                raise LspError(f"no such notice within {timeout} s")
        return found[0]

    # ------------------------------------------------------------ an editor's steps
    def uri(self, file: str) -> str:
        return (self.root / file).resolve().as_uri()

    def initialize(self, timeout: float = 600.0) -> Any:
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": self.root.resolve().as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True},
                                              "synchronization": {"didSave": True}}}},
            timeout)
        self.notify("initialized", {})
        return result

    def open(self, file: str, text: str | None = None, version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri(file), "languageId": "markdown", "version": version,
            "text": text if text is not None else (self.root / file).read_text("utf-8")}})

    def change(self, file: str, text: str, version: int) -> None:
        """The whole new text (full sync)."""
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri(file), "version": version},
            "contentChanges": [{"text": text}]})

    def edit(self, file: str, line: int, start: int, end: int, new: str, version: int) -> None:
        """Replace columns ``start``-``end`` of 0-based ``line`` (incremental sync)."""
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri(file), "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": start},
                                          "end": {"line": line, "character": end}},
                                "text": new}]})

    def diagnostics(self, file: str, after: int = 0, version: int | None = None,
                    timeout: float = 60.0) -> Notice:
        """The first publishDiagnostics for ``file`` from notice ``after`` on (of the
        document's ``version`` when given)."""
        uri = self.uri(file)
        return self.wait_for(lambda n: n.method == PUBLISH and n.params["uri"] == uri
                             and (version is None or n.params.get("version") == version),
                             after, timeout)

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=30)
                self.notify("exit", None)
                self.process.wait(timeout=30)
        except (LspError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            self.stderr.close()

    def __enter__(self) -> LspClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _read_message(stream: IO[bytes]) -> dict[str, Any] | None:
    length = None
    while True:
        header = stream.readline()
        if not header:
            return None
        if header in (b"\r\n", b"\n"):
            break
        name, _, value = header.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None:
        return None
    message: dict[str, Any] = json.loads(stream.read(length).decode("utf-8"))
    return message
