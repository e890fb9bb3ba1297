"""Titles as a reader sees them: the printed headline, without the portal's name around it."""

from __future__ import annotations

import pytest

from newscrawl.cleaner import clean_html
from newscrawl.cleaner.titles import clean_title

TEXT = (
    "<p>Polisi menyerahkan barang bukti berupa senjata dan puluhan butir amunisi kepada "
    "kejaksaan negeri setempat untuk melengkapi berkas perkara yang segera disidangkan.</p>"
)


@pytest.mark.parametrize(
    ("title", "site_words", "expected"),
    [
        (
            "Samsul Arif Tak Beban Lawan Arema - Kompas.com",
            ["kompas"],
            "Samsul Arif Tak Beban Lawan Arema",
        ),
        ("Polres Serahkan Senjata - Kompas.com Regional", ["kompas"], "Polres Serahkan Senjata"),
        ("Tata Cara Sholat Jamak - Citizen6 Liputan6.com", ["liputan6"], "Tata Cara Sholat Jamak"),
        ("Awasi Protokol Kesehatan | Liputan6.com", ["liputan6"], "Awasi Protokol Kesehatan"),
        ("detikNews | Banjir Rob di Pesisir Utara", ["detik"], "Banjir Rob di Pesisir Utara"),
        ("Banjir Rob di Pesisir Utara - detikNews", ["detik"], "Banjir Rob di Pesisir Utara"),
        ("Banjir Rob di Pesisir Utara : Okezone News", ["okezone"], "Banjir Rob di Pesisir Utara"),
        (
            "Banjir Rob di Pesisir Utara | Republika Online",
            ["republika"],
            "Banjir Rob di Pesisir Utara",
        ),
        ("Protokol 3M Vaksin Terbaik - Tribun Solo", ["tribun solo"], "Protokol 3M Vaksin Terbaik"),
        # a title naming the site in its own words keeps them
        (
            "Kompas Gramedia Buka Lowongan - Ini Syaratnya",
            ["kompas"],
            "Kompas Gramedia Buka Lowongan - Ini Syaratnya",
        ),
        ("Harga Cabai Naik - Pedagang Mengeluh", ["suara"], "Harga Cabai Naik - Pedagang Mengeluh"),
    ],
)
def test_the_portal_name_is_dropped(title: str, site_words: list[str], expected: str) -> None:
    assert clean_title(title, site_words) == expected


def title_of(head: str, body: str, url: str) -> str | None:
    html = f"<html><head>{head}</head><body>{body}{TEXT}</body></html>"
    return clean_html(html, url).article.title


def test_a_section_name_in_the_h1_is_not_the_title() -> None:
    head = (
        '<meta property="og:title" content="Polres Lhokseumawe Serahkan Anggota Di Minimi ke '
        'Kejaksaan - Kompas.com Regional">'
    )
    body = "<h1>Regional</h1><h2>Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan</h2>"
    url = "http://regional.kompas.com/read/2015/11/04/21040031/Polres.Lhokseumawe"
    assert title_of(head, body, url) == "Polres Lhokseumawe Serahkan Anggota Di Minimi ke Kejaksaan"


def test_a_headline_printed_outside_the_headings_with_its_kicker() -> None:
    head = '<meta property="og:title" content="KPK Periksa Pejabat MA | Republika Online">'
    body = (
        "<h1>Inpicture</h1><div class='news'><a href='/x'>KPK Periksa Pejabat MA</a></div>"
        "<div class='headline'>In Picture: KPK Periksa Pejabat MA</div>"
        "<div>Selasa, 23 Februari 2016, 17:15 WIB</div>"
    )
    url = "http://www.republika.co.id/berita/inpicture/16/02/23/o2zwha283-kpk-periksa"
    html = f"<html><head>{head}</head><body>{body}{TEXT}</body></html>"
    article = clean_html(html, url).article
    assert article.title == "In Picture: KPK Periksa Pejabat MA"
    assert article.published_at == "2016-02-23T17:15:00+07:00"


def test_a_kicker_only_in_og_title_is_not_printed() -> None:
    head = (
        '<meta property="og:title" content="Foto : Potret Seru Sarwendah Masak Mie | merdeka.com">'
    )
    url = "https://m.merdeka.com/artis/potret-seru-sarwendah.html"
    assert title_of(head, "<h1>Potret Seru Sarwendah Masak Mie</h1>", url) == (
        "Potret Seru Sarwendah Masak Mie"
    )


def test_a_kicker_printed_in_the_h1_stays() -> None:
    head = (
        '<meta property="og:title" content="VIDEO : Aksi Paul Pogba Singkirkan Botol Bir'
        ' | merdeka.com">'
    )
    url = "https://m.merdeka.com/video/aksi-paul-pogba.html"
    assert title_of(head, "<h1>VIDEO : Aksi Paul Pogba Singkirkan Botol Bir</h1>", url) == (
        "VIDEO : Aksi Paul Pogba Singkirkan Botol Bir"
    )


def test_without_declared_title_the_h1_then_the_title_element() -> None:
    url = "https://www.contoh.co.id/read/1/x"
    assert title_of("<title>Judul Lain | Contoh</title>", "<h1>Judul Tercetak</h1>", url) == (
        "Judul Tercetak"
    )
    assert title_of("<title>Judul Halaman | Contoh</title>", "", url) == "Judul Halaman"
