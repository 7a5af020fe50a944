"""Commune pages and the planners' choropleth in a real browser."""
import re


def test_commune_page_shows_its_portfolio(page, live_server):
    page.goto(f"{live_server.url}/gemeinden/Hagen")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.inner_text("h1") == "Hagen"
    rows = page.locator("table >> nth=0").locator("tbody tr").all_inner_texts()
    assert [r.split("\t") for r in rows] == [["Familiengrundschulzentren", "4"], ["TalentKolleg Ruhr", "1"],
                                              ["IGA Metropole Ruhr 2027", "5"], ["5-Standorte-Programm", "0"],
                                              ["Weitere Projektorte", "1"]]
    text = page.inner_text("body")
    assert "F051" in text and "10.100.000 €" in text and "2 von 53" in text
    assert page.evaluate("Object.keys(ruhrkarte.markers).length") == 4
    assert page.evaluate("ruhrkarte.boundaries.getLayers().length") == 1
    for label in ("Standorte als CSV", "Standorte als GeoJSON", "Förderung als CSV",
                  "GeoPackage (nur Standorte mit veröffentlichter Lage)"):
        href = page.get_by_role("link", name=label, exact=True).get_attribute("href")
        assert page.request.get(live_server.url + href).status == 200


def test_commune_page_by_name_variant(page, live_server):
    page.goto(f"{live_server.url}/gemeinden/muelheim")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.inner_text("h1") == "Mülheim an der Ruhr"


def test_planners_choropleth_shades_53_communes(page, live_server):
    page.goto(f"{live_server.url}/planung")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    fills = page.evaluate("ruhrkarte.boundaries.getLayers().map(l => l.options.fillColor)")
    assert len(fills) == 53 and all(re.fullmatch(r"#[0-9a-f]{6}", f) for f in fills)
    legend = page.inner_text(".rk-legend")
    assert "Angerechnete Förderung je Einwohner" in legend and "bis" in legend


def test_membership_measure_marks_the_14_five_sites_communes(page, live_server):
    page.goto(f"{live_server.url}/planung?measure=five_sites_member")
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    fills = page.evaluate("ruhrkarte.boundaries.getLayers().map(l => l.options.fillColor)")
    member_colour = page.evaluate("Array.from(document.querySelectorAll('.rk-classes div')).find(d => d.textContent.trim() === 'ja').querySelector('span').style.background")
    assert sum(1 for f in fills if f == rgb_to_hex(member_colour)) == 14


def rgb_to_hex(css: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_changing_the_measure_in_the_form(page, live_server):
    page.goto(f"{live_server.url}/planung")
    page.select_option("select[name=measure]", "sites_total")
    page.click("button[type=submit]")
    page.wait_for_function("() => window.ruhrkarte !== undefined && location.search.includes('sites_total')")
    assert "Standorte insgesamt" in page.inner_text(".rk-legend")


def test_static_build_works_from_disk(page, tmp_path):
    from tests.cli_helpers import run_cli

    assert run_cli("maps", "build", "--out", str(tmp_path)).returncode == 0
    page.goto((tmp_path / "index.html").as_uri())
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.evaluate("ruhrkarte.boundaries.getLayers().length") == 53
    assert page.locator(".rk-panel").count() == 0  # no service behind a static build: no search panel
    page.goto((tmp_path / "gemeinde-05914000.html").as_uri())
    page.wait_for_function("() => window.ruhrkarte !== undefined")
    assert page.inner_text("h1") == "Hagen"


def test_api_documentation_page_works_offline(page, live_server):
    page.goto(f"{live_server.url}/api.html")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/collections/{collection_id}/items" in p for p in paths)
