"""Authors and editors from bylines in their many forms, without a portal profile: the
grammar of credit lines, the names that are not people, and where pages print them."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newscrawl.cleaner import clean_html
from newscrawl.cleaner.dates import WIB
from newscrawl.cleaner.names import Credits, PortalNames, credit_segments, is_person, names_in
from newscrawl.items import Article

NOW = datetime(2024, 12, 2, 12, 0, 0, tzinfo=WIB)
URL = "https://news.contoh.co.id/read/2024/11/20/154500/banjir-rob-di-pesisir-utara"
PROSE = (
    "<p>Banjir rob kembali merendam permukiman warga di pesisir utara sejak Selasa malam, "
    "memaksa ratusan keluarga mengungsi ke balai desa dan masjid terdekat.</p>"
    "<p>Petugas gabungan mendirikan dapur umum dan menyiapkan perahu karet untuk "
    "mengevakuasi warga lanjut usia serta anak-anak dari rumah yang terendam.</p>"
)


def page(byline: str, *, head: str = "", after: str = "", url: str = URL) -> Article:
    """A small article page: the headline, the byline as given, the text, what follows it."""
    html = (
        f"<html><head><title>Banjir Rob di Pesisir Utara</title>{head}</head><body>"
        f"<h1>Banjir Rob di Pesisir Utara</h1>{byline}{PROSE}{after}</body></html>"
    )
    return clean_html(html, url, now=NOW).article


def credited(role: str, name: str, kind: str = "Person") -> str:
    """A JSON-LD article crediting one `role` ("author", "editor")."""
    entity = json.dumps({"@type": "NewsArticle", role: {"@type": kind, "name": name}})
    return f'<script type="application/ld+json">{entity}</script>'


def credits_of(text: str, url: str = URL) -> Credits:
    portal = PortalNames.of(url)
    found = Credits()
    for role, value in credit_segments(text):
        found.add(role, names_in(value, portal))
    return found


# -- the grammar of a credit line --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "authors", "editors"),
    [
        ("Penulis: Nabilla Tashandra", ["Nabilla Tashandra"], []),
        ("PENULIS : Nabilla Tashandra", ["Nabilla Tashandra"], []),
        ("Reporter : Denny Marhendri", ["Denny Marhendri"], []),
        ("Reporter: Afifah Cinthia Pasha", ["Afifah Cinthia Pasha"], []),
        ("Oleh Novita Ayuningtyas", ["Novita Ayuningtyas"], []),
        ("Oleh: Novita Ayuningtyas", ["Novita Ayuningtyas"], []),
        ("By Corry Anestia", ["Corry Anestia"], []),
        ("Pewarta: Hreeloita Dharma Shanti", ["Hreeloita Dharma Shanti"], []),
        ("Laporan Wartawan Tribunnews.com, Fransiskus Adhiyuda", ["Fransiskus Adhiyuda"], []),
        ("Laporan Wartawan Tribunnews.com Fransiskus Adhiyuda", ["Fransiskus Adhiyuda"], []),
        ("Laporan Reporter Tribun Jateng, Budi Santoso", ["Budi Santoso"], []),
        ("Rep: Rizky Suryarandika/ Red: Andri Saubani", ["Rizky Suryarandika"], ["Andri Saubani"]),
        (
            "Rep : Rizky Suryarandika / Red : Andri Saubani",
            ["Rizky Suryarandika"],
            ["Andri Saubani"],
        ),
        ("Penulis: Kontributor Lhokseumawe, Masriadi", ["Masriadi"], []),
        ("Editor: Ervan Hardoko", [], ["Ervan Hardoko"]),
        ("Red: Andri Saubani", [], ["Andri Saubani"]),
        ("Redaktur: Muhammad Fakhruddin", [], ["Muhammad Fakhruddin"]),
        ("Penyunting: Bayu Galih", [], ["Bayu Galih"]),
        (
            "Penulis: Budi Santoso | Editor: Ani Suryani | Senin, 2 Des 2024 07:30 WIB",
            ["Budi Santoso"],
            ["Ani Suryani"],
        ),
        ("Penulis: Fino Yurio Kristo - detikSport", ["Fino Yurio Kristo"], []),
        ("Penulis:   Fino  Yurio\u00a0Kristo  ", ["Fino Yurio Kristo"], []),
        ("Reporter: Budi Santoso (Jakarta)", ["Budi Santoso"], []),
        ("(Penulis: Budi Santoso)", ["Budi Santoso"], []),
        ("Sumber: The Telegraph", [], []),
        ("Foto: Getty Images", [], []),
    ],
)
def test_credit_line(text: str, authors: list[str], editors: list[str]) -> None:
    found = credits_of(text)
    assert (found.authors, found.editors) == (authors, editors)


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Oleh Ani Suryani dan Budi Santoso", ["Ani Suryani", "Budi Santoso"]),
        ("By Mike Wuerthele and Malcolm Owen", ["Mike Wuerthele", "Malcolm Owen"]),
        ("Penulis: Ani Suryani, Budi Santoso", ["Ani Suryani", "Budi Santoso"]),
        ("Penulis: Ani Suryani & Budi Santoso", ["Ani Suryani", "Budi Santoso"]),
        (
            "Penulis: Ani Suryani, Budi Santoso dan Citra Dewi",
            ["Ani Suryani", "Budi Santoso", "Citra Dewi"],
        ),
    ],
)
def test_several_names_are_several_authors(text: str, authors: list[str]) -> None:
    assert credits_of(text).authors == authors


def test_a_line_that_is_no_credit_names_no_one() -> None:
    assert credit_segments("Menurut editor senior itu, banjir datang tiap tahun.") == []
    assert credit_segments("Banjir rob kembali merendam permukiman warga.") == []


def test_a_date_after_the_name_is_not_part_of_it() -> None:
    assert credits_of("Oleh Budi Santoso pada 26 Jun 2020, 13:58 WIB").authors == ["Budi Santoso"]
    assert credits_of("Penulis: Budi Santoso, Jumat 22 November 2019").authors == ["Budi Santoso"]


# -- names that are not people --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://regional.kompas.com/read/2015/11/04/1/x", "Kompas Cyber Media"),
        ("https://news.detik.com/berita/d-1/x", "detikNews"),
        ("https://travel.detik.com/travel-news/d-1/x", "Tim detikBali"),
        ("https://www.liputan6.com/news/read/1/x", "Liputan6.com"),
        ("https://solo.tribunnews.com/2020/10/09/x", "Tribun Solo"),
        ("https://www.antaranews.com/berita/1/x", "Antara"),
        ("https://republika.co.id/berita/x", "Republika Online"),
        ("https://news.okezone.com/read/2021/x", "Okezone"),
        ("https://www.cnnindonesia.com/nasional/1/x", "CNN Indonesia"),
        (URL, "Redaksi"),
        (URL, "Tim Redaksi"),
        (URL, "Admin"),
        (URL, "prwir"),
        (URL, "KOMPAS.COM/MASRIADI"),
        (URL, "Twitter @Persib"),
        (URL, "https://www.facebook.com/KOMPAScom"),
        (URL, "Editor"),
        (URL, "Selasa"),
    ],
)
def test_not_a_person(url: str, name: str) -> None:
    assert not is_person(name, PortalNames.of(url))


@pytest.mark.parametrize(
    "name", ["Masriadi", "Fino Yurio Kristo", "Rizka Nur Laily M", "Aloysius Gonsaga AE"]
)
def test_a_person(name: str) -> None:
    assert is_person(name, PortalNames.of("https://regional.kompas.com/read/1/x"))


def test_the_portal_is_known_by_its_site_name_and_publisher_too() -> None:
    portal = PortalNames.of("https://www.contoh.co.id/x", "SuaraJakarta.id", "detikcom")
    assert not is_person("SuaraJakarta", portal)
    assert not is_person("Detik Foto", portal)
    assert is_person("Suryani Jakarta", portal)


# -- where pages print them -------------------------------------------------------------------


def test_structured_author_first() -> None:
    head = credited("author", "Nadia Lutfiana Putri")
    assert page("<p>Penulis: Budi Santoso</p>", head=head).authors == ["Nadia Lutfiana Putri"]


def test_the_portal_never_becomes_an_author() -> None:
    head = '<meta name="author" content="Liputan6.com">' + credited("author", "Liputan6.com")
    url = "https://www.liputan6.com/news/read/4541831/banjir-rob"
    article = page("<span>Oleh</span> <a>Liputan6.com</a>", head=head, url=url)
    assert article.authors == []
    assert article.editors == []


def test_the_portal_credited_in_the_byline_stays_out_of_the_body() -> None:
    url = "https://www.cnnindonesia.com/nasional/20241022083512-20-1151234/banjir-rob"
    article = page(
        "<div><span>CNN Indonesia</span></div><div>Selasa, 22 Okt 2024 12:30 WIB</div>",
        head=credited("author", "CNN Indonesia"),
        url=url,
    )
    assert article.authors == []
    assert article.body.startswith("Banjir rob kembali merendam")


def test_organisation_authors_and_teams_are_not_authors() -> None:
    organisation = credited("author", "Budi Santoso", "Organization")
    head = '<meta name="author" content="Tim detikBali">' + organisation
    url = "https://travel.detik.com/travel-news/d-6454465/banjir-rob"
    assert page("<a>Tim detikBali</a> <div>detikTravel</div>", head=head, url=url).authors == []


def test_a_closing_reporter_line_names_the_author_when_the_byline_names_the_portal() -> None:
    url = "https://www.liputan6.com/citizen6/read/3874490/banjir-rob"
    article = page(
        "<span>Oleh</span> <a>Liputan6.com</a> <span>pada 18 Jan 2019, 22:18 WIB</span>",
        after="<p><strong>Reporter: Afifah Cinthia Pasha</strong></p>",
        head='<meta name="author" content="Liputan6.com">',
        url=url,
    )
    assert article.authors == ["Afifah Cinthia Pasha"]
    assert "Reporter" not in article.body


def test_oleh_then_a_linked_name() -> None:
    article = page(
        '<span>Oleh</span> <a href="/u/1">Johan Fatzry</a> <span>pada 26 Apr 2021</span>'
    )
    assert article.authors == ["Johan Fatzry"]


def test_a_name_printed_before_the_date() -> None:
    article = page("<div>Laras Wening</div><div>Rabu, 20 November 2019 | 15:45 WIB</div>")
    assert article.authors == ["Laras Wening"]
    assert article.published_at == "2019-11-20T15:45:00+07:00"


def test_a_section_label_before_the_date_is_no_author() -> None:
    article = page("<a>JATENG</a> <a>| 10 Juni 2021 18:50</a>")
    assert article.authors == []


def test_a_name_then_the_desk() -> None:
    url = "https://sport.detik.com/aboutthegame/d-5746542/banjir-rob"
    assert page("<div>Putra Rusdi K - detikSport</div>", url=url).authors == ["Putra Rusdi K"]


def test_a_labelled_name_in_the_next_element() -> None:
    article = page(
        "<a>JATENG</a> <a>| 10 Juni 2021 18:50</a> <span>Reporter :</span> <a>Denny Marhendri</a>"
    )
    assert article.authors == ["Denny Marhendri"]
    assert article.published_at == "2021-06-10T18:50:00+07:00"


def test_credit_table_rows() -> None:
    table = (
        "<table><tr><td>Penulis</td><td>: Kontributor Lhokseumawe, Masriadi </td></tr>"
        "<tr><td>Editor</td><td>: Ervan Hardoko</td></tr>"
        "<tr><td>Sumber</td><td>: The Telegraph</td></tr></table>"
    )
    article = page("", after=table, url="http://regional.kompas.com/read/2015/11/04/21040031/x")
    assert (article.authors, article.editors) == (["Masriadi"], ["Ervan Hardoko"])


def test_credit_table_with_the_colon_in_a_cell_of_its_own() -> None:
    table = (
        "<table><tr><td><strong>Redaktur</strong></td><td>:</td>"
        "<td>Mohamad Amin Madani</td></tr></table>"
    )
    assert page("", after=table).editors == ["Mohamad Amin Madani"]


@pytest.mark.parametrize(
    ("panel", "authors", "editors"),
    [
        (  # the role after each name, both in one label
            "<ul><li><span><span>Novita Ayuningtyas</span><span>Author</span></span></li>"
            "<li><span><span>Fadila Adelin</span><span>Editor</span></span></li></ul>",
            ["Novita Ayuningtyas"],
            ["Fadila Adelin"],
        ),
        (  # the role above the names, each in an item of its own
            "<ul><li><span>Author</span></li><li><a href='/u/corry'>Corry Anestia</a></li>"
            "<li><span>Editor</span></li><li><a href='/u/iskandar'>Iskandar</a></li></ul>",
            ["Corry Anestia"],
            ["Iskandar"],
        ),
    ],
)
def test_credit_panel(panel: str, authors: list[str], editors: list[str]) -> None:
    article = page("", after=panel)
    assert (article.authors, article.editors) == (authors, editors)


def test_an_editor_is_not_an_author() -> None:
    article = page("<p>Editor: Ervan Hardoko</p>")
    assert (article.authors, article.editors) == ([], ["Ervan Hardoko"])


def test_rep_and_red_in_one_line() -> None:
    article = page("", after="<p>Rep: Rizky Suryarandika/ Red: Andri Saubani</p>")
    assert (article.authors, article.editors) == (["Rizky Suryarandika"], ["Andri Saubani"])


def test_a_photographer_is_the_author_only_when_no_one_else_is_named() -> None:
    assert page("<strong>Fotografer: Grandyos Zafna</strong>").authors == ["Grandyos Zafna"]
    both = page("<p>Penulis: Budi Santoso</p><strong>Fotografer: Grandyos Zafna</strong>")
    assert both.authors == ["Budi Santoso"]


def test_a_photo_credit_marked_author_is_no_byline() -> None:
    figure = (
        "<div class='photo'><img src='/a.jpg'><span class='author'>Facebook</span>"
        "<span class='author'>CEO Facebook Mark Zuckerberg saat berpidato di Tsinghua "
        "University, Beijing</span></div>"
    )
    assert page(figure).authors == []


def test_structured_editor() -> None:
    assert page("", head=credited("editor", "Bayu Galih")).editors == ["Bayu Galih"]


def test_editors_survive_to_dict_and_from_dict() -> None:
    article = page("<p>Editor: Ervan Hardoko</p>")
    data = article.to_dict()
    assert data["editors"] == ["Ervan Hardoko"]
    assert list(data).index("editors") == list(data).index("authors") + 1
    assert Article.from_dict(data) == article
    data["editors"].append("Someone Else")
    assert article.editors == ["Ervan Hardoko"]
