"""Title, authors, dates, tags, image, canonical URL: structured data (JSON-LD, meta) first."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.bylines import (
    Byline,
    author_markup,
    headline_byline,
    page_credits,
    printed_dates,
)
from newscrawl.cleaner.dates import page_dates
from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_search, compiled_xpath, ld_text, node_text, text_of
from newscrawl.cleaner.names import AUTHOR, EDITOR, Credits, PortalNames, credit_segments, names_in
from newscrawl.cleaner.titles import page_title
from newscrawl.cleaner.vocabulary import collapse
from newscrawl.urls import absolute_url, same_site

T = TypeVar("T")

ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "OpinionNewsArticle",
        "LiveBlogPosting",
        "VideoObject",
    }
)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']")
_META = etree.XPath("//meta[@content]")
_CANONICAL = etree.XPath("//link[@rel='canonical']/@href")
_HTML_LANG = etree.XPath("/html/@lang")
_MICRODATA_AUTHORS = etree.XPath("//*[@itemprop='author'][not(self::meta or self::link)]")
_LIST_SPLIT = re.compile(r"\s*[,;|]\s*")


@dataclass
class Metadata:
    """What the page says about itself, before the body is looked at."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    credited: list[str] = field(default_factory=list)
    """Every name the page credits, people or not ("CNN Indonesia" as the JSON-LD author):
    a line that is only one of them is the byline, not the story."""
    published_at: str | None = None
    modified_at: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    declares_article: bool = False
    """The page calls itself an article (JSON-LD article type or og:type "article")."""
    warnings: list[str] = field(default_factory=list)


def extract_metadata(
    root: HtmlElement, url: str | None, hints: PortalHints, now: datetime | None
) -> Metadata:
    """Read metadata from JSON-LD, then meta tags, then visible markup."""
    article = _json_ld_article(root)
    meta = _meta_tags(root)
    data = Metadata()

    publisher = ld_text(article.get("publisher"))
    site_names = (hints.site_name, meta.get("og:site_name"), publisher)
    declared = _first(
        ld_text(article.get("headline")), meta.get("og:title"), meta.get("twitter:title")
    )
    data.title, headline = page_title(root, declared, url, site_names)
    data.description = _first(
        ld_text(article.get("description")), meta.get("og:description"), meta.get("description")
    )
    portal = PortalNames.of(url, *site_names)
    byline = _Lazy(lambda: headline_byline(headline, portal))
    credits = _Lazy(lambda: page_credits(root, portal))
    data.authors = _authors(article, meta, root, hints, portal, headline, byline, credits)
    data.editors = _editors(article, portal, credits)
    printed_credits = [ld_text(a) for a in _entries(article.get("author"))] + [meta.get("author")]
    names = [*data.authors, *data.editors, *printed_credits]
    data.credited = list(dict.fromkeys(name for name in names if name))
    data.section = _first(
        ld_text(article.get("articleSection")),
        meta.get("article:section"),
        meta.get("content_category"),
    )
    if not data.section and hints.section_pattern and url:
        found = compiled_search(hints.section_pattern).search(urlsplit(url).path)
        data.section = found.group("section") if found else None
    data.tags = _tags(article, meta)
    image = _first(_ld_image(article.get("image")), meta.get("og:image"), meta.get("twitter:image"))
    data.image = absolute_url(url, image.strip()) if image else None
    data.canonical_url = _canonical(root, article, meta, url)
    data.language = _language(root, article, meta)
    declared_type = ld_text(article.get("@type"))
    data.declares_article = (declared_type in ARTICLE_TYPES and declared_type != "VideoObject") or (
        meta.get("og:type") == "article"
    )

    data.published_at, data.modified_at, data.warnings = page_dates(
        article,
        meta,
        hints,
        now,
        lambda: printed_dates(root, hints, headline, byline().date),
        lambda: byline().updated,
    )
    return data


class _Lazy(Generic[T]):
    """A value computed on first use (the byline scan is skipped when nothing needs it)."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute: Callable[[], T] | None = compute
        self._value: T | None = None

    def __call__(self) -> T:
        if self._compute is not None:
            self._value, self._compute = self._compute(), None
        return self._value  # type: ignore[return-value]


def _json_ld_article(root: HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (or the first object at all)."""
    fallback: dict[str, Any] = {}
    for script in _JSON_LD(root):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for item in _ld_objects(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(t in ARTICLE_TYPES for t in types if isinstance(t, str)):
                return item
            fallback = fallback or item
    return fallback


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for entry in data for item in _ld_objects(entry)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *(_ld_objects(graph) if graph else [])]
    return []


def _ld_image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _meta_tags(root: HtmlElement) -> dict[str, str]:
    """First value of each meta name/property, keys lower-cased."""
    found: dict[str, str] = {}
    for meta in _META(root):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        value = collapse(meta.get("content") or "")
        if key and value and key not in found:
            found[key] = value
    return found


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def _authors(
    article: dict[str, Any],
    meta: dict[str, str],
    root: HtmlElement,
    hints: PortalHints,
    portal: PortalNames,
    headline: HtmlElement | None,
    byline: _Lazy[Byline],
    credits: _Lazy[Credits],
) -> list[str]:
    """The people credited as writers: structured data, then the profile's places, then the
    byline, then credits printed anywhere; a photographer only when no one else is named."""
    sources: list[Callable[[], list[str]]] = [
        lambda: _people(article.get("author"), portal, AUTHOR),
        lambda: _names(meta.get("author"), portal),
        lambda: _names(meta.get("dable:author"), portal),
        lambda: [n for e in _MICRODATA_AUTHORS(root) for n in _names(text_of(e), portal)],
        lambda: [
            name
            for expression in hints.author_xpaths
            for node in compiled_xpath(expression)(root)
            for name in _names(node_text(node), portal)
        ],
        lambda: byline().credits.authors,
        lambda: author_markup(headline, portal),
        lambda: credits().authors,
        lambda: byline().credits.photographers or credits().photographers,
    ]
    return next((found for source in sources if (found := source())), [])


def _editors(article: dict[str, Any], portal: PortalNames, credits: _Lazy[Credits]) -> list[str]:
    """The people credited as editors ("Editor:", "Red:", "Redaktur:", "Penyunting:")."""
    return _people(article.get("editor"), portal, EDITOR) or credits().editors


def _people(value: Any, portal: PortalNames, role: str) -> list[str]:
    """Persons of a JSON-LD author/editor value (organisations left out)."""
    names: list[str] = []
    for entry in _entries(value):
        if isinstance(entry, dict) and "Organization" in str(entry.get("@type")):
            continue
        names.extend(_names(ld_text(entry), portal, role))
    return list(dict.fromkeys(names))


def _entries(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _names(text: str | None, portal: PortalNames, role: str = AUTHOR) -> list[str]:
    """The people a structured value names ("Budi dan Ani", "Penulis: Budi")."""
    if not text:
        return []
    segments = credit_segments(text)
    if segments:
        return [name for r, value in segments if r == role for name in names_in(value, portal)]
    return names_in(text, portal)


def _tags(article: dict[str, Any], meta: dict[str, str]) -> list[str]:
    keywords = article.get("keywords")
    if isinstance(keywords, list):
        tags = [collapse(str(k)) for k in keywords]
    else:
        raw = _first(
            ld_text(keywords),
            meta.get("article:tag"),
            meta.get("news_keywords"),
            meta.get("keywords"),
        )
        tags = _LIST_SPLIT.split(raw) if raw else []
    return list(dict.fromkeys(tag for tag in tags if tag))


def _canonical(
    root: HtmlElement, article: dict[str, Any], meta: dict[str, str], url: str | None
) -> str | None:
    """The declared canonical URL when it stays on the page's site, else None."""
    entity = article.get("mainEntityOfPage")
    candidates = [
        *(str(v) for v in _CANONICAL(root)),
        meta.get("og:url"),
        ld_text(entity) if entity else None,
        ld_text(article.get("url")),
    ]
    for candidate in candidates:
        if not candidate:
            continue
        absolute = absolute_url(url, candidate.strip())
        if absolute is not None and (url is None or same_site(absolute, url)):
            return absolute
    return None


def _language(root: HtmlElement, article: dict[str, Any], meta: dict[str, str]) -> str | None:
    raw = _first(
        ld_text(article.get("inLanguage")),
        meta.get("og:locale"),
        *(str(v) for v in _HTML_LANG(root)),
        meta.get("content-language"),
        meta.get("language"),
    )
    if not raw:
        return None
    code = re.split(r"[-_]", raw.strip().lower())[0]
    return {"in": "id", "indonesian": "id", "indonesia": "id"}.get(code, code) or None
