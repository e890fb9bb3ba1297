"""Scoring one case: each system on the page, against what a person wrote down."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import trafilatura

from newscrawl.cleaner import Extraction
from newscrawl.items import Article
from newscrawl.quality.cases import Case
from newscrawl.quality.metrics import PRF, body_prf, leaked, related_prf, same_day, same_minute
from newscrawl.quality.sets import SYSTEMS

OURS = ("ours", "no_profile")
"""Our cleaner, with the portal's profile and without any."""
MEAN_NAMES = (
    "body_precision",
    "body_recall",
    "body_f1",
    "related_precision",
    "related_recall",
    "title_match",
    "published_at_match",
    "authors_match",
    "editors_match",
)
MATCH_FIELDS = ("title", "published_at", "authors", "editors")
TRAFILATURA_METADATA = ("title", "published_at", "authors")
"""What trafilatura's JSON output can be compared on (it names no editors)."""


@dataclass
class SystemScore:
    """One system's result on one case; None where a score does not apply."""

    body: PRF | None = None
    leaks: list[str] | None = None
    related: PRF | None = None
    title_match: bool | None = None
    published_at_match: bool | None = None
    authors_match: bool | None = None
    editors_match: bool | None = None
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

    def add(self, other: KindCounts) -> None:
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched


@dataclass
class CaseScore:
    """Every system's scores on one case that expects an article."""

    name: str
    systems: dict[str, SystemScore]
    related_by_kind: dict[str, dict[str, KindCounts]] = field(default_factory=dict)
    """Per system of ours: related links per kind."""


@dataclass
class RejectionResult:
    """A case whose page must be rejected, and what each of our systems made of it."""

    name: str
    expected: str
    got: dict[str, str | None]

    def passed(self, system: str) -> bool:
        return self.got.get(system) == self.expected


def score_case(case: Case, systems: tuple[str, ...] = SYSTEMS) -> CaseScore | RejectionResult:
    """Run `systems` on one case and score them."""
    extractions = {
        system: case.run(profile=system == "ours") for system in OURS if system in systems
    }
    if "rejected" in case.expected:
        got = {system: extraction.rejected for system, extraction in extractions.items()}
        return RejectionResult(case.name, case.expected["rejected"], got)
    scores: dict[str, SystemScore] = {}
    kinds: dict[str, dict[str, KindCounts]] = {}
    for system, extraction in extractions.items():
        article = _article(extraction)
        scores[system] = score_ours(case, article)
        if extraction.rejected:
            scores[system].note = f"{system} rejected: {extraction.rejected}"
        kinds[system] = related_kinds(case, article)
    trafilatura_systems = [system for system in systems if system.startswith("trafilatura")]
    if trafilatura_systems:
        page = b"" if case.is_text else case.read()
        for system in trafilatura_systems:
            scores[system] = score_trafilatura(
                case, page, favor_precision=system == "trafilatura_precision"
            )
    return CaseScore(case.name, {system: scores[system] for system in systems}, kinds)


def _article(extraction: Extraction) -> Article | None:
    return None if extraction.rejected else extraction.article


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
        score.published_at_match = same_minute(got, expected["published_at"])
    if "authors" in expected:
        score.authors_match = (article.authors if article else []) == expected["authors"]
    if "editors" in expected:
        # Article gains its `editors` list in a parallel change; until then it names none
        editors = article.editors if article else []
        score.editors_match = list(editors) == expected["editors"]
    return score


def score_trafilatura(case: Case, page: bytes, *, favor_precision: bool) -> SystemScore:
    """trafilatura.extract on the page bytes; metadata scored for the default call only."""
    if case.is_text:
        return SystemScore(note="trafilatura reads HTML only")
    try:
        text = trafilatura.extract(page, url=case.url, favor_precision=favor_precision) or ""
    except Exception as error:  # a failure of the library under comparison is its empty result
        text = ""
        note = f"trafilatura failed: {type(error).__name__}: {error}"
    else:
        note = ""
    score = SystemScore(leaks=leaked(case, text), note=note)
    if "body" in case.expected:
        score.body = body_prf(text, case.expected_body)
    if not favor_precision and any(name in case.expected for name in TRAFILATURA_METADATA):
        _score_trafilatura_metadata(case, page, score)
    return score


def _score_trafilatura_metadata(case: Case, page: bytes, score: SystemScore) -> None:
    try:
        document = trafilatura.extract(page, url=case.url, output_format="json", with_metadata=True)
    except Exception:  # as above: no metadata
        document = None
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
    """An article's related links against expected, counted per kind (cases that expect
    `related`)."""
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


def f1(score: SystemScore | None) -> float | None:
    """A system's body F1 on a case (None where the system or the body is not scored)."""
    return None if score is None else score.value("body_f1")
