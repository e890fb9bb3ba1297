"""Layout markers: every portal's markers hold on its own pages (real pages, hand-written cases,
mirror articles), which then come out `extraction: "profile"`; the cleaner reports a marker
that finds nothing, or a body container that does not hold the body, and the markers change
nothing else in the article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.cleaner import GENERIC, PortalHints, clean_html
from newscrawl.portals import PORTALS, extract_page
from newscrawl.portals.base import layout_markers
from newscrawl.quality.cases import Case, find_cases
from tests.support.paths import FIXTURES
from tests.support.redesign import redesigned
from tests.support.story import PARAGRAPHS, TITLE

MIRROR = "http://127.0.0.1:8000"


def article_cases(portal: str, shared: Path) -> list[Case]:
    """The portal's cases that are articles: hand-written ones and the real pages'."""
    cases = find_cases(FIXTURES / "cases" / portal)
    cases += find_cases(FIXTURES / "realpages" / portal, shared)
    return [case for case in cases if "rejected" not in case.expected]


def mirror_articles(portal: str) -> list[tuple[str, bytes]]:
    """(URL, page) of each article of the portal's mirror, as the mirror serves its first page."""
    site = FIXTURES / "sites" / portal
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))["routes"]
    expected = json.loads((site / "expected.json").read_text(encoding="utf-8"))["articles"]
    return [
        (
            MIRROR + path,
            (site / routes[path]["file"]).read_bytes().replace(b"{{BASE}}", MIRROR.encode()),
        )
        for path in expected
    ]


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_markers_hold_on_the_portals_own_pages(portal: str, shared_dir: Path) -> None:
    names = [name for name, _ in PORTALS[portal].hints.layout_markers]
    assert {"headline", "body"} <= set(names) and len(names) == len(set(names))
    pages = [(case.name, case.run()) for case in article_cases(portal, shared_dir)]
    pages += [
        (url, extract_page(page, url, portal=portal)) for url, page in mirror_articles(portal)
    ]
    assert len(pages) >= 3
    read = {
        name: (
            extraction.article.portal,
            extraction.article.extraction,
            extraction.article.layout_missed,
        )
        for name, extraction in pages
    }
    assert read == {name: (portal, "profile", []) for name, _ in pages}


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_a_redesign_of_the_portals_pages_is_noticed(portal: str) -> None:
    """Every class and id renamed: the body marker no longer holds, the article comes out
    generic, and the generic cleaner still reads the same article."""
    for url, page in mirror_articles(portal):
        before = extract_page(page, url, portal=portal).article
        after = extract_page(redesigned(page), url, portal=portal).article
        assert after.extraction == "generic" and "body" in after.layout_missed, url
        assert (after.title, after.body, after.related) == (
            before.title,
            before.body,
            before.related,
        )


# -- the cleaner's check, on one small page ---------------------------------------------------

PAGE = f"""<html><head><title>{TITLE}</title></head><body>
<header class="site"><a href="/">Kabar Desa</a></header>
<article class="story">
<h1 class="story__title">{TITLE}</h1>
<div class="story__byline"><span class="story__author">Laras Wening</span></div>
<div class="story__byline story__byline--empty"></div>
<div class="story__text">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>
</article>
<div class="teaser">Warga desa lain juga membersihkan sungai mereka setiap bulan.</div>
</body></html>"""
URL = "https://kabardesa.example/berita/2024/05/01/warga-bersihkan-sungai"


def read_with(**markers: str) -> tuple[str | None, list[str], dict]:
    hints = PortalHints(name="kabardesa", layout_markers=layout_markers(**markers))
    article = clean_html(PAGE, URL, hints=hints).article
    return article.extraction, article.layout_missed, article.to_dict()


def test_every_marker_held() -> None:
    extraction, missed, _ = read_with(
        headline="h1.story__title", body=".story__text", byline=".story__author"
    )
    assert (extraction, missed) == ("profile", [])


def test_a_page_without_a_profile_is_read_generically() -> None:
    article = clean_html(PAGE, URL, hints=GENERIC).article
    assert (article.portal, article.extraction, article.layout_missed) == (None, "generic", [])


def test_a_marker_that_finds_nothing_is_missed() -> None:
    extraction, missed, _ = read_with(
        headline="h1.headline", body=".story__text", byline=".byline__name"
    )
    assert (extraction, missed) == ("generic", ["headline", "byline"])


def test_a_marked_element_without_text_is_missed() -> None:
    extraction, missed, _ = read_with(
        headline="h1", body=".story__text", byline=".story__byline--empty"
    )
    assert (extraction, missed) == ("generic", ["byline"])


def test_the_body_marker_must_hold_the_body() -> None:
    """A redesign that moved the story out of the marked container and put something else in
    it (here: the class now marks a teaser) misses "body", though the container is found."""
    extraction, missed, _ = read_with(headline="h1", body=".teaser")
    assert (extraction, missed) == ("generic", ["body"])
    extraction, missed, _ = read_with(headline="h1", body="article")  # around the body: holds
    assert (extraction, missed) == ("profile", [])


def test_markers_change_nothing_else() -> None:
    _, _, held = read_with(headline="h1", body=".story__text")
    _, _, missed = read_with(headline="h2", body=".teaser")
    unmarked = clean_html(PAGE, URL, hints=PortalHints(name="kabardesa")).article.to_dict()
    assert unmarked["extraction"] == "profile"  # a profile without markers has nothing to miss
    fields = [name for name in unmarked if name not in ("extraction", "layout_missed")]
    assert [held[name] for name in fields] == [unmarked[name] for name in fields]
    assert [missed[name] for name in fields] == [unmarked[name] for name in fields]
    assert held["body"].split("\n\n") == PARAGRAPHS
