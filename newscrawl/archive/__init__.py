"""WARC archives: writing responses as received, reading them back by URL, re-extraction."""

from newscrawl.archive.warc import Archive, WarcWriter

__all__ = ["Archive", "WarcWriter"]
