"""The article store: SQLite or PostgreSQL through one SQLAlchemy Core path; versions, runs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import case, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from newscrawl import settings as defaults
from newscrawl.items import Article, RelatedLink
from newscrawl.store.database import open_store
from newscrawl.store.fingerprint import distance, from_hex
from newscrawl.store.schema import (
    BAND_COLUMNS,
    VERSION_KEYS,
    article_from_row,
    article_versions,
    articles,
    link_dict,
    related_links,
    runs,
    version_values,
)
from newscrawl.urls import canonical_url

WRITE_ATTEMPTS = 3
"""A batch that collides with a concurrent writer (the same new URL) is retried whole."""


@dataclass(frozen=True)
class Stored:
    """What the incremental crawl needs to know about a stored article."""

    url: str
    published_at: str | None
    first_seen_at: str


def now_iso(now: datetime | None = None) -> str:
    """A timestamp as stored: ISO 8601 in UTC, to the second."""
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat("T", "seconds")


class Store:
    """Articles by canonical URL, their earlier versions, related links and crawl runs."""

    def __init__(
        self,
        target: str,
        *,
        near_bits: int = defaults.NEWSCRAWL_NEAR_DUPLICATE_BITS,
        must_exist: bool = False,
        busy_timeout: float = defaults.NEWSCRAWL_STORE_BUSY_TIMEOUT,
    ) -> None:
        """Open the store `target` (a file path or a postgresql:// URL), creating a new one in a
        missing or empty database unless `must_exist`. A store older or newer than this code,
        or a database that is not a newscrawl store, raises StoreError and is left untouched."""
        self.engine = open_store(target, create=not must_exist, busy_timeout=busy_timeout)
        self.writer = self.engine.execution_options(newscrawl_write=True)
        self.near_bits = near_bits
        """Bodies within this Hamming distance are copies; negative: exact copies only."""

    def close(self) -> None:
        self.engine.dispose()

    def files(self) -> list[Path]:
        """The files an SQLite store lives in (with its write-ahead log); none for a server."""
        if self.engine.url.get_backend_name() != "sqlite" or not self.engine.url.database:
            return []
        database = Path(self.engine.url.database)
        return [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def write(
        self, batch: Sequence[Article], *, run_id: int | None = None, now: datetime | None = None
    ) -> Counter[str]:
        """Store a batch in one transaction; how many were new, updated, unchanged, duplicate."""
        stamp = now_iso(now)
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.writer.begin() as conn:
                    # rows locked in one order (by canonical URL; a sort that keeps the
                    # batch's order among versions of one article): two writers of
                    # overlapping batches never wait for each other in a cycle
                    ordered = sorted(batch, key=lambda article: canonical_url(article.url or ""))
                    counts = Counter(self._write_one(conn, article, stamp) for article in ordered)
                    if run_id is not None and counts:
                        grown = {
                            _run_column(o): runs.c[_run_column(o)] + n for o, n in counts.items()
                        }
                        conn.execute(update(runs).where(runs.c.id == run_id).values(grown))
                return counts
            except IntegrityError:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _write_one(self, conn: Connection, article: Article, stamp: str) -> str:
        if not article.url:
            raise ValueError(f"article without url: {article.fetched_url}")
        url = canonical_url(article.url)
        values = version_values(article)
        # the row locked (PostgreSQL; SQLite's writers take turns already): of two workers
        # storing the same changed article at once, the second waits and finds it unchanged
        # (without the lock it would collide on the versions' unique index and retry)
        query = select(articles).where(articles.c.url == url).with_for_update()
        row = conn.execute(query).mappings().first()
        seen = {"last_seen_at": stamp, "last_checked_at": stamp}
        if row is None:
            original = self._original_of(conn, url, values, stamp)
            first = {"url": url, "version": 1, "stored_at": stamp, "first_seen_at": stamp}
            conn.execute(insert(articles).values(duplicate_of=original, **first, **seen, **values))
            self._put_links(conn, url, article.related)
            return "duplicate" if original else "new"
        this = articles.c.url == url
        if row["body_hash"] == values["body_hash"] and row["modified_at"] == values["modified_at"]:
            conn.execute(update(articles).where(this).values(seen))
            return "unchanged"
        old_links = [link_dict(link) for link in self._links(conn, [url]).get(url, [])]
        old = {key: row[key] for key in VERSION_KEYS if key in row}
        old["related"] = json.dumps(old_links, ensure_ascii=False)
        conn.execute(insert(article_versions).values({**old, "replaced_at": stamp}))
        original = self._original_of(conn, url, values, row["first_seen_at"])
        newer = {"version": row["version"] + 1, "stored_at": stamp, "duplicate_of": original}
        conn.execute(update(articles).where(this).values(**newer, **seen, **values))
        conn.execute(delete(related_links).where(related_links.c.article_url == url))
        self._put_links(conn, url, article.related)
        return "updated"

    def _original_of(
        self, conn: Connection, url: str, values: dict[str, Any], first_seen: str
    ) -> str | None:
        """URL of the earlier-stored article this body copies (exactly or nearly), or None."""
        c = articles.c
        earlier = select(c.url, c.duplicate_of, c.simhash, c.first_seen_at).where(
            c.url != url,
            or_(c.duplicate_of.is_(None), c.duplicate_of != url),  # not one of its own copies
            c.first_seen_at <= first_seen,
        )
        exact = conn.execute(
            earlier.where(c.body_hash == values["body_hash"])
            .order_by(c.first_seen_at, c.url)
            .limit(1)
        ).first()
        if exact is not None:
            return exact.duplicate_of or exact.url
        if self.near_bits < 0 or values["simhash"] is None:
            return None
        mine = from_hex(values["simhash"])
        same_band = or_(*(c[name] == values[name] for name in BAND_COLUMNS))
        near = []
        for row in conn.execute(earlier.where(same_band)):
            bits = distance(mine, from_hex(row.simhash))
            if bits <= self.near_bits:
                near.append((row.first_seen_at, bits, row.url, row.duplicate_of))
        if not near:
            return None
        _, _, found, its_original = min(near)
        return its_original or found

    @staticmethod
    def _put_links(conn: Connection, url: str, links: Iterable[RelatedLink | dict]) -> None:
        rows = [
            {"article_url": url, "position": position, **link_dict(link)}
            for position, link in enumerate(links)
        ]
        if rows:
            conn.execute(insert(related_links), rows)

    def mark_seen(self, urls: Sequence[str], now: datetime | None = None) -> None:
        """Listed again but not fetched: only `last_seen_at` moves."""
        if urls:
            query = update(articles).where(articles.c.url.in_(list(urls)))
            with self.writer.begin() as conn:
                conn.execute(query.values(last_seen_at=now_iso(now)))

    def start_run(self, portal: str | None, spider: str | None, now: datetime | None = None) -> int:
        """A `runs` row for a crawl that starts; its id."""
        row = {"portal": portal, "spider": spider, "started_at": now_iso(now)}
        with self.writer.begin() as conn:
            return int(conn.execute(insert(runs).values(row)).inserted_primary_key[0])

    def finish_run(
        self, run_id: int, reason: str, stats: dict[str, Any], now: datetime | None = None
    ) -> None:
        """Close a run's row: finish time and reason, the crawl's newscrawl/* stats."""
        text = json.dumps(stats, sort_keys=True, default=str)
        done = {"finished_at": now_iso(now), "finish_reason": reason, "stats": text}
        with self.writer.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(done))

    # -- reading ---------------------------------------------------------------------------

    def lookup(self, url: str) -> Stored | None:
        """The article stored under this URL, or last fetched from it (the page may declare
        another canonical URL); None if none. Two indexed look-ups."""
        c = articles.c
        query = select(c.url, c.published_at, c.first_seen_at)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(c.url == canonical_url(url))).first()
            if row is None:
                row = conn.execute(query.where(c.fetched_url == url).limit(1)).first()
        return None if row is None else Stored(row.url, row.published_at, row.first_seen_at)

    def iter_articles(
        self,
        since: date | None = None,
        until: date | None = None,
        portal: str | None = None,
        duplicates: bool = False,
    ) -> Iterator[Article]:
        """Current versions by published_at then url; undated ones only when no window is set."""
        c = articles.c
        query = select(articles).order_by(c.published_at.asc().nulls_last(), c.url)
        if since or until:
            query = query.where(c.published_date.is_not(None))
        if since:
            query = query.where(c.published_date >= since.isoformat())
        if until:
            query = query.where(c.published_date <= until.isoformat())
        if portal:
            query = query.where(c.portal == portal)
        if not duplicates:
            query = query.where(c.duplicate_of.is_(None))
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=500).execute(query).mappings()
            for chunk in result.partitions():
                links = self._links(conn, [row["url"] for row in chunk])
                for row in chunk:
                    yield article_from_row(row, links.get(row["url"], []))

    @staticmethod
    def _links(conn: Connection, urls: list[str]) -> dict[str, list[RelatedLink]]:
        query = (
            select(related_links)
            .where(related_links.c.article_url.in_(urls))
            .order_by(related_links.c.article_url, related_links.c.position)
        )
        found: dict[str, list[RelatedLink]] = {}
        for row in conn.execute(query):
            found.setdefault(row.article_url, []).append(RelatedLink(row.kind, row.title, row.url))
        return found

    def portal_counts(self) -> list[dict[str, Any]]:
        """Per portal: articles, how many copy another, how many changed at least once."""
        c = articles.c
        query = (
            select(
                c.portal,
                func.count().label("articles"),
                func.sum(case((c.duplicate_of.is_not(None), 1), else_=0)).label("duplicates"),
                func.sum(case((c.version > 1, 1), else_=0)).label("updated"),
            )
            .group_by(c.portal)
            .order_by(c.portal)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def last_runs(self) -> list[dict[str, Any]]:
        """The latest run of each portal, its stats parsed."""
        latest = select(func.max(runs.c.id)).group_by(runs.c.portal)
        query = select(runs).where(runs.c.id.in_(latest)).order_by(runs.c.portal, runs.c.id)
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(query).mappings()]
        for row in rows:
            row["stats"] = json.loads(row["stats"]) if row["stats"] else {}
        return rows

    def finished_runs_with(self, text: str, limit: int) -> list[dict[str, Any]]:
        """The last `limit` finished runs whose stats mention `text` (a stat's name), oldest
        first: id, spider, started_at and the stats parsed."""
        query = (
            select(runs.c.id, runs.c.spider, runs.c.started_at, runs.c.stats)
            .where(runs.c.finished_at.is_not(None), runs.c.stats.contains(text, autoescape=True))
            .order_by(runs.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(query).mappings()]
        for row in rows:
            row["stats"] = json.loads(row["stats"])
        return rows[::-1]


def _run_column(outcome: str) -> str:
    return "duplicates" if outcome == "duplicate" else outcome
