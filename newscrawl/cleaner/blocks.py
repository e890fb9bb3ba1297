"""Find the portal's link blocks by their shape, cut them out of the tree, return their links.

A link block is recognised by what it is, not by class names; the finders run in this order,
each on what the previous ones left:
- portal blocks: the XPaths a portal profile names (`PortalHints.block_xpaths`);
- inline lines: a label and links in one line ("Baca Juga: <a>"), a bullet and one link;
- headed blocks: a known heading ("Berita Terkait", a tab "Terpopuler") and the run of link
  siblings (or the tab panel) after it;
- link runs: items that are each one link to an article or a tag page, three or more (two
  under a heading), headed by whatever stands right above them or by nothing ("related").
The page's own menus, header and footer are navigation: never blocks, and dropped with them.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from newscrawl.cleaner.cutter import BlockCutter
from newscrawl.cleaner.headed import heading_blocks, heading_kind_inside
from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_xpath
from newscrawl.cleaner.inline import bullet_lines, inline_label_lines
from newscrawl.cleaner.lists import Items, link_runs
from newscrawl.items import RelatedLink


def cut_link_blocks(
    root: HtmlElement,
    page_url: str | None,
    hints: PortalHints,
    is_self_link: Callable[[str], bool],
    title: str | None = None,
) -> list[RelatedLink]:
    """Remove every link block from `root` (in place) and return their links in page order.
    `title`: the article's headline, which tells the page's header from its content."""
    cutter = BlockCutter(root, page_url, hints, is_self_link, title)
    cutter.items = Items(cutter)
    _portal_blocks(cutter)
    inline_label_lines(cutter)
    bullet_lines(cutter)
    heading_blocks(cutter)
    link_runs(cutter, cutter.items)
    return cutter.finish()


def _portal_blocks(cutter: BlockCutter) -> None:
    for expression, kind in cutter.hints.block_xpaths:
        for element in compiled_xpath(expression)(cutter.root):
            if not cutter.is_attached(element):
                continue
            block_kind = kind or heading_kind_inside(cutter, element) or "related"
            cutter.cut([element], cutter.links_of([element], block_kind))
