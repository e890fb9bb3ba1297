"""The `newscrawl clean` command, run as a real process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support.crawl import run_newscrawl
from tests.support.paths import FIXTURES

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
