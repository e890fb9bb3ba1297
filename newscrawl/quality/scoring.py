"""Scoring cases: each system on each page, and a whole run's means."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from newscrawl.items import Article
from newscrawl.quality.cases import Case, case_folders, load_case
from newscrawl.quality.metrics import PRF, body_prf, leaked, related_prf, same_day, same_instant

SYSTEMS = ("ours", "generic", "trafilatura", "trafilatura_precision")
MEAN_NAMES = (
    "body_precision",
    "body_recall",
    "body_f1",
    "related_precision",
    "related_recall",
    "title_match",
    "published_at_match",
    "authors_match",
)
MATCH_FIELDS = ("title", "published_at", "authors")

# --- scoring one case -------------------------------------------------------------------------


@dataclass
class SystemScore:
    """One system's result on one case; None where a score does not apply."""

    body: PRF | None = None
    leaks: list[str] | None = None
    related: PRF | None = None
    title_match: bool | None = None
    published_at_match: bool | None = None
    authors_match: bool | None = None
    note: str = ""

    def value(self, name: str) -> float | None:
        """The score behind a mean name ("body_f1", "related_recall", "title_match", ...)."""
        part, _, measure = name.partition("_")
        if part in ("body", "related"):
            score: PRF | None = getattr(self, part)
            return None if score is None else getattr(score, measure)
        matched: bool | None = getattr(self, name)
        return None if matched is None else float(matched)


@dataclass
class KindCounts:
    """Related links of one kind: how many were expected, found, and found as expected."""

    expected: int = 0
    found: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else float(not self.expected)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else float(not self.found)


@dataclass
class CaseScore:
    """All systems' scores on one case that expects an article."""

    name: str
    systems: dict[str, SystemScore]
    related_by_kind: dict[str, KindCounts] = field(default_factory=dict)
    """Ours only."""


@dataclass
class RejectionResult:
    """A case whose page must be rejected."""

    name: str
    expected: str
    got: str | None

    @property
    def passed(self) -> bool:
        return self.got == self.expected


def score_case(case: Case) -> CaseScore | RejectionResult:
    """Run the four systems on one case and score them."""
    extraction = case.run()
    if "rejected" in case.expected:
        return RejectionResult(case.name, case.expected["rejected"], extraction.rejected)
    article = None if extraction.rejected else extraction.article
    ours = score_ours(case, article)
    if extraction.rejected:
        ours.note = f"ours rejected: {extraction.rejected}"
    generic = case.run(generic=True)
    systems = {"ours": ours, "generic": score_ours(case, generic.article)}
    if generic.rejected:
        systems["generic"] = score_ours(case, None)
        systems["generic"].note = f"generic rejected: {generic.rejected}"
    systems["trafilatura"] = score_trafilatura(case, favor_precision=False)
    systems["trafilatura_precision"] = score_trafilatura(case, favor_precision=True)
    return CaseScore(case.name, systems, related_kinds(case, article))


def score_ours(case: Case, article: Article | None) -> SystemScore:
    """Our cleaner's article (None when it rejected the page) against expected.json."""
    expected = case.expected
    body = article.body if article else ""
    got_links = [(r.kind, r.title, r.url) for r in article.related] if article else []
    score = SystemScore(leaks=leaked(case, body))
    if "body" in expected:
        score.body = body_prf(body, case.expected_body)
    if "related" in expected:
        score.related = related_prf(got_links, _expected_links(case))
    if "title" in expected:
        score.title_match = (article.title if article else None) == expected["title"]
    if "published_at" in expected:
        got = article.published_at if article else None
        score.published_at_match = same_instant(got, expected["published_at"])
    if "authors" in expected:
        score.authors_match = (article.authors if article else []) == expected["authors"]
    return score


def score_trafilatura(case: Case, *, favor_precision: bool) -> SystemScore:
    """trafilatura.extract on the page bytes; metadata scored for the default call only."""
    if case.page.suffix == ".txt":
        return SystemScore(note="trafilatura reads HTML only")
    page = case.page.read_bytes()
    text = trafilatura.extract(page, url=case.url, favor_precision=favor_precision) or ""
    score = SystemScore(leaks=leaked(case, text))
    if "body" in case.expected:
        score.body = body_prf(text, case.expected_body)
    if not favor_precision:
        _score_trafilatura_metadata(case, page, score)
    return score


def _score_trafilatura_metadata(case: Case, page: bytes, score: SystemScore) -> None:
    document = trafilatura.extract(page, url=case.url, output_format="json", with_metadata=True)
    metadata: dict[str, Any] = json.loads(document) if document else {}
    expected = case.expected
    if "title" in expected:
        score.title_match = metadata.get("title") == expected["title"]
    if "published_at" in expected:
        score.published_at_match = same_day(metadata.get("date"), expected["published_at"])
    if "authors" in expected:
        authors = [name.strip() for name in (metadata.get("author") or "").split(";")]
        score.authors_match = [name for name in authors if name] == expected["authors"]


def _expected_links(case: Case) -> list[tuple[str, str, str | None]]:
    return [(r["kind"], r["title"], r.get("url")) for r in case.expected.get("related", [])]


def related_kinds(case: Case, article: Article | None) -> dict[str, KindCounts]:
    """Ours' related links against expected, counted per kind (cases that expect `related`)."""
    if "related" not in case.expected:
        return {}
    want = Counter(_expected_links(case))
    got = Counter((r.kind, r.title, r.url) for r in article.related) if article else Counter()
    kinds: dict[str, KindCounts] = {}
    for links, attribute in ((want, "expected"), (got, "found"), (want & got, "matched")):
        for (kind, _title, _url), count in links.items():
            counts = kinds.setdefault(kind, KindCounts())
            setattr(counts, attribute, getattr(counts, attribute) + count)
    return kinds


# --- a whole run ------------------------------------------------------------------------------


@dataclass
class Report:
    """Scores of every case of a run, the rejection cases, and what was skipped."""

    cases: list[CaseScore] = field(default_factory=list)
    rejections: list[RejectionResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def means(self) -> dict[str, dict[str, float | int | None]]:
        """Per system: plain averages of every mean name over scored cases, total leaks."""
        result: dict[str, dict[str, float | int | None]] = {}
        for system in SYSTEMS:
            scores = [case.systems[system] for case in self.cases]
            row: dict[str, float | int | None] = {name: _mean(scores, name) for name in MEAN_NAMES}
            counted = [len(score.leaks) for score in scores if score.leaks is not None]
            row["leaks"] = sum(counted) if counted else None
            row["cases"] = len(counted)
            result[system] = row
        return result

    def related_by_kind(self) -> dict[str, KindCounts]:
        """Ours' related links per kind, counts pooled over all cases."""
        pooled: dict[str, KindCounts] = {}
        for case in self.cases:
            for kind, counts in case.related_by_kind.items():
                total = pooled.setdefault(kind, KindCounts())
                total.expected += counts.expected
                total.found += counts.found
                total.matched += counts.matched
        return dict(sorted(pooled.items()))

    def rejection_pass_rate(self) -> float | None:
        if not self.rejections:
            return None
        return sum(result.passed for result in self.rejections) / len(self.rejections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": [
                {
                    "name": case.name,
                    "systems": {name: asdict(score) for name, score in case.systems.items()},
                }
                for case in self.cases
            ],
            "means": self.means(),
            "related_by_kind": {
                kind: {**asdict(counts), "precision": counts.precision, "recall": counts.recall}
                for kind, counts in self.related_by_kind().items()
            },
            "rejections": [
                {**asdict(result), "passed": result.passed} for result in self.rejections
            ],
            "rejection_pass_rate": self.rejection_pass_rate(),
            "skipped": self.skipped,
        }


def _mean(scores: Iterable[SystemScore], name: str) -> float | None:
    values = [value for score in scores if (value := score.value(name)) is not None]
    return sum(values) / len(values) if values else None


def collect_cases(roots: Sequence[Path], pages_root: Path) -> tuple[list[Case], list[str]]:
    """Every case under `roots`; real-page cases are skipped (with a note) when their page is
    not there."""
    cases: list[Case] = []
    notes: list[str] = []
    without_pages = 0
    for root in roots:
        if not root.exists():
            raise FileNotFoundError(f"no such folder: {root}")
        for folder in case_folders(root):
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if "page" in meta and not pages_root.is_dir():
                without_pages += 1
                continue
            try:
                cases.append(load_case(folder, pages_root))
            except FileNotFoundError as error:
                notes.append(f"skipped {error}")
    if without_pages:
        notes.insert(
            0,
            f"skipped {without_pages} real-page case(s): pages folder {pages_root} not found"
            " (give --pages)",
        )
    if not cases and not notes:
        raise ValueError("no cases found under " + ", ".join(map(str, roots)))
    return cases, notes


def evaluate(roots: Sequence[Path], pages_root: Path) -> Report:
    """Load and score every case under `roots`."""
    cases, notes = collect_cases(roots, pages_root)
    report = Report(skipped=notes)
    for case in cases:
        result = score_case(case)
        if isinstance(result, RejectionResult):
            report.rejections.append(result)
        else:
            report.cases.append(result)
    return report


def f1(score: SystemScore) -> float | None:
    """A system's body F1 on a case (None where the case has no body)."""
    return score.value("body_f1")
