"""The mirror server (tests/support/siteserver.py) over real HTTP; the suara mirror checked."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import pytest

from tests.support.siteserver import Policy, Reply, Site, SiteServer

ROOT = Path(__file__).resolve().parent.parent
SUARA = ROOT / "fixtures" / "sites" / "suara"
AGENT = "newscrawl-test/1.0 (+siteserver test)"
ARTICLE_PATH = re.compile(r"/(?:[a-z0-9-]+|read)/\d{4}/\d{2}/\d{2}/\d{6}/[^/?#]+")


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = Request(url, method=method, headers={"User-Agent": AGENT})
    try:
        with urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read()


def write_site(folder: Path, routes: dict, files: dict[str, bytes] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "routes.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    return folder


# -- the server ---------------------------------------------------------------------------------


def test_route_is_served_with_base_replaced() -> None:
    with SiteServer(SUARA) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.base_url)
        status, headers, body = fetch(server.url("/robots.txt"))
    assert status == 200
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    text = body.decode()
    assert f"Sitemap: {server.base_url}/sitemap.xml" in text
    assert "{{BASE}}" not in text


def test_query_string_is_part_of_the_route() -> None:
    with SiteServer(SUARA) as server:
        status, headers, body = fetch(server.url("/indeks?page=2"))
        missing, _, _ = fetch(server.url("/indeks?page=9"))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'href="{server.base_url}/health/2019/11/18/' in body.decode()
    assert missing == 404


def test_unknown_target_answers_404_html() -> None:
    with SiteServer(SUARA) as server:
        status, headers, body = fetch(server.url("/tidak/ada?x=<b>"))
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"404" in body and b"<b>" not in body


def test_status_headers_inline_body_and_binary_routes(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "/busy": {"status": 503, "headers": {"Retry-After": "7"}},
            "/moved": {"status": 301, "headers": {"Location": "{{BASE}}/inline?q=1"}},
            "/inline?q=1": {"body": "origin={{BASE}}", "type": "text/plain; charset=utf-8"},
            "/logo.png": {"file": "logo.png", "type": "image/png"},
        },
        {"logo.png": b"\x89PNG {{BASE}}"},
    )
    with SiteServer(site) as server:
        busy = fetch(server.url("/busy"))
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/moved")
        moved = connection.getresponse()
        moved.read()
        connection.close()
        inline = fetch(server.url("/inline?q=1"))
        logo = fetch(server.url("/logo.png"))
    assert busy[0] == 503 and busy[1]["Retry-After"] == "7" and b"503" in busy[2]
    assert moved.status == 301 and moved.getheader("Location") == server.url("/inline?q=1")
    assert inline[0] == 200 and inline[2].decode() == f"origin={server.base_url}"
    assert logo[2] == b"\x89PNG {{BASE}}"  # binary bodies are served as they are


def test_head_answers_headers_only() -> None:
    with SiteServer(SUARA) as server:
        status, headers, body = fetch(server.url("/rss"), method="HEAD")
    assert status == 200 and body == b""
    assert headers["Content-Type"].startswith("application/rss+xml")
    assert int(headers["Content-Length"]) > 1000


def test_requests_are_recorded_in_memory_and_in_the_log(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with SiteServer(SUARA, log_path=log) as server:
        fetch(server.url("/rss/news"))
        fetch(server.url("/indeks?page=3"))
        fetch(server.url("/nope"))
        fetch(server.url(next(iter(_expected()["not_emitted"]))), method="HEAD")
        recorded = list(server.requests)
        assert server.requested("GET") == ["/rss/news", "/indeks?page=3", "/nope"]
    assert [(r["method"], r["path"], r["status"]) for r in recorded] == [
        ("GET", "/rss/news", 200),
        ("GET", "/indeks?page=3", 200),
        ("GET", "/nope", 404),
        ("HEAD", "/tag/banjir-jakarta", 200),
    ]
    assert all(r["user_agent"] == AGENT and isinstance(r["time"], float) for r in recorded)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert lines == recorded


def test_policy_decides_the_reply() -> None:
    class TooMany(Policy):
        def respond(self, request, site, base, handler):  # type: ignore[no-untyped-def]
            if request.target == "/rss":
                return Reply(429, [("Content-Type", "text/plain"), ("Retry-After", "1")], b"slow")
            return super().respond(request, site, base, handler)

    with SiteServer(SUARA, policy=TooMany()) as server:
        limited = fetch(server.url("/rss"))
        normal = fetch(server.url("/rss/news"))
    assert limited[0] == 429 and limited[1]["Retry-After"] == "1"
    assert normal[0] == 200
    assert [r["status"] for r in server.requests] == [429, 200]


def test_missing_route_file_fails_at_start(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"/a": {"file": "gone.html"}})
    with pytest.raises(FileNotFoundError, match=r"gone\.html"):
        SiteServer(site)


def test_command_line_serves_until_killed(tmp_path: Path) -> None:
    log = tmp_path / "cli.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.siteserver", str(SUARA), "--log", str(log)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        base = match.group(1)
        status, _, body = fetch(base + "/sitemap.xml")
        assert status == 200 and f"<loc>{base}/sitemap/sitemap-2019-11.xml</loc>" in body.decode()
        assert fetch(base + "/search?q=banjir+jakarta")[0] == 404
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["path"], e["status"], e["user_agent"]) for e in entries] == [
        ("/sitemap.xml", 200, AGENT),
        ("/search?q=banjir+jakarta", 404, AGENT),
    ]


# -- the suara mirror ----------------------------------------------------------------------------


def _expected() -> dict:
    return json.loads((SUARA / "expected.json").read_text(encoding="utf-8"))


def _routes() -> dict[str, dict]:
    return json.loads((SUARA / "routes.json").read_text(encoding="utf-8"))["routes"]


ORIGIN = "http://mirror.test"


def _served(target: str) -> str:
    route = _routes()[target]
    return (SUARA / route["file"]).read_text(encoding="utf-8").replace("{{BASE}}", ORIGIN)


class _Reader(HTMLParser):
    """Paragraph texts (<p>) and link targets of a page, as a reader sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.links: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]
        if tag in ("p", "div"):
            self._flush()
        if tag == "p":
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        if self._text is not None:
            text = " ".join("".join(self._text).split())
            if text:
                self.paragraphs.append(text)
        self._text = None


def _read(target: str) -> _Reader:
    reader = _Reader()
    reader.feed(_served(target))
    reader.close()
    return reader


def _xml_urls(target: str) -> list[str]:
    root = ET.fromstring(_served(target).encode())
    names = ("loc", "link")
    return [(e.text or "").strip() for e in root.iter() if e.tag.rsplit("}", 1)[-1] in names]


def _listed_paths(target: str) -> set[str]:
    urls = (
        _xml_urls(target)
        if target.endswith(".xml") or target.startswith("/rss")
        else [href if "://" in href else ORIGIN + href for href in _read(target).links]
    )
    return {urlsplit(url).path for url in urls if url.startswith(ORIGIN)}


def _article_pages(path: str) -> list[str]:
    """The article's numbered pages as routed: the path, then ?page=2, ?page=3, ..."""
    routes, pages, number = _routes(), [path], 2
    while f"{path}?page={number}" in routes:
        pages.append(f"{path}?page={number}")
        number += 1
    return pages


def test_every_route_file_exists_and_every_data_file_parses() -> None:
    routes = _routes()
    Site(SUARA)  # raises on a missing file
    assert routes, "no routes"
    for target, route in routes.items():
        assert target.startswith("/"), target
        assert set(route) <= {"file", "status", "type", "headers", "body"}, target
    for path in SUARA.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in SUARA.rglob("*.xml"):
        ET.fromstring(path.read_bytes())
    routed = {route["file"] for route in routes.values() if "file" in route}
    on_disk = {str(p.relative_to(SUARA)) for p in SUARA.rglob("*") if p.is_file()}
    assert on_disk - routed == {"routes.json", "expected.json", "README.md"}


def test_expected_names_only_routed_urls() -> None:
    expected, routes = _expected(), _routes()
    for path, article in expected["articles"].items():
        assert routes[path].get("status", 200) == 200
        assert article["pages"] == len(_article_pages(path))
        assert article["published_at"].endswith("+07:00")
    for path in expected["not_emitted"]:
        assert path in routes
    errors = [p for p, why in expected["not_emitted"].items() if why.startswith("server error")]
    assert [routes[p]["status"] for p in errors] == [500]
    for url in expected["never_requested"]:
        assert url not in routes
    in_window = [a for a in expected["articles"].values() if not a.get("outside_window")]
    assert 8 <= len(in_window) <= 10
    since, until = expected["window"]["since"], expected["window"]["until"]
    assert all(since <= a["published_at"][:10] <= until for a in in_window)
    outside = [a for a in expected["articles"].values() if a.get("outside_window")]
    assert [a["published_at"][:10] for a in outside] == ["2019-10-01"]


def test_sources_list_what_expected_says() -> None:
    expected = _expected()
    documents = [d for kind in expected["sources"].values() for d in kind if d != "/robots.txt"]
    listed = {doc: _listed_paths(doc) for doc in documents}
    for path, article in expected["articles"].items():
        listing = sorted(doc for doc in documents if path in listed[doc])
        assert listing == sorted(article["listed_in"]), path
    reachable = set().union(*listed.values())
    assert set(expected["not_emitted"]) <= reachable
    robots = _served("/robots.txt")
    assert "Disallow: /search" in robots
    assert {f"{ORIGIN}/sitemap.xml", f"{ORIGIN}/sitemap-news.xml"} == set(
        re.findall(r"^Sitemap:\s*(\S+)", robots, re.MULTILINE)
    )
    listing_links = {link for page in expected["sources"]["listing"] for link in _read(page).links}
    for url in expected["never_requested"]:
        assert url in listing_links


def test_each_source_has_an_article_of_its_own() -> None:
    def kind(document: str) -> str:
        for prefix, name in (
            ("/sitemap/", "sitemap"),
            ("/sitemap-news", "news sitemap"),
            ("/rss", "rss"),
            ("/indeks", "indeks"),
        ):
            if document.startswith(prefix):
                return name
        raise AssertionError(document)

    kinds = [{kind(doc) for doc in a["listed_in"]} for a in _expected()["articles"].values()]
    for name in ("sitemap", "news sitemap", "rss", "indeks"):
        assert {name} in kinds, f"no article listed only by the {name}"
    assert sum(len(found) > 1 for found in kinds) >= 3


def test_expected_bodies_are_the_pages_paragraphs() -> None:
    routes = _routes()
    for path, article in _expected()["articles"].items():
        views = [_article_pages(path)]
        if f"{path}?page=all" in routes:
            views.append([f"{path}?page=all"])
        for view in views:
            readers = [_read(page) for page in view]
            paragraphs = iter(p for reader in readers for p in reader.paragraphs)
            for line in article["body"]:
                assert line in paragraphs, (path, view, line[:60])  # in order, pages in order
            baca_juga = {
                href
                for page in view
                for href in re.findall(r'Baca Juga:\s*<a href="([^"]+)"', _served(page))
            }
            assert len(baca_juga) == article["related_counts"]["baca_juga"], path
        for line in article["body"]:
            assert line == " ".join(line.split())
            assert not line.startswith(("Baca Juga", "ADVERTISEMENT", "Bagikan", "[Suara"))
        assert article["body"][0].startswith(("Suara.com - ", "SuaraJogja.id - "))
        assert all(count >= 0 for count in article["related_counts"].values())


def test_broken_page_is_cut_mid_word() -> None:
    path = next(p for p, a in _expected()["articles"].items() if "cut" in a.get("note", ""))
    body = _expected()["articles"][path]["body"]
    page = _served(path)
    assert "</html>" not in page and "</body>" not in page
    assert re.search(r"<p>[^<]*[a-z]$", page), page[-80:]
    paragraphs = [p for p in _read(path).paragraphs if not p.startswith("Baca Juga")]
    content = paragraphs[paragraphs.index(body[0]) :]
    assert len(body) == 4 and content[:4] == body
    assert len(content) == 5 and content[4].endswith(" peser")  # the cut 5th paragraph
