"""A mirror that misbehaves like a portal on a bad day: `FaultPolicy` for `SiteServer`.

    policy = FaultPolicy(seed=7, rates=FaultRates(http_503=0.1), client_timeout=3.0)
    with SiteServer(SITE, policy=policy) as server:
        ...  # crawl server.base_url
    print(policy.summary().text())

Two families of faults:

**Transient** faults (`TRANSIENT`: 500, 503, 429 with a small Retry-After, timeout, reset
before answering, reset mid-body, truncated body) hit the first attempts at a URL and then
the URL is served well ("eventually serves well"). Each URL - sources (robots.txt, sitemaps,
feeds, the index) as much as articles - gets a plan drawn from its own random generator,
seeded with (seed, round, target): attempt after attempt a fault is drawn with the chances
of `FaultRates`, at most `max_failures` in a row (keep it at or below the crawl's
RETRY_TIMES and every URL is served in the end). The plan does not depend on the order in
which requests arrive, so a seed gives the same faults per URL on every run. `force` pins
the plan of given targets (e.g. "robots.txt fails twice"). A good answer may also be
*slow* (delayed, but well under the client's timeout: `slow` is a fault that still counts
as served well).

**Permanent** faults (`PERMANENT`) are served on every attempt at a URL: a PDF or an image,
an empty 200, a soft 404, a gzip bomb (a few MB inflating to GBs), a page larger than the
crawl's DOWNLOAD_MAXSIZE, a redirect loop, a redirect to another domain, the article
re-encoded as windows-1252 but labelled UTF-8, the article with no charset anywhere, a
server that stays down (503 or reset on every attempt). They are given to existing targets
with `permanent={target: kind}`, and/or served on *decoys*: one new article-shaped URL per
kind (`decoys=`), listed in one of the mirror's sitemaps and serving a copy of a real
article (canonical URLs rewritten to the decoy), so that a run exercises every kind
without taking any real article away. Decoys of `LANDING_KINDS` (the charset faults) are
still articles a correct crawl emits; their paragraphs carry typographic quotes and dashes
(`typographic`), so a wrong decoding shows.

What happened is recorded per URL (`records`: every attempt with its fault, status and
whether it was served well, and when) and summed up by `summary()` (faults injected by
kind, requests, pages served, pages served well). `next_round()` starts a new round of
plans (a soak run crawls the same mirror several times) and keeps the records.

Socket-level faults write raw bytes to the socket of the handler `Policy.respond` is given,
and end the exchange by raising a `TimeoutError`, which `BaseHTTPRequestHandler` handles by
closing the connection without logging. Such answers
bypass `SiteServer.record`: `SiteServer.requests` misses them, `FaultPolicy.records` has
every request. stdlib only.
"""

from __future__ import annotations

import contextlib
import random
import re
import select
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import NoReturn

from tests.support.siteserver import Policy, Reply, Request, Site, status_page

TRANSIENT = (
    "http_500",
    "http_503",
    "http_429",
    "timeout",
    "reset",
    "reset_mid_body",
    "truncated",
)
"""Faults that hit a URL's first attempts; the URL is served well afterwards."""
SLOW = "slow"
"""A good answer sent late (under the client's timeout): a fault, yet served well."""
PERMANENT = (
    "pdf",
    "image",
    "empty",
    "soft_404",
    "gzip_bomb",
    "huge",
    "redirect_loop",
    "redirect_offsite",
    "charset_wrong",
    "charset_missing",
    "down_503",
    "down_reset",
)
"""Faults served on every attempt at a URL."""
LANDING_KINDS = ("charset_wrong", "charset_missing")
"""Permanent faults after which the page is still a whole article: a crawl must emit it."""
LOOP_QUERY = "?ulang=1"
"""A redirect-loop decoy redirects to itself plus this query, which redirects back."""
MiB = 1024 * 1024


@dataclass(frozen=True)
class FaultRates:
    """Chance, per attempt at a URL, of each transient fault (their sum must stay below 1),
    and the chance that the good answer which ends a URL's plan comes late (`slow`)."""

    http_500: float = 0.04
    http_503: float = 0.04
    http_429: float = 0.03
    timeout: float = 0.02
    reset: float = 0.03
    reset_mid_body: float = 0.03
    truncated: float = 0.03
    slow: float = 0.05

    def __post_init__(self) -> None:
        if any(getattr(self, f.name) < 0 for f in fields(self)):
            raise ValueError(f"negative fault rate in {self}")
        if self.failing() >= 1:
            raise ValueError(f"transient fault rates add up to {self.failing():g} (>= 1)")
        if self.slow > 1:
            raise ValueError(f"slow rate {self.slow} > 1")

    def failing(self) -> float:
        """Chance that an attempt gets a transient fault (of any kind)."""
        return sum(getattr(self, kind) for kind in TRANSIENT)

    def scaled(self, factor: float) -> FaultRates:
        """Every rate times `factor` (failing faults capped to add up to at most 0.9)."""
        failing = self.failing() * factor
        cap = min(1.0, 0.9 / failing) if failing else 1.0
        values = {kind: getattr(self, kind) * factor * cap for kind in TRANSIENT}
        return replace(self, **values, slow=min(1.0, self.slow * factor))

    def draw(self, rng: random.Random) -> str | None:
        """One attempt's transient fault, or None."""
        point = rng.random()
        for kind in TRANSIENT:
            point -= getattr(self, kind)
            if point < 0:
                return kind
        return None


@dataclass(frozen=True)
class DecoySetup:
    """Where decoys live on a mirror: the document listing them, the page they copy (a
    single-page article), and the form of their paths (`{time}` six digits, `{kind}`)."""

    listing: str
    template: str
    path: str
    lastmod: str


SUARA_DECOYS = DecoySetup(
    listing="/sitemap/sitemap-2019-11.xml",
    template="/news/2019/11/22/091500/"
    "pemprov-dki-mulai-keruk-lumpur-kali-krukut-jelang-puncak-musim-hujan",
    path="/news/2019/11/21/{time}/uji-gangguan-{kind}",
    lastmod="2019-11-21T12:00:00+07:00",
)
"""Decoys on the suara mirror (fixtures/sites/suara): listed in the November sitemap."""


@dataclass(frozen=True)
class Decoy:
    """An article-shaped URL that serves one permanent fault."""

    kind: str
    target: str
    """Path of the decoy on the mirror."""
    template: str
    """The mirror page it copies."""

    @property
    def targets(self) -> tuple[str, ...]:
        """Every target answered for this decoy (a redirect loop has two)."""
        if self.kind == "redirect_loop":
            return (self.target, self.target + LOOP_QUERY)
        return (self.target,)

    @property
    def lands(self) -> bool:
        """Whether a correct crawl emits this decoy as an article."""
        return self.kind in LANDING_KINDS


@dataclass(frozen=True)
class Attempt:
    """One request for a target and how it was answered."""

    round: int
    number: int
    """1-based attempt at this target within the round."""
    time: float
    """When the request arrived (time.time())."""
    fault: str | None
    """Fault injected; None when the mirror's answer was sent as it is."""
    status: int | None
    """Status line sent; None when none was (reset, timeout)."""
    served_well: bool
    """The mirror's own answer reached the client intact (possibly late)."""


@dataclass
class UrlRecord:
    """Everything that happened to one target."""

    target: str
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def faults(self) -> list[str]:
        return [a.fault for a in self.attempts if a.fault]

    @property
    def served_well(self) -> bool:
        return any(a.served_well for a in self.attempts)

    @property
    def served_well_at(self) -> float | None:
        """Time of the first good answer."""
        return next((a.time for a in self.attempts if a.served_well), None)

    @property
    def final_status(self) -> int | None:
        return self.attempts[-1].status if self.attempts else None


@dataclass(frozen=True)
class FaultSummary:
    """Totals over every round so far."""

    requests: int
    pages_served: int
    """Distinct targets requested."""
    pages_served_well: int
    """Distinct targets that got the mirror's own answer intact at least once."""
    faults: dict[str, int]
    """Faults injected, by kind."""

    def text(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.faults.items()))
        return (
            f"requests {self.requests}, pages served {self.pages_served}, "
            f"served well {self.pages_served_well}; faults injected "
            f"{sum(self.faults.values())}: {kinds or 'none'}"
        )


class _Abort(TimeoutError):
    """Ends a request after the policy wrote (or refused) the answer itself:
    BaseHTTPRequestHandler closes the connection on a TimeoutError and logs nothing."""


@dataclass(frozen=True)
class _Action:
    fault: str | None
    status: int | None
    served_well: bool
    reply: Reply | None = None
    delay: float = 0.0


class FaultPolicy(Policy):
    """Serve the mirror with transient and permanent faults (see the module docstring).

    seed, rates     the plans' random seed and the transient faults' chances per attempt
    max_failures    most failing attempts in a row per URL (keep it <= the crawl's RETRY_TIMES)
    client_timeout  the crawl's DOWNLOAD_TIMEOUT: timeouts hold longer, slow answers less
    max_size        the crawl's DOWNLOAD_MAXSIZE: the huge page and the bomb exceed it
    retry_after     seconds asked by 429 answers
    force           target -> the transient faults of its first attempts, in order
    permanent       target -> a permanent fault, on existing routes
    decoys          permanent kinds to serve on decoys (one decoy per kind)
    decoy_setup     where the decoys live on this mirror
    """

    def __init__(
        self,
        seed: int = 0,
        rates: FaultRates | None = None,
        *,
        max_failures: int = 2,
        client_timeout: float = 3.0,
        max_size: int = 20 * MiB,
        retry_after: int = 1,
        force: Mapping[str, Sequence[str]] | None = None,
        permanent: Mapping[str, str] | None = None,
        decoys: Iterable[str] = PERMANENT,
        decoy_setup: DecoySetup = SUARA_DECOYS,
        offsite_origin: str = "http://example.org",
    ) -> None:
        self.seed = seed
        self.rates = rates or FaultRates()
        self.max_failures = max_failures
        self.client_timeout = client_timeout
        self.max_size = max_size
        self.retry_after = retry_after
        self.force = {target: list(plan) for target, plan in (force or {}).items()}
        for target, plan in self.force.items():
            unknown = set(plan) - set(TRANSIENT)
            if unknown:
                raise ValueError(f"force[{target!r}]: not transient faults: {sorted(unknown)}")
        self.permanent = dict(permanent or {})
        self.decoy_setup = decoy_setup
        self.offsite_origin = offsite_origin.rstrip("/")
        self.decoys: dict[str, Decoy] = {}
        """Decoy path -> decoy."""
        for index, kind in enumerate(dict.fromkeys(decoys)):
            time_of_day = f"{120000 + 100 * index:06d}"
            path = decoy_setup.path.format(time=time_of_day, kind=kind.replace("_", "-"))
            self.decoys[path] = Decoy(kind, path, decoy_setup.template)
        for kind in [*self.permanent.values(), *(d.kind for d in self.decoys.values())]:
            if kind not in PERMANENT:
                raise ValueError(f"unknown permanent fault {kind!r}; known: {PERMANENT}")
        self.round = 0
        self.records: dict[str, UrlRecord] = {}
        """Target -> what happened to it, over every round."""
        self._answering: dict[str, Decoy] = {
            target: decoy for decoy in self.decoys.values() for target in decoy.targets
        }
        for target, kind in list(self.permanent.items()):
            if kind == "redirect_loop":
                self.permanent.setdefault(target + LOOP_QUERY, kind)
        self._counts: Counter[str] = Counter()
        self._plans: dict[str, tuple[list[str], bool]] = {}
        self._lock = threading.Lock()

    # -- what the tests read --------------------------------------------------------------

    def next_round(self) -> None:
        """New plans for every URL (attempts count from 1 again); records are kept."""
        with self._lock:
            self.round += 1
            self._counts.clear()
            self._plans.clear()

    def summary(self) -> FaultSummary:
        with self._lock:
            records = list(self.records.values())
        faults = Counter(kind for record in records for kind in record.faults)
        return FaultSummary(
            requests=sum(len(record.attempts) for record in records),
            pages_served=len(records),
            pages_served_well=sum(record.served_well for record in records),
            faults=dict(faults),
        )

    def served_well(self) -> set[str]:
        """Targets that got the mirror's own answer intact at least once."""
        with self._lock:
            return {target for target, record in self.records.items() if record.served_well}

    def attempts(self, target: str) -> list[Attempt]:
        with self._lock:
            record = self.records.get(target)
            return list(record.attempts) if record else []

    def decoy_url_kinds(self) -> dict[str, str]:
        """Every decoy target (redirect hops included) -> its kind."""
        return {target: decoy.kind for target, decoy in self._answering.items()}

    def permanent_url_kinds(self) -> dict[str, str]:
        """Every target with a permanent fault, decoys included -> its kind."""
        return {**self.permanent, **self.decoy_url_kinds()}

    def plan(self, target: str) -> tuple[list[str], bool]:
        """The transient faults of a target's first attempts in this round, and whether its
        first good answer is slow. Depends only on seed, round and target."""
        if target in self.force:
            rng = random.Random(f"{self.seed}/{self.round}/{target}/slow")
            return list(self.force[target]), rng.random() < self.rates.slow
        rng = random.Random(f"{self.seed}/{self.round}/{target}")
        failures: list[str] = []
        while len(failures) < self.max_failures:
            kind = self.rates.draw(rng)
            if kind is None:
                break
            failures.append(kind)
        return failures, rng.random() < self.rates.slow

    # -- answering --------------------------------------------------------------------------

    def respond(
        self, request: Request, site: Site, base: str, handler: BaseHTTPRequestHandler
    ) -> Reply:
        target = request.target
        with self._lock:
            self._counts[target] += 1
            number = self._counts[target]
            if target not in self._plans:
                self._plans[target] = self.plan(target)
            failures, slow = self._plans[target]
            arrived = time.time()
        action = self._decide(target, number, failures, slow, site, base)
        with self._lock:
            record = self.records.setdefault(target, UrlRecord(target))
            record.attempts.append(
                Attempt(
                    self.round, number, arrived, action.fault, action.status, action.served_well
                )
            )
        return self._perform(action, handler)

    def _decide(
        self, target: str, number: int, failures: list[str], slow: bool, site: Site, base: str
    ) -> _Action:
        decoy = self._answering.get(target)
        kind = decoy.kind if decoy else self.permanent.get(target)
        if kind is not None:
            return self._permanent(kind, target, decoy, site, base)
        if number <= len(failures):
            return self._transient(failures[number - 1], site.reply(target, base))
        reply = self._mirror_reply(target, site, base)
        if slow and number == len(failures) + 1:
            rng = random.Random(f"{self.seed}/{self.round}/{target}/delay")
            delay = self.client_timeout * rng.uniform(0.1, 0.3)
            return _Action(SLOW, reply.status, True, reply, delay)
        return _Action(None, reply.status, True, reply)

    def _mirror_reply(self, target: str, site: Site, base: str) -> Reply:
        reply = site.reply(target, base)
        if target == self.decoy_setup.listing and self.decoys and reply.status == 200:
            entries = "".join(
                f"  <url>\n    <loc>{base}{decoy.target}</loc>\n"
                f"    <lastmod>{self.decoy_setup.lastmod}</lastmod>\n  </url>\n"
                for decoy in self.decoys.values()
            )
            reply.body = reply.body.replace(b"</urlset>", entries.encode() + b"</urlset>", 1)
        return reply

    def _transient(self, kind: str, real: Reply) -> _Action:
        if kind in ("http_500", "http_503", "http_429"):
            status = int(kind[-3:])
            headers = [("Content-Type", "text/html; charset=utf-8")]
            if status == 429:
                headers.append(("Retry-After", str(self.retry_after)))
            return _Action(kind, status, False, Reply(status, headers, status_page(status)))
        if kind in ("timeout", "reset"):
            return _Action(kind, None, False)
        return _Action(kind, real.status, False, real)  # reset_mid_body, truncated

    def _permanent(
        self, kind: str, target: str, decoy: Decoy | None, site: Site, base: str
    ) -> _Action:
        html = [("Content-Type", "text/html; charset=utf-8")]
        if kind == "pdf":
            return _Action(kind, 200, False, Reply(200, [("Content-Type", "application/pdf")], PDF))
        if kind == "image":
            return _Action(kind, 200, False, Reply(200, [("Content-Type", "image/png")], PNG))
        if kind == "empty":
            return _Action(kind, 200, False, Reply(200, html, b""))
        if kind == "soft_404":
            return _Action(kind, 200, False, Reply(200, html, soft_404_page(base)))
        if kind == "down_503":
            return _Action(kind, 503, False, Reply(503, html, status_page(503)))
        if kind == "down_reset":
            return _Action(kind, None, False)
        if kind == "gzip_bomb":
            headers = [*html, ("Content-Encoding", "gzip")]
            return _Action(kind, 200, False, Reply(200, headers, gzip_bomb(self.max_size * 100)))
        if kind == "redirect_offsite":
            slug = target.rstrip("/").rsplit("/", 1)[-1]
            location = f"{self.offsite_origin}/kanal/berita-mitra/{slug}"
            return _Action(kind, 302, False, Reply(302, [*html, ("Location", location)]))
        if kind == "redirect_loop":
            path = target.split("?", 1)[0]
            location = base + (path if target.endswith(LOOP_QUERY) else path + LOOP_QUERY)
            return _Action(kind, 302, False, Reply(302, [*html, ("Location", location)]))
        real = self._page(target, decoy, site, base)
        if kind == "huge":
            size = max(self.max_size + MiB, 21 * MiB)
            return _Action(
                kind, real.status, False, Reply(real.status, real.headers, pad(real.body, size))
            )
        if kind == "charset_wrong":
            body = real.body.decode("utf-8").encode("cp1252", errors="xmlcharrefreplace")
            return _Action(kind, real.status, False, Reply(real.status, html, body))
        if kind == "charset_missing":
            body = _META_CHARSET.sub(b"", real.body)
            return _Action(
                kind, real.status, False, Reply(real.status, [("Content-Type", "text/html")], body)
            )
        raise AssertionError(kind)

    def _page(self, target: str, decoy: Decoy | None, site: Site, base: str) -> Reply:
        """The article a permanent fault distorts: the route itself, or a decoy's copy."""
        if decoy is None:
            return site.reply(target, base)
        reply = site.reply(decoy.template, base)
        text = reply.body.decode("utf-8").replace(decoy.template, decoy.target)
        if decoy.lands:
            text = typographic_html(text)
        reply.body = text.encode("utf-8")
        return reply

    def _perform(self, action: _Action, handler: BaseHTTPRequestHandler) -> Reply:
        fault, reply = action.fault, action.reply
        if fault in ("reset", "down_reset"):
            _raw(handler, None, cut=0, then="reset")
        if fault == "timeout":
            _hold(handler, self.client_timeout + 1.5)
            _raw(handler, None, cut=0, then="reset")
        assert reply is not None
        if fault == "reset_mid_body":
            _raw(handler, reply, cut=len(reply.body) // 2, then="reset")
        if fault == "truncated":
            _raw(handler, reply, cut=len(reply.body) // 2, then="close")
        if fault == "huge":
            _raw(handler, reply, cut=None, then="close")  # the client hangs up early: fine
        if action.delay:
            time.sleep(action.delay)
        return reply


# -- pages ------------------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def _png() -> bytes:
    def chunk(name: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + name + data + struct.pack(">I", zlib.crc32(name + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xcc\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()
_META_CHARSET = re.compile(
    rb"<meta\s+charset=[^>]*>|<meta\s+http-equiv=[\"']?content-type[^>]*>", re.IGNORECASE
)


def soft_404_page(base: str) -> bytes:
    """A "page not found" answered with status 200, as portals do."""
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Halaman Tidak Ditemukan | Suara.com</title>
<meta name="robots" content="noindex, follow">
<link rel="canonical" href="{base}/"></head>
<body class="page-error"><div class="error-box">
<div class="error-box__code">404</div>
<h1 class="error-box__title">Halaman tidak ditemukan</h1>
<p class="error-box__text">Maaf, halaman yang Anda cari tidak tersedia, sudah dihapus, atau
alamatnya salah ketik. Silakan periksa kembali tautan yang Anda buka.</p>
<a class="btn" href="{base}/">Kembali ke Beranda</a></div></body></html>
""".encode()


@lru_cache(maxsize=4)
def gzip_bomb(inflated: int) -> bytes:
    """A valid gzip stream of zeros, about inflated/1000 bytes long, inflating to `inflated`
    bytes (rounded up to MiB). Built from one compressed MiB repeated: a fraction of a second."""
    chunk = b"\0" * MiB
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-8]  # the last (empty) block, without the trailer
    count = max(2, -(-inflated // MiB))
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    trailer = struct.pack("<II", crc, (count * MiB) & 0xFFFFFFFF)
    return first + block * (count - 1) + end + trailer


def pad(page: bytes, size: int) -> bytes:
    """The page made `size` bytes long by a comment before </body> (or at the end)."""
    filler = max(0, size - len(page) - 9)
    comment = b"<!-- " + b"x" * filler + b" -->"
    at = page.rfind(b"</body>")
    return page + comment if at < 0 else page[:at] + comment + page[at:]


def typographic(text: str) -> str:
    """Text as the landing decoys print it: typographic quotes and dashes, none of them
    ASCII (windows-1252 and UTF-8 encode them differently). Apply it to expected paragraphs."""
    text = text.replace(" - ", " \u2013 ")
    text = re.sub(r'"(?=\w)', "\u201c", text)
    return text.replace('"', "\u201d")


_PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")


def typographic_html(page: str) -> str:
    """`typographic` applied to the text of every <p> of a page (tags left alone)."""

    def paragraph(match: re.Match[str]) -> str:
        pieces = _TAG.split(match.group(2))
        for i in range(0, len(pieces), 2):
            pieces[i] = typographic(pieces[i].replace("&quot;", '"'))
        return match.group(1) + "".join(pieces) + match.group(3)

    return _PARAGRAPH.sub(paragraph, page)


# -- the socket under the handler ---------------------------------------------------------------


def _raw(
    handler: BaseHTTPRequestHandler, reply: Reply | None, *, cut: int | None, then: str
) -> NoReturn:
    """Send `reply` (its status line and headers with the full Content-Length, then `cut`
    bytes of its body, all of it when None; nothing at all when reply is None), then close
    the connection: "close" (FIN) or "reset" (RST)."""
    connection: socket.socket = handler.connection
    if reply is not None:
        try:
            phrase = HTTPStatus(reply.status).phrase
        except ValueError:
            phrase = ""
        head = [f"HTTP/1.1 {reply.status} {phrase}"]
        head += [f"{name}: {value}" for name, value in reply.headers]
        declared = len(reply.body) if cut is None else max(len(reply.body), cut + 1)
        head += [f"Content-Length: {declared}", "Connection: close", "", ""]
        body = reply.body if cut is None else reply.body[:cut]
        with contextlib.suppress(OSError):  # the client hung up (e.g. over its size limit)
            connection.sendall("\r\n".join(head).encode("latin-1") + body)
    if then == "reset":
        with contextlib.suppress(OSError):
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.rfile.close()
            connection.close()  # with SO_LINGER 0 and no other reference: RST, not FIN
    raise _Abort(f"answered by the fault policy ({then})")


def _hold(handler: BaseHTTPRequestHandler, seconds: float) -> None:
    """Say nothing for `seconds`, or until the client hangs up."""
    deadline = time.monotonic() + seconds
    connection: socket.socket = handler.connection
    while (left := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([connection], [], [], min(left, 0.2))
        if not readable:
            continue
        try:
            if not connection.recv(1, socket.MSG_PEEK):
                return  # the client gave up and closed the connection
        except OSError:
            return
        time.sleep(min(left, 0.2))
