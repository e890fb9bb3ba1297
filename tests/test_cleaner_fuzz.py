"""Bad input to the cleaner: mutated real pages, binary data, deep nesting, giant attributes.

Whatever comes in, `clean_html` returns an Extraction (an article or a rejection reason);
no exception escapes.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.cleaner import Extraction, clean_html, clean_text
from newscrawl.portals.suara import PORTAL
from tests.support.paths import FIXTURES

PAGES = [path.read_bytes() for path in sorted(FIXTURES.glob("cases/*/*/page.html"))]
URL = "https://www.suara.com/news/2019/11/22/100500/x"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes | str) -> Extraction:
    extraction = clean_html(data, URL, hints=PORTAL.hints)
    assert isinstance(extraction, Extraction)
    assert extraction.rejected or extraction.article.body
    return extraction


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    page = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.sampled_from(["cut", "insert", "flip", "duplicate"]))
        at = draw(st.integers(0, len(page)))
        if action == "cut":
            del page[at : at + draw(st.integers(1, 5000))]
        elif action == "insert":
            page[at:at] = draw(st.binary(min_size=1, max_size=200))
        elif action == "flip" and at < len(page):
            page[at] ^= draw(st.integers(1, 255))
        else:
            page[at:at] = page[at : at + draw(st.integers(1, 3000))]
    return bytes(page)


@FUZZ
@given(mutated_page())
def test_mutated_real_pages(page: bytes) -> None:
    check(page)


@FUZZ
@given(st.binary(max_size=20000))
def test_binary_data(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=5000))
def test_random_text_as_html_and_as_dump(text: str) -> None:
    check(text)
    assert isinstance(clean_text(text), Extraction)


@FUZZ
@given(st.integers(1, 20000), st.sampled_from(["div", "span", "table", "ul", "a", "b"]))
def test_deep_nesting(depth: int, tag: str) -> None:
    check(
        f"<html><body>{f'<{tag}>' * depth}<p>{'kata ' * 80}</p>{f'</{tag}>' * depth}</body></html>"
    )


def test_giant_attributes_and_many_attributes() -> None:
    giant = "x" * 2_000_000
    prose = "Kalimat berita yang cukup panjang untuk dianggap sebagai isi artikel ini. " * 10
    extraction = check(f'<html><body><p class="{giant}" data-a="{giant}">{prose}</p></body></html>')
    assert extraction.rejected is None
    many = " ".join(f'data-a{n}="{n}"' for n in range(20000))
    assert check(f"<html><body><p {many}>{prose}</p></body></html>").rejected is None


def test_wrong_and_missing_charsets() -> None:
    prose = "Warga mengeluhkan genangan air setinggi lutut di jalan utama kota itu. " * 10
    page = f'<html><head><meta charset="utf-8"></head><body><p>Café — {prose}</p></body></html>'
    labelled_wrongly = check(page.encode("windows-1252", errors="replace"))
    assert labelled_wrongly.rejected is None and "genangan" in labelled_wrongly.article.body
    unlabelled = check(page.replace('<meta charset="utf-8">', "").encode("utf-8"))
    assert "Café" in unlabelled.article.body


def test_urls_python_cannot_read_cost_only_themselves() -> None:
    """'https://[host/...' (an unbalanced IPv6 bracket) makes urllib raise; found by the
    fuzzing above in an og:image. In the image, the canonical link, a related link or a
    page link, it is dropped and the article comes out as without it."""
    page = (FIXTURES / "cases" / "suara" / "desktop-2019" / "page.html").read_text("utf-8")
    url = (
        "https://www.suara.com/news/2019/11/22/100500/"
        "ribuan-warga-bantargebang-terdampak-banjir-dinsos-bekasi-dirikan-dapur-umum"
    )
    clean = clean_html(page, url, hints=PORTAL.hints)
    broken = page.replace("https://media.suara.com/pictures", "https://[media.suara.com/pictures")
    broken = broken.replace(f'rel="canonical" href="{url}"', 'rel="canonical" href="https://[www"')
    related = clean.article.related[0].url
    assert related and related in broken
    broken = broken.replace(f'href="{related}"', 'href="https://[www.suara.com/news/x"', 1)
    broken = broken.replace("</body>", '<a href="https://[www.suara.com/x?page=2">2</a></body>')

    extraction = check(broken)
    assert not extraction.rejected
    assert extraction.article.body == clean.article.body
    assert extraction.article.url == clean.article.url
    assert extraction.article.image is None
    assert "[" not in " ".join(str(link.url) for link in extraction.article.related)
    assert len(extraction.article.related) == len(clean.article.related) - 1
