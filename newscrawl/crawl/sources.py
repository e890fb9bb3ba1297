"""Read a portal's own article lists: sitemaps (incl. Google News), RSS/Atom feeds.

No Scrapy here: bytes in, listed URLs out; a document that cannot be read raises
UnreadableSource."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from lxml import etree

from newscrawl.cleaner.dates import parse_date

MAX_SITEMAP_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's own limit for one (uncompressed) file."""
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, recover=True, huge_tree=False, remove_comments=True
)


class UnreadableSource(ValueError):
    """A sitemap or feed that cannot be decompressed or parsed."""


@dataclass(frozen=True)
class Listed:
    """An article URL as a source lists it, with the dates the source gives."""

    url: str
    published: date | None = None
    """Publication day (Google News sitemap, feed item)."""
    modified: date | None = None
    """Last modification day (sitemap lastmod); an article is never published after it."""


def unpack(body: bytes) -> bytes:
    """Gunzip a .xml.gz body (capped at MAX_SITEMAP_BYTES); other bodies pass through."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(MAX_SITEMAP_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise UnreadableSource(f"cannot decompress: {error}") from None
    if len(data) > MAX_SITEMAP_BYTES:
        raise UnreadableSource("larger than 50 MB uncompressed")
    return data


def _root(body: bytes) -> etree._Element:
    data = unpack(body).strip()
    try:
        root = etree.fromstring(data, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableSource(f"not XML: {error}") from None
    if root is None:
        raise UnreadableSource("not XML")
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element.iter() if _local(child.tag) == name)


def _text(element: etree._Element, name: str) -> str | None:
    found = next(_children(element, name), None)
    return (found.text or "").strip() or None if found is not None else None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed.iso:
        return date.fromisoformat(parsed.iso[:10])
    try:  # RFC 822 as in RSS pubDate
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


_KIND_TAGS = {b"urlset": "sitemap", b"sitemapindex": "sitemap", b"rss": "feed", b"feed": "feed"}
_FIRST_TAG = re.compile(rb"<(?:[a-z]+:)?([a-z]+)[\s>/]", re.IGNORECASE)


def sniff_document(body: bytes) -> str | None:
    """ "sitemap" or "feed" for such an XML document (gzipped or not), None for anything
    else (an HTML page); UnreadableSource for a gzip body that cannot be unpacked."""
    head = unpack(body)[:4096]
    for match in _FIRST_TAG.finditer(head):
        tag = match[1].lower()
        if (
            tag in (b"xml", b"xml-stylesheet")
            or head[match.start() + 1 : match.start() + 2] in b"?!"
        ):
            continue
        return _KIND_TAGS.get(b"feed" if tag == b"rdf" else tag)
    return None


def read_sitemap(body: bytes) -> tuple[list[Listed], list[Listed]]:
    """(child sitemaps of an index, article URLs of a urlset); UnreadableSource for a document
    that is neither."""
    root = _root(body)
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise UnreadableSource(f"not a sitemap (root element <{kind}>)")
    entries = [
        Listed(
            url=loc,
            published=_day(_text(entry, "publication_date")),
            modified=_day(_text(entry, "lastmod")),
        )
        for entry in _children(root, "sitemap" if kind == "sitemapindex" else "url")
        if (loc := _text(entry, "loc"))
    ]
    return (entries, []) if kind == "sitemapindex" else ([], entries)


def read_feed(body: bytes) -> list[Listed]:
    """Items of an RSS 2.0 or Atom feed; UnreadableSource for a document that is neither."""
    root = _root(body)
    if _local(root.tag) not in ("rss", "feed", "rdf"):
        raise UnreadableSource(f"not a feed (root element <{_local(root.tag)}>)")
    listed = []
    for item in _children(root, "item"):
        link = _text(item, "link") or _text(item, "guid")
        if link:
            listed.append(Listed(url=link, published=_day(_text(item, "pubdate"))))
    for entry in _children(root, "entry"):
        link_element = next(_children(entry, "link"), None)
        link = link_element.get("href") if link_element is not None else None
        if link:
            published = _text(entry, "published") or _text(entry, "updated")
            listed.append(Listed(url=link.strip(), published=_day(published)))
    return listed


def in_window(day: date | None, since: date | None, until: date | None) -> bool:
    """Whether a day falls in the [since, until] window; an unknown day always does."""
    if day is None:
        return True
    return (since is None or day >= since) and (until is None or day <= until)


def day_of(iso: str | None) -> date | None:
    """The calendar day of an ISO 8601 timestamp as printed (the portal's local day)."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        return None
