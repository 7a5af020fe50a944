"""The editing pages in a real browser on a real server with its own store: an editor enters a
hostile name through the form (the map click and the live commune check work), a curator approves
it, and every public page shows the name as text; no script from it ever runs."""
from __future__ import annotations

import pytest

from tests.e2e.browser.harness import LiveServer
from tests.service.editing import PASSWORD, seeded_folder
from tests.store.helpers import DORTMUND, DORTMUND_POINT, SOURCE

HOSTILE = '<script>window.__xss=3</script><img src=x onerror="window.__xss=1"> "Zitat" \'einfach\' & Co'


@pytest.fixture(scope="module")
def editing_server(repo, tmp_path_factory):
    with LiveServer(state_dir=seeded_folder(repo, tmp_path_factory.mktemp("editing-state"))) as server:
        yield server


def _sign_in(page, server, name: str) -> None:
    page.goto(server.url + "/anmelden")
    page.fill("#name", name)
    page.fill("#passwort", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/bearbeiten")


def _no_script_ran(page) -> None:
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate("() => document.querySelectorAll('img[src=x], main script').length") == 0


def test_a_hostile_name_entered_through_the_form_stays_text_everywhere(page, editing_server):
    server = editing_server
    _sign_in(page, server, "dora")
    page.goto(f"{server.url}/bearbeiten/standorte/neu?gemeinde={DORTMUND}")
    page.wait_for_function("() => window.ruhrkartePickMap !== undefined && window.ruhrkartePickMap !== null")
    page.click("#rk-pick-map")  # the map starts on the chosen commune: its middle lies in it
    page.wait_for_function("() => document.getElementById('lat').value !== ''")
    page.wait_for_function("() => document.getElementById('rk-point-check').textContent.includes('Dortmund')")
    page.fill("#name", HOSTILE)
    page.fill("#address", HOSTILE)
    page.select_option("#programme", "talentkolleg")
    page.select_option("#precision", "landmark")
    page.fill("#lat", DORTMUND_POINT[0].replace(".", ","))  # a German decimal comma is understood
    page.fill("#lon", DORTMUND_POINT[1])
    page.dispatch_event("#lon", "change")
    page.wait_for_function("() => document.getElementById('rk-point-check').textContent === 'Der Punkt liegt in Dortmund.'")
    page.fill("#source", SOURCE)
    page.fill("#grund", "neu eröffnet")
    page.click("form.rk-form button[type=submit]")
    page.wait_for_url(server.url + "/bearbeiten?hinweis=vorgeschlagen")
    assert HOSTILE in page.inner_text("main")
    _no_script_ran(page)
    page.click("text=Abmelden")
    page.wait_for_url(server.url + "/anmelden?abgemeldet=1")

    _sign_in(page, server, "kurt")
    page.goto(server.url + "/bearbeiten/pruefen")
    assert HOSTILE in page.inner_text("main")
    _no_script_ran(page)
    page.click("text=Annehmen und veröffentlichen")
    page.wait_for_url(server.url + "/bearbeiten/pruefen?hinweis=angenommen")
    key = server.store.proposals(None)[-1].key
    assert server.store.get("sites", key).values["name"] == HOSTILE  # stored verbatim

    for path in ("/karte", f"/gemeinden/{DORTMUND}"):
        page.goto(server.url + path)
        page.wait_for_function("() => window.ruhrkarte !== undefined")
        page.evaluate("(key) => ruhrkarte.openSite(key)", key)
        page.wait_for_selector(".leaflet-popup-content")
        assert HOSTILE in page.inner_text(".leaflet-popup-content")
        _no_script_ran(page)
    assert HOSTILE in page.inner_text("main") if page.query_selector("main") else HOSTILE in page.inner_text("body")
    page.goto(f"{server.url}/collections/sites/items?f=html&ags={DORTMUND}&limit=1000")
    assert HOSTILE in page.inner_text("body")
    _no_script_ran(page)
