"""Crawl under faults: `scrapy crawl suara` against the mirror served by a `FaultPolicy`.

Transient faults (5xx, 429, slow, timeouts, resets, truncated bodies) hit sources and articles
alike, at most RETRY_TIMES times per URL, so every URL is served well in the end; permanent
faults (PDF, image, empty page, soft 404, gzip bomb, a page over DOWNLOAD_MAXSIZE, redirect
loop, redirect to another site, wrong and missing charsets, servers that stay down) are
served on decoy article URLs listed in the November sitemap. One crawl per seed, shared by
the checks below: nothing served well is lost or doubled, retries are bounded, every
failure is counted with its reason and logged once with its URL, the crawl ends cleanly and
never leaves 127.0.0.1.

"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.cleaner.pages import names_a_page
from newscrawl.portals.suara import PORTAL as SUARA
from tests.support.crawl import CrawlResult, run_crawl
from tests.support.faults import (
    LANDING_KINDS,
    PERMANENT,
    SUARA_DECOYS,
    TRANSIENT,
    Decoy,
    FaultPolicy,
    FaultRates,
    MiB,
    gzip_bomb,
    typographic,
    typographic_html,
)
from tests.support.siteserver import Site, SiteServer

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "suara"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
ROUTES = Site(SITE).routes

SEEDS = (1, 2, 3)
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 3.0
REDIRECT_MAX_TIMES = 5  # newscrawl/settings.py
RETRY_AFTER = 1
RATES = FaultRates(
    http_500=0.05,
    http_503=0.05,
    http_429=0.03,
    timeout=0.015,
    reset=0.05,
    reset_mid_body=0.05,
    truncated=0.05,
    slow=0.1,
)
FORCE = {
    # every kind of transient fault at least once per run, sources included
    "/robots.txt": ["http_503"],
    "/sitemap.xml": ["reset"],
    "/sitemap-news.xml": ["timeout"],
    "/rss": ["truncated"],
    "/rss/news": ["http_500", "reset_mid_body"],
    "/indeks?page=1": ["http_429"],
    "/indeks?page=2": ["http_503", "http_500", "http_503"],
    "/otomotif/2019/11/22/130000/"
    "tips-merawat-mobil-setelah-menerobos-banjir-agar-tidak-rusak-permanen?page=all": [
        "reset_mid_body",
        "truncated",
    ],
}
SETTINGS = {
    "DOWNLOAD_TIMEOUT": str(DOWNLOAD_TIMEOUT),
    "RETRY_TIMES": str(RETRY_TIMES),
    "NEWSCRAWL_RETRY_BASE_DELAY": "0.05",
    "NEWSCRAWL_RETRY_MAX_DELAY": str(RETRY_AFTER),
    "LOG_LEVEL": "DEBUG",  # every request shows up in the log: the offsite check reads them
}

FAILING_KINDS = ("gzip_bomb", "huge", "redirect_loop", "redirect_offsite", "down_503", "down_reset")
"""Decoys whose fetch fails: counted under newscrawl/failed/<reason>, one WARNING+ line."""
REJECTED_KINDS = ("pdf", "image", "empty", "soft_404")
"""Decoys fetched but not articles: counted under newscrawl/rejected/<reason>, one line."""
assert set(FAILING_KINDS + REJECTED_KINDS + LANDING_KINDS) == set(PERMANENT)

STAT_FOR = {
    # the stat key (a regex) that must count each permanent fault
    "pdf": r"newscrawl/rejected/not_html",
    "image": r"newscrawl/rejected/not_html",
    "empty": r"newscrawl/rejected/.+",
    "soft_404": r"newscrawl/rejected/soft_404",
    "gzip_bomb": r"newscrawl/failed/.*(size|large|big).*",
    "huge": r"newscrawl/failed/.*(size|large|big).*",
    "redirect_loop": r"newscrawl/failed/.*redirect.*",
    "redirect_offsite": r"newscrawl/failed/.*offsite.*",
    "down_503": r"newscrawl/failed/http_503",
    "down_reset": r"newscrawl/failed/.+",
}
MIRROR_500 = "/news/2019/11/20/120000/dprd-dki-gelar-rapat-paripurna-bahas-rancangan-apbd-2020"
MIRROR_REJECTED = [
    path for path in EXPECTED["not_emitted"] if path != MIRROR_500 and "/tag/" not in path
]

# -- the crawl ---------------------------------------------------------------------------------


@dataclass
class LogLine:
    level: str
    logger: str
    text: str


@dataclass
class FaultRun:
    seed: int
    policy: FaultPolicy
    result: CrawlResult
    base: str
    lines: list[LogLine]

    def url(self, target: str) -> str:
        return self.base + target

    def decoy(self, kind: str) -> Decoy:
        return next(d for d in self.policy.decoys.values() if d.kind == kind)

    def lines_naming(self, target: str, levels: tuple[str, ...]) -> list[LogLine]:
        named = re.compile(re.escape(self.url(target)) + r"(?![\w/?&=%.+-])")
        return [line for line in self.lines if line.level in levels and named.search(line.text)]


_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[(?P<logger>[^\]]+)\] (?P<level>[A-Z]+): ")
WARNING_UP = ("WARNING", "ERROR", "CRITICAL")
INFO_UP = ("INFO", *WARNING_UP)


def parse_log(log: str) -> list[LogLine]:
    """Log records (continuation lines joined to their record)."""
    lines: list[LogLine] = []
    for raw in log.splitlines():
        match = _LINE.match(raw)
        if match:
            lines.append(LogLine(match["level"], match["logger"], raw))
        elif lines:
            lines[-1].text += "\n" + raw
    return lines


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{seed}" for seed in SEEDS])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> FaultRun:
    seed: int = request.param
    policy = FaultPolicy(
        seed,
        RATES,
        max_failures=RETRY_TIMES,
        client_timeout=DOWNLOAD_TIMEOUT,
        retry_after=RETRY_AFTER,
        force=FORCE,
    )
    with SiteServer(SITE, policy=policy) as server:
        result = run_crawl(
            "suara",
            tmp_path_factory.mktemp(f"faults-seed{seed}"),
            "-a",
            f"base_url={server.base_url}",
            settings=SETTINGS,
            timeout=120,
        )
    return FaultRun(seed, policy, result, server.base_url, parse_log(result.log))


def expected_landing(run: FaultRun) -> set[str]:
    """Paths of the articles that must be in the feed: mirror articles served well, and the
    decoys that are still articles (charset faults)."""
    served = run.policy.served_well()
    articles = {path for path in EXPECTED["articles"] if path in served}
    decoys = {d.target for d in run.policy.decoys.values() if d.lands}
    return articles | decoys


# -- a clean end ---------------------------------------------------------------------------------


def test_crawl_ends_cleanly(run: FaultRun) -> None:
    result = run.result
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats.get("finish_reason") == "finished"
    assert "Traceback" not in result.log
    assert not [line.text for line in run.lines if line.level == "CRITICAL"]


def test_every_kind_of_fault_was_injected(run: FaultRun) -> None:
    """Not vacuous: every transient and permanent kind happened in this run."""
    injected = run.policy.summary().faults
    assert set(TRANSIENT) | set(PERMANENT) <= set(injected), injected
    for target, plan in FORCE.items():
        assert run.policy.records[target].faults[: len(plan)] == plan, target


# -- nothing lost, nothing doubled ---------------------------------------------------------------


def test_every_article_served_well_lands_exactly_once(run: FaultRun) -> None:
    emitted = run.result.by_path()
    # transient faults never outlast the retries: every mirror article was served in the end
    assert set(EXPECTED["articles"]) <= run.policy.served_well()
    assert sorted(emitted) == sorted(expected_landing(run))
    assert {path: len(items) for path, items in emitted.items() if len(items) > 1} == {}


def test_no_article_emitted_twice(run: FaultRun) -> None:
    urls = Counter(item["url"] for item in run.result.items)
    assert [url for url, count in urls.items() if count > 1] == []


def test_articles_are_whole_after_faults(run: FaultRun) -> None:
    """A truncated or reset answer is retried, never taken for the page."""
    for path, items in run.result.by_path().items():
        if path not in EXPECTED["articles"]:
            continue
        expected = EXPECTED["articles"][path]
        assert items[0]["body"].split("\n\n") == expected["body"], path
        assert items[0]["pages"] == expected["pages"], path
        assert "pages:incomplete" not in items[0]["warnings"], path


@pytest.mark.parametrize(
    "kind",
    ["charset_wrong", "charset_missing"],
)
def test_charset_faults_still_give_the_right_text(run: FaultRun, kind: str) -> None:
    decoy = run.decoy(kind)
    [item] = run.result.by_path()[decoy.target]
    expected = [typographic(p) for p in EXPECTED["articles"][SUARA_DECOYS.template]["body"]]
    assert "\ufffd" not in item["body"]
    assert item["body"].split("\n\n") == expected


# -- retries ------------------------------------------------------------------------------------


def test_retries_are_bounded_for_urls_that_recover(run: FaultRun) -> None:
    decoys = run.policy.decoy_url_kinds()
    for target, record in run.policy.records.items():
        if target in decoys or target == MIRROR_500:
            continue
        logical = 2 if target == "/robots.txt" else 1  # robots middleware + the spider
        assert len(record.attempts) <= logical * (RETRY_TIMES + 1), (target, record.faults)
        if target != "/robots.txt":
            good = [a.number for a in record.attempts if a.served_well]
            assert good in ([], [len(record.attempts)]), (
                f"{target} fetched again after a good answer"
            )


@pytest.mark.parametrize("kind", ["down_503", "down_reset", "mirror_500"])
def test_retries_are_bounded_for_urls_that_stay_down(run: FaultRun, kind: str) -> None:
    target = MIRROR_500 if kind == "mirror_500" else run.decoy(kind).target
    assert len(run.policy.attempts(target)) == RETRY_TIMES + 1


@pytest.mark.parametrize("kind", ["redirect_loop", "redirect_offsite"])
def test_redirects_are_bounded(run: FaultRun, kind: str) -> None:
    decoy = run.decoy(kind)
    hops = sum(len(run.policy.attempts(target)) for target in decoy.targets)
    assert 1 <= hops <= REDIRECT_MAX_TIMES + 1


def test_retry_after_is_honoured(run: FaultRun) -> None:
    waited = []
    for record in run.policy.records.values():
        for before, after in pairwise(record.attempts):
            if before.fault == "http_429":
                waited.append(after.time - before.time)
    assert waited and min(waited) >= RETRY_AFTER - 0.1, waited


def test_scrapy_counts_the_transient_faults(run: FaultRun) -> None:
    """Scrapy's own downloader/retry stats agree with what the server did."""
    stats = run.result.stats
    attempts = [a for record in run.policy.records.values() for a in record.attempts]
    complete = {None, "slow", "http_500", "http_503", "http_429", "down_503"}
    for status in (429, 500, 503):
        sent = sum(a.status == status for a in attempts if a.fault in complete)
        assert stats.get(f"downloader/response_status_count/{status}", 0) == sent, status
    timeouts = sum(a.fault == "timeout" for a in attempts)
    assert stats.get("retry/reason_count/scrapy.exceptions.DownloadTimeoutError", 0) == timeouts
    assert stats.get("retry/max_reached") == 3  # down_503, down_reset, the mirror's 500
    lost_connections = sum(
        a.fault in ("reset", "reset_mid_body", "truncated", "down_reset") for a in attempts
    )
    seen = sum(
        count
        for key, count in stats.items()
        if key.startswith("downloader/exception_type_count/")
        and not key.endswith(("DownloadTimeoutError", "DownloadCancelledError"))
    )
    assert 0 < seen <= lost_connections


# -- every failure counted and logged once ----------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [*REJECTED_KINDS, *FAILING_KINDS],
)
def test_permanent_fault_counted_with_its_reason(run: FaultRun, kind: str) -> None:
    stats = run.result.stats
    counted = {key: n for key, n in stats.items() if re.fullmatch(STAT_FOR[kind], key)}
    assert counted, f"no stat matching {STAT_FOR[kind]}: {newscrawl_stats(stats)}"


def test_mirror_failures_counted(run: FaultRun) -> None:
    stats = run.result.stats
    assert stats.get("newscrawl/failed/http_500") == 1  # the mirror's route that always 500s
    assert stats.get("newscrawl/rejected/soft_404") == 2  # the mirror's and the decoy
    assert stats.get("newscrawl/rejected/not_html") == 2  # PDF and image


def test_every_article_request_ends_emitted_failed_or_rejected(run: FaultRun) -> None:
    """Nothing disappears: each article URL requested is emitted, or counted once."""
    stats = run.result.stats
    not_landing = [d for d in run.policy.decoys.values() if not d.lands]
    counted = sum(
        n
        for key, n in stats.items()
        if key.startswith(("newscrawl/failed/", "newscrawl/rejected/"))
    )
    assert counted == len(not_landing) + len(EXPECTED["not_emitted"]) - 1  # the tag page: no URL


@pytest.mark.parametrize(
    "kind",
    [*REJECTED_KINDS, *FAILING_KINDS, "mirror_500", "mirror_rejected"],
)
def test_each_final_failure_logged_once_with_its_url(run: FaultRun, kind: str) -> None:
    """A failed fetch: exactly one line at WARNING or above names the URL. A page that is not
    an article: exactly one line at INFO or above (README: rejections are logged once)."""
    if kind == "mirror_500":
        cases = [(MIRROR_500, WARNING_UP)]
    elif kind == "mirror_rejected":
        cases = [(path, INFO_UP) for path in MIRROR_REJECTED]
    else:
        target = run.decoy(kind).target
        cases = [(target, WARNING_UP if kind in FAILING_KINDS else INFO_UP)]
    for target, levels in cases:
        lines = [line.text for line in run.lines_naming(target, levels)]
        assert len(lines) == 1, f"{target}: {len(lines)} lines at {levels[0]}+:\n" + "\n".join(
            lines
        )


def test_urls_that_recover_are_not_reported_as_failures(run: FaultRun) -> None:
    """No warning for a URL that was retried and then served (Scrapy's "Got data loss" warning
    for a cut transfer is muted: the retry settles it)."""
    decoys = run.policy.decoy_url_kinds()
    recovered = [
        t for t in run.policy.served_well() if t not in decoys and t in ROUTES and t != MIRROR_500
    ]
    reported = {t: run.lines_naming(t, WARNING_UP) for t in recovered}
    assert {t: [line.text for line in lines] for t, lines in reported.items() if lines} == {}


def test_sources_survive_their_faults(run: FaultRun) -> None:
    """Sources got only transient faults: the only source failures are the 404s of feeds the
    mirror does not have (/rss/{kanal}), one each."""
    stats = run.result.stats
    failed = {k: n for k, n in stats.items() if k.startswith("newscrawl/source_failed/")}
    assert "newscrawl/source_failed/unreadable" not in failed
    decoys = run.policy.decoy_url_kinds()
    # the all-pages view a multi-page article without one is asked for is a page, not a source
    unrouted = [
        t
        for t in run.policy.records
        if t not in ROUTES and t not in decoys and not names_a_page(t, SUARA.hints)
    ]
    assert failed == ({"newscrawl/source_failed/http_404": len(unrouted)} if unrouted else {})
    for sources in EXPECTED["sources"].values():
        for target in sources:
            assert run.policy.attempts(target), f"source {target} never requested"
            assert target in run.policy.served_well(), target


# -- only 127.0.0.1 ----------------------------------------------------------------------------

_REQUEST = re.compile(r"<(?:GET|HEAD|POST) (\S+)>")


def test_no_request_leaves_the_mirror(run: FaultRun) -> None:
    """The redirect to example.org is stopped, never fetched: every request the downloader
    handled (Crawled/Retrying/Gave up/Error lines) is on 127.0.0.1."""
    fetched = {
        urlsplit(url).hostname
        for line in run.lines
        if not line.logger.startswith(
            ("scrapy.downloadermiddlewares.redirect", "scrapy.downloadermiddlewares.offsite")
        )
        for url in _REQUEST.findall(line.text)
    }
    assert fetched == {"127.0.0.1"}
    stats = run.result.stats
    assert stats.get("newscrawl/failed/redirect_offsite", 0) >= 1  # seen, and stopped
    network = [k for k in stats if re.search(r"DNS|Resolve|Refused|NoRoute", k)]
    assert network == []


def newscrawl_stats(stats: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in sorted(stats.items()) if k.startswith("newscrawl/")}


# -- the policy itself -------------------------------------------------------------------------


def test_fault_plans_are_reproducible() -> None:
    targets = sorted(ROUTES)
    one, same, other = (FaultPolicy(seed, RATES, max_failures=RETRY_TIMES) for seed in (1, 1, 2))
    assert [one.plan(t) for t in targets] == [same.plan(t) for t in targets]
    assert [one.plan(t) for t in targets] != [other.plan(t) for t in targets]
    assert max(len(one.plan(t)[0]) for t in targets) <= RETRY_TIMES


def test_gzip_bomb_is_small_and_inflates_past_the_limit() -> None:
    assert zlib.decompress(gzip_bomb(64 * MiB), 31) == b"\0" * (64 * MiB)
    served = gzip_bomb(100 * 20 * MiB)  # what the policy serves against a 20 MiB DOWNLOAD_MAXSIZE
    assert MiB < len(served) < 5 * MiB  # a few MB: under DOWNLOAD_WARNSIZE, fetched in full


def test_typographic_text_is_the_same_in_page_and_expectation() -> None:
    paragraph = '<p>Suara.com - <a href="/x">&quot;Kalau</a> hujan,&quot; kata Darmawan.</p>'
    page = typographic_html(paragraph)
    assert (
        page == '<p>Suara.com \u2013 <a href="/x">\u201cKalau</a> hujan,\u201d kata Darmawan.</p>'
    )
    assert typographic('Suara.com - "Kalau hujan," kata Darmawan.') == (
        "Suara.com \u2013 \u201cKalau hujan,\u201d kata Darmawan."
    )
