"""A process that opens a store and writes one article as soon as its siblings are ready: for
tests of a store opened by several processes at once (light to import, so they start fast)."""

from __future__ import annotations

from typing import Any

from newscrawl.items import Article
from newscrawl.store import Store


def open_and_write(target: str, index: int, start: Any) -> None:
    """Wait at the barrier `start`, open the store `target` and write article number `index`."""
    start.wait()
    article = Article(
        url=f"https://www.suara.com/news/2019/11/22/10000{index}/berita-{index}",
        title=f"Berita {index}",
        body=f"Isi berita nomor {index} yang ditulis oleh proses ke-{index}. " * 20,
        portal="suara",
    )
    with Store(target) as store:
        store.write([article])
