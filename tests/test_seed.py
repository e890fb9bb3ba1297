"""The seed: a text dump of a real suara.com page splits into its 8 paragraphs and 26 links."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from newscrawl.quality.cases import differences, load_case
from tests.support.crawl import run_newscrawl
from tests.support.paths import FIXTURES

SEED_CASE = FIXTURES / "seed" / "000_e1242e8f69420877"


def test_seed_matches_what_a_reader_wrote_down(shared_dir: Path) -> None:
    case = load_case(SEED_CASE, shared_dir)
    assert differences(case, case.run()) == []


def test_seed_through_the_command_line(shared_dir: Path) -> None:
    dump = shared_dir / "seed" / "000_e1242e8f69420877.txt"
    result = run_newscrawl("clean", "--text", str(dump))
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    paragraphs = article["body"].split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Suara.com - Kementerian Sosial (Kemensos)")
    assert paragraphs[-1].endswith("di Manila pada 2020. (*)")
    kinds = Counter(link["kind"] for link in article["related"])
    assert kinds == {
        "baca_juga": 1,
        "berita_terkait": 5,
        "terpopuler": 5,
        "pilihan": 5,
        "terkini": 10,
    }
    assert all(link["url"] is None for link in article["related"])
