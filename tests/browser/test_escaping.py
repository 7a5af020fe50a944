"""Text from data is never markup: a site named like an XSS payload shows as text, runs nothing."""
import pandas as pd
import pytest

from geo.manifest import write_manifest
from tests.browser.conftest import LiveServer

PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from geo.settings import data_dir
    import shutil

    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(data_dir(), folder)
    path = folder / "programmes" / "sites.csv"
    sites = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = sites[sites["id"] == "iga-02"].iloc[0].copy()
    row["id"], row["name"], row["address"] = "xss-1", PAYLOAD, PAYLOAD
    row["source"] = "javascript:window.__xss=2"
    row["lat"], row["lon"] = "51.5300", "7.4300"
    pd.concat([sites, row.to_frame().T]).to_csv(path, index=False)
    write_manifest(folder)  # the edited copy is sealed, as a curator would with `ruhrkarte data seal`
    with LiveServer(folder) as server:
        yield server


@pytest.mark.parametrize("path", ["/karte", "/gemeinden/05913000", "/planung"])
def test_hostile_site_name_runs_no_script(page, hostile_server, path):
    page.goto(hostile_server.url + path)
    page.wait_for_function("window.ruhrkarte !== undefined")
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
    page.wait_for_function("window.ruhrkarte !== undefined")
    page.fill("#rk-query", "Kokerei Hansa")
    page.press("#rk-query", "Enter")
    page.wait_for_selector("#rk-results li")
    assert PAYLOAD in page.inner_text("#rk-results")
    assert page.evaluate("window.__xss") is None
