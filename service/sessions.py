"""Browser sessions over HTTP: the session cookie, the CSRF token every form carries, the Origin check.

The rows live in the store (store/sessions.py), so a session opened on one worker or replica is
known to all of them and signing out ends it everywhere. The cookie holds only a random token:
HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when the
service is reached over https, Path=/, and it expires with the session.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timezone
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from service.generation import service_state
from store.sessions import Session

SESSION_COOKIE = "ruhrkarte_sitzung"
SIGN_IN_COOKIE = "ruhrkarte_anmeldung"   # the sign-in form's own CSRF token (double submit): no session yet
SIGN_IN_FORM_S = 3600                    # the sign-in form may be left open this long
CSRF_FIELD = "csrf"
NO_STORE = {"Cache-Control": "no-store", "Vary": "Cookie"}


class CsrfRefused(Exception):
    """A form without the session's token, with a wrong one, or sent from another origin."""


def is_secure(request: Request) -> bool:
    """Cookies are Secure when the public URL or the request itself is https."""
    return service_state(request).settings.public_url.startswith("https://") or request.url.scheme == "https"


def _set(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", secure=is_secure(request), httponly=True,
                        samesite="strict")


def set_session_cookie(response: Response, request: Request, token: str, session: Session) -> None:
    # the session was opened just now (store.sessions.open_session): its expiry is an aware UTC time
    seconds = int((session.expires_at - datetime.now(timezone.utc)).total_seconds())
    _set(response, request, SESSION_COOKIE, token, max(seconds, 1))
    response.delete_cookie(SIGN_IN_COOKIE, path="/", secure=is_secure(request), httponly=True, samesite="strict")


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=is_secure(request), httponly=True, samesite="strict")


def sign_in_token(request: Request) -> tuple[str, bool]:
    """The sign-in form's token: the one the browser holds already, or a new one (True: set it as a cookie)."""
    token = request.cookies.get(SIGN_IN_COOKIE, "")
    return (token, False) if len(token) >= 32 else (secrets.token_urlsafe(32), True)


def set_sign_in_cookie(response: Response, request: Request, token: str) -> None:
    _set(response, request, SIGN_IN_COOKIE, token, SIGN_IN_FORM_S)


async def current_session(request: Request) -> Session | None:
    """The session the request's cookie names, if it is valid (unexpired, account active)."""
    store = service_state(request).store
    token = request.cookies.get(SESSION_COOKIE, "")
    if store is None or not token:
        return None
    return await run_in_threadpool(store.session, token)


def session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def _allowed_origins(request: Request) -> set[str]:
    origins = {f"{request.url.scheme}://{request.headers.get('host', '')}"}
    public = service_state(request).settings.public_url
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def same_origin(request: Request) -> bool:
    """A browser names the page a POST comes from (Origin; Sec-Fetch-Site): it must be this service."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin in _allowed_origins(request)
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


def check_form(request: Request, form: FormData, expected: str) -> None:
    """Every POST: from this origin, carrying the expected token (compared in constant time)."""
    given = form.get(CSRF_FIELD, "")
    if not same_origin(request) or not expected or not isinstance(given, str) \
            or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfRefused()
