"""A page cut short is flagged (`body:truncated`) and loses its half paragraph; a complete page
is not, however it ends."""

from __future__ import annotations

import pytest

from newscrawl.cleaner import CleanerOptions, clean_html
from newscrawl.portals.suara import PORTAL

URL = "https://www.suara.com/news/2019/11/22/100500/banjir-jakarta"
PARAGRAPHS = [
    f"Paragraf {number} tentang banjir di Jakarta yang merendam ratusan rumah warga di tepi "
    f"sungai Ciliwung sejak Jumat pagi, kata petugas setempat kepada wartawan."
    for number in range(1, 7)
]
LAST = "Warga diminta tetap waspada karena hujan deras masih akan turun hingga akhir pekan."
HEAD = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Banjir Jakarta</title></head>"
    "<body><article><h1>Banjir Jakarta</h1>"
)
STORY = "".join(f"<p>{text}</p>" for text in [*PARAGRAPHS, LAST])


def body_and_warnings(page: str, **options: int) -> tuple[list[str], list[str]]:
    extraction = clean_html(
        page, URL, hints=PORTAL.hints, options=CleanerOptions(**options) if options else None
    )
    assert not extraction.rejected, extraction.rejected
    return extraction.article.body.split("\n\n"), extraction.article.warnings


@pytest.mark.parametrize(
    "ending",
    [
        "</article></body></html>",
        "</article>",  # the optional </body></html> left out
        "</article>\n<script>var x = 1;</script>\n",
        "</article></body></html>" + "<!-- " + "cache " * 2000 + "-->",  # 12 KB after </html>
        "</article></body></html>" + "\n<script>track();</script>" * 400,
    ],
    ids=["whole", "no closing tags", "script after", "12 KB comment after", "scripts after"],
)
def test_a_complete_page_is_not_flagged_and_keeps_its_last_paragraph(ending: str) -> None:
    body, warnings = body_and_warnings(HEAD + STORY + ending)
    assert "body:truncated" not in warnings
    assert body[-1] == LAST


def test_a_page_cut_in_a_paragraph_is_flagged_and_loses_the_half_paragraph() -> None:
    page = HEAD + STORY + "</article></body></html>"
    cut = page[: page.index(LAST) + len(LAST) // 2]
    body, warnings = body_and_warnings(cut)
    assert "body:truncated" in warnings
    assert body[-1] == PARAGRAPHS[-1]
    assert not any(LAST[:20] in paragraph for paragraph in body)


def test_a_page_cut_inside_a_tag_is_flagged() -> None:
    page = HEAD + STORY + "<div class='terkait'><a href='/x'>Lain</a></div></article>"
    _, warnings = body_and_warnings(page[: page.index("<div class='terkait'>") + 8])
    assert "body:truncated" in warnings


def test_a_page_cut_at_the_size_limit_is_flagged_and_ends_on_a_whole_paragraph() -> None:
    page = HEAD + STORY + "</article></body></html>"
    limit = page.index(LAST) + 30
    body, warnings = body_and_warnings(page, max_html_bytes=limit)
    assert "body:truncated" in warnings
    assert body[-1] == PARAGRAPHS[-1]


def test_the_caller_may_say_a_page_is_cut_short() -> None:
    """A transfer shorter than its Content-Length (Scrapy's `dataloss` flag)."""
    extraction = clean_html(
        HEAD + STORY + "</article></body></html>", URL, hints=PORTAL.hints, truncated=True
    )
    assert "body:truncated" in extraction.article.warnings
