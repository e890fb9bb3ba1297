"""Several workers storing the same articles at the same moment (a distributed crawl): one row
per article, and one version per change, whichever worker wins."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from newscrawl.store import Store
from newscrawl.store.schema import article_versions, articles
from tests.support.store_process import at_once, story, write_edition

WRITERS = 4
ARTICLES = 60


def all_write(target: str, edition: int) -> Counter[str]:
    """Every writer stores the same edition of the same articles at once; their counts."""
    said: Counter[str] = Counter()
    for counts in at_once(write_edition, [(target, ARTICLES, edition)] * WRITERS, timeout=120):
        said.update(counts)
    return said


def rows(target: str) -> tuple[list[int], int]:
    with Store(target) as store, store.engine.connect() as conn:
        versions = list(conn.execute(select(articles.c.version).order_by(articles.c.url)).scalars())
        replaced = conn.execute(select(func.count()).select_from(article_versions)).scalar_one()
    return versions, replaced


def test_workers_storing_the_same_articles_at_once_leave_one_row_and_one_history(
    target: str, tmp_path: Path
) -> None:
    Store(target).close()  # created once, as a fleet's store is before its workers start
    first = all_write(target, edition=1)
    assert first == {"new": ARTICLES, "unchanged": ARTICLES * (WRITERS - 1)}
    assert rows(target) == ([1] * ARTICLES, 0)

    changed = all_write(target, edition=2)
    assert changed == {"updated": ARTICLES, "unchanged": ARTICLES * (WRITERS - 1)}
    assert rows(target) == ([2] * ARTICLES, ARTICLES)  # one earlier version each, not four
    with Store(target) as store:
        bodies = {a.url: a.body for a in store.iter_articles()}
    assert bodies == {a.url: a.body for a in (story(i, 2) for i in range(ARTICLES))}
