"""Tests for newscrawl.cleaner.dates: date strings from Indonesian news pages to ISO 8601."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.cleaner import dates
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
