"""Layout drift end to end: the suara mirror crawled into a store run after run, then served
redesigned (every class and id of its articles renamed): the items say "generic" and name the
markers they missed, the crawl's stats count them, its Spidermon monitor fails, and
`newscrawl stats` flags suara, which it did not before. Then the flag rule of `newscrawl
stats` on runs recorded in a store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newscrawl.portals.drift import drifted_in_crawl, extraction_counts
from newscrawl.store import Store
from newscrawl.store.report import store_report
from tests.support.crawl import CrawlResult, run_crawl, run_newscrawl
from tests.support.paths import FIXTURES
from tests.support.redesign import redesigned
from tests.support.siteserver import SiteServer

SITE = FIXTURES / "sites" / "suara"
EXPECTED = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))["articles"]


def redesign(site: Path) -> None:
    """Rename every class and id of the mirror's article pages, as new templates would."""
    for page in (site / "articles").glob("*.html"):
        renamed = redesigned(page.read_bytes())
        assert renamed != page.read_bytes()
        page.write_bytes(renamed)


def crawl(server: SiteServer, workdir: Path, store: Path) -> CrawlResult:
    """`scrapy crawl suara` of the mirror into the store, every stored article fetched again."""
    settings = {
        "NEWSCRAWL_EXTRACT_WORKERS": "0",
        "NEWSCRAWL_STORE": str(store),
        "NEWSCRAWL_RECHECK_DAYS": "-1",
    }
    workdir.mkdir()
    result = run_crawl("suara", workdir, "-a", f"base_url={server.base_url}", settings=settings)
    assert result.returncode == 0, result.log[-3000:]  # drift never fails a crawl
    return result


def drift_of(store: Path) -> dict[str, Any]:
    """suara's row of `newscrawl stats --json`'s layout drift."""
    done = run_newscrawl("stats", "--store", str(store), "--json")
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)["layout_drift"]["portals"]
    assert row["portal"] == "suara"
    return row


def by_url(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["url"]: item for item in items}


def exported(store: Path, folder: Path) -> dict[str, dict[str, Any]]:
    """`newscrawl export` of the store, by URL."""
    output = folder / "export.jsonl"
    assert run_newscrawl("export", "--store", str(store), "-o", str(output)).returncode == 0
    return by_url([json.loads(line) for line in output.read_text("utf-8").splitlines()])


def drift_stats(result: CrawlResult) -> dict[str, int]:
    keys = ("newscrawl/extraction/", "newscrawl/layout_missed/", "newscrawl/layout_drift/")
    return {key: value for key, value in result.stats.items() if key.startswith(keys)}


def test_a_redesigned_portal_is_flagged(tmp_path: Path) -> None:
    site, store = tmp_path / "suara", tmp_path / "articles.db"
    shutil.copytree(SITE, site)
    articles = len(EXPECTED)
    with SiteServer(site) as server:  # reads the files at each request
        for number in (1, 2):
            result = crawl(server, tmp_path / f"run-{number}", store)
            assert [(item["extraction"], item["layout_missed"]) for item in result.items] == [
                ("profile", [])
            ] * articles
            assert drift_stats(result) == {"newscrawl/extraction/suara/profile": articles}
            assert "Layout drift/portals whose articles no longer match" in result.log
            assert "[Spidermon] FAILED" not in result.log
            row = drift_of(store)
            assert (len(row["runs"]), row["share"], row["flagged"]) == (number, 0.0, False)
            if number == 1:
                assert exported(store, tmp_path) == by_url(result.items)  # the store in step
        redesign(site)
        result = crawl(server, tmp_path / "run-3", store)
    assert len(result.items) == articles
    for item in result.items:
        assert (item["extraction"], item["layout_missed"]) == ("generic", ["headline", "body"])
        assert item["body"].split("\n\n") == EXPECTED[urlsplit(item["url"]).path]["body"]
    assert drift_stats(result) == {
        "newscrawl/extraction/suara/generic": articles,
        "newscrawl/layout_missed/suara/headline": articles,
        "newscrawl/layout_missed/suara/body": articles,
        "newscrawl/layout_drift/suara": 1,  # the monitor's count
    }
    assert "[Spidermon] FAILED (failures=1)" in result.log and "Traceback" not in result.log
    assert f"layout drift: suara: {articles} of {articles} articles generic (100%)" in result.log

    row = drift_of(store)
    assert [run["share"] for run in row["runs"]] == [0.0, 0.0, 1.0]
    assert (row["earlier_share"], row["latest_share"], row["flagged"]) == (0.0, 1.0, True)
    assert row["latest_missed"] == {"body": articles, "headline": articles}
    printed = run_newscrawl("stats", "--store", str(store)).stdout.splitlines()
    [line] = [line for line in printed if line.startswith("suara ") and "%" in line]
    assert line.split()[1:7] == ["3", str(3 * articles), str(articles), "33%", "0%", "100%"]
    assert line.endswith(f"FLAGGED (latest run missed: body {articles}, headline {articles})")


def test_the_crawls_monitor_judges_each_portal_by_its_own_articles() -> None:
    counts = extraction_counts(
        {
            "newscrawl/extraction/detik/profile": 5,
            "newscrawl/extraction/detik/generic": 5,
            "newscrawl/layout_missed/detik/body": 5,
            "newscrawl/extraction/kompas/generic": 4,
            "newscrawl/extraction/tempo/profile": 9,
            "newscrawl/extraction/tempo/generic": 1,
            "newscrawl/emitted/tempo": 10,
        }
    )
    assert sorted(counts) == ["detik", "kompas", "tempo"]
    assert (counts["detik"].share, counts["detik"].missed) == (0.5, {"body": 5})
    assert drifted_in_crawl(counts, share=0.5, min_articles=5) == ["detik"]  # kompas: only 4
    assert drifted_in_crawl(counts, share=0.5, min_articles=0) == ["detik", "kompas"]
    assert drifted_in_crawl(counts, share=0.0, min_articles=5) == ["detik", "tempo"]


# -- the rule of `newscrawl stats`, on recorded runs ------------------------------------------


def record_runs(target: str, runs: list[tuple[int, int]]) -> None:
    """Finished runs whose stats count (profile, generic) articles of detik, oldest first; a
    run of kompas alone after each, and an unfinished detik run at the end."""
    with Store(target) as store:
        for profile, generic in runs:
            stats = {
                "newscrawl/extraction/detik/profile": profile,
                "newscrawl/extraction/detik/generic": generic,
                "newscrawl/layout_missed/detik/body": generic,
            }
            store.finish_run(store.start_run("detik", "detik"), "finished", stats)
            kompas = {"newscrawl/extraction/kompas/generic": 9}
            store.finish_run(store.start_run("kompas", "kompas"), "finished", kompas)
        store.start_run("detik", "detik")  # still running: no stats yet


def detik_drift(target: str, runs: int = 5) -> dict[str, Any]:
    with Store(target) as store:
        report = store_report(store, ["detik", "tempo"], runs=runs)["layout_drift"]
    [row] = report["portals"]  # tempo: no run counted it
    assert row["portal"] == "detik"
    return row


@pytest.mark.parametrize(
    ("runs", "flagged"),
    [
        ([(10, 0), (10, 0), (0, 10)], True),  # all generic after all profile
        ([(10, 0), (8, 2), (5, 5)], True),  # 50%: at the share, 40 points above 10%
        ([(4, 6), (4, 6), (0, 10)], True),  # from a steady 60% to 100%
        ([(0, 10)], False),  # a first run: nothing it rose from
        ([(4, 6), (4, 6), (4, 6)], False),  # steady at 60%: it did not rise
        ([(10, 0), (10, 0), (0, 4)], False),  # too few articles in the latest run
        ([(10, 0), (10, 0), (6, 4)], False),  # 40%: below the share
        ([(0, 10), (4, 6), (0, 10)], False),  # 100%, only 20 points above the earlier 80%
    ],
)
def test_a_portal_is_flagged_when_its_share_rose(
    runs: list[tuple[int, int]], flagged: bool, target: str
) -> None:
    record_runs(target, runs)
    row = detik_drift(target)
    assert row["flagged"] is flagged
    assert [(run["articles"], run["generic"]) for run in row["runs"]] == [
        (profile + generic, generic) for profile, generic in runs
    ]


def test_only_the_last_runs_asked_for_count(target: str) -> None:
    record_runs(target, [(0, 10)] * 4 + [(10, 0), (0, 10)])
    wide, narrow = detik_drift(target, runs=6), detik_drift(target, runs=2)
    assert (len(wide["runs"]), wide["earlier_share"], wide["flagged"]) == (6, 0.8, False)
    assert (len(narrow["runs"]), narrow["earlier_share"], narrow["flagged"]) == (2, 0.0, True)
    assert (wide["articles"], wide["generic"], wide["share"]) == (60, 50, round(50 / 60, 4))
