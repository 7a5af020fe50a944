"""Who sends a request: the account behind an API token (`Authorization: Bearer …`, checked against
the stored hash) or, when configured, an OpenID Connect token of a municipality's identity provider.

No Authorization header means the public. A header that does not prove an identity is a 401 (with
`WWW-Authenticate`), never a silent fall back to the public: a client must learn that its token failed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from geo.errors import InvalidInput
from service.generation import service_state
from service.sessions import current_session
from service.settings import Settings
from store.commands import PUBLIC, REVIEWERS, WRITERS, Principal
from store.errors import Forbidden

REALM = 'Bearer realm="ruhrkarte"'
# Only asymmetric algorithms: a provider's public key must never be usable as an HMAC secret.
OIDC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
OIDC_PREFIX = "oidc:"  # names of identity-provider principals; never the name of a stored account


def unauthenticated(detail: str, error: str | None = None) -> HTTPException:
    challenge = REALM + (f', error="{error}"' if error else "")
    return HTTPException(401, detail, headers={"WWW-Authenticate": challenge})


class OidcVerifier:
    """Checks a provider's JWT (signature, expiry, issuer, audience) and maps its claims to a Principal."""

    def __init__(self, settings: Settings):
        if not (settings.oidc_audience and settings.oidc_jwks):
            raise InvalidInput("RUHRKARTE_OIDC_ISSUER needs RUHRKARTE_OIDC_AUDIENCE and RUHRKARTE_OIDC_JWKS")
        self.issuer = settings.oidc_issuer
        self.audience = settings.oidc_audience
        self.role_claim = settings.oidc_role_claim
        self.communes_claim = settings.oidc_communes_claim
        self.name_claim = settings.oidc_name_claim
        self.client: jwt.PyJWKClient | None = None
        self.keys: jwt.PyJWKSet | None = None
        if settings.oidc_jwks.startswith("https://"):
            self.client = jwt.PyJWKClient(settings.oidc_jwks, cache_keys=True, lifespan=300, timeout=5)
        else:
            try:
                self.keys = jwt.PyJWKSet.from_json(Path(settings.oidc_jwks).read_text(encoding="utf-8"))
            except (OSError, ValueError, jwt.PyJWTError) as error:
                raise InvalidInput(f"RUHRKARTE_OIDC_JWKS: cannot read a key set from {settings.oidc_jwks}: {error}") from None

    def _key(self, token: str):
        if self.client is not None:
            return self.client.get_signing_key_from_jwt(token).key
        kid = jwt.get_unverified_header(token).get("kid")
        keys = self.keys.keys
        for key in keys:
            if key.key_id == kid or (kid is None and len(keys) == 1):
                return key.key
        raise jwt.InvalidTokenError("no key of the configured key set signed this token")

    def principal(self, token: str) -> Principal:
        try:
            claims = jwt.decode(token, self._key(token), algorithms=OIDC_ALGORITHMS, audience=self.audience,
                                issuer=self.issuer, options={"require": ["exp", "iss", "aud"]}, leeway=30)
        except (jwt.PyJWTError, ValueError) as error:
            raise unauthenticated(f"the identity provider's token was refused: {error}", "invalid_token") from None
        name = claims.get(self.name_claim)
        if not isinstance(name, str) or not name:
            raise unauthenticated(f"the token has no {self.name_claim!r} claim", "invalid_token")
        role = claims.get(self.role_claim)
        role = role if role in ("editor", "curator") else "public"  # accounts are administered here, not there
        communes = claims.get(self.communes_claim) or []
        if isinstance(communes, str):
            communes = communes.replace(",", ";").split(";")
        codes = frozenset(str(code).strip() for code in communes if str(code).strip()) if isinstance(communes, list) else frozenset()
        return Principal(f"{OIDC_PREFIX}{name}", role, codes if role == "editor" else frozenset())


def install_auth(app: FastAPI, settings: Settings) -> None:
    """The OIDC verifier (checked at start: a bad key set stops the service, not the first request)."""
    app.state.oidc = OidcVerifier(settings) if settings.oidc_issuer else None


def _looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2


async def principal_of(request: Request) -> Principal:
    """The request's principal: PUBLIC without credentials; 401 for credentials that prove nothing."""
    header = request.headers.get("authorization")
    if header is None:
        return PUBLIC
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthenticated("use 'Authorization: Bearer <token>'", "invalid_request")
    oidc: OidcVerifier | None = getattr(request.app.state, "oidc", None)
    if oidc is not None and _looks_like_jwt(token):
        return await run_in_threadpool(oidc.principal, token)  # a JWKS URL may be fetched
    store = service_state(request).store
    found = await run_in_threadpool(store.authenticate, token) if store is not None else None
    if found is None:
        raise unauthenticated("unknown or revoked token", "invalid_token")
    return found


PrincipalDep = Annotated[Principal, Depends(principal_of)]


async def reader_of(request: Request) -> Principal:
    """For reading a planner's own data (GET of /layers…): the bearer token when one is sent, else the
    browser session of the cookie, else the public. Reading needs no CSRF token: a GET changes
    nothing, the cookie is SameSite=Strict and CORS never lets another origin's script read with it."""
    if request.headers.get("authorization") is not None:
        return await principal_of(request)
    session = await current_session(request)
    return session.principal if session is not None else PUBLIC


ReaderDep = Annotated[Principal, Depends(reader_of)]


def _require(principal: Principal, roles: tuple[str, ...], what: str) -> Principal:
    if principal == PUBLIC:
        raise unauthenticated(f"{what} needs a token: 'Authorization: Bearer <token>'")
    if principal.role not in roles:
        raise Forbidden(f"{what} needs the role {' or '.join(roles)}; this account is {principal.role!r}")
    return principal


async def writer(principal: PrincipalDep) -> Principal:
    return _require(principal, WRITERS, "writing")


async def reviewer(principal: PrincipalDep) -> Principal:
    return _require(principal, REVIEWERS, "reviewing")


async def signed_in(principal: PrincipalDep) -> Principal:
    return _require(principal, ("editor", *REVIEWERS), "the review queue")


WriterDep = Annotated[Principal, Depends(writer)]
ReviewerDep = Annotated[Principal, Depends(reviewer)]
SignedInDep = Annotated[Principal, Depends(signed_in)]


def require(principal: Principal, roles: tuple[str, ...], what: str) -> Principal:
    """401 for the public, 403 for a role not in `roles`: for routes with rules of their own (layers)."""
    return _require(principal, roles, what)
