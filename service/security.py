"""Security headers on every response, and the Host check that keeps foreign hosts out of links.

Pages carry a Content-Security-Policy that allows exactly their own inline scripts and styles (by
SHA-256 hash) and files from this origin; every other response gets a policy that allows nothing.
"""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.problems import problem

NO_CONTENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
FIXED_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                 (b"referrer-policy", b"strict-origin-when-cross-origin"),
                 (b"cross-origin-opener-policy", b"same-origin")]
_INLINE = {kind: re.compile(rf"<{kind}(?![^>]*\bsrc=)[^>]*>(.*?)</{kind}>", re.DOTALL | re.IGNORECASE)
           for kind in ("script", "style")}


def _hashes(html: str, kind: str) -> str:
    digests = {base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
               for body in _INLINE[kind].findall(html)}
    return " ".join(f"'sha256-{d}'" for d in sorted(digests))


def page_policy(html: str, tile_url: str = "") -> str:
    """The CSP of one HTML page: its own inline blocks by hash, assets and API calls from this origin."""
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        tiles = " " + f"{parts.scheme}://{parts.netloc}".replace("://a.", "://*.")
    return (f"default-src 'none'; script-src 'self' {_hashes(html, 'script')}; "
            f"style-src 'self' {_hashes(html, 'style')}; img-src 'self' data:{tiles}; connect-src 'self'; "
            "font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class SecurityHeaders:
    """Adds the fixed headers everywhere and the no-content CSP where a response brings none of its own."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                    headers.append((b"content-security-policy", NO_CONTENT_POLICY.encode()))
                message["headers"] = headers + FIXED_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


class TrustedHosts:
    """Only Host headers of this service are answered (400 otherwise), so links never name a foreign host."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = (urlsplit(f"//{host}").hostname or "") if host else ""
            bracketed = f"[{name}]" if ":" in name else name
            if name.lower() not in self.hosts and bracketed.lower() not in self.hosts:
                response = problem(400, "unknown Host header; set RUHRKARTE_ALLOWED_HOSTS or RUHRKARTE_PUBLIC_URL",
                                   scope["path"])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
