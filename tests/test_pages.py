"""Pages of a multi-page article in every form the portals use: a query parameter (`?page=2`,
`?page_num=2`), a path segment (`/slug/2`), and the all-pages view (`?page=all`, `?single=1`,
`?showpage=all`), linked or not."""

from __future__ import annotations

import pytest
from lxml import html

from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.pages import find_page_links, first_page_url, names_a_page

QUERY = PortalHints(page_param="page", all_pages_query="page=all")
PAGE_NUM = PortalHints(page_param="page_num")
PATH = PortalHints(page_param=None, page_in_path=True, all_pages_query="single=1")
PATH_NO_VIEW = PortalHints(page_param=None, page_in_path=True)
NONE = PortalHints(page_param=None)
ARTICLE = "https://news.example.id/berita/d-7412345/judul-berita"


def links(hrefs: list[str], url: str, hints: PortalHints):
    anchors = "".join(f'<a href="{href}">x</a>' for href in hrefs)
    return find_page_links(html.fromstring(f"<html><body>{anchors}</body></html>"), url, hints)


def test_query_pages_and_the_linked_all_view() -> None:
    found = links(["?page=2", "?page=3", "?page=all", "/lain?page=2"], ARTICLE, QUERY)
    assert found.current == 1
    assert found.numbered == {2: ARTICLE + "?page=2", 3: ARTICLE + "?page=3"}
    assert found.all_pages_url == ARTICLE + "?page=all"


def test_another_page_parameter() -> None:
    found = links(["?page_num=2", "?page=3"], ARTICLE, PAGE_NUM)
    assert found.numbered == {2: ARTICLE + "?page_num=2"}
    assert found.all_pages_url is None


def test_path_pages_with_the_unlinked_all_view() -> None:
    found = links([ARTICLE + "/2", ARTICLE + "/3", "/berita/d-1/lain/2"], ARTICLE, PATH)
    assert found.numbered == {2: ARTICLE + "/2", 3: ARTICLE + "/3"}
    assert found.all_pages_url == ARTICLE + "?single=1"  # the portal's view, not linked


def test_read_from_page_two_of_path_pages() -> None:
    found = links([ARTICLE, ARTICLE + "/1", ARTICLE + "/3"], ARTICLE + "/2", PATH_NO_VIEW)
    assert found.current == 2
    assert found.numbered == {1: ARTICLE + "/1", 3: ARTICLE + "/3"}
    assert found.all_pages_url is None


def test_no_pages_without_page_links_or_without_a_form() -> None:
    assert links(["/berita/d-1/lain"], ARTICLE, PATH).all_pages_url is None  # single page
    assert links(["?page=2"], ARTICLE, NONE).numbered == {}


@pytest.mark.parametrize(
    ("url", "hints", "first"),
    [
        (ARTICLE + "?page=2", QUERY, ARTICLE),
        (ARTICLE + "?page=all&utm=x", QUERY, ARTICLE + "?utm=x"),
        (ARTICLE + "/2", PATH, ARTICLE),
        (ARTICLE + "?single=1", PATH, ARTICLE),
        (ARTICLE, PATH, ARTICLE),
        (ARTICLE + "/2", QUERY, ARTICLE + "/2"),  # a path page only where the portal has them
    ],
)
def test_first_page_url(url: str, hints: PortalHints, first: str) -> None:
    assert first_page_url(url, hints) == first


def test_names_a_page() -> None:
    assert names_a_page(ARTICLE + "?page=1", QUERY)
    assert names_a_page(ARTICLE + "?single=1", PATH)
    assert names_a_page(ARTICLE + "/3", PATH)
    assert not names_a_page(ARTICLE, PATH)
