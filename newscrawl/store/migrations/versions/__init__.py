"""One module per schema version of the store, oldest first (see ../__init__.py)."""
