"""A whole run: every set's case scores, their means, related links by kind, rejections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.quality.scoring import (
    MEAN_NAMES,
    OURS,
    CaseScore,
    KindCounts,
    RejectionResult,
    SystemScore,
    score_case,
)
from newscrawl.quality.sets import CaseSet, load_sets

Means = dict[str, float | int | None]


@dataclass
class SetReport:
    """The scores of one case set."""

    source: CaseSet
    cases: list[CaseScore] = field(default_factory=list)
    rejections: list[RejectionResult] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def form(self) -> str:
        return self.source.form

    @property
    def systems(self) -> tuple[str, ...]:
        return self.source.systems

    @property
    def skipped(self) -> list[str]:
        return self.source.skipped

    @property
    def evaluated(self) -> bool:
        """Whether any case of the set was scored (its pages may all be missing)."""
        return bool(self.cases or self.rejections)

    def main_system(self, wanted: str) -> str:
        """`wanted` when this set scores it, else our other system (a benchmark set runs
        only the cleaner without profiles)."""
        return wanted if wanted in self.systems else next(s for s in OURS if s in self.systems)

    def means(self) -> dict[str, Means]:
        """Per system: plain averages of every mean name over scored cases, total leaks."""
        result: dict[str, Means] = {}
        for system in self.systems:
            scores = [case.systems[system] for case in self.cases]
            row: Means = {name: _mean(scores, name) for name in MEAN_NAMES}
            counted = [len(score.leaks) for score in scores if score.leaks is not None]
            row["leaks"] = sum(counted) if counted else None
            row["cases"] = len(counted)
            result[system] = row
        return result

    def related_by_kind(self, system: str) -> dict[str, KindCounts]:
        """One of our systems' related links per kind, counts pooled over all cases."""
        pooled: dict[str, KindCounts] = {}
        for case in self.cases:
            for kind, counts in case.related_by_kind.get(system, {}).items():
                pooled.setdefault(kind, KindCounts()).add(counts)
        return dict(sorted(pooled.items()))

    def rejection_pass_rate(self, system: str) -> float | None:
        if not self.rejections:
            return None
        return sum(result.passed(system) for result in self.rejections) / len(self.rejections)

    def to_dict(self) -> dict[str, Any]:
        ours = [system for system in OURS if system in self.systems]
        return {
            "name": self.name,
            "form": self.form,
            "systems": list(self.systems),
            "cases": [
                {
                    "name": case.name,
                    "systems": {name: asdict(score) for name, score in case.systems.items()},
                }
                for case in self.cases
            ],
            "means": self.means(),
            "related_by_kind": {
                system: {
                    kind: {**asdict(counts), "precision": counts.precision, "recall": counts.recall}
                    for kind, counts in self.related_by_kind(system).items()
                }
                for system in ours
            },
            "rejections": [
                {
                    "name": result.name,
                    "expected": result.expected,
                    "got": result.got,
                    "passed": {system: result.passed(system) for system in result.got},
                }
                for result in self.rejections
            ],
            "rejection_pass_rate": {system: self.rejection_pass_rate(system) for system in ours},
            "skipped": self.skipped,
        }


@dataclass
class Report:
    """Every set of a run, in the order the folders were given."""

    sets: list[SetReport] = field(default_factory=list)

    def named(self, name: str) -> SetReport | None:
        return next((s for s in self.sets if s.name == name), None)

    @property
    def skipped(self) -> list[str]:
        return [note for case_set in self.sets for note in case_set.skipped]

    def to_dict(self) -> dict[str, Any]:
        return {"sets": [case_set.to_dict() for case_set in self.sets]}


def _mean(scores: Iterable[SystemScore], name: str) -> float | None:
    values = [value for score in scores if (value := score.value(name)) is not None]
    return sum(values) / len(values) if values else None


def score_set(case_set: CaseSet) -> SetReport:
    """Score every case of one set."""
    report = SetReport(case_set)
    for case in case_set.cases:
        result = score_case(case, case_set.systems)
        if isinstance(result, RejectionResult):
            report.rejections.append(result)
        else:
            report.cases.append(result)
    return report


def evaluate(roots: Sequence[Path], pages_root: Path) -> Report:
    """Load and score every case under `roots`, one set per root."""
    return Report([score_set(case_set) for case_set in load_sets(roots, pages_root)])
