"""Alembic's entry point: run the migrations on the connection newscrawl.store.database
opened, inside the transaction it holds (the write lock on SQLite, an advisory lock on
PostgreSQL), so creating or upgrading a store is all or nothing."""

from __future__ import annotations

from alembic import context

context.configure(
    connection=context.config.attributes["connection"],
    # SQLite runs DDL inside the transaction too: the driver begins nothing by itself
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
