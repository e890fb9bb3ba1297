"""Case sets: each folder given to `newscrawl eval`, read as fixture cases or as a benchmark.

A folder holding ``ground-truth.json`` is a benchmark folder in the article-extraction-benchmark
form (``{id: {"articleBody", "url"}}`` beside ``html/<id>.html.gz``); any other folder holds
fixture cases (every folder under it with an ``expected.json``, see fixtures/README.md).
`load_sets` is the one way the harness finds cases of either kind.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.quality.cases import Case, case_folders, load_case
from newscrawl.urls import host_of

FIXTURES = "fixtures"
BENCHMARK = "benchmark"
GROUND_TRUTH = "ground-truth.json"
PAGE_SUFFIXES = (".html.gz", ".html")
"""A benchmark page is html/<id>.html.gz, as published, or html/<id>.html."""

SYSTEMS = ("ours", "no_profile", "trafilatura", "trafilatura_precision")
BENCHMARK_SYSTEMS = ("no_profile", "trafilatura", "trafilatura_precision")
"""A benchmark's pages belong to sites without a profile: ours is the generic engine alone."""


@dataclass
class CaseSet:
    """The cases of one folder given on the command line, named by the folder."""

    name: str
    form: str
    """FIXTURES or BENCHMARK."""
    systems: tuple[str, ...]
    """The systems scored on these cases."""
    cases: list[Case] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """What could not be loaded, one note each."""


def load_sets(roots: Sequence[Path], pages_root: Path) -> list[CaseSet]:
    """One set per root, in the order given; a set's name is its folder's name.

    FileNotFoundError for a root that does not exist, ValueError for two roots of one name or
    a malformed ground-truth.json. A case whose page is missing is skipped with a note; so
    are the real-page cases of a fixture folder when `pages_root` does not exist."""
    sets: list[CaseSet] = []
    folders: dict[str, Path] = {}
    for root in roots:
        if not root.is_dir():
            raise FileNotFoundError(f"no such folder: {root}")
        name = root.resolve().name
        if name in folders:
            raise ValueError(
                f"two case folders named {name!r} ({folders[name]}, {root}): a set is named "
                "by its folder; score them in separate runs"
            )
        folders[name] = root
        if (root / GROUND_TRUTH).is_file():
            sets.append(_benchmark_set(root, name))
        else:
            sets.append(_fixture_set(root, name, pages_root))
    if not any(case_set.cases or case_set.skipped for case_set in sets):
        raise ValueError("no cases found under " + ", ".join(map(str, roots)))
    return sets


def _fixture_set(root: Path, name: str, pages_root: Path) -> CaseSet:
    case_set = CaseSet(name, FIXTURES, SYSTEMS)
    without_pages = 0
    for folder in case_folders(root):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if "page" in meta and not pages_root.is_dir():
            without_pages += 1
            continue
        try:
            case_set.cases.append(load_case(folder, pages_root))
        except FileNotFoundError as error:
            case_set.skipped.append(f"skipped {error}")
    if without_pages:
        case_set.skipped.insert(
            0,
            f"skipped {without_pages} real-page case(s): pages folder {pages_root} not found"
            " (give --pages)",
        )
    return case_set


def _benchmark_set(root: Path, name: str) -> CaseSet:
    """Every page of the ground truth that can be read; the rest skipped with a note."""
    path = root / GROUND_TRUTH
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not JSON ({error})") from None
    if not isinstance(truth, dict):
        raise ValueError(f'{path}: expected an object {{id: {{"articleBody", "url"}}}}')
    case_set = CaseSet(name, BENCHMARK, BENCHMARK_SYSTEMS)
    for page_id, entry in sorted(truth.items()):
        case = _benchmark_case(root, page_id, entry)
        if isinstance(case, str):
            case_set.skipped.append(f"skipped {name}/{page_id}: {case}")
        else:
            case_set.cases.append(case)
    return case_set


def _benchmark_case(root: Path, page_id: str, entry: Any) -> Case | str:
    """The case of one ground-truth entry, or why it cannot be scored."""
    if not isinstance(entry, dict) or not isinstance(entry.get("articleBody"), str):
        return "no articleBody in the ground truth"
    url = entry.get("url")
    if url is not None and not isinstance(url, str):
        return f"url is not a string: {url!r}"
    pages = (root / "html" / f"{page_id}{suffix}" for suffix in PAGE_SUFFIXES)
    page = next((path for path in pages if path.is_file()), None)
    if page is None:
        return f"no page html/{page_id}.html.gz"
    paragraphs = [line.strip() for line in entry["articleBody"].split("\n")]
    case = Case(
        f"{(host_of(url) if url else '') or 'no-host'}/{page_id[:12]}",
        page,
        url,
        None,
        {"body": [line for line in paragraphs if line]},
    )
    try:
        case.read()
    except (OSError, EOFError) as error:
        return f"page unreadable ({error})"
    return case
