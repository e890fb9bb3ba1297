"""The article store (SQLite or PostgreSQL): tables, versions, copies, runs; no Scrapy here."""

from newscrawl.store.store import Store, Stored, engine_url

__all__ = ["Store", "Stored", "engine_url"]
