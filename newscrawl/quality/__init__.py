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

Leaks (``leaks``): the strings `newscrawl.quality.cases.leaks` finds in the body (expected related
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

from newscrawl.quality.gate import GENERIC_VS_TRAFILATURA, FloorFailure, check_floors, load_floors
from newscrawl.quality.metrics import (
    PRF,
    body_prf,
    generic_leak_lines,
    leaked,
    prf,
    related_prf,
    same_day,
    same_instant,
    shingles,
    tokenize,
)
from newscrawl.quality.scoring import (
    SYSTEMS,
    CaseScore,
    RejectionResult,
    Report,
    SystemScore,
    evaluate,
    score_case,
)
from newscrawl.quality.table import print_table, run

__all__ = [
    "GENERIC_VS_TRAFILATURA",
    "PRF",
    "SYSTEMS",
    "CaseScore",
    "FloorFailure",
    "RejectionResult",
    "Report",
    "SystemScore",
    "body_prf",
    "check_floors",
    "evaluate",
    "generic_leak_lines",
    "leaked",
    "load_floors",
    "prf",
    "print_table",
    "related_prf",
    "run",
    "same_day",
    "same_instant",
    "score_case",
    "shingles",
    "tokenize",
]
