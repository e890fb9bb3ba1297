"""A JSON lines feed of the store's articles (`newscrawl export`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from newscrawl.files import atomic_output
from newscrawl.store.store import Store


def export_feed(
    store: Store,
    output: Path | str,
    *,
    since: date | None = None,
    until: date | None = None,
    portal: str | None = None,
    duplicates: bool = False,
) -> int:
    """Write the current version of the selected articles, one JSON object per line, to
    `output` (atomically; `.gz` compressed; `-` for standard output); how many."""
    count = 0
    with atomic_output(output) as out:
        for article in store.iter_articles(since, until, portal, duplicates):
            out.write(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
    return count
