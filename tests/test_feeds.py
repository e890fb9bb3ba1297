"""JSON lines feeds: the same JSON as Scrapy's own exporter writes, whatever the item holds."""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.project import get_project_settings

from newscrawl.feeds import JsonLinesExporter

ARTICLE = {
    "url": "https://www.suara.com/news/2024/05/02/101500/banjir-rob-semarang",
    "title": "Banjir Rob “Merendam” Semarang – Warga Mengungsi 🌊",
    "body": 'SEMARANG — Banjir rob merendam ratusan rumah.\n\nWarga: "Air naik\\turun".',
    "related": [{"kind": "baca_juga", "title": "Rob di Pekalongan", "url": "https://x/1"}],
    "authors": ["Dwi Bowo"],
    "published_at": "2024-05-02T10:15:00+07:00",
    "image": None,
    "word_count": 11,
    "warnings": [],
}


@dataclass
class Link:
    title: str
    url: str


class Label(str):
    pass


def lines(exporter_class: type, items: list[Any], **options: Any) -> bytes:
    stream = io.BytesIO()
    exporter = exporter_class(stream, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return stream.getvalue()


def parsed(data: bytes, encoding: str = "utf-8") -> list[Any]:
    return [json.loads(line) for line in data.decode(encoding).splitlines()]


@pytest.mark.parametrize(
    "item",
    [
        ARTICLE,
        {"when": datetime.datetime(2024, 5, 2, 10, 15), "day": datetime.date(2024, 5, 2)},
        {"amount": Decimal("1.50"), "tags": {"banjir"}, "link": Link("Rob", "https://x/1")},
        {"kind": Label("terpopuler"), "huge": 2**70},
    ],
    ids=["article", "dates", "decimal-set-dataclass", "str-subclass-bigint"],
)
def test_same_json_as_scrapys_exporter(item: dict) -> None:
    ours = lines(JsonLinesExporter, [item], encoding="utf-8")
    scrapys = lines(JsonLinesItemExporter, [item], encoding="utf-8")
    assert parsed(ours) == parsed(scrapys)
    assert ours.count(b"\n") == 1


def test_text_is_written_as_utf8_not_escaped() -> None:
    data = lines(JsonLinesExporter, [ARTICLE], encoding="utf-8")
    assert "“Merendam”".encode() in data
    assert "🌊".encode() in data


def test_fields_to_export_are_kept() -> None:
    data = lines(JsonLinesExporter, [ARTICLE], encoding="utf-8", fields_to_export=["title", "url"])
    assert list(parsed(data)[0]) == ["title", "url"]


def test_another_encoding_is_scrapys_output_byte_for_byte() -> None:
    item = {"title": "Kafe Café", "views": 12}
    ours = lines(JsonLinesExporter, [item], encoding="latin-1")
    assert ours == lines(JsonLinesItemExporter, [item], encoding="latin-1")
    assert ours == b'{"title": "Kafe Caf\xe9", "views": 12}\n'


def test_the_crawl_writes_jsonl_feeds_with_it() -> None:
    exporters = get_project_settings().getdict("FEED_EXPORTERS")
    assert exporters["jsonl"] == exporters["jsonlines"] == "newscrawl.feeds.JsonLinesExporter"
