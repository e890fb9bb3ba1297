"""What the main-text extractor leaves out of two kinds of stories: a photo story told by its
captions (a gallery, a slider, figures), and a story printed as repeated sections of which it
took only the first (a list article whose later sections are a subheading and a photo: their
subheadings are the story's)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import text_of
from newscrawl.cleaner.shapes import INLINE_TAGS
from newscrawl.cleaner.vocabulary import (
    CAPTION_TRAILING_CREDIT,
    CLASS_TOKEN,
    GALLERY_TOKENS,
    GALLERY_WORD,
    PHOTO_STORY,
    collapse,
)

PHOTO_STORY_MAX_WORDS = 80
"""A photo story's own text is this short at most; its captions carry the rest."""
CAPTION_MIN_WORDS = 5
"""Shorter texts in a gallery are its controls ("Klik gambar untuk perbesar", "1 / 5")."""
SECTION_MAX_WORDS = 100
"""A section of a sectioned story is this short (a subheading, a caption, a few lines); a
longer sibling is another article appended below, not a section."""
MIN_SECTIONS = 3
"""Subheadings are taken from a run of this many short sections at least; a story continued
after an ad row needs two parts only, in text containers shaped alike."""
NEEDLE_LINES = 3
NEEDLE_CHARS = 16
"""The story is found in the page by a piece of one of its longest lines (one text node)."""
MAX_SECTION_CLIMB = 6

_FIGCAPTIONS = etree.XPath("//figcaption")
_NAMES = etree.XPath("//@class|//@id")
_SECTION_TAGS = frozenset({"div", "section", "article"})
_SECTION_HEADINGS = etree.XPath(".//h2|.//h3|.//h4|.//h5|.//h6")
_SECTION_TEXT = etree.XPath(".//h2|.//h3|.//h4|.//h5|.//h6|.//p|.//li")
_HOLDING = etree.XPath("//*[text()[contains(normalize-space(.), $needle)]]")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", ")")


def is_photo_story(url: str | None, title: str | None) -> bool:
    """Whether the URL or the headline says the page is a photo story ("/readfoto/",
    "photo.liputan6.com", "FOTO: ...")."""
    return bool(PHOTO_STORY.search(url or "") or PHOTO_STORY.search(title or ""))


def photo_captions(root: HtmlElement) -> list[str]:
    """The captions of the page's photos in page order: figure captions and the texts shown
    in galleries and sliders (their controls and links left out), credits cut off."""
    found: dict[HtmlElement, None] = dict.fromkeys(_FIGCAPTIONS(root))
    for name in _NAMES(root):
        if GALLERY_WORD.search(name) and any(
            token in GALLERY_TOKENS for token in CLASS_TOKEN.findall(name.lower())
        ):
            for element in name.getparent().iter():
                if isinstance(element.tag, str) and (element.text or "").strip():
                    found.setdefault(element)
    captions: list[str] = []
    for element in found:
        if element.tag == "a" or next(element.iterancestors("a"), None) is not None:
            continue
        text = CAPTION_TRAILING_CREDIT.sub("", text_of(element)).strip()
        if len(text.split()) >= CAPTION_MIN_WORDS and text not in captions:
            captions.append(text)
    return captions


def with_captions(lines: list[str], captions: list[str], title: str | None) -> list[str]:
    """A photo story's body: its own sentences (not the share bars and bylines a page without
    text leaves behind), then the captions that say something else than the headline."""
    story = [line for line in lines if line.endswith(_SENTENCE_END)]
    headline = collapse(title or "")
    extra = [
        caption
        for caption in captions
        if caption not in story and caption != headline and not headline.startswith(caption)
    ]
    return story + extra


def is_short(lines: list[str]) -> bool:
    return sum(len(line.split()) for line in lines) < PHOTO_STORY_MAX_WORDS


def sibling_sections(root: HtmlElement, lines: list[str]) -> tuple[list[str], list[str]]:
    """The text of the sections before and after the one holding the extracted story, when
    the story sits in one of several repeated sections: the paragraphs of a story continued
    after an ad row (in a text container shaped like the story's), or the subheadings of
    short sections (a subheading and a photo each). A section with its own headline (h1) is
    another article appended below."""
    found = _section_of(root, lines)
    if found is None:
        return [], []
    section, container = found
    seen = set(lines)
    before: list[str] = []
    after: list[str] = []
    target = before
    sections = sum(1 for sibling in section.getparent() if _same_shape(sibling, section))
    for sibling in section.getparent():
        if sibling is section:
            target = after
            continue
        if not _same_shape(sibling, section) or next(sibling.iter("h1"), None) is not None:
            continue
        parts = [
            part
            for text_container in sibling.iter(container.tag)
            if container.get("class") and _same_shape(text_container, container)
            for part in _SECTION_TEXT(text_container)
        ]
        if (
            not parts
            and sections >= MIN_SECTIONS
            and len(text_of(sibling).split()) <= SECTION_MAX_WORDS
        ):
            parts = _SECTION_HEADINGS(sibling)
        for part in parts:
            text = text_of(part)
            if text and text not in seen:
                seen.add(text)
                target.append(text)
    return before, after


def _section_of(root: HtmlElement, lines: list[str]) -> tuple[HtmlElement, HtmlElement] | None:
    """The repeated section (one of several siblings of its shape) around the text of one of
    the story's longest lines, and the element holding that line's paragraph."""
    node = None
    for line in sorted(lines, key=len, reverse=True)[:NEEDLE_LINES]:
        middle = len(line) // 2
        needle = line[middle : middle + NEEDLE_CHARS]
        holders = _HOLDING(root, needle=needle) if len(needle) == NEEDLE_CHARS else []
        if holders:
            node = holders[0]
            break
    while node is not None and (node.tag in INLINE_TAGS or node.tag == "p"):
        node = node.getparent()
    container = node
    for _level in range(MAX_SECTION_CLIMB):
        if node is None or container is None:
            return None
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        if (
            node.tag in _SECTION_TAGS
            and node.get("class")
            and sum(1 for sibling in parent if _same_shape(sibling, node)) > 1
        ):
            return node, container
        node = parent
    return None


def _same_shape(element: HtmlElement, other: HtmlElement) -> bool:
    return element.tag == other.tag and element.get("class") == other.get("class")
