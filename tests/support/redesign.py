"""A portal's redesign, imitated: every class and id of a page renamed, text and links kept."""

from __future__ import annotations

import re

CLASS_OR_ID = re.compile(rb'\b(class|id)="([^"]*)"')


def redesigned(page: bytes) -> bytes:
    """The page with every class and id renamed ("title-detail" -> "v2-title-detail")."""
    return CLASS_OR_ID.sub(
        lambda m: m[1] + b'="' + b" ".join(b"v2-" + name for name in m[2].split()) + b'"', page
    )
