"""Cleaning and crawling speed, side by side with lxml and trafilatura, and memory over long
crawls. Prints figures; asserts nothing. Run from the repository root:

    python benchmarks/bench.py                       # cleaning, reextract, seen URLs, a crawl
    python benchmarks/bench.py --memory 2000,50000   # also peak RSS of crawls of those sizes
    python benchmarks/bench.py --only cleaning       # one part (cleaning, reextract, seen, ...)

Pages: every fixture page, mirror article and (when ../shared is there) real page, varied into
`--pages` copies (paragraph words shuffled, numbers changed) so no two are byte-identical.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from lxml import html  # noqa: E402

from newscrawl.pool import default_workers  # noqa: E402
from newscrawl.portals import extract_page  # noqa: E402
from tests.support.corpus import varied_pages, write_site_archive  # noqa: E402


def interleaved_timings(
    systems: dict[str, Callable[[bytes], object]], pages: list[bytes], repeats: int
) -> dict[str, list[float]]:
    """Milliseconds per page for each system: the fastest of `repeats` runs (the least
    disturbed by the machine). The systems take turns on each page, in alternating order,
    so that a machine slowing down or speeding up during the run weighs on all alike."""
    timings: dict[str, list[float]] = {name: [] for name in systems}
    for number, page in enumerate(pages):
        order = list(systems) if number % 2 == 0 else list(reversed(systems))
        best = dict.fromkeys(order, float("inf"))
        for _ in range(repeats):
            for name in order:
                started = time.perf_counter()
                systems[name](page)
                best[name] = min(best[name], time.perf_counter() - started)
        for name in order:
            timings[name].append(best[name] * 1000)
    return timings


def bench_cleaning(count: int, repeats: int) -> float:
    """Median ms per page for lxml, trafilatura and ours; returns our pages/s on one core."""
    pages = varied_pages(count)
    systems = {
        "lxml parse only": lambda page: html.document_fromstring(page),
        "trafilatura.extract": lambda page: trafilatura.extract(page),
        "newscrawl cleaner": lambda page: extract_page(page, None),
    }
    extract_page(pages[0], None)  # imports and caches warm
    timings = interleaved_timings(systems, pages, repeats)
    print(f"\n== cleaning: {len(pages)} pages, best of {repeats} runs each")
    for name, values in timings.items():
        print(
            f"  {name:<22} median {statistics.median(values):7.2f} ms   "
            f"mean {statistics.fmean(values):7.2f} ms"
        )
    ours, traf = timings["newscrawl cleaner"], timings["trafilatura.extract"]
    per_page = [o / t for o, t in zip(ours, traf, strict=True)]
    print(
        f"  ours / trafilatura: median of per-page ratios {statistics.median(per_page):.2f}, "
        f"ratio of medians {statistics.median(ours) / statistics.median(traf):.2f}"
    )
    print(
        f"  ours / lxml parse:  ratio of medians "
        f"{statistics.median(ours) / statistics.median(timings['lxml parse only']):.1f}"
    )
    return 1000 / statistics.fmean(ours)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(child) for child in children)
    return found


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def crawl(archive: Path, workdir: Path) -> dict:
    """One replayed `scrapy crawl suara`; pages/s from its stats, peak RSS sampled from /proc."""
    stats_file = workdir / "stats.json"
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "suara",
        "-a",
        "sources=sitemap",
        "-s",
        f"NEWSCRAWL_REPLAY={archive}",
        "-s",
        "LOG_LEVEL=WARNING",
        "-s",
        f"NEWSCRAWL_STATS_OUT={stats_file}",
        "-O",
        str(workdir / "feed.jsonl"),
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    main_peak = worker_peak = 0
    main_cpu = 0.0
    while process.poll() is None:
        tree = _tree(process.pid)
        main_peak = max(main_peak, _peak_kb(process.pid))
        worker_peak = max([worker_peak, *(_peak_kb(pid) for pid in tree[1:])])
        main_cpu = max(main_cpu, _cpu_seconds(process.pid))
        time.sleep(0.1)
    stats = json.loads(stats_file.read_text())
    items = stats.get("item_scraped_count", 0)
    return {
        "items": items,
        "seconds": stats["elapsed_time_seconds"],
        "rate": items / stats["elapsed_time_seconds"],
        "main_cpu_s": main_cpu,
        "main_peak_mb": main_peak / 1024,
        "worker_peak_mb": worker_peak / 1024,
    }


def fastest(results: list[dict]) -> tuple[dict, str]:
    """The fastest of some crawls, and every crawl's pages/s as text."""
    rates = ", ".join(f"{result['rate']:.0f}" for result in results)
    return max(results, key=lambda result: result["rate"]), rates


def bench_crawl(count: int, runs: int, workdir: Path) -> None:
    """A replayed `scrapy crawl` (reported: a live crawl is paced by politeness, not by this)."""
    archive = workdir / f"site-{count}.warc.gz"
    write_site_archive(archive, count)
    print(f"\n== scrapy crawl over a replay archive of {count} articles, best of {runs} runs")
    best, rates = fastest([crawl(archive, workdir) for _ in range(runs)])
    per_page = 1000 * best["main_cpu_s"] / max(best["items"], 1)
    print(f"  {best['rate']:7.1f} pages/s (all runs: {rates})")
    print(
        f"  crawling process (start-up included): {best['main_cpu_s']:.1f} s CPU, "
        f"{per_page:.2f} ms per page; peak RSS {best['main_peak_mb']:.0f} MB, "
        f"largest worker {best['worker_peak_mb']:.0f} MB"
    )
    archive.unlink()


def bench_seen_urls(count: int) -> None:
    """Memory for `count` seen URLs, ours and Scrapy's, each in a fresh process."""
    print(f"\n== memory a crawl keeps for {count:,} seen URLs")
    for extra in ([], ["--plain"]):
        command = [sys.executable, str(ROOT / "benchmarks" / "seen_urls.py"), "--urls", str(count)]
        done = subprocess.run([*command, *extra], capture_output=True, text=True, check=True)
        print("  " + done.stdout.strip())


def bench_memory(sizes: list[int], workdir: Path) -> None:
    print(f"\n== peak RSS of the crawl process by crawl size: {', '.join(map(str, sizes))}")
    peaks = []
    for size in sizes:
        archive = workdir / f"memory-{size}.warc.gz"
        write_site_archive(archive, size)
        result = crawl(archive, workdir)
        peaks.append(result["main_peak_mb"])
        print(
            f"  {size:>7} articles: {result['items']} emitted at {result['rate']:.0f} pages/s, "
            f"peak RSS {result['main_peak_mb']:.1f} MB (largest worker "
            f"{result['worker_peak_mb']:.1f} MB)"
        )
        archive.unlink()
    print(f"  largest / smallest: {peaks[-1] / peaks[0]:.3f}")


def bench_reextract(count: int, cores: int, runs: int, workdir: Path) -> None:
    """`newscrawl reextract` as users run it (a new process, start-up included), timed."""
    archive = workdir / f"reextract-{count}.warc.gz"
    write_site_archive(archive, count)
    print(f"\n== newscrawl reextract over an archive of {count} articles, best of {runs} runs")
    rates = {}
    for workers in sorted({1, min(2, cores), cores}):
        command = [sys.executable, "-m", "newscrawl.cli", "reextract", str(archive)]
        command += ["-o", str(workdir / "reextract.jsonl"), "--workers", str(workers)]
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
            seconds.append(time.perf_counter() - started)
        rates[workers] = count / min(seconds)
        print(
            f"  {workers} worker(s): {rates[workers]:7.1f} pages/s "
            f"(runs: {', '.join(f'{value:.1f}' for value in seconds)} s)"
        )
    if 2 in rates:
        print(f"  2 workers / 1 worker: {rates[2] / rates[1]:.2f}")
    archive.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages for the cleaning test")
    parser.add_argument("--repeats", type=int, default=3, help="runs per page and system")
    parser.add_argument("--crawl", type=int, default=2000, help="articles in the crawl archive")
    parser.add_argument("--reextract", type=int, default=6000, help="articles to reextract")
    parser.add_argument("--runs", type=int, default=2, help="runs of each crawl and reextract")
    parser.add_argument("--memory", default="", help="crawl sizes to compare, e.g. 2000,50000")
    parser.add_argument("--seen", type=int, default=1_000_000, help="seen URLs to measure")
    parser.add_argument(
        "--only",
        default="cleaning,reextract,seen,crawl,memory",
        help="parts to run, comma separated (default: all)",
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    cores = default_workers()
    print(
        f"newscrawl benchmark: {cores} core(s), Python {sys.version.split()[0]}, "
        f"trafilatura {trafilatura.__version__}, pid {os.getpid()}"
    )
    if "cleaning" in parts:
        bench_cleaning(args.pages, args.repeats)
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as folder:
        workdir = Path(folder)
        if "reextract" in parts:
            bench_reextract(args.reextract, cores, args.runs, workdir)
        if "seen" in parts:
            bench_seen_urls(args.seen)
        if "crawl" in parts:
            bench_crawl(args.crawl, args.runs, workdir)
        if "memory" in parts and args.memory:
            bench_memory([int(size) for size in args.memory.split(",")], workdir)


if __name__ == "__main__":
    main()
