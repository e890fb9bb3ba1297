"""The `newscrawl` command: clean pages from files; thin wrappers around the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
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


if __name__ == "__main__":
    sys.exit(main())
