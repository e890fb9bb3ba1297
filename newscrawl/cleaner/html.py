"""Bytes to one lxml tree (charset, size cap), and the few tree helpers all stages share."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree, html
from w3lib.encoding import html_to_unicode

from newscrawl.cleaner.vocabulary import collapse

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LAYOUT = etree.XPath(
    "/html/head|//nav|//aside|//footer|//form|//figure|//figcaption|//menu|//button|//select"
    "|//textarea"
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters no XML tree may hold (lxml refuses them in text later on)."""
_PARSER = html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
_NON_CONTENT = etree.XPath(
    "//script[not(@type='application/ld+json')]|//style|//noscript|//template|//svg|//iframe"
    "|//blockquote[contains(@class, 'instagram-media')"
    " or contains(@class, 'twitter-tweet') or contains(@class, 'tiktok-embed')]"
)


def decode(data: bytes | str, content_type: str | None = None) -> str:
    """Page bytes to text: BOM, then the HTTP charset, then <meta charset>, then UTF-8.

    A page labelled UTF-8 that is not (no valid multi-byte sequence, but bytes UTF-8 cannot
    hold) is windows-1252, the usual mislabel: decoding it as UTF-8 would put U+FFFD in
    place of every dash and curly quote.
    """
    if isinstance(data, str):
        return data
    encoding, text = html_to_unicode(content_type, data)
    if encoding.replace("-", "").lower() == "utf8" and "\ufffd" in text:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            if not _UTF8_MULTIBYTE.search(data):
                return data.decode("cp1252", errors="replace")
    return text


def parse(data: bytes | str, content_type: str | None = None) -> html.HtmlElement | None:
    """Parse a page once; None when nothing parseable is left (empty or binary input)."""
    text = decode(data, content_type)
    text = _CONTROL_CHARACTERS.sub("", _XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        root = html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if root is None or not isinstance(root, html.HtmlElement):
        return None
    return root


def drop_non_content(root: html.HtmlElement) -> None:
    """Remove scripts (JSON-LD excepted), styles and embeds (social posts included): their
    text is never article text."""
    for element in _NON_CONTENT(root):
        element.drop_tree()


def drop_layout(root: html.HtmlElement) -> None:
    """Remove what trafilatura would delete first anyway (head, navigation, asides, footers,
    forms, figures and their captions): it then copies and scores a smaller tree. Done after
    the link blocks were read, since sidebars and footers hold many of them, and after a photo
    story's captions were read."""
    for element in _LAYOUT(root):
        element.drop_tree()


def text_of(element: etree._Element) -> str:
    """The element's visible text, whitespace collapsed."""
    return collapse("".join(element.itertext()))


def remove(element: etree._Element) -> None:
    """Detach an element, keeping the text that follows it (its tail) in the document."""
    element.drop_tree()


@lru_cache(maxsize=512)
def compiled_xpath(expression: str) -> etree.XPath:
    """An XPath from portal hints, compiled once per process."""
    return etree.XPath(expression)


@lru_cache(maxsize=512)
def compiled_pattern(expression: str) -> re.Pattern[str]:
    """A whole-line pattern from portal hints, compiled once per process."""
    return re.compile(rf"^(?:{expression})$", re.IGNORECASE)


@lru_cache(maxsize=512)
def compiled_search(expression: str) -> re.Pattern[str]:
    """A pattern from portal hints to search with, compiled once per process."""
    return re.compile(expression)


def ends_inside_a_document(text: str) -> bool:
    """Whether the HTML stops in the middle of something: its last character (trailing
    whitespace and complete comments aside) is not the end of a tag. A page without the
    optional </body></html>, or with anything after them, ends with a tag all the same; a
    transfer or a file cut short stops in the middle of a text, a tag or a script."""
    end = text.rstrip()
    while end.endswith("-->"):
        start = end.rfind("<!--")
        if start < 0:
            break
        end = end[:start].rstrip()
    return bool(end) and not end.endswith(">")


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as text: the first of a list, the name (or @id) of an object."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    if isinstance(value, str | int | float):
        return collapse(str(value)) or None
    return None


def node_text(node: Any) -> str | None:
    """An XPath result (an attribute value or an element) as collapsed text."""
    return collapse(str(node)) if isinstance(node, str) else text_of(node)
