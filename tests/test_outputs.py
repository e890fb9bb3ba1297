"""No `newscrawl` command destroys a user's data: an output that names an input is refused
(exit 2, the input untouched), a regular output is replaced only once it is complete, special
outputs (stdout, devices, FIFOs) are written to and never replaced, and an interrupted run
leaves neither a half-written output nor a hidden temporary file."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newscrawl.items import Article
from newscrawl.store import Store
from tests.support.corpus import write_site_archive
from tests.support.crawl import run_newscrawl, start_in_foreground
from tests.support.paths import FIXTURES, ROOT

PAGE = FIXTURES / "cases" / "suara" / "desktop-2019" / "page.html"
ARCHIVE = FIXTURES / "replay" / "suara.warc.gz"


def refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr


def test_clean_refuses_to_write_over_its_page(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    shutil.copy(PAGE, page)
    refused(run_newscrawl("clean", str(page), "-o", str(page)), "is the input")
    assert page.read_bytes() == PAGE.read_bytes()


def test_clean_refuses_the_same_file_under_another_name(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    shutil.copy(PAGE, page)
    (tmp_path / "link.html").symlink_to(page)
    os.link(page, tmp_path / "hard.html")
    for other in ("link.html", "hard.html"):
        refused(run_newscrawl("clean", str(page), "-o", str(tmp_path / other)), "is the input")
    assert page.read_bytes() == PAGE.read_bytes()


def test_clean_refuses_an_output_inside_its_input_folder(tmp_path: Path) -> None:
    shutil.copy(PAGE, tmp_path / "p.html")
    done = run_newscrawl("clean", str(tmp_path), "-o", str(tmp_path / "sub" / "out.jsonl"))
    refused(done, "inside the input folder")
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["p.html"]


def test_export_refuses_to_write_over_its_store(tmp_path: Path) -> None:
    store_file = tmp_path / "articles.db"
    Store(str(store_file)).close()
    before = store_file.read_bytes()
    refused(run_newscrawl("export", "--store", str(store_file), "-o", str(store_file)), "input")
    assert store_file.read_bytes() == before


def test_reextract_refuses_to_write_over_its_archive(tmp_path: Path) -> None:
    archive = tmp_path / "a.warc.gz"
    shutil.copy(ARCHIVE, archive)
    refused(run_newscrawl("reextract", str(archive), "-o", str(archive)), "is the input")
    assert archive.read_bytes() == ARCHIVE.read_bytes()


@pytest.mark.parametrize("content", [b"", b"<html><body>not an archive</body></html>"])
def test_reextract_refuses_a_file_that_is_no_archive_and_keeps_the_old_output(
    tmp_path: Path, content: bytes
) -> None:
    fake = tmp_path / "a.warc.gz"
    fake.write_bytes(content)
    output = tmp_path / "out.jsonl"
    output.write_text('{"earlier": "run"}\n')
    refused(run_newscrawl("reextract", str(fake), "-o", str(output)), "not a WARC archive")
    assert output.read_text() == '{"earlier": "run"}\n'


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_standard_output_is_written_to(target: str) -> None:
    done = run_newscrawl("clean", str(PAGE), "-o", target)
    assert done.returncode == 0, done.stderr
    assert '"title":' in done.stdout


def one_article_store(folder: Path) -> Path:
    store_file = folder / "articles.db"
    with Store(str(store_file)) as store:
        store.write([Article(url="https://www.suara.com/news/2019/11/22/100500/x", title="T")])
    return store_file


def test_export_to_standard_output(tmp_path: Path) -> None:
    done = run_newscrawl("export", "--store", str(one_article_store(tmp_path)), "-o", "-")
    assert done.returncode == 0, done.stderr
    assert '"title": "T"' in done.stdout


@pytest.mark.parametrize("command", ["clean", "export"])
def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    if command == "clean":
        done = run_newscrawl("clean", str(PAGE), "-o", str(fifo))
    else:
        done = run_newscrawl("export", "--store", str(one_article_store(tmp_path)), "-o", str(fifo))
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert received and b'"title":' in received[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_is_a_clear_error_and_stays_a_device() -> None:
    done = run_newscrawl("clean", str(PAGE), "-o", "/dev/full")
    assert done.returncode == 1
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_an_interrupted_reextract_leaves_the_old_output_and_no_temporary_file(
    tmp_path: Path, stop: signal.Signals
) -> None:
    archive = tmp_path / "site.warc.gz"
    write_site_archive(archive, 400)
    output = tmp_path / "out.jsonl"
    output.write_text('{"earlier": "run"}\n')
    command = [sys.executable, "-m", "newscrawl.cli", "reextract", str(archive)]
    process = start_in_foreground(
        [*command, "-o", str(output), "--workers", "1"], dict(os.environ), cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.02)  # the temporary output exists: the run is writing
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + stop, stderr
    assert "Traceback" not in stderr
    assert output.read_text() == '{"earlier": "run"}\n'
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.jsonl", "site.warc.gz"]
