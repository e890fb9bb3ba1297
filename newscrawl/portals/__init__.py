"""All site knowledge: one module per portal, each defining `PORTAL`; this registry finds them,
and cleans a page with the hints of its portal.

Worker processes receive only picklable values (bytes, strings, options) and look the
portal's hints up by name, so the same call works inline and in a process pool.
"""

from __future__ import annotations

from datetime import datetime

from newscrawl.cleaner import GENERIC, CleanerOptions, Extraction, clean_html
from newscrawl.portals import (
    antaranews,
    cnbcindonesia,
    cnnindonesia,
    detik,
    kompas,
    kumparan,
    liputan6,
    mediaindonesia,
    merdeka,
    okezone,
    republika,
    sindonews,
    suara,
    tempo,
    tribunnews,
    viva,
)
from newscrawl.portals.base import Portal

PORTALS: dict[str, Portal] = {
    module.PORTAL.name: module.PORTAL
    for module in (
        suara,
        detik,
        kompas,
        tribunnews,
        liputan6,
        merdeka,
        okezone,
        antaranews,
        republika,
        tempo,
        cnnindonesia,
        cnbcindonesia,
        kumparan,
        sindonews,
        viva,
        mediaindonesia,
    )
}
"""Every registered portal by name; a new portal is a module here and its fixtures (see
docs/adding-a-portal.md)."""


def portal_named(name: str) -> Portal:
    """The registered portal of that name; KeyError names the known ones."""
    try:
        return PORTALS[name]
    except KeyError:
        raise KeyError(f"unknown portal {name!r}; known: {', '.join(sorted(PORTALS))}") from None


def portal_for_url(url: str) -> Portal | None:
    """The portal a URL belongs to, or None for a site without a profile."""
    return next((portal for portal in PORTALS.values() if portal.owns(url)), None)


def extract_page(
    body: bytes | str,
    url: str | None,
    *,
    portal: str | None = None,
    generic: bool = False,
    options: CleanerOptions | None = None,
    content_type: str | None = None,
    now: datetime | None = None,
    truncated: bool = False,
) -> Extraction:
    """Clean one page with the hints of `portal` (by name), or of the portal owning `url`;
    `generic`: with no portal's hints, as a page of an unknown site."""
    if generic:
        known = None
    else:
        known = PORTALS.get(portal) if portal else (portal_for_url(url) if url else None)
    hints = known.hints if known else GENERIC
    return clean_html(
        body,
        url,
        hints=hints,
        options=options,
        now=now,
        content_type=content_type,
        truncated=truncated,
    )
