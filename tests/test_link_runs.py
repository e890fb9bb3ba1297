"""Link blocks found by structure alone, on small pages: each shape a block takes, and the
lists and links that belong to the story and must stay."""

from __future__ import annotations

from tests.support.blocks import cut_blocks

URL = "https://www.portal.co.id/news/read/2024/05/20/101500/menteri-hadiri-pertemuan-asean"
SITE = "https://www.portal.co.id"
PROSE = (
    "Menteri Sosial menghadiri pertemuan para menteri ASEAN di Vientiane pada pekan ini dan "
    "membahas perlindungan anak di kawasan, termasuk pendanaan program bersama."
)
TITLES = [
    "Harga beras naik menjelang akhir tahun di pasar induk",
    "Banjir rendam ratusan rumah warga di pinggir sungai",
    "Tim nasional lolos ke semifinal setelah menang adu penalti",
    "Pemerintah siapkan bantuan untuk nelayan terdampak cuaca",
]


def article(number: int) -> str:
    return f"/berita/read/{5400000 + number}/judul-berita-nomor-{number}-hari-ini"


def cut(body: str) -> tuple[list[tuple[str, str, str | None]], str]:
    return cut_blocks(body, URL)


def test_headless_cards_with_relative_times_are_related() -> None:
    cards = "".join(
        f"<div class='c'><a href='{article(n)}'><img src='x.jpg'></a>"
        f"<a href='{article(n)}'>{title}</a><span>{n + 2} jam lalu</span></div>"
        for n, title in enumerate(TITLES[:3])
    )
    links, rest = cut(f"<p>{PROSE}</p><div class='x9'>{cards}</div>")
    assert links == [("related", title, SITE + article(n)) for n, title in enumerate(TITLES[:3])]
    assert rest == PROSE


def test_numbered_most_read_list_under_a_heading_outside_the_vocabulary() -> None:
    items = "".join(
        f"<li><span class='rank'>{n + 1}</span><a href='{article(n)}'>{title}</a></li>"
        for n, title in enumerate(TITLES)
    )
    links, rest = cut(
        f"<p>{PROSE}</p><div><div class='t'>Paling Banyak Dibaca</div><ol>{items}</ol></div>"
    )
    assert [(kind, title) for kind, title, _ in links] == [
        ("paling_banyak_dibaca", title) for title in TITLES
    ]
    assert rest == PROSE


def test_heading_as_image_alt_text_and_logo_without_words() -> None:
    items = "".join(
        f"<li><a href='{article(n)}'>{title}</a></li>" for n, title in enumerate(TITLES)
    )
    links, _ = cut(f"<div><img src='kop.png' alt='Terpopuler'></div><ul>{items}</ul>")
    assert {kind for kind, _, _ in links} == {"terpopuler"} and len(links) == 4
    links, rest = cut(f"<div><img src='logo-partner.png'></div><ul>{items}</ul>")
    assert {kind for kind, _, _ in links} == {"related"} and len(links) == 4
    assert rest == ""


def test_heading_in_a_span_with_colon_and_split_over_inline_elements() -> None:
    items = "".join(
        f"<li><a href='{article(n)}'>{title}</a></li>" for n, title in enumerate(TITLES)
    )
    links, _ = cut(f"<div><span>Rekomendasi Redaksi:</span></div><ul>{items}</ul>")
    assert {kind for kind, _, _ in links} == {"rekomendasi_redaksi"}
    links, _ = cut(f"<div><strong><span>Berita</span>Terbaru</strong></div><ul>{items}</ul>")
    assert {kind for kind, _, _ in links} == {"berita_terbaru"}


def test_tag_list_without_heading() -> None:
    tags = "".join(f"<a href='/tag/{word}'>{word}</a> " for word in ("banjir", "bekasi"))
    links, rest = cut(f"<div class='body'><p>{PROSE}</p><div class='t'>{tags}</div></div>")
    assert links == [
        ("related", "banjir", f"{SITE}/tag/banjir"),
        ("related", "bekasi", f"{SITE}/tag/bekasi"),
    ]
    assert rest == PROSE


def test_tab_panel_is_named_by_its_tab() -> None:
    items = "".join(
        f"<li><a href='{article(n)}'>{title}</a></li>" for n, title in enumerate(TITLES)
    )
    tabs = (
        "<ul class='tabs'><li><a href='#p1'>Terbaru</a></li>"
        "<li><a href='#p2'>Dikomentari</a></li></ul>"
    )
    links, _ = cut(f"{tabs}<div id='p1'><ul>{items}</ul></div><div id='p2'><ul>{items}</ul></div>")
    assert [kind for kind, _, _ in links] == ["terbaru"] * 4 + ["dikomentari"] * 4


def test_a_link_to_the_page_itself_neither_enters_nor_breaks_a_list() -> None:
    titles = ["Menteri hadiri pertemuan ASEAN", *TITLES[:3]]
    hrefs = [URL, *(article(n) for n in range(3))]
    items = "".join(f"<li><a href='{h}'>{t}</a></li>" for h, t in zip(hrefs, titles, strict=True))
    links, rest = cut(f"<h3>Berita Terkini</h3><ul>{items}</ul>")
    assert [title for _, title, _ in links] == TITLES[:3]
    assert rest == ""


def test_story_list_stays() -> None:
    steps = "".join(
        f"<li>{step}</li>"
        for step in (
            "Cuci tangan dengan sabun selama dua puluh detik.",
            "Pakai masker ketika berada di tempat umum.",
            "Jaga jarak dengan orang lain minimal satu meter.",
        )
    )
    links, rest = cut(f"<p>{PROSE}</p><ul>{steps}</ul>")
    assert links == [] and "Jaga jarak" in rest


def test_list_of_names_with_links_in_sentences_stays() -> None:
    items = "".join(
        f"<li>{name} menjabat sebagai <a href='{article(n)}'>anggota dewan pengawas</a> sejak "
        f"tahun lalu dan akan bertugas hingga masa jabatannya berakhir.</li>"
        for n, name in enumerate(("Budi Santoso", "Siti Aminah", "Andi Wijaya"))
    )
    links, rest = cut(f"<p>{PROSE}</p><ol>{items}</ol>")
    assert links == [] and "Siti Aminah menjabat" in rest


def test_links_inside_a_sentence_stay() -> None:
    sentence = (
        f"<p>Rapat dihadiri <a href='{article(1)}'>Gubernur Jawa Barat Ridwan Kamil</a>, "
        f"<a href='{article(2)}'>Wali Kota Bandung Yana Mulyana</a> dan "
        f"<a href='{article(3)}'>Bupati Bandung Dadang Supriatna</a> di gedung sate.</p>"
    )
    links, rest = cut(sentence)
    assert links == [] and "Wali Kota Bandung Yana Mulyana dan Bupati" in rest


def test_menu_of_sections_is_not_a_block() -> None:
    menu = "".join(
        f"<li><a href='/{name.lower()}'>{name}</a></li>"
        for name in ("News", "Bisnis", "Bola", "Lifestyle", "Otomotif")
    )
    links, _ = cut(f"<div class='kanal'><ul>{menu}</ul></div><p>{PROSE}</p>")
    assert links == []
