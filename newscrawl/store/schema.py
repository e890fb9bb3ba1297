"""The store's tables (SQLAlchemy Core, plain types: the SQLite file opens as it is in
Datasette and sqlite-utils) and the conversions between articles and rows."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, Text

from newscrawl.items import Article, RelatedLink
from newscrawl.store.fingerprint import BANDS, bands, body_hash, similarity_hash, to_hex

# -- tables ----------------------------------------------------------------------------------

metadata = MetaData()
LIST_FIELDS = ("authors", "editors", "tags", "layout_missed", "warnings")
"""Article fields that are lists of strings, stored as JSON text."""
PLAIN_FIELDS = (
    *("title", "body", "description", "published_at", "modified_at", "section", "image"),
    *("language", "word_count", "pages", "portal", "extraction", "fetched_url", "crawled_at"),
)
"""Article fields stored as they are (`url` is the key, `related` a table of its own)."""
BAND_COLUMNS = tuple(f"simhash_band{band}" for band in range(BANDS))


def _version_columns() -> list[Column[Any]]:
    """What one version of an article is: its fields, fingerprints, copy link and number."""
    return [
        *(Column(name, Text) for name in ("title", "body", "description", "authors", "editors")),
        Column("published_at", Text),
        Column("published_date", Text),  # YYYY-MM-DD of published_at (the portal's own day)
        *(Column(name, Text) for name in ("modified_at", "section", "tags", "image", "language")),
        Column("word_count", Integer),
        Column("pages", Integer),
        *(Column(name, Text) for name in ("portal", "fetched_url", "crawled_at", "warnings")),
        Column("extraction", Text),  # "profile" or "generic"; null: stored before 0003
        Column("layout_missed", Text),  # JSON list of marker names
        Column("body_hash", Text, nullable=False),  # sha256 of the body
        Column("simhash", Text),  # 64-bit similarity hash, 16 hex digits; null: body too short
        Column("duplicate_of", Text, ForeignKey("articles.url")),  # the article it copies
        Column("version", Integer, nullable=False),  # 1, 2, ...
        Column("stored_at", Text, nullable=False),  # when this version was stored
        Column("last_checked_at", Text, nullable=False),  # last fetched and compared
    ]


articles = Table(
    "articles",
    metadata,
    Column("url", Text, primary_key=True),  # canonical URL
    *_version_columns(),
    *(Column(name, Integer) for name in BAND_COLUMNS),  # the simhash as four 16-bit bands
    Column("first_seen_at", Text, nullable=False),
    Column("last_seen_at", Text, nullable=False),  # last fetched, or listed and skipped
    Index("ix_articles_body_hash", "body_hash"),
    Index("ix_articles_duplicate_of", "duplicate_of"),
    Index("ix_articles_published_date", "published_date"),
    Index("ix_articles_portal", "portal"),
    Index("ix_articles_fetched_url", "fetched_url"),
    *(Index(f"ix_articles_{name}", name) for name in BAND_COLUMNS),
)
"""The current version of every article: one row per canonical URL."""
article_versions = Table(
    "article_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, ForeignKey("articles.url"), nullable=False),
    *_version_columns(),
    Column("related", Text, nullable=False),  # JSON list of {"kind", "title", "url"}
    Column("replaced_at", Text, nullable=False),
    Index("ux_article_versions_url_version", "url", "version", unique=True),
)
"""Earlier versions, as they were until a changed one replaced them."""
related_links = Table(
    "related_links",
    metadata,
    Column("article_url", Text, ForeignKey("articles.url"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text),
)
"""The current version's link-block links, in page order."""
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("portal", Text),
    Column("spider", Text),
    Column("started_at", Text, nullable=False),
    Column("finished_at", Text),  # null: still running, or killed
    Column("finish_reason", Text),
    *(Column(name, Integer, nullable=False, default=0) for name in ("new", "updated")),
    *(Column(name, Integer, nullable=False, default=0) for name in ("unchanged", "duplicates")),
    Column("stats", Text),  # JSON: the run's newscrawl/* stats
)
"""One row per crawl run; its counts grow with each committed batch."""
VERSION_KEYS = tuple(c.name for c in article_versions.c if c.name not in ("id", "related"))
"""Columns an `articles` row hands over to `article_versions` when it is replaced."""

# -- rows ------------------------------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def version_values(article: Article) -> dict[str, Any]:
    """The article's columns as stored (all but url, times and version bookkeeping)."""
    values: dict[str, Any] = {name: getattr(article, name) for name in PLAIN_FIELDS}
    values["body"] = article.body or ""
    for name in LIST_FIELDS:
        values[name] = json.dumps(list(getattr(article, name) or []), ensure_ascii=False)
    published = article.published_at or ""
    values["published_date"] = published[:10] if _DAY.match(published) else None
    values["body_hash"] = body_hash(values["body"])
    similarity = similarity_hash(values["body"])
    values["simhash"] = None if similarity is None else to_hex(similarity)
    parts = bands(similarity) if similarity is not None else (None,) * BANDS
    values.update(zip(BAND_COLUMNS, parts, strict=True))
    return values


def link_dict(link: RelatedLink | dict[str, Any]) -> dict[str, Any]:
    """A related link as a row / JSON object."""
    if isinstance(link, dict):
        return {"kind": link["kind"], "title": link["title"], "url": link.get("url")}
    return {"kind": link.kind, "title": link.title, "url": link.url}


def article_from_row(row: Any, links: list[RelatedLink]) -> Article:
    """An `articles` row (a mapping) and its links as the Article the crawl had emitted."""
    data: dict[str, Any] = {name: row[name] for name in PLAIN_FIELDS}
    data.update({name: json.loads(row[name] or "[]") for name in LIST_FIELDS})
    article = Article.from_dict({"url": row["url"], **data})
    article.related = links
    return article
