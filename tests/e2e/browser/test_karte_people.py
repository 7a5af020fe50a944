"""/karte as people use it (issue 14), on a desktop (1366x768) and a phone (390x844): orientation
without a background map, search that understands people, clusters and popups that explain
themselves, folding panels on a phone, and the keyboard. Screenshots go to test-artifacts/."""
from __future__ import annotations

import pytest

from tests.e2e.browser.karte_tabs import PHONE

ORIGIN_TEXT = "ruhrkarte.origin.getLayers().filter(l => l.getTooltip()).map(l => l.getTooltip().getContent().textContent)"


def search(tab, text):
    tab.fill("#rk-query", text)
    tab.press("#rk-query", "Enter")
    tab.wait_for_function("() => !['', 'Suche …'].includes(document.querySelector('#rk-status').textContent)")
    return tab.inner_text("#rk-status")


OVERLAP = """([a, b]) => { const p = document.querySelector(a).getBoundingClientRect();
    const q = document.querySelector(b).getBoundingClientRect();
    return p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom; }"""


def overlap(tab, a, b) -> bool:
    return tab.evaluate(OVERLAP, [a, b])


def popup_clear_of_panel(tab) -> None:
    """The popup is (within 3 s: Leaflet's own pan is animated) clear of the search panel and on screen."""
    tab.wait_for_function(f"() => !({OVERLAP})(['.leaflet-popup', '.rk-panel'])", timeout=3000)
    box = tab.locator(".leaflet-popup").bounding_box()
    size = tab.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]


# -- orientation without a background map ------------------------------------------------------

def test_place_names_show_kreise_zoomed_out_and_communes_zoomed_in(open_karte):
    tab = open_karte()
    labels = "Array.from(document.querySelectorAll('.rk-label')).map(l => l.textContent)"
    assert tab.evaluate("ruhrkarte.map.getZoom()") < 11
    zoomed_out = tab.evaluate(labels)
    assert len(zoomed_out) == 15 and {"Kreis Recklinghausen", "Ennepe-Ruhr-Kreis", "Dortmund"} <= set(zoomed_out)
    tab.evaluate("ruhrkarte.map.setZoom(11, {animate: false})")
    zoomed_in = tab.evaluate(labels)
    assert len(zoomed_in) == 53 and {"Marl", "Hattingen", "Dortmund"} <= set(zoomed_in)
    # Decoration for the eye: the same names reach screen readers through search and popups.
    assert tab.evaluate("Array.from(document.querySelectorAll('.rk-label')).every(l => l.getAttribute('aria-hidden') === 'true')")


def test_zoomed_in_a_line_names_the_commune_in_the_centre(open_karte):
    tab = open_karte()
    caption = tab.locator(".rk-caption")
    assert not caption.is_visible()  # the whole region: the labels name everything
    tab.evaluate("ruhrkarte.map.setView(ruhrkarte.markers['iga-02'].getLatLng(), 15, {animate: false})")
    assert caption.inner_text() == "Kartenmitte: Dortmund"
    tab.evaluate("ruhrkarte.map.setView([51.4818, 7.2162], 14, {animate: false})")  # Bochum's centre
    assert caption.inner_text() == "Kartenmitte: Bochum"
    tab.evaluate("ruhrkarte.map.setView([51.6, 6.3], 14, {animate: false})")  # west of the Ruhr area
    assert not caption.is_visible()


def test_searched_commune_is_outlined_and_the_origin_of_distances_marked(open_karte):
    tab = open_karte()
    whole_region = tab.evaluate("ruhrkarte.map.getZoom()")
    assert "Standorte im Umkreis" in search(tab, "Bochum")
    assert tab.evaluate("ruhrkarte.map.getZoom()") > whole_region
    weights = tab.evaluate("Object.fromEntries(ruhrkarte.boundaries.getLayers().map(l => [l.feature.properties.ags, l.options.weight]))")
    assert weights.pop("05911000") > 3 and set(weights.values()) == {1.2}
    assert tab.evaluate(ORIGIN_TEXT) == ["Ausgangspunkt: Bochum"]
    # The map is fitted to the origin and every listed site.
    assert tab.evaluate("""() => { const view = ruhrkarte.map.getBounds();
        const ids = Array.from(document.querySelectorAll('#rk-results button')).map(b => b.dataset.site);
        return ids.length > 0 && ids.every(id => view.contains(ruhrkarte.markers[id].getLatLng()))
            && ruhrkarte.origin.getLayers().every(l => !l.getLatLng || view.contains(l.getLatLng())); }""")


def test_a_searched_kreis_outlines_all_its_communes(open_karte):
    tab = open_karte()
    search(tab, "Kreis Unna")
    outlined = tab.evaluate("ruhrkarte.boundaries.getLayers().filter(l => l.options.weight > 3).map(l => l.feature.properties.ags)")
    assert len(outlined) == 10 and all(ags.startswith("05978") for ags in outlined)
    assert tab.evaluate(ORIGIN_TEXT) == ["Ausgangspunkt: Kreis Unna"]


def test_the_searched_site_stands_out_from_the_dots_beside_it(open_karte):
    tab = open_karte()
    search(tab, "Kokerei Hansa")
    tab.evaluate("ruhrkarte.map.setView(ruhrkarte.markers['iga-02'].getLatLng(), 15, {animate: false})")
    assert tab.evaluate(ORIGIN_TEXT) == ["Gesucht: Kokerei Hansa"]
    assert tab.locator(".rk-origin-label").is_visible()
    ring = tab.evaluate("ruhrkarte.origin.getLayers().find(l => l.options.radius === 14).getLatLng()")
    site = tab.evaluate("ruhrkarte.markers['iga-02'].getLatLng()")
    assert (ring["lat"], ring["lng"]) == (site["lat"], site["lng"])
    # Only the hit has the ring: the neighbouring Kokerei-Park is a plain dot.
    assert tab.evaluate("ruhrkarte.origin.getLayers().filter(l => l.options.radius === 14).length") == 1


def test_my_position_says_you_are_here_with_its_accuracy(open_karte):
    tab = open_karte(geolocation={"latitude": 51.4818, "longitude": 7.2162, "accuracy": 120}, permissions=["geolocation"])
    tab.click("#rk-locate")
    tab.wait_for_selector("#rk-results li")
    assert tab.evaluate(ORIGIN_TEXT) == ["Sie sind hier (auf etwa 120 m genau)"]
    circle = tab.evaluate("""() => { const c = ruhrkarte.origin.getLayers().find(l => l instanceof L.Circle);
        return [c.getRadius(), ruhrkarte.map.getBounds().contains(c.getBounds())]; }""")
    assert circle == [120, True]


# -- search that understands people -----------------------------------------------------------

@pytest.mark.parametrize("typed", ["Kreyenfeldstraße", "Kreyenfeld-Str."], ids=["strasse", "str"])
def test_street_spellings_find_the_school(open_karte, typed):
    tab = open_karte()
    assert "Standorte im Umkreis" in search(tab, typed)
    assert tab.locator("#rk-results button >> nth=0").inner_text().startswith("Amtmann-Kreyenfeld-Schule (GGS)")


@pytest.mark.parametrize("typed, says, origin", [
    ("Bochum Hauptbahnhof", "„Bochum Hauptbahnhof“ als Ganzes gibt es keinen Treffer; gezeigt wird Bochum.", "Ausgangspunkt: Bochum"),
    ("Essen Zollverein", "gezeigt wird Zeche Zollverein", "Gesucht: Zeche Zollverein (Festival „The New Now“, Neue Künste Ruhr)"),
    ("Dortmnd", "Kein genauer Treffer für „Dortmnd“; gezeigt wird Dortmund.", "Ausgangspunkt: Dortmund"),
], ids=["bochum-hauptbahnhof", "essen-zollverein", "dortmnd"])
def test_words_and_typos_fall_back_and_say_so(open_karte, typed, says, origin):
    tab = open_karte()
    status = search(tab, typed)
    assert says in status and "Standorte im Umkreis" in status
    assert tab.evaluate(ORIGIN_TEXT) == [origin]


def test_several_candidates_are_offered_to_choose_from(open_karte):
    tab = open_karte()
    status = search(tab, "Schule")
    assert "Orte passen zu „Schule“" in status
    choices = tab.locator("#rk-candidates button")
    assert choices.count() >= 2 and tab.locator("#rk-results li").count() == 0
    second = choices.nth(1).inner_text()
    choices.nth(1).focus()
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#rk-results li")
    assert choices.nth(1).get_attribute("aria-current") == "true"
    assert second.endswith(" (Familiengrundschulzentren, Essen)")
    assert tab.evaluate(ORIGIN_TEXT) == ["Gesucht: " + second.removesuffix(" (Familiengrundschulzentren, Essen)")]
    assert tab.evaluate("document.activeElement.textContent") == second  # focus stays where it was


def test_a_site_without_position_names_its_commune(open_karte):
    tab = open_karte()
    status = search(tab, "Zukunftsgarten Dortmund")
    assert status.startswith("Standort in Dortmund, genaue Lage nicht veröffentlicht: Zukunftsgarten Dortmund")
    weights = tab.evaluate("ruhrkarte.boundaries.getLayers().filter(l => l.options.weight > 3).map(l => l.feature.properties.ags)")
    assert weights == ["05913000"]


def test_nothing_found_clears_the_last_answer(open_karte):
    tab = open_karte()
    search(tab, "Bochum")
    assert search(tab, "xqzw") == "Nichts gefunden für „xqzw“."
    assert tab.locator("#rk-results li").count() == 0 and tab.evaluate(ORIGIN_TEXT) == []
    assert tab.evaluate("ruhrkarte.boundaries.getLayers().filter(l => l.options.weight > 3).length") == 0


# -- clusters, popups, scale, status ----------------------------------------------------------

def test_clusters_wear_their_programme_colour_and_say_what_they_hold(open_karte, repo):
    tab = open_karte()
    colours = {p.id: p.colour for p in repo.programmes.registry}
    icons = tab.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon'))
        .filter(i => i.classList.contains('rk-cluster') || i.classList.contains('marker-cluster'))
        .map(i => [i.className, i.getAttribute('aria-label'), getComputedStyle(i.firstElementChild).borderTopColor, i.textContent])""")
    assert len(icons) >= 5
    names = {p.name_de: p.colour for p in repo.programmes.registry}
    for class_name, label, border, count in icons:
        assert "marker-cluster-small" not in class_name and "marker-cluster-medium" not in class_name
        programme = next(name for name in names if name in label)
        assert label.startswith(f"{count} Standorte: {programme}")
        assert _hex(border) == names[programme]
    assert set(colours.values()) >= {_hex(b) for _, _, b, _ in icons}


def _hex(css: str) -> str:
    import re
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_popup_says_what_the_programme_is_and_links_the_commune(open_karte, repo):
    tab = open_karte()
    tab.evaluate("ruhrkarte.openSite('iga-02')")
    popup = tab.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert repo.programmes.registry.get("iga2027").summary_de in text
    assert "Geplant für 2027." in text and "Status" not in text
    link = popup.get_by_role("link", name="Alle Projekte in Dortmund")
    assert link.get_attribute("href") == "/gemeinden/05913000"
    tab.evaluate("ruhrkarte.map.closePopup()")
    tab.evaluate("ruhrkarte.openSite('fgz-05911000-1')")
    assert "In Betrieb seit dem Schuljahr" in tab.locator(".leaflet-popup-content").inner_text()


def test_scale_is_metric_only(open_karte):
    tab = open_karte()
    lines = tab.locator(".leaflet-control-scale-line").all_inner_texts()
    assert len(lines) == 1 and lines[0].endswith(("km", " m"))


# -- phone ------------------------------------------------------------------------------------

def test_on_a_phone_panel_and_legend_fold_away(open_karte):
    tab = open_karte(PHONE)
    assert "user-scalable=no" not in tab.get_attribute("meta[name=viewport]", "content")
    toggle = tab.get_by_role("button", name="Suche und Ergebnisse")
    legend = tab.get_by_role("button", name="Legende")
    assert toggle.get_attribute("aria-expanded") == "true" and tab.locator("#rk-query").is_visible()
    assert legend.get_attribute("aria-expanded") == "false" and not tab.locator("#rk-legend-body").is_visible()
    assert tab.locator(".rk-panel").bounding_box()["width"] <= PHONE["width"]
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "false" and not tab.locator("#rk-query").is_visible()
    legend.tap()
    assert tab.locator("#rk-legend-body").is_visible() and "Familiengrundschulzentren" in tab.inner_text("#rk-legend-body")
    toggle.tap()
    assert tab.locator("#rk-query").is_visible()


def test_on_a_phone_a_popup_is_never_behind_the_panel(open_karte):
    tab = open_karte(PHONE)
    search(tab, "Kokerei Hansa")
    tab.locator("#rk-results button >> nth=0").tap()
    tab.locator(".leaflet-popup").wait_for()
    assert tab.locator(".leaflet-popup-content").is_visible()
    popup_clear_of_panel(tab)
    assert tab.get_by_role("button", name="Suche und Ergebnisse").get_attribute("aria-expanded") == "false"
    # Closed again, the panel unfolds and the focus returns to the result that opened the popup.
    tab.keyboard.press("Escape")
    tab.wait_for_function("() => document.activeElement.classList.contains('rk-result')", timeout=2000)
    assert tab.get_by_role("button", name="Suche und Ergebnisse").get_attribute("aria-expanded") == "true"
    assert tab.evaluate("document.activeElement.textContent").startswith("Kokerei Hansa – ")


def test_on_a_desktop_a_popup_moves_clear_of_the_panel(open_karte):
    tab = open_karte()
    search(tab, "Kokerei Hansa")
    # Put the site right under the panel, then open it: the map moves until the popup is clear.
    tab.evaluate("""() => { const map = ruhrkarte.map, site = ruhrkarte.markers['iga-02'].getLatLng();
        map.setView(site, 16, {animate: false});
        const at = map.latLngToContainerPoint(site);
        map.panBy([at.x - 150, at.y - 420], {animate: false}); }""")
    assert tab.evaluate("ruhrkarte.map.latLngToContainerPoint(ruhrkarte.markers['iga-02'].getLatLng()).x") < 200
    tab.evaluate("ruhrkarte.openSite('iga-02')")
    tab.locator(".leaflet-popup").wait_for()
    popup_clear_of_panel(tab)


# -- keyboard and screen readers --------------------------------------------------------------

def test_search_field_within_three_tab_presses_and_no_nameless_stops(open_karte):
    tab = open_karte()
    for presses in range(1, 4):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "rk-query":
            break
    assert tab.evaluate("document.activeElement.id") == "rk-query", f"not reached in {presses} presses"
    # No drawn shape is a tab stop (before, 75 nameless boundaries and every dot came first);
    # the cluster buttons have names.
    stops = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        stops.append(tab.evaluate("document.activeElement.tagName.toLowerCase()"))
    assert "path" not in stops and "svg" not in stops
    assert tab.evaluate("Array.from(document.querySelectorAll('path')).every(p => p.getAttribute('tabindex') === '-1')")
    assert tab.evaluate("""Array.from(document.querySelectorAll('.leaflet-marker-pane [tabindex="0"]'))
        .every(m => (m.getAttribute('aria-label') || '').length > 0)""")


def test_keyboard_reaches_results_popup_and_its_links_and_escape_returns(open_karte):
    tab = open_karte()
    tab.focus("#rk-query")
    tab.keyboard.type("Kokerei Hansa")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#rk-results button")
    assert tab.get_attribute("#rk-status", "aria-live") == "polite" and tab.get_attribute("#rk-status", "role") == "status"
    order = []
    for _ in range(4):
        tab.keyboard.press("Tab")
        order.append(tab.evaluate("document.activeElement.textContent"))
    assert order[:2] == ["Suchen", "Meine Position"] and order[2].startswith("Kokerei Hansa – ")
    assert order[3].startswith("Kokerei-Park")
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Enter")
    tab.locator(".leaflet-popup").wait_for()
    # The popup is a dialog named after the site, and the focus is on its title: a screen reader reads it.
    assert tab.get_attribute(".leaflet-popup", "role") == "dialog"
    assert tab.get_attribute(".leaflet-popup", "aria-label") == "Kokerei Hansa"
    assert tab.evaluate("document.activeElement.textContent") == "Kokerei Hansa"
    links = []
    for _ in range(3):
        tab.keyboard.press("Tab")
        links.append(tab.evaluate("document.activeElement.textContent"))
    assert links[:2] == ["www.industriedenkmal-stiftung.de", "Alle Projekte in Dortmund"]
    tab.keyboard.press("Escape")
    assert not tab.evaluate("ruhrkarte.map.hasLayer(ruhrkarte.markers['iga-02'].getPopup())")
    tab.locator(".leaflet-popup").wait_for(state="detached", timeout=2000)
    assert tab.evaluate("document.activeElement.textContent").startswith("Kokerei Hansa – ")


def test_a_cluster_is_a_button_that_enter_opens(open_karte):
    tab = open_karte()
    before = tab.evaluate("ruhrkarte.map.getZoom()")
    cluster = tab.locator(".rk-cluster").first
    label = cluster.get_attribute("aria-label")
    assert cluster.get_attribute("role") == "button" and "Standorte: " in label
    cluster.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"() => ruhrkarte.map.getZoom() > {before}", timeout=3000)
