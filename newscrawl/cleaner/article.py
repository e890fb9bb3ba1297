"""HTML (+ URL, + portal hints) -> one clean Article: the cleaner's stages in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newscrawl.cleaner.blocks import cut_link_blocks
from newscrawl.cleaner.body import clean_lines, extract_paragraphs
from newscrawl.cleaner.hints import GENERIC, PortalHints
from newscrawl.cleaner.html import (
    compiled_xpath,
    decode,
    drop_layout,
    drop_non_content,
    ends_inside_a_document,
    parse,
    remove,
)
from newscrawl.cleaner.layout import extraction_kind, read_layout
from newscrawl.cleaner.links import Target, target_of
from newscrawl.cleaner.metadata import extract_metadata
from newscrawl.cleaner.options import CleanerOptions
from newscrawl.cleaner.pages import PageLinks, find_page_links
from newscrawl.cleaner.paragraphs import wrap_loose_text
from newscrawl.cleaner.story import (
    is_photo_story,
    is_short,
    photo_captions,
    sibling_sections,
    with_captions,
)
from newscrawl.cleaner.vocabulary import NOT_FOUND
from newscrawl.items import Article
from newscrawl.urls import canonical_url

PARAGRAPH_SEPARATOR = "\n\n"
SENTENCE_END = re.compile(r"[.!?…\"”’»)\]]\s*$")
SOFT_404_MAX_WORDS = 150
"""A page this short that says "page not found" is a soft 404, not an article about one."""


@dataclass
class Extraction:
    """The cleaner's answer for one page."""

    article: Article
    rejected: str | None = None
    """Why the page is not an article ("soft_404", "empty_body", "too_short", "unparseable")."""
    pages: PageLinks = field(default_factory=PageLinks)
    """Links to the other pages of a multi-page article."""


def clean_html(
    data: bytes | str | HtmlElement,
    url: str | None = None,
    *,
    hints: PortalHints = GENERIC,
    options: CleanerOptions | None = None,
    now: datetime | None = None,
    content_type: str | None = None,
    truncated: bool = False,
) -> Extraction:
    """Clean one page. Never raises on bad input: an unusable page comes back `rejected`.
    `truncated`: the caller knows the page is cut short (fewer bytes than declared); the
    cleaner also finds a page that stops inside the HTML, or is longer than
    `options.max_html_bytes` and cut there."""
    options = options or CleanerOptions()
    if isinstance(data, HtmlElement):
        root = data
    else:
        text = decode(data, content_type)
        if options.max_html_bytes and len(text) > options.max_html_bytes:
            text, truncated = text[: options.max_html_bytes], True
        truncated = truncated or ends_inside_a_document(text)
        root = parse(text)
    if root is None:
        return Extraction(Article(url=url, fetched_url=url, portal=hints.name), "unparseable")

    layout = read_layout(root, hints)
    meta = extract_metadata(root, url, hints, now)
    drop_non_content(root)
    pages = find_page_links(root, url, hints)
    for expression in hints.prune_xpaths:
        for element in compiled_xpath(expression)(root):
            remove(element)

    article_url = canonical_url(meta.canonical_url or url) if (meta.canonical_url or url) else None
    own_urls = {article_url, canonical_url(url) if url else None}
    own_paths = {urlsplit(own).path for own in own_urls if own}

    def is_self_link(link: str) -> bool:
        path = urlsplit(link).path
        if path not in own_paths and "amp" not in path:
            return False  # canonical_url changes a path only by dropping /amp
        if path in own_paths and target_of(link) is Target.ARTICLE:
            return True  # the article's own path, on the site's other host too
        return canonical_url(link) in own_urls

    related = cut_link_blocks(root, url, hints, is_self_link, meta.title)
    captions = photo_captions(root) if is_photo_story(url, meta.title) else []
    drop_layout(root)
    wrap_loose_text(root)
    paragraphs = extract_paragraphs(root, url, options)
    before, after = sibling_sections(root, paragraphs)
    lines, recovered = clean_lines(
        [*before, *paragraphs, *after], meta.title, meta.description, meta.credited, related, hints
    )
    if captions and is_short(lines):
        lines = with_captions(lines, captions, meta.title)
    warnings = list(meta.warnings)
    if truncated:
        warnings.append("body:truncated")
        if lines and not SENTENCE_END.search(lines[-1]):
            lines.pop()  # the cut-off paragraph: half a sentence is not the story
    body = PARAGRAPH_SEPARATOR.join(lines)
    layout_missed = layout.missed_with(lines)
    article = Article(
        url=article_url,
        title=meta.title,
        body=body,
        related=related + recovered,
        description=meta.description,
        authors=meta.authors,
        editors=meta.editors,
        published_at=meta.published_at,
        modified_at=meta.modified_at,
        section=meta.section,
        tags=meta.tags,
        image=meta.image,
        language=meta.language,
        word_count=len(body.split()),
        portal=hints.name,
        extraction=extraction_kind(hints, layout_missed),
        layout_missed=layout_missed,
        fetched_url=url,
        warnings=warnings,
    )
    return Extraction(article, rejection(article, options, meta.declares_article), pages)


def rejection(
    article: Article, options: CleanerOptions, declares_article: bool = False
) -> str | None:
    """Why a cleaned page is not an article, or None when it is one."""
    if article.word_count <= SOFT_404_MAX_WORDS and (
        NOT_FOUND.search(article.title or "") or NOT_FOUND.search(article.body)
    ):
        return "soft_404"
    if not article.body:
        return "empty_body"
    minimum = options.min_words_declared_article if declares_article else options.min_words
    if article.word_count < minimum:
        return "too_short"
    return None
