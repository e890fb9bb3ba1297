"""Reading WARC archives: which record answers a URL, gzip and plain files alike."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.archive import Archive

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
