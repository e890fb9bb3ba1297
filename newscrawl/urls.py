"""Canonical URLs: one spelling per article, shared by spiders, cleaner and store."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "igshid",
        "ref",
        "ref_src",
        "source",
        "src",
        "from",
        "amp",
        "utm",
        "cmpid",
    }
)
"""Query parameters that say where a reader came from, not which article it is."""
PAGINATION_PARAMS = frozenset(
    {"page", "halaman", "hal", "pg", "showall", "showpage", "page_num", "single"}
)
"""Query parameters that pick a page of an article; the article's URL is its first page."""
MOBILE_HOST_PREFIXES = ("m.", "amp.", "mobile.", "wap.")
SECOND_LEVEL_LABELS = frozenset({"co", "or", "go", "ac", "web", "my", "sch", "net", "com"})
"""Labels under a country code that do not name a site ("x.co.id" is the site "x")."""
_AMP_PATH = re.compile(r"/amp/?$|/amp(?=/)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The article's one spelling: no tracking or page parameters, no AMP or mobile host.

    >>> canonical_url("https://m.suara.com/news/2019/11/22/100500/x?page=2&utm_source=fb#top")
    'https://www.suara.com/news/2019/11/22/100500/x'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    for prefix in MOBILE_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = "www." + host[len(prefix) :]
            break
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_noise_param(key)
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def _is_noise_param(key: str) -> bool:
    key = key.lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS or key in PAGINATION_PARAMS


def absolute_url(base: str | None, href: str) -> str | None:
    """`href` resolved against `base` (as it is without one); None when it is no URL Python
    can read, such as "https://[media.example.com/a.jpg" (an unbalanced IPv6 bracket), which
    pages do carry: one such link must not cost the article it sits in."""
    try:
        if base and not href.startswith(("https://", "http://")):
            href = urljoin(base, href)
        if not href.isascii() or "[" in href or "]" in href:  # what urlsplit may refuse
            urlsplit(href)
    except ValueError:
        return None
    return href


def url_key(url: str) -> int:
    """A 64-bit key for a URL: sets and indexes of keys take a fraction of the strings' memory
    (collisions are negligible below billions of URLs)."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big")


def host_of(url: str) -> str:
    """Lower-case host name of a URL, '' if it has none or cannot be read."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # "https://[www...": an unbalanced IPv6 bracket
        return ""


def on_domains(url: str, domains: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether the URL's host is one of the domains or a subdomain of one."""
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def on_site(url: str, domains: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether the URL is a web page (http or https) on one of the domains."""
    # the host first: a URL whose host cannot be read is on no site (and urlsplit refuses it)
    return on_domains(url, domains) and urlsplit(url).scheme in ("http", "https")


def same_site(first: str, second: str) -> bool:
    """Whether two URLs are on the same registrable domain ("www.x.co.id" and "m.x.co.id")."""
    return bool(host_of(first)) and _root_domain(first) == _root_domain(second)


def _root_domain(address: str) -> str:
    labels = host_of(address).split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_LABELS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
