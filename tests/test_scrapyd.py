"""Scheduled crawls with Scrapyd: a real scrapyd on 127.0.0.1, the project deployed to it with
`deploy/scrapyd-deploy.sh` (scrapyd-client's scrapyd-deploy on a clean copy), `suara` scheduled
through schedule.json on the shipped archive, its items read back from Scrapyd's items feed."""

from __future__ import annotations

import configparser
import contextlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

import pytest

from newscrawl.portals import PORTALS
from tests.support.crawl import FAST

pytest.importorskip("scrapyd", reason="scrapyd is not installed (pip install -e '.[test]')")
pytest.importorskip(
    "scrapyd_client", reason="scrapyd-client is not installed (pip install -e '.[test]')"
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "fixtures" / "replay" / "suara.warc.gz"
EXPECTED = json.loads((ROOT / "fixtures" / "sites" / "suara" / "expected.json").read_text("utf-8"))
ARTICLE_PATHS = sorted(EXPECTED["articles"])
TARGET = "pytest"
"""The scrapyd-deploy target the test defines (in its own Scrapy config file, not scrapy.cfg)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _group_members(group: int) -> list[str]:
    """Processes still alive (not zombies) in a process group, from /proc: "pid command"."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        command, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        state, _parent, process_group = fields.split()[:3]
        if int(process_group) == group and state != "Z":
            alive.append(f"{stat.parent.name} {command}")
    return alive


@dataclass
class Scrapyd:
    """A scrapyd process of the test's own, in its own process group (with the crawls it
    starts), its folders in one directory."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def log(self) -> Path:
        return self.folder / "scrapyd.out"

    def environment(self) -> dict[str, str]:
        """No ~/.scrapyd.conf or ~/.scrapy.cfg of the user's, no NEWSCRAWL_* variable."""
        env = {
            name: value for name, value in os.environ.items() if not name.startswith("NEWSCRAWL_")
        }
        env.update(HOME=str(self.folder / "home"), XDG_CONFIG_HOME=str(self.folder / "xdg"))
        env.update(PYTHONUNBUFFERED="1")
        return env

    def start(self, timeout: float = 30) -> None:
        """Write its configuration, start it, wait until daemonstatus.json answers."""
        run = self.folder / "run"  # its working directory: scrapyd.conf is read from there
        for name in ("run", "home", "xdg"):
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        (run / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {self.folder / 'eggs'}\n"
            f"logs_dir = {self.folder / 'logs'}\n"
            f"items_dir = {self.folder / 'items'}\n"
            f"dbs_dir = {self.folder / 'dbs'}\n"
            "max_proc = 1\n"
            "poll_interval = 0.2\n",
            encoding="utf-8",
        )
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd", "--pidfile", str(self.folder / "scrapyd.pid")],
                cwd=run,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own: stop() ends it all
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"scrapyd exited at start:\n{self.output()}")
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"scrapyd did not answer within {timeout} s:\n{self.output()}")

    def stop(self) -> list[str]:
        """SIGTERM to scrapyd (it stops its crawls), SIGKILL to whatever of its group is left
        after 15 s; returns what was still running after the SIGTERM."""
        if self.process is None:
            return []
        group = self.process.pid
        try:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 15
        while (left := _group_members(group)) and time.monotonic() < deadline:
            time.sleep(0.1)
        if left:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait(timeout=15)
        self.process = None
        return left

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def fetch(self, path: str) -> bytes:
        """A page of its web UI, e.g. a job's log_url or items_url."""
        with urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.read()

    def get(self, endpoint: str, **query: str) -> dict[str, Any]:
        address = self.url + endpoint + ("?" + urlencode(query) if query else "")
        with urlopen(address, timeout=10) as response:
            return json.load(response)

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        with urlopen(self.url + endpoint, data=urlencode(fields).encode(), timeout=30) as response:
            return json.load(response)


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    """A running scrapyd; stopped at the end, whatever happened."""
    server = Scrapyd(tmp_path / "scrapyd", _free_port())
    try:
        server.start()
    except RuntimeError:
        server.stop()
        # the port taken meanwhile by someone else: once more on another one
        if "Address already in use" not in server.output():
            raise
        server = Scrapyd(tmp_path / "scrapyd-again", _free_port())
        server.start()
    try:
        yield server
    finally:
        left = server.stop()
        assert not left, f"processes still running after scrapyd's SIGTERM: {left}"


def _deploy(server: Scrapyd) -> dict[str, Any]:
    """`deploy/scrapyd-deploy.sh pytest`: a target defined in the Scrapy config file under
    XDG_CONFIG_HOME, which scrapyd-deploy reads besides scrapy.cfg (its targets untouched)."""
    (server.folder / "xdg" / "scrapy.cfg").write_text(
        f"[deploy:{TARGET}]\nurl = {server.url}\nproject = newscrawl\n", encoding="utf-8"
    )
    # scrapyd-deploy of the interpreter running the tests (its venv may not be on PATH)
    shim = server.folder / "scrapyd-deploy"
    shim.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m scrapyd_client.deploy "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    had_setup_py = (ROOT / "setup.py").exists()
    done = subprocess.run(
        [str(ROOT / "deploy" / "scrapyd-deploy.sh"), TARGET, "--version", "r1"],
        cwd=server.folder,
        env={**server.environment(), "SCRAPYD_DEPLOY": str(shim)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (ROOT / "setup.py").exists() == had_setup_py  # the checkout was left alone
    return json.loads(done.stdout.strip().splitlines()[-1])


def _wait_until_finished(server: Scrapyd, job: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = server.get("listjobs.json", project="newscrawl")
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return finished
        time.sleep(0.2)
    raise AssertionError(f"job {job} not finished after {timeout} s:\n{server.output()}")


def test_deploy_schedule_and_read_back_the_items(scrapyd: Scrapyd) -> None:
    response = _deploy(scrapyd)
    assert response == {**response, "status": "ok", "project": "newscrawl", "version": "r1"}
    listed = scrapyd.get("listspiders.json", project="newscrawl")["spiders"]
    assert sorted(listed) == sorted([*PORTALS, "news", "generic"])  # every spider, as `scrapy list`
    assert response["spiders"] == len(listed)

    # the egg: the package and the settings entry point, nothing else of the checkout
    [egg] = (scrapyd.folder / "eggs" / "newscrawl").glob("*.egg")
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert {"newscrawl/settings.py", "newscrawl/crawl/spiders.py"} <= names
    assert {name.split("/")[0] for name in names} == {"newscrawl", "EGG-INFO"}
    points = configparser.ConfigParser()
    points.read_string(entry_points)
    assert points["scrapy"]["settings"] == "newscrawl.settings"

    # Scrapyd's runner puts the egg first on sys.path: the crawl imports newscrawl from it, not
    # from the checkout (the egg alone is enough on a Scrapyd machine)
    code = (
        "from scrapyd.runner import project_environment\n"
        "with project_environment('newscrawl'):\n"
        "    import newscrawl.crawl.spiders as module\n"
        "print(module.__file__)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code],
        cwd=scrapyd.folder / "run",
        env={**scrapyd.environment(), "SCRAPY_PROJECT": "newscrawl"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert imported.stdout.strip().startswith(str(egg) + "/"), imported.stdout

    # the README's way: a job id of our own, its stats file named after it
    job = "suara-20191122T033000Z"
    stats_file = scrapyd.folder / "stats" / f"{job}.json"
    settings = {**FAST, "NEWSCRAWL_REPLAY": str(SHIPPED), "NEWSCRAWL_STATS_OUT": str(stats_file)}
    fields = [("project", "newscrawl"), ("spider", "suara"), ("jobid", job)]
    fields += [("setting", f"{name}={value}") for name, value in settings.items()]
    scheduled = scrapyd.post("schedule.json", fields)
    assert scheduled == {**scheduled, "status": "ok", "jobid": job}
    finished = _wait_until_finished(scrapyd, job)

    log = scrapyd.fetch(finished["log_url"]).decode("utf-8")
    assert "Spider closed (finished)" in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    items_file = scrapyd.folder / "items" / "newscrawl" / "suara" / f"{job}.jl"
    assert scrapyd.fetch(finished["items_url"]) == items_file.read_bytes()  # the same feed
    items = [json.loads(line) for line in items_file.read_text("utf-8").splitlines()]
    assert sorted(urlsplit(item["url"]).path for item in items) == ARTICLE_PATHS  # each once
    assert all(item["body"] and item["portal"] == "suara" for item in items)
    stats = json.loads(stats_file.read_text("utf-8"))
    assert stats["item_scraped_count"] == len(ARTICLE_PATHS)
    assert stats["finish_reason"] == "finished"

    # a job refused before crawling: Scrapyd sees its exit status, its log says why
    refused = scrapyd.post(
        "schedule.json",
        [*fields[:2], ("jobid", "refused"), ("url", "not-a-url"), ("setting", "LOG_LEVEL=INFO")],
    )
    assert refused["status"] == "ok", refused
    finished = _wait_until_finished(scrapyd, "refused")
    assert "-a url='not-a-url': expected an http:// or https:// URL" in scrapyd.fetch(
        finished["log_url"]
    ).decode("utf-8")
    assert re.search(r"Process died: exitstatus=2 .*job='refused'", scrapyd.output())
