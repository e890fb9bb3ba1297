"""Output files that never destroy data: an output may not name an input, a regular file is
written beside its target and renamed into place (a reader never sees half of it, an
interrupted run leaves the old file), and a special file (stdout, a device, a FIFO) is
written to directly, never replaced by a regular file."""

from __future__ import annotations

import contextlib
import gzip
import os
import signal
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO

STDOUT = "-"
"""The output name that means standard output."""


class OutputError(ValueError):
    """An output path that would overwrite an input, or cannot be written at all."""


def check_output(output: Path | str, inputs: Iterable[Path | str]) -> None:
    """Refuse an output that is one of the inputs (the same file, under any name) or lies
    inside an input folder."""
    if str(output) == STDOUT or is_special(output):
        return
    target = Path(output).expanduser()
    resolved = target.resolve()
    identity = _identity(target)
    for given in inputs:
        source = Path(given).expanduser()
        if identity is not None and identity == _identity(source):
            raise OutputError(f"the output {output} is the input {given}: refusing to overwrite it")
        if source.is_dir() and resolved.is_relative_to(source.resolve()):
            raise OutputError(f"the output {output} is inside the input folder {given}")


def is_special(output: Path | str) -> bool:
    """Standard output, a device, a FIFO or a socket: written to, never replaced."""
    text = str(output)
    if text == STDOUT or text.startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(text).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def atomic_output(output: Path | str) -> Iterator[IO[bytes]]:
    """A binary stream for `output`. A regular file is written to a hidden temporary file
    beside it, synced, and renamed over it when the block ends without an error; on an error
    or an interruption the temporary file is removed and the target left as it was. `-` is
    standard output; other special files are opened and written directly. A name ending in
    `.gz` is gzip-compressed with no timestamp and no name in its header (equal content,
    equal bytes)."""
    if str(output) == STDOUT:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(output).expanduser()
    if is_special(path):
        with path.open("wb") as raw:
            yield raw
        return
    if path.is_dir():
        raise OutputError(f"the output {output} is a folder")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("xb") as raw:
            if path.suffix == ".gz":
                with gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as packed:
                    yield packed  # type: ignore[misc]
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _mode_for(path: Path) -> int:
    """The permissions the target has, or what the umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def exit_on_termination() -> None:
    """Turn SIGTERM (and SIGHUP) into SystemExit, as Ctrl-C is turned into KeyboardInterrupt,
    so that a command stopped by a scheduler cleans up its temporary files as it unwinds."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)
