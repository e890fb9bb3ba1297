"""Pages of a multi-page article: the numbered pages and the all-on-one-page view."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.hints import PortalHints
from newscrawl.urls import absolute_url

MAX_PAGES = 50
"""More pages than this is a listing or a trap, not an article."""
_HREFS = etree.XPath("//a/@href")


@dataclass
class PageLinks:
    """Where the rest of a multi-page article is."""

    current: int = 1
    """Number of the page these links were read from."""
    numbered: dict[int, str] = field(default_factory=dict)
    """Other pages by number."""
    all_pages_url: str | None = None
    """A view of every page at once, when the portal offers one."""


def find_page_links(root: HtmlElement, url: str | None, hints: PortalHints) -> PageLinks:
    """Links on this page to other pages of the same article (same path, page parameter)."""
    links = PageLinks()
    param = hints.page_param
    if not url or not param:
        return links
    here = urlsplit(url)
    links.current = _page_number(here.query, param) or 1
    marker = param + "="
    for href in _HREFS(root):
        if marker not in href:
            continue
        target_url = absolute_url(url, str(href).strip())
        if target_url is None:
            continue
        target = urlsplit(target_url)
        if target.path != here.path or (target.hostname or "") != (here.hostname or ""):
            continue
        value = dict(parse_qsl(target.query)).get(param)
        if value is None:
            continue
        absolute = target._replace(fragment="").geturl()
        if hints.page_all_value and value == hints.page_all_value:
            links.all_pages_url = absolute
            continue
        number = _page_number(target.query, param)
        if number and number != links.current and number <= MAX_PAGES:
            links.numbered.setdefault(number, absolute)
    return links


def _page_number(query: str, param: str) -> int | None:
    value = dict(parse_qsl(query)).get(param, "")
    return int(value) if value.isdigit() and int(value) > 0 else None
