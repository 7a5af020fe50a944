"""A planner in a real browser on a real server with its own store: signs in, uploads a CSV of
measures through /ebenen (progress, then "wird verarbeitet", then the report), opens the layer on
/planung and sees its figures with the page's classes, legend and table; goes back to the programme
measure; makes the layer public and sees its features drawn over the map. axe finds nothing on the
report page and on /planung with the layer shown."""
from __future__ import annotations

import re

from tests.e2e.browser.harness import ARTIFACTS, sign_in
from tests.e2e.browser.test_axe import violations

# Test rows (coordinates of town halls and stations read off the committed boundaries' communes):
# Bochum 2, Dortmund 1, Essen 1, one in Köln (outside the Ruhr area) and one broken row.
MEASURES = ("Maßnahme;Breite;Länge;Betrag\n"
            "Spielplatz Mitte;51,4818;7,2162;1000\n"
            "Spielplatz Wattenscheid;51,4820;7,1370;500\n"
            "Radweg;51,5141;7,4668;300\n"
            "Schulhof;51,4556;7,0116;250\n"
            "Köln Dom;50,9413;6,9583;99\n"
            "Kaputt;x;7;1\n").encode()
BOCHUM, DORTMUND, ESSEN, HAGEN = "05911000", "05913000", "05113000", "05914000"
# Logs every text the upload's status line shows (the page leaves for the report, the console stays).
WATCH_STATUS = """() => new MutationObserver(() => console.log('status: ' + document.getElementById('rk-upload-text').textContent))
  .observe(document.getElementById('rk-upload-text'), {childList: true, characterData: true, subtree: true})"""


def _row(page, code: str) -> list[str]:
    return page.evaluate("""code => Array.from(document.querySelectorAll('#rk-measure-table tbody tr'))
        .find(row => row.cells[0].getAttribute('data-sort') === code).cells[4].textContent + '|' +
        Array.from(document.querySelectorAll('#rk-measure-table tbody tr'))
        .find(row => row.cells[0].getAttribute('data-sort') === code).cells[5].textContent""", code).split("|")


def _fill_of(page, code: str) -> str:
    return page.evaluate("""code => { let colour = null; ruhrkarte.boundaries.eachLayer(part => {
        if (part.feature.properties.ags === code) colour = part.options.fillColor; }); return colour; }""", code)


def test_a_planner_uploads_through_the_page_and_sees_the_layer_on_planung(page, layers_server):
    server = layers_server
    statuses: list[str] = []
    page.on("console", lambda message: statuses.append(message.text) if message.text.startswith("status: ") else None)
    sign_in(page, server)
    page.click("text=Eigene Ebenen")
    page.wait_for_url(server.url + "/ebenen")
    page.evaluate(WATCH_STATUS)
    page.fill("#rk-title", "Spielplätze 2025")
    page.set_input_files("#rk-file", files=[{"name": "massnahmen.csv", "mimeType": "text/csv", "buffer": MEASURES}])
    page.click("#rk-upload button[type=submit]")
    page.wait_for_url(re.compile(r"/ebenen/\d+\?hinweis=hochgeladen$"))
    assert any(re.fullmatch(r"status: [\d,.]+ KB von [\d,.]+ KB hochgeladen", s) for s in statuses), statuses
    assert "status: Hochgeladen; wird verarbeitet …" in statuses
    layer = int(re.search(r"/ebenen/(\d+)", page.url).group(1))

    main = page.inner_text("main")
    assert "Spielplätze 2025" in page.inner_text("h1") and "Gelesene Zeilen\n6" in main
    assert "Außerhalb des Ruhrgebiets\n1" in main and "Abgelehnte Zeilen\n1" in main
    placed = page.evaluate("""() => Array.from(document.querySelectorAll('main table'))[0].tBodies[0].rows.length""")
    assert placed == 3 and "Bochum\t05911000\t2" in main
    assert re.search(r"7\t.*Breite fehlt", main)  # the broken row, its line and reason (in German)
    assert violations(page) == []

    page.click("text=Auf der Karte für Planende zeigen")
    page.wait_for_url(f"{server.url}/planung#ebene={layer}")
    page.wait_for_function("() => window.ruhrkarte !== undefined && !document.getElementById('rk-own').hidden")
    page.wait_for_function("() => document.querySelector('.rk-classes').textContent.includes('Spielplätze 2025')")
    assert page.input_value("#rk-own-layer") == str(layer)
    assert page.inner_text("#rk-measure-title") == "Spielplätze 2025: Anzahl der Objekte"
    classes = page.evaluate("() => ruhrkarte.classes")
    assert [c["label"] for c in classes] == ["keine", "1", "2"]  # three values: one class each, 0 its own
    assert _row(page, BOCHUM) == ["2", "2"] and _row(page, DORTMUND) == ["1", "1"] and _row(page, HAGEN) == ["0", "keine"]
    assert _fill_of(page, BOCHUM) == classes[2]["colour"] and _fill_of(page, HAGEN) == classes[0]["colour"]
    assert page.evaluate("() => document.querySelector('#rk-measure-table tbody tr').cells[0].getAttribute('data-sort')") == BOCHUM
    legend = page.inner_text(".rk-classes")
    assert legend.startswith("Spielplätze 2025: Anzahl der Objekte") and "keine" in legend
    assert violations(page) == []

    page.select_option("#rk-own-measure", label="Betrag: Summe")
    page.wait_for_function("() => document.getElementById('rk-measure-title').textContent.endsWith('Betrag: Summe')")
    assert _row(page, BOCHUM)[0] == "1.500,00" and _row(page, ESSEN)[0] == "250,00"

    page.select_option("#rk-own-measure", value="")
    page.wait_for_function("() => document.getElementById('rk-measure-title').textContent.startsWith('Angerechnete')")
    assert page.evaluate("() => ruhrkarte.measureLabel").startswith("Angerechnete Förderung je Einwohner")
    assert _row(page, BOCHUM)[0].endswith("€")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "planung-own-layer.png"))


def test_a_public_layers_features_are_drawn_over_the_map_and_others_see_no_private_layer(page, layers_server):
    server = layers_server
    sign_in(page, server, "bodo")
    page.goto(server.url + "/ebenen")
    page.fill("#rk-title", "Radwege Bochum")
    page.set_input_files("#rk-file", files=[{"name": "radwege.csv", "mimeType": "text/csv", "buffer": MEASURES}])
    page.click("#rk-upload button[type=submit]")
    page.wait_for_url(re.compile(r"/ebenen/\d+\?hinweis=hochgeladen$"))
    layer = int(re.search(r"/ebenen/(\d+)", page.url).group(1))
    page.goto(server.url + "/ebenen")
    page.click("tr:has-text('Radwege Bochum') >> text=Öffentlich machen")
    page.wait_for_url(re.compile(rf"/ebenen/{layer}\?hinweis=freigegeben$"))
    assert "öffentlich" in page.inner_text("main")

    page.goto(f"{server.url}/planung#ebene={layer}")
    page.wait_for_function("() => window.ruhrkarte !== undefined && !document.getElementById('rk-own-draw').disabled")
    options = page.evaluate("() => Array.from(document.querySelectorAll('#rk-own-layer option')).map(o => o.textContent)")
    assert "Spielplätze 2025 (dora)" not in options  # dora's private layer is not offered to bodo
    page.check("#rk-own-draw")
    page.wait_for_function("() => document.getElementById('rk-own-drawn').textContent !== ''")
    drawn = page.inner_text("#rk-own-drawn")
    assert re.fullmatch(r"\d+ (Gruppen von Objekten|Objekte) in diesem Ausschnitt.*", drawn), drawn
    assert page.evaluate("() => document.querySelectorAll('path.leaflet-interactive[stroke=\"#7a0177\"]').length") > 0
    page.uncheck("#rk-own-draw")
    page.wait_for_function("() => document.querySelectorAll('path[stroke=\"#7a0177\"]').length === 0")
