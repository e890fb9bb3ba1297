"""The `newscrawl clean` command, run as a real process."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.support.crawl import run_newscrawl
from tests.support.paths import FIXTURES
from tests.support.story import PARAGRAPHS, TITLE

CASE = FIXTURES / "cases" / "suara" / "desktop-2019"


def test_one_page_prints_one_article() -> None:
    url = json.loads((CASE / "meta.json").read_text())["url"]
    done = run_newscrawl("clean", str(CASE / "page.html"), "--url", url)
    assert done.returncode == 0, done.stderr
    article = json.loads(done.stdout)
    expected = json.loads((CASE / "expected.json").read_text())
    assert article["title"] == expected["title"]
    assert article["body"].split("\n\n") == expected["body"]
    assert article["portal"] == "suara"
    assert list(article)[:4] == ["url", "title", "body", "related"]


def test_folder_gives_json_lines_naming_their_input(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for case in ("desktop-2019", "soft-404"):
        shutil.copy(FIXTURES / "cases" / "suara" / case / "page.html", pages / f"{case}.html")
    out = tmp_path / "out.jsonl"
    done = run_newscrawl("clean", str(pages), "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [Path(line["input"]).name for line in lines] == ["desktop-2019.html", "soft-404.html"]
    assert lines[1]["rejected"] == "soft_404" and "rejected" not in lines[0]
    assert "not an article (soft_404)" in done.stderr


def test_missing_file_is_a_clear_error() -> None:
    done = run_newscrawl("clean", "no/such/page.html")
    assert done.returncode == 2
    assert "no such file: no/such/page.html" in done.stderr
    assert "Traceback" not in done.stderr


def test_binary_input_does_not_crash(tmp_path: Path) -> None:
    page = tmp_path / "image.html"
    page.write_bytes(bytes(range(256)) * 64)
    done = run_newscrawl("clean", str(page))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rejected"] in {"unparseable", "empty_body", "too_short"}


MERDEKA_URL = "https://www.merdeka.com/peristiwa/warga-sukamaju-bersihkan-sungai.html"
PROMO = "Banyak orang hebat di sekitar kita. Ceritakan kisah mereka di Sosok Merdeka!"


def test_no_profile_cleans_without_the_portal_named_by_the_url(tmp_path: Path) -> None:
    """merdeka's profile knows its 'Sosok Merdeka' promo line; the generic cleaner alone does
    not, and it names no portal."""
    page = tmp_path / "merdeka.html"
    paragraphs = [PARAGRAPHS[0], PARAGRAPHS[1], PROMO, PARAGRAPHS[2]]
    page.write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        + "</article></body></html>",
        encoding="utf-8",
    )
    profiled = run_newscrawl("clean", str(page), "--url", MERDEKA_URL)
    assert profiled.returncode == 0, profiled.stderr
    with_profile = json.loads(profiled.stdout)
    assert with_profile["portal"] == "merdeka"
    assert with_profile["body"].split("\n\n") == PARAGRAPHS[:3]

    generic = run_newscrawl("clean", str(page), "--url", MERDEKA_URL, "--no-profile")
    assert generic.returncode == 0, generic.stderr
    without = json.loads(generic.stdout)
    assert without["portal"] is None
    assert without["url"] == MERDEKA_URL
    assert without["body"].split("\n\n") == paragraphs

    both = run_newscrawl("clean", str(page), "--portal", "merdeka", "--no-profile")
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["reextract", "fixtures/replay/suara.warc.gz", "-o", "-", "--workers", "-1"], "--workers"),
        (["reextract", "fixtures/replay/suara.warc.gz", "-o", "-", "--workers", "0"], "--workers"),
        (["reextract", "fixtures/replay/suara.warc.gz", "-o", "-", "--timeout", "-1"], "--timeout"),
        (
            ["reextract", "fixtures/replay/suara.warc.gz", "-o", "-", "--timeout", "soon"],
            "--timeout",
        ),
        (["clean", "fixtures/cases/suara/desktop-2019/page.html", "--url", "not a url"], "--url"),
        (
            ["clean", "fixtures/cases/suara/desktop-2019/page.html", "--url", "ftp://x.id/a"],
            "--url",
        ),
        (["export", "--store", "x.db", "-o", "-", "--since", "22-11-2019"], "--since"),
    ],
    ids=["workers -1", "workers 0", "timeout -1", "timeout word", "url", "ftp url", "date"],
)
def test_a_wrong_argument_is_named_with_its_value_and_nothing_runs(
    args: list[str], named: str
) -> None:
    done = run_newscrawl(*args, timeout=60)
    assert done.returncode == 2, done.stderr
    assert named in done.stderr and repr(args[-1]) in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_reextract_of_a_cut_archive_says_where_it_stops(tmp_path: Path) -> None:
    whole = (FIXTURES / "replay" / "suara.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    done = run_newscrawl("reextract", str(cut), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    assert re.search(r"ends inside a record at byte \d+", done.stderr)
    assert (tmp_path / "out.jsonl").read_text().count("\n") >= 1
