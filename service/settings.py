"""The one settings object: every RUHRKARTE_* variable, validated once at start, passed down as values.

geo/ and maps/ never read the environment; they take these values as arguments. A bad value
stops the command with one line naming the variable (exit 2), never a traceback or a 500 later.
"""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from geo.display import DEFAULT_TOLERANCE_M
from geo.errors import InvalidInput
from geo.geocoder import DEFAULT_CELL_M
from geo.settings import COMMITTED_DATA, PACKAGE_ROOT

ENV_PREFIX = "RUHRKARTE_"
LOOPBACK_HOSTS = "127.0.0.1,localhost,[::1]"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid")

    data_dir: Path = COMMITTED_DATA
    node_modules: Path = PACKAGE_ROOT / "node_modules"
    # 100 m balances index build time (0.1 s) and lookup speed; below 10 m the grid needs GBs.
    grid_cell_m: Annotated[float, Field(ge=10, le=10_000)] = DEFAULT_CELL_M
    display_tolerance_m: Annotated[float, Field(ge=0, le=1_000)] = DEFAULT_TOLERANCE_M
    host: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65_535)] = 8000
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    cache_max_age: Annotated[int, Field(ge=0, le=31_536_000)] = 300
    max_limit: Annotated[int, Field(ge=1, le=100_000)] = 1000
    tile_url: str = ""
    tile_attribution: str = ""
    # Links in responses use this base (e.g. https://karte.example.org); empty: the request's own host.
    public_url: str = ""
    # Host headers answered; anything else is a 400, so no response (cached as public) names a foreign host.
    allowed_hosts: str = LOOPBACK_HOSTS
    # A client must send its request headers within this time (slow-loris connections are closed).
    header_timeout_s: Annotated[float, Field(gt=0, le=300)] = 10.0
    # An idle keep-alive connection is closed after this time.
    keep_alive_s: Annotated[float, Field(gt=0, le=300)] = 5.0
    # At most this many connections and running requests per worker; more are answered 503.
    max_concurrency: Annotated[int, Field(ge=1, le=100_000)] = 1000
    # Memory for whole public responses kept in front of the framework (0 turns the cache off).
    response_cache_mb: Annotated[int, Field(ge=0, le=16_384)] = 64
    # One JSON line per request on stderr (time, client, method, path, route, status, bytes, ms).
    access_log: bool = False
    # Networks that may read /metrics (comma-separated CIDR); others get a 404.
    metrics_from: str = "127.0.0.1/32,::1/128"

    @field_validator("metrics_from")
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # ValueError names the bad network
        return value
    # The living data (store/): empty = SQLite file ruhrkarte.sqlite in state_dir; or sqlite:///PATH, postgresql://…
    database_url: str = ""
    # Where the embedded database lives: outside data/ (the committed edition), git-ignored.
    state_dir: Path = PACKAGE_ROOT / "state"
    # Planners' layers: one uploaded file (after unpacking), features per layer, storage per account.
    layer_max_mb: Annotated[int, Field(ge=1, le=4_096)] = 50
    layer_max_features: Annotated[int, Field(ge=1, le=10_000_000)] = 1_000_000
    layer_quota_mb: Annotated[int, Field(ge=1, le=1_000_000)] = 500
    # How often each worker asks the database for a new data version (a change is served after at
    # most this plus one read-model rebuild, about 1 s).
    follow_interval_s: Annotated[float, Field(gt=0, le=60)] = 0.5
    # Largest request body of the write API (a Feature is a few KB; 10,000-character cells fit).
    max_body_kb: Annotated[int, Field(ge=1, le=10_240)] = 256
    # OpenID Connect bearer tokens of a municipality's identity provider (off while the issuer is empty).
    oidc_issuer: str = ""
    oidc_audience: str = ""
    # The provider's signing keys: a JWKS file path or an https URL (fetched and cached by PyJWT).
    oidc_jwks: str = ""
    oidc_role_claim: str = "ruhrkarte_role"
    # A list of AGS, or one string with ';' or ',' between them.
    oidc_communes_claim: str = "ruhrkarte_communes"
    oidc_name_claim: str = "sub"

    @field_validator("oidc_jwks")
    @classmethod
    def _jwks_location(cls, value: str) -> str:
        if value and "://" in value and urlsplit(value).scheme != "https":
            raise ValueError("must be a file path or an https URL")
        return value

    @field_validator("public_url", "tile_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    @property
    def trusted_hosts(self) -> frozenset[str]:
        """Host names (without port) whose Host header is answered; the public URL's host is one."""
        hosts = {h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()}
        if self.public_url:
            hosts.add((urlsplit(self.public_url).hostname or "").lower())
        return frozenset(hosts)


def load_settings(**overrides) -> Settings:
    """Environment plus command-line overrides (None = not given); InvalidInput names the bad value."""
    given = {key: value for key, value in overrides.items() if value is not None}
    known = {f"{ENV_PREFIX}{name.upper()}" for name in Settings.model_fields}
    unknown = sorted(name for name in os.environ if name.upper().startswith(ENV_PREFIX) and name.upper() not in known)
    if unknown:  # a typo must not silently fall back to a default
        raise InvalidInput(f"unknown setting {unknown[0]}; known: {', '.join(sorted(known))}")
    try:
        return Settings(**given)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first.get("loc") else "setting"
        source = f"--{field}" if field in given else f"{ENV_PREFIX}{field.upper()}"
        raise InvalidInput(f"{source}: {first['msg']} (got {first.get('input')!r:.60})") from None
