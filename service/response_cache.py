"""Whole responses kept in front of the framework: a public GET answer is a function of the data
version, the URL and the negotiated headers, so a repeated request is answered from memory
without routing, validation or serialisation.

Only complete 200 answers to anonymous GET/HEAD requests are kept (never one marked no-store, such
as /readyz and /metrics, which must be live, nor no-cache, which a cache may not answer without
asking the origin, such as a public planner's layer that may turn private again), up to a byte budget (least
recently used go first), so random URLs cannot grow memory without bound. A request that carries
credentials or If-None-Match goes through the app (revalidation is cheap there and always exact).
Entries are keyed by the data version too: after a swap to a new read model no old answer is served,
and the first request of the new version drops the old ones.

The cache stands in front of the whole application (`FrontCachedFastAPI`), before FastAPI's own
layers, the Host check, CORS and the security headers: a kept answer was made by all of them, so
it carries their headers, and it is kept under its Host header, which only a trusted host's 200
can have put there. A hit is still counted in the metrics and access log by the same recorder
as any other answer.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Recorder = Callable[[Scope, int, int, float], None]  # scope, status, bytes sent, seconds

# Request headers a response may vary on (content negotiation, gzip, links, CORS).
KEY_HEADERS = (b"accept", b"accept-encoding", b"host", b"origin")
BYPASS_HEADERS = (b"authorization", b"cookie", b"if-none-match", b"range")
# One answer larger than this is not kept: a GeoPackage export is rare and would crowd out the rest.
MAX_ENTRY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    route: object  # the matched route, so metrics name a cache hit like any other answer

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 64


class ResponseCache:
    def __init__(self, app: ASGIApp, max_bytes: int, version: Callable[[], str], record: Recorder | None = None):
        """`record` notes each answer given from memory (the app's own answers are noted inside it)."""
        self.app = app
        self.record = record
        self.version = version
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, CachedResponse] = OrderedDict()
        self.used = 0
        self.serving: object = None  # the data version of the kept entries
        self.hits = 0
        self.misses = 0

    def _key(self, scope: Scope) -> tuple | None:
        wanted: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in BYPASS_HEADERS:
                return None
            if name in KEY_HEADERS:
                wanted[name] = value
        encoding = b"gzip" if b"gzip" in wanted.get(b"accept-encoding", b"") else b""
        return (self.version(), scope["path"], scope.get("query_string", b""), wanted.get(b"accept", b""), encoding,
                wanted.get(b"host", b""), wanted.get(b"origin", b""))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        key = self._key(scope)
        if key is not None and key[0] != self.serving:  # a new data version: the old answers are dead weight
            self.serving = key[0]
            self.entries.clear()
            self.used = 0
        if key is None:
            await self.app(scope, receive, send)
            return
        entry = self.entries.get(key)
        if entry is not None:
            began = time.perf_counter()
            self.hits += 1
            self.entries.move_to_end(key)
            scope["route"] = entry.route
            body = b"" if scope["method"] == "HEAD" else entry.body
            await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
            await send({"type": "http.response.body", "body": body})
            if self.record is not None:
                self.record(scope, entry.status, len(body), time.perf_counter() - began)
            return
        self.misses += 1
        await self._fill(key, scope, receive, send)

    async def _fill(self, key: tuple, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the answer through and keep it when it is a complete, modest 200 to a GET."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = scope["method"] == "GET"

        async def record(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = keep and message["status"] == 200 and not any(
                    name.lower() == b"set-cookie" or (name.lower() == b"cache-control" and (b"no-store" in value or b"no-cache" in value))
                    for name, value in message.get("headers", []))
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                keep = size <= MAX_ENTRY_BYTES
                chunks.append(body)
                if keep and not message.get("more_body", False):
                    self._store(key, CachedResponse(start["status"], list(start.get("headers", [])),
                                                    b"".join(chunks), scope.get("route")))
            await send(message)

        await self.app(scope, receive, record)

    def _store(self, key: tuple, entry: CachedResponse) -> None:
        if entry.size > self.max_bytes:
            return
        previous = self.entries.pop(key, None)  # two misses of one URL at once store it twice
        if previous is not None:
            self.used -= previous.size
        self.entries[key] = entry
        self.used += entry.size
        while self.used > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.used -= dropped.size


class FrontCachedFastAPI(FastAPI):
    """FastAPI with a response cache in front of everything, FastAPI's own layers included.

    Requests go to `front` when one is set (`use_front_cache`); its misses go on to the framework.
    """

    front: ResponseCache | None = None

    def use_front_cache(self, max_bytes: int, version: Callable[[], str], record: Recorder | None) -> None:
        self.front = ResponseCache(self.framework, max_bytes, version, record) if max_bytes > 0 else None

    async def framework(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The application behind the cache: FastAPI with its middleware and routes."""
        await FastAPI.__call__(self, scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.front is not None and scope["type"] == "http":
            await self.front(scope, receive, send)
        else:
            await FastAPI.__call__(self, scope, receive, send)
