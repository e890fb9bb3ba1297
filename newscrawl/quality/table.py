"""The harness's output: a table per case and the means, or JSON; and the command."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from newscrawl.quality.gate import check_floors, load_floors
from newscrawl.quality.scoring import MATCH_FIELDS, SYSTEMS, Report, SystemScore, evaluate, f1

# --- output -----------------------------------------------------------------------------------


def _num(value: float | int | None, width: int = 6) -> str:
    if value is None:
        return "-".rjust(width)
    if isinstance(value, int):
        return str(value).rjust(width)
    return f"{value:.3f}".rjust(width)


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def _leak_counts(systems: dict[str, SystemScore]) -> str:
    found = (systems[system].leaks for system in SYSTEMS)
    return "/".join("-" if leaks is None else str(len(leaks)) for leaks in found)


def print_table(report: Report, out: TextIO) -> None:
    """The report as a fixed-width table, then the means, related links by kind, rejections."""
    width = max([len("MEANS"), *(len(case.name) for case in report.cases)])
    head1 = (
        f"{'':<{width}}  {'body F1':<27}  {'ours body':<13}  {'leaks':<11}  "
        f"{'ours related':<13}  {'ours match':<16}  {'trafilatura match':<17}"
    )
    head2 = (
        f"{'case':<{width}}  {'ours':>6}{'gener':>7}{'traf':>7}{'trafP':>7}  {'P':>6}{'R':>7}  "
        f"{'o/g/t/tP':>11}  {'P':>6}{'R':>7}  "
        f"{'title':>5} {'date':>5} {'auth':>4}  {'title':>5} {'date':>5} {'auth':>4}"
    )
    print(head1, head2, "-" * len(head2), sep="\n", file=out)
    for case in report.cases:
        ours, generic, traf, trafp = (case.systems[system] for system in SYSTEMS)
        row = (
            f"{case.name:<{width}}  {_num(f1(ours))} {_num(f1(generic))} {_num(f1(traf))} "
            f"{_num(f1(trafp))}  "
            f"{_num(ours.value('body_precision'))} {_num(ours.value('body_recall'))}  "
            f"{_leak_counts(case.systems):>11}  "
            f"{_num(ours.value('related_precision'))} {_num(ours.value('related_recall'))}  "
            f"{_marks(ours)}  {_marks(traf)}"
        )
        notes = [score.note for score in case.systems.values() if score.note]
        print(row + ("  [" + "; ".join(notes) + "]" if notes else ""), file=out)
    means = report.means()
    ours_m, generic_m, traf_m, trafp_m = (means[system] for system in SYSTEMS)
    leak_totals = "/".join("-" if m["leaks"] is None else str(m["leaks"]) for m in means.values())
    print("-" * len(head2), file=out)
    print(
        f"{'MEANS':<{width}}  {_num(ours_m['body_f1'])} {_num(generic_m['body_f1'])} "
        f"{_num(traf_m['body_f1'])} {_num(trafp_m['body_f1'])}  {_num(ours_m['body_precision'])} "
        f"{_num(ours_m['body_recall'])}  {leak_totals:>11}  "
        f"{_num(ours_m['related_precision'])} {_num(ours_m['related_recall'])}  "
        f"{_mean_marks(ours_m)}  {_mean_marks(traf_m)}",
        file=out,
    )
    print(
        f"(means over {ours_m['cases']} case(s); leaks are totals; gener = ours without "
        f"portal profile; trafP = favor_precision; "
        f"traf body P/R: {_num(traf_m['body_precision'], 0)}/{_num(traf_m['body_recall'], 0)}, "
        f"trafP: {_num(trafp_m['body_precision'], 0)}/{_num(trafp_m['body_recall'], 0)})",
        file=out,
    )
    _print_kinds(report, out)
    _print_rejections(report, out)


def _marks(score: SystemScore) -> str:
    title, date, authors = (_mark(getattr(score, f"{f}_match")) for f in MATCH_FIELDS)
    return f"{title:>5} {date:>5} {authors:>4}"


def _mean_marks(means: dict[str, float | int | None]) -> str:
    values = [means[f"{f}_match"] for f in MATCH_FIELDS]
    title, date, authors = ("-" if v is None else f"{v:.2f}" for v in values)
    return f"{title:>5} {date:>5} {authors:>4}"


def _print_kinds(report: Report, out: TextIO) -> None:
    kinds = report.related_by_kind()
    if not kinds:
        return
    width = max(len("kind"), *(len(kind) for kind in kinds))
    print("\nrelated links by kind (ours, pooled over cases)", file=out)
    print(
        f"{'kind':<{width}}  {'expected':>8} {'found':>6} {'matched':>7} {'P':>6} {'R':>6}",
        file=out,
    )
    for kind, c in kinds.items():
        print(
            f"{kind:<{width}}  {c.expected:>8} {c.found:>6} {c.matched:>7} "
            f"{_num(c.precision)} {_num(c.recall)}",
            file=out,
        )


def _print_rejections(report: Report, out: TextIO) -> None:
    if not report.rejections:
        return
    print("\nrejection cases (ours)", file=out)
    for result in report.rejections:
        verdict = "pass" if result.passed else "FAIL"
        got = result.got or "an article"
        print(f"  {verdict}  {result.name}: expected {result.expected}, got {got}", file=out)


def run(
    roots: Sequence[Path],
    *,
    pages_root: Path,
    floors_path: Path | None = None,
    as_json: bool = False,
    out: TextIO,
    err: TextIO,
) -> int:
    """Score every case, print the report, apply the floors: 1 when one fails, else 0."""
    floors = load_floors(floors_path) if floors_path else None
    report = evaluate(roots, pages_root)
    failures = check_floors(report, floors) if floors is not None else []
    messages = out if not as_json else err
    if as_json:
        data = report.to_dict()
        if floors is not None:
            data["floors"] = {"file": str(floors_path), "failed": [asdict(f) for f in failures]}
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    for note in report.skipped:
        print(note, file=messages)
    if not as_json:
        print_table(report, out)
    if floors is not None:
        for failure in failures:
            print(failure, file=messages)
        if not failures:
            print(f"floors: all met ({floors_path})", file=messages)
    return 1 if failures else 0
