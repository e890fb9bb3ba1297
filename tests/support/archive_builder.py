"""Build a WARC archive from a mirror folder (routes.json), as if the live site had been crawled.

Used to make the shipped replay archive and the benchmark archives; the archive is the
mirror's files with `{{BASE}}` replaced by the origin they pretend to come from.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

from newscrawl.archive import WarcWriter

PLACEHOLDER = "{{BASE}}"


def mirror_responses(
    site: Path, origin: str
) -> Iterator[tuple[str, int, list[tuple[str, str]], bytes]]:
    """(url, status, headers, body) for every route of the mirror, in routes.json order."""
    routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))["routes"]
    for path, route in routes.items():
        if "body" in route:
            body = route["body"].encode("utf-8")
        elif "file" in route:
            body = (site / route["file"]).read_bytes()
        else:
            body = b""
        content_type = route.get("type", "text/html; charset=utf-8")
        if content_type.startswith(
            ("text/", "application/xml", "application/rss", "application/atom")
        ):
            body = body.replace(PLACEHOLDER.encode(), origin.encode())
        extra = [
            (name, value.replace(PLACEHOLDER, origin))
            for name, value in route.get("headers", {}).items()
        ]
        headers = [("Content-Type", content_type), *extra]
        yield origin + path, int(route.get("status", 200)), headers, body


def write_archive(site: Path, origin: str, output: Path) -> int:
    """Write the mirror as a .warc.gz; returns the number of responses written."""
    count = 0
    with output.open("wb") as stream:
        writer = WarcWriter(stream, output.name)
        for url, status, headers, body in mirror_responses(site, origin):
            writer.write(url, status, headers, body, [("User-Agent", "newscrawl archive builder")])
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, help="mirror folder with routes.json")
    parser.add_argument("output", type=Path, help="archive to write (.warc.gz)")
    parser.add_argument("--origin", default="https://www.suara.com")
    args = parser.parse_args()
    written = write_archive(args.site, args.origin.rstrip("/"), args.output)
    print(f"{written} responses -> {args.output}")


if __name__ == "__main__":
    main()
