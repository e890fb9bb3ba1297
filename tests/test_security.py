"""What a hostile page or URL cannot do: choose where files go, inject SQL, put markup in the
store."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request

from newscrawl.cleaner import clean_html
from newscrawl.crawl.replay import WarcWriterMiddleware
from newscrawl.items import Article, RelatedLink
from newscrawl.store import Store
from newscrawl.store.schema import metadata

EVIL_URL = "http://127.0.0.1:8000/../../../tmp/evil%2F..%2Fpasswd?out=/etc/cron.d/x#frag"


def test_archive_file_names_come_from_the_crawl_not_from_urls(tmp_path: Path) -> None:
    folder = tmp_path / "warc"
    writer = WarcWriterMiddleware(folder, "suara")
    request = Request(EVIL_URL)
    writer.process_response(request, HtmlResponse(EVIL_URL, body=b"<p>x</p>", request=request))
    writer.close()
    written = [p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) == 1
    assert written[0].parent == Path("warc")
    assert written[0].name.startswith("newscrawl-suara-") and written[0].suffixes[-2:] == [
        ".warc",
        ".gz",
    ]


def test_sql_in_article_fields_is_stored_as_text(tmp_path: Path) -> None:
    nasty = "x'); DROP TABLE articles; -- \" ; DELETE FROM runs WHERE 1=1; --"
    article = Article(
        url="https://www.suara.com/news/2019/11/22/100500/judul",
        title=nasty,
        body=(nasty + " ") * 30,
        authors=[nasty],
        related=[RelatedLink("baca_juga", nasty, "https://www.suara.com/x?q=' OR '1'='1")],
    )
    with Store(str(tmp_path / "articles.db")) as store:
        store.write([article])
        store.write([Article.from_dict({**article.to_dict(), "url": article.url + "-2"})])
        [first, second] = list(store.iter_articles(duplicates=True))
    assert first.title == nasty and first.authors == [nasty]
    assert first.related[0].title == nasty and first.related[0].url.endswith("'1'='1")
    assert second.title == nasty


def test_the_store_keeps_text_not_markup() -> None:
    columns = {column.name for table in metadata.tables.values() for column in table.columns}
    assert not {name for name in columns if "html" in name}
    page = (
        "<html><body><article><h1>Judul</h1>"
        + "<p onclick='steal()'>Warga mengeluhkan genangan <b>air</b> setinggi lutut.</p>" * 20
        + "<script>alert(1)</script><iframe src='//evil.example'></iframe></article></body></html>"
    )
    body = clean_html(page, "https://www.suara.com/news/2019/11/22/100500/x").article.body
    assert "Warga mengeluhkan genangan air setinggi lutut." in body
    assert "<" not in body and "steal" not in body and "alert" not in body
