"""The background map of /karte: none by default; a configured one is offered in the layer list,
switched off, and fetched only once the reader turns it on (a tile server sees who looks where)."""
from __future__ import annotations

import pytest

from tests.e2e.browser.harness import ARTIFACTS
from tests.e2e.browser.karte_tabs import DESKTOP, new_context
from tests.loopback_http import loopback_server


def test_without_configuration_there_is_no_background_layer(open_karte):
    tab = open_karte()
    assert "Hintergrundkarte" not in tab.inner_text(".leaflet-control-layers")
    assert tab.locator(".leaflet-tile").count() == 0


@pytest.fixture
def tile_server():
    """A stand-in for an outside tile service on another loopback port: answers every tile with
    Leaflet's layer icon (a real PNG) and records what was asked."""
    from service.settings import load_settings

    picture = (load_settings().node_modules / "leaflet/dist/images/layers.png").read_bytes()
    with loopback_server(lambda path, port: (200, "image/png", picture)) as server:
        yield server


def test_a_configured_background_map_stays_off_until_switched_on(browser, tile_server):
    from service.settings import load_settings
    from tests.e2e.browser.harness import LiveServer

    port = tile_server.server_address[1]
    settings = load_settings().model_copy(update={"tile_url": f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png",
                                                  "tile_attribution": "Test-Kacheln"})
    with LiveServer(settings=settings) as server:
        context = new_context(browser, DESKTOP)
        tab = context.new_page()
        tab.goto(f"{server.url}/karte")
        tab.wait_for_function("() => window.ruhrkarte !== undefined")
        switch = tab.get_by_role("checkbox", name="Hintergrundkarte (externer Dienst)")
        assert not switch.is_checked()
        tab.wait_for_timeout(300)
        assert tile_server.asked == [] and tab.locator(".leaflet-tile").count() == 0
        switch.hover()
        switch.check()
        tab.wait_for_function("() => document.querySelectorAll('.leaflet-tile-loaded').length > 0")
        assert tile_server.asked and all(path.endswith(".png") for path in tile_server.asked)
        assert "Test-Kacheln" in tab.inner_text(".leaflet-control-attribution")
        assert "© GeoBasis-DE / BKG" in tab.inner_text(".leaflet-control-attribution")
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "karte-background-switched-on.png"))
        context.close()


def test_the_attribution_links_are_underlined_not_told_apart_by_colour_alone(open_karte):
    """WCAG 1.4.1: a link inside a line of text needs more than its colour. Leaflet's own stylesheet,
    later in the page, once took the underline away again (axe flagged it only when it could see the
    colours behind the attribution, so at random)."""
    tab = open_karte()
    tab.evaluate("() => ruhrkarte.openSite(Object.keys(ruhrkarte.markers)[0])")
    tab.wait_for_selector(".leaflet-popup-content a")
    for selector in (".leaflet-control-attribution a", ".leaflet-popup-content a"):
        assert tab.locator(selector).count() > 0, selector
        decorations = tab.eval_on_selector_all(selector, "links => links.map(a => getComputedStyle(a).textDecorationLine)")
        assert set(decorations) == {"underline"}, (selector, decorations)
