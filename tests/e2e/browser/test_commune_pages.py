"""The commune index, Kreis pages, commune pages and /planung in Chromium: the filter, sortable
tables, the overlay, PNG export, print layout and a 390x844 phone without sideways scrolling."""
from __future__ import annotations

import re

import pytest

from tests.e2e.browser.harness import ARTIFACTS

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def visible_communes(page) -> list[str]:
    return page.eval_on_selector_all("#rk-communes [data-rk-item]:not([hidden]) a", "links => links.map(a => a.textContent)")


def test_the_filter_narrows_the_index_and_keeps_umlaut_spellings(page, live_server):
    page.goto(f"{live_server.url}/gemeinden")
    field = page.get_by_label("Gemeinde suchen (Name oder AGS)")
    assert field.is_visible() and len(visible_communes(page)) == 53
    field.fill("dortm")
    assert visible_communes(page) == ["Dortmund"]
    assert page.inner_text("#rk-communes-status") == "1 von 53 Gemeinden"
    assert page.locator("#rk-group-05978").is_hidden()  # a Kreis with no match folds away
    field.fill("muelheim")
    assert visible_communes(page) == ["Mülheim an der Ruhr"]
    field.fill("05978")
    assert len(visible_communes(page)) == 10
    field.fill("")
    assert len(visible_communes(page)) == 53


def test_the_index_is_complete_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/gemeinden")
    assert tab.locator("#rk-communes a[href^='/gemeinden/']").count() == 53
    assert tab.locator(".rk-filter").is_hidden()  # a field that could not filter is not offered
    context.close()


def test_a_commune_page_draws_its_neighbours_lightly_and_not_as_content(page, live_server):
    page.goto(f"{live_server.url}/gemeinden/05913000")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    neighbours = page.locator('path[stroke-dasharray="4 3"]')
    assert neighbours.count() == 11  # the communes bordering Dortmund
    assert page.evaluate("() => document.querySelectorAll('path[stroke-dasharray=\"4 3\"].leaflet-interactive').length") == 0
    assert page.evaluate("() => ruhrkarte.boundaries.getLayers().length") == 1


def test_the_kreis_page_shows_its_communes(page, live_server):
    page.goto(f"{live_server.url}/kreise/05978")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.inner_text("h1") == "Kreis Unna"
    assert page.evaluate("() => ruhrkarte.boundaries.getLayers().length") == 10


def test_an_unknown_commune_shows_the_german_page_with_suggestions(page, live_server):
    response = page.goto(f"{live_server.url}/gemeinden/Dortmnd")
    assert response.status == 404
    page.watch.errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")  # the page itself
    assert page.inner_text("h1") == "Gemeinde nicht gefunden"
    page.get_by_role("link", name="Dortmund").click()
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.inner_text("h1") == "Dortmund"


@pytest.mark.parametrize("path", ["/gemeinden", "/gemeinden/05913000", "/gemeinden/05954008", "/kreise/05978", "/planung",
                                  "/planung?level=kreise"])
def test_no_sideways_scrolling_on_a_phone(browser, live_server, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="de-DE")
    tab = context.new_page()
    tab.goto(live_server.url + path)
    tab.wait_for_load_state("load")
    widths = tab.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"phone-390{path.replace('/', '-').replace('?', '-')}.png"), full_page=True)
    context.close()
    assert widths[0] <= widths[1], f"{path}: page is {widths[0]} px wide on a {widths[1]} px screen"


def test_planung_overlay_is_off_and_the_table_sorts(page, live_server):
    page.goto(f"{live_server.url}/planung?measure=funding_eur")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.evaluate("() => Object.values(ruhrkarte.groups).every(g => !ruhrkarte.map.hasLayer(g))")
    first_name = "() => document.querySelector('#rk-measure-table tbody tr').cells[1].textContent"
    assert page.evaluate(first_name) == "Marl"
    populations = "() => Array.from(document.querySelectorAll('#rk-measure-table tbody tr')).map(r => Number(r.cells[3].dataset.sort))"
    page.get_by_role("button", name="Einwohner").click()
    ascending = page.evaluate(populations)
    assert ascending == sorted(ascending) and len(ascending) == 53
    page.get_by_role("button", name="Einwohner").click()
    assert page.evaluate(populations) == sorted(ascending, reverse=True)
    assert page.evaluate(first_name) == "Dortmund"
    assert page.get_attribute("#rk-measure-table th:nth-child(4)", "aria-sort") == "descending"
    page.get_by_role("button", name="Gemeinde").click()
    assert page.evaluate(first_name) == "Alpen"


def test_planung_exports_the_map_as_png(page, live_server):
    page.goto(f"{live_server.url}/planung?measure=funding_eur")
    page.wait_for_function("() => window.ruhrkarte !== undefined && window.ruhrkarte.renderPng !== undefined")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Karte als PNG speichern").click()
    download = download_info.value
    assert download.suggested_filename == "ruhrkarte-planung-gemeinden-funding_eur.png"
    target = ARTIFACTS / download.suggested_filename
    ARTIFACTS.mkdir(exist_ok=True)
    download.save_as(str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The PNG shows the map as drawn: the pixel at Marl's centre has Marl's class colour.
    colour = page.evaluate("""() => {
        const layer = ruhrkarte.boundaries.getLayers().find(l => l.feature.properties.ags === '05562024');
        const p = ruhrkarte.map.latLngToContainerPoint(layer.getBounds().getCenter());
        const canvas = ruhrkarte.renderPng();
        const d = canvas.getContext('2d').getImageData(Math.round(p.x), Math.round(p.y) + 48, 1, 1).data;
        return [Array.from(d.slice(0, 3)), layer.options.fillColor];
    }""")
    pixel, fill = colour
    expected = [int(fill[i:i + 2], 16) for i in (1, 3, 5)]
    blended = [round(0.8 * e + 0.2 * 255) for e in expected]  # fill opacity 0.8 on white
    assert all(abs(a - b) <= 3 for a, b in zip(pixel, blended)), (pixel, fill)


def test_planung_prints_on_one_a4_landscape_page(page, live_server):
    page.goto(f"{live_server.url}/planung")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    page.emulate_media(media="print")
    assert page.locator("select[name=measure]").is_hidden() and page.locator("#rk-measure-table").is_hidden()
    assert "© GeoBasis-DE / BKG" in page.inner_text(".rk-print-only >> nth=1")
    assert page.locator(".rk-legend").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "planung-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1  # one page
    width, height = (float(v) for v in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert abs(width - 842) < 1 and abs(height - 595) < 1  # A4 landscape in points
