"""A crawl's configuration checked before anything is fetched or written: the spider, its
`-a` arguments and the NEWSCRAWL_* settings (type, range, files and folders), one function
per family of settings. Each problem raises a ValueError whose message names the argument
or setting and its value; the project's `scrapy crawl` turns it into exit status 2.

The store's settings (NEWSCRAWL_STORE..., NEWSCRAWL_NEAR_DUPLICATE_BITS, NEWSCRAWL_RECHECK_DAYS)
are checked by the store's side when the crawl starts (a ValueError there is exit status 2
too); a NEWSCRAWL_REPLAY archive past its first record when it is opened (read once)."""

from __future__ import annotations

import difflib
import math
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from newscrawl import settings as defaults
from newscrawl.archive import warc

KNOWN = frozenset(name for name in vars(defaults) if name.startswith("NEWSCRAWL_"))
"""Every NEWSCRAWL_* setting there is (newscrawl/settings.py defines each)."""


class SettingError(ValueError):
    """A setting's value is wrong; the message names the setting and its value."""


class SpiderNotFound(ValueError):
    """`scrapy crawl NAME` for a spider the project does not have."""


def check_crawl(settings: BaseSettings, spider_name: str, arguments: dict[str, Any]) -> None:
    """Everything a crawl of `spider_name` with these `-a` arguments needs, checked with the
    settings as the crawl will see them (the spider's own settings applied)."""
    loader = get_spider_loader(settings)
    try:
        spider_class = loader.load(spider_name)
    except KeyError:
        known = ", ".join(sorted(loader.list()))
        raise SpiderNotFound(f"no spider named {spider_name!r} (known: {known})") from None
    effective = settings.copy()
    spider_class.update_settings(effective)
    check_settings(effective)
    check_arguments = getattr(spider_class, "check_arguments", None)
    if check_arguments is not None:
        check_arguments(**arguments)


def check_settings(settings: BaseSettings) -> None:
    check_names(settings)
    check_cleaning(settings)
    check_retries(settings)
    check_archive(settings)
    check_outputs(settings)
    check_monitors(settings)


def check_names(settings: BaseSettings) -> None:
    """A NEWSCRAWL_* name that does not exist is a typo: refused, not ignored."""
    for name in settings:
        if name.startswith("NEWSCRAWL_") and name not in KNOWN:
            close = difflib.get_close_matches(name, KNOWN, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise SettingError(f"setting {name}: no such setting{hint}")


def check_cleaning(settings: BaseSettings) -> None:
    workers = settings.get("NEWSCRAWL_EXTRACT_WORKERS", defaults.NEWSCRAWL_EXTRACT_WORKERS)
    if workers not in (None, "", "auto"):  # as newscrawl.crawl.extraction reads it
        _number(settings, "NEWSCRAWL_EXTRACT_WORKERS", int, also='or "auto"')
    _number(settings, "NEWSCRAWL_EXTRACT_TIMEOUT", float)
    _number(settings, "NEWSCRAWL_MIN_WORDS", int)
    _number(settings, "NEWSCRAWL_MIN_WORDS_DECLARED_ARTICLE", int)
    _number(settings, "NEWSCRAWL_MAX_HTML_BYTES", int)
    _flag(settings, "NEWSCRAWL_FAVOR_PRECISION")
    _flag(settings, "NEWSCRAWL_FAST_EXTRACTION")


def check_retries(settings: BaseSettings) -> None:
    _number(settings, "NEWSCRAWL_RETRY_BASE_DELAY", float)
    _number(settings, "NEWSCRAWL_RETRY_MAX_DELAY", float)


def check_monitors(settings: BaseSettings) -> None:
    """The layout drift monitor's share is a number from 0 to 1, its minimum a whole number."""
    _number(settings, "NEWSCRAWL_LAYOUT_DRIFT_SHARE", float, at_most=1)
    _number(settings, "NEWSCRAWL_LAYOUT_DRIFT_MIN_ARTICLES", int)


def check_archive(settings: BaseSettings) -> None:
    """NEWSCRAWL_REPLAY a readable file that starts as a WARC archive (the rest is read when
    the crawl opens it), NEWSCRAWL_WARC_OUT a folder that exists or can be made, written in."""
    replay = settings.get("NEWSCRAWL_REPLAY")
    if replay:
        path = Path(replay).expanduser()
        if not path.is_file():
            problem = "a folder, not an archive" if path.is_dir() else "not a file"
            if not path.exists():
                problem = "no such file"
            raise SettingError(f"setting NEWSCRAWL_REPLAY={replay!r}: {problem}")
        if not os.access(path, os.R_OK):
            raise SettingError(f"setting NEWSCRAWL_REPLAY={replay!r}: the file cannot be read")
        try:
            warc.check_archive(path)
        except warc.ArchiveError as error:
            raise SettingError(f"setting NEWSCRAWL_REPLAY: {error}") from None
    warc_out = settings.get("NEWSCRAWL_WARC_OUT")
    if warc_out:
        _writable_folder(Path(warc_out).expanduser(), f"setting NEWSCRAWL_WARC_OUT={warc_out!r}")


def check_outputs(settings: BaseSettings) -> None:
    """The folders of NEWSCRAWL_STATS_OUT and of every feed kept in a local file can be made
    and written in, and each feed's format is one Scrapy knows. Only the part of a name
    before its first `%(...)s` placeholder is checked: the rest is known when the crawl runs."""
    stats_out = settings.get("NEWSCRAWL_STATS_OUT")
    if stats_out:
        _writable_output(str(stats_out), f"setting NEWSCRAWL_STATS_OUT={stats_out!r}")
    formats = set(settings.getwithbase("FEED_EXPORTERS"))
    for uri, options in settings.getdict("FEEDS").items():
        feed = f"feed {uri!r}"
        feed_format = (options or {}).get("format")
        if feed_format and feed_format not in formats:
            known = ", ".join(sorted(formats))
            raise SettingError(f"{feed}: unknown format {feed_format!r} (known: {known})")
        parts = urlsplit(str(uri))
        if parts.scheme in ("", "file"):  # other storages (s3://, ftp://...) are Scrapy's
            _writable_output(parts.path if parts.scheme else str(uri), feed)


def _number(
    settings: BaseSettings,
    name: str,
    kind: type[int] | type[float],
    also: str = "",
    at_most: float = math.inf,
) -> None:
    """The setting is a finite number of `kind`, 0 or more (and `at_most` at most)."""
    value = settings.get(name, getattr(defaults, name))
    bounds = ">= 0" if at_most == math.inf else f"from 0 to {at_most:g}"
    expected = f"{'a whole number' if kind is int else 'a number'} {bounds} {also}".rstrip()
    try:
        number = kind(str(value).strip())
    except ValueError:
        number = math.nan
    if isinstance(value, bool) or not (0 <= number < math.inf and number <= at_most):
        raise SettingError(f"setting {name}={value!r}: expected {expected}")


def _flag(settings: BaseSettings, name: str) -> None:
    try:
        settings.getbool(name, getattr(defaults, name))
    except ValueError:
        value = settings.get(name)
        raise SettingError(f"setting {name}={value!r}: expected True or False") from None


def _writable_output(name: str, what: str) -> None:
    """The folder of an output file named `name` (placeholders allowed) can be written in."""
    if name == "-" or name.startswith(("/dev/", "/proc/")):
        return  # standard output or a device: opened as it is
    fixed = name.split("%(", 1)[0]
    folder = Path(fixed).expanduser() if fixed.endswith("/") else Path(fixed).expanduser().parent
    target = Path(name).expanduser()
    if fixed == name and target.is_dir():
        raise SettingError(f"{what}: a folder, not a file")
    _writable_folder(folder, what)


def _writable_folder(folder: Path, what: str) -> None:
    """`folder` is a folder that can be written in, or can be made inside one."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise SettingError(f"{what}: cannot make the folder {folder}: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SettingError(f"{what}: cannot write in the folder {existing}")
