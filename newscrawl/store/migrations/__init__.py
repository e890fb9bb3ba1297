"""The store's schema migrations (Alembic): env.py runs them on the connection the store
hands over; versions/ holds one module per schema version, written by hand, with revision
ids "newscrawl_NNNN" (an alembic_version table of another application is not taken for ours).
Versions only go forward: to go back, restore a copy of the store made before upgrading."""
