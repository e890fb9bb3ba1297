"""Fixtures shared by the tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from newscrawl.store import engine_url
from tests.support.paths import SHARED

POSTGRES_ENV = "NEWSCRAWL_TEST_POSTGRES"
REDIS_ENV = "NEWSCRAWL_TEST_REDIS"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


# -- where the store lives: a SQLite file, or a fresh schema in the test PostgreSQL --------------


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A NEWSCRAWL_STORE URL for an empty schema of the test PostgreSQL, dropped afterwards."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set (a postgresql:// URL): PostgreSQL not tested")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(engine_url(base))
    with admin.begin() as conn:
        conn.execute(CreateSchema(name))
    url = make_url(engine_url(base)).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(DropSchema(name, cascade=True))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """NEWSCRAWL_STORE for each database the store supports."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_schema")
    return str(tmp_path / "articles.db")


# -- a distributed crawl's Redis: its keys under a prefix of the test's own --------------------


@pytest.fixture
def fleet_redis() -> Iterator[tuple[str, str]]:
    """(redis:// URL, key prefix) for a fleet of this test alone; its keys deleted afterwards."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"{REDIS_ENV} is not set (a redis:// URL): the distributed crawl not tested")
    import redis

    prefix = f"t{uuid.uuid4().hex[:10]}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(
            f"{REDIS_ENV}={url} cannot be reached ({error}): the distributed crawl not tested"
        )
    try:
        yield url, prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
