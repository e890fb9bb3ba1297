"""The quality harness behind `newscrawl eval`: our cleaner against trafilatura, case by case.

Case sets
=========

Each folder given to ``newscrawl eval`` is one set, named by the folder ("cases", "realpages",
"seed", "zyte-dev"), with its own table, means and floors (`newscrawl.quality.sets`):

- a folder of fixture cases (see fixtures/README.md): every folder under it holding an
  ``expected.json``;
- a benchmark folder in the form of the article-extraction-benchmark: ``ground-truth.json``
  (``{id: {"articleBody": text, "url": url}}``) beside ``html/<id>.html.gz`` (or
  ``html/<id>.html``). The expected body is ``articleBody``, one paragraph per non-empty line;
  nothing else is expected, so related links, dates and authors show "-". A page that is
  missing, not gzip or an entry without ``articleBody`` is skipped with a note.

Systems
=======

Every case is run through these systems on the same page bytes, in the same run:

- ``ours``: `Case.run()`, the cleaner as the crawler uses it (with the profile of the portal
  owning the URL);
- ``no_profile``: the same cleaner with no portal's hints (``Case.run(profile=False)``, like
  ``newscrawl clean --no-profile``): the generic engine alone, as for an unknown portal;
- ``trafilatura``: ``trafilatura.extract(page, url=case.url)`` with the library's defaults
  (plain text output);
- ``trafilatura_precision``: the same call with ``favor_precision=True``.

A benchmark set runs ``no_profile`` and the two trafilatura calls only: its pages belong to
sites without a profile. Trafilatura only reads HTML: on a ``page.txt`` case its columns stay
empty ("-"); an exception it raises counts as an empty result, with a note.

``--no-profile`` makes ``no_profile`` the detailed system of the tables (body P/R, related
P/R, matches); the F1 and leak columns, the means, related links by kind and rejections show
every system, and the floors checked are the same either way.

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

A rejected page (one of ours rejecting a case that expects an article) counts as an empty
result: empty body, no related links, no metadata. The same holds for trafilatura returning
nothing.

Leaks (``leaks``), for every system: the strings `newscrawl.quality.cases.leaks` finds in the
body (expected related titles, ``not_in_body`` strings), plus every line of the body (split on
newlines, stripped) that is not a paragraph of the expected body and either starts with "Baca
Juga", "Baca juga", "BACA JUGA", "Baca Selanjutnya", "BACA SELANJUTNYA", "Baca:" or "BACA:", or
is nothing but a credit in parentheses: "(*)" or slash-separated codes like "(mdk/ank)". The
means show the total over cases, not an average.

Related links (``related_*``): precision and recall of the multiset of (kind, title, url)
triples against the expected ones, with the same empty-side rule as the body. "By kind" pools
the counts of every case per kind, for ``ours`` and ``no_profile``. Trafilatura has no related
links ("-").

Exact matches (``*_match``): ours and no_profile: ``title`` (string), ``published_at`` (the
same minute, `same_minute`: each time loses its seconds, then both are compared as instants;
None equals only None), ``authors`` and ``editors`` (the same list; an Article without an
``editors`` attribute names none). For ``trafilatura`` one more call, ``extract(...,
output_format="json", with_metadata=True)``, gives title, date and author: its title is
compared as a string, its date (a day, "YYYY-MM-DD") with the expected instant's calendar day
in the instant's own offset, its author string split on ";" with the list; it names no
editors. ``trafilatura_precision`` gets no metadata columns (the metadata does not depend on
favor_precision). A field absent from expected.json is not scored; means count only scored
cases.

Cases expecting ``{"rejected": reason}`` are listed apart: one of ours passes when it rejects
with that reason. They are in no mean.

Quality gate
============

``--floors FILE`` reads floors that a person wrote down; this module only reads it, never
writes it. Its form: set name -> system -> floors::

    {"realpages": {"ours": {"body_f1": 0.98, "max_leaks": 0, "rejection_pass_rate": 1.0},
                   "no_profile": {"body_f1": 0.97,
                                  "not_below_on_each_case": {"trafilatura": ["body_f1"]}}},
     "zyte-dev": {"no_profile": {"body_f1": 0.97, "not_below": {"trafilatura": ["body_f1"]}}}}

- a mean name (the keys of `MEAN_NAMES`, and for ours and no_profile ``rejection_pass_rate``,
  the share of rejection cases passed): the set's mean must be at least the number;
- ``max_leaks``: the set's total leak count of that system must be at most the number;
- ``not_below``: ``{other system: [mean names]}``: each mean at least the other system's;
- ``not_below_on_each_case``: ``{other system: ["body_f1"]}``: on every case, body F1 at
  least the other system's.

A floor not reached, or a mean that could not be measured (no scored case), fails the gate;
`run` prints "floor failed: SET SYSTEM RULE: measured X" for each and returns 1. The floors of
a set this run did not evaluate (not given, or none of its pages present) are not checked: a
note names them.
"""

from __future__ import annotations

from newscrawl.quality.gate import FloorFailure, check_floors, load_floors, unchecked_sets
from newscrawl.quality.metrics import (
    PRF,
    body_prf,
    generic_leak_lines,
    leaked,
    prf,
    related_prf,
    same_day,
    same_minute,
    shingles,
    tokenize,
)
from newscrawl.quality.report import Report, SetReport, evaluate
from newscrawl.quality.scoring import (
    MEAN_NAMES,
    SYSTEMS,
    CaseScore,
    RejectionResult,
    SystemScore,
    score_case,
)
from newscrawl.quality.sets import CaseSet, load_sets
from newscrawl.quality.table import print_report, run

__all__ = [
    "MEAN_NAMES",
    "PRF",
    "SYSTEMS",
    "CaseScore",
    "CaseSet",
    "FloorFailure",
    "RejectionResult",
    "Report",
    "SetReport",
    "SystemScore",
    "body_prf",
    "check_floors",
    "evaluate",
    "generic_leak_lines",
    "leaked",
    "load_floors",
    "load_sets",
    "prf",
    "print_report",
    "related_prf",
    "run",
    "same_day",
    "same_minute",
    "score_case",
    "shingles",
    "tokenize",
    "unchecked_sets",
]
