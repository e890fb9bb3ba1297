"""The store on SQLite and PostgreSQL: versions, canonical URLs, copies, export, stats."""

from __future__ import annotations

import gzip
import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newscrawl import cli
from newscrawl.crawl.incremental import IncrementalMiddleware
from newscrawl.items import Article, RelatedLink
from newscrawl.store import Store, Stored
from newscrawl.store.fingerprint import distance
from newscrawl.store.fingerprint import similarity_hash as simhash
from newscrawl.store.schema import article_versions, articles, related_links, runs

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "sites" / "suara"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with Store(target) as opened:
        yield opened


# -- articles to store -----------------------------------------------------------------------


def fixture_article(index: int = 0, **changes: object) -> Article:
    """One of the mirror's articles as the crawl emits it (related links made up)."""
    path, data = sorted(EXPECTED["articles"].items())[index]
    article = Article(
        url="https://www.suara.com" + path,
        title=data["title"],
        body="\n\n".join(data["body"]),
        related=[
            RelatedLink("baca_juga", f"Baca juga {index}", f"https://www.suara.com/read/{index}"),
            RelatedLink("topik_terkait", "Banjir", None),
        ],
        authors=data["authors"],
        published_at=data["published_at"],
        section=data["section"],
        tags=["berita"],
        language="id",
        word_count=len(" ".join(data["body"]).split()),
        pages=data["pages"],
        portal="suara",
        fetched_url="https://www.suara.com" + path,
        crawled_at="2024-05-01T08:00:00+00:00",
    )
    for name, value in changes.items():
        setattr(article, name, value)
    return article


def count(store: Store, table: object) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def row(store: Store, url: str) -> dict:
    with store.engine.connect() as conn:
        found = conn.execute(select(articles).where(articles.c.url == url)).mappings().one()
        return dict(found)


def links_of(store: Store, url: str) -> list[tuple]:
    query = (
        select(related_links.c.kind, related_links.c.title, related_links.c.url)
        .where(related_links.c.article_url == url)
        .order_by(related_links.c.position)
    )
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(query)]


def edit_words(body: str, positions: tuple[int, ...], word: str = "kemarin") -> str:
    words = body.split(" ")
    for position in positions:
        words[position] = word
    return " ".join(words)


# -- writing ---------------------------------------------------------------------------------


def test_new_then_unchanged(store: Store) -> None:
    batch = [fixture_article(i) for i in range(3)]
    run_id = store.start_run("suara", "suara", now=T0)
    assert store.write(batch, run_id=run_id, now=T0) == {"new": 3}
    again = [fixture_article(i, crawled_at="2024-05-02T08:00:00+00:00") for i in range(3)]
    later = T0 + timedelta(hours=3)
    assert store.write(again, run_id=run_id, now=later) == {"unchanged": 3}
    stored = row(store, batch[0].url)
    assert stored["version"] == 1 and stored["duplicate_of"] is None
    assert stored["first_seen_at"] == "2024-05-01T08:00:00+00:00"
    assert stored["last_seen_at"] == stored["last_checked_at"] == "2024-05-01T11:00:00+00:00"
    assert stored["crawled_at"] == "2024-05-01T08:00:00+00:00"  # the stored version's own
    assert json.loads(stored["authors"]) == batch[0].authors
    assert stored["published_date"] == batch[0].published_at[:10]
    assert len(stored["body_hash"]) == 64 and len(stored["simhash"]) == 16
    assert links_of(store, batch[0].url) == [
        ("baca_juga", "Baca juga 0", "https://www.suara.com/read/0"),
        ("topik_terkait", "Banjir", None),
    ]
    assert count(store, articles) == 3 and count(store, article_versions) == 0
    with store.engine.connect() as conn:
        run = conn.execute(select(runs)).mappings().one()
    assert (run["new"], run["unchanged"], run["updated"], run["duplicates"]) == (3, 3, 0, 0)


def test_editors_are_stored_apart_from_authors(store: Store) -> None:
    article = fixture_article(0, authors=["Laras Wening"], editors=["Rizky Syahrial"])
    store.write([article], now=T0)
    stored = row(store, article.url)
    assert json.loads(stored["authors"]) == ["Laras Wening"]
    assert json.loads(stored["editors"]) == ["Rizky Syahrial"]
    [exported] = list(store.iter_articles())
    assert (exported.authors, exported.editors) == (["Laras Wening"], ["Rizky Syahrial"])


def test_how_the_page_was_read_is_stored_with_each_version(store: Store) -> None:
    first = fixture_article(3, extraction="profile")
    store.write([first], now=T0)
    redesigned = fixture_article(
        3, body=first.body + "\n\nParagraf baru.", extraction="generic", layout_missed=["body"]
    )
    assert store.write([redesigned], now=T0 + timedelta(days=1)) == {"updated": 1}
    current = row(store, first.url)
    assert (current["extraction"], json.loads(current["layout_missed"])) == ("generic", ["body"])
    with store.engine.connect() as conn:
        [old] = conn.execute(select(article_versions)).mappings().all()
    assert (old["extraction"], json.loads(old["layout_missed"])) == ("profile", [])
    [exported] = list(store.iter_articles())
    assert (exported.extraction, exported.layout_missed) == ("generic", ["body"])


def test_changed_body_keeps_the_old_version(store: Store) -> None:
    first = fixture_article(1)
    store.write([first], now=T0)
    changed = fixture_article(
        1,
        body=first.body.replace("\n\n", "\n\nSebuah paragraf baru ditambahkan.\n\n", 1),
        related=[RelatedLink("terpopuler", "Lain", "https://www.suara.com/lain")],
    )
    assert store.write([changed], now=T0 + timedelta(days=1)) == {"updated": 1}
    current = row(store, first.url)
    assert current["version"] == 2 and current["body"] == changed.body
    assert current["first_seen_at"] == "2024-05-01T08:00:00+00:00"
    assert current["stored_at"] == "2024-05-02T08:00:00+00:00"
    assert links_of(store, first.url) == [("terpopuler", "Lain", "https://www.suara.com/lain")]
    with store.engine.connect() as conn:
        [old] = conn.execute(select(article_versions)).mappings().all()
    assert old["url"] == first.url and old["version"] == 1 and old["body"] == first.body
    assert old["replaced_at"] == "2024-05-02T08:00:00+00:00"
    assert [link["kind"] for link in json.loads(old["related"])] == ["baca_juga", "topik_terkait"]


def test_new_modified_time_alone_is_a_new_version(store: Store) -> None:
    store.write([fixture_article(2)], now=T0)
    later = fixture_article(2, modified_at="2019-12-01T09:00:00+07:00")
    assert store.write([later], now=T0) == {"updated": 1}
    assert store.write([later], now=T0) == {"unchanged": 1}
    assert row(store, later.url)["version"] == 2 and count(store, article_versions) == 1


def test_tracking_parameters_and_mobile_host_update_the_same_row(store: Store) -> None:
    article = fixture_article(3)
    store.write([article], now=T0)
    path = article.url.removeprefix("https://www.suara.com")
    variants = [
        fixture_article(3, url=f"https://m.suara.com{path}?utm_source=fb&utm_medium=social"),
        fixture_article(3, url=f"https://www.suara.com{path}?fbclid=abc&page=1#top"),
        fixture_article(3, url=f"https://www.suara.com{path}/amp", body=article.body + " Lagi."),
    ]
    assert store.write(variants, now=T0) == {"unchanged": 2, "updated": 1}
    assert count(store, articles) == 1
    assert store.lookup(article.url) is not None
    assert row(store, article.url)["fetched_url"] == article.fetched_url


def test_near_copy_under_another_url_is_a_duplicate(store: Store) -> None:
    original = fixture_article(4)
    store.write([original], now=T0)
    body = edit_words(original.body, (12, 60))  # the same story, two words changed
    assert body != original.body
    copy_url = "https://www.koran-lain.id/daerah/2019/11/23/salinan-berita"
    copied = fixture_article(4, url=copy_url, body=body, portal="koranlain")
    unrelated = fixture_article(5, url="https://www.koran-lain.id/daerah/2019/11/23/lain")
    exact = fixture_article(4, url="https://www.koran-lain.id/daerah/2019/11/23/sama")
    counts = store.write([copied, unrelated, exact], now=T0 + timedelta(minutes=5))
    assert counts == {"duplicate": 2, "new": 1}
    assert row(store, copy_url)["duplicate_of"] == original.url
    assert row(store, exact.url)["duplicate_of"] == original.url
    assert row(store, unrelated.url)["duplicate_of"] is None
    assert count(store, articles) == 4  # copies are kept, marked, not dropped
    assert [a.url for a in store.iter_articles()].count(copy_url) == 0
    assert copy_url in [a.url for a in store.iter_articles(duplicates=True)]
    # the original changes later: it does not become a copy of its own copy
    revised = fixture_article(4, body=original.body + "\n\nPembaruan.")
    assert store.write([revised], now=T0 + timedelta(days=1)) == {"updated": 1}
    assert row(store, original.url)["duplicate_of"] is None


def test_near_duplicate_bits_setting(tmp_path: Path) -> None:
    original = fixture_article(6)
    body = edit_words(original.body, (10, 40, 70, 100, 130), "sekali")  # five words changed
    bits = distance(simhash(original.body), simhash(body))
    assert bits >= 1
    copied = fixture_article(6, url="https://www.koran-lain.id/x", body=body)
    for near_bits, outcome in ((-1, "new"), (bits - 1, "new"), (bits, "duplicate")):
        with Store(str(tmp_path / f"near{near_bits}.db"), near_bits=near_bits) as store:
            store.write([original], now=T0)
            assert store.write([copied], now=T0) == {outcome: 1}, near_bits


def test_lookup(store: Store) -> None:
    article = fixture_article(0)
    assert store.lookup(article.url) is None
    store.write([article], now=T0)
    found = Stored(article.url, article.published_at, "2024-05-01T08:00:00+00:00")
    assert store.lookup(article.url) == found
    assert store.lookup(article.url + "?utm_source=x") == found
    elsewhere = fixture_article(1, fetched_url="https://jogja.suara.com/read/2019/11/20/1/x")
    store.write([elsewhere], now=T0)  # the page declared another canonical URL
    assert store.lookup(elsewhere.fetched_url).url == elsewhere.url


def test_recheck_window() -> None:
    now = datetime(2024, 5, 10, 12, 0, tzinfo=timezone.utc)
    recent = Stored("u", "2024-05-09T08:00:00+07:00", "2024-05-09T02:00:00+00:00")
    old = Stored("u", "2024-04-01T08:00:00+07:00", "2024-04-01T02:00:00+00:00")
    undated_new = Stored("u", None, "2024-05-10T00:00:00+00:00")

    def middleware(days: float) -> IncrementalMiddleware:
        return IncrementalMiddleware(store=None, stats=None, recheck_days=days)  # type: ignore[arg-type]

    assert middleware(2).due(recent, now) and not middleware(2).due(old, now)
    assert middleware(2).due(undated_new, now)  # no date: first seen counts
    assert not middleware(0).due(recent, now)
    assert middleware(-1).due(old, now)


# -- export and stats -----------------------------------------------------------------------


UNDATED = "https://www.suara.com/news/tanpa-tanggal"
OTHER = "https://jogja.example.id/read/1"


@pytest.fixture
def filled(store: Store, target: str) -> tuple[str, list[Article]]:
    """A store with the mirror's articles, an undated one and one of another portal."""
    batch = [fixture_article(i) for i in range(len(EXPECTED["articles"]))]
    batch.append(fixture_article(0, url=UNDATED, published_at=None, body="Tanpa tanggal. " * 40))
    batch.append(fixture_article(1, url=OTHER, portal="other", body="Lain sekali " * 50))
    run_id = store.start_run("suara", "suara", now=T0)
    store.write(batch, run_id=run_id, now=T0)
    stats = {"newscrawl/failed/http_500": 1, "newscrawl/rejected/soft_404": 2, "newscrawl/x": 5}
    store.finish_run(run_id, "finished", stats, now=T0 + timedelta(minutes=1))
    return target, batch


def export(target: str, output: Path, *extra: str) -> list[dict]:
    assert cli.main(["export", "--store", target, "-o", str(output), *extra]) == 0
    raw = output.read_bytes()
    text = gzip.decompress(raw).decode() if output.suffix == ".gz" else raw.decode()
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.jsonl.gz"])
def test_export_is_byte_identical_and_atomic(
    filled: tuple[str, list[Article]], tmp_path: Path, name: str
) -> None:
    target, batch = filled
    out = tmp_path / "out"
    out.mkdir()
    feed = out / name
    feed.write_bytes(b"an older, longer feed\n" * 1000)
    records = export(target, feed)
    content = feed.read_bytes()
    assert export(target, feed) == records and feed.read_bytes() == content
    assert sorted(p.name for p in out.iterdir()) == [name]  # replaced whole, no temp file left
    assert {r["url"]: r for r in records} == {a.url: a.to_dict() for a in batch}
    assert list(records[0]) == list(Article(url=None).to_dict())  # the feed schema, in order
    assert records[-1]["url"] == UNDATED  # undated last
    dated = records[:-1]
    assert dated == sorted(dated, key=lambda r: (r["published_at"], r["url"]))


def test_export_filters(filled: tuple[str, list[Article]], tmp_path: Path) -> None:
    target, batch = filled

    def urls(*arguments: str) -> list[str]:
        return sorted(r["url"] for r in export(target, tmp_path / "feed.jsonl", *arguments))

    def day(article: Article) -> str:
        return (article.published_at or "undated")[:10]  # "undated" sorts after every date

    window = urls("--since", "2019-11-20", "--until", "2019-11-21")
    assert window == sorted(a.url for a in batch if "2019-11-20" <= day(a) <= "2019-11-21")
    assert len(window) >= 5 and UNDATED not in window
    later = sorted(a.url for a in batch if "2019-11-22" <= day(a) < "undated")
    assert urls("--since", "2019-11-22") == later
    assert urls("--until", "2019-10-31") == sorted(a.url for a in batch if day(a) <= "2019-10-31")
    assert urls("--portal", "other") == [OTHER]
    assert UNDATED in urls("--portal", "suara")


def test_export_of_a_missing_store_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    arguments = ["export", "--store", str(tmp_path / "none.db"), "-o", str(tmp_path / "f.jsonl")]
    assert cli.main(arguments) == 2
    assert "no such store" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_stats_command(filled: tuple[str, list[Article]], capsys: pytest.CaptureFixture) -> None:
    target, _ = filled
    assert cli.main(["stats", "--store", target]) == 0
    text = capsys.readouterr().out
    assert "suara" in text and "failed/http_500" in text and "rejected/soft_404" in text
    assert cli.main(["stats", "--store", target, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    suara = next(p for p in data["portals"] if p["portal"] == "suara")
    assert suara["articles"] == len(EXPECTED["articles"]) + 1 and suara["updated"] == 0
    [run] = data["last_runs"]
    assert run["finish_reason"] == "finished" and run["new"] == len(EXPECTED["articles"]) + 2
    assert run["failures"] == {"failed/http_500": 1, "rejected/soft_404": 2}


# -- the SQLite file as other tools see it --------------------------------------------------


def test_sqlite_file_is_plain(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with Store(str(path)) as store:
        store.write([fixture_article(0)], now=T0)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        types = {name: kind for _, name, kind, *_ in db.execute("PRAGMA table_info(articles)")}
        assert set(types.values()) <= {"TEXT", "INTEGER"}
        authors = db.execute("SELECT authors FROM articles").fetchone()[0]
        assert json.loads(authors) == fixture_article(0).authors
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- the similarity hash ------------------------------------------------------------------------


def test_similarity_hash_finds_small_edits_and_separates_stories() -> None:
    bodies = ["\n\n".join(a["body"]) for a in EXPECTED["articles"].values()]
    rng = random.Random(20191122)
    near = []
    for body in bodies:
        words = body.split(" ")
        for _ in range(40):
            positions = tuple(rng.randrange(len(words)) for _ in range(2))
            edited = edit_words(body, positions, rng.choice(words))
            near.append(distance(simhash(body), simhash(edited)))
    within = sum(bits <= 3 for bits in near) / len(near)
    assert within >= 0.85, within
    apart = [
        distance(simhash(a), simhash(b)) for i, a in enumerate(bodies) for b in bodies[i + 1 :]
    ]
    assert min(apart) > 12
    assert simhash("terlalu pendek") is None
