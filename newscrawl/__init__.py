"""newscrawl: crawl Indonesian news portals into clean articles with related-link metadata."""

__version__ = "0.1.0"
