"""axe-core (pinned in package.json) finds no WCAG 2.1 A/AA or best-practice violation on any page, in
German and in English, also with a map popup open; the keyboard meets the skip link first; the
commune picker works without JavaScript; the language switch works in the browser.

axe is evaluated into the page by Playwright (DevTools evaluation is not subject to the page's
Content-Security-Policy, so nothing is served or allowed for the test); nothing comes from a CDN.
"""
import re
from pathlib import Path

import pytest

from service.settings import load_settings
from tests.e2e.browser.harness import ARTIFACTS, sign_in
from tests.html_pages import HTML_PAGES, LIBRARY_PAGES, needs_session

AXE = Path(load_settings().node_modules) / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TAGS = [*WCAG, "best-practice"]
MAP_PAGES = ("/karte", "/gemeinden/", "/kreise/", "/planung")  # /gemeinden alone is the index, without a map
# Violations, and text outside the map whose contrast axe could not decide (it would pass unchecked).
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(result => {
  const undecided = result.incomplete.filter(v => v.id === 'color-contrast').map(v => ({...v,
      nodes: v.nodes.filter(n => { const node = document.querySelector(n.target[0]);
                                   return !node || !node.closest('.leaflet-container'); })}))
    .filter(v => v.nodes.length).map(v => ({...v, id: 'color-contrast undecided'}));
  return [...result.violations, ...undecided].map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || n.any.map(c => c.message).join('; ')))}));
})"""


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"


def open_page(page, url: str, path: str) -> None:
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    if path.startswith(MAP_PAGES):
        page.wait_for_function("() => window.ruhrkarte !== undefined && ruhrkarte.map !== undefined")


def server_for(request, page, path: str, live_server):
    """The server to visit `path` on: a page that needs a session is visited signed in, on a server with a store."""
    if not needs_session(path):
        return live_server
    server = request.getfixturevalue("layers_server")
    sign_in(page, server)
    return server


def violations(page, tags: list[str] = TAGS) -> list[dict]:
    if not page.evaluate("() => window.axe !== undefined"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, tags)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", HTML_PAGES, ids=slug)
def test_axe_finds_no_violation(request, page, live_server, path, lang):
    path = path if lang == "de" else f"{path}{'&' if '?' in path else '?'}lang=en"
    open_page(page, server_for(request, page, path, live_server).url, path)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"axe-{slug(path)}.png"))
    assert violations(page) == []
    if path.startswith(MAP_PAGES):  # a popup with its links, as a reader opens it
        if path.startswith("/planung"):  # the overlay is off at first: switched on as in the layer control
            page.evaluate("() => Object.values(ruhrkarte.groups).forEach(g => ruhrkarte.map.addLayer(g))")
        page.evaluate("() => ruhrkarte.openSite(Object.keys(ruhrkarte.markers)[0])")
        page.wait_for_selector(".leaflet-popup-content")
        # Leaflet fades a popup in; axe must see it as the reader does, not half transparent.
        page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
        # ... and once the clusters have settled: icons animating out are detached while axe reads them.
        page.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim') && !ruhrkarte.map._animatingZoom")
        assert violations(page) == []


@pytest.mark.parametrize("path", HTML_PAGES, ids=slug)
def test_the_first_tab_reaches_the_skip_link_and_it_leads_into_main(request, page, live_server, path):
    open_page(page, server_for(request, page, path, live_server).url, path)
    page.keyboard.press("Tab")
    assert page.evaluate("() => [document.activeElement.className, document.activeElement.textContent]") == [
        "rk-skip", "Zum Inhalt springen"]
    assert page.locator(".rk-skip").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'inhalt'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_the_map_shapes_stay_out_of_the_tab_order(page, live_server):
    open_page(page, live_server.url, "/karte")
    shapes = "() => Array.from(document.querySelectorAll('path.leaflet-interactive')).map(p => [p.getAttribute('tabindex'), p.getAttribute('aria-hidden')])"
    drawn = page.evaluate(shapes)
    assert len(drawn) > 53 and set(map(tuple, drawn)) == {("-1", "true")}
    # A marker drawn later, when its cluster opens, leaves the tab order too.
    page.evaluate("() => ruhrkarte.openSite(Object.keys(ruhrkarte.markers).find(id => !ruhrkarte.map.hasLayer(ruhrkarte.markers[id])))")
    page.wait_for_selector(".leaflet-popup-content")
    opened = page.evaluate(shapes)
    assert len(opened) > len(drawn) and set(map(tuple, opened)) == {("-1", "true")}
    assert page.evaluate("() => { const m = ruhrkarte.map.getContainer(); return [m.getAttribute('role'), m.getAttribute('aria-label')]; }") == ["region", "Karte"]


def test_the_commune_picker_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.select_option("#rk-gemeinde", label="Hagen")
        page.get_by_role("button", name="Zur Gemeindeseite").click()
        page.wait_for_url(re.compile(r"/gemeinden/05914000$"))
        assert page.inner_text("h1") == "Hagen"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "picker-without-javascript.png"))
    finally:
        context.close()


def test_the_language_switch_turns_the_map_page_and_its_script_into_english(page, live_server):
    open_page(page, live_server.url, "/karte")
    assert page.get_by_label("Ort, Adresse oder Standort").is_visible()
    page.get_by_role("link", name="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en' && window.ruhrkarte !== undefined")
    assert page.url.endswith("/karte?lang=en")
    assert page.get_by_label("Place, address or site").is_visible()  # a text of ruhrkarte.js
    assert "Legend" in page.inner_text(".rk-legend")
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_function("() => document.documentElement.lang === 'de' && window.ruhrkarte !== undefined")
    assert page.get_by_label("Ort, Adresse oder Standort").is_visible()


@pytest.mark.parametrize("path", LIBRARY_PAGES, ids=slug)
def test_the_api_documentation_meets_wcag_21_aa(page, live_server, path):
    """Swagger UI's own layout (its <main> beside an info block, its heading levels) breaks axe's
    best-practice rules, which only a fork could change; WCAG 2.1 A/AA it meets, in our frame."""
    page.goto(live_server.url + path)
    page.wait_for_selector(".swagger-ui .opblock")
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"axe-{slug(path)}.png"))
    assert violations(page, WCAG) == []
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#operations"


def test_the_sign_in_page_is_in_the_frame_and_meets_axe(page, live_server):
    """The editing pages are German only (no language switch), but have the frame's skip link and footer."""
    open_page(page, live_server.url, "/anmelden")
    assert violations(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "rk-skip"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'inhalt'")
    assert page.locator("footer.rk-footer nav a").count() == 4
