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
