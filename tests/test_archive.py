"""WARC archiving of a real crawl, and offline replay: the shipped archive and a fresh one."""

from __future__ import annotations

import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newscrawl.archive import Archive, WarcWriter
from tests.support.crawl import run_crawl
from tests.support.siteserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "sites" / "suara"
SHIPPED = ROOT / "fixtures" / "replay" / "suara.warc.gz"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
ARTICLE = (
    "/entertainment/2019/11/21/193000/"
    "film-dokumenter-penjaga-mercusuar-karya-pelajar-makassar-raih-penghargaan"
)


def comparable(items: list[dict]) -> list[tuple]:
    return sorted((i["url"].split("/", 3)[3], i["title"], i["body"], i["pages"]) for i in items)


def test_shipped_archive_replays_offline(tmp_path: Path) -> None:
    """The README's try-out command: no network, every article of the mirror."""
    result = run_crawl("suara", tmp_path, "-s", f"NEWSCRAWL_REPLAY={SHIPPED}")
    assert result.returncode == 0, result.log[-2000:]
    paths = sorted("/" + item["url"].split("/", 3)[3] for item in result.items)
    assert paths == sorted(EXPECTED["articles"])
    assert all(item["url"].startswith("https://www.suara.com/") for item in result.items)
    assert result.stats["newscrawl/replay/served"] > 0
    assert "downloader/exception_count" not in result.stats  # nothing went to the network


def test_crawl_writes_warc_and_replay_gives_the_same_feed(tmp_path: Path) -> None:
    archive_dir = tmp_path / "warc"
    with SiteServer(SITE) as server:
        live = run_crawl(
            "suara",
            tmp_path / "live",
            "-a",
            f"base_url={server.base_url}",
            "-s",
            f"NEWSCRAWL_WARC_OUT={archive_dir}",
        )
        base_url = server.base_url
        fetched = len(server.requests)
    [warc] = list(archive_dir.glob("*.warc.gz"))
    archive = Archive(warc)
    assert len(archive) >= fetched - 5  # one record per URL (retries collapse)
    archive.close()
    # the server is gone: the replay can only use the archive
    replayed = run_crawl(
        "suara",
        tmp_path / "replay",
        "-a",
        f"base_url={base_url}",
        "-s",
        f"NEWSCRAWL_REPLAY={warc}",
        settings={"LOG_LEVEL": "DEBUG"},
    )
    assert live.items and comparable(replayed.items) == comparable(live.items)
    assert replayed.stats.get("newscrawl/replay/missing", 0) == 0
    # an article request names the source that listed it (Scrapy's Referer middleware)
    sources = {base_url + path for paths in EXPECTED["sources"].values() for path in paths}
    assert request_headers(warc, "Referer")[base_url + ARTICLE] in sources


def request_headers(warc: Path, name: str) -> dict[str, str]:
    """URL -> the value of one header of its request, from the archive's request records."""
    found = {}
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "request" and record.http_headers.get_header(name):
                url = record.rec_headers.get_header("WARC-Target-URI")
                found[url] = record.http_headers.get_header(name)
    return found


def test_url_missing_from_archive_answers_404(tmp_path: Path) -> None:
    result = run_crawl(
        "suara",
        tmp_path,
        "-s",
        f"NEWSCRAWL_REPLAY={SHIPPED}",
        "-a",
        "url=https://www.suara.com/news/2030/01/01/000000/not-archived",
    )
    assert result.items == []
    assert result.stats["newscrawl/failed/http_404"] == 1
    assert result.stats["newscrawl/replay/missing"] >= 1


def test_replay_obeys_the_recorded_robots_txt(tmp_path: Path) -> None:
    """An archive answers a request only once the offsite and robots.txt checks let it
    through, as the network would have."""
    page = (SITE / "articles" / f"{ARTICLE.rsplit('/', 1)[1]}.html").read_bytes()
    allowed = f"https://www.suara.com{ARTICLE}"
    forbidden = allowed.replace("/entertainment/", "/rahasia/")
    path = tmp_path / "robots.warc.gz"
    html = [("Content-Type", "text/html; charset=utf-8")]
    with path.open("wb") as stream:
        writer = WarcWriter(stream, path.name)
        robots = b"User-agent: *\nDisallow: /rahasia/\n"
        writer.write("https://www.suara.com/robots.txt", 200, [], robots, [])
        writer.write(allowed, 200, html, page, [])
        writer.write(forbidden, 200, html, page, [])
    result = run_crawl(
        "suara", tmp_path, "-s", f"NEWSCRAWL_REPLAY={path}", "-a", f"url={allowed},{forbidden}"
    )
    assert [item["fetched_url"] for item in result.items] == [allowed]
    assert result.stats["newscrawl/failed/forbidden_by_robots"] == 1
