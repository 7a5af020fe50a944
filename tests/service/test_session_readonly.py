"""A service without a database (the fixed committed data) has no sessions: a browser that still
carries a session cookie from an editing deployment at the same address is served as the public."""
from service.sessions import SESSION_COOKIE


def test_a_leftover_session_cookie_on_a_service_without_a_database_is_ignored(client):
    cookies = {"Cookie": f"{SESSION_COOKIE}=eine-alte-sitzung-aus-der-bearbeitung-0123456789ab"}
    form = client.get("/anmelden", headers=cookies)
    assert form.status_code == 200 and "Anmelden" in form.text
