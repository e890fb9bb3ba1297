"""Pages of a multi-page article: the numbered pages and the all-on-one-page view.

Two ways of numbering pages are known, and a portal's hints say which it uses: a query
parameter (`?page=2`, `?page_num=2`) or a path segment after the article's own path
(`/slug/2`). The all-pages view is a query on the first page's path (`?page=all`,
`?single=1`, `?showpage=all`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.hints import PortalHints
from newscrawl.urls import absolute_url

MAX_PAGES = 50
"""More pages than this is a listing or a trap, not an article."""
_HREFS = etree.XPath("//a/@href")
_PATH_PAGE = re.compile(r"(?P<base>.+?)/(?P<number>[1-9]\d?)/?")
"""A path ending in a page number after the article's own path: `/slug/2`."""


@dataclass
class PageLinks:
    """Where the rest of a multi-page article is."""

    current: int = 1
    """Number of the page these links were read from."""
    numbered: dict[int, str] = field(default_factory=dict)
    """Other pages by number."""
    all_pages_url: str | None = None
    """A view of every page at once, when the portal offers one."""


@dataclass(frozen=True)
class _Page:
    """A URL read as a page of an article: the first page's path, and which page it is."""

    base_path: str
    number: int | None
    """The page's number; None for the first page's plain URL."""
    all_pages: bool


def _read(parts: SplitResult, hints: PortalHints) -> _Page:
    query = dict(parse_qsl(parts.query))
    if hints.all_pages_query:
        name, _, value = hints.all_pages_query.partition("=")
        if query.get(name) == value:
            return _Page(_base_path(parts.path, hints), None, all_pages=True)
    if hints.page_in_path:
        match = _PATH_PAGE.fullmatch(parts.path)
        if match and int(match["number"]) <= MAX_PAGES:
            return _Page(match["base"], int(match["number"]), all_pages=False)
        return _Page(parts.path.rstrip("/") or "/", None, all_pages=False)
    if hints.page_param:
        value = query.get(hints.page_param, "")
        if value.isdigit() and 0 < int(value) <= MAX_PAGES:
            return _Page(parts.path, int(value), all_pages=False)
    return _Page(parts.path, None, all_pages=False)


def _base_path(path: str, hints: PortalHints) -> str:
    if hints.page_in_path:
        match = _PATH_PAGE.fullmatch(path)
        return match["base"] if match else path.rstrip("/") or "/"
    return path


def first_page_url(url: str, hints: PortalHints) -> str:
    """The URL of the article's first page, for a URL of any of its pages (or itself)."""
    if not (hints.page_param or hints.page_in_path or hints.all_pages_query):
        return url
    parts = urlsplit(url)
    page = _read(parts, hints)
    if page.number is None and not page.all_pages:
        return url
    drop = {hints.page_param, (hints.all_pages_query or "").partition("=")[0]} - {None, ""}
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in drop])
    return parts._replace(path=page.base_path, query=query, fragment="").geturl()


def names_a_page(url: str, hints: PortalHints) -> bool:
    """Whether the URL asks for one page of an article (`?page=1` too, `/slug/2`) or its
    all-pages view, rather than being the article's own URL."""
    page = _read(urlsplit(url), hints)
    return page.all_pages or page.number is not None


def find_page_links(root: HtmlElement, url: str | None, hints: PortalHints) -> PageLinks:
    """Links on this page to other pages of the same article (same host, same first page)."""
    links = PageLinks()
    if not url or not (hints.page_param or hints.page_in_path):
        return links
    here_parts = urlsplit(url)
    here = _read(here_parts, hints)
    links.current = here.number or 1
    for href in _HREFS(root):
        target_url = absolute_url(url, str(href).strip())
        if target_url is None:
            continue
        try:
            target_parts = urlsplit(target_url)
        except ValueError:
            continue
        if (target_parts.hostname or "") != (here_parts.hostname or ""):
            continue
        target = _read(target_parts, hints)
        if target.base_path != here.base_path or (target.number is None and not target.all_pages):
            continue
        absolute = target_parts._replace(fragment="").geturl()
        if target.all_pages:
            links.all_pages_url = absolute
        elif target.number is not None and target.number != links.current:
            links.numbered.setdefault(target.number, absolute)
    if links.numbered and links.all_pages_url is None and hints.all_pages_query:
        # the portal's all-pages view, even where the page does not link to it
        links.all_pages_url = here_parts._replace(
            path=here.base_path, query=hints.all_pages_query, fragment=""
        ).geturl()
    return links
