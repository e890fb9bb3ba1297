"""Cutting the link blocks out of a small page body, for the block finders' tests."""

from __future__ import annotations

from newscrawl.cleaner import GENERIC
from newscrawl.cleaner.blocks import cut_link_blocks
from newscrawl.cleaner.html import parse, text_of
from newscrawl.urls import canonical_url


def cut_blocks(body: str, url: str) -> tuple[list[tuple[str, str, str | None]], str]:
    """The (kind, title, url) of every block's links in `body`, and the text left after."""
    root = parse(f"<html><body>{body}</body></html>")
    assert root is not None
    links = cut_link_blocks(root, url, GENERIC, lambda link: canonical_url(link) == url)
    return [(link.kind, link.title, link.url) for link in links], text_of(root)
