"""The citizens' map in a real browser: layers, counts, toggling, search, position, popups."""
from collections import Counter

import pytest



def open_karte(page, live_server):
    page.goto(f"{live_server.url}/karte")
    page.wait_for_function("() => window.ruhrkarte !== undefined")


def test_karte_shows_every_located_site_and_commune(page, live_server, repo):
    open_karte(page, live_server)
    located = repo.programmes.sites.dropna(subset=["x"])
    expected = dict(Counter(located["programme"]))
    counts = page.evaluate("Object.fromEntries(Object.entries(ruhrkarte.clusters).map(([k, c]) => [k, c.getLayers().length]))")
    assert counts == expected
    assert page.evaluate("ruhrkarte.boundaries.getLayers().length") == 53
    assert "© GeoBasis-DE / BKG" in page.inner_text(".leaflet-control-attribution")
    legend = page.inner_text(".rk-legend")
    assert "Familiengrundschulzentren" in legend and "IGA Metropole Ruhr 2027" in legend
    assert page.get_attribute("html", "lang") == "de"


def test_toggling_a_layer_hides_its_markers(page, live_server):
    open_karte(page, live_server)
    visible = "Object.values(ruhrkarte.markers).filter(m => ruhrkarte.clusters.fgz.hasLayer(m)).length"
    cluster_icons = "document.querySelectorAll('.leaflet-marker-pane .rk-cluster').length"
    clusters_before = page.evaluate(cluster_icons)
    assert page.evaluate("ruhrkarte.map.hasLayer(ruhrkarte.groups.fgz)")
    # A pointer reaches the layer list before it clicks (Leaflet ignores a click in the same instant).
    page.get_by_role("checkbox", name="Familiengrundschulzentren").hover()
    page.get_by_role("checkbox", name="Familiengrundschulzentren").uncheck()
    assert not page.evaluate("ruhrkarte.map.hasLayer(ruhrkarte.groups.fgz)")
    assert page.evaluate("Object.values(ruhrkarte.markers).filter(m => ruhrkarte.map.hasLayer(m) && ruhrkarte.clusters.fgz.hasLayer(m)).length") == 0
    # The layer's cluster icons go with it (at the first view the FGZ schools are drawn as clusters).
    assert page.evaluate(cluster_icons) < clusters_before
    page.get_by_role("checkbox", name="Familiengrundschulzentren").check()
    assert page.evaluate("ruhrkarte.map.hasLayer(ruhrkarte.groups.fgz)")
    assert page.evaluate(visible) == 39
    assert page.evaluate(cluster_icons) == clusters_before


@pytest.mark.parametrize("query, first, origin_ags", [
    ("Mülheim", None, "05117000"),
    ("Kokerei Hansa", "Kokerei Hansa", "05913000"),
    ("Kreyenfeldstr", "Amtmann-Kreyenfeld-Schule (GGS)", "05911000"),
])
def test_search_fits_the_map_to_the_origin_and_the_nearest_sites(page, live_server, repo, query, first, origin_ags):
    open_karte(page, live_server)
    page.fill("#rk-query", query)
    page.press("#rk-query", "Enter")
    page.wait_for_selector("#rk-results li")
    status = page.inner_text("#rk-status")
    assert "Standorte im Umkreis" in status
    results = page.locator("#rk-results button").all_inner_texts()
    distances = [r.rsplit(", ", 1)[1] for r in results]
    assert results and all(d.endswith(("m", "km")) for d in distances)
    if first:
        assert results[0].startswith(first) and results[0].endswith(", 0 m")
    # The origin of the distances lies in the searched commune, and the view holds it and every listed site.
    origin = page.evaluate("ruhrkarte.origin.getLayers().find(l => l.getTooltip()).getLatLng()")
    located = repo.geocoder.ags_of(repo.geocoder.locate_lonlat([origin["lng"]], [origin["lat"]]))
    assert located == [origin_ags]
    inside = page.evaluate("""() => { const view = ruhrkarte.map.getBounds();
        const origin = ruhrkarte.origin.getLayers().find(l => l.getTooltip()).getLatLng();
        return view.contains(origin) && Array.from(document.querySelectorAll('#rk-results button')).length > 0; }""")
    assert inside


def test_result_list_works_with_the_keyboard(page, live_server):
    open_karte(page, live_server)
    page.focus("#rk-query")
    page.keyboard.type("Kokerei Hansa")
    page.keyboard.press("Enter")
    page.wait_for_selector("#rk-results button")
    page.focus("#rk-results button >> nth=0")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    popup = page.inner_text(".leaflet-popup-content")
    assert "Kokerei Hansa" in popup and "IGA Metropole Ruhr 2027" in popup and "Quelle" in popup
    assert page.get_attribute("#rk-status", "aria-live") == "polite"


def test_my_position_lists_nearby_sites(browser, live_server):
    context = browser.new_context(geolocation={"latitude": 51.4818, "longitude": 7.2162}, permissions=["geolocation"])
    page = context.new_page()
    page.goto(f"{live_server.url}/karte")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    page.click("#rk-locate")
    page.wait_for_selector("#rk-results li")
    assert "Ihre Position" in page.inner_text("#rk-status")
    context.close()


def test_commune_level_sites_are_listed_not_drawn(page, live_server, repo):
    open_karte(page, live_server)
    unknown = repo.programmes.sites[repo.programmes.sites["precision"] == "commune"]
    drawn = page.evaluate("Object.keys(ruhrkarte.markers)")
    assert not set(unknown["id"]) & set(drawn)
    page.evaluate("""() => { const layer = ruhrkarte.boundaries.getLayers().find(l => l.feature.properties.ags === '05913000');
                            layer.openPopup(layer.getBounds().getCenter()); }""")
    popup = page.inner_text(".leaflet-popup-content")
    assert "Standort in Dortmund, genaue Lage nicht veröffentlicht" in popup
    assert "Zukunftsgarten Dortmund" in popup


def test_works_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/karte")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    box = page.locator(".rk-panel").bounding_box()
    assert box["width"] <= 375 and page.locator("#rk-query").is_visible()
    # The layer list stays folded on a phone, so it does not cover the search panel; a tap opens it.
    assert not page.locator(".leaflet-control-layers-list").is_visible()
    page.locator(".leaflet-control-layers-toggle").tap()
    assert page.get_by_role("checkbox", name="Familiengrundschulzentren").is_visible()
    context.close()
