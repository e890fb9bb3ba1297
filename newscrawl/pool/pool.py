"""Worker processes for CPU-heavy calls, driven from an event loop (the crawl's, or
`reextract`'s).

Each worker has two pipes to the calling process: calls go down one and results come back up
the other, as length-prefixed pickles, read and written by the event loop itself when a pipe
is ready. The calling process runs no helper threads, so cleaning in the workers never
competes with the crawl for the interpreter lock, and a large page is never written while
the loop waits. A worker gets up to CALLS_PER_WORKER calls at a time; further calls wait in
the pool, in order."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from typing import Any

from newscrawl.pool.worker import HEADER, READ_SIZE, ExtractionTimeout, messages, own_fd, serve

logger = logging.getLogger(__name__)

RESUBMISSIONS = 2
"""How often a call is handed to another worker after the worker it was on died."""
STUCK_MARGIN = 10.0
"""Seconds beyond the time limit after which a worker is taken for hung and replaced."""
CALLS_PER_WORKER = 5
"""Calls a worker holds at a time: one it works on, the rest ready, so that it never waits
for the event loop between two calls."""


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
        preload: str = "newscrawl.portals",
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
            target=serve, args=(calls_in, replies_out, self._setup, self.timeout), daemon=True
        )
        process.start()
        worker = _Worker(process, own_fd(calls_out, False), own_fd(replies_in, False))
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
            worker.unsent += len(pending.message).to_bytes(HEADER, "big")
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
            chunk = os.read(worker.replies_fd, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:  # end of stream: the worker died
            logger.warning("a cleaning worker died (pid %s); replacing it", worker.process.pid)
            self._replace(worker, hung=False)
            return
        worker.received += chunk
        for message in messages(worker.received):
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


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
