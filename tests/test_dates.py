"""Tests for newscrawl.cleaner.dates: date strings from Indonesian news pages to ISO 8601."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.cleaner import clean_html, dates
from newscrawl.cleaner.dates import WIB, WIT, WITA, ParsedDate, find_date_text, parse_date

NOW = datetime(2024, 12, 2, 12, 0, 0, tzinfo=WIB)  # Senin, 2 Desember 2024 12:00 WIB


def test_zone_constants() -> None:
    assert WIB.utcoffset(None) == timedelta(hours=7)
    assert WITA.utcoffset(None) == timedelta(hours=8)
    assert WIT.utcoffset(None) == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # structured data (JSON-LD, meta tags)
        ("2019-11-22T10:05:00+07:00", "2019-11-22T10:05:00+07:00"),
        ("2019-11-22T03:05:00Z", "2019-11-22T03:05:00+00:00"),
        ("2019-11-22T10:05:00-05:00", "2019-11-22T10:05:00-05:00"),
        ("2019-11-22 10:05:00", "2019-11-22T10:05:00+07:00"),
        ("2019-11-22T10:05:00.000+0700", "2019-11-22T10:05:00+07:00"),
        ("2019-11-22T10:05:00.123456+07:00", "2019-11-22T10:05:00+07:00"),
        ("2019-11-22", "2019-11-22T00:00:00+07:00"),
        ("  2019-11-22T10:05  ", "2019-11-22T10:05:00+07:00"),
        ("2019/11/22 10:05", "2019-11-22T10:05:00+07:00"),
        ("20191122100500", "2019-11-22T10:05:00+07:00"),
        ("201911221005", "2019-11-22T10:05:00+07:00"),
        # Indonesian, as printed on pages
        ("Jumat, 22 November 2019 | 10:05 WIB", "2019-11-22T10:05:00+07:00"),
        ("Selasa, 11 Oktober 2022 | 08:00 WIB", "2022-10-11T08:00:00+07:00"),
        ("Selasa, 11 Oktober 2022 - 08:00 WIB", "2022-10-11T08:00:00+07:00"),
        ("26 Jun 2020, 13:58 WIB", "2020-06-26T13:58:00+07:00"),
        ("Rabu, 16 Juni 2021 13:00", "2021-06-16T13:00:00+07:00"),
        ("Kamis, 17 Juni 2021 09:54:50", "2021-06-17T09:54:50+07:00"),
        ("Jumat, 9 Oktober 2020 14:14 WIB", "2020-10-09T14:14:00+07:00"),
        ("Jumat, 22 November 2019 pukul 10.05 WIB", "2019-11-22T10:05:00+07:00"),
        ("Jumat (9/10/2020)", "2020-10-09T00:00:00+07:00"),
        ("22-11-2019 10:05", "2019-11-22T10:05:00+07:00"),
        ("22.11.2019 10.05 WIB", "2019-11-22T10:05:00+07:00"),
        ("Kamis, 1 Januari 2015", "2015-01-01T00:00:00+07:00"),
        ("Kamis, 12 Maret 2020", "2020-03-12T00:00:00+07:00"),
        ("3 Februari 2021", "2021-02-03T00:00:00+07:00"),
        ("3 Feb 2021", "2021-02-03T00:00:00+07:00"),
        ("3 Peb 2021", "2021-02-03T00:00:00+07:00"),
        ("3 Pebruari 2021", "2021-02-03T00:00:00+07:00"),
        ("5 Mei 2021", "2021-05-05T00:00:00+07:00"),
        ("30 Juli 2021", "2021-07-30T00:00:00+07:00"),
        ("17 Agustus 2021 10:00 WIB", "2021-08-17T10:00:00+07:00"),
        ("17 Agu 2021", "2021-08-17T00:00:00+07:00"),
        ("17 Agt 2021", "2021-08-17T00:00:00+07:00"),
        ("20 Sept 2021", "2021-09-20T00:00:00+07:00"),
        ("Senin, 4 Okt 2021", "2021-10-04T00:00:00+07:00"),
        ("10 Nopember 2021", "2021-11-10T00:00:00+07:00"),
        ("10 Nov 2021", "2021-11-10T00:00:00+07:00"),
        ("25 Desember 2020", "2020-12-25T00:00:00+07:00"),
        ("25 Des 2020", "2020-12-25T00:00:00+07:00"),
        ("rabu, 16 juni 2021 13:00 wib", "2021-06-16T13:00:00+07:00"),
        # as the portals print them
        ("Sabtu, 10 Des 2022 14:05 WIB", "2022-12-10T14:05:00+07:00"),
        ("Selasa, 23/02/2016 15:32 WIB", "2016-02-23T15:32:00+07:00"),
        ("Kamis, 5 November 2015 - 15:56 wib", "2015-11-05T15:56:00+07:00"),
        ("Jumat , 17 February 2017, 13:16 WIB", "2017-02-17T13:16:00+07:00"),
        ("pada 26 Apr 2021, 07:00 WIB", "2021-04-26T07:00:00+07:00"),
        ("on 16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),
        ("Rabu, 4 November 2015 | 21:04 WIB", "2015-11-04T21:04:00+07:00"),
        ("23 Februari 2016 17:15", "2016-02-23T17:15:00+07:00"),
        ("| 10 Juni 2021 18:50", "2021-06-10T18:50:00+07:00"),
        ("2016-02-23 T15:32:01Z", "2016-02-23T15:32:01+00:00"),
        ("2022-12-10T22-10-07Z", "2022-12-10T22:10:07+00:00"),
        ("Thu, 10 Jun 2021 18:50:00 GMT", "2021-06-10T18:50:00+00:00"),
        # English month and day names
        ("Friday, 22 Nov 2019 10:05", "2019-11-22T10:05:00+07:00"),
        ("Friday, 22 November 2019", "2019-11-22T00:00:00+07:00"),
        ("22 May 2019", "2019-05-22T00:00:00+07:00"),
        ("November 22, 2019 10:05 AM", "2019-11-22T10:05:00+07:00"),
        ("Nov 22, 2019, 3:05 pm", "2019-11-22T15:05:00+07:00"),
        ("Dec 1, 2019 12:30 AM", "2019-12-01T00:30:00+07:00"),
        # noise around the date: the first date wins
        (
            "Oleh Liputan6.com pada 26 Jun 2020, 13:58 WIB Diperbarui 27 Jun 2020, 14:30 WIB",
            "2020-06-26T13:58:00+07:00",
        ),
        ("Penulis: Budi | Editor: Ani | Senin, 2 Des 2024 07:30 WIB", "2024-12-02T07:30:00+07:00"),
        ("22 November 2019 12.500 views", "2019-11-22T00:00:00+07:00"),
    ],
)
def test_parses_known_forms(text: str, expected: str) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(expected, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09/10/2020, 14:14 WITA", "2020-10-09T14:14:00+08:00"),
        ("Senin, 2 Des 2024 07:30 WIT", "2024-12-02T07:30:00+09:00"),
        ("22 Nov 2019 10:05 WITA", "2019-11-22T10:05:00+08:00"),
        ("22 Nov 2019 10:05WITA", "2019-11-22T10:05:00+08:00"),
        ("22 Nov 2019 10:05 WIT.", "2019-11-22T10:05:00+09:00"),
        ("22 Nov 2019 10:05 GMT+7", "2019-11-22T10:05:00+07:00"),
        ("22 Nov 2019 10:05 UTC+8", "2019-11-22T10:05:00+08:00"),
        ("22 Nov 2019 10:05 GMT+05:30", "2019-11-22T10:05:00+05:30"),
        ("22 Nov 2019 10:05 +07:00", "2019-11-22T10:05:00+07:00"),
        ("22 Nov 2019 10:05 GMT", "2019-11-22T10:05:00+00:00"),
        ("22 Nov 2019 10:05 UTC", "2019-11-22T10:05:00+00:00"),
        ("Rabu, 4 November 2015 | 21:04 WITA", "2015-11-04T21:04:00+08:00"),
        ("Rabu, 4 November 2015 | 21:04 WIT", "2015-11-04T21:04:00+09:00"),
        ("on 16 Feb 2016 at 09:10 WITA", "2016-02-16T09:10:00+08:00"),
    ],
)
def test_time_zones(text: str, expected: str) -> None:
    assert parse_date(text, now=NOW).iso == expected


def test_default_tz_applies_only_without_a_zone() -> None:
    assert parse_date("2019-11-22 10:05:00", now=NOW, default_tz=WITA).iso == (
        "2019-11-22T10:05:00+08:00"
    )
    assert parse_date("22 Nov 2019 10:05 WIB", now=NOW, default_tz=WIT).iso == (
        "2019-11-22T10:05:00+07:00"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 jam yang lalu", "2024-12-02T10:00:00+07:00"),
        ("5 menit lalu", "2024-12-02T11:55:00+07:00"),
        ("30 detik yang lalu", "2024-12-02T11:59:30+07:00"),
        ("3 hari lalu", "2024-11-29T12:00:00+07:00"),
        ("2 minggu yang lalu", "2024-11-18T12:00:00+07:00"),
        ("3 hours ago", "2024-12-02T09:00:00+07:00"),
        ("Oleh Tim Redaksi - 45 menit yang lalu", "2024-12-02T11:15:00+07:00"),
        ("kemarin", "2024-12-01T00:00:00+07:00"),
        ("Kemarin, 10:05 WIB", "2024-12-01T10:05:00+07:00"),
    ],
)
def test_relative_dates_count_from_now(text: str, expected: str) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(expected, None)


def test_relative_dates_use_default_tz_whatever_the_zone_of_now() -> None:
    now_utc = datetime(2024, 12, 2, 5, 0, 0, tzinfo=timezone.utc)
    assert parse_date("2 jam yang lalu", now=now_utc).iso == "2024-12-02T10:00:00+07:00"
    naive_now = datetime(2024, 12, 2, 12, 0, 0)  # read as default_tz
    assert parse_date("2 jam yang lalu", now=naive_now).iso == "2024-12-02T10:00:00+07:00"


@pytest.mark.parametrize("text", ["sebulan yang lalu", "hari ini", "Berita hari ini", "baru saja"])
def test_unsupported_relative_forms_are_unparseable(text: str) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(None, "unparseable")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senin, 2 Des 2024 12:14 WIB", ParsedDate("2024-12-02T12:14:00+07:00", None)),
        ("Senin, 2 Des 2024 12:16 WIB", ParsedDate(None, "future")),
        ("Senin, 2 Des 2024 07:30 WIT", ParsedDate("2024-12-02T07:30:00+09:00", None)),
        ("Senin, 2 Des 2024 12:14 WITA", ParsedDate("2024-12-02T12:14:00+08:00", None)),
        ("2024-12-02T05:16:00Z", ParsedDate(None, "future")),
        ("2025-01-01", ParsedDate(None, "future")),
        ("3 Desember 2024", ParsedDate(None, "future")),
    ],
)
def test_future_dates_are_refused(text: str, expected: ParsedDate) -> None:
    assert parse_date(text, now=NOW) == expected


def test_future_tolerance_is_configurable() -> None:
    text = "Senin, 2 Des 2024 12:10 WIB"
    assert parse_date(text, now=NOW).iso == "2024-12-02T12:10:00+07:00"
    assert parse_date(text, now=NOW, future_tolerance=timedelta(0)).reason == "future"


def test_now_defaults_to_the_current_time() -> None:
    assert parse_date("2999-01-01 10:00").reason == "future"
    assert parse_date("2019-11-22 10:00").iso == "2019-11-22T10:00:00+07:00"


@pytest.mark.parametrize("text", [None, "", "   ", "\n\t"])
def test_missing(text: str | None) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(None, "missing")


@pytest.mark.parametrize(
    "text",
    [
        "lorem ipsum dolor",
        "Senin",
        "abc 2019",
        "November 2019",
        "Halaman 2 dari 5",
        "tanggal 22 bulan 11 tahun 2019",
        "Sabtu, 22/11/19",
    ],
)
def test_garbage_is_unparseable(text: str) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(None, "unparseable")


@pytest.mark.parametrize(
    "text",
    [
        "31 Februari 2019",
        "Sabtu, 30 Feb 2019 10:00 WIB",
        "2019-02-29",
        "2019-13-01",
        "31/04/2020",
        "22 Nov 2019 25:00",
        "22 Nov 2019 10:61",
        "22 Nov 2019 13:00 pm",
    ],
)
def test_impossible_dates_are_unparseable(text: str) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(None, "unparseable")


def test_leap_day_is_possible() -> None:
    assert parse_date("29 Februari 2020", now=NOW).iso == "2020-02-29T00:00:00+07:00"


@pytest.mark.parametrize(
    "text", ["22 November", "Jumat, 22 November 10:05 WIB", "22 Nov, 10:05", "22/11"]
)
def test_a_date_without_a_year_is_not_given_this_year(text: str) -> None:
    assert parse_date(text, now=NOW) == ParsedDate(None, "unparseable")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 Nov '19", "2019-11-22T00:00:00+07:00"),
        ("22 Nov '19 10:05 WITA", "2019-11-22T10:05:00+08:00"),
        ("2019, 22 November", "2019-11-22T00:00:00+07:00"),
        ("9 / 10 / 2020", "2020-10-09T00:00:00+07:00"),  # day-first here too
    ],
)
def test_dateparser_fallback(text: str, expected: str) -> None:
    assert find_date_text(text) is None  # not a fast-path form: only the fallback reads it
    assert parse_date(text, now=NOW) == ParsedDate(expected, None)


@pytest.mark.parametrize(
    "kwargs",
    [{"text": 12345}, {"text": "2019-11-22", "now": "yesterday"}, {"text": b"2019-11-22"}],
)
def test_never_raises(kwargs: dict[str, object]) -> None:
    assert parse_date(**kwargs) == ParsedDate(None, "unparseable")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Oleh Liputan6.com pada 26 Jun 2020, 13:58 WIB Diperbarui 27 Jun 2020, 14:30 WIB",
            "26 Jun 2020, 13:58 WIB",
        ),
        ("Reporter: Budi | Jumat, 22 November 2019 | 10:05 WIB", "22 November 2019 | 10:05 WIB"),
        ("Kompas.com - 09/10/2020, 14:14 WITA", "09/10/2020, 14:14 WITA"),
        ("Jumat (9/10/2020) siang", "9/10/2020"),
        ("Diterbitkan 2019-11-22T10:05:00+07:00 oleh redaksi", "2019-11-22T10:05:00+07:00"),
        ("Penulis: Ani - 2 jam yang lalu", "2 jam yang lalu"),
        ("Dibuat 22/11/2019, diperbarui 23 November 2019 10:00 WIB", "22/11/2019"),
        ("Update 23 November 2019 10:00 WIB (terbit 2019-11-22)", "23 November 2019 10:00 WIB"),
        ("Penulis: Ani | Editor: Budi", None),
        ("Halaman 2 dari 5", None),
        ("", None),
    ],
)
def test_find_date_text(text: str, expected: str | None) -> None:
    assert find_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "month"),
    [
        *[(f"3 {name} 2021", 1) for name in ("Januari", "January", "Jan")],
        *[(f"3 {name} 2021", 2) for name in ("Februari", "Pebruari", "February", "Feb", "Peb")],
        *[(f"3 {name} 2021", 3) for name in ("Maret", "March", "Mar")],
        *[(f"3 {name} 2021", 4) for name in ("April", "Apr")],
        *[(f"3 {name} 2021", 5) for name in ("Mei", "May")],
        *[(f"3 {name} 2021", 6) for name in ("Juni", "June", "Jun")],
        *[(f"3 {name} 2021", 7) for name in ("Juli", "July", "Jul")],
        *[(f"3 {name} 2021", 8) for name in ("Agustus", "August", "Agu", "Agt", "Ags", "Aug")],
        *[(f"3 {name} 2021", 9) for name in ("September", "Sept", "Sep")],
        *[(f"3 {name} 2021", 10) for name in ("Oktober", "October", "Okt", "Oct")],
        *[(f"3 {name} 2021", 11) for name in ("November", "Nopember", "Nov", "Nop")],
        *[(f"3 {name} 2021", 12) for name in ("Desember", "December", "Des", "Dec")],
    ],
)
def test_every_month_name_is_on_the_fast_path(text: str, month: int) -> None:
    assert find_date_text(f"Jumat, {text} oleh redaksi") == text
    assert parse_date(text, now=NOW).iso == f"2021-{month:02d}-03T00:00:00+07:00"


def test_find_date_text_result_parses_like_the_byline() -> None:
    byline = "Oleh Liputan6.com pada 26 Jun 2020, 13:58 WITA Diperbarui 27 Jun 2020, 14:30 WIB"
    found = find_date_text(byline)
    assert found is not None
    assert parse_date(found, now=NOW) == parse_date(byline, now=NOW)
    assert parse_date(found, now=NOW).iso == "2020-06-26T13:58:00+08:00"


def test_dateparser_is_imported_only_by_the_fallback() -> None:
    code = (
        "import sys\n"
        "from newscrawl.cleaner.dates import parse_date\n"
        "assert parse_date('Jumat, 22 November 2019 | 10:05 WIB').iso\n"
        "assert 'dateparser' not in sys.modules\n"
        'parse_date("22 Nov \'19")\n'
        "assert 'dateparser' in sys.modules\n"
    )
    root = Path(dates.__file__).resolve().parents[2]  # the checkout this test imported
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)


# -- a page's dates: structured data and print ---------------------------------------------

URL = "https://news.contoh.co.id/read/2016/02/23/153201/gardu-induk-baru-beroperasi"
PAGE_NOW = datetime(2026, 11, 29, 0, 0, 0, tzinfo=WIB)
TEXT = (
    "<p>Perusahaan listrik negara hari ini resmi mengoperasikan gardu induk baru beserta "
    "jaringannya untuk memperkuat pasokan listrik di kawasan industri sekitar kota.</p>"
)


def dates_of(byline: str, *, head: str = "", above: str = "") -> tuple[str | None, ...]:
    """(published_at, modified_at, warnings) of a small page: what is printed above the
    headline, the headline, the byline, the text."""
    html = (
        f"<html><head>{head}</head><body>{above}<h1>Gardu Induk Baru Beroperasi</h1>"
        f"{byline}{TEXT}</body></html>"
    )
    article = clean_html(html, URL, now=PAGE_NOW).article
    return article.published_at, article.modified_at, ",".join(article.warnings) or None


def structured(**dates: str) -> str:
    fields = ", ".join(f'"{key}": "{value}"' for key, value in dates.items())
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {fields}}}</script>'


@pytest.mark.parametrize(
    "byline",
    [
        "<div>Sabtu, 10 Des 2022 14:05 WIB</div>",
        "<span>Oleh</span> <a>Johan Fatzry</a> <span>pada 10 Des 2022, 14:05 WIB</span>",
        "<div>Penulis: Budi Santoso | Sabtu, 10 Des 2022 14:05 WIB</div>",
        "<time>Sabtu, 10 Des 2022 14:05</time>",
        "<a>JATENG</a> <a>| 10 Desember 2022 14:05</a>",
    ],
)
def test_the_printed_date_without_structured_data(byline: str) -> None:
    assert dates_of(byline) == ("2022-12-10T14:05:00+07:00", None, None)


def test_an_update_line_is_the_modified_date_not_the_published_one() -> None:
    byline = (
        "<span>pada 18 Jan 2019, 22:18 WIB</span>"
        "<span>Diperbarui</span> <span>07 Jun 2021, 20:56 WIB</span>"
    )
    assert dates_of(byline) == ("2019-01-18T22:18:00+07:00", "2021-06-07T20:56:00+07:00", None)
    only_update = "<span>Diperbarui 07 Jun 2021, 20:56 WIB</span>"
    assert dates_of(only_update) == (None, "2021-06-07T20:56:00+07:00", "published_at:missing")


def test_the_header_date_of_today_above_the_headline_is_not_taken() -> None:
    header = "<div class='date'>Rabu, 4 November 2015</div>"
    assert dates_of("", above=header) == (None, None, "published_at:missing")
    byline = "<div>Rabu, 4 November 2015 | 21:04 WIB</div>"
    assert dates_of(byline, above=header)[0] == "2015-11-04T21:04:00+07:00"


def test_a_date_with_its_time_just_above_the_headline_is_taken() -> None:
    above = "<a>Detail Artikel</a><div class='date'>Sabtu, 10 Des 2022 22:10 WIB</div><h4>NEWS</h4>"
    assert dates_of("", above=above)[0] == "2022-12-10T22:10:00+07:00"


def test_a_regional_structured_date_wins() -> None:
    head = structured(datePublished="2022-12-10T07:16:35+07:00")
    assert dates_of("<div>Sabtu, 10 Des 2022 07:16 WIB</div>", head=head)[0] == (
        "2022-12-10T07:16:35+07:00"
    )
    other = dates_of("<div>Sabtu, 10 Des 2022 09:00 WIB</div>", head=head)[0]
    assert other == "2022-12-10T07:16:35+07:00"


@pytest.mark.parametrize("offset", ["Z", "-07:00"])
def test_a_wall_clock_time_under_a_wrong_offset_takes_the_printed_one(offset: str) -> None:
    head = structured(
        datePublished=f"2021-06-10T18:50:00{offset}", dateModified=f"2021-06-10T19:33:22{offset}"
    )
    assert dates_of("<a>| 10 Juni 2021 18:50</a>", head=head) == (
        "2021-06-10T18:50:00+07:00",
        "2021-06-10T19:33:22+07:00",
        None,
    )


def test_a_utc_date_naming_the_printed_moment_is_restated_in_the_printed_zone() -> None:
    head = structured(datePublished="2016-02-16T02:09:27Z", dateModified="2016-02-16T04:23:10Z")
    assert dates_of("<time>on 16 Feb 2016 at 09:09 WIB</time>", head=head) == (
        "2016-02-16T09:09:27+07:00",
        "2016-02-16T11:23:10+07:00",
        None,
    )


def test_a_creation_date_carrying_the_printed_time_gives_the_seconds() -> None:
    head = (
        '<meta itemprop="datePublished" content="2016-02-23 T16:00:20Z">'
        '<meta itemprop="dateCreated" content="2016-02-23 T15:32:01Z">'
    )
    above = "<div class='date'>Selasa, 23/02/2016 15:32 WIB</div>"
    assert dates_of("", head=head, above=above)[0] == "2016-02-23T15:32:01+07:00"


def test_a_structured_date_contradicting_a_time_printed_in_wib_gives_way() -> None:
    head = structured(datePublished="2016-02-23T16:00:20Z")
    assert dates_of("<div>Selasa, 23/02/2016 15:32 WIB</div>", head=head)[0] == (
        "2016-02-23T15:32:00+07:00"
    )


def test_another_region_keeps_its_offset() -> None:
    head = structured(datePublished="2019-11-18T16:07:38-06:00")
    assert dates_of("<div>November 18, 2019 4:07 PM</div>", head=head)[0] == (
        "2019-11-18T16:07:38-06:00"
    )


def test_a_printed_day_is_completed_by_a_time_element_of_the_same_day() -> None:
    byline = "<div>20 November 2019</div>"
    tail = "<time datetime='2019-11-20T10:03:33+07:00'></time>"
    assert dates_of(byline + tail)[0] == "2019-11-20T10:03:33+07:00"
    other_day = "<time datetime='2019-11-21T10:03:33+07:00'></time>"
    assert dates_of(byline + other_day)[0] == "2019-11-20T00:00:00+07:00"


def test_no_usable_date_is_none_and_a_reason() -> None:
    assert dates_of("<div>Senin, 31 Desember 2026 10:00 WIB</div>") == (
        None,
        None,
        "published_at:future",
    )
    head = structured(datePublished="segera terbit")
    assert dates_of("", head=head) == (None, None, "published_at:unparseable")
