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

from newscrawl.cleaner.dates import find_date_text, page_dates
from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_search, compiled_xpath, ld_text, node_text, text_of
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
_H1 = etree.XPath("//h1")
_TITLE = etree.XPath("//title")
_AUTHOR_ELEMENTS = etree.XPath(
    "//*[contains(@class, 'author') or contains(@class, 'penulis') or contains(@class, 'reporter')"
    " or @rel='author' or @itemprop='author']"
)
_TEXT_AFTER = etree.XPath("(following::text()[normalize-space()])[position() <= 12]")
"""The byline is among the first text pieces after the headline."""
_PERSON_NAME = re.compile(r"^(?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){1,4}$")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:]\s+")
_AUTHOR_PREFIX = re.compile(
    r"^(?:oleh|penulis|reporter|editor|pewarta|by|ditulis\s+oleh)\s*:?\s*", re.IGNORECASE
)
_LIST_SPLIT = re.compile(r"\s*[,;|]\s*")


@dataclass
class Metadata:
    """What the page says about itself, before the body is looked at."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
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

    declared = _first(
        ld_text(article.get("headline")), meta.get("og:title"), meta.get("twitter:title")
    )
    headline = _first_text(_H1(root))
    if declared and headline and headline != declared and headline in declared:
        declared = headline  # "Foto : <headline> | Merdeka.com": the h1 is the bare headline
    data.title = _clean_title(_first(declared, headline, _first_text(_TITLE(root))), url, hints)
    data.description = _first(
        ld_text(article.get("description")), meta.get("og:description"), meta.get("description")
    )
    byline = _Lazy(lambda: _byline_after_headline(root))
    data.authors = _authors(article, meta, root, hints, byline)
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
        article, meta, root, hints, now, lambda: byline().date
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


@dataclass
class _Byline:
    date: str | None = None
    author: str | None = None


def _byline_after_headline(root: HtmlElement) -> _Byline:
    """The byline by position, for pages whose markup names neither: the first short dated
    text right after the headline, and the name printed just before it ("Laras Wening" /
    "Rabu, 20 November 2019 | 15:45 WIB"). Before the headline, a date is as likely the
    site header's "today"."""
    headlines = _H1(root)
    if not headlines:
        return _Byline()
    previous = None
    for text in _TEXT_AFTER(headlines[0]):
        text = collapse(str(text))
        if not text or len(text) > 120:
            continue
        found = find_date_text(text)
        if found:
            author = previous if previous and _PERSON_NAME.match(previous) else None
            return _Byline(found, author)
        previous = _AUTHOR_PREFIX.sub("", text)
    return _Byline()


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


def _first_text(elements: list[HtmlElement]) -> str | None:
    return next((text for text in (text_of(e) for e in elements) if text), None)


def _clean_title(title: str | None, url: str | None, hints: PortalHints) -> str | None:
    """Drop the portal's name appended to a headline ("Judul | Suara.com")."""
    if not title:
        return None
    site_words = [word for word in _site_words(url, hints) if word]
    while True:
        separators = list(_TITLE_SEPARATOR.finditer(title))
        if not separators:
            return title
        tail = title[separators[-1].end() :].lower()
        if len(tail) > 40 or not any(word in tail for word in site_words):
            return title
        title = title[: separators[-1].start()]


def _site_words(url: str | None, hints: PortalHints) -> list[str]:
    words = []
    if hints.site_name:
        words.append(hints.site_name.lower())
    if url:
        host = (urlsplit(url).hostname or "").lower()
        labels = [
            label for label in host.split(".") if label not in ("www", "m", "com", "co", "id")
        ]
        if labels:
            words.append(labels[-1])
    return words


def _authors(
    article: dict[str, Any],
    meta: dict[str, str],
    root: HtmlElement,
    hints: PortalHints,
    byline: _Lazy[_Byline],
) -> list[str]:
    names: list[str] = []
    value = article.get("author")
    for author in value if isinstance(value, list) else [value]:
        name = ld_text(author)
        if name and not name.startswith("http"):
            names.append(name)
    if not names and meta.get("author"):
        names = _LIST_SPLIT.split(meta["author"])
    if not names:
        for expression in hints.author_xpaths:
            names.extend(node_text(node) or "" for node in compiled_xpath(expression)(root))
    if not names:
        texts = (text_of(element) for element in _AUTHOR_ELEMENTS(root))
        names = [text for text in texts if 0 < len(text.split()) <= 6][:1]
    if not names and byline().author:
        names = [byline().author]
    cleaned = [_AUTHOR_PREFIX.sub("", collapse(name)) for name in names]
    return list(dict.fromkeys(name for name in cleaned if name))


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
