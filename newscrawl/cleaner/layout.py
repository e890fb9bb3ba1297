"""Layout markers: which of a portal's named expectations about its pages still hold on a
page, and whether the cleaned body lies in the container the profile marks as the story's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml.html import HtmlElement

from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_xpath

BODY_MARKER = "body"
"""The marker whose container must hold the cleaned body, not only be found."""
BODY_INSIDE_SHARE = 0.5
"""The body marker holds when at least this share of the body's characters (paragraph by
paragraph) is text of the marked container: the rest may be captions, a dateline the cleaner
joined, or a list it rewrote."""
PROFILE_EXTRACTION = "profile"
GENERIC_EXTRACTION = "generic"


@dataclass(frozen=True)
class Layout:
    """The markers of one page, read before the cleaner changes the tree."""

    missed: tuple[str, ...]
    """Markers whose XPath found nothing with text."""
    body_text: str | None
    """The body marker's text, without whitespace; None when there is no body marker or it
    found nothing."""

    def missed_with(self, paragraphs: Sequence[str]) -> list[str]:
        """The missed markers, "body" among them when the cleaned body (its `paragraphs`) lies
        mostly outside the marked container."""
        missed = list(self.missed)
        if self.body_text is not None and not _mostly_inside(paragraphs, self.body_text):
            missed.append(BODY_MARKER)
        return missed


def read_layout(root: HtmlElement, hints: PortalHints) -> Layout:
    """Evaluate the profile's markers on the page as it was served."""
    missed: list[str] = []
    body_text = None
    for name, expression in hints.layout_markers:
        found = [value for value in compiled_xpath(expression)(root) if _has_text(value)]
        if not found:
            missed.append(name)
        elif name == BODY_MARKER:
            body_text = "".join(
                "".join(str(value).split())
                if isinstance(value, str)
                else "".join(value.text_content().split())
                for value in found
            )
    return Layout(tuple(missed), body_text)


def extraction_kind(hints: PortalHints, missed: Sequence[str]) -> str:
    """The article's `extraction`: "profile" when the page had a profile and every marker of
    it held, else "generic"."""
    return PROFILE_EXTRACTION if hints.name and not missed else GENERIC_EXTRACTION


def _has_text(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, HtmlElement):
        return any(text.strip() for text in value.itertext())
    return False


def _mostly_inside(paragraphs: Sequence[str], container: str) -> bool:
    total = inside = 0
    for paragraph in paragraphs:
        squeezed = "".join(paragraph.split())
        total += len(squeezed)
        if squeezed in container:
            inside += len(squeezed)
    return total == 0 or inside >= BODY_INSIDE_SHARE * total
