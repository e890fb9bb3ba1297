"""Test helpers: the mirror site server (siteserver) and the WARC builder (archive_builder)."""
