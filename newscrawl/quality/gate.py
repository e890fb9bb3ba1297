"""The quality gate: floors a person sets, checked against a run's means."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.quality.scoring import MEAN_NAMES, SYSTEMS, Report, f1

GENERIC_VS_TRAFILATURA = "generic_not_below_trafilatura"
"""Floors key: on every case, ours without a portal profile scores at least trafilatura's F1."""

# --- the quality gate -------------------------------------------------------------------------


@dataclass(frozen=True)
class FloorFailure:
    """A mean below its floor (or not measurable), or too many leaks."""

    name: str
    floor: float
    measured: float | None

    def __str__(self) -> str:
        measured = "not measured" if self.measured is None else f"{self.measured:.4f}"
        return f"floor failed: {self.name}: floor {self.floor}, measured {measured}"


def load_floors(path: Path) -> dict[str, Any]:
    """Read and check a floors file (minimum means; a person edits it, the tool never writes)."""
    floors = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(floors, dict):
        raise ValueError(f"{path}: floors must be a JSON object")
    for key, value in floors.items():
        if key == "max_leaks":
            if not isinstance(value, int):
                raise ValueError(f"{path}: max_leaks must be an integer")
            continue
        if key == GENERIC_VS_TRAFILATURA:
            if not isinstance(value, bool):
                raise ValueError(f"{path}: {GENERIC_VS_TRAFILATURA} must be true or false")
            continue
        if key not in SYSTEMS or not isinstance(value, dict):
            raise ValueError(f"{path}: unknown floors key {key!r} (expected one of {SYSTEMS})")
        allowed = set(MEAN_NAMES) | ({"rejection_pass_rate"} if key == "ours" else set())
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise ValueError(f"{path}: unknown mean(s) for {key}: {', '.join(unknown)}")
    return floors


def check_floors(report: Report, floors: dict[str, Any]) -> list[FloorFailure]:
    """Every floor the run's means do not reach."""
    means = report.means()
    failures = []
    for system, minimums in floors.items():
        if system in ("max_leaks", GENERIC_VS_TRAFILATURA):
            continue
        for name, floor in minimums.items():
            if name == "rejection_pass_rate":
                measured = report.rejection_pass_rate()
            else:
                measured = means[system][name]
            if measured is None or measured < floor:
                failures.append(FloorFailure(f"{system}.{name}", floor, measured))
    if floors.get(GENERIC_VS_TRAFILATURA):
        for case in report.cases:
            generic, baseline = (f1(case.systems[name]) for name in ("generic", "trafilatura"))
            if generic is not None and baseline is not None and generic < baseline:
                failures.append(
                    FloorFailure(f"{case.name}: generic F1 >= trafilatura F1", baseline, generic)
                )
    if "max_leaks" in floors:
        total = means["ours"]["leaks"] or 0
        if total > floors["max_leaks"]:
            failures.append(FloorFailure("max_leaks (ours, total)", floors["max_leaks"], total))
    return failures
