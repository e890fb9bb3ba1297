"""Tabbed boxes ("Terpopuler | Terkomentari"): which tab names which panel. A tab is one of a
row of in-page links to the panels' ids, or, without links, one of a row of short labels
standing right before as many panels of one shape (the first label names the first panel)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.html import text_of

TAB_ROW_CLIMB = 3
"""How far above a tab the row holding its fellow tabs may be ("<ul><li><a>")."""
MAX_TAB_WORDS = 3
_IN_PAGE_LINKS = etree.XPath("//a[starts-with(@href, '#') and string-length(@href) > 1]")
_BY_ID = etree.XPath("//*[@id=$id]")


class Tabs:
    """The tabs of one page."""

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        links = _IN_PAGE_LINKS(root)
        rows: dict[HtmlElement, set[str]] = {}
        for link in links:
            for ancestor in _nearest_ancestors(link):
                rows.setdefault(ancestor, set()).add(link.get("href") or "")
        self.by_panel_id: dict[str, HtmlElement] = {}
        """A tab by the id of the panel it shows; only links in a row of two or more."""
        for link in links:
            if any(len(rows[ancestor]) > 1 for ancestor in _nearest_ancestors(link)):
                self.by_panel_id.setdefault((link.get("href") or "")[1:], link)

    def tab_of(self, panel: HtmlElement) -> str | None:
        """The label of the tab that shows this panel, if it is a tabbed box's panel."""
        identifier = panel.get("id")
        tab = self.by_panel_id.get(identifier) if identifier else None
        if tab is not None:
            return text_of(tab) or None
        return _label_by_position(panel)

    def panel_of(self, tab: HtmlElement) -> HtmlElement | None:
        """The panel a tab (an in-page link in a row of tabs) shows."""
        identifier = (tab.get("href") or "")[1:]
        if self.by_panel_id.get(identifier) is not tab:
            return None
        panels = _BY_ID(self.root, id=identifier)
        return panels[0] if panels else None


def _nearest_ancestors(element: HtmlElement) -> list[HtmlElement]:
    ancestors = []
    for ancestor in element.iterancestors():
        ancestors.append(ancestor)
        if len(ancestors) == TAB_ROW_CLIMB:
            break
    return ancestors


def _label_by_position(panel: HtmlElement) -> str | None:
    """For the n-th of a run of panels shaped alike, the n-th short label of the row just
    before the run ("<ul><li>Terkini</li><li>Terpopuler</li></ul><div class=tab>...")."""
    shape = (panel.tag, panel.get("class"))
    if not panel.get("class"):
        return None
    before = [panel]
    for sibling in panel.itersiblings(preceding=True):
        if (sibling.tag, sibling.get("class")) != shape:
            row = sibling
            break
        before.append(sibling)
    else:
        return None
    after = sum(
        1 for sibling in panel.itersiblings() if (sibling.tag, sibling.get("class")) == shape
    )
    labels = [text_of(item) for item in row if isinstance(item.tag, str)]
    if len(labels) != len(before) + after or len(labels) < 2:
        return None
    if not all(0 < len(label.split()) <= MAX_TAB_WORDS for label in labels):
        return None
    return labels[len(before) - 1]
