"""Serve a static mirror of a portal (a folder with routes.json) over real HTTP on 127.0.0.1.

routes.json maps the request target exactly as requested (path plus query string) to a route:

    {"routes": {
        "/robots.txt": {"file": "robots.txt", "type": "text/plain; charset=utf-8"},
        "/news/2019/11/22/091500/slug": {"file": "articles/slug.html"},
        "/news/2019/11/22/091500/slug?page=2": {"file": "articles/slug-page-2.html"},
        "/broken": {"status": 500},
        "/moved": {"status": 301, "headers": {"Location": "{{BASE}}/news"}}
    }}

`status` defaults to 200, `type` to "text/html; charset=utf-8"; `headers` adds response
headers; `body` is inline text used instead of `file`. A route with neither answers a short
page naming its status. Any other target answers 404. In text bodies (text/*, XML, JSON,
JavaScript) and in header values, `{{BASE}}` becomes the server's origin
("http://127.0.0.1:PORT"), so pages, sitemaps, feeds and robots.txt point at the mirror.

Every request is recorded (method, target, user agent, status) in `SiteServer.requests`
and, with a log file, as one JSON line per request.

In-process:   with SiteServer(site_dir) as server: fetch(server.base_url + "/rss")
Subprocess:   python -m tests.support.siteserver SITE_DIR [--port N] [--log FILE]
              prints "listening on http://127.0.0.1:PORT" and serves until killed.

Who decides an answer: `Policy.respond(request, site, base, handler)`. The default policy serves the
route as written; `Delayed` answers some targets late; a fault-injecting policy (5xx, 429,
slow or cut responses) is a subclass passed as `SiteServer(..., policy=...)`. stdlib only.
"""

from __future__ import annotations

import argparse
import html
import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

PLACEHOLDER = "{{BASE}}"
DEFAULT_TYPE = "text/html; charset=utf-8"
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Request:
    """What the client asked for."""

    method: str
    target: str
    """Path plus query string, exactly as requested ("/indeks?page=2")."""
    user_agent: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    """What the server answers: status, headers (Content-Type included) and body."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def is_text(content_type: str) -> bool:
    """Whether a body of this type gets `{{BASE}}` replaced."""
    main = content_type.split(";", 1)[0].strip().lower()
    return main.startswith("text/") or main.endswith(("xml", "json", "javascript"))


def status_page(status: int, detail: str = "") -> bytes:
    """A short HTML page for an error status."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Status"
    extra = f"<p>{html.escape(detail)}</p>" if detail else ""
    return (
        f"<!DOCTYPE html>\n<html><head><title>{status} {phrase}</title></head>"
        f"<body><h1>{status} {phrase}</h1>{extra}</body></html>\n"
    ).encode()


class Site:
    """A mirror folder: routes.json and the files it names (checked when loaded)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        data = json.loads((self.root / "routes.json").read_text(encoding="utf-8"))
        self.routes: dict[str, dict[str, Any]] = data["routes"]
        missing = [
            f"{target} -> {route['file']}"
            for target, route in self.routes.items()
            if "file" in route and not (self.root / route["file"]).is_file()
        ]
        if missing:
            raise FileNotFoundError(f"{self.root}/routes.json names missing files: {missing}")

    def reply(self, target: str, base: str) -> Reply:
        """The route's answer, or 404 when the target is not a route."""
        route = self.routes.get(target)
        if route is None:
            body = status_page(404, f"Halaman tidak ada di mirror: {target}")
            return Reply(404, [("Content-Type", DEFAULT_TYPE)], body)
        return self.render(route, base)

    def render(self, route: dict[str, Any], base: str) -> Reply:
        """A route as a reply, `{{BASE}}` replaced by `base`."""
        status = int(route.get("status", 200))
        content_type = route.get("type", DEFAULT_TYPE)
        if "body" in route:
            body = str(route["body"]).encode("utf-8")
        elif "file" in route:
            body = (self.root / route["file"]).read_bytes()
        else:
            body = status_page(status) if status >= 400 else b""
        if is_text(content_type):
            body = body.replace(PLACEHOLDER.encode(), base.encode())
        headers = [("Content-Type", content_type)]
        headers += [
            (name, str(value).replace(PLACEHOLDER, base))
            for name, value in route.get("headers", {}).items()
        ]
        return Reply(status, headers, body)


class Policy:
    """Decides the reply to each request. This one serves the mirror as written.

    Subclass and override `respond` to inject faults; the handler sends whatever it returns.
    `handler` is the request handler serving the connection, for faults below HTTP (a reset,
    a cut body) that write to its socket themselves.
    """

    def respond(
        self, request: Request, site: Site, base: str, handler: BaseHTTPRequestHandler
    ) -> Reply:
        return site.reply(request.target, base)


class Delayed(Policy):
    """Serves the mirror, but holds each answer to a target that `slow` accepts for
    `seconds`, after the first `fast` of them: a crawl that is still running when a test
    stops it."""

    def __init__(self, slow: Callable[[str], bool], seconds: float, fast: int = 0) -> None:
        self.slow = slow
        self.seconds = seconds
        self.fast = fast
        self._lock = threading.Lock()

    def respond(
        self, request: Request, site: Site, base: str, handler: BaseHTTPRequestHandler
    ) -> Reply:
        if self.slow(request.target):
            with self._lock:
                self.fast -= 1
                hold = self.fast < 0
            if hold:
                time.sleep(self.seconds)
        return super().respond(request, site, base, handler)


class SiteServer:
    """A mirror served from a background thread on 127.0.0.1 (port chosen by the OS)."""

    def __init__(
        self,
        site_dir: str | Path,
        log_path: str | Path | None = None,
        *,
        port: int = 0,
        policy: Policy | None = None,
    ) -> None:
        self.site = Site(site_dir)
        self.policy = policy or Policy()
        self.log_path = Path(log_path) if log_path else None
        self.requests: list[dict[str, Any]] = []
        """One dict per request, in arrival order: time, method, path, user_agent, status."""
        self._port = port
        self._lock = threading.Lock()
        self._log: BinaryIO | None = None
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> SiteServer:
        if self._httpd is not None:
            return self
        if self.log_path:
            self._log = self.log_path.open("ab")
        self._httpd = _HTTPServer((HOST, self._port), _Handler, self)
        self._port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"siteserver-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None
        with self._lock:
            if self._log is not None:
                self._log.close()
                self._log = None

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses and the request log -----------------------------------------------------

    @property
    def port(self) -> int:
        """The port served on (still known after `stop`, for assertions on URLs)."""
        if not self._port:
            raise RuntimeError("the server has not been started")
        return self._port

    @property
    def base_url(self) -> str:
        """The mirror's origin, "http://127.0.0.1:PORT" (no trailing slash)."""
        return f"http://{HOST}:{self.port}"

    def url(self, target: str) -> str:
        """Absolute URL of a target on the mirror ("/rss" -> "http://127.0.0.1:PORT/rss")."""
        return self.base_url + target

    def requested(self, method: str | None = None) -> list[str]:
        """Targets requested so far (optionally only those of one method), in order."""
        with self._lock:
            return [r["path"] for r in self.requests if method in (None, r["method"])]

    def record(self, request: Request, status: int) -> None:
        entry = {
            "time": round(time.time(), 3),
            "method": request.method,
            "path": request.target,
            "user_agent": request.user_agent,
            "status": status,
        }
        with self._lock:
            self.requests.append(entry)
            if self._log is not None:
                self._log.write(json.dumps(entry, ensure_ascii=False).encode() + b"\n")
                self._log.flush()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], owner: SiteServer):
        self.owner = owner
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "newscrawl-siteserver/1"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        owner = self.server.owner
        request = Request(
            method=self.command,
            target=_target(self.path),
            user_agent=self.headers.get("User-Agent"),
            headers=dict(self.headers.items()),
        )
        reply = owner.policy.respond(request, owner.site, owner.base_url, self)
        owner.record(request, reply.status)  # before sending: a client that has the body sees it
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is `SiteServer.requests`."""


def _target(raw: str) -> str:
    """Path plus query of a request line's target (absolute-form targets reduced to it)."""
    if raw.startswith(("http://", "https://")):
        parts = urlsplit(raw)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return raw


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.siteserver",
        description="Serve a mirror folder (routes.json) on 127.0.0.1 until killed.",
    )
    parser.add_argument("site", type=Path, help="mirror folder with routes.json")
    parser.add_argument("--port", type=int, default=0, help="port (default: chosen by the OS)")
    parser.add_argument("--log", type=Path, help="append one JSON line per request to this file")
    args = parser.parse_args(argv)

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    server = SiteServer(args.site, args.log, port=args.port).start()
    print(f"listening on {server.base_url}", flush=True)
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
