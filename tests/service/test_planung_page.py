"""/planung: classes with 'keine', the note on fewer classes, the table, the measure as CSV, the Kreis
level, funding per period, the overlay off at first and what print and PNG export need."""
import csv
import io
import re

from geo.planning import period_measures, planning_table


def _table_rows(html: str) -> list[list[str]]:
    table = html[html.index('<table class="rk-sortable" id="rk-measure-table">'):]
    table = table[:table.index("</table>")]
    return [[re.sub("<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table)[1:]]


def test_zero_gets_its_own_class_and_fewer_classes_are_said(client):
    html = client.get("/planung?measure=funding_eur&k=5").text
    assert '"label":"keine"' in html and '"colour":"#f0f0f0"' in html
    rows = _table_rows(html)
    assert sum(1 for r in rows if r[-1] == "keine") == 47  # the communes without credited funding
    assert 'id="rk-class-note"' not in html  # six funded communes fill five classes
    few = client.get("/planung?measure=funding_period_2018-2020&k=5").text
    note = re.search(r'<p class="rk-notice" id="rk-class-note">([^<]+)</p>', few).group(1)
    assert note == "Die Daten ergeben nur 2 statt der gewählten 5 Klassen. Über 0 kommt nur ein einziger Wert vor."


def test_the_table_has_kreis_population_and_the_raw_value_with_sort_keys(client, repo):
    html = client.get("/planung?measure=funding_eur").text
    header = re.findall(r'<th scope="col">([^<]+)</th>', html[html.index('<table class="rk-sortable" id="rk-measure-table">'):])[:6]
    assert header == ["AGS", "Gemeinde", "Kreis", "Einwohner", "Angerechnete Förderung (€)", "Klasse"]
    rows = _table_rows(html)
    population = int(repo.portfolios.communes.loc["05562024", "population"])
    assert len(rows) == 53 and rows[0][:5] == ["05562024", "Marl", "Kreis Recklinghausen", f"{population:,}".replace(",", "."),
                                               "14.850.000 €"]
    assert 'data-sort="14850000.0"' in html and f'data-sort="{population}"' in html
    assert "ruhrkarte-lists.js" in html and "ruhrkarte-export.js" in html


def test_the_shown_measure_as_csv(client):
    response = client.get("/planung.csv?measure=sites_total&level=kreise&k=4")
    assert response.headers["content-disposition"] == 'attachment; filename="ruhrkarte-planung-kreise-sites_total.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 15 and list(rows[0]) == ["code", "name", "kreis", "population", "sites_total", "class"]
    unna = next(r for r in rows if r["code"] == "05978")
    assert unna["kreis"] == "Kreis" and unna["population"] == "399447" and unna["sites_total"] == "8"
    assert 'href="/planung.csv?measure=funding_per_inhabitant_eur&amp;scheme=natural_breaks&amp;k=5&amp;level=gemeinden"' \
        in client.get("/planung").text


def test_the_kreis_level_shades_the_15_units(client):
    html = client.get("/planung?level=kreise&measure=funding_eur").text
    rows = _table_rows(html)
    assert len(rows) == 15 and rows[0][1] == "Kreis Recklinghausen" and rows[0][4] == "20.140.000 €"
    assert '<option value="kreise" selected>' in html
    assert '"communeLink":"/kreise/{ags}"' in html


def test_funding_per_period_adds_up_to_the_credited_funding(repo):
    for level in ("gemeinden", "kreise"):
        table = planning_table(repo, level)
        periods = list(period_measures(repo))
        assert (table[periods].sum(axis=1) - table["funding_eur"]).abs().max() < 0.01, level
    assert period_measures(repo)["funding_period_2018-2020"] == "Angerechnete Förderung, Zeitraum 2018–2020 (€)"


def test_periods_are_compared_and_each_can_be_shown(client):
    html = client.get("/planung").text
    section = html[html.index("Angerechnete Förderung nach Zeitraum"):]
    assert "2018–2020" in section and "ohne Zeitraumangabe" in section
    assert client.get("/planung?measure=funding_period_2018-2020").status_code == 200
    assert client.get("/planung?measure=funding_period_1999").status_code == 400


def test_the_site_overlay_is_offered_but_off(client):
    html = client.get("/planung").text
    # folium adds a shown group to the map at once; a hidden one only to the layer control.
    groups = re.findall(r"var (feature_group_\w+) = L\.featureGroup", html)
    assert len(groups) == 5 and not any(f"{g}.addTo(" in html for g in groups)


def test_print_and_png_export_have_what_they_need(client):
    html = client.get("/planung").text
    assert '<p class="rk-tools rk-no-print" hidden>' in html and 'id="rk-png"' in html and 'id="rk-print"' in html
    assert "Grenzen © GeoBasis-DE / BKG, dl-de/by-2-0" in html and 'id="rk-print-date"' in html
    assert '"fileName":"ruhrkarte-planung-gemeinden-funding_per_inhabitant_eur.png"' in html
    css = client.get("/static/app/ruhrkarte.css").text
    assert "@page { size: A4 landscape;" in css and "@media print" in css
