"""The output schema: one Article per news story, with the portal's link blocks as RelatedLink."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RelatedLink:
    """One link found in a link block ("Baca Juga", "Berita Terkait", "Terpopuler", ...)."""

    kind: str
    """The block's heading, normalised: lower case, accents removed, words joined by "_"
    ("Berita Terkait" -> "berita_terkait", "BACA JUGA:" -> "baca_juga"). A heading is the
    words right above the block in any tag (an image's alt text when it names a kind of
    block, a tab's label for a tabbed panel). A block with no words above it gets a kind by
    its shape:

    - "related": a list found by its shape alone (three or more links to other articles, or
      two or more to tag pages), or headed only by an image without words (a logo);
    - the portal's bullet kind (`PortalHints.bullet_link_kind`, "baca_juga" by default): a
      line made of a bullet and one link ("• Judul").
    """
    title: str
    """The link's visible text, whitespace collapsed, as printed on the page."""
    url: str | None = None
    """Absolute URL of the link; None when the source had no link (plain-text dumps)."""


@dataclass
class Article:
    """A cleaned news article, as written to feeds and to the store."""

    url: str | None
    """Canonical URL: the page's declared canonical when it is on the same site, else the
    fetched URL; tracking parameters, pagination parameters and mobile/AMP hosts removed."""
    title: str | None = None
    """Headline, without the portal's " | Suara.com" suffix."""
    body: str = ""
    """The story's text and nothing else: paragraphs joined by a blank line ("\\n\\n").
    Link blocks, captions of share bars, promos and credit lines are not in it."""
    related: list[RelatedLink] = field(default_factory=list)
    """Links from the page's link blocks, in page order."""
    description: str | None = None
    """The page's summary (JSON-LD description, og:description or meta description)."""
    authors: list[str] = field(default_factory=list)
    """Author names as given by the page (JSON-LD, meta author, byline): people only, never
    the portal, one of its desks or teams ("Liputan6.com", "Tim detikBali", "Redaksi")."""
    editors: list[str] = field(default_factory=list)
    """Names credited as editor ("Editor:", "Red:", "Redaktur:", "Penyunting:"), kept apart
    from authors."""
    published_at: str | None = None
    """First publication, ISO 8601 with UTC offset ("2019-11-22T10:05:00+07:00"); None when
    the page gives no date, an unparseable one or one in the future (see `warnings`)."""
    modified_at: str | None = None
    """Last update, same format and rules as `published_at`."""
    section: str | None = None
    """The portal's section or channel ("news", "bisnis", ...)."""
    tags: list[str] = field(default_factory=list)
    """Keywords or tags the page declares."""
    image: str | None = None
    """Absolute URL of the main image."""
    language: str | None = None
    """ISO 639-1 code of the page's declared language ("id")."""
    word_count: int = 0
    """Number of whitespace-separated words in `body`."""
    pages: int = 1
    """How many pages of a multi-page article were stitched into `body`."""
    portal: str | None = None
    """Name of the portal profile that produced the article ("suara"), None if generic."""
    extraction: str | None = None
    """How the page was read: "profile" when its portal's profile applied and every layout
    marker of the profile held on it (`PortalHints.layout_markers`: the headline, the body's
    container, the byline... where the profile expects them); "generic" when the page had no
    profile, or some marker no longer held (see `layout_missed`): the page is not laid out as
    the profile knows it, and the generic cleaner's reading is all there is. None for an
    article stored before this field existed."""
    layout_missed: list[str] = field(default_factory=list)
    """The profile's layout markers that no longer hold on the page ("headline", "body"):
    their XPath found nothing, or, for "body", the cleaned body lies mostly outside the marked
    container. Many articles of one portal missing markers at once: the portal was
    redesigned (`newscrawl stats` flags it)."""
    fetched_url: str | None = None
    """The URL requested for the article's first page, as requested."""
    crawled_at: str | None = None
    """When the first page was fetched, ISO 8601 in UTC; None outside a crawl."""
    warnings: list[str] = field(default_factory=list)
    """What the cleaner could not establish, as "field:reason" codes
    ("published_at:future", "published_at:unparseable", "body:empty")."""

    def to_dict(self) -> dict[str, Any]:
        """The article as plain JSON-ready data, fields in schema order (new lists and dicts:
        changing them leaves the article as it is)."""
        data = {name: getattr(self, name) for name in _ARTICLE_FIELDS}
        data["related"] = [
            {"kind": link.kind, "title": link.title, "url": link.url} for link in self.related
        ]
        for name in ("authors", "editors", "tags", "layout_missed", "warnings"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from `to_dict` output (feeds, store rows, worker processes)."""
        values = dict(data)
        values["related"] = [RelatedLink(**link) for link in values.get("related") or []]
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{key: value for key, value in values.items() if key in known})


_ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)
