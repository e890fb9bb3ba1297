"""Test helpers: the mirror site server, fault injection, WARC and corpus builders, crawls run
as subprocesses, and the repository's paths."""
