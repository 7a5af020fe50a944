"""ETag and Cache-Control for GET responses: the data only changes with a new data version."""
from __future__ import annotations

import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class DataVersionCaching:
    """A weak ETag from the data version and the request; If-None-Match gets a 304 without work."""

    def __init__(self, app: ASGIApp, version: str, max_age: int):
        self.app = app
        self.version = version
        self.cache_control = f"public, max-age={max_age}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = b"|".join([scope["path"].encode(), scope.get("query_string", b""), headers.get(b"accept", b"")])
        etag = f'W/"{self.version}-{hashlib.sha1(key).hexdigest()[:16]}"'.encode()
        if etag in [t.strip() for t in headers.get(b"if-none-match", b"").split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", self.cache_control)]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message["headers"] = list(message.get("headers", [])) + [
                    (b"etag", etag), (b"cache-control", self.cache_control), (b"vary", b"Accept, Accept-Encoding")]
            await send(message)

        await self.app(scope, receive, send_with_headers)
