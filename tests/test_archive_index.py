"""Reading WARC archives: which record answers a URL, gzip and plain files alike, and
records written by other crawlers."""

from __future__ import annotations

import gzip as gzip_module
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.archive.warc import Archive, ArchiveError

RECORDS = [
    ("https://www.suara.com/a", 503, b"busy"),
    ("https://www.suara.com/a", 200, b"<html>A</html>"),
    ("https://www.suara.com/b", 200, b"<html>B</html>"),
    ("https://www.suara.com/b", 503, b"busy again"),
    ("https://www.suara.com/c", 404, b"gone"),
]


def write(path: Path, gzip: bool) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, status, body in RECORDS:
            headers = StatusAndHeaders(
                f"{status} X", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
    return path


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_the_usable_answer_wins(tmp_path: Path, gzip: bool) -> None:
    archive = Archive(write(tmp_path / ("a.warc.gz" if gzip else "a.warc"), gzip), keep_urls=True)
    assert archive.get("https://www.suara.com/a")[::2] == (200, b"<html>A</html>")
    assert archive.get("https://www.suara.com/b")[::2] == (200, b"<html>B</html>")
    assert archive.get("https://www.suara.com/c")[::2] == (404, b"gone")
    assert archive.get("https://www.suara.com/d") is None
    assert ("Content-Type", "text/html") in archive.get("https://www.suara.com/a")[1]
    assert list(archive.urls()) == [f"https://www.suara.com/{x}" for x in "abc"]
    assert len(archive) == 3
    archive.close()


@pytest.mark.parametrize("cut", [10, 60], ids=["in the gzip trailer", "in the record"])
def test_an_archive_cut_off_in_its_last_record_gives_every_record_before(
    tmp_path: Path, cut: int
) -> None:
    """A crawl killed while writing leaves the last record incomplete: what came before is
    read back whole."""
    whole = write(tmp_path / "a.warc.gz", gzip=True).read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[:-cut])
    archive = Archive(path, keep_urls=True)
    assert archive.get("https://www.suara.com/a")[::2] == (200, b"<html>A</html>")
    assert archive.get("https://www.suara.com/b")[::2] == (200, b"<html>B</html>")
    # each response listed once, in file order; a record cut in its gzip trailer still has
    # all of its content, a record cut in its content is left out and the cut is reported
    urls = [url for url, _, _ in RECORDS]
    if cut == 10:
        assert archive.url_list in (urls[:4], urls)
    else:
        assert archive.url_list == urls[:4]
        assert archive.truncated_at is not None and archive.truncated_at < len(whole) - cut
    archive.close()


def odd_records(path: Path) -> Path:
    """A gzip archive with what other crawlers write: a DNS answer (a response that is not
    HTTP) and a target URI in angle brackets with a space in it (Wget 1.19)."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record("odd.warc.gz", {"software": "x"}))
        dns = writer.create_warc_record(
            "dns:www.suara.com",
            "response",
            payload=io.BytesIO(b"20240101000000\nwww.suara.com. 60 IN A 127.0.0.1\n"),
            warc_content_type="text/dns",
        )
        writer.write_record(dns)
        page = writer.create_warc_record(
            "https://www.suara.com/berita satu",
            "response",
            payload=io.BytesIO(b"<html>1</html>"),
            length=14,
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1"),
        )
        page.rec_headers.replace_header("WARC-Target-URI", "<https://www.suara.com/berita satu>")
        writer.write_record(page)
    return path


def test_records_of_other_crawlers_are_read_as_warcio_reads_them(tmp_path: Path) -> None:
    archive = Archive(odd_records(tmp_path / "odd.warc.gz"), keep_urls=True)
    assert list(archive.urls()) == ["https://www.suara.com/berita%20satu"]
    assert archive.get("https://www.suara.com/berita%20satu")[::2] == (200, b"<html>1</html>")
    archive.close()


def test_one_gzip_stream_for_several_records_is_a_clear_error(tmp_path: Path) -> None:
    """Records can only be read by offset when each has its own gzip member; a file
    compressed as one stream is refused, with the command that fixes it (not indexed wrong)."""
    plain = write(tmp_path / "a.warc", gzip=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip_module.compress(plain.read_bytes()))
    with pytest.raises(ArchiveError, match="warcio recompress"):
        Archive(whole)
