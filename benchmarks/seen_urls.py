"""What a crawl keeps in memory for the URLs it has seen, at 1,000,000 of them, without
crawling them: each URL goes through the duplicate filter (as a request) and the in-run
de-duplication (as an emitted article), the two sets that grow with a crawl. Prints figures.

    python benchmarks/seen_urls.py [--urls 1000000] [--plain]

--plain measures Scrapy's own filter and a Python set instead, for comparison.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request
from scrapy.utils.request import RequestFingerprinter
from scrapy.utils.test import get_crawler

from newscrawl.crawl.seen import CompactDupeFilter, KeySet
from newscrawl.urls import url_key


def resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=1_000_000)
    parser.add_argument("--plain", action="store_true", help="Scrapy's filter and a set")
    args = parser.parse_args()
    fingerprinter = RequestFingerprinter(get_crawler())
    if args.plain:
        dupes: RFPDupeFilter = RFPDupeFilter(fingerprinter=fingerprinter)
        emitted: set[int] | KeySet = set()
    else:
        dupes = CompactDupeFilter(fingerprinter=fingerprinter)
        emitted = KeySet()
    gc.collect()
    before = resident_kb()
    for number in range(args.urls):
        url = (
            f"https://www.suara.com/news/20{number % 10 + 15}/11/{number % 28 + 1:02d}/"
            f"{number % 240000:06d}/judul-berita-nomor-{number}"
        )
        dupes.request_seen(Request(url))
        emitted.add(url_key(url))
    gc.collect()
    grown = (resident_kb() - before) * 1024
    kind = "Scrapy's filter + set" if args.plain else "CompactDupeFilter + KeySet"
    print(
        f"seen URLs ({kind}): {args.urls:,} URLs take {grown / 2**20:.1f} MB, "
        f"{grown / args.urls:.1f} bytes a URL"
    )


if __name__ == "__main__":
    main()
