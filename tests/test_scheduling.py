"""Scheduled crawls with cron or systemd: `deploy/run-crawl.sh` run for real on the shipped
archive (its own feed and stats file per run, the store, the lock), and the example crontab line
and systemd units of `deploy/` checked."""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.crawl import FAST, start_in_foreground
from tests.support.siteserver import Delayed, SiteServer

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SCRIPT = DEPLOY / "run-crawl.sh"
SHIPPED = ROOT / "fixtures" / "replay" / "suara.warc.gz"
SITE = ROOT / "fixtures" / "sites" / "suara"
EXPECTED = json.loads((ROOT / "fixtures" / "sites" / "suara" / "expected.json").read_text("utf-8"))
ARTICLE_PATHS = sorted(EXPECTED["articles"])
STAMP = r"\d{8}T\d{6}Z"
WIB = timezone(timedelta(hours=7))
"""Suara's time (Western Indonesia, no daylight saving): the spider's date window is in it."""
EX_TEMPFAIL = 75
"""run-crawl.sh's exit status when another run holds the lock."""

pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("flock") is None,
    reason="run-crawl.sh needs bash and flock (util-linux)",
)


def _executable(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, Path]:
    """Where run-crawl.sh writes, all in tmp_path."""
    return {
        "feeds": tmp_path / "feeds",
        "stats": tmp_path / "stats",
        "lock": tmp_path / "locks" / "suara.lock",
        "store": tmp_path / "articles.db",
    }


def _environment(tmp_path: Path, paths: dict[str, Path], scrapy: Path) -> dict[str, str]:
    """The test's environment without any NEWSCRAWL_* variable, then run-crawl.sh's."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("NEWSCRAWL_")}
    env.update(
        NEWSCRAWL_HOME=str(ROOT),
        NEWSCRAWL_SCRAPY=str(scrapy),
        NEWSCRAWL_DATA=str(tmp_path / "data"),
        NEWSCRAWL_FEED_DIR=str(paths["feeds"]),
        NEWSCRAWL_STATS_DIR=str(paths["stats"]),
        NEWSCRAWL_LOCK=str(paths["lock"]),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def scrapy_command(tmp_path: Path) -> Path:
    """`scrapy` of the interpreter running the tests (its venv may not be on PATH)."""
    return _executable(
        tmp_path / "python-m-scrapy",
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m scrapy "$@"\n',
    )


def _run(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), "suara", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _fast_arguments(**settings: str) -> list[str]:
    """The FAST settings and `settings` as -s arguments."""
    return [
        part for name, value in {**FAST, **settings}.items() for part in ("-s", f"{name}={value}")
    ]


def _replay_arguments() -> list[str]:
    """Crawl the shipped archive, quickly; stored articles are fetched again all the same."""
    return _fast_arguments(NEWSCRAWL_REPLAY=str(SHIPPED), NEWSCRAWL_RECHECK_DAYS="-1")


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_each_run_writes_its_own_feed_and_stats_and_fills_the_store(
    tmp_path: Path, paths: dict[str, Path], scrapy_command: Path
) -> None:
    """Two runs as cron or systemd start them (no date window: the archive is from 2019)."""
    env = _environment(tmp_path, paths, scrapy_command)
    env.update(NEWSCRAWL_DAYS="0", NEWSCRAWL_STORE=str(paths["store"]))
    stamps = []
    for run in (1, 2):
        done = _run(env, *_replay_arguments())
        assert done.returncode == 0, done.stderr[-3000:]
        feeds, stats = _files(paths["feeds"]), _files(paths["stats"])
        assert len(feeds) == len(stats) == run, (feeds, stats)  # a new pair, nothing replaced
        feed, stats_file = feeds[-1], stats[-1]  # the names sort by start time
        match = re.fullmatch(rf"suara-({STAMP})\.jsonl", feed.name)
        assert match, feed.name
        assert stats_file.name == f"suara-{match[1]}.json"  # the same time in both names
        stamps.append(match[1])

        items = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
        assert sorted(urlsplit(item["url"]).path for item in items) == ARTICLE_PATHS
        crawl_stats = json.loads(stats_file.read_text("utf-8"))
        assert crawl_stats["finish_reason"] == "finished"
        assert crawl_stats["item_scraped_count"] == len(ARTICLE_PATHS)
        assert crawl_stats["newscrawl/replay/served"] > 0
    assert stamps[0] < stamps[1]
    assert not [p.name for p in paths["feeds"].iterdir() if p.name.startswith(".")]  # no .part

    with sqlite3.connect(paths["store"]) as db:  # NEWSCRAWL_STORE reached both crawls
        [(stored,)] = db.execute("SELECT count(*) FROM articles").fetchall()
        [(run_rows,)] = db.execute("SELECT count(*) FROM runs").fetchall()
    assert (stored, run_rows) == (len(ARTICLE_PATHS), 2)


@pytest.fixture
def held_lock(paths: dict[str, Path]) -> Iterator[Path]:
    """The lock file, held the way a running crawl holds it (flock, exclusive)."""
    paths["lock"].parent.mkdir(parents=True)
    with paths["lock"].open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield paths["lock"]
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def test_a_run_is_refused_while_another_holds_the_lock(
    tmp_path: Path, paths: dict[str, Path], held_lock: Path
) -> None:
    crawled = tmp_path / "crawl-started"
    never = _executable(tmp_path / "scrapy", f"#!/bin/sh\ntouch {shlex.quote(str(crawled))}\n")
    env = {**_environment(tmp_path, paths, never), "NEWSCRAWL_DAYS": "0"}
    done = _run(env, *_replay_arguments(), timeout=30)
    assert done.returncode == EX_TEMPFAIL, done.stderr
    assert f"holds {held_lock}" in done.stderr
    assert not crawled.exists()
    assert _files(paths["feeds"]) == [] and _files(paths["stats"]) == []


def test_the_lock_is_free_again_after_a_run(tmp_path: Path, paths: dict[str, Path]) -> None:
    """A run that failed releases the lock too, and its exit status is the crawl's."""
    failing = _executable(tmp_path / "failing-scrapy", "#!/bin/sh\nexit 3\n")
    env = {**_environment(tmp_path, paths, failing), "NEWSCRAWL_DAYS": "0"}
    assert _run(env, timeout=30).returncode == 3
    with paths["lock"].open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if held


def test_the_command_it_runs(tmp_path: Path, paths: dict[str, Path]) -> None:
    """The default window (yesterday and today in WIB), the store, and extra arguments last."""
    record = tmp_path / "arguments.txt"
    fake = _executable(
        tmp_path / "fake-scrapy", f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {shlex.quote(str(record))}\n"
    )
    env = _environment(tmp_path, paths, fake)
    env["NEWSCRAWL_STORE"] = "/var/lib/newscrawl/articles.db"
    before = datetime.now(WIB).date()
    done = _run(env, "-s", "LOG_LEVEL=WARNING", timeout=30)
    after = datetime.now(WIB).date()
    assert done.returncode == 0, done.stderr
    arguments = record.read_text("utf-8").splitlines()
    assert arguments[:2] == ["crawl", "suara"]
    assert arguments[-2:] == ["-s", "LOG_LEVEL=WARNING"]
    pairs = list(zip(arguments[2::2], arguments[3::2], strict=True))
    since = [value for flag, value in pairs if flag == "-a" and value.startswith("since=")]
    assert since in ([f"since={day - timedelta(days=1)}"] for day in {before, after})
    settings = dict(value.split("=", 1) for flag, value in pairs if flag == "-s")
    assert settings["NEWSCRAWL_STORE"] == "/var/lib/newscrawl/articles.db"
    [(feed_uri, feed_options)] = json.loads(settings["FEEDS"]).items()
    assert feed_options == {"format": "jsonlines"}
    assert re.fullmatch(rf"{re.escape(str(paths['feeds']))}/\.suara-{STAMP}\.jsonl\.part", feed_uri)
    stamp = feed_uri.rsplit("/.suara-", 1)[1].split(".")[0]
    assert settings["NEWSCRAWL_STATS_OUT"] == str(paths["stats"] / f"suara-{stamp}.json")


@pytest.mark.parametrize("how", ["SIGTERM to run-crawl.sh", "Ctrl-C (SIGINT to the group)"])
def test_a_stop_signal_reaches_the_crawl_once(
    tmp_path: Path, paths: dict[str, Path], how: str
) -> None:
    """Scrapy stops cleanly on the first SIGTERM and at once on the second: run-crawl.sh passes
    one on (hence KillMode=mixed in the service: systemd signals run-crawl.sh alone)."""
    record, ready = tmp_path / "signals.txt", tmp_path / "ready"
    crawl = _executable(
        tmp_path / "slow-scrapy",
        "#!/bin/sh\n"
        f"trap 'echo TERM >> {shlex.quote(str(record))}; n=40' TERM\n"
        f"trap 'echo INT >> {shlex.quote(str(record))}; n=40' INT\n"
        f"touch {shlex.quote(str(ready))}\n"
        "n=0\n"
        "while [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done\n",
    )
    env = {**_environment(tmp_path, paths, crawl), "NEWSCRAWL_DAYS": "0"}
    wrapper = start_in_foreground([str(SCRIPT), "suara"], env)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists()
        if how.startswith("SIGTERM"):
            wrapper.send_signal(signal.SIGTERM)
        else:
            os.killpg(wrapper.pid, signal.SIGINT)
        _, stderr = wrapper.communicate(timeout=30)
    finally:
        if wrapper.poll() is None:
            os.killpg(wrapper.pid, signal.SIGKILL)
            wrapper.wait()
    assert wrapper.returncode == 0, stderr
    assert record.read_text().split() == ["TERM"]  # one signal, a SIGTERM (Scrapy's graceful)


@pytest.mark.parametrize(
    ("case", "arguments", "status"),
    [
        # the stats file's name, filled in, is a folder (made below)
        ("stats file not written", ["-s", "NEWSCRAWL_STATS_OUT={tmp}/stats-%(name)s.json"], 4),
        ("refused before crawling", ["-a", "url=not-a-url"], 2),
    ],
)
def test_a_crawl_that_fails_leaves_no_feed_under_the_final_name(
    tmp_path: Path,
    paths: dict[str, Path],
    scrapy_command: Path,
    case: str,
    arguments: list[str],
    status: int,
) -> None:
    """The crawl's own status comes out of run-crawl.sh, and a feed is renamed to its final
    name only after a crawl that exited 0: here the whole crawl ran but its stats file could
    not be written (the feed stays .part), or it was refused before it wrote anything."""
    env = {**_environment(tmp_path, paths, scrapy_command), "NEWSCRAWL_DAYS": "0"}
    (tmp_path / "stats-suara.json").mkdir()
    done = _run(env, *_replay_arguments(), *(part.format(tmp=tmp_path) for part in arguments))
    assert done.returncode == status, done.stderr[-3000:]
    assert f"crawl ended with status {status}" in done.stderr
    feeds = _files(paths["feeds"])
    assert not [feed for feed in feeds if not feed.name.endswith(".part")]
    if status == 2:
        assert feeds == []
        return
    [partial] = feeds
    assert f"its feed stays at {partial}" in done.stderr
    items = [json.loads(line) for line in partial.read_text("utf-8").splitlines()]
    assert sorted(urlsplit(item["url"]).path for item in items) == ARTICLE_PATHS


def test_a_crawl_killed_outright_leaves_its_feed_partial(
    tmp_path: Path, paths: dict[str, Path]
) -> None:
    """SIGKILL to the crawl while it runs (the OOM killer, `kill -9`): no feed under the final
    name, the partial one kept, run-crawl.sh's status 137 (128 + SIGKILL)."""
    pid_file = tmp_path / "crawl.pid"
    scrapy = _executable(
        tmp_path / "scrapy-with-pid",
        f"#!/bin/sh\necho $$ > {shlex.quote(str(pid_file))}\n"
        f'exec {shlex.quote(sys.executable)} -m scrapy "$@"\n',
    )
    env = {**_environment(tmp_path, paths, scrapy), "NEWSCRAWL_DAYS": "0"}
    slow = Delayed(lambda target: target.count("/") >= 5, seconds=30, fast=3)  # articles
    with SiteServer(SITE, policy=slow) as server:
        wrapper = start_in_foreground(
            [str(SCRIPT), "suara", "-a", f"base_url={server.base_url}", *_fast_arguments()], env
        )
        try:
            deadline = time.monotonic() + 120
            while not _files(paths["feeds"]):  # made when the first article is exported
                assert time.monotonic() < deadline and wrapper.poll() is None, "no article yet"
                time.sleep(0.05)
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
            _, stderr = wrapper.communicate(timeout=60)
        finally:
            if wrapper.poll() is None:
                os.killpg(wrapper.pid, signal.SIGKILL)
                wrapper.wait()
    assert wrapper.returncode == 128 + signal.SIGKILL, stderr
    [partial] = _files(paths["feeds"])
    assert re.fullmatch(rf"\.suara-{STAMP}\.jsonl\.part", partial.name)
    assert _files(paths["stats"]) == []


# -- the example files ------------------------------------------------------------------------

CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12),
               ("day of week", 0, 7))  # fmt: skip


def _cron_values(field: str, low: int, high: int) -> set[int]:
    """The values a numeric crontab time field stands for; ValueError if it is not one."""
    values: set[int] = set()
    for item in field.split(","):
        match = re.fullmatch(r"(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?", item)
        if not match:
            raise ValueError(f"not a crontab time field: {field!r}")
        start, end = (low, high) if match[1] == "*" else (int(match[2]), int(match[3] or match[2]))
        step = int(match[4] or 1)
        if match[4] and not match[3] and match[1] != "*":
            end = high  # "5/15": from 5 to the end
        if not low <= start <= end <= high or step < 1:
            raise ValueError(f"out of range {low}-{high}: {field!r}")
        values.update(range(start, end + 1, step))
    return values


def test_crontab_line_parses() -> None:
    lines = (DEPLOY / "crontab").read_text("utf-8").splitlines()
    entries = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    jobs = [line for line in entries if not re.match(r"\s*[A-Za-z_]\w*\s*=", line)]
    assert len(jobs) == 1, jobs
    *times, command = jobs[0].split(None, 5)
    assert len(times) == 5 and command, jobs[0]
    values = [
        _cron_values(field, low, high)
        for field, (_, low, high) in zip(times, CRON_FIELDS, strict=True)
    ]
    assert values[0] == {0, 30}  # every 30 minutes
    assert values[1:] == [set(range(low, high + 1)) for _, low, high in CRON_FIELDS[1:]]
    # cron turns an unescaped % into a line break (the rest of the line becomes stdin)
    assert not re.search(r"(?<!\\)%", command), command
    words = shlex.split(command)
    assert words[-2:] == [">>/var/lib/newscrawl/logs/cron.log", "2>&1"]
    environment = dict(word.split("=", 1) for word in words if re.match(r"[A-Z_]+=", word))
    assert environment["NEWSCRAWL_STORE"] == "/var/lib/newscrawl/articles.db"
    assert environment["NEWSCRAWL_DAYS"] == "2"
    program = words[len(environment)]
    assert program.endswith("/deploy/run-crawl.sh") and words[len(environment) + 1] == "news"
    for readme in (ROOT / "README.md", DEPLOY / "README.md"):  # the line they show is this one
        assert " ".join(jobs[0].split()) in readme.read_text("utf-8"), readme


def _unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values]}} (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in (DEPLOY / name).read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, value = line.split("=", 1)
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def verify_units(tmp_path: Path, unit_names: list[str], instance: str) -> str:
    """`systemd-analyze verify` on units of deploy/ (templates as `instance`), their
    /opt/newscrawl paths made this checkout; the tool's path. Skips where it cannot run."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed on this machine")
    names = []
    for name in unit_names:
        text = (DEPLOY / name).read_text("utf-8").replace("/opt/newscrawl", str(ROOT))
        named = name.replace("@.", f"@{instance}.")
        (tmp_path / named).write_text(text.replace("%i", instance), encoding="utf-8")
        names.append(named)
    done = subprocess.run(
        [analyze, "verify", "--man=no", *(str(tmp_path / name) for name in names)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = done.stdout + done.stderr
    about_ours = [line for line in output.splitlines() if any(name in line for name in names)]
    assert not about_ours, output  # any warning about our units is a mistake in them
    if done.returncode != 0:  # only complaints about other units: this machine's systemd
        pytest.skip(f"systemd-analyze verify cannot run here: {output.strip()[-500:]}")
    return analyze


UNITS = [
    ("newscrawl-news.service", "newscrawl-news.timer", "news"),  # every portal in one crawl
    ("newscrawl-crawl@.service", "newscrawl-crawl@.timer", "%i"),  # one portal: the instance
]


@pytest.mark.parametrize(("service_name", "timer_name", "spider"), UNITS)
def test_systemd_units_say_what_the_schedule_needs(
    service_name: str, timer_name: str, spider: str
) -> None:
    service, timer = _unit(service_name), _unit(timer_name)
    assert service["Service"]["Type"] == ["oneshot"]
    assert service["Service"]["WorkingDirectory"] == ["/opt/newscrawl"]
    assert service["Service"]["ExecStart"] == [f"/opt/newscrawl/deploy/run-crawl.sh {spider}"]
    environment = dict(value.split("=", 1) for value in service["Service"]["Environment"])
    assert environment["NEWSCRAWL_SCRAPY"] == "/opt/newscrawl/.venv/bin/scrapy"
    assert environment["NEWSCRAWL_STORE"] == "/var/lib/newscrawl/articles.db"
    assert environment["NEWSCRAWL_DAYS"] == "2"
    assert service["Service"]["KillMode"] == ["mixed"]  # run-crawl.sh passes SIGTERM on once
    assert timer["Timer"]["Persistent"] == ["true"]
    assert timer["Timer"]["RandomizedDelaySec"]
    assert timer["Timer"]["OnCalendar"] or timer["Timer"]["OnUnitActiveSec"]
    assert timer["Timer"]["Unit"] == [service_name.replace("@.", f"@{spider}.")]
    assert timer["Install"]["WantedBy"] == ["timers.target"]


@pytest.mark.parametrize(("service_name", "timer_name", "spider"), UNITS)
def test_systemd_units_verify(
    tmp_path: Path, service_name: str, timer_name: str, spider: str
) -> None:
    """`systemd-analyze verify` on the units (a portal's instance for the template), their
    /opt/newscrawl paths made this checkout (it checks that ExecStart's program exists), and
    the timer's calendar expression."""
    analyze = verify_units(tmp_path, [service_name, timer_name], "detik")

    [calendar] = _unit(timer_name)["Timer"]["OnCalendar"]
    done = subprocess.run(
        [analyze, "calendar", "--iterations=4", calendar],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = re.findall(r"(?:Next elapse|Iter\. #\d+): \w+ (\S+ \S+)", done.stdout)
    times = [datetime.strptime(found_time, "%Y-%m-%d %H:%M:%S") for found_time in found]
    assert len(times) == 4, done.stdout
    assert {later - earlier for earlier, later in itertools.pairwise(times)} == {
        timedelta(minutes=30)
    }
    assert {moment.minute for moment in times} == {0, 30}


def test_distributed_units_say_what_a_fleet_needs(tmp_path: Path) -> None:
    """The worker template keeps a worker up (restarted, never closing when idle, stopped
    cleanly) on the fleet's settings; the enqueue timer feeds every portal every 5 minutes;
    `systemd-analyze verify` finds nothing wrong with them where it runs."""
    worker = _unit("newscrawl-worker@.service")["Service"]
    assert worker["ExecStart"] == [
        "/opt/newscrawl/deploy/run-worker.sh -s NEWSCRAWL_REDIS_IDLE_CLOSE=0"
    ]
    assert worker["Restart"] == ["always"] and worker["KillMode"] == ["mixed"]
    assert worker["EnvironmentFile"] == ["/etc/default/newscrawl-worker"]
    enqueue, timer = _unit("newscrawl-enqueue.service"), _unit("newscrawl-enqueue.timer")
    assert enqueue["Service"]["ExecStart"] == ["/opt/newscrawl/.venv/bin/newscrawl enqueue all"]
    assert timer["Timer"]["OnCalendar"] == ["*-*-* *:00/5:00"]
    verify_units(
        tmp_path,
        ["newscrawl-worker@.service", "newscrawl-enqueue.service", "newscrawl-enqueue.timer"],
        "1",
    )


def test_run_worker_refuses_to_start_without_the_fleets_settings(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "NEWSCRAWL_STORE": "postgresql://x@127.0.0.1/news"}
    done = subprocess.run(
        [str(DEPLOY / "run-worker.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 64 and "NEWSCRAWL_REDIS_URL is not set" in done.stderr
