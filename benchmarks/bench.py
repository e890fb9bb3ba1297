"""Cleaning and crawling speed, side by side with lxml and trafilatura, and memory over long
crawls. Prints figures; asserts nothing. Run from the repository root:

    python benchmarks/bench.py                       # cleaning, a 2,000-article crawl, reextract
    python benchmarks/bench.py --memory 2000,50000   # also peak RSS of crawls of those sizes

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from lxml import html  # noqa: E402

from newscrawl.pool import default_workers  # noqa: E402
from newscrawl.portals import extract_page  # noqa: E402
from tests.support.corpus import site_articles, varied_pages, write_site_archive  # noqa: E402


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


def single_core_rate(pages: list[tuple[str, bytes]]) -> float:
    """Our cleaner's pages/s on one core over the crawl's own pages, in one pass."""
    started = time.perf_counter()
    for url, page in pages:
        extract_page(page, url)
    return len(pages) / (time.perf_counter() - started)


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


def crawl(archive: Path, workdir: Path, *settings: str, cpus: set[int] | None = None) -> dict:
    """One replayed `scrapy crawl suara`; pages/s from its stats, peak RSS sampled from /proc.
    With `cpus`, the crawl and its workers may run on those CPUs only (one worker per CPU)."""
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
        *settings,
    ]
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL, preexec_fn=pin)
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


def best_crawl(runs: int, *args: Any, **kwargs: Any) -> tuple[dict, str]:
    """The fastest of `runs` crawls, and every run's pages/s as text."""
    return fastest([crawl(*args, **kwargs) for _ in range(runs)])


def bench_crawl(count: int, cores: int, runs: int, workdir: Path) -> None:
    archive = workdir / f"site-{count}.warc.gz"
    started = time.perf_counter()
    write_site_archive(archive, count)
    print(
        f"\n== crawl over a replay archive of {count} articles "
        f"(built in {time.perf_counter() - started:.1f} s), best of {runs} runs"
    )
    pages = list(site_articles(min(count, 500)))
    extract_page(pages[0][1], pages[0][0])  # imports and caches warm
    singles, results = [], []
    for _ in range(runs):  # taking turns, so that the machine's drift weighs on both alike
        singles.append(single_core_rate(pages))
        results.append(crawl(archive, workdir))
    single, (best, crawl_rates) = max(singles), fastest(results)
    pairs = zip(singles, results, strict=True)
    paired = ", ".join(f"{result['rate'] / (cores * rate):.2f}" for rate, result in pairs)
    single_rates = ", ".join(f"{rate:.0f}" for rate in singles)
    print(f"  cleaner alone, one core:      {single:7.1f} pages/s (all runs: {single_rates})")
    print(
        f"  scrapy crawl, {cores} workers:     {best['rate']:7.1f} pages/s "
        f"({best['items']} articles in {best['seconds']:.1f} s; all runs: {crawl_rates})"
    )
    print(
        f"  crawl / (cores x one core):   {best['rate'] / (cores * single):7.2f} "
        f"(fastest over fastest; each run over the cleaner's pass before it: {paired})"
    )
    if cores > 1:
        first_cpu = min(os.sched_getaffinity(0))
        pinned, pinned_rates = best_crawl(runs, archive, workdir, cpus={first_cpu})
        print(
            f"  scrapy crawl pinned to 1 core: {pinned['rate']:7.1f} pages/s "
            f"(1 worker; all runs: {pinned_rates})"
        )
        print(f"  crawl on {cores} cores / on 1 core: {best['rate'] / pinned['rate']:5.2f}")
    per_page = 1000 * best["main_cpu_s"] / max(best["items"], 1)
    print(
        f"  crawling process (start-up included): {best['main_cpu_s']:.1f} s CPU, "
        f"{per_page:.2f} ms per page (cleaning: {1000 / single:.2f} ms per page)"
    )
    print(
        f"  peak RSS: crawl process {best['main_peak_mb']:.0f} MB, "
        f"largest worker {best['worker_peak_mb']:.0f} MB"
    )
    archive.unlink()


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
    args = parser.parse_args()
    cores = default_workers()
    print(
        f"newscrawl benchmark: {cores} core(s), Python {sys.version.split()[0]}, "
        f"trafilatura {trafilatura.__version__}, pid {os.getpid()}"
    )
    bench_cleaning(args.pages, args.repeats)
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as folder:
        workdir = Path(folder)
        bench_crawl(args.crawl, cores, args.runs, workdir)
        bench_reextract(args.reextract, cores, args.runs, workdir)
        if args.memory:
            bench_memory([int(size) for size in args.memory.split(",")], workdir)


if __name__ == "__main__":
    main()
