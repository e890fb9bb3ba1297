"""newscrawl test suite."""
