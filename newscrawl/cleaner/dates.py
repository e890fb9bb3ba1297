"""Dates of Indonesian news pages: date strings to ISO 8601 with a UTC offset (or None and a
reason, never a guess), and the choice between a page's structured and printed dates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import partial
from typing import Any

from newscrawl.cleaner.hints import PortalHints
from newscrawl.cleaner.html import ld_text

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
_TIME = rf"(?:[\s,|\-\u2013\u2014]*(?:T|pukul|pkl\.?|jam|at)?\s*{_CLOCK}{_ZONE})?"
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
_MAY_HOLD_DATE = re.compile(r"\d|kemarin|yesterday", re.IGNORECASE)
_DASHED_CLOCK = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})")
"""detik's meta "2022-12-10T22-10-07Z": an ISO time written with dashes."""
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
        match = _first_match(_DASHED_CLOCK.sub(r"\1:\2:\3", text))
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


def has_clock(text: str) -> bool:
    """Whether a date text gives the time of day ("10 Des 2022 07:16 WIB"), not only the day."""
    return bool(_group(text, "H"))


def names_regional_zone(text: str) -> bool:
    """Whether a date text names WIB, WITA or WIT: the page's own statement of its clock."""
    return (_group(text, "zone") or "").upper() in ("WIB", "WITA", "WIT")


def is_relative(text: str) -> bool:
    """Whether a date text counts back from now ("2 jam yang lalu", "kemarin")."""
    return bool(_group(text, "unit") or _group(text, "yesterday"))


def _group(text: str, name: str) -> str | None:
    try:
        match = _first_match(text)
    except Exception:
        return None
    return match.groupdict().get(name) if match else None


def _first_match(text: str) -> re.Match[str] | None:
    if not _MAY_HOLD_DATE.search(text):
        return None  # every form has a digit but "kemarin"
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
CREATED_META = ("datecreated", "createdate", "article:created_time")
"""Creation dates: never the publication date themselves, but when one carries the printed
time it is the printed date with its seconds."""
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod")
REGIONAL_OFFSETS = frozenset({"+07:00", "+08:00", "+09:00"})
"""Offsets of WIB, WITA and WIT: a structured date in another one is checked against print."""
MISLABELLED_OFFSETS = frozenset({"+00:00", "-07:00", "-08:00", "-09:00"})
"""How portals mislabel a local wall-clock time: as UTC ("Z") or with the sign flipped."""
MAX_PRINT_CORRECTION = timedelta(days=1)
"""A printed date further than this from the structured one is another story's date."""


def page_dates(
    article: dict[str, Any],
    meta: dict[str, str],
    hints: PortalHints,
    now: datetime | None,
    printed: Callable[[], Iterable[str | None]],
    printed_update: Callable[[], str | None],
) -> tuple[str | None, str | None, list[str]]:
    """(published_at, modified_at, warnings): structured data first; the printed date when
    there is none, or to correct an offset no portal of the region uses. `printed`: the
    printed publication dates, best first; `printed_update`: a printed "Diperbarui" date."""
    offset = timezone(timedelta(hours=hints.utc_offset_hours))
    warnings: list[str] = []
    published = [
        ld_text(article.get("datePublished")),
        *(meta.get(name) for name in PUBLISHED_META),
    ]
    structured, structured_reason, _ = _date(published, now, offset)
    published_at, restate = structured, _as_given
    if structured is None or structured[19:] not in REGIONAL_OFFSETS:
        visible, visible_reason, text = _printed_date(printed(), now, offset)
        if structured and visible:
            created = [ld_text(article.get("dateCreated")), *(meta.get(n) for n in CREATED_META)]
            others = [_date([c], now, offset)[0] for c in created]
            candidates = [structured, *(other for other in others if other)]
            printed_zone = names_regional_zone(text or "")
            published_at, restate = _arbitrate(candidates, visible, printed_zone)
        else:
            published_at = structured or visible
        if published_at is None:
            reason = structured_reason if structured_reason != "missing" else visible_reason
            warnings.append(f"published_at:{reason}")
    modified = [ld_text(article.get("dateModified")), *(meta.get(n) for n in MODIFIED_META)]
    modified_at, reason, _ = _date(modified, now, offset)
    if modified_at:
        modified_at = restate(modified_at)
    elif reason == "missing":
        modified_at, reason, _ = _date([printed_update()], now, offset)
    if reason and reason != "missing":
        warnings.append(f"modified_at:{reason}")
    return published_at, modified_at, warnings


def _date(
    candidates: Iterable[str | None], now: datetime | None, offset: timezone
) -> tuple[str | None, str | None, str | None]:
    """(date, None, its text) of the first candidate that parses; else (None, the most
    telling reason ("future" over others), None)."""
    reasons = []
    for candidate in candidates:
        if not candidate:
            continue
        parsed = parse_date(candidate, now=now, default_tz=offset)
        if parsed.iso:
            return parsed.iso, None, candidate
        reasons.append(parsed.reason)
    if "future" in reasons:
        return None, "future", None
    return None, "unparseable" if reasons else "missing", None


def _printed_date(
    candidates: Iterable[str | None], now: datetime | None, offset: timezone
) -> tuple[str | None, str | None, str | None]:
    """Like `_date`, but a date printed without its time is completed by a later candidate
    that gives the same day with the time ("20 Nov 2019" and <time> "2019-11-20T10:03")."""
    remaining = iter(candidates)
    found, reason, text = _date(remaining, now, offset)
    if found is None or not text or has_clock(text):
        return found, reason, text
    for candidate in remaining:
        if candidate and has_clock(candidate):
            parsed = parse_date(candidate, now=now, default_tz=offset)
            if parsed.iso and parsed.iso[:10] == found[:10]:
                return parsed.iso, None, candidate
    return found, reason, text


def _arbitrate(
    structured: list[str], visible: str, visible_names_zone: bool
) -> tuple[str, Callable[[str], str]]:
    """The publication date when structured data uses an offset no portal of the region uses,
    and how to restate the page's other structured dates alike.

    A structured date carrying the printed wall-clock time under another offset (portals
    emit "13:00-07:00" or "13:00Z" for 13:00 WIB) is the printed date with its seconds; one
    naming the printed moment in UTC is restated in the printed offset; one contradicting a
    time printed in WIB, WITA or WIT is wrong; else the structured date is kept (a printed
    time without a zone may be another region's clock)."""
    printed_offset = visible[19:]
    for candidate in structured:
        if candidate[:16] == visible[:16] and candidate[19:] in MISLABELLED_OFFSETS:
            relabel = partial(_relabelled, offset=printed_offset)
            return relabel(candidate), relabel
    seen = datetime.fromisoformat(visible)
    for candidate in structured:
        when = datetime.fromisoformat(candidate).astimezone(seen.tzinfo)
        if when.replace(second=0) == seen.replace(second=0):
            convert = partial(_converted, zone=seen.tzinfo)
            return convert(candidate), convert
    first = datetime.fromisoformat(structured[0])
    if visible_names_zone and abs(first - seen) <= MAX_PRINT_CORRECTION:
        return visible, _as_given
    return structured[0], _as_given


def _as_given(iso: str) -> str:
    return iso


def _relabelled(iso: str, offset: str) -> str:
    return iso[:19] + offset


def _converted(iso: str, zone: tzinfo | None) -> str:
    return datetime.fromisoformat(iso).astimezone(zone).isoformat(timespec="seconds")
