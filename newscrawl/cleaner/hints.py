"""Site knowledge a portal may hand to the generic cleaner, as plain (picklable) data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PortalHints:
    """What a portal profile tells the cleaner; every field is optional.

    Expressions are kept as strings so hints can cross process boundaries; the cleaner
    compiles each distinct expression once per process.
    """

    name: str | None = None
    """Portal name copied into `Article.portal`."""
    site_name: str | None = None
    """How the portal names itself in titles ("Suara.com"), stripped from headlines."""
    prune_xpaths: tuple[str, ...] = ()
    """Chrome to drop before extraction (share bars, ad slots, appended articles)."""
    block_xpaths: tuple[tuple[str, str | None], ...] = ()
    """Known link blocks: (XPath, kind). Kind None means: take it from the block's heading."""
    block_headings: tuple[str, ...] = ()
    """Extra headings (as printed) that introduce link blocks on this portal."""
    bullet_link_kind: str = "baca_juga"
    """Kind given to bullet lines ("• Title") made of one link to another article."""
    credit_patterns: tuple[str, ...] = ()
    """Regular expressions (full line, case-insensitive) of the portal's credit lines."""
    promo_patterns: tuple[str, ...] = ()
    """Regular expressions (full line, case-insensitive) of the portal's promo lines."""
    section_pattern: str | None = None
    """Regular expression on the URL path whose group `section` names the section, used when
    the page declares none ("/news/2019/11/22/..." -> "news")."""
    date_xpaths: tuple[str, ...] = ()
    """Where the visible publication date is printed, tried after structured data."""
    author_xpaths: tuple[str, ...] = ()
    """Where the byline's author names are printed, tried after structured data."""
    page_param: str | None = "page"
    """Query parameter that numbers the pages of a multi-page article (`?page=2`); None when
    the portal never splits an article or numbers its pages in the path."""
    page_in_path: bool = False
    """Pages are numbered by a path segment after the article's own (`/slug/2`)."""
    all_pages_query: str | None = None
    """`name=value` query that shows every page at once on the first page's path ("page=all",
    "single=1", "showpage=all"), if the portal has such a view: it is asked for even when
    the page does not link to it."""
    utc_offset_hours: int = 7
    """Offset assumed for printed times that name no zone (WIB by default)."""
    layout_markers: tuple[tuple[str, str], ...] = ()
    """The portal's article layout as named expectations: (name, XPath) pairs that hold on
    its article pages today and stop holding when it redesigns them ("headline": where the
    h1 is, "body": the story's text container, "byline", "date", "blocks"). A marker holds
    when its XPath finds an element with text (or a non-blank string); "body" also needs the
    cleaned body to lie mostly inside what it finds. They do not steer the cleaning: they say
    whether the page still looks as the profile knows it (`Article.extraction`)."""


GENERIC = PortalHints()
"""Hints for a page of a portal without a profile: the cleaner's own rules only."""
