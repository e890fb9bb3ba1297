"""Old templates print the story as loose text separated by <br> in a div ("Kalimat.<br><br>
Kalimat."); each piece becomes a <p> so that the main-text extractor sees paragraphs."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import text_of
from newscrawl.cleaner.shapes import INLINE_TAGS

MIN_LOOSE_WORDS = 20
"""An element whose own loose text (outside child elements) is this long holds the story."""
_KEEP = frozenset({"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a"})
"""Elements whose lines stay lines of one paragraph (a <br> inside a <p> is a line break);
any other element may hold the story, a <span> included."""
_BREAK_PARENTS = etree.XPath("//br/..")
_PARAGRAPH_PARENTS = etree.XPath("//p/..")
_LOOSE_INLINE = INLINE_TAGS | {"time", "abbr", "cite", "q", "s", "strike", "del", "ins", "sub"}


def wrap_loose_text(root: HtmlElement) -> None:
    """Turn the loose text of container elements into <p> elements: text separated by <br>,
    and text beside paragraphs ("<div><b>Jakarta</b> - <p>Lead ...</p>")."""
    wrapped: set[HtmlElement] = set()
    for element in _BREAK_PARENTS(root):
        if _may_wrap(element) and _loose_words(element) >= MIN_LOOSE_WORDS:
            _wrap(element)
            wrapped.add(element)
    for element in _PARAGRAPH_PARENTS(root):
        if element in wrapped or not _may_wrap(element) or not _loose_words(element):
            continue
        if any(child.tag == "p" and text_of(child) for child in element):
            _wrap(element)  # beside paragraphs of text, not beside a picture's <p>


def _may_wrap(element: HtmlElement) -> bool:
    return element.tag not in _KEEP and not any(up.tag in _KEEP for up in element.iterancestors())


def _loose_words(element: HtmlElement) -> int:
    """Words of the element outside its block children (its text, inline children, tails)."""
    loose = [element.text or ""]
    for child in element:
        if child.tag in _LOOSE_INLINE:
            loose.append(text_of(child))
        loose.append(child.tail or "")
    return sum(len(text.split()) for text in loose)


def _wrap(element: HtmlElement) -> None:
    children = list(element)
    pieces: list[HtmlElement] = []
    paragraph = _new_paragraph(element)
    _add_text(paragraph, element.text)
    element.text = None
    for child in children:
        tail, child.tail = child.tail, None
        element.remove(child)
        if child.tag == "br":
            paragraph = _flush(element, paragraph, pieces)
        elif isinstance(child.tag, str) and child.tag not in _LOOSE_INLINE:
            paragraph = _flush(element, paragraph, pieces)
            pieces.append(child)
        else:
            paragraph.append(child)
        _add_text(paragraph, tail)
    _flush(element, paragraph, pieces)
    element.extend(pieces)


def _new_paragraph(parent: HtmlElement) -> HtmlElement:
    return parent.makeelement("p", {})


def _add_text(paragraph: HtmlElement, text: str | None) -> None:
    if not text:
        return
    if len(paragraph):
        last = paragraph[-1]
        last.tail = (last.tail or "") + text
    else:
        paragraph.text = (paragraph.text or "") + text


def _flush(parent: HtmlElement, paragraph: HtmlElement, pieces: list[HtmlElement]) -> HtmlElement:
    """Keep the paragraph if it holds anything; start the next one."""
    if (paragraph.text or "").strip() or len(paragraph):
        pieces.append(paragraph)
        return _new_paragraph(parent)
    return paragraph
