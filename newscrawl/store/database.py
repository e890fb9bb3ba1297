"""Opening a store: the engine and its SQLite pragmas, what the database holds, and its schema
version, created, checked and upgraded with the Alembic migrations in migrations/."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"
UNVERSIONED_TABLES = frozenset({"articles", "article_versions", "related_links", "runs"})
"""The tables of a store made before schema versions were kept (those of newscrawl_0001)."""
FIRST_REVISION = "newscrawl_0001"
WAL_PAUSE = 0.02
"""Seconds between tries to switch a new SQLite store to WAL mode."""
CREATION_LOCK = 0x6E657773
"""PostgreSQL advisory lock key held while a store is created or upgraded."""


class StoreError(ValueError):
    """A store that cannot be used as it is: missing, another application's database, a schema
    older or newer than this newscrawl, unreachable. The message names the store and says
    what to do; a crawl with such a NEWSCRAWL_STORE does not start."""


@dataclass(frozen=True)
class Schema:
    """What a database holds, as newscrawl sees it."""

    state: str
    """"new" (nothing), "current", "older", "unversioned" (a store made before schema
    versions were kept), "newer" or "foreign" (another application's tables)."""
    revision: str | None = None
    tables: tuple[str, ...] = ()


def engine_url(target: str) -> URL:
    """NEWSCRAWL_STORE as an SQLAlchemy URL: a file path is SQLite, postgresql:// uses psycopg."""
    if "://" not in target:
        return URL.create("sqlite", database=str(Path(target).expanduser().resolve()))
    url = make_url(target)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def store_name(target: str) -> str:
    """The store as messages name it: the path, or the URL without its password."""
    return target if "://" not in target else make_url(target).render_as_string()


def open_store(target: str, *, create: bool, busy_timeout: float) -> Engine:
    """The engine of the store `target` at this newscrawl's schema version. A missing or empty
    database becomes a new store when `create`; any other case raises StoreError and leaves
    the database as it was (only our own stores are switched to SQLite's WAL mode)."""
    url = engine_url(target)
    if not create and url.get_backend_name() == "sqlite" and not Path(url.database).is_file():
        raise StoreError(f"no such store: {target}")
    engine = _engine(url, busy_timeout)
    try:
        with _opening(target):
            with engine.connect() as conn:
                schema = read_schema(conn)
            if schema.state == "new" and create:
                with _locked(engine) as conn:  # another process may have created it meanwhile
                    schema = read_schema(conn)
                    if schema.state == "new":
                        _migrate(conn)
                        schema = Schema("current", head())
            if schema.state != "current":
                raise refusal(target, schema)
            _use_wal(engine, busy_timeout)
    except BaseException:
        engine.dispose()
        raise
    return engine


def upgrade_store(target: str, *, busy_timeout: float) -> tuple[str | None, str]:
    """Bring a store older than this newscrawl to its schema version; the versions before and
    after (None: a store made before versions were kept)."""
    url = engine_url(target)
    if url.get_backend_name() == "sqlite" and not Path(url.database).is_file():
        raise StoreError(f"no such store: {target}")
    engine = _engine(url, busy_timeout)
    try:
        with _opening(target), _locked(engine) as conn:
            schema = read_schema(conn)
            if schema.state not in ("current", "older", "unversioned"):
                raise refusal(target, schema)
            if schema.state == "unversioned":
                _migrate(conn, stamp=FIRST_REVISION)
            _migrate(conn)
        with _opening(target):
            _use_wal(engine, busy_timeout)
    finally:
        engine.dispose()
    return schema.revision, head()


def read_schema(conn: Connection) -> Schema:
    """What the database behind `conn` holds (it only reads)."""
    found = inspect(conn)
    tables = {*found.get_table_names(), *found.get_view_names()}
    revisions: list[str] = []
    if VERSION_TABLE in tables:
        revisions = sorted(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    others = tuple(sorted(tables - {VERSION_TABLE}))
    if not others and not revisions:
        return Schema("new")
    if revisions:
        revision = ", ".join(revisions)
        if set(revisions) <= known_revisions():
            return Schema("current" if revisions == [head()] else "older", revision, others)
        if UNVERSIONED_TABLES & tables:
            return Schema("newer", revision, others)
    elif tables >= UNVERSIONED_TABLES:
        return Schema("unversioned", None, others)
    return Schema("foreign", None, others)


def refusal(target: str, schema: Schema) -> StoreError:
    """Why the store cannot be used as it is, and what to do."""
    name = store_name(target)
    upgrade = f"run `newscrawl store upgrade --store {name}` (after copying it, to be safe)"
    if schema.state == "new":
        return StoreError(f"{name} holds no newscrawl store yet (a crawl creates one)")
    if schema.state == "unversioned":
        return StoreError(
            f"the store {name} was made by an older newscrawl and has no schema version "
            f"(this newscrawl needs {head()}): {upgrade}"
        )
    if schema.state == "older":
        return StoreError(
            f"the store {name} has schema version {schema.revision}, older than this "
            f"newscrawl's {head()}: {upgrade}"
        )
    if schema.state == "newer":
        return StoreError(
            f"the store {name} has schema version {schema.revision}, newer than this newscrawl "
            f"knows (its newest is {head()}): upgrade newscrawl to use it"
        )
    listed = ", ".join(schema.tables[:5]) + (", ..." if len(schema.tables) > 5 else "")
    return StoreError(
        f"{name} is not a newscrawl store (it holds {listed}); it was left as it is: "
        "name a new file or database, or a newscrawl store"
    )


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS))


def head() -> str:
    """This newscrawl's schema version: the newest migration."""
    found = _scripts().get_current_head()
    assert found is not None
    return found


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def _migrate(conn: Connection, *, stamp: str | None = None) -> None:
    """Upgrade to the newest version (or only record `stamp` as the version), inside the
    transaction `conn` holds."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    if stamp:
        command.stamp(config, stamp)
    else:
        command.upgrade(config, "head")


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A transaction that has the store to itself while it creates or upgrades the schema:
    SQLite's write lock (BEGIN IMMEDIATE), or an advisory lock on PostgreSQL."""
    with engine.execution_options(newscrawl_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATION_LOCK})
        yield conn


@contextmanager
def _opening(target: str) -> Iterator[None]:
    """A database that cannot be read (not SQLite, unreachable, no permission) as StoreError."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as error:  # sqlite3's own: from _use_wal
        reason = failure_reason(error)
        raise StoreError(f"cannot use the store {store_name(target)}: {reason}") from None


def failure_reason(error: Exception) -> str:
    """What the database said, in one line (without the statement and its parameters)."""
    said = str(error.orig if isinstance(error, DBAPIError) else error).strip()
    return said.splitlines()[0] if said else type(error).__name__


def _use_wal(engine: Engine, busy_timeout: float) -> None:
    """Our SQLite stores live in WAL mode (readers and a writer at once); it stays in the file.
    The switch takes its lock without waiting for it, so it is tried again, for as long as the
    busy timeout, while other processes hold the store (those that open a new store together
    all come here at once)."""
    if engine.url.get_backend_name() != "sqlite":
        return
    deadline = time.monotonic() + busy_timeout
    connection = engine.raw_connection()
    locked = engine.dialect.loaded_dbapi.OperationalError
    try:
        cursor = connection.cursor()
        while cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except locked:
                if time.monotonic() > deadline:
                    raise
                time.sleep(WAL_PAUSE)
        cursor.close()
    finally:
        connection.close()


def _engine(url: URL, busy_timeout: float) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url)
        milliseconds = round(busy_timeout * 1000)

        def connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # the driver begins nothing; _begin does
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        event.listen(engine, "connect", connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as missing:
        needs = f"the {missing.name} driver: pip install 'newscrawl[postgres]'"
        raise StoreError(f"a {url.get_backend_name()} store needs {needs}") from None


def _sqlite_begin(connection: Connection) -> None:
    # a writing batch takes the write lock first, so it waits (busy timeout) rather than
    # failing when another process wrote between its reads and its first write
    if connection.get_execution_options().get("newscrawl_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
