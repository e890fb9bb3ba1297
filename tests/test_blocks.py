"""Link-block detection on small pages: each shape, and prose that must survive."""

from __future__ import annotations

from newscrawl.cleaner import clean_html
from tests.support.blocks import cut_blocks

URL = "https://www.suara.com/news/2019/11/22/100500/kemensos-hadiri-pertemuan"
PROSE = (
    "Menteri Sosial menghadiri pertemuan para menteri ASEAN di Vientiane pada pekan ini dan "
    "membahas perlindungan anak di kawasan, termasuk pendanaan program bersama. "
)


def cut(body: str) -> tuple[list[tuple[str, str, str | None]], str]:
    return cut_blocks(body, URL)


def test_inline_label_without_space_after_colon() -> None:
    links, rest = cut(
        f"<p>{PROSE}</p>"
        "<p>Baca Juga:<a href='/news/2019/11/21/1/x'><strong>Judul Lain</strong></a></p>"
    )
    assert links == [("baca_juga", "Judul Lain", "https://www.suara.com/news/2019/11/21/1/x")]
    assert "Judul Lain" not in rest and "Baca Juga" not in rest


def test_inline_label_with_two_links_and_label_in_strong() -> None:
    links, rest = cut(
        "<p><strong>BACA JUGA:</strong> <a href='/a'>Satu Judul</a> | "
        "<a href='/b'>Dua Judul</a></p>"
    )
    assert [title for _, title, _ in links] == ["Satu Judul", "Dua Judul"]
    assert rest == ""


def test_prose_mentioning_baca_juga_stays() -> None:
    sentence = "Baca juga laporan lengkapnya di koran esok hari, kata dia kepada wartawan."
    links, rest = cut(f"<p>{sentence}</p><p>Baca juga: <a href='/c'>Judul</a> dan cerita lain</p>")
    assert links == []
    assert sentence in rest and "cerita lain" in rest


def test_heading_and_list_of_links() -> None:
    items = "".join(f"<li><a href='/news/{n}'>Judul berita nomor {n}</a></li>" for n in range(5))
    links, rest = cut(f"<p>{PROSE}</p><div><h3>Berita Terkait</h3><ul>{items}</ul></div>")
    assert [kind for kind, _, _ in links] == ["berita_terkait"] * 5
    assert rest == PROSE.strip()


def test_heading_wrapped_with_see_all_link() -> None:
    items = "".join(
        f"<div><a href='/t/{n}'>Kabar terkini ke {n}</a> 2 jam lalu</div>" for n in range(3)
    )
    links, _ = cut(
        "<section><div class='head'><h2>Terkini</h2><a href='/indeks'>Lihat Semua</a></div>"
        f"<div class='list'>{items}</div></section>"
    )
    assert [(kind, title) for kind, title, _ in links] == [
        ("terkini", f"Kabar terkini ke {n}") for n in range(3)
    ]


def test_unknown_heading_needs_a_list_of_titles() -> None:
    titles = "".join(
        f"<li><a href='/news/2019/11/2{n}/1/artikel-menarik-{n}'>Judul artikel menarik lainnya"
        f" {n}</a></li>"
        for n in range(4)
    )
    links, _ = cut(f"<h4>Jangan Lewatkan</h4><ul>{titles}</ul>")
    assert {kind for kind, _, _ in links} == {"jangan_lewatkan"} and len(links) == 4
    menu = "".join(f"<li><a href='/k/{n}'>Kanal{n}</a></li>" for n in range(4))
    links, rest = cut(f"<h4>Kategori Lain</h4><ul>{menu}</ul>")
    assert links == [] and "Kanal0" in rest


def test_prose_list_under_heading_stays() -> None:
    body = (
        "<h2>Langkah pencegahan</h2><ul><li>Cuci tangan dengan sabun</li><li>Pakai masker</li></ul>"
    )
    links, rest = cut(body)
    assert links == [] and "Pakai masker" in rest


def test_menu_items_are_not_headings() -> None:
    menu = "<ul><li><a href='/terkini'>Terkini</a></li><li><a href='/a'>Artikel A</a></li></ul>"
    links, _ = cut(f"<nav>{menu}</nav><ul><li><a href='/terpopuler'>Terpopuler</a></li></ul>")
    assert links == []


def test_bullet_link_lines() -> None:
    links, rest = cut(
        f"<p>{PROSE}</p><p><strong> &bull; <a href='/z'>Judul Bertanda</a></strong></p>"
    )
    assert links == [("baca_juga", "Judul Bertanda", "https://www.suara.com/z")]
    assert "Judul Bertanda" not in rest


def test_self_links_are_not_related() -> None:
    links, _ = cut(
        f"<p class='read-too'>Baca Selanjutnya: <a href='{URL}?page=2'>Bagian dua</a></p>"
    )
    assert links == []


def test_whole_page_keeps_body_and_drops_chrome() -> None:
    paragraphs = [f"Paragraf {n}: {PROSE.strip()}" for n in range(4)]
    page = f"""<html><head><title>Judul Berita | Suara.com</title></head><body>
    <article><h1>Judul Berita</h1>
    <p>{paragraphs[0]}</p><p>ADVERTISEMENT</p><p>{paragraphs[1]}</p>
    <p>Baca Juga:<a href="/news/2019/11/20/090000/lain"><strong>Berita Lain</strong></a></p>
    <p>{paragraphs[2]}</p><p>Scroll to continue with content</p><p>{paragraphs[3]}</p>
    <p>Ikuti saluran WhatsApp Suara.com untuk berita terbaru setiap hari.</p>
    <p>(mdk/ank)</p></article></body></html>"""
    article = clean_html(page, URL).article
    assert article.title == "Judul Berita"
    assert article.body.split("\n\n") == paragraphs
    assert [(r.kind, r.title) for r in article.related] == [("baca_juga", "Berita Lain")]


def test_portal_named_blocks_and_pruned_chrome() -> None:
    from newscrawl.cleaner import PortalHints

    hints = PortalHints(
        block_xpaths=(("//div[@class='pilihan-redaksi']", "pilihan"),),
        prune_xpaths=("//div[@class='promo-app']",),
    )
    paragraphs = [f"Paragraf {n}: {PROSE.strip()}" for n in range(3)]
    page = (
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "<div class='pilihan-redaksi'><a href='/p/1'>Satu</a> <a href='/p/2'>Dua</a></div>"
        + "<div class='promo-app'><p>Unduh aplikasi kami sekarang juga gratis di toko.</p></div>"
        + "</article></body></html>"
    )
    article = clean_html(page, URL, hints=hints).article
    assert [(r.kind, r.title) for r in article.related] == [("pilihan", "Satu"), ("pilihan", "Dua")]
    assert article.body.split("\n\n") == paragraphs
