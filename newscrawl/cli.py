"""The `newscrawl` command: clean saved pages, score the cleaner, export, inspect and upgrade
the store, re-clean archives, feed and watch a distributed crawl's frontier. Thin: it
parses, calls the library and prints.

Exit status: 0 done; 1 the work failed (an output could not be written, ...); 2 a usage error
(a wrong argument, an output that names an input, a file that is not what it should be, a
store that is not a newscrawl store or whose schema is older or newer than the code); 130 and
143 interrupted by Ctrl-C or SIGTERM (an output being written is left as it was)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from newscrawl import settings
from newscrawl.files import atomic_output, check_output, exit_on_termination
from newscrawl.portals import PORTALS
from newscrawl.portals.drift import RECENT_RUNS

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", "")


class UsageError(ValueError):
    """A command line that cannot be run as given."""


def main(argv: Sequence[str] | None = None) -> int:
    exit_on_termination()
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (ValueError, KeyError, FileNotFoundError, NotADirectoryError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"newscrawl: {message}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"newscrawl: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newscrawl: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    clean = commands.add_parser(
        "clean", help="clean saved pages into articles (JSON; JSON lines for several pages)"
    )
    clean.add_argument(
        "inputs", nargs="+", type=Path, metavar="PAGE", help="HTML files or folders of them"
    )
    clean.add_argument("--url", type=_web_url, help="URL the page was served at (one page only)")
    clean.add_argument(
        "--text", action="store_true", help="inputs are plain-text dumps, one block per line"
    )
    profile = clean.add_mutually_exclusive_group()
    profile.add_argument(
        "--portal", choices=sorted(PORTALS), help="portal profile to use (default: from --url)"
    )
    profile.add_argument(
        "--no-profile",
        action="store_true",
        help="use no portal's profile, even when --url names a portal (the generic cleaner alone)",
    )
    clean.add_argument("-o", "--output", help="write here instead of stdout (- for stdout)")
    clean.set_defaults(run=_clean)

    evaluate = commands.add_parser(
        "eval",
        help="score the cleaner and trafilatura on fixture cases (quality harness)",
        description="Score the cleaner with portal profiles, without any profile and "
        "trafilatura on the same pages: one table per folder given.",
    )
    evaluate.add_argument(
        "cases",
        nargs="+",
        type=Path,
        metavar="CASES",
        help="folders of fixture cases, or a benchmark folder (ground-truth.json, html/)",
    )
    evaluate.add_argument(
        "--pages",
        type=Path,
        default=Path("../shared"),
        help="folder holding the pages that cases name in meta.json (default: %(default)s)",
    )
    evaluate.add_argument(
        "--floors",
        type=Path,
        help="JSON of floors per set and system; exit 1 when one is not reached",
    )
    evaluate.add_argument(
        "--no-profile",
        action="store_true",
        help="detail ours without portal profiles in the tables (every system is scored and "
        "every floor checked either way)",
    )
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.set_defaults(run=_eval)

    export = commands.add_parser(
        "export",
        help="write the store's articles as a JSON lines feed",
        description="Write the current version of stored articles, one JSON object per line "
        "(the crawl's feed schema), ordered by published_at then url. With --since or "
        "--until, articles without a publication date are left out; without a window they "
        "are included (last). Copies of other articles (duplicate_of set) are left out unless "
        "--duplicates. The file is written beside the output and renamed into place; a .gz "
        "output is gzip-compressed with a fixed timestamp, so equal stores give equal bytes.",
    )
    export.add_argument("--store", required=True, help="NEWSCRAWL_STORE: SQLite file or URL")
    export.add_argument("--since", type=_day, help="first publication day, YYYY-MM-DD")
    export.add_argument("--until", type=_day, help="last publication day, YYYY-MM-DD")
    export.add_argument("--portal", help="only this portal's articles (e.g. suara)")
    export.add_argument(
        "--duplicates", action="store_true", help="include copies of other articles"
    )
    export.add_argument(
        "-o", "--output", required=True, help="FILE.jsonl or FILE.jsonl.gz (- for stdout)"
    )
    export.set_defaults(run=_export)

    stats = commands.add_parser(
        "stats",
        help="articles per portal, the last run's failures and rejections, and each portal's "
        "layout drift over its recent runs",
    )
    stats.add_argument("--store", required=True, help="NEWSCRAWL_STORE: SQLite file or URL")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.add_argument(
        "--runs",
        type=_at_least(1),
        default=RECENT_RUNS,
        help=f"layout drift over each portal's last N runs (default {RECENT_RUNS})",
    )
    stats.set_defaults(run=_stats)

    store = commands.add_parser("store", help="look after a store: `store upgrade`")
    store_commands = store.add_subparsers(required=True, metavar="ACTION")
    upgrade = store_commands.add_parser(
        "upgrade",
        help="bring a store made by an older newscrawl to this version's schema",
        description="Bring a store made by an older newscrawl to the schema version this "
        "newscrawl needs (a store from before schema versions were kept is recognised by its "
        "tables and given one). All in one transaction, so an interrupted upgrade changes "
        "nothing; copy the store first all the same. A store that is already current is left "
        "as it is; a database that is not a newscrawl store is refused.",
    )
    upgrade.add_argument("--store", required=True, help="NEWSCRAWL_STORE: SQLite file or URL")
    upgrade.set_defaults(run=_store_upgrade)

    enqueue = commands.add_parser(
        "enqueue",
        help="push portals' discovery into a distributed crawl's frontier (NEWSCRAWL_REDIS_URL)",
        description="Queue the first requests of each portal's discovery (robots.txt, "
        "sitemaps, feeds, index pages) in Redis for the workers (`scrapy crawl news` or a "
        "portal's spider with NEWSCRAWL_REDIS_URL set). With --since/--until, a backfill: "
        "sitemaps not modified since the window opened are not read, and only articles of "
        "the window are fetched. Requests of dead workers are given back first.",
    )
    enqueue.add_argument("portals", nargs="+", metavar="PORTAL", help="portals to queue, or all")
    enqueue.add_argument("--since", type=_day, help="first publication day, YYYY-MM-DD")
    enqueue.add_argument("--until", type=_day, help="last publication day, YYYY-MM-DD")
    enqueue.add_argument(
        "--sources",
        help="discovery sources to use: any of sitemap, feed, listing (comma separated)",
    )
    enqueue.add_argument("--base-url", help="a mirror of the portal (one portal only)")
    _redis_arguments(enqueue)
    enqueue.set_defaults(run=_enqueue)

    queue = commands.add_parser(
        "queue",
        help="what waits in a distributed crawl's frontier, per portal, and what each worker did",
        description="Per portal: requests queued, taken by a worker and not finished, "
        "fingerprints seen. Per worker: its spider and state, whether its heartbeat lives, "
        "pages fetched, articles emitted and stored, failures, requests held. Requests of "
        "dead workers are given back first.",
    )
    queue.add_argument(
        "--flush",
        metavar="PORTAL",
        action="append",
        help="first forget this portal's queue and seen fingerprints (repeatable)",
    )
    queue.add_argument("--json", action="store_true", help="print one JSON object")
    _redis_arguments(queue)
    queue.set_defaults(run=_queue)

    again = commands.add_parser(
        "reextract", help="clean every article of a WARC archive again, on all cores"
    )
    again.add_argument("archive", type=Path, help="a .warc or .warc.gz file")
    again.add_argument("-o", "--output", required=True, help="JSON lines to write (- for stdout)")
    again.add_argument(
        "--workers", type=_at_least(1), help="processes, at least 1 (default: one per core)"
    )
    again.add_argument(
        "--timeout",
        type=_at_least(0.0, float),
        default=settings.NEWSCRAWL_EXTRACT_TIMEOUT,
        help="seconds one article may take; a slower one is skipped and counted "
        "(0: no limit; default: %(default)s)",
    )
    again.set_defaults(run=_reextract)
    return parser


def _clean(args: argparse.Namespace) -> int:
    from newscrawl.cleaner import GENERIC, clean_html, clean_text
    from newscrawl.portals import extract_page, portal_named

    files = list(_page_files(args.inputs))
    if not files:
        raise UsageError("no page files found in " + ", ".join(map(str, args.inputs)))
    if args.url and len(files) > 1:
        raise UsageError("--url names one page; give one file with it")
    if args.output:
        check_output(args.output, args.inputs)
    several = len(files) > 1 or any(path.is_dir() for path in args.inputs)
    results = []  # every page is read before the output is opened
    for path in files:
        if args.text:
            hints = portal_named(args.portal).hints if args.portal else GENERIC
            text = path.read_text(encoding="utf-8", errors="replace")
            extraction = clean_text(text, args.url, hints=hints)
        elif args.no_profile:
            extraction = clean_html(path.read_bytes(), args.url, hints=GENERIC)
        else:
            extraction = extract_page(path.read_bytes(), args.url, portal=args.portal)
        record: dict[str, Any] = extraction.article.to_dict()
        if extraction.rejected:
            record["rejected"] = extraction.rejected
            print(f"{path}: not an article ({extraction.rejected})", file=sys.stderr)
        if several:
            results.append(json.dumps({"input": str(path), **record}, ensure_ascii=False))
        else:
            results.append(json.dumps(record, ensure_ascii=False, indent=2))
    with atomic_output(args.output or "-") as out:
        for line in results:
            out.write(line.encode("utf-8") + b"\n")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from newscrawl.quality import run

    return run(
        args.cases,
        pages_root=args.pages,
        floors_path=args.floors,
        no_profile=args.no_profile,
        as_json=args.json,
        out=sys.stdout,
        err=sys.stderr,
    )


def _page_files(inputs: list[Path]) -> Iterator[Path]:
    for path in inputs:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix in PAGE_SUFFIXES
            )
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(f"no such file: {path}")


def _export(args: argparse.Namespace) -> int:
    from newscrawl.store.export import export_feed

    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    with _open_store(args.store) as store:
        check_output(args.output, store.files())
        count = export_feed(
            store,
            args.output,
            since=args.since,
            until=args.until,
            portal=args.portal,
            duplicates=args.duplicates,
        )
    print(f"{count} articles -> {args.output}", file=sys.stderr)
    return 0


def _stats(args: argparse.Namespace) -> int:
    from newscrawl.store.report import report_lines, store_report

    with _open_store(args.store) as store:
        report = store_report(store, sorted(PORTALS), runs=args.runs)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print("\n".join(report_lines(report)))
    return 0


def _open_store(target: str) -> Any:
    from newscrawl.store import Store

    return Store(target, must_exist=True)


def _store_upgrade(args: argparse.Namespace) -> int:
    from newscrawl.store import upgrade_store
    from newscrawl.store.database import store_name

    before, after = upgrade_store(args.store, busy_timeout=settings.NEWSCRAWL_STORE_BUSY_TIMEOUT)
    name = store_name(args.store)
    if before == after:
        print(f"{name}: already at schema version {after}", file=sys.stderr)
    else:
        print(f"{name}: schema version {before or 'none'} -> {after}", file=sys.stderr)
    return 0


def _redis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--redis",
        default=os.environ.get("NEWSCRAWL_REDIS_URL"),
        help="the fleet's Redis, redis://host:port/db (default: $NEWSCRAWL_REDIS_URL)",
    )
    parser.add_argument(
        "--prefix",
        default=settings.NEWSCRAWL_REDIS_PREFIX,
        help="NEWSCRAWL_REDIS_PREFIX of the fleet (default: %(default)s)",
    )


def _fleet(args: argparse.Namespace) -> tuple[Any, Any]:
    from redis.exceptions import RedisError

    from newscrawl.frontier import Keys
    from newscrawl.frontier.fleet import connect

    if not args.redis:
        raise UsageError("no Redis: give --redis redis://host:port/db or set NEWSCRAWL_REDIS_URL")
    try:
        return connect(args.redis), Keys(args.prefix)
    except (RedisError, ValueError) as error:
        raise OSError(f"Redis {args.redis} cannot be used: {error}") from None


def _enqueue(args: argparse.Namespace) -> int:
    from newscrawl.crawl.seeding import enqueue_portal

    names = list(PORTALS) if args.portals == ["all"] else args.portals
    unknown = sorted(set(names) - set(PORTALS))
    if unknown:
        raise UsageError(f"unknown portal(s) {', '.join(unknown)}; known: {', '.join(PORTALS)}")
    if args.base_url and len(names) > 1:
        raise UsageError("--base-url names the mirror of one portal; give one portal with it")
    client, keys = _fleet(args)
    for name in names:
        queued = enqueue_portal(
            client,
            keys,
            name,
            since=args.since,
            until=args.until,
            sources=args.sources,
            base_url=args.base_url,
        )
        print(f"{name}: {queued} requests queued", file=sys.stderr)
    return 0


def _queue(args: argparse.Namespace) -> int:
    from newscrawl.frontier.fleet import fleet_report, flush_portal, reap

    client, keys = _fleet(args)
    for name in args.flush or ():
        flush_portal(client, keys, name)
        print(f"{name}: queue and seen fingerprints forgotten", file=sys.stderr)
    given_back = reap(client, keys)
    if given_back:
        print(f"{given_back} requests of dead workers given back", file=sys.stderr)
    report = fleet_report(client, keys)
    if args.json:
        print(json.dumps(report))
        return 0
    rows = [("portal", "queued", "taken", "seen")]
    rows += [(p["portal"], p["queued"], p["taken"], p["seen"]) for p in report["portals"]]
    columns = ("worker", "spider", "state", "alive", "fetched", "emitted", "stored", "failed")
    workers = [(*columns, "taken", "last_seen")]
    for worker in report["workers"]:
        alive = "yes" if worker["alive"] else "no"
        values = [worker.get(c, "") for c in columns if c != "alive"]
        workers.append(
            (*values[:3], alive, *values[3:], worker["taken"], worker.get("last_seen", ""))
        )
    print("\n".join(_table(rows)))
    print()
    print("\n".join(_table(workers)))
    print(f"\nRedis memory used: {report['redis_used_memory'] / 1e6:.1f} MB")
    return 0


def _table(rows: list[tuple[Any, ...]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]


def _reextract(args: argparse.Namespace) -> int:
    from newscrawl.archive.reextract import reextract

    if not args.archive.is_file():
        raise FileNotFoundError(f"no such archive: {args.archive}")
    check_output(args.output, [args.archive])
    progress = sys.stderr if sys.stderr.isatty() else None
    summary = reextract(
        args.archive, args.output, workers=args.workers, progress=progress, timeout=args.timeout
    )
    reasons = ", ".join(f"{reason} {count}" for reason, count in summary.rejected.most_common())
    print(
        f"{summary.articles} articles from {summary.pages} pages in {summary.seconds:.1f} s "
        f"({summary.pages / max(summary.seconds, 1e-9):.0f} pages/s) -> {args.output}"
        + (f"; not articles: {reasons}" if reasons else ""),
        file=sys.stderr,
    )
    if summary.truncated_at is not None:
        print(
            f"warning: {args.archive} ends inside a record at byte {summary.truncated_at}: "
            "the pages after it are missing",
            file=sys.stderr,
        )
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD: {text!r}") from None


def _web_url(text: str) -> str:
    from newscrawl.urls import host_of

    if text.split("://", 1)[0].lower() not in ("http", "https") or not host_of(text):
        raise argparse.ArgumentTypeError(f"expected an http:// or https:// URL: {text!r}")
    return text


def _at_least(minimum: float, kind: type = int) -> Any:
    def read(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return read


if __name__ == "__main__":
    sys.exit(main())
