"""The portals' article URL rules against real pages in ../shared/realpages: links on saved
home and index pages, and the addresses of saved article pages (SOURCES.md), each verdict
read off the page by a person."""

# ruff: noqa: E501  (real URLs, kept whole)
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from newscrawl.portals import PORTALS, portal_for_url
from newscrawl.urls import absolute_url, canonical_url

LISTING_LINKS = {
    "detik/home-www-detik-2017.html": {
        "https://news.detik.com/read/2017/09/16/125959/3645801/10/prabowo-kalau-kita-tak-beres-bagaimana-bantu-rohingya": True,
        "https://travel.detik.com/travel-news/d-3646834/asyik-kereta-gantung-kawah-ijen-segera-dibangun": True,
        "https://finance.detik.com/readfoto/2017/09/16/111724/3645676/461/1/mengintip-spbu-mobil-listrik-di-china": False,
        "https://20.detik.com/detailvideo/170917007/": False,
    },
    "detik/home-www-detik-2022-11.html": {
        "https://news.detik.com/berita/d-6383724/apa-motif-ayah-bunuh-anak-di-depok-ini-pengakuan-pelaku-usai-ditangkap": True,
        "https://oto.detik.com/oto-galeri/d-6383897/honda-bawa-3-motor-listrik-ke-imos-2022-ini-wujudnya": False,
        "https://news.detik.com/detiktv/d-6383960/kata-pengacara-soal-kuat-maruf-terkesan-kuat-dari-kesaksian-susi": False,
        "https://www.detik.com/edu/foto/d-6383493/mengenal-tradisi-meremukkan-kaki-yang-dijuluki-simbol-kecantikan": False,
    },
    "detik/indeks-news-detik-2024-10.html": {
        "https://news.detik.com/berita/d-7572540/mal-ciputra-tunggu-investigasi-polisi-terkait-penyebab-kebakaran": True,
        "https://news.detik.com/foto-news/d-7571834/kontras-beri-catatan-kritis-jelang-ulang-tahun-ke-79-tni": False,
    },
    "kompas/home-www-kompas-2017-09.html": {
        "http://nasional.kompas.com/read/2017/09/17/15011901/wali-kota-batu-disuap-rp-500-juta-rp-300-juta-untuk-pelunasan-alphard": True,
        "http://foto.kompas.com/photo/read/2017/09/17/15056360470a1/Menjajal.Skatepark.Dua.Rintangan.Spesial.Pertama.di.Indonesia": False,
    },
    "liputan6/home-www-liputan6-2021-01.html": {
        "https://www.liputan6.com/bisnis/read/4448256/bei-bidik-30-perusahaan-ipo-di-2021": True,
        "https://hot.liputan6.com/read/4448271/jelang-episode-terakhir-ini-6-momen-perpisahan-pemeran-sinetron-anak-band": True,
    },
    "merdeka/home-www-merdeka-2020.html": {
        "https://www.merdeka.com/peristiwa/dana-desa-naik-tipis-mendes-pdtt-minta-kades-fokus-entaskan-kemiskinan.html": True,
        "https://www.merdeka.com/company/disclaimer.html": False,
    },
}
ARTICLE_PAGES = {
    # the saved article pages' own addresses (SOURCES.md); galleries and photo stories are not
    # articles by the URL rules (the cleaner still reads them when asked)
    "http://finance.detik.com/readfoto/2016/02/23/153201/3149106/461/1/gardu-induk-milenium-pln-resmi-beroperasi": False,
    "https://sport.detik.com/aboutthegame/detik-insider/d-5746542/para-peracik-bola-mati": True,
    "https://inet.detik.com/cyberlife/d-6453192/bos-kripto-yang-bangkrut-ngeles-soal-hobi-beli-rumah-mewah": True,
    "https://sport.detik.com/sepakbola/bola-dunia/d-6454487/susunan-pemain-maroko-vs-portugal-ronaldo-cadangan-lagi": True,
    "http://bola.kompas.com/read/2016/02/23/16374618/samsul.arif.tak.beban.lawan.persib": True,
    "http://nasional.kompas.com/read/2016/02/16/14382361/Menteri.Yuddy.Ancam.PNS.yang.Rankingnya.Terendah.Akan.Dipangkas.": True,
    "https://www.liputan6.com/citizen6/read/3874490/tata-cara-sholat-jamak-dan-qasar-beserta-niat-juga-artinya": True,
    "http://tekno.liputan6.com/read/2436773/tri-indonesia-broadband-dorong-ekosistem-digital-dalam-negeri": True,
    "http://photo.liputan6.com/musik/hadiri-grammy-awards-2016-taylor-swift-dan-selena-gomez-peluk-pelukan-2437247": False,
    "http://lifestyle.okezone.com/read/2015/11/05/481/1244264/sering-depresi-berat-hati-hati-diabetes": True,
    "http://celebrity.okezone.com/read/2017/02/17/33/1620900/cara-indra-birowo-jaga-keromantisan-dengan-istri": True,
    "http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan": True,
    "http://nasional.republika.co.id/berita/nasional/daerah/16/02/15/o2l07x284-marcella-zalianty-promo-pariwisata-indonesia-lewat-film": True,
    "http://www.republika.co.id/berita/jurnal-haji/berita-jurnal-haji/17/02/17/oli9fp396-jamaah-haji-ikuti-pemeriksaan-kesehatan-haji": True,
    "https://solo.tribunnews.com/2020/10/09/protokol-kesehatan-3m-adalah-vaksin-terbaik-cegah-covid-19-simak-penjelasan-dokter": True,
    "https://m.merdeka.com/jateng/jadi-penagih-utang-untuk-usaha-catering-ibunya-ini-cerita-mawar-eva-saat-sma.html": True,
}


@pytest.mark.parametrize("page", sorted(LISTING_LINKS))
def test_links_on_saved_listing_pages(shared_dir: Path, page: str) -> None:
    portal = PORTALS[page.split("/")[0]]
    root = html.fromstring((shared_dir / "realpages" / page).read_bytes())
    links = {absolute_url(portal.home + "/", href.strip()) for href in root.xpath("//a/@href")}
    accepted = [
        link for link in links if portal.owns(link) and portal.is_article_url(canonical_url(link))
    ]
    assert len(accepted) >= 10  # a home or index page lists many articles
    for url, is_article in LISTING_LINKS[page].items():
        assert url in links, url  # taken from the page
        assert portal.is_article_url(canonical_url(url)) is is_article, url


@pytest.mark.parametrize("url", sorted(ARTICLE_PAGES))
def test_addresses_of_saved_article_pages(url: str) -> None:
    portal = portal_for_url(url)
    assert portal is not None
    assert portal.is_article_url(canonical_url(url)) is ARTICLE_PAGES[url]
