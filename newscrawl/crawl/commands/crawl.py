"""`scrapy crawl`, as Scrapy's, with an exit status a scheduler can trust: the spider, its
arguments and the NEWSCRAWL_* settings are checked before anything is fetched or written
(exit 2 and one line naming what is wrong), and the status says how the crawl ended (the
table is in `newscrawl.crawl.outcome` and the README). Scrapyd runs this command too."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.utils.log import configure_logging
from twisted.internet.defer import Deferred

from newscrawl.crawl.configuration import check_crawl
from newscrawl.crawl.outcome import FINISHED, USAGE, crawl_outcome

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1:
            return  # run() says what is wrong with the command line
        assert self.settings is not None
        try:
            check_crawl(self.settings, args[0], opts.spargs)
        except ValueError as error:
            print(f"scrapy crawl: {error}", file=sys.stderr)
            if self.settings.get("LOG_FILE"):  # Scrapyd's job log, run-crawl.sh's log folder
                configure_logging(self.settings)
                logger.error("not crawling: %s", error)
            raise SystemExit(USAGE) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)
            return
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler(args[0])
        watch = _CrawlWatch(crawler)
        watch.follow(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        outcome = crawl_outcome(_stats_of(crawler), watch.error, watch.opened)
        if outcome.status == FINISHED:
            logger.info("exit status 0: %s", outcome.why)
        else:
            logger.error("exit status %d: %s", outcome.status, outcome.why)
        self.exitcode = outcome.status


def _stats_of(crawler: Any) -> dict[str, Any]:
    """The crawl's stats; none when it stopped before Scrapy set them up (a setting or an
    add-on refused it while the crawler was being made)."""
    try:
        return crawler.stats.get_stats()
    except RuntimeError:
        return {}


class _CrawlWatch:
    """The error a crawl raised, if any, taken from its task or Deferred (so that it is not
    printed again as never retrieved), and whether the spider had opened. An error that is
    not a usage or configuration error (see crawl_outcome) is logged with its traceback."""

    def __init__(self, crawler: Any) -> None:
        self.error: BaseException | None = None
        self.opened = False
        crawler.signals.connect(self._opened, signal=signals.spider_opened)

    def _opened(self) -> None:
        self.opened = True

    def follow(self, crawl: Any) -> None:
        if isinstance(crawl, Deferred):
            crawl.addErrback(lambda failure: self._failed(failure.value))
        else:  # an asyncio task
            crawl.add_done_callback(self._task_done)

    def _task_done(self, task: Any) -> None:
        if not task.cancelled() and task.exception() is not None:
            self._failed(task.exception())

    def _failed(self, error: BaseException) -> None:
        self.error = error
        if self.opened or not isinstance(error, ValueError):
            logger.error("the crawl failed", exc_info=(type(error), error, error.__traceback__))
