"""The quality harness: the shingle metric, leak, related-link and match scores, the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.items import Article
from newscrawl.quality import (
    PRF,
    body_prf,
    generic_leak_lines,
    leaked,
    related_prf,
    same_minute,
    shingles,
    tokenize,
)
from newscrawl.quality.cases import Case
from newscrawl.quality.scoring import score_ours
from tests.support.paths import FIXTURES
from tests.support.story import PARAGRAPHS, TITLE

URL = "https://www.example.co.id/news/2024/03/05/gotong-royong"
RELATED = {
    "kind": "baca_juga",
    "title": "Sungai Meluap, Jalan Desa Tergenang",
    "url": "https://www.example.co.id/news/2024/03/01/sungai-meluap",
}
PAGE = f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<title>{TITLE}</title>
<meta property="article:published_time" content="2024-03-05T09:30:00+07:00">
<meta name="author" content="Rina Wati">
</head><body><article>
<h1>{TITLE}</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
<div class="baca-juga"><strong>Baca Juga:</strong>
<a href="/news/2024/03/01/sungai-meluap">{RELATED["title"]}</a></div>
<p>{PARAGRAPHS[3]}</p>
</article></body></html>
"""
EXPECTED = {
    "title": TITLE,
    "published_at": "2024-03-05T09:30:00+07:00",
    "authors": ["Rina Wati"],
    "body": PARAGRAPHS,
    "related": [RELATED],
}


# --- the metric -------------------------------------------------------------------------------


def test_tokenize_lowercases_and_strips_punctuation_from_token_edges() -> None:
    text = "Suara.com - Sebanyak 1.162 pekerja (34) menerima vaksin Covid-19, kata “Rina”."
    assert tokenize(text) == [
        "suara.com",
        "sebanyak",
        "1.162",
        "pekerja",
        "34",
        "menerima",
        "vaksin",
        "covid-19",
        "kata",
        "rina",
    ]
    assert tokenize("  -- ... ") == []


def test_identical_texts_score_one() -> None:
    text = "\n\n".join(PARAGRAPHS)
    assert body_prf(text, text) == PRF(1.0, 1.0, 1.0)


def test_punctuation_and_case_do_not_count() -> None:
    assert body_prf("satu dua, tiga EMPAT lima.", "Satu dua tiga empat lima") == PRF(1, 1, 1)


def test_disjoint_texts_score_zero() -> None:
    score = body_prf("satu dua tiga empat lima", "enam tujuh delapan sembilan sepuluh")
    assert score == PRF(0.0, 0.0, 0.0)


def test_truth_plus_junk_keeps_recall_and_loses_precision() -> None:
    # truth: 6 words -> 3 shingles (a b c d, b c d e, c d e f)
    # prediction: the same 6 words + 2 junk words -> 5 shingles, 3 of them the truth's
    # precision 3/5, recall 3/3, F1 = 2 * 0.6 * 1 / 1.6 = 0.75
    score = body_prf("a b c d e f junk more", "a b c d e f")
    assert score.precision == pytest.approx(0.6)
    assert score.recall == 1.0
    assert score.f1 == pytest.approx(0.75)


def test_repeated_shingles_count_as_a_multiset() -> None:
    truth = "a b c d a b c d"  # shingles: abcd x2, bcda, cdab, dabc (5)
    assert shingles(tokenize(truth))[("a", "b", "c", "d")] == 2
    once = body_prf("a b c d", truth)  # abcd x1: 1 of 5 expected shingles
    assert once.precision == 1.0
    assert once.recall == pytest.approx(1 / 5)
    twice = body_prf("a b c d x a b c d", truth)  # abcd x2 of 6 predicted shingles
    assert twice.precision == pytest.approx(2 / 6)
    assert twice.recall == pytest.approx(2 / 5)


def test_texts_under_four_words_are_one_shingle() -> None:
    assert shingles(["baca", "ini"]) == {("baca", "ini"): 1}
    assert body_prf("Baca ini!", "baca ini") == PRF(1.0, 1.0, 1.0)
    assert body_prf("baca ini", "baca itu").f1 == 0.0
    assert body_prf("baca ini", "baca ini dulu").f1 == 0.0  # a different whole sequence


def test_empty_sides() -> None:
    assert body_prf("", "") == PRF(1.0, 1.0, 1.0)
    assert body_prf("", "ada teks di sini") == PRF(0.0, 0.0, 0.0)
    assert body_prf("ada teks di sini", "") == PRF(0.0, 0.0, 0.0)


# --- leaks, related links, dates --------------------------------------------------------------


def _case(expected: dict[str, object]) -> Case:
    return Case("test/case", Path("page.html"), URL, None, expected)


def test_leaks_count_block_labels_credits_and_related_titles() -> None:
    expected = {
        **EXPECTED,
        "body": [*PARAGRAPHS, "Baca juga: aturan ini memang bagian dari berita."],
    }
    body = "\n\n".join(
        [
            PARAGRAPHS[0],
            f"Baca Juga: {RELATED['title']}",
            PARAGRAPHS[1] + " Warga diminta baca juga pengumuman resmi.",
            "Baca juga: aturan ini memang bagian dari berita.",
            "(mdk/ank)",
        ]
    )
    assert generic_leak_lines(body, expected["body"]) == [
        f"Baca Juga: {RELATED['title']}",
        "(mdk/ank)",
    ]
    assert leaked(_case(expected), body) == [
        RELATED["title"],
        f"Baca Juga: {RELATED['title']}",
        "(mdk/ank)",
    ]
    assert generic_leak_lines("(*)\nBACA JUGA\nBaca: lain\nBaca Selanjutnya: halaman 2") == [
        "(*)",
        "BACA JUGA",
        "Baca: lain",
        "Baca Selanjutnya: halaman 2",
    ]
    assert leaked(_case(EXPECTED), "\n\n".join(PARAGRAPHS)) == []


def test_related_links_with_a_missing_and_an_extra_link() -> None:
    a = ("baca_juga", "A", "https://x.id/a")
    b = ("baca_juga", "B", "https://x.id/b")
    c = ("terpopuler", "C", "https://x.id/c")
    score = related_prf([a, c], [a, b])  # b missing, c extra
    assert (score.precision, score.recall) == (0.5, 0.5)
    score = related_prf([a, b, c], [a, b])
    assert score.precision == pytest.approx(2 / 3) and score.recall == 1.0
    assert related_prf([a], [a, a]).recall == 0.5  # a multiset: one of two copies found
    assert related_prf([], []) == PRF(1.0, 1.0, 1.0)


def test_dates_match_to_the_minute() -> None:
    # the same minute in two offsets
    assert same_minute("2021-06-16T17:04:00+07:00", "2021-06-16T10:04:00+00:00")
    # seconds and fractions do not count, on either side
    assert same_minute("2021-06-16T17:04:37+07:00", "2021-06-16T17:04:00+07:00")
    assert same_minute("2021-06-16T17:04:59.999+07:00", "2021-06-16T10:04:01+00:00")
    # a minute apart, even one second apart across a minute's edge
    assert not same_minute("2021-06-16T17:05:00+07:00", "2021-06-16T17:04:00+07:00")
    assert not same_minute("2021-06-16T17:04:59+07:00", "2021-06-16T17:05:00+07:00")
    # the same wall clock in another offset is another instant
    assert not same_minute("2021-06-16T17:04:00-07:00", "2021-06-16T17:04:00+07:00")
    # None matches only None
    assert same_minute(None, None)
    assert not same_minute(None, "2021-06-16T17:04:00+07:00")
    assert not same_minute("2021-06-16T17:04:00+07:00", None)
    # a string that is not a date matches only itself
    assert same_minute("kemarin", "kemarin")
    assert not same_minute("kemarin", "2021-06-16T17:04:00+07:00")


def test_published_at_is_scored_to_the_minute() -> None:
    article = Article(
        url=URL, body="\n\n".join(PARAGRAPHS), published_at="2024-03-05T09:30:41+07:00"
    )
    assert score_ours(_case(EXPECTED), article).published_at_match is True
    later = Article(url=URL, body=article.body, published_at="2024-03-05T09:31:00+07:00")
    assert score_ours(_case(EXPECTED), later).published_at_match is False
    undated = Article(url=URL, body=article.body)
    assert score_ours(_case({**EXPECTED, "published_at": None}), undated).published_at_match
    assert score_ours(_case(EXPECTED), undated).published_at_match is False


def test_authors_and_editors_are_scored_only_where_expected() -> None:
    article = Article(url=URL, body="\n\n".join(PARAGRAPHS), authors=["Rina Wati"])
    unscored = score_ours(_case({"body": PARAGRAPHS}), article)
    assert unscored.authors_match is None and unscored.editors_match is None
    scored = score_ours(_case({**EXPECTED, "editors": []}), article)
    assert scored.authors_match is True
    assert scored.editors_match is True  # no editor named, none expected
    wrong = score_ours(_case({**EXPECTED, "authors": ["Budi"], "editors": ["Andi"]}), article)
    assert wrong.authors_match is False
    assert wrong.editors_match is False


# --- the command ------------------------------------------------------------------------------


def _write_case(folder: Path, expected: dict[str, object], meta: dict[str, object]) -> None:
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    if "page" not in meta:
        (folder / "page.html").write_text(PAGE, encoding="utf-8")


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """One article case and one rejection case (a copy of the suara soft 404)."""
    root = tmp_path / "cases"
    _write_case(root / "example" / "gotong-royong", EXPECTED, {"url": URL})
    shutil.copytree(FIXTURES / "cases" / "suara" / "soft-404", root / "example" / "soft-404")
    return root


def _eval_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    status = main(["eval", *args, "--json"])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def test_eval_prints_a_row_per_case_and_the_means(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(cases), "--pages", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "== cases: 2 fixture cases; details of ours ==" in out
    assert "example/gotong-royong" in out
    assert "means over 1 case(s)" in out
    for label in ("ours (portal profiles)", "ours without profile", "trafilatura precision"):
        assert label in out
    assert "baca_juga" in out  # related links by kind
    assert (
        "example/soft-404: expected soft_404; ours: soft_404 (pass); no_profile: soft_404 (pass)"
        in out
    )

    status, report, _ = _eval_json(capsys, str(cases), "--pages", str(tmp_path))
    assert status == 0
    assert report["main"] == "ours"
    [case_set] = report["sets"]
    assert case_set["name"] == "cases" and case_set["form"] == "fixtures"
    assert [case["name"] for case in case_set["cases"]] == ["example/gotong-royong"]
    systems = {"ours", "no_profile", "trafilatura", "trafilatura_precision"}
    assert set(case_set["cases"][0]["systems"]) == systems
    assert case_set["means"]["ours"]["cases"] == 1  # the rejection case is not in the means
    assert case_set["means"]["no_profile"]["body_f1"] == 1.0
    assert case_set["rejections"] == [
        {
            "name": "example/soft-404",
            "expected": "soft_404",
            "got": {"ours": "soft_404", "no_profile": "soft_404"},
            "passed": {"ours": True, "no_profile": True},
        }
    ]
    assert case_set["rejection_pass_rate"] == {"ours": 1.0, "no_profile": 1.0}
    assert case_set["means"]["trafilatura"]["related_precision"] is None
    for system in ("ours", "no_profile"):
        assert case_set["related_by_kind"][system]["baca_juga"]["matched"] == 1


def test_no_profile_details_ours_without_profiles(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(cases), "--pages", str(tmp_path), "--no-profile"]) == 0
    out = capsys.readouterr().out
    assert "== cases: 2 fixture cases; details of no_profile ==" in out
    assert "noprof body" in out and "noprof match" in out
    status, report, _ = _eval_json(capsys, str(cases), "--pages", str(tmp_path), "--no-profile")
    assert status == 0 and report["main"] == "no_profile"
    assert set(report["sets"][0]["means"]) == {
        "ours",
        "no_profile",
        "trafilatura",
        "trafilatura_precision",
    }


def test_floors_gate(cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = _eval_json(capsys, str(cases), "--pages", str(tmp_path))
    measured = report["sets"][0]["means"]["no_profile"]["body_f1"]
    floors = tmp_path / "floors.json"
    args = ["eval", str(cases), "--floors", str(floors), "--pages", str(tmp_path)]

    met = {"no_profile": {"body_f1": measured, "max_leaks": 0, "rejection_pass_rate": 1.0}}
    floors.write_text(json.dumps({"cases": met, "zyte-dev": {"no_profile": {"body_f1": 1.0}}}))
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "floors of zyte-dev not checked: not evaluated in this run" in out
    assert "floors: all met" in out

    missed = {"no_profile": {"body_f1": measured + 0.01, "title_match": 0.0}}
    floors.write_text(json.dumps({"cases": missed}))
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"floor failed: cases no_profile body_f1 >= {measured + 0.01}: measured" in out
    assert "title_match" not in out.split("floor failed", 1)[1]


def test_floors_gate_on_a_bad_body_and_leaks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "cases"
    wrong = {
        "body": ["Paragraf yang tidak ada di halaman ini sama sekali, ditulis untuk tes."],
        "not_in_body": [PARAGRAPHS[0][:40]],
    }
    _write_case(root / "example" / "wrong", wrong, {"url": URL})
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"cases": {"ours": {"body_f1": 0.5, "max_leaks": 0}}}))
    status, report, err = _eval_json(capsys, str(root), "--floors", str(floors))
    assert status == 1
    assert report["sets"][0]["means"]["ours"]["body_f1"] == 0.0
    assert "floor failed: cases ours body_f1 >= 0.5: measured 0.0000" in err
    assert "floor failed: cases ours leaks <= 0: measured 1" in err
    assert [(f["set"], f["system"], f["rule"]) for f in report["floors"]["failed"]] == [
        ("cases", "ours", "body_f1 >= 0.5"),
        ("cases", "ours", "leaks <= 0"),
    ]


@pytest.mark.parametrize(
    "floors",
    [
        {"cases": {"ours": {"body_f2": 0.9}}},  # no such mean
        {"ours": {"body_f1": 0.9}},  # a system where a set belongs
        {"cases": {"ourz": {"body_f1": 0.9}}},  # no such system
        {"cases": {"trafilatura": {"rejection_pass_rate": 1.0}}},  # ours only
        {"cases": {"ours": {"max_leaks": 0.5}}},
        {"cases": {"ours": {"body_f1": "high"}}},
        {"cases": {"ours": {"not_below": {"trafilatura": ["speed"]}}}},
        {"cases": {"ours": {"not_below_on_each_case": {"trafilatura": ["title_match"]}}}},
        [0.98],
    ],
)
def test_malformed_floors_are_a_usage_error(
    floors: object, cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "floors.json"
    path.write_text(json.dumps(floors))
    assert main(["eval", str(cases), "--floors", str(path)]) == 2
    assert f"newscrawl: {path}" in capsys.readouterr().err


def test_real_page_cases_are_skipped_when_the_pages_folder_is_missing(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = {"page": "example/gotong-royong.html", "url": URL}
    _write_case(tmp_path / "realpages" / "example" / "real", EXPECTED, meta)
    missing = tmp_path / "no-such-folder"
    args = [str(cases), str(tmp_path / "realpages"), "--pages", str(missing)]
    note = f"skipped 1 real-page case(s): pages folder {missing} not found (give --pages)"

    assert main(["eval", *args]) == 0
    out = capsys.readouterr().out
    assert note in out
    assert "== realpages: 0 fixture cases" in out
    assert "example/real" not in out

    status, report, err = _eval_json(capsys, *args)
    assert status == 0
    cases_set, real_set = report["sets"]
    assert [case["name"] for case in cases_set["cases"]] == ["example/gotong-royong"]
    assert real_set["cases"] == [] and real_set["skipped"] == [note]
    assert note in err

    pages = tmp_path / "pages"
    (pages / "example").mkdir(parents=True)
    (pages / "example" / "gotong-royong.html").write_text(PAGE, encoding="utf-8")
    _, report, _ = _eval_json(capsys, *args[:-1], str(pages))
    assert [case["name"] for case in report["sets"][1]["cases"]] == ["example/real"]
    assert report["sets"][1]["skipped"] == []


def test_two_sets_of_one_name_are_a_usage_error(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(cases), str(cases)]) == 2
    assert "two case folders named 'cases'" in capsys.readouterr().err
