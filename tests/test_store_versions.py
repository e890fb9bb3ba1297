"""The store's schema versions on SQLite and PostgreSQL: a new store is stamped; one older or
newer than the code, or another application's database, is refused with what to do and left
as it was; `newscrawl store upgrade`; a new store opened by several processes at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from newscrawl import cli
from newscrawl.store import Store, engine_url
from newscrawl.store.schema import metadata
from tests.support.store_process import open_and_write
from tests.test_store import T0, export, fixture_article

COMMANDS = ("export", "stats", "upgrade")


def run(command: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> tuple:
    """`newscrawl export|stats|store upgrade --store TARGET`: its exit status and stderr."""
    arguments = {
        "export": ["export", "--store", target, "-o", str(tmp_path / "feed.jsonl")],
        "stats": ["stats", "--store", target],
        "upgrade": ["store", "upgrade", "--store", target],
    }[command]
    status = cli.main(arguments)
    return status, capsys.readouterr().err


def execute(target: str, *statements: str) -> list[Any]:
    """Run SQL on the database as another client would; the rows of the last statement."""
    engine = create_engine(engine_url(target))
    try:
        with engine.begin() as conn:
            for statement in statements:
                result = conn.execute(text(statement))
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def state_of(target: str) -> Any:
    """All that could change: the SQLite file's bytes, journal mode and the files beside it;
    on PostgreSQL the tables and the rows of `notes` and `alembic_version`."""
    if "://" in target:
        engine = create_engine(engine_url(target))
        try:
            with engine.connect() as conn:
                tables = sorted(inspect(conn).get_table_names())
                rows = {t: sorted(conn.execute(text(f"SELECT * FROM {t}"))) for t in tables}
                return tables, {t: rows[t] for t in ("notes", "alembic_version") if t in rows}
        finally:
            engine.dispose()
    path = Path(target)
    content = path.read_bytes()
    return content, journal_mode(content), sorted(p.name for p in path.parent.iterdir())


def journal_mode(content: bytes) -> str:
    """The SQLite file's journal mode, from its header (bytes 18-19: 2 for WAL, 1 before)."""
    return {b"\x02\x02": "wal", b"\x01\x01": "delete"}[content[18:20]]


def assert_refused(
    commands: tuple[str, ...],
    target: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    *phrases: str,
) -> None:
    """Each command exits with status 2 and a message with these phrases (no traceback), and
    leaves the database as it was."""
    before = state_of(target)
    for command in commands:
        status, said = run(command, target, tmp_path, capsys)
        assert status == 2, command
        assert all(phrase in said for phrase in phrases) and "Traceback" not in said, said
        assert state_of(target) == before, command


def version_of(target: str) -> list[str]:
    return [row[0] for row in execute(target, "SELECT version_num FROM alembic_version")]


# -- another application's database ---------------------------------------------------------


def test_another_applications_database_is_refused_and_left_as_it_is(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    execute(
        target,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
        "INSERT INTO notes (id, text) VALUES (1, 'belanja'), (2, 'rapat')",
    )
    before = state_of(target)
    if "://" not in target:
        assert before[1] == "delete"  # not WAL: the other application's choice, to be kept
    # no table made, not switched to WAL
    assert_refused(COMMANDS, target, tmp_path, capsys, "is not a newscrawl store (it holds notes)")
    with pytest.raises(ValueError, match="not a newscrawl store"):
        Store(target)
    assert state_of(target) == before


@pytest.mark.parametrize("content", [b"", b"catatan belanja\n"])
def test_a_file_that_is_no_store_is_refused_by_the_commands(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    for command in COMMANDS:
        status, said = run(command, str(path), tmp_path, capsys)
        assert status == 2 and "Traceback" not in said, command
        assert "file is not a database" in said if content else "no newscrawl store" in said
        assert path.read_bytes() == content and sorted(tmp_path.iterdir()) == [path]


def test_an_empty_file_becomes_a_store_for_a_crawl(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    path.touch()
    with Store(str(path)) as store:
        store.write([fixture_article(0)], now=T0)
    with Store(str(path), must_exist=True) as store:
        assert len(list(store.iter_articles())) == 1
    assert version_of(str(path)) and journal_mode(path.read_bytes()) == "wal"


# -- versions -------------------------------------------------------------------------------


def test_store_made_before_schema_versions_is_refused_until_upgraded(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Store(target) as store:
        store.write([fixture_article(i) for i in range(4)], now=T0)
    records = export(target, tmp_path / "before.jsonl")
    make_earlier(target)
    assert_refused(
        ("export", "stats"),
        target,
        tmp_path,
        capsys,
        "made by an older newscrawl and has no schema version",
        "run `newscrawl store upgrade --store ",
    )
    with pytest.raises(ValueError, match="no schema version"):
        Store(target)

    status, said = run("upgrade", target, tmp_path, capsys)
    [version] = version_of(target)
    assert status == 0 and f"schema version none -> {version}" in said
    assert export(target, tmp_path / "after.jsonl") == records  # every article, as it was
    status, said = run("upgrade", target, tmp_path, capsys)
    assert status == 0 and f"already at schema version {version}" in said
    assert version_of(target) == [version]


def test_store_newer_than_this_newscrawl_is_refused(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Store(target) as store:
        store.write([fixture_article(0)], now=T0)
    execute(target, "UPDATE alembic_version SET version_num = 'newscrawl_9999'")
    assert_refused(
        COMMANDS,
        target,
        tmp_path,
        capsys,
        "has schema version newscrawl_9999, newer than this newscrawl knows",
        "upgrade newscrawl to use it",
    )
    with pytest.raises(ValueError, match="newer than this newscrawl"):
        Store(target)


def test_a_new_store_has_the_tables_of_schema_py(target: str) -> None:
    with Store(target) as store, store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


LATER_COLUMNS = {"newscrawl_0002": ("editors",), "newscrawl_0003": ("extraction", "layout_missed")}
"""The article columns each revision after the first added."""


def drop_columns(target: str, *revisions: str) -> None:
    """Drop the columns these revisions added to articles and article_versions."""
    for table in ("articles", "article_versions"):
        for revision in revisions:
            for column in LATER_COLUMNS[revision]:
                execute(target, f"ALTER TABLE {table} DROP COLUMN {column}")


def make_earlier(target: str) -> None:
    """Turn a store of today into one as stores were made before schema versions were kept:
    the first revision's tables (without the later columns), no alembic_version."""
    drop_columns(target, *LATER_COLUMNS)
    execute(target, "DROP TABLE IF EXISTS alembic_version")


def test_store_of_an_earlier_version_is_refused_until_upgraded(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A store at newscrawl_0002 (before `extraction` and `layout_missed`): refused, then
    upgraded with every article as it was (the new fields not recorded: null and [])."""
    with Store(target) as store:
        store.write([fixture_article(i) for i in range(3)], now=T0)
    records = export(target, tmp_path / "before.jsonl")
    assert {(r["extraction"], tuple(r["layout_missed"])) for r in records} == {(None, ())}
    drop_columns(target, "newscrawl_0003")
    execute(target, "UPDATE alembic_version SET version_num = 'newscrawl_0002'")
    assert_refused(
        ("export", "stats"),
        target,
        tmp_path,
        capsys,
        "has schema version newscrawl_0002, older than this newscrawl's newscrawl_0003",
    )
    status, said = run("upgrade", target, tmp_path, capsys)
    assert status == 0 and "schema version newscrawl_0002 -> newscrawl_0003" in said
    assert export(target, tmp_path / "after.jsonl") == records
    with Store(target) as store:
        store.write([fixture_article(3, extraction="generic", layout_missed=["body"])], now=T0)
    [stored] = [r for r in export(target, tmp_path / "new.jsonl") if r not in records]
    assert (stored["extraction"], stored["layout_missed"]) == ("generic", ["body"])


def test_a_new_sqlite_store_is_laid_out_as_those_made_before_versions(tmp_path: Path) -> None:
    """So `make_earlier` makes a faithful store of earlier versions: a store of today, turned
    into one by make_earlier, has the layout earlier versions gave (their create_all, before
    the later columns)."""
    earlier = tmp_path / "earlier.db"
    engine = create_engine(engine_url(str(earlier)))
    metadata.create_all(engine)  # what earlier versions did, with the tables of then:
    engine.dispose()
    drop_columns(str(earlier), *LATER_COLUMNS)
    Store(str(tmp_path / "new.db")).close()
    make_earlier(str(tmp_path / "new.db"))

    def layout(path: Path) -> set[tuple]:
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
            found = {(kind, name, " ".join(sql.split())) for kind, name, sql in rows}
        db.close()
        return found

    new = {row for row in layout(tmp_path / "new.db") if row[1] != "alembic_version"}
    assert new == layout(earlier)


# -- a new store opened by several processes at once -----------------------------------------


def test_a_new_store_opened_by_several_processes_at_once(target: str, tmp_path: Path) -> None:
    spawn = multiprocessing.get_context("spawn")
    rounds = 2 if "://" not in target else 1  # one PostgreSQL schema per test
    for attempt in range(rounds):
        where = target if "://" in target else str(tmp_path / f"new-{attempt}.db")
        start = spawn.Barrier(4)
        processes = [
            spawn.Process(target=open_and_write, args=(where, index, start)) for index in range(4)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=120)
        assert [process.exitcode for process in processes] == [0] * 4, attempt
        assert len(version_of(where)) == 1
        with Store(where) as store:
            assert len(list(store.iter_articles(duplicates=True))) == 4
        if "://" not in where:
            assert journal_mode(Path(where).read_bytes()) == "wal"
