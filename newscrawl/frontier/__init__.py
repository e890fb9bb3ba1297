"""The shared frontier's Redis side, without Scrapy: key names, the atomic scripts (take a
request, give back a dead worker's, reserve a politeness slot) and the fleet's report."""

from newscrawl.frontier.keys import Keys
from newscrawl.frontier.scripts import add_request, reap_worker, reserve_slot, take_request

__all__ = ["Keys", "add_request", "reap_worker", "reserve_slot", "take_request"]
