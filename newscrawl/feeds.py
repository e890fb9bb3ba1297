"""JSON lines feeds, encoded with orjson."""

from __future__ import annotations

from typing import Any

import orjson
from scrapy.exporters import JsonLinesItemExporter

_ORJSON_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_APPEND_NEWLINE
)
"""Dates and dataclasses go to Scrapy's encoder, so that they come out as in Scrapy's own
feeds."""


class JsonLinesExporter(JsonLinesItemExporter):
    """Scrapy's exporter for the `jsonlines` and `jsonl` feed formats, encoding with orjson:
    an article takes about 7 µs instead of 63, a cost the crawling process pays on every
    article. Lines hold the same JSON as Scrapy's (same keys in the same order,
    text as UTF-8), without spaces after the separators.

    Scrapy's encoder still does the work where orjson would write something else: feeds in
    another encoding than UTF-8 or with other encoder options, and values orjson refuses
    (integers beyond 64 bits, types it does not know)."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        utf8 = (self.encoding or "").lower().replace("_", "-") in ("utf-8", "utf8")
        self._orjson = utf8 and self._kwargs == {"ensure_ascii": False}

    def export_item(self, item: Any) -> None:
        if not self._orjson:
            super().export_item(item)
            return
        if type(item) is dict and self.fields_to_export is None:
            fields = item  # what get_serialized_fields would rebuild, field by field
        else:
            fields = dict(self.get_serialized_fields(item))
        try:
            line = orjson.dumps(fields, default=self.encoder.default, option=_ORJSON_OPTIONS)
        except TypeError:  # orjson.JSONEncodeError is one
            super().export_item(item)
            return
        self.file.write(line)
