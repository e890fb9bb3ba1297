"""The quality harness: the shingle metric, leak and related-link scores, the floors gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.quality import (
    PRF,
    CaseScore,
    Report,
    SystemScore,
    body_prf,
    check_floors,
    generic_leak_lines,
    leaked,
    related_prf,
    same_instant,
    shingles,
    tokenize,
)
from newscrawl.quality.cases import Case
from tests.support.paths import FIXTURES

URL = "https://www.example.co.id/news/2024/03/05/gotong-royong"
PARAGRAPHS = [
    "Ratusan warga Desa Sukamaju turun ke sungai pada Minggu pagi untuk membersihkan sampah"
    " plastik yang menumpuk sejak musim hujan dimulai bulan lalu.",
    "Kepala desa mengatakan kegiatan ini akan diadakan setiap bulan agar aliran sungai tetap"
    " lancar dan warga terhindar dari banjir ketika hujan deras turun.",
    "Sampah yang terkumpul dibawa ke tempat pembuangan sementara dan sebagian dipilah oleh bank"
    " sampah desa untuk didaur ulang menjadi kerajinan.",
    "Warga berharap pemerintah kabupaten menambah armada truk sampah sehingga sampah tidak lagi"
    " dibuang ke sungai oleh warga yang tinggal di bantaran.",
]
RELATED = {
    "kind": "baca_juga",
    "title": "Sungai Meluap, Jalan Desa Tergenang",
    "url": "https://www.example.co.id/news/2024/03/01/sungai-meluap",
}
PAGE = f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<title>Warga Desa Sukamaju Gotong Royong Bersihkan Sungai</title>
<meta property="article:published_time" content="2024-03-05T09:30:00+07:00">
<meta name="author" content="Rina Wati">
</head><body><article>
<h1>Warga Desa Sukamaju Gotong Royong Bersihkan Sungai</h1>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
<div class="baca-juga"><strong>Baca Juga:</strong>
<a href="/news/2024/03/01/sungai-meluap">{RELATED["title"]}</a></div>
<p>{PARAGRAPHS[3]}</p>
</article></body></html>
"""
EXPECTED = {
    "title": "Warga Desa Sukamaju Gotong Royong Bersihkan Sungai",
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


def test_dates_compare_as_instants() -> None:
    assert same_instant("2021-06-16T17:04:00+07:00", "2021-06-16T10:04:00+00:00")
    assert not same_instant("2021-06-16T17:04:00-07:00", "2021-06-16T17:04:00+07:00")
    assert same_instant(None, None)
    assert not same_instant(None, "2021-06-16T17:04:00+07:00")


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
    assert "example/gotong-royong" in out
    assert "MEANS" in out
    assert "baca_juga" in out  # related links by kind
    assert "pass  example/soft-404: expected soft_404, got soft_404" in out

    status, report, _ = _eval_json(capsys, str(cases), "--pages", str(tmp_path))
    assert status == 0
    assert [case["name"] for case in report["cases"]] == ["example/gotong-royong"]
    assert set(report["cases"][0]["systems"]) == {
        "ours",
        "generic",
        "trafilatura",
        "trafilatura_precision",
    }
    assert report["means"]["ours"]["cases"] == 1  # the rejection case is not in the means
    assert report["rejections"] == [
        {"name": "example/soft-404", "expected": "soft_404", "got": "soft_404", "passed": True}
    ]
    assert report["means"]["trafilatura"]["related_precision"] is None


def test_floors_gate(cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = _eval_json(capsys, str(cases), "--pages", str(tmp_path))
    measured = report["means"]["ours"]["body_f1"]
    floors = tmp_path / "floors.json"

    floors.write_text(json.dumps({"ours": {"body_f1": measured}, "max_leaks": 0}))
    assert main(["eval", str(cases), "--floors", str(floors), "--pages", str(tmp_path)]) == 0
    assert "floors: all met" in capsys.readouterr().out

    floors.write_text(json.dumps({"ours": {"body_f1": measured + 0.01, "title_match": 0.0}}))
    assert main(["eval", str(cases), "--floors", str(floors), "--pages", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"floor failed: ours.body_f1: floor {measured + 0.01}, measured" in out
    assert "ours.title_match" not in out


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
    floors.write_text(json.dumps({"ours": {"body_f1": 0.5}, "max_leaks": 0}))
    status, report, err = _eval_json(capsys, str(root), "--floors", str(floors))
    assert status == 1
    assert report["means"]["ours"]["body_f1"] == 0.0
    assert "floor failed: ours.body_f1: floor 0.5, measured 0.0000" in err
    assert "floor failed: max_leaks (ours, total): floor 0, measured 1" in err
    assert [f["name"] for f in report["floors"]["failed"]] == [
        "ours.body_f1",
        "max_leaks (ours, total)",
    ]


def test_unknown_floor_is_an_error(cases: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"ours": {"body_f2": 0.9}}))
    assert main(["eval", str(cases), "--floors", str(floors)]) == 2


def test_real_page_cases_are_skipped_when_the_pages_folder_is_missing(
    cases: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = {"page": "example/gotong-royong.html", "url": URL}
    _write_case(tmp_path / "realpages" / "example" / "real", EXPECTED, meta)
    missing = tmp_path / "no-such-folder"
    args = [str(cases), str(tmp_path / "realpages"), "--pages", str(missing)]

    assert main(["eval", *args]) == 0
    out = capsys.readouterr().out
    assert f"skipped 1 real-page case(s): pages folder {missing} not found" in out
    assert "example/real" not in out

    status, report, err = _eval_json(capsys, *args)
    assert status == 0
    assert [case["name"] for case in report["cases"]] == ["example/gotong-royong"]
    assert report["skipped"] == [
        f"skipped 1 real-page case(s): pages folder {missing} not found (give --pages)"
    ]
    assert "skipped 1 real-page case(s)" in err

    pages = tmp_path / "pages"
    (pages / "example").mkdir(parents=True)
    (pages / "example" / "gotong-royong.html").write_text(PAGE, encoding="utf-8")
    _, report, _ = _eval_json(capsys, *args[:-1], str(pages))
    assert [case["name"] for case in report["cases"]] == [
        "example/gotong-royong",
        "example/real",
    ]
    assert report["skipped"] == []


def test_generic_below_trafilatura_on_a_case_fails_the_gate() -> None:
    def scored(f1: float) -> SystemScore:
        return SystemScore(body=PRF(f1, f1, f1), leaks=[])

    better = CaseScore(
        "a",
        {
            "ours": scored(1.0),
            "generic": scored(0.9),
            "trafilatura": scored(0.8),
            "trafilatura_precision": scored(0.8),
        },
    )
    worse = CaseScore(
        "b",
        {
            "ours": scored(1.0),
            "generic": scored(0.7),
            "trafilatura": scored(0.8),
            "trafilatura_precision": scored(0.8),
        },
    )
    floors = {"generic_not_below_trafilatura": True}
    assert check_floors(Report(cases=[better]), floors) == []
    [failure] = check_floors(Report(cases=[better, worse]), floors)
    assert failure.name.startswith("b:") and failure.measured == 0.7
