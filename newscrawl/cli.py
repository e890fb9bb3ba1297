"""The `newscrawl` command: clean pages from files; thin wrappers around the library."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from newscrawl.cleaner import GENERIC, Extraction, clean_text
from newscrawl.extraction import extract_page
from newscrawl.portals import PORTALS, portal_named

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (OSError, ValueError, KeyError) as error:
        print(f"newscrawl: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    clean = commands.add_parser(
        "clean", help="clean saved pages into articles (JSON; JSON lines for several pages)"
    )
    clean.add_argument(
        "inputs", nargs="+", type=Path, metavar="PAGE", help="HTML files or folders of them"
    )
    clean.add_argument("--url", help="URL the page was served at (one page only)")
    clean.add_argument(
        "--text", action="store_true", help="inputs are plain-text dumps, one block per line"
    )
    clean.add_argument(
        "--portal",
        choices=sorted(PORTALS),
        help="portal profile to use (default: found from --url)",
    )
    clean.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    clean.set_defaults(run=_clean)

    evaluate = commands.add_parser(
        "eval", help="score the cleaner and trafilatura on fixture cases (quality harness)"
    )
    evaluate.add_argument(
        "cases", nargs="+", type=Path, metavar="CASES", help="folders of fixture cases"
    )
    evaluate.add_argument(
        "--pages",
        type=Path,
        default=Path("../shared"),
        help="folder holding the pages that cases name in meta.json (default: %(default)s)",
    )
    evaluate.add_argument(
        "--floors", type=Path, help="JSON of minimum means; exit 1 when one is not reached"
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
        "-o",
        "--output",
        type=Path,
        required=True,
        help="FILE.jsonl or FILE.jsonl.gz (- for standard output)",
    )
    export.set_defaults(run=_export)

    stats = commands.add_parser(
        "stats", help="articles per portal and the last run's failures and rejections"
    )
    stats.add_argument("--store", required=True, help="NEWSCRAWL_STORE: SQLite file or URL")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(run=_stats)

    again = commands.add_parser(
        "reextract", help="clean every article of a WARC archive again, on all cores"
    )
    again.add_argument("archive", type=Path, help="a .warc or .warc.gz file")
    again.add_argument("-o", "--output", type=Path, required=True, help="JSON lines to write")
    again.add_argument("--workers", type=int, help="processes (default: one per core)")
    again.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds one article may take; a slower one is skipped and counted (0: no limit)",
    )
    again.set_defaults(run=_reextract)
    return parser


def _clean(args: argparse.Namespace) -> int:
    files = list(_page_files(args.inputs))
    if not files:
        raise ValueError("no page files found in " + ", ".join(map(str, args.inputs)))
    if args.url and len(files) > 1:
        raise ValueError("--url names one page; give one file with it")
    several = len(files) > 1 or any(path.is_dir() for path in args.inputs)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for path in files:
            extraction = _clean_file(path, args)
            record: dict[str, Any] = extraction.article.to_dict()
            if extraction.rejected:
                record["rejected"] = extraction.rejected
                print(f"{path}: not an article ({extraction.rejected})", file=sys.stderr)
            if several:
                out.write(json.dumps({"input": str(path), **record}, ensure_ascii=False) + "\n")
            else:
                out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def _clean_file(path: Path, args: argparse.Namespace) -> Extraction:
    if args.text:
        hints = portal_named(args.portal).hints if args.portal else GENERIC
        return clean_text(path.read_text(encoding="utf-8", errors="replace"), args.url, hints=hints)
    return extract_page(path.read_bytes(), args.url, portal=args.portal)


def _eval(args: argparse.Namespace) -> int:
    from newscrawl.quality import run

    return run(
        args.cases,
        pages_root=args.pages,
        floors_path=args.floors,
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


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD: {text!r}") from None


def _open_store(target: str) -> Any:
    from sqlalchemy.exc import SQLAlchemyError

    from newscrawl.store import Store

    try:
        return Store(target, must_exist=True)
    except SQLAlchemyError as error:
        raise ValueError(f"cannot open store {target}: {error}") from None


def _export(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        raise ValueError(f"--since {args.since} is after --until {args.until}")
    with _open_store(args.store) as store:
        articles = store.iter_articles(args.since, args.until, args.portal, args.duplicates)
        lines = (json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles)
        if str(args.output) == "-":
            count = _write_lines(sys.stdout.buffer, lines)
        else:
            count = _write_replacing(args.output, lines)
    print(f"{count} articles -> {args.output}", file=sys.stderr)
    return 0


def _write_replacing(path: Path, lines: Iterator[str]) -> int:
    """Write to a temporary file beside `path`, then rename it over `path` (atomic)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as raw:
            if path.suffix == ".gz":  # no time and no file name in the gzip header
                out: Any = gzip.GzipFile("", "wb", fileobj=raw, mtime=0)
            else:
                out = raw
            count = _write_lines(out, lines)
            if out is not raw:
                out.close()
            raw.flush()
            os.fsync(raw.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _write_lines(stream: Any, lines: Iterator[str]) -> int:
    """Write UTF-8 lines to a binary stream; how many."""
    count = 0
    for number, line in enumerate(lines, 1):
        stream.write(line.encode("utf-8"))
        count = number
    return count


FAILURE_KEYS = ("failed/", "source_failed/", "source_unreadable/", "rejected/", "dropped/")
"""Stats (after "newscrawl/") that `stats` lists as the last run's failures and rejections."""


def _stats(args: argparse.Namespace) -> int:
    with _open_store(args.store) as store:
        portals, last_runs = store.portal_counts(), store.last_runs()
    for run in last_runs:
        stats = run.pop("stats")
        run["failures"] = {
            key.removeprefix("newscrawl/"): value
            for key, value in sorted(stats.items())
            if key.removeprefix("newscrawl/").startswith(FAILURE_KEYS)
            or key == "newscrawl/store/failed"
        }
    if args.json:
        print(json.dumps({"portals": portals, "last_runs": last_runs}, ensure_ascii=False))
        return 0
    print(f"{'portal':<16} {'articles':>9} {'duplicates':>11} {'updated':>8}")
    for row in portals:
        name = row["portal"] or "-"
        print(f"{name:<16} {row['articles']:>9} {row['duplicates']:>11} {row['updated']:>8}")
    for run in last_runs:
        print(f"\nlast run of {run['portal']}: #{run['id']}, started {run['started_at']}")
        if run["finished_at"]:
            print(f"  finished {run['finished_at']} ({run['finish_reason']})")
        else:
            print("  not finished: still running, or killed")
        counts = ", ".join(f"{k} {run[k]}" for k in ("new", "updated", "unchanged", "duplicates"))
        print(f"  {counts}")
        print("  failures and rejections:" + ("" if run["failures"] else " none"))
        for key, value in run["failures"].items():
            print(f"    {key:<40} {value:>6}")
    return 0


def _reextract(args: argparse.Namespace) -> int:
    from newscrawl.reextract import reextract

    if not args.archive.is_file():
        raise FileNotFoundError(f"no such archive: {args.archive}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
