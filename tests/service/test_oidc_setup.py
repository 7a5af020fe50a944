"""OpenID Connect as an operator configures it and a provider rotates keys: the start-up refusals name
the setting and the file, a provider's claims never make an admin, and a key set of two keys (a
rotation) verifies each key's tokens but refuses a token that does not say which key signed it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.exceptions import HTTPException

from geo.errors import InvalidInput
from service.auth import OidcVerifier
from service.settings import load_settings
from tests.store.helpers import DORTMUND

ISSUER = "https://login.dortmund.example/realms/stadt"
AUDIENCE = "ruhrkarte"


@pytest.fixture(scope="module")
def keys():
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]


def _key_set(tmp_path, *named) -> str:
    entries = [{**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "use": "sig", "alg": "RS256"}
               for kid, key in named]
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": entries}, ensure_ascii=False), encoding="utf-8")  # as providers write it
    return str(path)


def _verifier(tmp_path, jwks: str) -> OidcVerifier:
    return OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks=jwks))


def _token(key, kid: str | None = "k1", **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-4711", "iat": now, "exp": now + 300,
            "ruhrkarte_role": "editor", "ruhrkarte_communes": [DORTMUND], **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid} if kid else None)


@pytest.mark.parametrize("missing", ["oidc_audience", "oidc_jwks"])
def test_an_issuer_without_audience_or_key_set_stops_the_start_with_the_settings_named(tmp_path, missing):
    given = {"oidc_audience": AUDIENCE, "oidc_jwks": str(tmp_path / "jwks.json")}
    del given[missing]
    with pytest.raises(InvalidInput) as refused:
        OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, **given))
    assert str(refused.value) == "RUHRKARTE_OIDC_ISSUER needs RUHRKARTE_OIDC_AUDIENCE and RUHRKARTE_OIDC_JWKS"


def test_a_missing_key_set_file_stops_the_start_with_its_path(tmp_path):
    path = tmp_path / "fehlt.json"
    with pytest.raises(InvalidInput) as refused:
        _verifier(tmp_path, str(path))
    assert str(refused.value).startswith(f"RUHRKARTE_OIDC_JWKS: cannot read a key set from {path}: ")


@pytest.mark.parametrize("claimed", ["admin", "Editor", ["editor"], "public"])
def test_a_provider_cannot_make_an_admin_or_an_unknown_role(tmp_path, keys, claimed):
    """Accounts with more rights are administered here: any other role claim is the public's role."""
    principal = _verifier(tmp_path, _key_set(tmp_path, ("k1", keys[0]))).principal(_token(keys[0], ruhrkarte_role=claimed))
    assert principal.role == "public" and principal.communes == frozenset() and principal.name == "oidc:u-4711"


def test_during_a_key_rotation_each_key_verifies_its_own_tokens(tmp_path, keys):
    verifier = _verifier(tmp_path, _key_set(tmp_path, ("alt", keys[0]), ("neu", keys[1])))
    assert verifier.principal(_token(keys[0], kid="alt")).role == "editor"
    assert verifier.principal(_token(keys[1], kid="neu")).role == "editor"
    for token in (_token(keys[1], kid="alt"), _token(keys[0], kid=None)):  # wrong key named; no key named in a set of two
        with pytest.raises(HTTPException) as refused:
            verifier.principal(token)
        assert refused.value.status_code == 401


def test_a_key_set_is_read_as_utf8_on_a_server_with_a_plain_c_locale(tmp_path, keys):
    """Container images often run with LANG=C: a key id with an umlaut must still be read (the file is JSON,
    which is UTF-8), not refused as undecodable. Run in a process of its own: the locale is fixed at start."""
    jwks = _key_set(tmp_path, ("schlüssel-ä", keys[0]))
    script = ("import sys; from service.auth import OidcVerifier; from service.settings import load_settings; "
              "v = OidcVerifier(load_settings(state_dir=sys.argv[1], oidc_issuer=sys.argv[2], oidc_audience='ruhrkarte', "
              "oidc_jwks=sys.argv[3])); print(ascii(v.keys.keys[0].key_id))")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH", "")]))}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path), ISSUER, jwks], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ascii("schlüssel-ä")
