"""ETag and Cache-Control for GET responses: the data only changes with a new data version.

A 304 only ever replaces a 200: the request runs first, so a URL that would answer 400 or 404
answers that, whatever If-None-Match says. A response that brings its own ETag (static files)
keeps it; every other 200 gets one weak ETag from the data version and the request.
"""
from __future__ import annotations

import hashlib
from typing import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The request headers a response may depend on: they are part of the ETag and of Vary.
VARIES_ON = (b"accept", b"host")


def _opaque(tag: str) -> str:
    """Weak comparison (RFC 9110 8.8.3.2): W/"x" and "x" name the same representation."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def matches(if_none_match: str, etag: str) -> bool:
    wanted = [_opaque(t) for t in if_none_match.split(",") if t.strip()]
    return "*" in wanted or _opaque(etag) in wanted


class DataVersionCaching:
    """Adds ETag/Cache-Control/Vary to 200s and turns a 200 whose ETag the client has into a 304."""

    def __init__(self, app: ASGIApp, version: Callable[[], str], max_age: int):
        self.app = app
        self.version = version  # the data version being served now (it changes when the read model is swapped)
        self.cache_control = f"public, max-age={max_age}"

    def etag_for(self, scope: Scope) -> str:
        headers = dict(scope["headers"])
        key = b"|".join([scope["path"].encode(), scope.get("query_string", b""), *(headers.get(h, b"") for h in VARIES_ON)])
        return f'W/"{self.version()}-{hashlib.sha1(key).hexdigest()[:16]}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if_none_match = dict(scope["headers"]).get(b"if-none-match", b"").decode("latin-1")
        replaced = False

        async def send_cached(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    await send(message)
                    return
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                if "etag" not in headers:
                    headers["etag"] = self.etag_for(scope)
                headers.setdefault("cache-control", self.cache_control)
                headers["vary"] = "Accept, Accept-Encoding, Host"
                if if_none_match and matches(if_none_match, headers["etag"]):
                    replaced = True
                    kept = [(k, v) for k, v in headers.raw if k in (b"etag", b"cache-control", b"vary")]
                    await send({"type": "http.response.start", "status": 304, "headers": kept})
                    await send({"type": "http.response.body", "body": b""})
                    return
                message["headers"] = headers.raw
                await send(message)
            elif not replaced:
                await send(message)

        await self.app(scope, receive, send_cached)
