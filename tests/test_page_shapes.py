"""Whole small pages through the cleaner without a portal profile: the story kept whole in
the shapes old and new templates print it, the page's own navigation never taken for related
articles, and in-body chrome out of the body."""

from __future__ import annotations

from newscrawl.cleaner import clean_html

URL = "https://www.portal.co.id/read/2024/05/20/101500/banjir-rendam-ratusan-rumah"
SITE = "https://www.portal.co.id"
PARAGRAPHS = [
    "Portal.co.id, Bekasi - Banjir merendam ratusan rumah warga di tiga kelurahan setelah "
    "hujan deras mengguyur kawasan itu sejak Minggu malam hingga Senin pagi.",
    "Petugas pemadam kebakaran dan relawan mengevakuasi warga lanjut usia serta anak-anak ke "
    "posko pengungsian yang didirikan di halaman kantor kelurahan setempat.",
    "Kepala pelaksana badan penanggulangan bencana daerah mengatakan air mulai surut pada "
    "siang hari, tetapi warga diminta tetap waspada karena hujan diperkirakan turun lagi.",
]
TITLE = "Banjir Rendam Ratusan Rumah di Bekasi"


def page(body: str, header: str = "", footer: str = "") -> str:
    return (
        f"<html><head><title>{TITLE} - Portal</title></head><body>{header}"
        f"<div class='main'><h1>{TITLE}</h1>{body}</div>{footer}</body></html>"
    )


def cards(heading: str, start: int, count: int = 4) -> str:
    items = "".join(
        f"<li><a href='/read/2024/05/{start + n}/100000/berita-lain-nomor-{start + n}'>"
        f"Judul berita lain nomor {start + n} hari ini</a></li>"
        for n in range(count)
    )
    return f"<div class='box'><h3>{heading}</h3><ul>{items}</ul></div>"


def test_short_story_among_many_blocks_stays_whole() -> None:
    body = (
        "<div class='detail'>"
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:2])
        + "</div>"
        + cards("Berita Terkait", 1)
        + cards("Terpopuler", 10)
        + cards("Pilihan Redaksi", 20)
        + cards("Terkini", 30)
    )
    article = clean_html(page(body), URL).article
    assert article.body.split("\n\n") == PARAGRAPHS[:2]
    assert [link.kind for link in article.related] == (
        ["berita_terkait"] * 4 + ["terpopuler"] * 4 + ["pilihan_redaksi"] * 4 + ["terkini"] * 4
    )


def test_old_template_with_paragraphs_separated_by_breaks() -> None:
    lead, second, third = PARAGRAPHS
    body = (
        "<div class='isi'><br /><strong>Portal.co.id, Bekasi</strong>"
        + lead.removeprefix("Portal.co.id, Bekasi")
        + f"<br /><br />{second}<br /><br />{third}<br /><br /></div>"
    )
    article = clean_html(page(body), URL).article
    assert article.body.split("\n\n") == PARAGRAPHS


def test_dateline_printed_apart_opens_the_lead() -> None:
    body = (
        "<div class='text'><strong>Bekasi</strong> - "
        + "".join(f"<p>{text.removeprefix('Portal.co.id, Bekasi - ')}</p>" for text in PARAGRAPHS)
        + "</div>"
    )
    article = clean_html(page(body), URL).article
    assert article.body.split("\n\n")[0] == PARAGRAPHS[0].replace("Portal.co.id, Bekasi", "Bekasi")


def test_navigation_menu_and_footer_are_not_related() -> None:
    menu = "".join(
        f"<li><a href='/read/2024/05/{n}/090000/headline-menu-nomor-{n}'>"
        f"Judul headline di menu atas nomor {n}</a></li>"
        for n in range(10)
    )
    header = f"<div class='site-header'><ul>{menu}</ul></div>"
    sites = "".join(
        f"<li><a href='https://www.situs{n}.com/'>Situs Saudara Nomor {n}</a></li>"
        for n in range(6)
    )
    footer = (
        f"<div class='foot'><h4>Jaringan Lainnya</h4><ul>{sites}</ul>"
        "<a href='/redaksi'>Redaksi</a> <a href='/pedoman'>Pedoman Media Siber</a> "
        "<a href='/karir'>Karir</a></div>"
    )
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    article = clean_html(page(body, header, footer), URL).article
    assert article.related == []
    assert article.body.split("\n\n") == PARAGRAPHS


def test_in_body_chrome_is_dropped() -> None:
    chrome = [
        "Penulis: Budi Santoso",
        "Editor: Siti Aminah",
        "ADVERTISEMENT",
        "SCROLL TO RESUME CONTENT",
        'Simak Video "Detik-detik Banjir Rendam Permukiman Warga"',
        "[Gambas:Video 20detik]",
        "Ikuti saluran WhatsApp Portal untuk berita terbaru setiap hari.",
        "Dapatkan update berita pilihan setiap hari, bergabung di Google News Portal.",
        "Bagikan:",
        "Tulis komentar Anda di sini",
        "Warga mengungsi di halaman kantor kelurahan. (Foto: Dok. BPBD)",
    ]
    lines = [PARAGRAPHS[0], *chrome[:5], PARAGRAPHS[1], *chrome[5:], PARAGRAPHS[2], "(bud/sit)"]
    body = "<div class='detail'>" + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
    article = clean_html(page(body), URL).article
    assert article.body.split("\n\n") == PARAGRAPHS


def test_inline_label_shapes() -> None:
    link = "/read/2024/05/19/080000/warga-bekasi-bersihkan-lumpur"
    shapes = [
        f"<p>Baca Juga: <a href='{link}'>Warga Bekasi Bersihkan Lumpur</a></p>",
        f"<p><strong>BACA JUGA</strong></p><ul><li><a href='{link}-2'>Jalan Tol Tergenang "
        "Air</a></li></ul>",
        f"<div><b>Baca juga:</b></div><p><a href='{link}-3'>Sekolah Diliburkan Dua Hari</a></p>",
        "<p>Baca juga:</p><p>Pasar Tradisional Kembali Dibuka</p>",
    ]
    body = (
        "<div class='detail'>"
        + "".join(f"<p>{text}</p>{shape}" for text, shape in zip(PARAGRAPHS, shapes, strict=False))
        + shapes[3]
        + "</div>"
    )
    article = clean_html(page(body), URL).article
    assert article.body.split("\n\n") == PARAGRAPHS
    assert [(link.kind, link.title, link.url) for link in article.related] == [
        ("baca_juga", "Warga Bekasi Bersihkan Lumpur", SITE + link),
        ("baca_juga", "Jalan Tol Tergenang Air", f"{SITE}{link}-2"),
        ("baca_juga", "Sekolah Diliburkan Dua Hari", f"{SITE}{link}-3"),
        ("baca_juga", "Pasar Tradisional Kembali Dibuka", None),
    ]


def test_photo_story_is_told_by_its_captions() -> None:
    captions = [
        "Warga membersihkan lumpur di depan rumah mereka setelah banjir surut",
        "Petugas membagikan air bersih kepada pengungsi di halaman kantor kelurahan",
    ]
    figures = "".join(
        f"<figure><img src='{n}.jpg'><figcaption>{text} (ANTARA FOTO/Budi Santoso)"
        "</figcaption></figure>"
        for n, text in enumerate(captions)
    )
    body = f"<div class='gallery'>{figures}</div><div class='share'>Bagikan: Facebook</div>"
    url = "https://foto.portal.co.id/read/2024/05/20/101500/foto-banjir-rendam-bekasi"
    article = clean_html(page(body), url).article
    assert article.body.split("\n\n") == captions


def test_later_sections_of_a_list_story_keep_their_subheadings() -> None:
    subheadings = [
        f"{n}. Langkah ke-{n} membersihkan rumah setelah banjir surut" for n in (1, 2, 3)
    ]
    sections = (
        "<div class='item'><div class='raw'>"
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
        + "</div></div>"
    )
    for subheading in subheadings:
        sections += f"<div class='item'><h2>{subheading}</h2><div class='photo'></div></div>"
    article = clean_html(page(f"<div class='sections'>{sections}</div>"), URL).article
    assert article.body.split("\n\n") == [*PARAGRAPHS, *subheadings]
