"""Every fixture case: the cleaner's result equals what a person wrote down for the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.quality.cases import Case, differences, find_cases
from tests.support.paths import FIXTURES

CASES = find_cases(FIXTURES / "cases")


def test_there_are_cases_for_suara() -> None:
    suara = [case for case in CASES if case.name.startswith("suara/")]
    assert len(suara) >= 7
    assert any("rejected" in case.expected for case in suara)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case) -> None:
    assert differences(case, case.run()) == []


def test_real_page_cases(shared_dir: Path) -> None:
    """The real pages in ../shared: every field a reader wrote down, no leak."""
    cases = find_cases(FIXTURES / "realpages", shared_dir)
    assert len(cases) >= 7
    problems = {case.name: differences(case, case.run()) for case in cases}
    assert {name: found for name, found in problems.items() if found} == {}
