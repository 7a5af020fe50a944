"""The commune index, Kreis pages, the German 404 page and the downloads that match a commune page."""
import csv
import io
import json
import re

import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def _links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]*)"', html)


def test_the_index_lists_53_communes_in_the_4_kreise_and_the_kreisfreie_staedte(client, repo):
    page = client.get("/gemeinden", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    communes = _links(html, "/gemeinden/")
    assert sorted(communes) == sorted(f"/gemeinden/{ags}" for ags in repo.portfolios.communes.index)
    headings = re.findall(r'<h2 id="rk-group-[^"]+">([^<]+)', html)
    assert [h.strip() for h in headings] == ["Ennepe-Ruhr-Kreis", "Kreis Recklinghausen", "Kreis Unna", "Kreis Wesel",
                                             "Kreisfreie Städte"]
    assert sorted(_links(html, "/kreise/")) == ["/kreise/05170", "/kreise/05562", "/kreise/05954", "/kreise/05978"]
    # The filter works on the list that is already there: a field (hidden until the script runs) and items it filters.
    assert 'data-rk-filter="rk-communes"' in html and html.count("data-rk-item=") == 53
    assert '<div class="rk-filter" hidden>' in html and "ruhrkarte-lists.js" in html
    section = html[html.index('id="rk-group-05978"'):html.index('id="rk-group-05170"')]
    assert len(_links(section, "/gemeinden/")) == 10  # Kreis Unna's ten communes under its heading


def test_a_kreis_page_has_its_communes_and_kreis_level_figures(client):
    html = client.get("/kreise/05978").text
    assert "<h1>Kreis Unna</h1>" in html
    assert len(set(_links(html, "/gemeinden/0"))) == 10
    assert "Kennzahlen der Kreisebene" in html and "Förderung für den Kreis als Ganzes" in html
    assert "ja: Kreis Unna ist als Ganzes einer der fünf Standorte des Programms (Bericht S. 60)." in html
    assert "kein Rang: keine Förderung angerechnet (wie bei 8 von 15 Kreisen und kreisfreien Städten)" in html
    wesel = client.get("/kreise/Kreis Wesel").text
    assert "<h1>Kreis Wesel</h1>" in wesel and "3.380.000 €" in wesel  # F015, a grant for the Kreis as a whole


def test_kreis_and_commune_urls_lead_to_the_one_page_of_each_place(client):
    for url, target in (("/gemeinden/Kreis Unna", "/kreise/05978"), ("/kreise/05913", "/gemeinden/05913000"),
                        ("/kreise/Dortmund", "/gemeinden/05913000")):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == target, url


@pytest.mark.parametrize("url, suggestion", [("/gemeinden/Dortmnd", "/gemeinden/05913000"),
                                             ("/gemeinden/05913001", "/gemeinden/05913000"),
                                             ("/kreise/Kreis Una", "/kreise/05978")])
def test_an_unknown_name_answers_a_browser_with_a_german_page_and_suggestions(client, url, suggestion):
    page = client.get(url, headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="de">' in page.text and "nicht gefunden" in page.text and "Meinten Sie" in page.text
    assert f'href="{suggestion}"' in page.text
    assert "Content-Security-Policy" in page.headers


def test_api_clients_still_get_problem_json_for_unknown_names(client):
    for headers in ({"Accept": "application/json"}, {}):
        response = client.get("/gemeinden/Dortmnd", headers=headers)
        assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"
        assert response.json()["suggestions"][0] == "Dortmund"


def test_the_error_page_escapes_what_was_asked(client):
    page = client.get("/gemeinden/<img src=x onerror=alert(1)>", headers=BROWSER)
    assert page.status_code == 404 and "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_a_commune_without_credited_funding_gets_no_rank_but_the_reason(client):
    html = client.get("/gemeinden/05913000").text
    assert "kein Rang: keine Förderung angerechnet (wie bei 47 von 53 Gemeinden)" in html
    assert ">7 von 53" not in html and "Rang 7" not in html and "Keine Förderung angerechnet:" in html
    hagen = client.get("/gemeinden/Hagen").text
    assert "Rang 2 von 53<" in hagen and "gemeinsam mit" not in hagen


def test_five_sites_membership_is_told_apart_from_power_plant_sites(client):
    unna = client.get("/gemeinden/Unna").text
    assert "ja: Unna gehört zum Kreis Unna, der als Ganzes einer der fünf Standorte ist (Bericht S. 60)." in unna
    assert "Kraftwerksstandorte des Programms im Gebiet von Unna: 0." in unna
    herne = client.get("/gemeinden/Herne").text
    assert "ja: Herne ist selbst einer der fünf Standorte des Programms" in herne
    assert "Mitglied: nein: kein Standort des Programms." in client.get("/gemeinden/Essen").text


def test_the_projects_named_for_a_commune_with_their_lines_and_the_report_link(client, repo):
    html = client.get("/gemeinden/05913000").text
    section = html[html.index("Projekte des Berichts, die Dortmund nennen"):]
    assert "Mobilitätsregion" in section and "Zeilen 294–346" in section and "im Berichtstext genannt" in section
    assert f'href="{repo.report.url}"' in section and "Vorlage 17/6165" in section
    assert repo.report.url == "https://www.landtag.nrw.de/portal/WWW/dokumentenarchiv/Dokument/MMV17-6165.pdf"
    assert "Stelle im Bericht" in html and "Zeile 3943" in html  # every funding figure names its line


def test_every_table_header_has_text(client):
    for url in ("/gemeinden/05913000", "/kreise/05978", "/planung", "/planung?level=kreise"):
        html = client.get(url).text
        headers = re.findall(r"<th[^>]*>(.*?)</th>", html)
        assert headers and all(re.sub("<[^>]+>", "", h).strip() for h in headers), url


def _report_sites(client, ags):
    return client.get(f"/communes/{ags}").json()["site_list"]


def test_site_downloads_hold_every_site_of_the_page_also_without_a_position(client):
    sites = _report_sites(client, "05913000")
    unpublished = [s["id"] for s in sites if s["lon"] is None]
    assert unpublished, "Dortmund has sites without a published position"
    response = client.get("/gemeinden/Dortmund/standorte.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="ruhrkarte-05913000-standorte.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [r["id"] for r in rows] == [s["id"] for s in sites]
    assert {r["id"] for r in rows if r["lon"] == "" and r["lat"] == ""} == set(unpublished)
    collection = json.loads(client.get("/gemeinden/05913000/standorte.geojson").content)
    assert [f["id"] for f in collection["features"]] == [s["id"] for s in sites]
    assert {f["id"] for f in collection["features"] if f["geometry"] is None} == set(unpublished)
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"] if f["id"] not in unpublished)


def test_the_excel_variant_opens_in_german_excel(client):
    standard = client.get("/gemeinden/05913000/standorte.csv").content
    excel = client.get("/gemeinden/05913000/standorte-excel.csv")
    assert excel.headers["content-disposition"] == 'attachment; filename="ruhrkarte-05913000-standorte-excel.csv"'
    body = excel.content
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body and not standard.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    plain = list(csv.DictReader(io.StringIO(standard.decode("utf-8"))))
    assert [r["name"] for r in rows] == [r["name"] for r in plain]
    located = next(r for r, p in zip(rows, plain) if p["lon"])
    assert "," in located["lon"] and "." not in located["lon"]  # decimal comma


def test_the_funding_table_as_csv(client):
    figures = client.get("/communes/05914000").json()["funding_figures"]
    for name in ("foerderung.csv", "foerderung-excel.csv"):
        response = client.get(f"/gemeinden/05914000/{name}")
        assert response.headers["content-disposition"] == f'attachment; filename="ruhrkarte-05914000-{name}"'
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if "excel" in name else ","))
        assert [r["figure_id"] for r in rows] == [f["figure_id"] for f in figures]
    f051 = next(r for r in csv.DictReader(io.StringIO(client.get("/gemeinden/05914000/foerderung.csv").text))
                if r["figure_id"] == "F051")
    assert f051["amount_eur"] == "10100000" and f051["counted"] == "credited" and f051["report_line"] == "3987"


def test_the_page_links_its_own_downloads(client):
    html = client.get("/gemeinden/05913000").text
    for name in ("standorte.csv", "standorte-excel.csv", "standorte.geojson", "foerderung.csv", "foerderung-excel.csv"):
        assert f'href="/gemeinden/05913000/{name}"' in html
        assert client.get(f"/gemeinden/05913000/{name}").status_code == 200
    assert 'href="/kreise/05978/standorte.csv"' in client.get("/kreise/05978").text


@pytest.mark.parametrize("url", ["/gemeinden/05913000", "/gemeinden/05914000", "/gemeinden/05915000", "/kreise/05170"])
def test_report_citations_say_zeile_and_link_the_report(client, repo, url):
    html = client.get(url).text
    shown = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)  # the page's text, not the script data
    assert not re.search(r"\blines?\b", shown), url
    assert re.search(rf'<a href="{re.escape(repo.report.url)}">Fortschrittsbericht 2021 zur Ruhr-Konferenz '
                     r'\(Landtag NRW Vorlage 17/6165\), Zeile \d+</a>', shown), url
