#!/usr/bin/env python3
"""The review of a pull (or merge) request as one comment: what CI runs after `make test`.

    python3 scripts/review_comment.py --base origin/main [--output DIR] [--post github|gitlab]

1. Runs `make review BASE=<merge-base of HEAD and --base> FORMAT=markdown`: the plan in
   the working tree against the target branch (the Makefile builds both sides).
2. Writes the comment to DIR/review-comment.md: a hidden marker, then the review; when
   the review cannot run (a side does not build, unrelated plans), the one line that
   says why.
3. With --post, puts it on the pull request as one comment, updated on every push: the
   comment that carries the marker is edited, a new one is made only when there is none.
   GitHub: GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER (and GITHUB_API_URL). GitLab:
   GITLAB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID.

Exit status: 0 when the comment was written (and posted), whatever the review found; 2
when the review could not run; 1 when posting failed. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "<!-- roadmap-review -->"
ROOT = Path(__file__).resolve().parents[1]


def merge_base(base: str, cwd: Path) -> str:
    found = subprocess.run(["git", "merge-base", "HEAD", base], cwd=cwd, capture_output=True,
                           text=True, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        raise SystemExit(f"review: no merge base of HEAD and {base} "
                         f"({found.stderr.strip() or 'is it fetched?'})")
    return found.stdout.strip()


def run_review(base: str, cwd: Path, output: Path) -> tuple[int, str]:
    """(exit status of `make review`, the Markdown review or the line that says why not)."""
    review = output / "review.md"
    review.unlink(missing_ok=True)  # an earlier run's review is not this one's
    done = subprocess.run(["make", "--no-print-directory", "review", f"BASE={base}",
                           "FORMAT=markdown", f"OUTPUT={review}"], cwd=cwd,
                          capture_output=True, text=True, check=False)
    if review.is_file() and done.returncode == 0:
        return done.returncode, review.read_text(encoding="utf-8")
    lines = [line for line in (done.stderr + done.stdout).splitlines()
             if line.startswith("error:")] or (done.stderr + done.stdout).splitlines()[-1:]
    reason = lines[0].removeprefix("error: ") if lines else "make review failed"
    return 2, f"### Plan review could not run\n\n`{reason.replace('`', '')}`\n"


def comment_body(review: str) -> str:
    return f"{MARKER}\n{review.rstrip()}\n"


# ------------------------------------------------------------------ posting
@dataclass(frozen=True)
class Forge:
    """Where the request's comments are: list them, make one, edit one."""

    comments_url: str
    comment_url: str  # with {id}
    token_header: tuple[str, str]
    edit_method: str  # GitHub edits a comment with PATCH, GitLab a note with PUT
    body_key: str = "body"

    def call(self, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            url, method=method, data=None if data is None else json.dumps(data).encode(),
            headers={self.token_header[0]: self.token_header[1], "Accept": "application/json",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")


def github() -> Forge:
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo, number = os.environ["GITHUB_REPOSITORY"], os.environ["PR_NUMBER"]
    return Forge(f"{api}/repos/{repo}/issues/{number}/comments",
                 f"{api}/repos/{repo}/issues/comments/{{id}}",
                 ("Authorization", f"Bearer {os.environ['GITHUB_TOKEN']}"), "PATCH")


def gitlab() -> Forge:
    api = os.environ["CI_API_V4_URL"].rstrip("/")
    project, request = os.environ["CI_PROJECT_ID"], os.environ["CI_MERGE_REQUEST_IID"]
    notes = f"{api}/projects/{project}/merge_requests/{request}/notes"
    return Forge(notes, notes + "/{id}", ("PRIVATE-TOKEN", os.environ["GITLAB_TOKEN"]), "PUT")


def existing(forge: Forge) -> int | None:
    """The ID of the comment that carries the marker, None when there is none."""
    for comment in forge.call("GET", forge.comments_url + "?per_page=100") or []:
        if MARKER in str(comment.get(forge.body_key, "")):
            return int(comment["id"])
    return None


def post(forge: Forge, body: str) -> str:
    """Edit the review's comment, or make it: 'updated ID' or 'created ID'."""
    found = existing(forge)
    if found is not None:
        forge.call(forge.edit_method, forge.comment_url.format(id=found),
                   {forge.body_key: body})
        return f"updated {found}"
    made = forge.call("POST", forge.comments_url, {forge.body_key: body})
    return f"created {made.get('id') if isinstance(made, dict) else ''}".strip()


FORGES = {"github": github, "gitlab": gitlab}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the target branch, e.g. origin/main")
    parser.add_argument("--output", type=Path, default=Path("_build") / "review-comment")
    parser.add_argument("--post", choices=sorted(FORGES), help="post the comment there")
    parser.add_argument("--cwd", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    status, review = run_review(merge_base(args.base, args.cwd), args.cwd, args.output)
    body = comment_body(review)
    (args.output / "review-comment.md").write_text(body, encoding="utf-8")
    print(f"review: {args.output / 'review-comment.md'}")
    if args.post:
        try:
            print(f"review comment {post(FORGES[args.post](), body)}")
        except (OSError, KeyError, ValueError) as error:
            print(f"review: posting failed: {error}", file=sys.stderr)
            return 1
    return 2 if status == 2 else 0


if __name__ == "__main__":
    sys.exit(main())
