"""The printed byline, found without a portal profile: the headline a reader sees, the date
and names printed around it, and the credits ("Penulis: X", "Editor: Y", credit panels)
wherever the page prints them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.dates import find_date_text, has_clock, is_relative
from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_xpath, node_text
from newscrawl.cleaner.names import (
    AUTHOR,
    BY_ALONE,
    ROLE_ALONE,
    ROLES,
    Credits,
    PortalNames,
    credit_segments,
    is_unlabelled_name,
    names_in,
)
from newscrawl.cleaner.vocabulary import collapse

_VISIBLE = "[normalize-space()][not(parent::script or parent::style or parent::noscript)]"
_TEXT_AFTER = etree.XPath(f"(following::text(){_VISIBLE})[position() <= 15]")
"""The byline is among the first text pieces after the headline."""
_TEXT_BEFORE = etree.XPath(f"preceding::text(){_VISIBLE}[position() <= 6]")
"""Some portals print the date just above the headline (under the section's name)."""
_TEXTS_FROM = etree.XPath(
    f"(descendant::text(){_VISIBLE} | following::text(){_VISIBLE})[position() <= 3]"
)
_TEXTS_AFTER_END = etree.XPath(f"(following::text(){_VISIBLE})[position() <= 3]")
_WORDLESS = re.compile(r"^\W*$")
"""A separator printed as a text of its own: ":" in a cell between role and name."""
_CREDIT_STEMS = (
    *("Penulis", "Reporter", "Editor", "Redaktur", "Penyunting", "Pewarta", "Author", "Writer"),
    *("Fotografer", "Photographer", "Kontributor", "Wartawan", "Laporan", "Rep:", "Red:"),
    *("Rep :", "Red :"),
)
CREDIT_SPELLINGS = tuple(
    spelling for stem in _CREDIT_STEMS for spelling in dict.fromkeys((stem, stem.upper()))
)
"""How credit labels are spelled on pages: "Penulis", "PENULIS", "Red:"."""
_CREDIT_SPELLING = re.compile("|".join(re.escape(spelling) for spelling in CREDIT_SPELLINGS))
_MARKED_AUTHOR = (
    "[@rel='author' or @itemprop='author' or contains(@class, 'author')"
    " or contains(@class, 'penulis') or contains(@class, 'reporter')]"
)
_AUTHOR_MARKUP_AFTER = etree.XPath(
    f"(following::text(){_VISIBLE})[position() <= 15]"
    f"[parent::*{_MARKED_AUTHOR} or parent::*/parent::*{_MARKED_AUTHOR}]"
)
"""Texts after the headline inside an element marked as the author (or its child)."""
_TIME_VALUES = etree.XPath("//time[@datetime]/@datetime")
_DATE_CLASSES = (
    "[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'tanggal')"
    " or contains(@class, 'waktu') or contains(@class, 'publish') or contains(@id, 'date')]"
)
_DATE_ELEMENTS = etree.XPath(f"//*{_DATE_CLASSES}")
_DATE_ELEMENTS_AFTER = etree.XPath(f"following::*{_DATE_CLASSES}")
_UPDATED = re.compile(
    r"^\W*(?:diperbarui|diperbaharui|pembaruan|update[d]?|last\s+updated|terakhir\s+diperbarui"
    r"|modified)\b",
    re.IGNORECASE,
)
MAX_BYLINE_CHARS = 150


@dataclass
class Byline:
    """What the page prints around its headline."""

    date: str | None = None
    """The first printed date after the headline (or, with a time, just above it)."""
    updated: str | None = None
    """A date printed as the last update ("Diperbarui 07 Jun 2021, 20:56 WIB")."""
    credits: Credits = field(default_factory=Credits)


def headline_byline(headline: HtmlElement | None, portal: PortalNames) -> Byline:
    """Read the short texts around the headline: the date, a date marked as the update, and
    names: labelled ("Penulis: X"), after "Oleh", before the date, or before a desk."""
    byline = Byline()
    if headline is None:
        return byline
    pieces = [collapse(str(text)) for text in _TEXT_AFTER(headline)]
    pieces = [piece for piece in pieces if len(piece) <= MAX_BYLINE_CHARS]
    updated_label_at = date_at = -2
    unlabelled: str | None = None
    for number, piece in enumerate(pieces):
        previous = pieces[number - 1] if number else ""
        if _UPDATED.match(piece):
            updated_label_at = number
        date = find_date_text(piece)
        if date and number - updated_label_at <= 1:
            byline.updated = byline.updated or date
        elif date and byline.date is None:
            byline.date, date_at = date, number
            before = collapse(piece[: piece.find(date)]).rstrip(" ,|-")
            for name in (before, previous):
                if unlabelled is None and is_unlabelled_name(name, portal):
                    unlabelled = name
        segments = credit_segments(piece)
        if BY_ALONE.match(previous):
            segments.append((AUTHOR, piece))
        elif not date and not segments and " - " in piece:
            byline.credits.add(AUTHOR, _name_before_desk(piece, portal))
        for role, value in segments:
            byline.credits.add(role, names_in(value, portal))
        if byline.credits.authors and byline.date and number >= date_at + 2:
            break  # an update line, if any, follows the date
    if byline.date is None:
        byline.date = _date_above(headline)
    if not byline.credits.authors and unlabelled:
        byline.credits.authors.append(unlabelled)
    return byline


def _name_before_desk(piece: str, portal: PortalNames) -> list[str]:
    """ "Fino Yurio Kristo - detikInet": a name, then the desk it writes for."""
    name, _, desk = piece.partition(" - ")
    return [name] if len(desk.split()) == 1 and is_unlabelled_name(name, portal) else []


def _date_above(headline: HtmlElement) -> str | None:
    """A date with a time printed just above the headline. A date without one there is as
    likely the site header's "today"."""
    for text in reversed(_TEXT_BEFORE(headline)):  # nearest first
        piece = collapse(str(text))
        date = find_date_text(piece) if len(piece) <= MAX_BYLINE_CHARS else None
        if date and not _UPDATED.match(piece) and has_clock(date):
            return date
    return None


def author_markup(headline: HtmlElement | None, portal: PortalNames) -> list[str]:
    """A name marked as the author (rel/itemprop/class) among the texts after the headline."""
    if headline is None:
        return []
    for text in _AUTHOR_MARKUP_AFTER(headline):
        names = names_in(str(text), portal, strict=True)
        if names:
            return names
    return []


def page_credits(root: HtmlElement, portal: PortalNames) -> Credits:
    """Credits wherever the page prints them, the first one of each role that names a person:
    "Penulis: X", "Rep: X/ Red: Y", a closing "Reporter: X", credit panels and tables
    ("Editor" beside or above a name)."""
    credits = Credits()
    present = set(_CREDIT_SPELLING.findall(root.text_content()))
    spellings = tuple(spelling for spelling in CREDIT_SPELLINGS if spelling in present)
    if not spellings:
        return credits
    for text in _texts_containing(spellings)(root):
        piece = collapse(str(text))
        alone = ROLE_ALONE.match(piece)
        if alone:
            role = ROLES[" ".join(alone["label"].lower().split())]
            found = credits.of(role)
            if found is not None and not found:
                value = _value_beside(text, piece, bool(alone["colon"]))
                credits.add(role, names_in(value, portal) if value else [])
            continue
        for role, value in credit_segments(piece):
            found = credits.of(role)
            if found is not None and not found:
                credits.add(role, names_in(value, portal))
    return credits


@lru_cache(maxsize=256)
def _texts_containing(spellings: tuple[str, ...]) -> etree.XPath:
    """The page's short texts holding one of the credit labels it prints: one pass over the
    tree for the few labels present (the page's whole text tells which), compiled once for
    each set of labels."""
    tests = " or ".join(f"contains(., '{spelling}')" for spelling in spellings)
    return etree.XPath(
        f"//body//text()[string-length() < 400][not(parent::script or parent::style)][{tests}]"
    )


def _value_beside(text: Any, label: str, colon: bool) -> str | None:
    """The name a role printed on its own credits: the other text of the smallest element
    holding the role and one more text ("Johan Fatzry" + "Editor"; a table row "Penulis" +
    ": Masriadi"), else the next text ("Reporter :" then a link)."""
    parent = text.getparent()
    if parent is None:
        return None
    element = parent.getparent() if text.is_tail else parent
    for _ in range(3):
        if element is None:
            return None
        pieces = [collapse(str(t)) for t in element.itertext()]
        pieces = [piece for piece in pieces if not _WORDLESS.match(piece)]
        if pieces != [label]:
            break
        element = element.getparent()
    if element is not None and len(pieces) == 2 and not (colon and pieces[1] == label):
        return pieces[1] if pieces[0] == label else pieces[0]
    # the label's own text comes first: the element's text, or the tail after the element
    following = (_TEXTS_AFTER_END if text.is_tail else _TEXTS_FROM)(parent)[1:]
    after = [collapse(str(t)) for t in following]
    return next((piece for piece in after if not _WORDLESS.match(piece)), None)


def printed_dates(
    root: HtmlElement, hints: PortalHints, headline: HtmlElement | None, byline_date: str | None
) -> Iterator[str | None]:
    """The page's printed publication dates, best first, read only as far as needed: where
    the profile says, the byline, <time datetime>, elements classed as dates after the
    headline (anywhere when there is none), "Diperbarui" ones left out; a byline's "2 jam
    yang lalu" only when nothing gives the date itself."""
    for expression in hints.date_xpaths:
        yield from (node_text(node) for node in compiled_xpath(expression)(root))
    relative = bool(byline_date) and is_relative(byline_date or "")
    if not relative:
        yield byline_date
    yield from (str(value) for value in _TIME_VALUES(root))
    elements = _DATE_ELEMENTS(root) if headline is None else _DATE_ELEMENTS_AFTER(headline)
    for element in elements:
        text = collapse("".join(element.itertext()))
        if len(text) <= MAX_BYLINE_CHARS and not _UPDATED.match(text):
            yield find_date_text(text)
    if relative:
        yield byline_date
