"""Text from data is never markup: a site named like an XSS payload shows as text, runs nothing."""
import pytest

from tests.e2e.browser.harness import LiveServer
from tests.hostile import PAYLOAD, hostile_data_copy


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = hostile_data_copy(tmp_path_factory.mktemp("hostile") / "data")
    with LiveServer(folder) as server:
        yield server


@pytest.mark.parametrize("path", ["/karte", "/gemeinden/05913000", "/planung"])
def test_hostile_site_name_runs_no_script(page, hostile_server, path):
    page.goto(hostile_server.url + path)
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    if path == "/planung":  # the overlay is off at first: switched on as in the layer control
        page.evaluate("() => Object.values(ruhrkarte.groups).forEach(g => ruhrkarte.map.addLayer(g))")
    page.evaluate("ruhrkarte.openSite('xss-1')")
    page.wait_for_selector(".leaflet-popup-content")
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    popup = page.inner_text(".leaflet-popup-content")
    assert PAYLOAD in popup
    assert page.evaluate("Array.from(document.querySelectorAll('a')).some(a => a.href.startsWith('javascript:'))") is False
    if path.startswith("/gemeinden"):
        assert PAYLOAD in page.inner_text("table >> nth=1")


def test_search_results_stay_text(page, hostile_server):
    page.goto(hostile_server.url + "/karte")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    page.fill("#rk-query", "Kokerei Hansa")
    page.press("#rk-query", "Enter")
    page.wait_for_selector("#rk-results li")
    assert PAYLOAD in page.inner_text("#rk-results")
    assert page.evaluate("window.__xss") is None
