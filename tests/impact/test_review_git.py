"""``make review`` and the CI script in a real git repository with two commits: a copy of
this tree's code, Makefile and scripts with a tiny site (the small plan), the base
commit and a head that lengthens MS-A-02 by two weeks and lowers MET-B's target.

The Markdown the review prints is checked against a snapshot (reviewed by eye once);
the CI script posts it to a stand-in of GitHub's API on this machine twice, and the
second push edits the first comment instead of adding one. A base that does not build
is one line that names the side and its first warning, exit 2."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import smallplan
import sphinxproject
from syrupy.assertion import SnapshotAssertion

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

CONF = '''import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "src"))
extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib.mermaid", "sphinx.ext.graphviz",
              "roadmap.sphinx_ext"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", ".venv", "node_modules", "src", "scripts", "README.md"]
myst_fence_as_directive = ["mermaid"]
needs_from_toml = "ubproject.toml"
graphviz_output_format = "svg"
mermaid_version = ""
mermaid_use_local = "mermaid.min.js"
html_theme = "basic"
nitpicky = True
'''
# Setup files whose age tells make whether the virtualenv and node_modules are current:
# older than the stamps of the shared ones, so `make review` sets nothing up again.
STAMPED = ("pyproject.toml", "requirements.lock", "package.json", "package-lock.json")
HEAD_CHANGE = {"MS-A-02": {"due": 8}, "MET-B": {"target": 15}}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True, env={**os.environ, "GIT_AUTHOR_NAME": "Test",
                                           "GIT_AUTHOR_EMAIL": "test@example.invalid",
                                           "GIT_COMMITTER_NAME": "Test",
                                           "GIT_COMMITTER_EMAIL": "test@example.invalid"})
    return done.stdout.strip()


def write_site(repo: Path, changes: smallplan.Changes | None = None) -> None:
    needs = smallplan.needs(changes)
    pages = sphinxproject.need_pages(needs)
    toctree = "\n".join(pages)
    (repo / "index.md").write_text(f"# Tiny plan\n\n```{{toctree}}\n{toctree}\n```\n",
                                   encoding="utf-8")
    for docname, text in pages.items():
        (repo / f"{docname}.md").write_text(text, encoding="utf-8")
    sphinxproject.write_example_files(repo, needs)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("git") / "repo"
    shutil.copytree(ROOT / "src" / "roadmap", repo / "src" / "roadmap",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "ubproject.toml", "schemas.json", *STAMPED,
                 "scripts/ensure-debs.sh", "scripts/review_comment.py"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    for name in STAMPED:
        os.utime(repo / name, (0, 0))
    for name in (".venv", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    (repo / "conf.py").write_text(CONF, encoding="utf-8")
    (repo / ".gitignore").write_text(".venv\nnode_modules\n_build\n__pycache__\n",
                                     encoding="utf-8")
    write_site(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The plan")
    write_site(repo, HEAD_CHANGE)
    git(repo, "commit", "-qam", "MS-A-02 takes two weeks longer; MET-B aims at 15 ms")
    return repo


def stable(text: str, repo: Path) -> str:
    """The review without what changes from run to run: commit IDs and paths."""
    return re.sub(r"\b[0-9a-f]{10}\b", "<commit>", text).replace(str(repo), "<repo>")


def test_make_review_prints_the_comment(repo: Path, snapshot: SnapshotAssertion) -> None:
    done = subprocess.run(["make", "--no-print-directory", "review", "BASE=HEAD~1",
                           "FORMAT=markdown", "OUTPUT=_build/review.md"], cwd=repo,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    review = (repo / "_build" / "review.md").read_text(encoding="utf-8")
    assert review.startswith("### Plan review: moves the program end by +2 weeks (week 7 "
                             "\u2192 9, 5 Dec 2025); QG-2 +1 week; RES-ROLE-A over capacity")
    assert stable(review, repo) == snapshot


class FakeGitHub(BaseHTTPRequestHandler):
    """GitHub's issue comments API, as far as the script uses it, in memory."""

    comments: ClassVar[list[dict[str, Any]]] = []
    calls: ClassVar[list[str]] = []

    def _reply(self, data: Any) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        return data

    def do_GET(self) -> None:
        self.calls.append(f"GET {self.path}")
        self._reply(self.comments)

    def do_POST(self) -> None:
        self.calls.append(f"POST {self.path}")
        comment = {"id": len(self.comments) + 1, "body": self._body()["body"]}
        self.comments.append(comment)
        self._reply(comment)

    def do_PATCH(self) -> None:
        self.calls.append(f"PATCH {self.path}")
        number = int(self.path.rsplit("/", 1)[1])
        self.comments[number - 1]["body"] = self._body()["body"]
        self._reply(self.comments[number - 1])

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def github() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_ci_posts_one_comment_and_updates_it_on_the_next_push(repo: Path, github: str) -> None:
    environ = {**os.environ, "GITHUB_API_URL": github, "GITHUB_TOKEN": "test-token",
               "GITHUB_REPOSITORY": "novacron/roadmap", "PR_NUMBER": "7"}
    script = [sys.executable, "scripts/review_comment.py", "--base", "HEAD~1",
              "--output", "_build/ci", "--post", "github"]
    first = subprocess.run(script, cwd=repo, env=environ, capture_output=True, text=True,
                           check=False)
    assert first.returncode == 0, first.stderr
    assert "review comment created 1" in first.stdout
    second = subprocess.run(script, cwd=repo, env=environ, capture_output=True, text=True,
                            check=False)
    assert "review comment updated 1" in second.stdout, second.stderr
    assert len(FakeGitHub.comments) == 1
    body = FakeGitHub.comments[0]["body"]
    assert body.startswith("<!-- roadmap-review -->\n### Plan review: moves the program end")
    assert body == (repo / "_build" / "ci" / "review-comment.md").read_text(encoding="utf-8")
    assert FakeGitHub.calls == [
        "GET /repos/novacron/roadmap/issues/7/comments?per_page=100",
        "POST /repos/novacron/roadmap/issues/7/comments",
        "GET /repos/novacron/roadmap/issues/7/comments?per_page=100",
        "PATCH /repos/novacron/roadmap/issues/comments/1"]


def test_a_base_that_does_not_build_is_one_line_and_exit_2(repo: Path) -> None:
    broken = repo.parent / "broken"
    git(repo, "worktree", "add", "-q", "-b", "broken", str(broken), "HEAD")
    plan = (broken / "plan.md").read_text(encoding="utf-8")
    (broken / "plan.md").write_text(plan.replace(":depends_on: MS-A-02", ":depends_on: MS-X-99"),
                                    encoding="utf-8")
    git(broken, "commit", "-qam", "A dependency on a milestone that does not exist")
    done = subprocess.run([sys.executable, "-m", "roadmap", "review", "broken", "main"],
                          cwd=repo, capture_output=True, text=True, check=False,
                          # CI runners may force colour; the line stays plain
                          env={**os.environ, "PYTHONPATH": str(repo / "src"),
                               "FORCE_COLOR": "1"})
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "\x1b" not in line
    assert line.startswith("error: base failed to build: plan.md:")
    assert "MS-X-99" in line
    assert done.stdout == ""
