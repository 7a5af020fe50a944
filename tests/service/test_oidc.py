"""OpenID Connect bearer tokens from a municipality's identity provider, signed with a key pair made here."""
from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from geo.errors import InvalidInput
from tests.service.edit_helpers import Api, bearer, open_api
from tests.store.helpers import BOCHUM, DORTMUND, a_site

ISSUER = "https://login.dortmund.example/realms/stadt"
AUDIENCE = "ruhrkarte"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def keys():
    return _key(), _key()   # the provider's key, and a stranger's


@pytest.fixture
def api(repo, tmp_path, keys):
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(keys[0].public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}))
    client, store = open_api(repo, tmp_path / "state", oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks=str(jwks))
    with client:
        yield Api(client, store, {}, {})
    store.close()


def token(key, **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-4711", "iat": now, "exp": now + 300,
            "ruhrkarte_role": "editor", "ruhrkarte_communes": [DORTMUND], **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})


def _rename(api: Api, key: str, headers: dict):
    return api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": "Per OIDC"}, "reason": "IdP"},
                            headers={**headers, "If-Match": api.etag("sites", key)})


def test_an_editor_of_the_identity_provider_proposes(api, keys):
    response = _rename(api, a_site(api.store, DORTMUND), bearer(token(keys[0])))
    assert response.status_code == 202, response.text
    assert api.store.proposals()[0].author == "oidc:u-4711"


def test_the_claims_decide_role_and_communes(api, keys):
    assert _rename(api, a_site(api.store, BOCHUM), bearer(token(keys[0]))).status_code == 403
    assert _rename(api, a_site(api.store, BOCHUM), bearer(token(keys[0], ruhrkarte_communes=f"{BOCHUM};x"))).status_code == 202
    assert _rename(api, a_site(api.store, BOCHUM), bearer(token(keys[0], ruhrkarte_role="curator"))).status_code == 200
    assert _rename(api, a_site(api.store, DORTMUND), bearer(token(keys[0], ruhrkarte_role="admin"))).status_code == 403
    assert _rename(api, a_site(api.store, DORTMUND), bearer(token(keys[0], ruhrkarte_role=None))).status_code == 403


@pytest.mark.parametrize("case", ["expired", "audience", "issuer", "signature", "hmac", "no expiry", "garbage"])
def test_a_token_that_does_not_prove_itself_is_401(api, keys, case):
    now = int(time.time())
    made = {
        "expired": lambda: token(keys[0], iat=now - 7200, exp=now - 3600),
        "audience": lambda: token(keys[0], aud="another-app"),
        "issuer": lambda: token(keys[0], iss="https://login.bochum.example"),
        "signature": lambda: token(keys[1]),
        "hmac": lambda: jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 300,
                                    "ruhrkarte_role": "curator"}, "secret-guess-long-enough-for-hs256-xxxxxxxx",
                                   algorithm="HS256", headers={"kid": "k1"}),
        "no expiry": lambda: jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "ruhrkarte_role": "curator"},
                                        keys[0], algorithm="RS256", headers={"kid": "k1"}),
        "garbage": lambda: "a.b.c",
    }[case]()
    key = a_site(api.store, DORTMUND)
    response = _rename(api, key, bearer(made))
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == 'Bearer realm="ruhrkarte", error="invalid_token"'
    assert api.store.proposals() == []


def test_a_broken_key_set_stops_the_start(repo, tmp_path):
    broken = tmp_path / "jwks.json"
    broken.write_text("{not json")
    with pytest.raises(InvalidInput, match="RUHRKARTE_OIDC_JWKS"):
        open_api(repo, tmp_path / "state", oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks=str(broken))
