"""The harness's output: per set a table of cases, the means of every system, related links by
kind and rejections, or all of it as JSON; and the command."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from newscrawl.quality.gate import check_floors, load_floors, unchecked_sets
from newscrawl.quality.report import Means, Report, SetReport, evaluate
from newscrawl.quality.scoring import MATCH_FIELDS, OURS, TRAFILATURA_METADATA, SystemScore, f1
from newscrawl.quality.sets import BENCHMARK

INITIAL = {"ours": "o", "no_profile": "n", "trafilatura": "t", "trafilatura_precision": "tP"}
SHORT = {
    "ours": "ours",
    "no_profile": "noprof",
    "trafilatura": "traf",
    "trafilatura_precision": "trafP",
}
LABEL = {
    "ours": "ours (portal profiles)",
    "no_profile": "ours without profile",
    "trafilatura": "trafilatura",
    "trafilatura_precision": "trafilatura precision",
}

# --- output -----------------------------------------------------------------------------------


def _num(value: float | int | None, width: int = 6) -> str:
    if value is None:
        return "-".rjust(width)
    if isinstance(value, int):
        return str(value).rjust(width)
    return f"{value:.3f}".rjust(width)


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "NO")


def print_report(report: Report, out: TextIO, main: str = "ours") -> None:
    """Every set of the run, one after the other."""
    for index, case_set in enumerate(report.sets):
        if index:
            print(file=out)
        print_set(case_set, out, main)


def print_set(case_set: SetReport, out: TextIO, main: str = "ours") -> None:
    """One set: a row per case, the means of every system, related links, rejections."""
    main = case_set.main_system(main)
    form = "benchmark pages" if case_set.form == BENCHMARK else "fixture cases"
    print(
        f"== {case_set.name}: {len(case_set.cases) + len(case_set.rejections)} {form}; "
        f"details of {main} ==",
        file=out,
    )
    for note in case_set.skipped:
        print(f"  ({note})", file=out)
    if not case_set.evaluated:
        print("  no case scored", file=out)
        return
    _print_cases(case_set, main, out)
    _print_means(case_set, out)
    _print_kinds(case_set, out)
    _print_rejections(case_set, out)


def _print_cases(case_set: SetReport, main: str, out: TextIO) -> None:
    systems = case_set.systems
    width = max([len("case"), *(len(case.name) for case in case_set.cases)])
    f1_width = 7 * len(systems)
    leak_head = "/".join(INITIAL[system] for system in systems)
    detail = SHORT[main]
    head1 = (
        f"{'':<{width}} {'body F1':<{f1_width}}  {'leaks':>11}  {detail + ' body':<13}  "
        f"{detail + ' links':<13}  {detail + ' match':<23}  trafilatura match"
    )
    head2 = (
        f"{'case':<{width}} {''.join(f'{SHORT[s]:>7}' for s in systems)}  {leak_head:>11}  "
        f"{'P':>6}{'R':>7}  {'P':>6}{'R':>7}  "
        f"{'title':>5} {'date':>5} {'auth':>5} {'edit':>5}  {'title':>5} {'date':>5} {'auth':>5}"
    )
    print(head1, head2, "-" * len(head2), sep="\n", file=out)
    for case in case_set.cases:
        scores = case.systems
        shown, traf = scores[main], scores.get("trafilatura", SystemScore())
        leaks = "/".join(_count(scores[s].leaks) for s in systems)
        row = (
            f"{case.name:<{width}} {''.join(' ' + _num(f1(scores[s])) for s in systems)}  "
            f"{leaks:>11}  "
            f"{_num(shown.value('body_precision'))} {_num(shown.value('body_recall'))}  "
            f"{_num(shown.value('related_precision'))} {_num(shown.value('related_recall'))}  "
            f"{_marks(shown, MATCH_FIELDS)}  {_marks(traf, TRAFILATURA_METADATA)}"
        )
        notes = [score.note for score in scores.values() if score.note]
        print(row + ("  [" + "; ".join(dict.fromkeys(notes)) + "]" if notes else ""), file=out)


def _count(leaks: list[str] | None) -> str:
    return "-" if leaks is None else str(len(leaks))


def _marks(score: SystemScore, fields: Sequence[str]) -> str:
    return " ".join(f"{_mark(getattr(score, f'{name}_match')):>5}" for name in fields)


def _print_means(case_set: SetReport, out: TextIO) -> None:
    means = case_set.means()
    width = max(len(label) for label in LABEL.values())
    print(
        f"\nmeans over {len(case_set.cases)} case(s) (leaks: total)",
        f"{'system':<{width}}  {'body P':>6} {'body R':>6} {'bodyF1':>6} {'leaks':>6}  "
        f"{'rel P':>6} {'rel R':>6}  {'title':>6} {'date':>6} {'auth':>6} {'edit':>6}",
        sep="\n",
        file=out,
    )
    for system in case_set.systems:
        row = means[system]
        body = _figures(row, "body_precision", "body_recall", "body_f1")
        print(
            f"{LABEL[system]:<{width}}  {body} "
            f"{_num(row['leaks'])}  {_figures(row, 'related_precision', 'related_recall')}  "
            f"{_figures(row, *(f'{name}_match' for name in MATCH_FIELDS))}",
            file=out,
        )


def _figures(row: Means, *names: str) -> str:
    return " ".join(_num(row[name]) for name in names)


def _print_kinds(case_set: SetReport, out: TextIO) -> None:
    ours = [system for system in OURS if system in case_set.systems]
    by_system = {system: case_set.related_by_kind(system) for system in ours}
    kinds = sorted({kind for counts in by_system.values() for kind in counts})
    if not kinds:
        return
    width = max(len("kind"), *(len(kind) for kind in kinds))
    print("\nrelated links by kind (pooled over cases)", file=out)
    print(
        f"{'':<{width}}  {'':>8}" + "".join(f"  {LABEL[system]:<27}" for system in ours).rstrip(),
        file=out,
    )
    print(
        f"{'kind':<{width}}  {'expected':>8}"
        + f"  {'found':>6} {'match':>6} {'P':>6} {'R':>6}" * len(ours),
        file=out,
    )
    for kind in kinds:
        counts = [by_system[system].get(kind) for system in ours]
        expected = next(c.expected for c in counts if c is not None)
        row = f"{kind:<{width}}  {expected:>8}"
        for c in counts:
            if c is None:  # expected nowhere and never found by this system
                row += f"  {0:>6} {0:>6} {_num(None)} {_num(None)}"
            else:
                row += f"  {c.found:>6} {c.matched:>6} {_num(c.precision)} {_num(c.recall)}"
        print(row, file=out)


def _print_rejections(case_set: SetReport, out: TextIO) -> None:
    if not case_set.rejections:
        return
    print("\nrejection cases", file=out)
    for result in case_set.rejections:
        verdicts = "; ".join(
            f"{system}: {got or 'an article'} ({'pass' if result.passed(system) else 'FAIL'})"
            for system, got in result.got.items()
        )
        print(f"  {result.name}: expected {result.expected}; {verdicts}", file=out)


def run(
    roots: Sequence[Path],
    *,
    pages_root: Path,
    floors_path: Path | None = None,
    no_profile: bool = False,
    as_json: bool = False,
    out: TextIO,
    err: TextIO,
) -> int:
    """Score every set, print the report, apply the floors: 1 when one fails, else 0.
    `no_profile`: the tables detail ours without profiles; the floors checked are the same."""
    floors = load_floors(floors_path) if floors_path else None
    report = evaluate(roots, pages_root)
    main = "no_profile" if no_profile else "ours"
    failures = check_floors(report, floors) if floors is not None else []
    messages = out if not as_json else err
    if as_json:
        data = {"main": main, **report.to_dict()}
        if floors is not None:
            data["floors"] = {"file": str(floors_path), "failed": [asdict(f) for f in failures]}
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        for note in report.skipped:
            print(note, file=messages)
    else:
        print_report(report, out, main)
    if floors is not None:
        print(file=messages)
        for name in unchecked_sets(report, floors):
            print(f"floors of {name} not checked: not evaluated in this run", file=messages)
        for failure in failures:
            print(failure, file=messages)
        if not failures:
            print(f"floors: all met ({floors_path})", file=messages)
    return 1 if failures else 0
