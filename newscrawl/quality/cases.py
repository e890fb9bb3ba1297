"""Fixture cases: a saved page, the URL it was served at, and the result a person wrote down."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl.cleaner import Extraction, clean_html, clean_text
from newscrawl.portals import extract_page, portal_for_url

CHECKED_FIELDS = (
    "title",
    "url",
    "description",
    "authors",
    "published_at",
    "modified_at",
    "section",
    "tags",
    "image",
    "language",
    "pages",
)


@dataclass(frozen=True)
class Case:
    """One page and its expected result."""

    name: str
    page: Path
    url: str | None
    now: datetime | None
    expected: dict[str, Any]

    @property
    def expected_body(self) -> str:
        return "\n\n".join(self.expected.get("body", []))

    @property
    def is_text(self) -> bool:
        """A plain-text dump (page.txt), not HTML."""
        return self.page.suffix == ".txt"

    def read(self) -> bytes:
        """The page's bytes as served (a `.gz` file is decompressed); OSError/EOFError when
        the file cannot be read or is not valid gzip."""
        data = self.page.read_bytes()
        return gzip.decompress(data) if self.page.suffix == ".gz" else data

    def run(self, profile: bool = True) -> Extraction:
        """Clean the page as the crawler would; `profile=False`: with no portal's hints, as
        for a portal without a profile (the generic engine alone)."""
        if self.is_text:
            return clean_text(self.read().decode("utf-8", errors="replace"), self.url)
        if not profile:
            return clean_html(self.read(), self.url, now=self.now)
        portal = portal_for_url(self.url) if self.url else None
        return extract_page(
            self.read(), self.url, portal=portal.name if portal else None, now=self.now
        )


def load_case(folder: Path, pages_root: Path | None = None) -> Case:
    """A case folder: meta.json, expected.json and page.html/page.txt, or a `page` named in
    meta.json relative to `pages_root` (real pages kept outside the repository)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if "page" in meta:
        if pages_root is None:
            raise FileNotFoundError(f"{folder}: names {meta['page']} but no pages folder given")
        page = pages_root / meta["page"]
    else:
        page = next(
            (folder / n for n in ("page.html", "page.txt") if (folder / n).exists()),
            folder / "page.html",
        )
    if not page.exists():
        raise FileNotFoundError(f"{folder}: page not found: {page}")
    now = datetime.fromisoformat(meta["now"]) if meta.get("now") else None
    return Case(f"{folder.parent.name}/{folder.name}", page, meta.get("url"), now, expected)


def case_folders(root: Path) -> list[Path]:
    """Every case folder (one holding expected.json) under root, sorted by path."""
    return [path.parent for path in sorted(root.rglob("expected.json"))]


def find_cases(root: Path, pages_root: Path | None = None) -> list[Case]:
    """Every case under root, sorted by name; FileNotFoundError when a page is missing."""
    return [load_case(folder, pages_root) for folder in case_folders(root)]


def differences(case: Case, extraction: Extraction) -> list[str]:
    """What the cleaner got wrong on this case, one line per difference; [] when it matches."""
    expected = case.expected
    if "rejected" in expected:
        if extraction.rejected != expected["rejected"]:
            return [f"rejected: got {extraction.rejected!r}, expected {expected['rejected']!r}"]
        return []
    if extraction.rejected:
        return [f"rejected as {extraction.rejected!r}, expected an article"]
    article = extraction.article
    problems = [
        f"{name}: got {getattr(article, name)!r}, expected {expected[name]!r}"
        for name in CHECKED_FIELDS
        if name in expected and getattr(article, name) != expected[name]
    ]
    if "body" in expected:
        got = article.body.split("\n\n") if article.body else []
        problems += [
            f"body has extra paragraph: {p[:90]!r}" for p in got if p not in expected["body"]
        ]
        problems += [f"body lacks paragraph: {p[:90]!r}" for p in expected["body"] if p not in got]
        if not problems and got != expected["body"]:
            problems.append("body paragraphs in the wrong order")
    if "related" in expected:
        got_links = [(r.kind, r.title, r.url) for r in article.related]
        want_links = [(r["kind"], r["title"], r["url"]) for r in expected["related"]]
        problems += [f"related extra: {link}" for link in got_links if link not in want_links]
        problems += [f"related missing: {link}" for link in want_links if link not in got_links]
        if got_links != want_links and sorted(got_links) == sorted(want_links):
            problems.append("related links in the wrong order")
    problems += [f"body leaks: {text!r}" for text in leaks(case, article.body)]
    return problems


def leaks(case: Case, body: str) -> list[str]:
    """Expected-absent strings (block titles, labels, promo and credit lines) found in a body."""
    unwanted = list(case.expected.get("not_in_body", []))
    unwanted += [link["title"] for link in case.expected.get("related", [])]
    expected_body = case.expected_body
    return [text for text in dict.fromkeys(unwanted) if text in body and text not in expected_body]
