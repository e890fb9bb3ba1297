"""Incremental crawls: article URLs already in the store are not fetched again, unless recent."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from sqlalchemy.exc import SQLAlchemyError

from newscrawl.crawl.discovery import ARTICLE_REQUEST
from newscrawl.crawl.seen import KeySet
from newscrawl.crawl.storage import store_for
from newscrawl.store import Store, Stored, failure_reason
from newscrawl.urls import url_key

logger = logging.getLogger(__name__)

SEEN_BATCH = 500
"""Skipped URLs get their `last_seen_at` moved in batches of this many."""


class IncrementalMiddleware:
    """NEWSCRAWL_STORE: skip the request of an article's first page when the store has it.

    Articles published in the last NEWSCRAWL_RECHECK_DAYS days are fetched again (their
    updates become new versions); 0 never re-checks, a negative value re-checks everything.
    The seen-set is the store itself, one indexed look-up per URL.

    The check runs when a request is scheduled (the `request_scheduled` signal) rather than
    in `process_request`: an IgnoreRequest raised there ends in the spider's errback, which
    counts and logs it as a failed article. Dropped at scheduling, the request never takes a
    place in the queue (nor in JOBDIR's disk queue). Each URL is counted once per run in
    `newscrawl/skipped/already_stored`, and logged at DEBUG.
    """

    def __init__(self, store: Store, stats: Any, recheck_days: float) -> None:
        self.store = store
        self.stats = stats
        self.recheck_days = recheck_days
        self.skipped = KeySet()
        """Keys of the URLs skipped in this run (each counted once)."""
        self.unsaved_seen: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalMiddleware:
        if not crawler.settings.get("NEWSCRAWL_STORE"):
            raise NotConfigured
        store, options = store_for(crawler)
        middleware = cls(store, crawler.stats, options.recheck_days)
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(middleware.save_seen, signal=signals.spider_closed)
        return middleware

    def request_scheduled(self, request: Request) -> None:
        if not request.meta.get(ARTICLE_REQUEST):
            return
        stored = self.store.lookup(request.url)
        if stored is None or self.due(stored):
            return
        url = stored.url
        if self.skipped.add(url_key(url)):
            self.stats.inc_value("newscrawl/skipped/already_stored")
            logger.debug("already stored, not fetched again: %s", url)
            self.unsaved_seen.append(url)
            if len(self.unsaved_seen) >= SEEN_BATCH:
                self.save_seen()
        raise IgnoreRequest(f"already stored: {url}")

    def due(self, stored: Stored, now: datetime | None = None) -> bool:
        """Whether a stored article is recent enough to be fetched again."""
        if self.recheck_days < 0:
            return True
        if self.recheck_days == 0:
            return False
        when = _moment(stored.published_at) or _moment(stored.first_seen_at)
        if when is None:
            return True
        now = now or datetime.now(timezone.utc)
        return now - when < timedelta(days=self.recheck_days)

    def save_seen(self) -> None:
        """Skipped articles are still listed by the portal: their `last_seen_at` moves."""
        urls, self.unsaved_seen = self.unsaved_seen, []
        try:
            self.store.mark_seen(urls)
        except SQLAlchemyError as error:  # only `last_seen_at` stays behind: nothing is lost
            reason = failure_reason(error)
            logger.warning(
                "store: last_seen_at of %d skipped articles not moved: %s", len(urls), reason
            )


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
