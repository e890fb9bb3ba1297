"""The worker's side of the pool: a loop that runs each call it is sent under a time limit and
sends back its outcome; the framing of messages on the pipes both sides share."""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

HEADER = 8
"""Bytes of the length that precedes each message on a pipe."""
READ_SIZE = 64 * 1024
"""Bytes asked for in one read of a pipe."""


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


class _Deadline:
    """Whether the time limit of the call under way has passed. Set by the SIGALRM handler
    before it raises: a library that swallows the exception (warcio, for one, decodes header
    lines inside a bare `except:`) cannot make an overrun call count as finished."""

    passed = False


def _expiry(seconds: float) -> Callable[[int, object], None]:
    """A SIGALRM handler that ends the call under way."""

    def expire(_signum: int, _frame: object) -> None:
        _Deadline.passed = True
        raise ExtractionTimeout(f"cleaning took over {seconds:g} s")

    return expire


def _under_timer(call: Callable[[], Any], seconds: float) -> Any:
    """`call`, with the interval timer set to go off after `seconds` (the SIGALRM handler
    already in place); ExtractionTimeout when it went off, even if the call caught it."""
    _Deadline.passed = False
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if _Deadline.passed:
        raise ExtractionTimeout(f"cleaning took over {seconds:g} s")
    return result


def own_fd(connection: Connection, blocking: bool) -> int:
    """One end of a pipe as a file descriptor of the process's own (the Connection that
    held it is closed)."""
    fd = os.dup(connection.fileno())
    connection.close()
    os.set_blocking(fd, blocking)
    return fd


def serve(
    calls: Connection,
    replies: Connection,
    setup: Callable[[], None] | None,
    seconds: float,
) -> None:
    """A worker: run `setup`, then each call that arrives, limited to `seconds` (0: no
    limit), and send back (True, result) or (False, error), until the crawling process
    closes its end. If `setup` fails, every call gets its error (a worker that died instead
    would only be replaced, again and again). The time limit's handler is set once, not
    set and restored around every call."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    if seconds > 0:
        signal.signal(signal.SIGALRM, _expiry(seconds))
    calls_fd, replies_fd = own_fd(calls, True), own_fd(replies, True)
    setup_error = None
    try:
        if setup is not None:
            setup()
    except Exception as error:
        setup_error = error
    received = bytearray()
    while chunk := os.read(calls_fd, READ_SIZE):
        received += chunk
        for message in messages(received):
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
        _write_all(fd, len(message).to_bytes(HEADER, "big") + message)
    except BrokenPipeError:
        return False
    return True


def messages(received: bytearray) -> Iterator[bytearray]:
    """Each whole length-prefixed message at the start of `received`, taken out of it as it
    is handed on; an incomplete one stays for the next read."""
    while len(received) >= HEADER:
        end = HEADER + int.from_bytes(received[:HEADER], "big")
        if len(received) < end:
            return
        message = received[HEADER:end]
        del received[:end]
        yield message


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
