"""All site knowledge: one module per portal, each defining `PORTAL`; this registry finds them."""

from __future__ import annotations

from newscrawl.portals import liputan6, merdeka, suara, tribunnews
from newscrawl.portals.base import Portal

PORTALS: dict[str, Portal] = {
    portal.name: portal
    for portal in (suara.PORTAL, merdeka.PORTAL, liputan6.PORTAL, tribunnews.PORTAL)
}


def portal_named(name: str) -> Portal:
    """The registered portal of that name; KeyError names the known ones."""
    try:
        return PORTALS[name]
    except KeyError:
        raise KeyError(f"unknown portal {name!r}; known: {', '.join(sorted(PORTALS))}") from None


def portal_for_url(url: str) -> Portal | None:
    """The portal a URL belongs to, or None for a site without a profile."""
    return next((portal for portal in PORTALS.values() if portal.owns(url)), None)
