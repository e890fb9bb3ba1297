"""WARC files: writing responses as they were received, and reading them back by URL (warcio).

No Scrapy here: `reextract` and its workers use this module without the crawler."""

from __future__ import annotations

import io
import os
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO, TypeAlias

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl import __version__
from newscrawl.urls import url_key

Index: TypeAlias = "tuple[array[int], array[int]]"
"""An archive's index: URL keys, sorted, and the offsets of their records."""
Recorded: TypeAlias = "tuple[int, list[tuple[str, str]], bytes]"
"""A recorded response: status, headers and body as received."""


class ArchiveError(ValueError):
    """The file is not a WARC archive (or not one that can be read)."""


class WarcWriter:
    """Appends request/response record pairs to one .warc.gz file, flushed record by record
    so that a crawl killed at any moment leaves a readable archive."""

    def __init__(self, stream: BinaryIO, filename: str) -> None:
        self.stream = stream
        self.writer = WARCWriter(stream, gzip=True)
        info = {"software": f"newscrawl/{__version__}", "format": "WARC File Format 1.1"}
        self.writer.write_record(self.writer.create_warcinfo_record(filename, info))
        stream.flush()

    def write(
        self,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        request_headers: list[tuple[str, str]],
    ) -> None:
        http_headers = StatusAndHeaders(str(status), headers, protocol="HTTP/1.1")
        response = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers
        )
        request_line = StatusAndHeaders(
            f"GET {url} HTTP/1.1", request_headers, is_http_request=True
        )
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0, http_headers=request_line
        )
        self.writer.write_request_response_pair(request, response)
        self.stream.flush()


class Archive:
    """Read access to one WARC file: the last usable response recorded for each URL.

    The index holds a 64-bit hash of each URL and its record's offset in two sorted arrays
    (16 bytes an entry), so that replaying an archive of a million pages costs little
    memory. A record is checked against the URL when read. A file that ends inside a record
    (a crawl killed while writing, a copy cut short) is read up to that record:
    `truncated_at` says where.
    """

    def __init__(self, path: Path, keep_urls: bool = False, index: Index | None = None) -> None:
        """Open an archive and index it (one pass over the file), or take the `index` of an
        Archive already opened on the same file (worker processes get it that way).
        ArchiveError when the file is not a WARC archive."""
        self.path = path
        self.stream = path.open("rb")
        self.url_list: list[str] | None = [] if keep_urls else None
        self.truncated_at: int | None = None
        """Offset of the first byte that could not be read as a whole record, if any."""
        try:
            if index is None:
                index, self.truncated_at = _build_index(self.stream, path, self.url_list)
            self.keys, self.offsets = index
        except BaseException:
            self.stream.close()
            raise

    @property
    def index(self) -> Index:
        return self.keys, self.offsets

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, url: str) -> Recorded | None:
        """(status, headers, body as received) for a URL, None if the archive lacks it."""
        key = url_key(url)
        at = bisect_left(self.keys, key)
        if at == len(self.keys) or self.keys[at] != key:
            return None
        found_url, *recorded = self._read(self.offsets[at])
        return (recorded[0], recorded[1], recorded[2]) if found_url == url else None

    def urls(self) -> Iterator[str]:
        """Every URL with a response in the archive, once, in the order of the file."""
        if self.url_list is not None:
            yield from dict.fromkeys(self.url_list)
            return
        for offset in sorted(self.offsets):
            yield self._read(offset)[0]

    def _read(self, offset: int) -> tuple[str, int, list[tuple[str, str]], bytes]:
        self.stream.seek(offset)
        record = next(iter(ArchiveIterator(self.stream)))
        url = record.rec_headers.get_header("WARC-Target-URI")
        status = int(record.http_headers.get_statuscode() or 0)
        return url, status, list(record.http_headers.headers), record.raw_stream.read()

    def close(self) -> None:
        self.stream.close()


def _records(stream: BinaryIO) -> Iterator[tuple[str | None, int, int, int]]:
    """(URL, offset, end, HTTP status) of each whole record in file order; the URL is None
    for records other than HTTP responses (warcinfo, requests, metadata). Stops before a
    record the file holds only part of."""
    records = ArchiveIterator(stream)
    for record in records:
        offset = records.get_record_offset()
        end = offset + records.get_record_length()  # reads the record to its end
        if getattr(record.raw_stream, "limit", 0):
            return  # fewer bytes than the record's Content-Length: the file ends in it
        if record.rec_type != "response" or record.http_headers is None:
            yield None, offset, end, 0
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        yield url, offset, end, int(record.http_headers.get_statuscode() or 0)


def check_archive(path: Path) -> None:
    """ArchiveError unless the file starts with a whole WARC record: a quick look, for a
    crawl to refuse a wrong file before it starts (opening an Archive reads the whole file)."""
    with path.open("rb") as stream:
        _build_index(stream, path, None, records=1)


def _build_index(
    stream: BinaryIO, path: Path, urls: list[str] | None, records: int | None = None
) -> tuple[Index, int | None]:
    """The index of the archive (of its first `records` records when given), each
    response's URL appended to `urls` when a list is given, and the offset where the file
    stops being whole records (None if it is whole). For a URL recorded several times
    (retries), the last response below 400, else the last."""
    size = os.fstat(stream.fileno()).st_size
    if size == 0:
        raise ArchiveError(f"{path}: not a WARC archive (the file is empty)")
    keys, offsets, failed = array("Q"), array("Q"), array("B")
    read_to = 0
    try:
        for url, offset, end, status in islice(_records(stream), records):
            read_to = end
            if url is None:
                continue
            keys.append(url_key(url))
            offsets.append(offset)
            failed.append(status >= 400)
            if urls is not None:
                urls.append(url)
    except ArchiveLoadFailed as error:
        # not even a first record: something else than an archive; several records in one
        # gzip stream: records cannot be read by offset (warcio's message says how to mend
        # the file); anything else after whole records: the file ends in garbage
        if read_to == 0:
            raise ArchiveError(f"{path}: not a WARC archive ({error})") from None
        if "recompress" in str(error):
            raise ArchiveError(f"{path}: records cannot be read one by one ({error})") from None
    if read_to == 0:
        raise ArchiveError(f"{path}: not a WARC archive (no whole WARC record in it)")
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: file order per key
    chosen_keys, chosen = array("Q"), array("Q")
    for position in order:
        if chosen_keys and chosen_keys[-1] == keys[position]:
            if failed[position] and not failed[chosen[-1]]:
                continue  # keep the earlier good response over a later failure
            chosen[-1] = position
        else:
            chosen_keys.append(keys[position])
            chosen.append(position)
    index = (chosen_keys, array("Q", (offsets[position] for position in chosen)))
    return index, (read_to if read_to < size else None)
