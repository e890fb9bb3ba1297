"""The title a reader sees: the printed headline, without the portal's name around it."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import text_of
from newscrawl.urls import host_of

_HEADINGS = etree.XPath("//h1|//h2|//h3")
_TITLE = etree.XPath("//title")
_TEXTS_WITH = etree.XPath("//body//text()[contains(., $title)][not(ancestor::a)]")
"""Where the body prints a title (links to it from lists left out)."""
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:]\s+")
SITE_NAME_MAX_CHARS = 40
"""The portal's name around a headline ("Kompas.com Regional") is this short at most."""
SITE_NAME_MAX_WORDS = 3
KICKER_MAX_CHARS = 30
"""A label printed before the headline ("Foto : ", "VIDEO: ") is this short at most."""
_HOST_NOISE = frozenset({"www", "m", "com", "co", "id"})


def page_title(
    root: HtmlElement, declared: str | None, url: str | None, site_names: tuple[str | None, ...]
) -> tuple[str | None, HtmlElement | None]:
    """(title, the headline element): the declared title (JSON-LD headline, og:title) without
    the portal's name, as the page prints it when its h1 differs by a kicker label; without a
    declared title, the h1, else <title>."""
    words = _site_words(url, site_names)
    declared = clean_title(declared, words)
    headline = printed_headline(root, declared)
    printed = text_of(headline) if headline is not None else None
    if declared and printed and prints_title(printed, declared):
        return printed, headline  # "Foto : <headline> | Merdeka.com": the h1 is what a reader sees
    if declared:
        return declared, headline
    titles = (text_of(element) for element in _TITLE(root))
    return clean_title(printed or next((t for t in titles if t), None), words), headline


def printed_headline(root: HtmlElement, declared: str | None) -> HtmlElement | None:
    """The element a reader sees as the title: the h1 that prints the declared title (kicker
    labels aside), else a heading that prints it exactly, else the first element that prints
    it (an h1 may name the section, the headline standing in a div), else the first h1."""
    headings = _HEADINGS(root)
    h1s = [heading for heading in headings if heading.tag == "h1"]
    if declared:
        for heading in h1s:
            if prints_title(text_of(heading), declared):
                return heading
        for heading in headings:
            if text_of(heading) == declared:
                return heading
        for text in _TEXTS_WITH(root, title=declared):
            element = text.getparent()
            for _ in range(2):
                if element is None or element.tag == "title":
                    break
                if prints_title(text_of(element), declared):
                    return element
                element = element.getparent()
    return next((heading for heading in h1s if text_of(heading)), None)


def prints_title(printed: str, declared: str) -> bool:
    """Whether a printed heading is the declared title, give or take a kicker label
    ("Foto : ", "VIDEO: ") or a word the page's metadata adds or drops."""
    return bool(printed) and (
        printed == declared
        or (
            (printed in declared or declared in printed)
            and abs(len(printed) - len(declared)) <= KICKER_MAX_CHARS
        )
    )


def clean_title(title: str | None, site_words: list[str]) -> str | None:
    """Drop the portal's name around a headline: "Judul | Suara.com", "Judul - Kompas.com
    Regional", "detikNews | Judul"."""
    if not title:
        return None
    while True:
        separators = list(_TITLE_SEPARATOR.finditer(title))
        if not separators:
            return title
        tail = title[separators[-1].end() :]
        head = title[: separators[0].start()]
        if _names_site(tail, site_words):
            title = title[: separators[-1].start()]
        elif _names_site(head, site_words) and len(head.split()) <= SITE_NAME_MAX_WORDS:
            title = title[separators[0].end() :]
        else:
            return title


def _names_site(part: str, site_words: list[str]) -> bool:
    part = part.lower()
    return len(part) <= SITE_NAME_MAX_CHARS and any(word in part for word in site_words)


def _site_words(url: str | None, site_names: tuple[str | None, ...]) -> list[str]:
    """How the portal names itself: its host's label, the names it gives itself (profile,
    og:site_name, publisher)."""
    words = [name.lower() for name in site_names if name]
    labels = [label for label in host_of(url).split(".") if label not in _HOST_NOISE] if url else []
    if labels:
        words.append(labels[-1])
    return words
