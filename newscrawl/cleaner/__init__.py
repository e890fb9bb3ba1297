"""The generic cleaner: page HTML (or a text dump) + optional portal hints -> clean Article.

It imports neither Scrapy nor any portal: everything a portal knows comes in as PortalHints.
"""

from newscrawl.cleaner.article import Extraction, clean_html, rejection
from newscrawl.cleaner.hints import GENERIC, PortalHints
from newscrawl.cleaner.options import CleanerOptions
from newscrawl.cleaner.stitching import NextPage, Stitching
from newscrawl.cleaner.text import clean_text

__all__ = [
    "GENERIC",
    "CleanerOptions",
    "Extraction",
    "NextPage",
    "PortalHints",
    "Stitching",
    "clean_html",
    "clean_text",
    "rejection",
]
