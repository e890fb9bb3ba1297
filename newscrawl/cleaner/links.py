"""What a link points to (an article, a tag page, a section) and the title a reader sees on it."""

from __future__ import annotations

from copy import deepcopy
from enum import Enum
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import remove, text_of
from newscrawl.cleaner.vocabulary import (
    ARTICLE_SLUG_WORDS,
    BULLET_LINE,
    DATE_PATH,
    FILE_EXTENSION,
    ID_SLUG_WORDS,
    NOT_A_TITLE,
    NUMERIC_ID,
    SLUG_SEPARATORS,
    TAG_PATH_SEGMENTS,
    collapse,
)

_HEADINGS_INSIDE = etree.XPath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")
_IMAGES = etree.XPath(".//img[@alt]")
_HIDDEN = etree.XPath(
    ".//*[contains(translate(@style, ' ', ''), 'display:none')"
    " or contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)


class Target(Enum):
    """What kind of page a link leads to, read from its URL's path."""

    ARTICLE = "article"
    """A path with a long slug, an id or a date: one story ("/read/2436773/judul-berita")."""
    TAG = "tag"
    """A tag or topic page ("/tag/pasal-zina")."""
    SECTION = "section"
    """Anything else: the home page, a section, an index ("/tekno", "/kategori/gadget")."""


@lru_cache(maxsize=8192)
def target_of(url: str) -> Target:
    """The kind of page a URL names, by the shape of its path."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return Target.SECTION
    segments = [segment for segment in path.lower().split("/") if segment]
    if any(
        word in TAG_PATH_SEGMENTS
        for segment in segments[:-1]
        for word in SLUG_SEPARATORS.split(segment)
    ):
        return Target.TAG  # "/tag/pasal-zina", "/indeks/hot_topic/haji"
    if DATE_PATH.search(path):
        return Target.ARTICLE
    words = max(
        (len(SLUG_SEPARATORS.split(FILE_EXTENSION.sub("", segment))) for segment in segments),
        default=0,
    )
    if words >= ARTICLE_SLUG_WORDS or (words >= ID_SLUG_WORDS and NUMERIC_ID.search(path)):
        return Target.ARTICLE
    return Target.SECTION


def anchor_title(anchor: HtmlElement) -> str:
    """The title a reader sees on a link: a headline element inside it if it has one (a card
    wrapping kicker, headline and teaser), else the longest of its separate text parts (a
    label and a time beside the title), else its text; the image's alt or the link's title
    attribute only when it shows no text."""
    if _HIDDEN(anchor):
        anchor = _without_hidden(anchor)
    for heading in _HEADINGS_INSIDE(anchor):
        text = text_of(heading)
        if text:
            whole = text_of(anchor)
            # beside the headline a kicker or a teaser; a mere "#" belongs to the title
            return text if _has_words(whole.replace(text, "", 1)) else whole
    parts = _text_parts(anchor)
    if len(parts) > 1:
        titles = [part for part in parts if not NOT_A_TITLE.match(part)] or parts
        return BULLET_LINE.sub("", max(titles, key=lambda part: len(part.split())))
    return BULLET_LINE.sub("", parts[0]) if parts else ""


def _without_hidden(anchor: HtmlElement) -> HtmlElement:
    """A copy of the link without the parts a reader does not see (a hidden tracking code
    inside a title: "<i style='display:none'>read-1244264</i>")."""
    copy = deepcopy(anchor)
    copy.tail = None
    for hidden in _HIDDEN(copy):
        remove(hidden)
    return copy


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def fallback_title(anchor: HtmlElement) -> str:
    """What an image link says when it shows no text: its title attribute or its image's alt."""
    title = collapse(anchor.get("title") or "")
    if title:
        return title
    return next((collapse(img.get("alt") or "") for img in _IMAGES(anchor) if img.get("alt")), "")


def _text_parts(element: HtmlElement) -> list[str]:
    """The element's text as separate parts when all of it sits in child elements (each child
    a part, a lone wrapper looked into), else as one part."""
    own = (element.text or "").strip() or any((child.tail or "").strip() for child in element)
    children = [child for child in element if isinstance(child.tag, str)]
    if own or not children:
        text = text_of(element)
        return [text] if text else []
    texts = [text for child in children if (text := text_of(child))]
    if len(texts) == 1:
        only = next(child for child in children if text_of(child))
        return _text_parts(only) if len(only) else texts
    return texts
