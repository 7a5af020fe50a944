"""Signing in to the editing pages: Argon2id passwords from the store, a session cookie whose token
the database keeps only as a hash, CSRF protection on every form, a shared rate limit, sign-out."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from store.schema import sessions
from tests.service.editing import PASSWORD, csrf, hidden_value, open_editing, sign_in, signed_in
from tests.store.helpers import DORTMUND, SOURCE, a_site, counts

WRONG = "Kontoname oder Passwort stimmen nicht."


def _cookie_header(response, name: str) -> str:
    return next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(name + "="))


def test_signing_in_opens_a_session_with_a_strict_http_only_cookie(editing):
    client = editing.client()
    response = sign_in(client, "dora")
    assert response.status_code == 303 and response.headers["location"] == "/bearbeiten"
    cookie = _cookie_header(response, "ruhrkarte_sitzung").lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie and "max-age=" in cookie
    assert "secure" not in cookie  # plain http on loopback: a Secure cookie would never come back
    page = client.get("/bearbeiten")
    assert page.status_code == 200 and "Angemeldet als dora" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_the_cookie_is_secure_behind_https(repo, template, tmp_path):
    setup = open_editing(repo, template, tmp_path, public_url="https://karte.example.org")
    try:
        client = setup.client(base_url="https://karte.example.org")
        response = sign_in(client, "dora")
        assert response.status_code == 303
        assert "secure" in _cookie_header(response, "ruhrkarte_sitzung").lower()
        signed_out = client.post("/abmelden", data={"csrf": csrf(client)})
        assert "secure" in _cookie_header(signed_out, "ruhrkarte_sitzung").lower()  # removed as it was set
    finally:
        setup.store.close()


def test_the_database_keeps_only_the_hash_of_the_session_token(editing):
    client = editing.client()
    sign_in(client, "dora")
    token = client.cookies["ruhrkarte_sitzung"]
    with editing.store.engine.connect() as connection:
        stored = connection.execute(select(sessions.c.token_hash)).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(editing):
    wrong = sign_in(editing.client(), "dora", "falsches Passwort 1")
    unknown = sign_in(editing.client("192.0.2.2"), "niemand", "falsches Passwort 1")
    for response in (wrong, unknown):
        assert response.status_code == 401 and WRONG in response.text
        assert "ruhrkarte_sitzung=" not in response.headers.get("set-cookie", "")


def test_five_failures_for_an_account_lock_it_for_every_address(editing):
    for number in range(5):
        assert sign_in(editing.client(f"192.0.2.{number + 10}"), "dora", "falsch falsch falsch").status_code == 401
    locked = sign_in(editing.client("192.0.2.99"), "dora", PASSWORD)  # even the right password
    assert locked.status_code == 429 and "Zu viele" in locked.text
    assert sign_in(editing.client("192.0.2.99"), "kurt").status_code == 303  # other accounts are not affected


def test_five_failures_from_an_address_lock_that_address(editing):
    for number in range(5):
        assert sign_in(editing.client("198.51.100.7"), f"niemand{number}", "falsch falsch falsch").status_code == 401
    assert sign_in(editing.client("198.51.100.7"), "dora").status_code == 429
    assert sign_in(editing.client("198.51.100.8"), "dora").status_code == 303


def test_a_success_forgives_the_accounts_earlier_failures(editing):
    for number in range(4):
        sign_in(editing.client(f"192.0.2.{number + 10}"), "dora", "falsch falsch falsch")
    assert sign_in(editing.client("192.0.2.50"), "dora").status_code == 303
    for number in range(4):
        sign_in(editing.client(f"192.0.2.{number + 20}"), "dora", "falsch falsch falsch")
    assert sign_in(editing.client("192.0.2.51"), "dora").status_code == 303


@pytest.mark.parametrize("token", [None, "falsch"])
def test_the_sign_in_form_needs_its_token(editing, token):
    client = editing.client()
    client.get("/anmelden")
    data = {"name": "dora", "passwort": PASSWORD} | ({"csrf": token} if token else {})
    assert client.post("/anmelden", data=data).status_code == 403


def test_a_form_from_another_origin_is_refused(editing):
    client = editing.client()
    form = client.get("/anmelden")
    response = client.post("/anmelden", headers={"Origin": "https://evil.example"},
                           data={"csrf": hidden_value(form.text, "csrf"), "name": "dora", "passwort": PASSWORD})
    assert response.status_code == 403
    same = client.post("/anmelden", headers={"Origin": "http://127.0.0.1"},
                       data={"csrf": hidden_value(form.text, "csrf"), "name": "dora", "passwort": PASSWORD})
    assert same.status_code == 303


@pytest.mark.parametrize("token", [None, "falsch"])
def test_an_editing_form_without_the_sessions_token_changes_nothing(editing, token):
    client = signed_in(editing, "kurt")
    key = a_site(editing.store, DORTMUND)
    record = editing.store.get("sites", key)
    before = counts(editing.store)
    data = {**record.values, "name": "Fremd geändert", "version": str(record.version), "grund": "x"}
    if token:
        data["csrf"] = token
    response = client.post(f"/bearbeiten/standorte/{key}", data=data)
    assert response.status_code == 403
    assert counts(editing.store) == before


def test_another_sessions_token_does_not_count(editing):
    kurt, dora = signed_in(editing, "kurt"), signed_in(editing, "dora")
    key = a_site(editing.store, DORTMUND)
    record = editing.store.get("sites", key)
    response = kurt.post(f"/bearbeiten/standorte/{key}", data={**record.values, "name": "Fremd", "grund": "x",
                                                               "version": str(record.version), "csrf": csrf(dora)})
    assert response.status_code == 403 and editing.store.get("sites", key).values["name"] == record.values["name"]


def test_signing_out_ends_the_session_on_the_server(editing):
    client = signed_in(editing, "dora")
    token = client.cookies["ruhrkarte_sitzung"]
    assert client.post("/abmelden", data={}).status_code == 403  # sign-out is a form too
    assert editing.store.session(token) is not None
    response = client.post("/abmelden", data={"csrf": csrf(client)})
    assert response.status_code == 303 and response.headers["location"] == "/anmelden?abgemeldet=1"
    assert editing.store.session(token) is None
    removal = _cookie_header(response, "ruhrkarte_sitzung").lower()  # the browser forgets the cookie it was given
    assert all(part in removal for part in ("max-age=0", "path=/;", "httponly", "samesite=strict"))
    assert "ruhrkarte_sitzung" not in client.cookies
    replay = editing.client()
    replay.cookies.set("ruhrkarte_sitzung", token)  # a copy of the old cookie opens nothing
    assert replay.get("/bearbeiten").status_code == 303


def test_without_a_session_the_editing_pages_send_to_the_sign_in(editing):
    client = editing.client()
    for path in ("/bearbeiten", f"/bearbeiten/gemeinden/{DORTMUND}", "/bearbeiten/pruefen"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/anmelden"
    assert client.post("/bearbeiten/standorte/neu", data={"name": "x", "source": SOURCE}).status_code == 303


def test_a_revoked_account_loses_its_session(editing):
    client = signed_in(editing, "dora")
    editing.store.revoke_account("dora")
    assert client.get("/bearbeiten").status_code == 303


def test_a_session_opened_on_one_worker_holds_and_ends_on_another(editing, repo):
    """Two apps with their own engines over one database, as two workers or replicas are."""
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.live import open_settings_store

    other_store = open_settings_store(editing.settings, repo)
    try:
        other = TestClient(create_app(repo, editing.settings, other_store), base_url="http://127.0.0.1",
                           follow_redirects=False)
        first = signed_in(editing, "dora")
        token = first.cookies["ruhrkarte_sitzung"]
        other.cookies.set("ruhrkarte_sitzung", token)
        assert "Angemeldet als dora" in other.get("/bearbeiten").text
        assert other.post("/abmelden", data={"csrf": csrf(other)}).status_code == 303
        assert first.get("/bearbeiten").status_code == 303
    finally:
        other_store.close()
