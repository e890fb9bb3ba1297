"""Dates of Indonesian news pages: date strings to ISO 8601 with a UTC offset (or None and a
reason, never a guess), and the choice between a page's structured and printed dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import compiled_xpath, ld_text, node_text, text_of

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))

MONTHS: dict[str, int] = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
ZONES: dict[str, tzinfo] = {
    "WIB": WIB,
    "WITA": WITA,
    "WIT": WIT,
    "Z": timezone.utc,
    "GMT": timezone.utc,
    "UTC": timezone.utc,
}
UNITS: dict[str, timedelta] = {
    **dict.fromkeys(["detik", "seconds", "second", "secs", "sec"], timedelta(seconds=1)),
    **dict.fromkeys(["menit", "minutes", "minute", "mins", "min"], timedelta(minutes=1)),
    **dict.fromkeys(["jam", "hours", "hour"], timedelta(hours=1)),
    **dict.fromkeys(["hari", "days", "day"], timedelta(days=1)),
    **dict.fromkeys(["minggu", "pekan", "weeks", "week"], timedelta(weeks=1)),
}


def _alternation(words: dict[str, object]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<mon>{_alternation(MONTHS)})\b"
_CLOCK = (
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,]\d+)?)?(?!\d)"
    r"(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
)
# The trailing \b keeps "WIT" from matching the start of "WITA".
_ZONE = (
    r"(?:\s*(?P<zone>WITA|WIB|WIT|(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?"
    r"|[+-]\d{2}(?::?\d{2})?|Z)\b)?"
)
_TIME = rf"(?:[\s,|\-\u2013\u2014]*(?:T|pukul|pkl\.?|jam)?\s*{_CLOCK}{_ZONE})?"
_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # 2019-11-22T10:05:00+07:00, 2019/11/22 10:05
        rf"(?<!\d)(?P<y>\d{{4}})(?P<sep>[-/])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d){_TIME}",
        # 09/10/2020, 14:14 WITA (day first)
        rf"(?<!\d)(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})(?!\d){_TIME}",
        # Jumat, 22 November 2019 | 10:05 WIB
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]*{_MONTH}\.?[\s,\-]*(?P<y>\d{{4}})(?!\d){_TIME}",
        # November 22, 2019 10:05 AM
        rf"\b{_MONTH}\.?\s+(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?,?\s*(?P<y>\d{{4}})(?!\d){_TIME}",
        # 20191122100500, only as the whole text
        r"^\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?\s*$",
        # 2 jam yang lalu, 3 hours ago
        rf"(?<!\d)(?P<n>\d+)\s*(?P<unit>{_alternation(UNITS)})\b\s*(?:yang\s+)?(?:lalu|ago)\b",
        # kemarin, 10:05 WIB
        rf"\b(?P<yesterday>kemarin|yesterday)\b{_TIME}",
    )
]
_WRITTEN_YEAR = re.compile(r"(?:\b\d{4}\b|['\u2019]\d{2}\b)")
_OFFSET = re.compile(r"([+-])(\d{1,2}):?(\d{2})?")
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
}


@dataclass(frozen=True)
class ParsedDate:
    iso: str | None
    """"2019-11-22T10:05:00+07:00" (seconds always, no microseconds) or None."""
    reason: str | None
    """None when iso is set; else "missing", "unparseable" or "future"."""


def parse_date(
    text: str | None,
    *,
    now: datetime | None = None,
    default_tz: tzinfo = WIB,
    future_tolerance: timedelta = timedelta(minutes=15),
) -> ParsedDate:
    """Parse a date from JSON-LD, a meta tag or a printed byline; never guesses, never raises."""
    try:
        if text is None or not text.strip():
            return ParsedDate(None, "missing")
        now = datetime.now(timezone.utc) if now is None else now
        now = now if now.tzinfo else now.replace(tzinfo=default_tz)
        match = _first_match(text)
        if match:
            when = _from_match(match, now.astimezone(default_tz), default_tz)
        else:
            when = _with_dateparser(text, now.astimezone(default_tz), default_tz)
        if when is not None and when > now + future_tolerance:
            return ParsedDate(None, "future")
        if when is not None:
            return ParsedDate(when.isoformat(timespec="seconds"), None)
    except Exception:  # any failure means the text is not a usable date
        pass
    return ParsedDate(None, "unparseable")


def find_date_text(text: str) -> str | None:
    """The first substring of a longer text (a byline) that looks like a date, or None."""
    try:
        match = _first_match(text)
    except Exception:
        return None
    return match.group(0).strip() if match else None


def _first_match(text: str) -> re.Match[str] | None:
    found = [m for pattern in _PATTERNS if (m := pattern.search(text))]
    return min(found, key=lambda m: m.start(), default=None)


def _from_match(match: re.Match[str], now: datetime, default_tz: tzinfo) -> datetime:
    """Build the datetime a regex match describes; ValueError for impossible dates."""
    g = match.groupdict()
    if g.get("unit"):
        return now - int(g["n"]) * UNITS[g["unit"].lower()]
    if g.get("yesterday"):
        day = (now - timedelta(days=1)).date()
        year, month, mday = day.year, day.month, day.day
    else:
        month = MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
        year, mday = int(g["y"]), int(g["d"])
    hour, minute, second = (int(g.get(k) or 0) for k in ("H", "M", "S"))
    ampm = (g.get("ampm") or "").lower()
    if ampm and not 1 <= hour <= 12:
        raise ValueError(f"{hour} {ampm}m")
    if ampm:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    zone = _zone(g.get("zone"), default_tz)
    return datetime(year, month, mday, hour, minute, second, tzinfo=zone)


def _zone(name: str | None, default_tz: tzinfo) -> tzinfo:
    if not name:
        return default_tz
    name = "".join(name.upper().split())
    if name in ZONES:
        return ZONES[name]
    match = _OFFSET.fullmatch(name.removeprefix("GMT").removeprefix("UTC"))
    if not match:
        raise ValueError(f"unknown zone {name!r}")
    offset = timedelta(hours=int(match[2]), minutes=int(match[3] or 0))
    return timezone(-offset if match[1] == "-" else offset)


def _with_dateparser(text: str, now: datetime, default_tz: tzinfo) -> datetime | None:
    """Slow path for unusual wording; a result whose year is not written in the text is a guess."""
    if not _WRITTEN_YEAR.search(text):
        return None  # whatever dateparser made of it, the year would be a guess
    import dateparser  # slow to import: only when the regexes found nothing

    settings = {**_DATEPARSER_SETTINGS, "RELATIVE_BASE": now.replace(tzinfo=None)}
    when = dateparser.parse(text, languages=["id", "en"], settings=settings)
    if when is None:
        return None
    year = str(when.year)
    if year not in text and not any(q + year[2:] in text for q in "'\u2019"):
        return None
    return when if when.tzinfo else when.replace(tzinfo=default_tz)


# -- choosing a page's dates ---------------------------------------------------------------

_TIME = etree.XPath("//time[@datetime]/@datetime")
_DATE_ELEMENTS = etree.XPath(
    "//*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'tanggal')"
    " or contains(@class, 'waktu') or contains(@class, 'publish') or contains(@id, 'date')]"
)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "content_publisheddate",
    "dc.date.issued",
    "dc.date",
    "date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod")
REGIONAL_OFFSETS = frozenset({"+07:00", "+08:00", "+09:00"})
"""Offsets of WIB, WITA and WIT: a structured date in another one is checked against print."""


def page_dates(
    article: dict[str, Any],
    meta: dict[str, str],
    root: HtmlElement,
    hints: PortalHints,
    now: datetime | None,
    byline_date: Callable[[], str | None],
) -> tuple[str | None, str | None, list[str]]:
    """(published_at, modified_at, warnings): structured data first; the printed date when
    there is none, or to correct an offset no portal of the region uses."""
    offset = timezone(timedelta(hours=hints.utc_offset_hours))
    warnings: list[str] = []
    published = [
        ld_text(article.get("datePublished")),
        *(meta.get(name) for name in PUBLISHED_META),
    ]
    structured, structured_reason = _date(published, now, offset)
    published_at = structured
    if structured is None or structured[19:] not in REGIONAL_OFFSETS:
        visible, visible_reason = _date(_visible_dates(root, hints, byline_date()), now, offset)
        published_at = _agreeing(structured, visible) or visible
        if published_at is None:
            reason = structured_reason if structured_reason != "missing" else visible_reason
            warnings.append(f"published_at:{reason}")
    modified = [ld_text(article.get("dateModified")), *(meta.get(n) for n in MODIFIED_META)]
    modified_at, reason = _date(modified, now, offset)
    if modified_at and structured and published_at and structured[19:] != published_at[19:]:
        # the structured offset was wrong for the publication date; it is for this one too
        modified_at = modified_at[:19] + published_at[19:]
    if reason and reason != "missing":
        warnings.append(f"modified_at:{reason}")
    return published_at, modified_at, warnings


def _date(
    candidates: list[str | None], now: datetime | None, offset: timezone
) -> tuple[str | None, str | None]:
    """The first candidate that parses; else the most telling reason ("future" over others)."""
    reasons = []
    for candidate in candidates:
        if not candidate:
            continue
        parsed = parse_date(candidate, now=now, default_tz=offset)
        if parsed.iso:
            return parsed.iso, None
        reasons.append(parsed.reason)
    if "future" in reasons:
        return None, "future"
    return None, "unparseable" if reasons else "missing"


def _agreeing(structured: str | None, visible: str | None) -> str | None:
    """Structured data wins, except when it carries the printed wall-clock time under another
    offset (some portals emit "13:00-07:00" for 13:00 WIB): then the printed date is right."""
    if (
        structured
        and visible
        and structured[:16] == visible[:16]
        and structured[19:] != visible[19:]
    ):
        return structured[:19] + visible[19:]
    return structured


def _visible_dates(
    root: HtmlElement, hints: PortalHints, byline_date: str | None
) -> list[str | None]:
    texts: list[str | None] = []
    for expression in hints.date_xpaths:
        texts.extend(node_text(node) for node in compiled_xpath(expression)(root))
    texts.extend(str(value) for value in _TIME(root))
    for element in _DATE_ELEMENTS(root):
        text = text_of(element)
        if len(text) <= 120:
            texts.append(find_date_text(text))
    texts.append(byline_date)
    return texts
