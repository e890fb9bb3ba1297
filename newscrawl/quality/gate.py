"""The quality gate: floors a person sets per case set and system, checked against a run."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from newscrawl.quality.report import Report, SetReport
from newscrawl.quality.scoring import MEAN_NAMES, OURS, SYSTEMS, f1

MAX_LEAKS = "max_leaks"
PASS_RATE = "rejection_pass_rate"
NOT_BELOW = "not_below"
"""{other system: [mean names]}: this system's means are at least the other's."""
NOT_BELOW_ON_EACH_CASE = "not_below_on_each_case"
"""{other system: ["body_f1"]}: on every case this system's body F1 is at least the other's."""


@dataclass(frozen=True)
class FloorFailure:
    """One floor a run does not reach: `rule` as written, what it needed and what was measured."""

    set: str
    system: str
    rule: str
    floor: float
    measured: float | None

    def __str__(self) -> str:
        measured = "not measured" if self.measured is None else _figure(self.measured)
        return f"floor failed: {self.set} {self.system} {self.rule}: measured {measured}"


def _figure(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.4f}"


def load_floors(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Read and check a floors file (a person edits it, the tool never writes it)."""
    try:
        floors = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not JSON ({error})") from None
    if not isinstance(floors, dict):
        raise ValueError(f"{path}: floors must be a JSON object {{set: {{system: floors}}}}")
    for set_name, systems in floors.items():
        if not isinstance(systems, dict):
            raise ValueError(f"{path}: {set_name}: expected an object {{system: floors}}")
        for system, minimums in systems.items():
            where = f"{path}: {set_name}.{system}"
            if system not in SYSTEMS or not isinstance(minimums, dict):
                raise ValueError(f"{where}: unknown system (expected one of {', '.join(SYSTEMS)})")
            for name, value in minimums.items():
                _check_floor(where, system, name, value)
    return floors


def _check_floor(where: str, system: str, name: str, value: Any) -> None:
    if name == MAX_LEAKS:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{where}.{MAX_LEAKS}: expected a whole number >= 0")
    elif name in (NOT_BELOW, NOT_BELOW_ON_EACH_CASE):
        allowed = MEAN_NAMES if name == NOT_BELOW else ("body_f1",)
        if not isinstance(value, dict) or not all(
            other in SYSTEMS and isinstance(names, list) and set(names) <= set(allowed)
            for other, names in value.items()
        ):
            raise ValueError(
                f"{where}.{name}: expected {{system: [mean names]}} with systems among "
                f"{', '.join(SYSTEMS)} and names among {', '.join(allowed)}"
            )
    elif name in MEAN_NAMES or (name == PASS_RATE and system in OURS):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
            raise ValueError(f"{where}.{name}: expected a number")
    else:
        raise ValueError(f"{where}: unknown floor {name!r}")


def check_floors(
    report: Report, floors: dict[str, dict[str, dict[str, Any]]]
) -> list[FloorFailure]:
    """Every floor that a set of the run does not reach. Sets the run did not evaluate (not
    given, or without any page to score) are not checked: see `unchecked_sets`."""
    failures: list[FloorFailure] = []
    for set_name, systems in floors.items():
        case_set = report.named(set_name)
        if case_set is None or not case_set.evaluated:
            continue
        for system, minimums in systems.items():
            failures += _check_system(case_set, system, minimums)
    return failures


def unchecked_sets(report: Report, floors: dict[str, Any]) -> list[str]:
    """The floors file's sets that this run did not evaluate."""
    return [name for name in floors if (found := report.named(name)) is None or not found.evaluated]


def _check_system(case_set: SetReport, system: str, minimums: dict[str, Any]) -> list[FloorFailure]:
    means = case_set.means()
    if system not in means:
        return [FloorFailure(case_set.name, system, "(this set does not score it)", 0, None)]
    mine = means[system]
    fail = partial(FloorFailure, case_set.name, system)
    failures = []
    for name, floor in minimums.items():
        if name == MAX_LEAKS:
            leaks = mine["leaks"]
            if leaks is None or leaks > floor:
                failures.append(fail(f"leaks <= {floor}", floor, leaks))
        elif name == NOT_BELOW:
            for other, names in floor.items():
                for mean in names:
                    theirs = means.get(other, {}).get(mean)
                    if theirs is not None and (mine[mean] is None or mine[mean] < theirs):
                        rule = f"{mean} >= {other}'s ({_figure(theirs)})"
                        failures.append(fail(rule, theirs, mine[mean]))
        elif name == NOT_BELOW_ON_EACH_CASE:
            for other in floor:
                for case in case_set.cases:
                    own, theirs = f1(case.systems.get(system)), f1(case.systems.get(other))
                    if own is not None and theirs is not None and own < theirs:
                        rule = f"body_f1 >= {other}'s on {case.name} ({_figure(theirs)})"
                        failures.append(fail(rule, theirs, own))
        else:
            measured = case_set.rejection_pass_rate(system) if name == PASS_RATE else mine[name]
            if measured is None or measured < floor:
                failures.append(fail(f"{name} >= {floor}", floor, measured))
    return failures
