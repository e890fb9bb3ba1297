"""Soak test: crawl a misbehaving mirror again and again; nothing may be lost or doubled.

Run by hand from the repository root (it takes a few seconds per round):

    python tests/soak.py                       # 3 rounds
    python tests/soak.py --rounds 10 --kill-rate 0.3 --seed 7
    python tests/soak.py --rate-factor 1.5 --workdir /tmp/soak --rounds 5

It serves the suara mirror (fixtures/sites/suara) on 127.0.0.1 through
`tests.support.faults.FaultPolicy`, with transient faults (500, 503, 429, timeouts, resets,
truncated bodies, slow answers) at soak rates and every permanent fault on decoy article URLs,
and runs `scrapy crawl suara -a base_url=...` against it `--rounds` times, each round with
new fault plans (`FaultPolicy.next_round`). With `--kill-rate P`, a round is killed with
SIGKILL at a random moment with chance P, then run again (a crash the crawl must survive).

The crawl's output is read from its JSONL feed (one per run, in the work folder, kept with
each run's log and stats). With a store (the default, `--store auto`), the same SQLite store
is given to every run; after every run, killed ones included, `newscrawl export` is run on it
and every line must be a whole JSON article; at the end the store must pass SQLite's
integrity check, hold every article served well once, and have no link without its article.

It prints faults injected by kind, pages served, articles served well, articles landed
(the store's articles; without a store, the union over runs of the feeds' URLs), articles
lost (served well, never landed: must be 0), duplicates (a URL twice in one feed or in the
store: must be 0),
crashes survived and runs that did not end cleanly, and exits with status 1 when articles
were lost, duplicated, or a run that was not killed ended badly.

Options: --rounds N (3), --kill-rate P (0), --seed N (1), --rate-factor F (1.0, scales the
soak rates), --timeout S (DOWNLOAD_TIMEOUT, 3), --retry-times N (3; faults per URL never
outnumber it unless --max-failures says so), --max-failures N, --store auto|none|PATH,
--recheck-days D (-1: every round rewrites every article, so kills hit store writes),
--workdir DIR (default: a new temporary folder, kept).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python tests/soak.py
    sys.path.insert(0, str(ROOT))

from tests.support.faults import FaultPolicy, FaultRates  # noqa: E402
from tests.support.siteserver import SiteServer  # noqa: E402

SITE = ROOT / "fixtures" / "sites" / "suara"
SOAK_RATES = FaultRates(
    http_500=0.08,
    http_503=0.08,
    http_429=0.05,
    timeout=0.02,
    reset=0.08,
    reset_mid_body=0.08,
    truncated=0.08,
    slow=0.2,
)
"""About half of all first attempts fail: several times the test suite's rates."""


@dataclass
class Run:
    """One `scrapy crawl` process."""

    round: int
    attempt: int
    folder: Path
    killed: bool = False
    seconds: float = 0.0
    returncode: int | None = None
    finish_reason: str | None = None
    urls: list[str] = field(default_factory=list)
    """URLs of the feed's complete lines, in order."""

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and self.finish_reason == "finished"

    def duplicates(self) -> dict[str, int]:
        return {url: n for url, n in Counter(self.urls).items() if n > 1}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python tests/soak.py",
        description="Crawl the suara mirror under faults, repeatedly; report losses.",
    )
    parser.add_argument("--rounds", type=int, default=3, help="crawls to run (default 3)")
    parser.add_argument(
        "--kill-rate",
        type=float,
        default=0.0,
        help="chance that a round is killed with SIGKILL at a random moment, then re-run",
    )
    parser.add_argument("--seed", type=int, default=1, help="fault plans and kill moments")
    parser.add_argument("--rate-factor", type=float, default=1.0, help="scale the fault rates")
    parser.add_argument("--timeout", type=float, default=3.0, help="DOWNLOAD_TIMEOUT (s)")
    parser.add_argument("--retry-times", type=int, default=3, help="RETRY_TIMES")
    parser.add_argument(
        "--max-failures",
        type=int,
        default=None,
        help="most transient faults in a row per URL (default: --retry-times)",
    )
    parser.add_argument(
        "--store",
        default="auto",
        help="auto (a store in the work folder, if the crawl has NEWSCRAWL_STORE), none, or a path",
    )
    parser.add_argument(
        "--recheck-days",
        type=float,
        default=-1,
        help="NEWSCRAWL_RECHECK_DAYS for the runs (default -1: every round fetches and writes "
        "every article again, so kills land in the middle of store writes)",
    )
    parser.add_argument("--workdir", type=Path, default=None, help="where runs are kept")
    args = parser.parse_args(argv)
    if args.rounds < 1 or not 0 <= args.kill_rate <= 1:
        parser.error("--rounds must be >= 1 and --kill-rate within 0..1")
    return args


def crawl_has_store() -> bool:
    import newscrawl.settings

    return hasattr(newscrawl.settings, "NEWSCRAWL_STORE")


def check_export(store: Path, folder: Path) -> tuple[int, list[str]]:
    """Run `newscrawl export` on the store as it is (maybe right after a kill): the number of
    lines, and the problems (a line that is not a whole JSON article, a failed export)."""
    output = folder / "export.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "export", "--store", str(store), "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return 0, [f"export failed: {done.stderr.strip()[-300:]}"]
    problems, lines = [], output.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    else:
        problems.append("the export does not end with a newline")
    for number, line in enumerate(lines, 1):
        try:
            if not json.loads(line).get("url"):
                problems.append(f"line {number} has no url")
        except ValueError:
            problems.append(f"line {number} is not a whole JSON object")
    return len(lines), problems


def crawl(run: Run, base_url: str, settings: dict[str, str], kill_after: float | None) -> Run:
    """Run one crawl; SIGKILL its process group after `kill_after` seconds when given."""
    run.folder.mkdir(parents=True, exist_ok=True)
    feed, stats, log = (run.folder / name for name in ("feed.jsonl", "stats.json", "crawl.log"))
    command = [sys.executable, "-m", "scrapy", "crawl", "suara", "-O", str(feed)]
    command += ["-a", f"base_url={base_url}", "-s", f"NEWSCRAWL_STATS_OUT={stats}"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    started = time.monotonic()
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,  # its own process group: a kill takes its workers too
        )
        try:
            process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            run.killed = True
    run.seconds = time.monotonic() - started
    run.returncode = process.returncode
    if stats.exists():
        run.finish_reason = json.loads(stats.read_text(encoding="utf-8")).get("finish_reason")
    run.urls = read_feed(feed)
    return run


def read_feed(feed: Path) -> list[str]:
    """URLs of the complete JSON lines (a killed run may leave half a line)."""
    if not feed.exists():
        return []
    urls = []
    for line in feed.read_bytes().splitlines():
        try:
            urls.append(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError):
            continue
    return urls


def read_store(path: Path) -> tuple[list[str], list[str]]:
    """The stored articles' URLs (rows, not distinct) and the store's consistency problems:
    integrity check, rows without a body hash, links without their article."""
    if not path.exists():
        return [], ["no store file written"]
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
            urls = [row[0] for row in db.execute("SELECT url FROM articles")]
            unhashed = db.execute(
                "SELECT count(*) FROM articles WHERE body_hash IS NULL OR body = ''"
            ).fetchone()[0]
            orphans = db.execute(
                "SELECT count(*) FROM related_links WHERE article_url NOT IN "
                "(SELECT url FROM articles)"
            ).fetchone()[0]
    except sqlite3.Error as error:
        return [], [f"unreadable ({error})"]
    problems += [f"{unhashed} articles without body"] if unhashed else []
    problems += [f"{orphans} related links without their article"] if orphans else []
    return urls, problems


def path_of(url: str) -> str:
    return urlsplit(url).path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newscrawl-soak-"))
    workdir.mkdir(parents=True, exist_ok=True)
    store: Path | None = None
    if args.store == "auto":
        store = workdir / "store.sqlite" if crawl_has_store() else None
    elif args.store != "none":
        store = Path(args.store).resolve()
    settings = {
        "DOWNLOAD_TIMEOUT": f"{args.timeout:g}",
        "RETRY_TIMES": str(args.retry_times),
        "NEWSCRAWL_RETRY_BASE_DELAY": "0.05",
        "NEWSCRAWL_RETRY_MAX_DELAY": "1",
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_START_DELAY": "0.01",
        "LOG_LEVEL": "INFO",
    }
    if store is not None:
        settings["NEWSCRAWL_STORE"] = str(store)
        settings["NEWSCRAWL_RECHECK_DAYS"] = f"{args.recheck_days:g}"
    policy = FaultPolicy(
        args.seed,
        SOAK_RATES.scaled(args.rate_factor),
        max_failures=args.retry_times if args.max_failures is None else args.max_failures,
        client_timeout=args.timeout,
        retry_after=1,
    )
    print(
        f"soak: {args.rounds} rounds, seed {args.seed}, rates x{args.rate_factor:g}, "
        f"kill rate {args.kill_rate:g}, store: {store or 'none (feeds only)'}\n"
        f"work folder: {workdir}"
    )
    runs: list[Run] = []
    exports: list[tuple[str, int, list[str]]] = []
    typical = 6.0  # seconds a round takes; updated from clean runs
    started = time.monotonic()
    with SiteServer(SITE, policy=policy) as server:
        for number in range(1, args.rounds + 1):
            if number > 1:
                policy.next_round()
            before = policy.summary().faults
            kill_after = rng.uniform(0.3, typical) if rng.random() < args.kill_rate else None
            attempt = 1
            while True:
                suffix = "" if attempt == 1 else f"-rerun{attempt - 1}"
                folder = workdir / f"round-{number}{suffix}"
                run = crawl(Run(number, attempt, folder), server.base_url, settings, kill_after)
                runs.append(run)
                if store is not None:
                    exported, problems = check_export(store, folder)
                    exports.append((folder.name, exported, problems))
                if run.killed:
                    print(
                        f"round {number}: killed (SIGKILL) after {run.seconds:.1f} s, "
                        f"{len(run.urls)} items on disk; running it again"
                    )
                    kill_after, attempt = None, attempt + 1
                    continue
                break
            if run.clean:
                typical = max(1.0, run.seconds)
            faults = Counter(policy.summary().faults)
            faults.subtract(before)
            print(
                f"round {number}: {run.finish_reason or 'no finish reason'} "
                f"(exit {run.returncode}) in {run.seconds:.1f} s, {len(run.urls)} items, "
                f"{sum(faults.values())} faults injected"
            )
    elapsed = time.monotonic() - started

    decoys = {d.target: d for d in policy.decoys.values()}
    expected_articles = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))["articles"]
    served = policy.served_well()
    served_articles = {p for p in expected_articles if p in served}
    served_articles |= {t for t, d in decoys.items() if d.lands and policy.attempts(t)}
    landed_urls = [url for run in runs for url in run.urls]
    store_problems: list[str] = []
    store_duplicates: dict[str, int] = {}
    if store is not None:
        # with a store, what landed is what the store holds at the end
        landed_urls, store_problems = read_store(store)
        store_duplicates = {u: n for u, n in Counter(landed_urls).items() if n > 1}
        store_problems += [f"{name}: {p}" for name, _, found in exports for p in found]
    landed = {path_of(url) for url in landed_urls}
    lost = sorted(served_articles - landed)
    unexpected = sorted(landed - served_articles)
    duplicates = [(run, url, n) for run in runs for url, n in run.duplicates().items()]
    crashes = sum(run.killed for run in runs)
    survived = sum(
        run.killed and next_run.clean
        for run, next_run in pairwise(runs)
        if next_run.round == run.round
    )
    unclean = [run for run in runs if not run.killed and not run.clean]

    summary = policy.summary()
    print()
    print(f"faults injected ({sum(summary.faults.values())}):")
    for kind, count in sorted(summary.faults.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<18} {count}")
    print(f"requests            {summary.requests}")
    print(f"pages served        {summary.pages_served} (served well: {summary.pages_served_well})")
    print(f"runs                {len(runs)} in {elapsed:.1f} s")
    print(f"articles served well {len(served_articles)}")
    print(f"articles landed     {len(landed & served_articles)}")
    print(f"articles lost       {len(lost)}")
    for path in lost:
        print(f"    lost: {path}")
    print(f"duplicates          {len(duplicates) + len(store_duplicates)}")
    for run, url, n in duplicates:
        print(f"    {n}x in {run.folder.name}/feed.jsonl: {url}")
    for url, n in store_duplicates.items():
        print(f"    {n}x in the store: {url}")
    print(f"crashes survived    {survived} of {crashes}")
    if store is not None:
        print(
            f"store               {store}: {len(set(landed_urls))} articles, "
            f"{'consistent' if not store_problems else 'PROBLEMS'}"
        )
        print(
            f"exports checked     {len(exports)} (after every run, killed ones included), "
            f"lines: {', '.join(str(n) for _, n, _ in exports)}"
        )
        for problem in store_problems:
            print(f"    {problem}")
    if unexpected:
        print(f"landed but never served well (not articles?): {unexpected}")
    for run in unclean:
        print(f"run did not end cleanly: {run.folder} (exit {run.returncode}, {run.finish_reason})")
    return 1 if lost or duplicates or store_duplicates or unclean or store_problems else 0


if __name__ == "__main__":
    sys.exit(main())
