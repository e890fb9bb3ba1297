"""Benchmark folders (ground-truth.json + html/<id>.html.gz) as case sets of `newscrawl eval`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.quality import load_sets
from newscrawl.quality.sets import BENCHMARK, BENCHMARK_SYSTEMS

STORY = [
    "The city council voted on Tuesday to turn the old railway depot into a public library,"
    " ending a debate that had divided residents of the northern district for almost ten years.",
    "Supporters said the building, empty since the last freight train left in 1998, would give"
    " the neighbourhood its first reading room and a place for evening classes for adults.",
    "Opponents had argued for housing on the site, but the council found the foundations too"
    " weak for anything taller than the depot's existing two storeys without costly repairs.",
]
CAFE = [
    "Le café de la gare a rouvert ses portes lundi matin après deux années de travaux, et les"
    " habitués sont revenus dès sept heures pour retrouver leur comptoir préféré en zinc.",
    "La propriétaire a gardé les banquettes d'origine et les miroirs, mais la cuisine a été"
    " entièrement refaite pour servir des repas chauds aux voyageurs du soir jusqu'à minuit.",
]


def article_page(title: str, paragraphs: list[str], charset: str = "utf-8") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f'<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>'
        f"</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright 2019 The Example Times. All rights reserved.</footer></body></html>"
    )


@pytest.fixture
def benchmark(tmp_path: Path) -> Path:
    """Three readable pages (gzip UTF-8, gzip Latin-1 under an unknown charset label, plain
    HTML) and three entries that cannot be scored: no page, a page that is not gzip, no
    articleBody."""
    root = tmp_path / "mini-bench"
    html = root / "html"
    html.mkdir(parents=True)
    (html / "aaaa1111aaaa1111.html.gz").write_bytes(
        gzip.compress(article_page("Depot becomes library", STORY).encode("utf-8"))
    )
    latin = article_page("Le café rouvre", CAFE, charset="x-no-such-charset")
    (html / "bbbb2222bbbb2222.html.gz").write_bytes(gzip.compress(latin.encode("latin-1")))
    (html / "cccc3333cccc3333.html").write_text(
        article_page("Depot again", STORY), encoding="utf-8"
    )
    (html / "eeee5555eeee5555.html.gz").write_bytes(b"<html>not gzip at all</html>")
    (html / "ffff6666ffff6666.html.gz").write_bytes(gzip.compress(b"<html></html>"))
    (html / "9999999999999999.html.gz").write_bytes(gzip.compress(b"<html>no truth</html>"))
    truth = {
        "aaaa1111aaaa1111": {
            "url": "https://www.example-times.com/2019/11/depot-library",
            "articleBody": "\n".join(STORY),
        },
        "bbbb2222bbbb2222": {
            "url": "https://cafe.example.fr/gare",
            "articleBody": "\n\n".join(CAFE),
        },
        "cccc3333cccc3333": {"url": None, "articleBody": " \n".join(STORY) + "\n"},
        "dddd4444dddd4444": {"url": "https://example.org/missing", "articleBody": "No page."},
        "eeee5555eeee5555": {"url": "https://example.org/broken", "articleBody": "Broken."},
        "ffff6666ffff6666": {"url": "https://example.org/no-body"},
    }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def test_a_benchmark_folder_loads_as_one_set(benchmark: Path, tmp_path: Path) -> None:
    [case_set] = load_sets([benchmark], tmp_path / "no-pages")
    assert (case_set.name, case_set.form, case_set.systems) == (
        "mini-bench",
        BENCHMARK,
        BENCHMARK_SYSTEMS,
    )
    assert [(case.name, case.url) for case in case_set.cases] == [
        (
            "www.example-times.com/aaaa1111aaaa",
            "https://www.example-times.com/2019/11/depot-library",
        ),
        ("cafe.example.fr/bbbb2222bbbb", "https://cafe.example.fr/gare"),
        ("no-host/cccc3333cccc", None),
    ]
    # one paragraph per non-empty line of articleBody
    assert [case.expected for case in case_set.cases] == [
        {"body": STORY},
        {"body": CAFE},
        {"body": STORY},
    ]
    assert case_set.cases[1].read().startswith(b"<!doctype html>")  # decompressed
    assert case_set.skipped == [
        "skipped mini-bench/dddd4444dddd4444: no page html/dddd4444dddd4444.html.gz",
        "skipped mini-bench/eeee5555eeee5555: page unreadable (Not a gzipped file (b'<h'))",
        "skipped mini-bench/ffff6666ffff6666: no articleBody in the ground truth",
    ]


def test_eval_scores_a_benchmark_with_body_columns_only(
    benchmark: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(benchmark)]) == 0
    out = capsys.readouterr().out
    assert "== mini-bench: 3 benchmark pages; details of no_profile ==" in out
    assert "(skipped mini-bench/dddd4444dddd4444: no page html/dddd4444dddd4444.html.gz)" in out
    row = next(line for line in out.splitlines() if line.startswith("cafe.example.fr/"))
    # body F1 of noprof, traf, trafP; leaks; body P/R; then related P/R and every match: "-"
    assert row.split()[7:] == ["-"] * 9
    assert "related links by kind" not in out

    assert main(["eval", str(benchmark), "--json"]) == 0
    [case_set] = json.loads(capsys.readouterr().out)["sets"]
    assert case_set["form"] == "benchmark"
    assert set(case_set["means"]) == set(BENCHMARK_SYSTEMS)
    for case in case_set["cases"]:
        ours = case["systems"]["no_profile"]
        # the cleaner finds the article text, the Latin-1 page under a bogus label included
        assert ours["body"]["recall"] == 1.0, case["name"]
        assert ours["related"] is None and ours["title_match"] is None
        assert case["systems"]["trafilatura"]["body"] is not None
    means = case_set["means"]["no_profile"]
    assert means["cases"] == 3 and means["related_recall"] is None


def test_benchmark_floors(
    benchmark: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floors = tmp_path / "floors.json"
    beat = {"no_profile": {"body_recall": 1.0, "not_below": {"trafilatura": ["body_recall"]}}}
    floors.write_text(json.dumps({"mini-bench": beat}))
    assert main(["eval", str(benchmark), "--floors", str(floors)]) == 0
    assert "floors: all met" in capsys.readouterr().out

    floors.write_text(json.dumps({"mini-bench": {"ours": {"body_f1": 0.5}}}))
    assert main(["eval", str(benchmark), "--floors", str(floors)]) == 1
    out = capsys.readouterr().out
    assert (
        "floor failed: mini-bench ours (this set does not score it): measured not measured" in out
    )


def test_a_malformed_ground_truth_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "bench"
    root.mkdir()
    (root / "ground-truth.json").write_text(json.dumps(["not", "a", "mapping"]))
    assert main(["eval", str(root)]) == 2
    assert "ground-truth.json: expected an object" in capsys.readouterr().err
    (root / "ground-truth.json").write_text("{not json")
    assert main(["eval", str(root)]) == 2
    assert "ground-truth.json: not JSON" in capsys.readouterr().err
