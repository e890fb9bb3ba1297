"""The first store: articles, article_versions, related_links, runs.

Stores made before schema versions were kept have these tables and are stamped with this
version by `newscrawl store upgrade`. Frozen: a later change to schema.py gets a migration of
its own, never an edit here."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "newscrawl_0001"
down_revision = None
branch_labels = None
depends_on = None

BANDS = tuple(f"simhash_band{band}" for band in range(4))


def _text(*names: str) -> list[sa.Column[Any]]:
    return [sa.Column(name, sa.Text) for name in names]


def _version_columns() -> list[sa.Column[Any]]:
    return [
        *_text("title", "body", "description", "authors", "published_at", "published_date"),
        *_text("modified_at", "section", "tags", "image", "language"),
        sa.Column("word_count", sa.Integer),
        sa.Column("pages", sa.Integer),
        *_text("portal", "fetched_url", "crawled_at", "warnings"),
        sa.Column("body_hash", sa.Text, nullable=False),
        sa.Column("simhash", sa.Text),
        sa.Column("duplicate_of", sa.Text, sa.ForeignKey("articles.url")),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("stored_at", sa.Text, nullable=False),
        sa.Column("last_checked_at", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("url", sa.Text, primary_key=True),
        *_version_columns(),
        *(sa.Column(name, sa.Integer) for name in BANDS),
        sa.Column("first_seen_at", sa.Text, nullable=False),
        sa.Column("last_seen_at", sa.Text, nullable=False),
    )
    indexed = ("body_hash", "duplicate_of", "published_date", "portal", "fetched_url", *BANDS)
    for name in indexed:
        op.create_index(f"ix_articles_{name}", "articles", [name])
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        *_text("portal", "spider"),
        sa.Column("started_at", sa.Text, nullable=False),
        *_text("finished_at", "finish_reason"),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in ("new", "updated", "unchanged", "duplicates")
        ),
        sa.Column("stats", sa.Text),
    )
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text, sa.ForeignKey("articles.url"), nullable=False),
        *_version_columns(),
        sa.Column("related", sa.Text, nullable=False),
        sa.Column("replaced_at", sa.Text, nullable=False),
    )
    op.create_index(
        "ux_article_versions_url_version", "article_versions", ["url", "version"], unique=True
    )
    op.create_table(
        "related_links",
        sa.Column("article_url", sa.Text, sa.ForeignKey("articles.url"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
    )
