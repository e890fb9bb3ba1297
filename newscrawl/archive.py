"""WARC files: writing responses as they were received, and reading them back by URL.

No Scrapy here: `reextract` and its workers use this module without the crawler."""

from __future__ import annotations

import io
import os
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeAlias

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl import __version__
from newscrawl.urls import url_key

Index: TypeAlias = "tuple[array[int], array[int], array[int]]"
"""An archive's index: URL keys, sorted, and their records' offsets and lengths."""


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
        reason = _REASONS.get(status, "")
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")
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


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class Archive:
    """Read access to one WARC file: the last usable response recorded for each URL.

    The index holds a 64-bit hash of each URL and its record's place in the file (offset and
    length) in three sorted arrays (24 bytes an entry), so replaying an archive of a million
    pages costs little memory, and a record is read with one system call. A record is
    checked against the URL when read.
    """

    def __init__(
        self,
        path: Path,
        keep_urls: bool = False,
        index: Index | None = None,
    ) -> None:
        """Open an archive and index it (one pass over the file), or take the `index` of an
        Archive already opened on the same file (worker processes get it that way)."""
        self.path = path
        self.stream = path.open("rb")
        self.url_list: list[str] | None = [] if keep_urls else None
        try:
            self.keys, self.offsets, self.lengths = index or _build_index(
                self.stream, self.url_list
            )
        except BaseException:
            self.stream.close()
            raise

    @property
    def index(self) -> Index:
        return self.keys, self.offsets, self.lengths

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, url: str) -> tuple[int, list[tuple[str, str]], bytes] | None:
        """(status, headers, body as received) for a URL, None if the archive lacks it."""
        key = url_key(url)
        at = bisect_left(self.keys, key)
        if at == len(self.keys) or self.keys[at] != key:
            return None
        found = self._read(self.offsets[at], self.lengths[at])
        return found[1:] if found[0] == url else None

    def urls(self) -> Iterator[str]:
        """Every URL with a response in the archive, once, in the order of the file."""
        if self.url_list is not None:
            yield from dict.fromkeys(self.url_list)
            return
        for offset, length in sorted(zip(self.offsets, self.lengths, strict=True)):
            yield self._read(offset, length)[0]

    def _read(self, offset: int, length: int) -> tuple[str, int, list[tuple[str, str]], bytes]:
        try:
            return _parse_response_record(_record_at(self.stream.fileno(), offset, length))
        except _UNUSUAL:  # an unusual record: let warcio read it
            self.stream.seek(offset)
            record = next(iter(ArchiveIterator(self.stream)))
            url = record.rec_headers.get_header("WARC-Target-URI")
            status = int(record.http_headers.get_statuscode() or 0)
            return url, status, list(record.http_headers.headers), record.raw_stream.read()

    def close(self) -> None:
        self.stream.close()


_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_UNUSUAL = (ValueError, KeyError, zlib.error)
"""What our readers raise on a record they do not know how to read (warcio reads those)."""


def _record_at(fd: int, offset: int, length: int) -> bytes:
    """The record that takes `length` bytes of the file from `offset` on, inflated if it is
    a gzip member. One read at that offset: the file's position is neither used nor moved."""
    data = os.pread(fd, length, offset)
    if len(data) < length:
        raise ValueError("archive ends inside a record")
    return zlib.decompress(data, 16 + zlib.MAX_WBITS) if data.startswith(_GZIP_MAGIC) else data


def _gzip_members(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Each gzip member from the stream's position on: the bytes it takes in the file, and
    its content inflated."""
    pending = stream.read(_CHUNK)
    while pending:
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        parts, size = [], 0
        while True:
            parts.append(inflate.decompress(pending))
            size += len(pending) - len(inflate.unused_data)
            if inflate.eof:
                pending = inflate.unused_data or stream.read(_CHUNK)
                break
            pending = stream.read(_CHUNK)
            if not pending:
                raise ValueError("archive ends inside a record")
        yield size, b"".join(parts)


def _warc_head(data: bytes) -> tuple[dict[str, str], int]:
    """The WARC header fields of a record (names in lower case) and where its block starts."""
    warc_end = data.index(b"\r\n\r\n")
    lines = data[:warc_end].decode("utf-8").split("\r\n")
    if not lines[0].startswith("WARC/"):
        raise ValueError("not a WARC record")
    fields = dict(
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in lines[1:])
    )
    return fields, warc_end + 4


def _target_uri(fields: dict[str, str]) -> str:
    """A record's WARC-Target-URI as warcio reads it: without the angle brackets some
    writers put around it, spaces escaped."""
    uri = fields["warc-target-uri"]
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1]
    return uri.replace(" ", "%20")


def _http_status(status_line: bytes) -> int:
    """The code of an HTTP status line ("HTTP/1.1 200 OK"); ValueError for anything else."""
    parts = status_line.split(maxsplit=2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
        raise ValueError(f"unreadable HTTP status line: {status_line[:80]!r}")
    return int(parts[1])


def _parse_response_record(data: bytes) -> tuple[str, int, list[tuple[str, str]], bytes]:
    """(URL, status, HTTP headers, body as received) of a WARC response record."""
    fields, block_start = _warc_head(data)
    if fields.get("warc-type") != "response":
        raise ValueError("not a response record")
    block = data[block_start : block_start + int(fields["content-length"])]
    http_end = block.index(b"\r\n\r\n")
    status_line, _, header_block = block[:http_end].partition(b"\r\n")
    header_lines = header_block.decode("latin-1").split("\r\n") if header_block else []
    headers = [
        (name.strip(), value.strip())
        for name, _, value in (line.partition(":") for line in header_lines)
    ]
    return _target_uri(fields), _http_status(status_line), headers, block[http_end + 4 :]


def _build_index(stream: BinaryIO, urls: list[str] | None) -> Index:
    """The index of the archive in `stream`, each response's URL appended to `urls` when a
    list is given. Records in gzip members of their own (the usual layout) go straight into
    the index's arrays as they are read: a list of them first took 13.5 MB more at start-up
    for 50,000 pages (about 270 MB for a million)."""
    try:
        return _index_of(_scan_members(stream), urls)
    except _UNUSUAL:  # not one gzip member per record: let warcio read it
        stream.seek(0)
        if urls is not None:
            urls.clear()
        # read whole first: on a file compressed as one gzip stream, warcio gives the first
        # record, with a length it cannot know, before the error that says how to mend it
        return _index_of(list(_scan_with_warcio(stream)), urls)


def _index_of(responses: Iterable[tuple[str, int, int, int]], urls: list[str] | None) -> Index:
    """Sorted URL keys and their records' offsets and lengths; for a URL recorded several
    times (retries), the last response below 400, else the last one."""
    keys, offsets, lengths, failed = array("Q"), array("Q"), array("Q"), array("B")
    for url, offset, length, status in responses:
        keys.append(url_key(url))
        offsets.append(offset)
        lengths.append(length)
        failed.append(status >= 400)
        if urls is not None:
            urls.append(url)
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
    return (
        chosen_keys,
        array("Q", (offsets[position] for position in chosen)),
        array("Q", (lengths[position] for position in chosen)),
    )


def _scan_members(stream: BinaryIO) -> Iterator[tuple[str, int, int, int]]:
    """(URL, offset, length, HTTP status) of each HTTP response in a file of one gzip member per
    record, as written by WarcWriter and most crawlers; about twice as fast as warcio, which
    reads every record line by line. ValueError for any other layout."""
    if stream.read(2) != _GZIP_MAGIC:
        raise ValueError("not a gzip file")
    stream.seek(0)
    offset = 0
    for size, record in _gzip_members(stream):
        fields, block_start = _warc_head(record)
        if len(record) != block_start + int(fields["content-length"]) + 4:
            raise ValueError("a gzip member holding other than one record")
        # a response that is not HTTP (e.g. DNS) answers no URL
        if fields.get("warc-type") == "response" and record.startswith(b"HTTP/", block_start):
            status_line = record[block_start : record.index(b"\r\n", block_start)]
            yield _target_uri(fields), offset, size, _http_status(status_line)
        offset += size


def _scan_with_warcio(stream: BinaryIO) -> Iterator[tuple[str, int, int, int]]:
    """(URL, offset, length, HTTP status) of each HTTP response in any WARC file warcio
    reads."""
    records = ArchiveIterator(stream)
    for record in records:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        status = int(record.http_headers.get_statuscode() or 0)
        yield url, records.get_record_offset(), records.get_record_length(), status
