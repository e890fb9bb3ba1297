"""The article store (SQLite or PostgreSQL): tables, versions, copies, runs; no Scrapy here."""

from newscrawl.store.database import StoreError, engine_url, failure_reason, upgrade_store
from newscrawl.store.store import Store, Stored

__all__ = ["Store", "StoreError", "Stored", "engine_url", "failure_reason", "upgrade_store"]
