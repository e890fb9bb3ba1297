"""The checks `scrapy crawl` makes before crawling (newscrawl.crawl.configuration) and the
exit status it gives a crawl that ended (newscrawl.crawl.outcome), case by case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawl.crawl.configuration import SettingError, check_crawl, check_settings
from newscrawl.crawl.outcome import crawl_outcome


def _settings(**values: Any) -> Settings:
    settings = get_project_settings().copy()
    settings.setdict(values, priority="cmdline")
    return settings


@pytest.mark.parametrize(
    "values",
    [
        {"NEWSCRAWL_EXTRACT_WORKERS": "auto"},
        {"NEWSCRAWL_EXTRACT_WORKERS": "0", "NEWSCRAWL_EXTRACT_TIMEOUT": "0"},
        {"NEWSCRAWL_MIN_WORDS": "0", "NEWSCRAWL_MAX_HTML_BYTES": "0"},
        {"NEWSCRAWL_RETRY_BASE_DELAY": "0", "NEWSCRAWL_RETRY_MAX_DELAY": "0.5"},
        {"NEWSCRAWL_FAST_EXTRACTION": "false", "NEWSCRAWL_FAVOR_PRECISION": "1"},
        {"NEWSCRAWL_LAYOUT_DRIFT_SHARE": "1", "NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES": "0"},
        {"NEWSCRAWL_STATS_OUT": "stats/%(name)s/%(time)s.json", "NEWSCRAWL_WARC_OUT": "new/dir"},
        {"FEEDS": {"feeds/%(name)s-%(time)s.jsonl": {"format": "jsonlines"}}},
        {"FEEDS": {"s3://bucket/%(name)s.jsonl": {"format": "jsonlines"}}},
    ],
)
def test_accepted(values: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    check_settings(_settings(**values))


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("NEWSCRAWL_EXTRACT_WORKERS", "-2", 'a whole number >= 0 or "auto"'),
        ("NEWSCRAWL_EXTRACT_WORKERS", "2.5", 'a whole number >= 0 or "auto"'),
        ("NEWSCRAWL_EXTRACT_TIMEOUT", "soon", "a number >= 0"),
        ("NEWSCRAWL_EXTRACT_TIMEOUT", "inf", "a number >= 0"),
        ("NEWSCRAWL_MIN_WORDS", "-1", "a whole number >= 0"),
        ("NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE", "ten", "a whole number >= 0"),
        ("NEWSCRAWL_MAX_HTML_BYTES", "10MB", "a whole number >= 0"),
        ("NEWSCRAWL_RETRY_BASE_DELAY", "-0.5", "a number >= 0"),
        ("NEWSCRAWL_RETRY_MAX_DELAY", "nan", "a number >= 0"),
        ("NEWSCRAWL_FAST_EXTRACTION", "maybe", "True or False"),
        ("NEWSCRAWL_LAYOUT_DRIFT_SHARE", "60%", "a number from 0 to 1"),
        ("NEWSCRAWL_LAYOUT_DRIFT_SHARE", "1.5", "a number from 0 to 1"),
        ("NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES", "-1", "a whole number >= 0"),
    ],
)
def test_a_wrong_value_is_named(name: str, value: str, expected: str) -> None:
    with pytest.raises(SettingError) as refused:
        check_settings(_settings(**{name: value}))
    assert str(refused.value) == f"setting {name}={value!r}: expected {expected}"


def test_a_misspelt_setting_is_refused_with_the_right_name() -> None:
    with pytest.raises(SettingError) as refused:
        check_settings(_settings(NEWSCRAWL_STATS_OUTPUT="stats.json"))
    assert str(refused.value) == (
        "setting NEWSCRAWL_STATS_OUTPUT: no such setting; did you mean NEWSCRAWL_STATS_OUT?"
    )


def test_files_and_folders(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases = {
        "NEWSCRAWL_REPLAY": (str(tmp_path / "none.warc.gz"), "no such file"),
        "NEWSCRAWL_WARC_OUT": (f"{a_file}/warc", f"{a_file} is a file"),
        "NEWSCRAWL_STATS_OUT": (f"{a_file}/%(name)s.json", f"{a_file} is a file"),
    }
    for name, (value, problem) in cases.items():
        with pytest.raises(SettingError) as refused:
            check_settings(_settings(**{name: value}))
        assert str(refused.value).startswith(f"setting {name}={value!r}: ")
        assert problem in str(refused.value)
    with pytest.raises(SettingError, match="a folder, not an archive"):
        check_settings(_settings(NEWSCRAWL_REPLAY=str(tmp_path)))
    with pytest.raises(SettingError, match="a folder, not a file"):
        check_settings(_settings(NEWSCRAWL_STATS_OUT=str(tmp_path)))
    feeds = {f"file://{a_file}/feed.jsonl": {"format": "jsonlines"}}
    with pytest.raises(SettingError, match=f"feed 'file://{a_file}/feed.jsonl': cannot make"):
        check_settings(_settings(FEEDS=feeds))
    with pytest.raises(SettingError, match="unknown format 'yaml'"):
        check_settings(_settings(FEEDS={"out.yaml": {"format": "yaml"}}))


def test_the_spider_and_its_arguments() -> None:
    with pytest.raises(ValueError, match=r"no spider named 'antara_tv' \(known: .*suara"):
        check_crawl(_settings(), "antara_tv", {})
    with pytest.raises(ValueError, match="-a until='yesterday'"):
        check_crawl(_settings(), "suara", {"until": "yesterday"})
    check_crawl(_settings(), "suara", {"max_articles": "5", "_job": "scrapyd-job-id"})


# -- exit status ---------------------------------------------------------------------------------

FINISHED = {"finish_reason": "finished"}


@pytest.mark.parametrize(
    ("stats", "status"),
    [
        (FINISHED, 0),
        ({"finish_reason": "max_articles"}, 0),
        ({"finish_reason": "closespider_itemcount"}, 0),
        ({"finish_reason": "closespider_pagecount"}, 0),
        ({"finish_reason": "closespider_timeout"}, 0),
        ({**FINISHED, "feedexport/success_count/FileFeedStorage": 1}, 0),
        ({**FINISHED, "feedexport/failed_count/FileFeedStorage": 0}, 0),
        ({"finish_reason": "shutdown"}, 1),
        ({"finish_reason": "closespider_errorcount"}, 1),
        ({"finish_reason": "closespider_timeout_no_item"}, 1),
        ({"finish_reason": "cancelled"}, 1),
        ({}, 1),  # stopped before it closed (Ctrl-C twice)
        ({"finish_reason": "store_failed", "newscrawl/store/failed": 50}, 3),
        ({**FINISHED, "newscrawl/store/failed": 1}, 3),
        ({**FINISHED, "feedexport/failed_count/S3FeedStorage": 1}, 4),
        ({**FINISHED, "newscrawl/stats_file/failed": 1}, 4),
        # several at once: the most specific
        ({"finish_reason": "shutdown", "newscrawl/stats_file/failed": 1}, 4),
        ({"finish_reason": "store_failed", "feedexport/failed_count/FileFeedStorage": 1}, 3),
    ],
)
def test_exit_status(stats: dict[str, Any], status: int) -> None:
    assert crawl_outcome(stats).status == status


def test_exit_status_of_a_crawl_that_could_not_start() -> None:
    newer = ValueError("setting NEWSCRAWL_STORE: a newer store")
    refused = crawl_outcome({}, newer, opened=False)
    assert (refused.status, refused.why) == (2, "setting NEWSCRAWL_STORE: a newer store")
    assert crawl_outcome({}, RuntimeError("a bug"), opened=False).status == 1
    assert crawl_outcome({}, ValueError("a bug"), opened=True).status == 1  # not at the start
