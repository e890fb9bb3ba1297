"""The contract every registered portal keeps: cleaning cases that cover what matters (title,
body, related links, date), URL rules that hold on its known hosts, printed dates the cleaner
reads, a spider of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.cleaner.dates import parse_date
from newscrawl.portals import PORTALS, portal_for_url
from newscrawl.quality.cases import case_folders
from tests.support.paths import FIXTURES

COVERED = ("title", "body", "related", "published_at")
"""What the cases of a portal must write down between them."""
CASE_ROOTS = (FIXTURES / "cases", FIXTURES / "realpages")


def cases_of(portal: str) -> list[Path]:
    return [folder for root in CASE_ROOTS for folder in case_folders(root / portal)]


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_portal_has_cases_covering_what_matters(portal: str) -> None:
    folders = cases_of(portal)
    assert folders, (
        f"{portal}: no case under fixtures/cases/{portal} or fixtures/realpages/{portal}"
    )
    covered = set()
    for folder in folders:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        covered |= {field for field in COVERED if expected.get(field)}
    assert sorted(set(COVERED) - covered) == [], f"{portal}: no case writes these down"


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_url_rules_hold_on_every_known_host(portal: str) -> None:
    profile = PORTALS[portal]
    site = json.loads((FIXTURES / "sites" / portal / "expected.json").read_text("utf-8"))
    for path in site["articles"]:
        for host in profile.hosts:
            url = f"https://{host}{path}"
            assert profile.is_article_url(url), url
            assert portal_for_url(url) is profile
    for url in site["never_requested"]:
        assert not profile.is_article_url(f"https://{profile.hosts[0]}{url}"), url
    for host in profile.skip_hosts:
        assert not profile.is_article_url(f"https://{host}{next(iter(site['articles']))}")


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_printed_dates_are_read(portal: str) -> None:
    examples = PORTALS[portal].date_examples
    assert examples, f"{portal}: no printed date example"
    for printed, iso in examples:
        assert parse_date(printed).iso == iso, printed


def test_dates_in_urls() -> None:
    assert (
        PORTALS["kompas"]
        .date_in_url(
            "https://bola.kompas.com/read/2016/02/23/16374618/samsul.arif.tak.beban.lawan.persib"
        )
        .isoformat()
        == "2016-02-23"
    )
    assert (
        PORTALS["republika"]
        .date_in_url(
            "http://nasional.republika.co.id/berita/nasional/daerah/16/02/15/o2l07x284-marcella-zalianty"
        )
        .isoformat()
        == "2016-02-15"
    )
    assert PORTALS["detik"].date_in_url("https://inet.detik.com/cyberlife/d-6453192/x") is None
