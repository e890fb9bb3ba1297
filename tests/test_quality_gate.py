"""The quality gate on reports built by hand: which floors fail, and what they say."""

from __future__ import annotations

from newscrawl.quality import (
    PRF,
    CaseScore,
    RejectionResult,
    Report,
    SetReport,
    SystemScore,
    check_floors,
    unchecked_sets,
)
from newscrawl.quality.sets import BENCHMARK, BENCHMARK_SYSTEMS, FIXTURES, SYSTEMS, CaseSet


def scored(f1: float, leaks: int = 0, related: float | None = None) -> SystemScore:
    return SystemScore(
        body=PRF(f1, f1, f1),
        leaks=["leak"] * leaks,
        related=None if related is None else PRF(related, related, related),
    )


def case(name: str, **f1s: float) -> CaseScore:
    return CaseScore(name, {system: scored(value) for system, value in f1s.items()})


def realpages() -> SetReport:
    """Two cases: no_profile averages 0.8 body F1 (trafilatura 0.75) with 3 leaks in all,
    and falls below trafilatura on case b."""
    a = CaseScore(
        "a",
        {
            "ours": scored(1.0, related=1.0),
            "no_profile": scored(0.9, leaks=1, related=0.5),
            "trafilatura": scored(0.6, leaks=4),
            "trafilatura_precision": scored(0.6),
        },
    )
    b = CaseScore(
        "b",
        {
            "ours": scored(1.0, related=1.0),
            "no_profile": scored(0.7, leaks=2, related=1.0),
            "trafilatura": scored(0.9),
            "trafilatura_precision": scored(0.9),
        },
    )
    rejection = RejectionResult("c", "soft_404", {"ours": "soft_404", "no_profile": None})
    return SetReport(CaseSet("realpages", FIXTURES, SYSTEMS), [a, b], [rejection])


def failures(floors: dict) -> list[str]:
    return [str(failure) for failure in check_floors(Report([realpages()]), floors)]


def test_met_floors_pass() -> None:
    floors = {
        "realpages": {
            "ours": {"body_f1": 1.0, "related_recall": 1.0, "max_leaks": 0},
            "no_profile": {"body_f1": 0.8, "related_recall": 0.75, "max_leaks": 3},
        }
    }
    assert failures(floors) == []


def test_a_mean_below_its_floor_names_set_system_floor_and_measure() -> None:
    floors = {"realpages": {"no_profile": {"body_f1": 0.85, "related_precision": 0.75}}}
    assert failures(floors) == [
        "floor failed: realpages no_profile body_f1 >= 0.85: measured 0.8000"
    ]


def test_too_many_leaks_fail() -> None:
    floors = {"realpages": {"no_profile": {"max_leaks": 2}, "ours": {"max_leaks": 0}}}
    assert failures(floors) == ["floor failed: realpages no_profile leaks <= 2: measured 3"]


def test_an_unmeasurable_mean_fails() -> None:
    # no case expects a title: the floor cannot be checked, which is a failure, not a pass
    assert failures({"realpages": {"ours": {"title_match": 0.5}}}) == [
        "floor failed: realpages ours title_match >= 0.5: measured not measured"
    ]


def test_rejection_pass_rate_per_system() -> None:
    floors = {"realpages": {s: {"rejection_pass_rate": 1.0} for s in ("ours", "no_profile")}}
    assert failures(floors) == [
        "floor failed: realpages no_profile rejection_pass_rate >= 1.0: measured 0.0000"
    ]


def test_not_below_another_system_compares_means() -> None:
    # means of body F1: no_profile 0.8, trafilatura 0.75, trafilatura_precision (0.95 + 0.9) / 2
    report = realpages()
    report.cases[0].systems["trafilatura_precision"] = scored(0.95)
    floors = {
        "realpages": {
            "no_profile": {"not_below": {"trafilatura": ["body_f1"]}},
            "trafilatura": {"not_below": {"no_profile": ["body_f1"]}},
        }
    }
    assert [str(f) for f in check_floors(Report([report]), floors)] == [
        "floor failed: realpages trafilatura body_f1 >= no_profile's (0.8000): measured 0.7500"
    ]
    floors = {"realpages": {"no_profile": {"not_below": {"trafilatura_precision": ["body_f1"]}}}}
    [failure] = check_floors(Report([report]), floors)
    assert (failure.floor, failure.measured) == (0.925, 0.8)


def test_not_below_on_each_case_names_the_case() -> None:
    floors = {"realpages": {"no_profile": {"not_below_on_each_case": {"trafilatura": ["body_f1"]}}}}
    assert failures(floors) == [
        "floor failed: realpages no_profile body_f1 >= trafilatura's on b (0.9000): measured 0.7000"
    ]


def test_sets_not_evaluated_are_not_checked_but_named() -> None:
    empty = SetReport(CaseSet("zyte-dev", BENCHMARK, BENCHMARK_SYSTEMS, skipped=["no pages"]))
    report = Report([realpages(), empty])
    floors = {
        "zyte-dev": {"no_profile": {"body_f1": 0.99}},
        "seed": {"ours": {"body_f1": 1.0}},
        "realpages": {"ours": {"body_f1": 1.0}},
    }
    assert check_floors(report, floors) == []
    assert unchecked_sets(report, floors) == ["zyte-dev", "seed"]


def test_a_floor_for_a_system_the_set_does_not_run_fails() -> None:
    benchmark = SetReport(
        CaseSet("zyte-dev", BENCHMARK, BENCHMARK_SYSTEMS),
        [case("x", no_profile=0.9, trafilatura=0.8, trafilatura_precision=0.8)],
    )
    [failure] = check_floors(Report([benchmark]), {"zyte-dev": {"ours": {"body_f1": 0.5}}})
    assert failure.system == "ours" and failure.measured is None
    assert (
        check_floors(
            Report([benchmark]),
            {
                "zyte-dev": {
                    "no_profile": {"body_f1": 0.9, "not_below": {"trafilatura": ["body_f1"]}}
                }
            },
        )
        == []
    )
