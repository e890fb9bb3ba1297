"""Worker processes for CPU-heavy calls, driven from the crawl's event loop.

Each worker has two pipes to the crawling process: calls go down one and results come back
up the other, as length-prefixed pickles, read and written by the event loop itself when a
pipe is ready. Pipes rather than a socket pair, because they cost less: reading a reply
from another core took 25-50 µs on a socket and 8-17 µs on a pipe (measured on 2-core
virtual machines, caches cold as in a crawl). The crawling process runs no helper threads,
so cleaning in the workers never competes with the crawl for the interpreter lock, and a
large page is never written while the loop waits. A worker gets up to CALLS_PER_WORKER
calls at a time; further calls wait in the pool, in order. A busy worker's replies are read
in batches (REPLY_PAUSE)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

logger = logging.getLogger(__name__)

RESUBMISSIONS = 2
"""How often a call is handed to another worker after the worker it was on died."""
STUCK_MARGIN = 10.0
"""Seconds beyond the time limit after which a worker is taken for hung and replaced."""
CALLS_PER_WORKER = 5
"""Calls a worker holds at a time: one it works on, the rest ready, enough to keep it busy
while its replies are held back (REPLY_PAUSE)."""
REPLY_PAUSE = 0.008
"""Seconds for which a worker's replies are left unread after one is read, while the worker
still has a call to work on. The crawling process then wakes once for several replies and
runs Scrapy's per-page code for them one after another, its caches warm, instead of waking
for each reply after a worker has run on its core. Measured on a 2,000-article replay on
2 cores (two sets of 5 alternating runs, medians): 85-120 µs less CPU a page in the
crawling process, 1-2% more pages a second. A reply waits at most this long, and only
while its worker is busy anyway."""
_HEADER = 8
_READ_SIZE = 64 * 1024
"""Bytes asked for in one read: below the size from which the C allocator maps fresh memory
for each buffer (128 KiB), which costs three system calls a read."""


class ExtractionTimeout(BaseException):
    """A call took longer than the time limit (or its worker kept dying).

    Not an Exception: the timer raises it wherever the call happens to be, often inside a
    library's `except Exception` (trafilatura's, dateparser's, the cleaner's date parsing),
    which would take it for a parsing failure and go on cleaning the page. As a
    BaseException it passes those by and ends the call, as a time limit should."""


def run_limited(call: Callable[[], Any], seconds: float) -> Any:
    """Run `call`, interrupted with ExtractionTimeout after `seconds` (where an interval
    timer can reach this process's main thread; elsewhere the call runs unlimited)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return call()
    previous = signal.signal(signal.SIGALRM, _expiry(seconds))
    try:
        return _under_timer(call, seconds)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _expiry(seconds: float) -> Callable[[int, object], None]:
    """A SIGALRM handler that ends the call under way."""

    def expire(_signum: int, _frame: object) -> None:
        raise ExtractionTimeout(f"cleaning took over {seconds:g} s")

    return expire


def _under_timer(call: Callable[[], Any], seconds: float) -> Any:
    """`call`, with the interval timer set to go off after `seconds` (the SIGALRM handler
    already in place)."""
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


@dataclass(eq=False)
class _Call:
    message: bytes
    future: asyncio.Future[Any]
    attempts: int = 0


@dataclass(eq=False)
class _Worker:
    process: Any
    calls_fd: int
    """Where calls are written (the crawling process's end of the pipe down)."""
    replies_fd: int
    """Where replies are read (the crawling process's end of the pipe up)."""
    calls: deque[_Call] = field(default_factory=deque)
    unsent: bytearray = field(default_factory=bytearray)
    received: bytearray = field(default_factory=bytearray)
    deadline: asyncio.TimerHandle | None = None
    resume: asyncio.TimerHandle | None = None
    """While its replies are held back: when the pool reads them again."""
    writing: bool = False


class ExtractionPool:
    """Runs picklable calls in `workers` processes, each call limited to `timeout` seconds
    (0: no limit).
    Workers fork from a server that has imported `preload`; each runs `setup` (a picklable
    callable) once before its first call, e.g. to open a file every call reads from.

    The limit is kept inside the worker (an interval timer interrupts the call), so a call
    that overruns costs only itself. A worker stuck where the timer cannot reach (deep in C
    code) is caught by a wider limit here: it is killed and replaced, and the call queued
    behind the stuck one goes to another worker. A worker that dies is replaced too: the call
    it was on is tried again (up to RESUBMISSIONS times), the one behind it goes on, so one
    page that crashes the cleaner costs only itself.
    """

    def __init__(
        self,
        workers: int,
        timeout: float,
        stuck_margin: float = STUCK_MARGIN,
        *,
        preload: str = "newscrawl.extraction",
        setup: Callable[[], None] | None = None,
    ) -> None:
        self.timeout = timeout
        self.stuck_margin = stuck_margin
        self.replaced = 0
        self._setup = setup
        self._context = worker_context(preload)
        self._waiting: deque[_Call] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._workers = [self._start_worker() for _ in range(workers)]

    async def run(self, call: Callable[[], Any]) -> Any:
        """The call's result (or its exception); ExtractionTimeout when it overran."""
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            for worker in self._workers:
                self._loop.add_reader(worker.replies_fd, self._on_readable, worker)
        message = pickle.dumps(call, pickle.HIGHEST_PROTOCOL)
        pending = _Call(message, self._loop.create_future())
        self._waiting.append(pending)
        self._dispatch()
        return await pending.future

    def close(self) -> None:
        """Stop every worker; calls still waiting are cancelled."""
        self._closed = True
        for worker in self._workers:
            self._stop(worker)
            for pending in worker.calls:
                pending.future.cancel()
        for pending in self._waiting:
            pending.future.cancel()
        self._workers.clear()
        self._waiting.clear()

    # -- workers -----------------------------------------------------------------------------

    def _start_worker(self) -> _Worker:
        calls_in, calls_out = multiprocessing.Pipe(duplex=False)
        replies_in, replies_out = multiprocessing.Pipe(duplex=False)
        process = self._context.Process(
            target=_serve, args=(calls_in, replies_out, self._setup, self.timeout), daemon=True
        )
        process.start()
        worker = _Worker(process, _own_fd(calls_out, False), _own_fd(replies_in, False))
        calls_in.close()
        replies_out.close()
        if self._loop is not None:
            self._loop.add_reader(worker.replies_fd, self._on_readable, worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        if self._loop is not None:
            self._loop.remove_reader(worker.replies_fd)
            self._loop.remove_writer(worker.calls_fd)
        if worker.deadline is not None:
            worker.deadline.cancel()
        if worker.resume is not None:
            worker.resume.cancel()
        os.close(worker.calls_fd)
        os.close(worker.replies_fd)
        if worker.calls and worker.process.is_alive():
            worker.process.kill()  # hung, or busy on a call nobody will collect

    def _replace(self, worker: _Worker, hung: bool) -> None:
        """Take a dead or hung worker out. The call it was on (the first of its queue) fails
        if it hung or has now killed workers too often, else goes to another worker, as do
        the calls queued behind it, which never started."""
        self._stop(worker)
        self._workers.remove(worker)
        self.replaced += 1
        limit = self.timeout + self.stuck_margin
        calls = list(worker.calls)
        for pending in reversed(calls):
            if pending.future.cancelled():
                continue
            if pending is calls[0] and hung:
                pending.future.set_exception(ExtractionTimeout(f"worker hung over {limit:g} s"))
            elif pending is calls[0] and pending.attempts >= RESUBMISSIONS:
                pending.future.set_exception(ExtractionTimeout("the workers kept dying on it"))
            else:
                pending.attempts += pending is calls[0]
                self._waiting.appendleft(pending)
        if not self._closed:
            self._workers.append(self._start_worker())
            self._dispatch()

    # -- sending -----------------------------------------------------------------------------

    def _dispatch(self) -> None:
        while self._waiting:
            worker = min(self._workers, key=lambda candidate: len(candidate.calls), default=None)
            if worker is None or len(worker.calls) >= CALLS_PER_WORKER:
                return
            pending = self._waiting.popleft()
            if pending.future.cancelled():
                continue
            worker.calls.append(pending)
            if len(worker.calls) == 1:
                self._watch(worker)
            worker.unsent += len(pending.message).to_bytes(_HEADER, "big")
            worker.unsent += pending.message
            self._send(worker)

    def _send(self, worker: _Worker) -> None:
        try:
            while worker.unsent:
                written = os.write(worker.calls_fd, worker.unsent)
                del worker.unsent[:written]
        except BlockingIOError:
            pass
        except OSError:  # the worker is gone; reading will find out and hand its calls on
            worker.unsent.clear()
        if worker.unsent and not worker.writing:
            self._loop.add_writer(worker.calls_fd, self._send, worker)
        elif not worker.unsent and worker.writing:
            self._loop.remove_writer(worker.calls_fd)
        worker.writing = bool(worker.unsent)

    def _watch(self, worker: _Worker) -> None:
        """Start the wide limit for the call at the head of the worker's queue."""
        if worker.deadline is not None:
            worker.deadline.cancel()
            worker.deadline = None
        if worker.calls and self.timeout > 0:
            worker.deadline = self._loop.call_later(
                self.timeout + self.stuck_margin, self._hung, worker
            )

    def _hung(self, worker: _Worker) -> None:
        logger.warning("replaced a cleaning worker stuck on a page (pid %s)", worker.process.pid)
        self._replace(worker, hung=True)

    # -- receiving ---------------------------------------------------------------------------

    def _on_readable(self, worker: _Worker) -> None:
        """One read each time the pipe is ready: the event loop calls again while data is
        left, and a read that would find nothing is a system call saved on every page."""
        try:
            chunk = os.read(worker.replies_fd, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:  # end of stream: the worker died
            logger.warning("a cleaning worker died (pid %s); replacing it", worker.process.pid)
            self._replace(worker, hung=False)
            return
        worker.received += chunk
        answered = False
        for message in _messages(worker.received):
            answered = True
            try:
                ok, value = pickle.loads(message)
            except Exception as error:  # e.g. an exception type that cannot be rebuilt here
                ok, value = False, RuntimeError(f"unreadable reply from a worker: {error!r}")
            pending = worker.calls.popleft()
            self._watch(worker)
            if not pending.future.cancelled():
                if ok:
                    pending.future.set_result(value)
                else:
                    pending.future.set_exception(value)
            self._dispatch()
        if answered and worker.calls:
            self._loop.remove_reader(worker.replies_fd)
            worker.resume = self._loop.call_later(REPLY_PAUSE, self._read_again, worker)

    def _read_again(self, worker: _Worker) -> None:
        worker.resume = None
        self._loop.add_reader(worker.replies_fd, self._on_readable, worker)


def worker_context(preload: str) -> BaseContext:
    """Processes forked from a fork server, started now, that imports `preload` once while
    the caller goes on: the workers inherit neither the reactor nor its threads, and each
    starts in milliseconds. Where there is no fork server, spawned processes."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    forkserver.ensure_running()
    return context


def _own_fd(connection: Connection, blocking: bool) -> int:
    """One end of a pipe as a file descriptor of the process's own (the Connection that
    held it is closed)."""
    fd = os.dup(connection.fileno())
    connection.close()
    os.set_blocking(fd, blocking)
    return fd


def _serve(
    calls: Connection,
    replies: Connection,
    setup: Callable[[], None] | None,
    seconds: float,
) -> None:
    """A worker: run `setup`, then each call that arrives, limited to `seconds` (0: no
    limit), and send back (True, result) or (False, error), until the crawling process
    closes its end. If `setup` fails, every call gets its error (a worker that died instead
    would only be replaced, again and again). The time limit's handler is set once, not
    set and restored around every call: Python's signal.signal took about 17 µs a call with
    the caches cold, as they are after cleaning a page."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    if seconds > 0:
        signal.signal(signal.SIGALRM, _expiry(seconds))
    calls_fd, replies_fd = _own_fd(calls, True), _own_fd(replies, True)
    setup_error = None
    try:
        if setup is not None:
            setup()
    except Exception as error:
        setup_error = error
    received = bytearray()
    while chunk := os.read(calls_fd, _READ_SIZE):
        received += chunk
        for message in _messages(received):
            if not _answer(replies_fd, message, setup_error, seconds):
                return


def _answer(
    fd: int, message: bytes | bytearray, setup_error: Exception | None, seconds: float
) -> bool:
    """Run one call and send back its outcome; False once the crawling process is gone."""
    try:
        if setup_error is not None:
            raise setup_error
        call = pickle.loads(message)
        reply = (True, _under_timer(call, seconds) if seconds > 0 else call())
    except (Exception, ExtractionTimeout) as error:  # the caller gets it, as if local
        reply = (False, error)
    try:
        message = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # an unpicklable result or exception
        message = pickle.dumps((False, RuntimeError(f"unpicklable reply: {error!r}")))
    try:
        _write_all(fd, len(message).to_bytes(_HEADER, "big") + message)
    except BrokenPipeError:
        return False
    return True


def _messages(received: bytearray) -> Iterator[bytearray]:
    """Each whole length-prefixed message at the start of `received`, taken out of it as it
    is handed on; an incomplete one stays for the next read."""
    while len(received) >= _HEADER:
        end = _HEADER + int.from_bytes(received[:_HEADER], "big")
        if len(received) < end:
            return
        message = received[_HEADER:end]
        del received[:end]
        yield message


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
