"""The quality harness behind `newscrawl eval`: our cleaner against trafilatura, case by case.

Every case (see fixtures/README.md) is run through four systems on the same page bytes in the
same run:

- ``ours``: `Case.run()`, the cleaner as the crawler uses it (with the portal's profile);
- ``generic``: the same cleaner without any portal profile, as it treats an unknown portal;
- ``trafilatura``: ``trafilatura.extract(page, url=case.url)`` with the library's defaults
  (plain text output);
- ``trafilatura_precision``: the same call with ``favor_precision=True``.

Trafilatura only reads HTML: on a ``page.txt`` case its columns stay empty ("-").

Scores
======

Body precision / recall / F1 (``body_*``): the shingle measure of the scrapinghub
article-extraction-benchmark, per document.

- Tokens: the text is lower-cased and split on whitespace (``str.split``); from both ends of
  every token each character whose Unicode category is punctuation (P*) or symbol (S*) is
  stripped; tokens left empty are dropped. Punctuation inside a token stays ("1.162",
  "covid-19").
- Shingles: every run of 4 consecutive tokens; a text of 1 to 3 tokens is one shingle of its
  whole sequence, a text of no tokens has none. Shingles are counted (a multiset).
- ``overlap = sum over shingles of min(predicted count, expected count)``;
  precision = overlap / number of predicted shingles, recall = overlap / number of expected
  shingles, F1 their harmonic mean. Both texts empty: 1, 1, 1; only one empty: 0, 0, 0.

  The benchmark divides each document's tp, fp and fn by their sum before taking
  tp / (tp + fp) and tp / (tp + fn): that keeps long documents from weighing more in its
  pooled sums but leaves one document's precision and recall exactly as above. (Dividing the
  predicted and expected counts *separately* by their own totals would not: a prediction that
  is the truth plus junk would then lose recall.)
- Means are plain averages over documents, the F1 mean included (the benchmark instead takes
  F1 of the mean precision and mean recall).

A rejected page (``ours`` rejecting a case that expects an article) counts as an empty
result: empty body, no related links, no metadata. The same holds for trafilatura returning
nothing.

Leaks (``leaks``): the strings `newscrawl.cases.leaks` finds in the body (expected related
titles, ``not_in_body`` strings), plus every line of the body (split on newlines, stripped)
that is not a paragraph of the expected body and either starts with "Baca Juga", "Baca juga",
"BACA JUGA", "Baca Selanjutnya", "BACA SELANJUTNYA", "Baca:" or "BACA:", or is nothing but a
credit in parentheses: "(*)" or slash-separated codes like "(mdk/ank)". The means row shows
the total over cases, not an average.

Related links (``related_*``): precision and recall of the multiset of (kind, title, url)
triples against the expected ones, with the same empty-side rule as the body. "By kind" pools
the counts of every case per kind. Trafilatura has no related links ("-").

Exact matches (``*_match``): ours: ``title`` (string), ``published_at`` (the same instant:
both parsed with `datetime.fromisoformat`; None equals only None) and ``authors`` (the same
list). For ``trafilatura`` one more call, ``extract(..., output_format="json",
with_metadata=True)``, gives title, date and author: its title is compared as a string, its
date (a day, "YYYY-MM-DD") with the expected instant's calendar day in the instant's own offset,
its author string split on ";" with the list. ``trafilatura_precision`` gets no metadata
columns (the metadata does not depend on favor_precision). A field absent from expected.json
is not scored; means count only scored cases.

Cases expecting ``{"rejected": reason}`` are listed apart: ours passes when it rejects with
that reason. They are in no mean.

Quality gate
============

``--floors FILE`` reads minimum means that a person wrote down; this module only reads it,
never writes it. Its form::

    {"ours": {"body_f1": 0.98, "related_precision": 0.98, ...}, "max_leaks": 0}

A system key ("ours", "trafilatura", "trafilatura_precision") maps mean names (the keys of
`MEAN_NAMES`; for ours also "rejection_pass_rate", the share of rejection cases passed) to
floors; ``max_leaks`` caps the total leak count of ours. A mean below its floor, or one that
could not be measured (no scored case), fails the gate; `run` then returns 1.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import trafilatura

from newscrawl.cases import Case, leaks, load_case
from newscrawl.items import Article

SYSTEMS = ("ours", "generic", "trafilatura", "trafilatura_precision")
GENERIC_VS_TRAFILATURA = "generic_not_below_trafilatura"
"""Floors key: on every case, ours without a portal profile scores at least trafilatura's F1."""
SHINGLE_SIZE = 4
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

READ_ON = re.compile(
    r"^(?:Baca Juga|Baca juga|BACA JUGA|Baca Selanjutnya|BACA SELANJUTNYA|Baca:|BACA:)"
)
CREDIT_LINE = re.compile(r"^\(\s*(?:\*|[\w*]+(?:\s*/\s*[\w*]+)+)\s*\)$")


# --- metrics: small and pure ----------------------------------------------------------------


def tokenize(text: str) -> list[str]:
    """Lower-cased whitespace tokens with punctuation and symbols stripped from their ends."""
    tokens = (_strip_edges(token) for token in text.lower().split())
    return [token for token in tokens if token]


def _strip_edges(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Counts of every run of `size` tokens; a shorter non-empty text is one shingle."""
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def prf(predicted: Counter[Any], expected: Counter[Any]) -> PRF:
    """Multiset precision/recall: 1,1,1 when both are empty, 0,0,0 when only one is."""
    got, want = sum(predicted.values()), sum(expected.values())
    if not got and not want:
        return PRF(1.0, 1.0, 1.0)
    if not got or not want:
        return PRF(0.0, 0.0, 0.0)
    overlap = sum((predicted & expected).values())
    precision, recall = overlap / got, overlap / want
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return PRF(precision, recall, f1)


def body_prf(predicted: str, expected: str) -> PRF:
    """The benchmark's shingle precision/recall/F1 of one predicted body."""
    return prf(shingles(tokenize(predicted)), shingles(tokenize(expected)))


def related_prf(predicted: Iterable[Hashable], expected: Iterable[Hashable]) -> PRF:
    """Precision/recall of (kind, title, url) triples, as multisets."""
    return prf(Counter(predicted), Counter(expected))


def generic_leak_lines(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Lines that look like a link-block label or a bare credit, unless they are in `allowed`."""
    keep = {line.strip() for line in allowed}
    lines = (line.strip() for line in text.split("\n"))
    return [
        line
        for line in lines
        if line and line not in keep and (READ_ON.match(line) or CREDIT_LINE.match(line))
    ]


def leaked(case: Case, text: str) -> list[str]:
    """Every leak in one system's body: the case's unwanted strings, then generic leak lines."""
    return leaks(case, text) + generic_leak_lines(text, case.expected.get("body", []))


def same_instant(got: str | None, expected: str | None) -> bool:
    """True when both ISO 8601 strings name the same instant, or both are None."""
    if got is None or expected is None:
        return got is expected
    try:
        return datetime.fromisoformat(got) == datetime.fromisoformat(expected)
    except (TypeError, ValueError):
        return got == expected


def same_day(got: str | None, expected: str | None) -> bool:
    """True when a "YYYY-MM-DD" day is the expected instant's day in its own offset."""
    if got is None or expected is None:
        return got is expected
    try:
        return got[:10] == datetime.fromisoformat(expected).date().isoformat()
    except ValueError:
        return False


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
        for expected in sorted(root.rglob("expected.json")):
            folder = expected.parent
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
            generic, baseline = (_f1(case.systems[name]) for name in ("generic", "trafilatura"))
            if generic is not None and baseline is not None and generic < baseline:
                failures.append(
                    FloorFailure(f"{case.name}: generic F1 >= trafilatura F1", baseline, generic)
                )
    if "max_leaks" in floors:
        total = means["ours"]["leaks"] or 0
        if total > floors["max_leaks"]:
            failures.append(FloorFailure("max_leaks (ours, total)", floors["max_leaks"], total))
    return failures


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
            f"{case.name:<{width}}  {_num(_f1(ours))} {_num(_f1(generic))} {_num(_f1(traf))} "
            f"{_num(_f1(trafp))}  "
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


def _f1(score: SystemScore) -> float | None:
    return score.value("body_f1")


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
