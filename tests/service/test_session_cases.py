"""The cookies and form checks of the editing pages in the cases a deployment meets: TLS ended at a
proxy in front of the service, the sign-in form's own cookie (kept, replaced, removed), the session
cookie's lifetime, and forms whose Origin or Sec-Fetch-Site header or token field is unusual."""
from __future__ import annotations

import io

import pytest

from service.sessions import SIGN_IN_COOKIE
from store.sessions import SESSION_LIFETIME
from tests.service.editing import PASSWORD, hidden_value, open_editing, sign_in

PUBLIC = "https://karte.example.org"


def _set_cookies(response, name: str) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(name + "=")]


def _cookie(response, name: str) -> str:
    (value,) = _set_cookies(response, name)
    return value.lower()


def _max_age(cookie: str) -> int:
    return int(next(p.split("=")[1] for p in cookie.split("; ") if p.startswith("max-age=")))


@pytest.fixture
def behind_proxy(repo, template, tmp_path):
    """The public URL is https, but the proxy in front of the service forwards plain http."""
    setup = open_editing(repo, template, tmp_path, public_url=PUBLIC)
    yield setup
    setup.store.close()


def _proxied(client, path: str, cookies: dict[str, str], **kwargs):
    """A POST as the proxy forwards it: the browser's (Secure) cookies arrive over plain http."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **kwargs.pop("headers", {})}
    return client.post(path, headers=headers, **kwargs)


def _proxied_sign_in(setup):
    client = setup.client(base_url="http://karte.example.org")
    form = client.get("/anmelden")
    token = hidden_value(form.text, "csrf")
    signed = _proxied(client, "/anmelden", {SIGN_IN_COOKIE: token}, headers={"Origin": PUBLIC},
                      data={"csrf": token, "name": "dora", "passwort": PASSWORD})
    return client, form, signed


def test_behind_a_tls_proxy_the_cookies_are_secure_although_the_request_is_plain_http(behind_proxy):
    _client, form, signed = _proxied_sign_in(behind_proxy)
    assert "secure" in _cookie(form, SIGN_IN_COOKIE)
    assert signed.status_code == 303  # the form came from the public origin: accepted
    assert "secure" in _cookie(signed, "ruhrkarte_sitzung")


def test_a_request_over_https_gets_secure_cookies_without_a_public_url(editing):
    form = editing.client(base_url="https://127.0.0.1").get("/anmelden")
    assert "secure" in _cookie(form, SIGN_IN_COOKIE)


def test_the_sign_in_form_keeps_its_token_while_open_in_two_tabs_for_an_hour(editing):
    """The form's token is set once as a cookie for an hour; loading the form again (a second tab)
    shows the same token and sets no new cookie, so both tabs can sign in."""
    client = editing.client()
    first = client.get("/anmelden")
    cookie = _cookie(first, SIGN_IN_COOKIE)
    assert len(client.cookies[SIGN_IN_COOKIE]) == 43  # 32 random bytes, URL-safe
    assert _max_age(cookie) == 3600
    assert all(part in cookie for part in ("path=/", "httponly", "samesite=strict"))
    second = client.get("/anmelden")
    assert _set_cookies(second, SIGN_IN_COOKIE) == []
    assert hidden_value(second.text, "csrf") == hidden_value(first.text, "csrf") == client.cookies[SIGN_IN_COOKIE]


@pytest.mark.parametrize("length,kept", [(31, False), (32, True)])
def test_a_sign_in_token_shorter_than_32_characters_is_replaced(editing, length, kept):
    """32 URL-safe characters (192 bits) is the least a token may have; a shorter cookie (not one the
    service set) gets a new token."""
    client = editing.client()
    client.cookies.set(SIGN_IN_COOKIE, "a" * length)
    form = client.get("/anmelden")
    assert (hidden_value(form.text, "csrf") == "a" * length) is kept
    assert (_set_cookies(form, SIGN_IN_COOKIE) == []) is kept


def test_signing_in_removes_the_sign_in_forms_cookie_as_it_was_set(behind_proxy):
    client = behind_proxy.client(base_url=PUBLIC)
    signed = sign_in(client, "dora")
    assert signed.status_code == 303
    removal = _cookie(signed, SIGN_IN_COOKIE)
    assert all(part in removal for part in ("max-age=0", "path=/;", "secure", "httponly", "samesite=strict"))
    assert SIGN_IN_COOKIE not in client.cookies


def test_the_session_cookie_lasts_as_long_as_the_session(editing):
    cookie = _cookie(sign_in(editing.client(), "dora"), "ruhrkarte_sitzung")
    lifetime = int(SESSION_LIFETIME.total_seconds())
    assert lifetime - 120 <= _max_age(cookie) <= lifetime
    assert all(part in cookie for part in ("path=/", "httponly", "samesite=strict"))


def test_a_sign_in_without_the_forms_cookie_and_with_an_empty_token_is_refused(editing):
    """A page elsewhere that posts to /anmelden has no token to send: an empty field against a missing
    cookie is no match."""
    client = editing.client()
    response = client.post("/anmelden", data={"csrf": "", "name": "dora", "passwort": PASSWORD})
    assert response.status_code == 403
    assert "ruhrkarte_sitzung" not in client.cookies


def test_a_token_sent_as_a_file_is_refused_not_an_error(editing):
    client = editing.client()
    token = hidden_value(client.get("/anmelden").text, "csrf")
    response = client.post("/anmelden", data={"name": "dora", "passwort": PASSWORD},
                           files={"csrf": ("csrf.txt", io.BytesIO(token.encode()), "text/plain")})
    assert response.status_code == 403


@pytest.mark.parametrize("site,status", [("same-origin", 303), ("none", 303), ("same-site", 403), ("cross-site", 403)])
def test_a_form_without_origin_is_judged_by_sec_fetch_site(editing, site, status):
    """Browsers that send no Origin still name where a request comes from: this service itself, or a
    bookmark or typed address ('none'), but not a sibling site of the same domain or another site."""
    client = editing.client()
    token = hidden_value(client.get("/anmelden").text, "csrf")
    response = client.post("/anmelden", headers={"Sec-Fetch-Site": site},
                           data={"csrf": token, "name": "dora", "passwort": PASSWORD})
    assert response.status_code == status


def test_a_form_from_the_public_origin_is_accepted_and_one_from_another_port_refused(behind_proxy):
    client, _form, signed = _proxied_sign_in(behind_proxy)
    session = {"ruhrkarte_sitzung": signed.cookies["ruhrkarte_sitzung"]}
    page = client.get("/bearbeiten", headers={"Cookie": f"ruhrkarte_sitzung={session['ruhrkarte_sitzung']}"})
    token = hidden_value(page.text, "csrf")
    refused = _proxied(client, "/abmelden", session, headers={"Origin": "https://karte.example.org:8443"},
                       data={"csrf": token})
    assert refused.status_code == 403
    done = _proxied(client, "/abmelden", session, headers={"Origin": PUBLIC}, data={"csrf": token})
    assert done.status_code == 303 and done.headers["location"] == "/anmelden?abgemeldet=1"
    assert behind_proxy.store.session(session["ruhrkarte_sitzung"]) is None
