"""Who sends a request, in the cases a municipality's IT meets: API tokens beside OpenID Connect, clocks
a little apart, communes as a comma list, a key set with one key and tokens without a key id."""
from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.exceptions import HTTPException

from geo.errors import InvalidInput
from service.auth import OidcVerifier
from service.settings import load_settings
from tests.service.edit_helpers import Api, bearer, open_api
from tests.store.helpers import BOCHUM, DORTMUND, a_site

ISSUER = "https://login.dortmund.example/realms/stadt"
AUDIENCE = "ruhrkarte"


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(key, tmp_path, **extra) -> str:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [{**jwk, "use": "sig", "alg": "RS256", **extra}]}))
    return str(path)


@pytest.fixture
def api(repo, tmp_path, key):
    """The write API with OIDC switched on, a key set of one key (id k1), and a stored curator's token."""
    client, store = open_api(repo, tmp_path / "state", oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                             oidc_jwks=_jwks(key, tmp_path, kid="k1"))
    with client:
        yield Api(client, store, bearer(store.add_account("kurt", "curator")), {})
    store.close()


def _token(key, headers=None, **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-4711", "iat": now, "exp": now + 300,
            "ruhrkarte_role": "editor", "ruhrkarte_communes": [DORTMUND], **claims}
    return jwt.encode(body, key, algorithm="RS256", headers=headers)


def _rename(api: Api, key: str, headers: dict):
    return api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": "Umbenannt"}, "reason": "Test"},
                            headers={**headers, "If-Match": api.etag("sites", key)})


def test_stored_api_tokens_keep_working_when_oidc_is_switched_on(api):
    response = _rename(api, a_site(api.store, DORTMUND), api.curator)
    assert response.status_code == 200, response.text
    lower = {"Authorization": api.curator["Authorization"].replace("Bearer", "bearer")}  # the scheme is case-insensitive
    assert _rename(api, a_site(api.store, BOCHUM), lower).status_code == 200


def test_a_token_without_key_id_is_checked_with_the_one_key_of_the_set(api, key):
    assert _rename(api, a_site(api.store, DORTMUND), bearer(_token(key))).status_code == 202
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = _rename(api, a_site(api.store, DORTMUND), bearer(_token(stranger)))
    assert refused.status_code == 401 and "invalid_token" in refused.headers["www-authenticate"]


def test_a_provider_clock_a_few_seconds_ahead_or_behind_is_tolerated(api, key):
    now = int(time.time())
    # expired 10 s ago by our clock, issued 10 s "in the future": within the 30 s leeway
    late = _token(key, iat=now + 10, exp=now - 10)
    assert _rename(api, a_site(api.store, DORTMUND), bearer(late)).status_code == 202
    stale = _token(key, iat=now - 600, exp=now - 60)
    assert _rename(api, a_site(api.store, DORTMUND), bearer(stale)).status_code == 401



def test_a_token_expired_half_a_minute_ago_is_past_the_leeway(tmp_path, key):
    """The 30 s leeway covers clocks a little apart, not more: a token whose exp lies 30 s (or more, as the
    check runs) behind our clock is refused."""
    verifier = OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                          oidc_jwks=_jwks(key, tmp_path, kid="k1")))
    now = int(time.time())
    token = _token(key, headers={"kid": "k1"}, iat=now - 330, exp=now - 30)
    with pytest.raises(HTTPException) as refused:
        verifier.principal(token)
    assert refused.value.status_code == 401 and "expired" in refused.value.detail

def test_communes_as_a_comma_list_and_a_missing_name_claim(api, key):
    both = _token(key, ruhrkarte_communes=f"{DORTMUND}, {BOCHUM}")
    assert _rename(api, a_site(api.store, BOCHUM), bearer(both)).status_code == 202
    assert {p.author for p in api.store.proposals()} == {"oidc:u-4711"}
    nameless = _token(key, sub="")
    refused = _rename(api, a_site(api.store, DORTMUND), bearer(nameless))
    assert refused.status_code == 401 and refused.json()["detail"] == "the token has no 'sub' claim"
    assert refused.headers["www-authenticate"] == 'Bearer realm="ruhrkarte", error="invalid_token"'


def test_a_token_signed_by_a_key_of_another_set_names_the_problem(repo, tmp_path, key):
    verifier = OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                          oidc_jwks=_jwks(key, tmp_path, kid="k1")))
    assert verifier.principal(_token(key, headers={"kid": "k1"})).name == "oidc:u-4711"
    with pytest.raises(Exception) as refused:
        verifier.principal(_token(key, headers={"kid": "k2"}))
    assert refused.value.status_code == 401
    assert refused.value.detail == "the identity provider's token was refused: no key of the configured key set signed this token"


def test_a_key_set_served_by_the_provider_verifies_its_tokens(tmp_path, key):
    verifier = OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                          oidc_jwks="https://login.dortmund.example/certs"))
    served = json.loads(Path(_jwks(key, tmp_path, kid="k1")).read_text())
    verifier.client.fetch_data = lambda: served  # what the provider's URL answers (no network in tests)
    assert verifier.principal(_token(key, headers={"kid": "k1"})).name == "oidc:u-4711"


def test_the_review_queue_tells_the_public_what_it_needs(api):
    response = api.client.get("/changes")
    assert response.status_code == 401
    assert response.json()["detail"] == "the review queue needs a token: 'Authorization: Bearer <token>'"
    assert response.headers["www-authenticate"] == 'Bearer realm="ruhrkarte"'  # no token sent: no error code (RFC 6750)


def test_oidc_needs_an_audience_and_a_key_set(tmp_path):
    with pytest.raises(InvalidInput, match="RUHRKARTE_OIDC_AUDIENCE and RUHRKARTE_OIDC_JWKS"):
        OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_jwks=str(tmp_path / "jwks.json")))


def test_a_key_set_url_is_fetched_lazily_cached_for_five_minutes_with_a_short_timeout(tmp_path):
    verifier = OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                          oidc_jwks="https://login.dortmund.example/certs"))
    assert verifier.keys is None and verifier.client.uri == "https://login.dortmund.example/certs"
    assert verifier.client.jwk_set_cache.lifespan == 300 and verifier.client.timeout == 5
    assert hasattr(verifier.client.get_signing_key, "cache_info")  # each key looked up once, not per request


def test_the_communes_claim_gives_an_editor_its_communes_only_when_it_is_a_list_or_text(tmp_path, key):
    verifier = OidcVerifier(load_settings(state_dir=tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                          oidc_jwks=_jwks(key, tmp_path, kid="k1")))

    def principal(**claims):
        return verifier.principal(_token(key, headers={"kid": "k1"}, **claims))

    assert principal(ruhrkarte_communes=[DORTMUND, " ", ""]).communes == {DORTMUND}   # blank entries ignored
    assert principal(ruhrkarte_communes={DORTMUND: True}).communes == frozenset()      # a misconfigured claim: none
    assert principal(ruhrkarte_communes=None).communes == frozenset()
    curator = principal(ruhrkarte_role="curator", ruhrkarte_communes=[DORTMUND])
    assert curator.role == "curator" and curator.communes == frozenset()               # curators work for all communes


def test_an_editor_who_tries_to_approve_is_told_which_role_it_takes(api, key):
    assert _rename(api, a_site(api.store, DORTMUND), bearer(_token(key))).status_code == 202
    change = api.store.proposals()[0].id
    editor = bearer(_token(key, sub="e-1"))
    refused = api.client.post(f"/changes/{change}/approve", json={"reason": "passt"}, headers=editor)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "reviewing needs the role curator or admin; this account is 'editor'"
    anonymous = api.client.post(f"/changes/{change}/approve", json={"reason": "passt"})
    assert anonymous.status_code == 401 and anonymous.json()["detail"].startswith("reviewing needs a token")


def test_a_layer_upload_without_a_token_says_what_it_needs(api):
    response = api.client.post("/layers", files={"file": ("a.csv", b"lat,lon\n51.5,7.4\n")}, data={"title": "x"})
    assert response.status_code == 401
    assert response.json()["detail"] == ("uploading a layer needs a token ('Authorization: Bearer <token>') "
                                         "or a signed-in session")


def test_a_provider_token_without_a_known_role_cannot_upload_a_layer(api, key):
    token = _token(key, ruhrkarte_role="admin")   # the provider cannot grant roles: this is the public's role
    response = api.client.post("/layers", files={"file": ("a.csv", b"lat,lon\n51.5,7.4\n")}, data={"title": "x"},
                               headers=bearer(token))
    assert response.status_code == 403
    assert response.json()["detail"] == "uploading a layer needs the role editor or curator or admin; this account is 'public'"
