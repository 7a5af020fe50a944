"""German by default, English with ?lang=en on every page, and no cache ever mixes the two."""
import re

import pytest

ENGLISH = {
    "/?f=html": ["Which page for whom?", "For citizens", "Choose a commune"],
    "/karte": ["Ruhrkarte – projects of the Ruhr-Konferenz", '"Legende":"Legend"', '"name":"Family primary-school centres"'],
    "/gemeinden/05914000": ["Credited funding", "To the map of all projects", "inhabitants (31 Dec 2023)",
                            "Family primary-school centres"],
    "/planung": ["Ruhrkarte for planners", "Credited funding per inhabitant (€)", "Natural breaks (Jenks)"],
    "/collections?f=html": ["Data sets", "Features"],
    "/collections/sites/items?f=html": ["hits,", "shown."],
    "/gemeinden": ["Communes in the Ruhr area", "Find a commune (name or AGS)", "{shown} of {total} communes"],
    "/kreise/05978": ["Figures at Kreis level", "Projects of the report that name Kreis Unna", "Communes of the Kreis"],
    "/planung?level=kreise&measure=funding_eur": ["Kreise and kreisfreie Städte (15)", "Credited funding by period",
                                                   "Save the map as PNG", "Sort by this column", "made on {date}"],
}
GERMAN = {
    "/?f=html": "Welche Seite für wen?", "/karte": "Ruhrkarte – Projekte der Ruhr-Konferenz",
    "/gemeinden/05914000": "Angerechnete Förderung", "/planung": "Ruhrkarte für Planende",
    "/collections?f=html": "Datensätze", "/collections/sites/items?f=html": "Treffer,",
    "/gemeinden": "Gemeinden im Ruhrgebiet", "/kreise/05978": "Kennzahlen der Kreisebene",
    "/planung?level=kreise&measure=funding_eur": "Angerechnete Förderung nach Zeitraum",
}


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.mark.parametrize("path", ENGLISH)
def test_english_is_one_parameter_away_and_german_the_default(client, path):
    english = client.get(with_lang(path, "en")).text
    assert '<html lang="en">' in english
    for text in ENGLISH[path]:
        assert text in english, text
    assert GERMAN[path] not in english
    german = client.get(path).text
    assert '<html lang="de">' in german and GERMAN[path] in german
    assert all(text not in german for text in ENGLISH[path])


@pytest.mark.parametrize("path", ["/karte", "/gemeinden/05914000", "/planung", "/collections?f=html"])
def test_the_response_cache_and_the_etags_keep_the_languages_apart(client, path):
    english = client.get(with_lang(path, "en"))      # English first: a cache keyed without the language would
    german = client.get(path)                        # now hand it to everyone
    again = client.get(path)
    assert "Skip to content" in english.text and "Zum Inhalt springen" in german.text and again.text == german.text
    assert english.headers["etag"] != german.headers["etag"]
    revalidated = client.get(with_lang(path, "en"), headers={"If-None-Match": german.headers["etag"]})
    assert revalidated.status_code == 200 and "Skip to content" in revalidated.text


def test_each_page_has_a_visible_switch_to_the_same_page_in_the_other_language(client):
    german = client.get("/planung?measure=sites_total").text
    assert ('<a class="rk-lang" href="?measure=sites_total&amp;scheme=natural_breaks&amp;k=5&amp;level=gemeinden&amp;lang=en" '
            'hreflang="en" lang="en">English</a>') in german
    english = client.get("/planung?measure=sites_total&lang=en").text
    assert 'href="?measure=sites_total&amp;scheme=natural_breaks&amp;k=5&amp;level=gemeinden&amp;lang=de" hreflang="de" lang="de">Deutsch</a>' in english
    assert '<input type="hidden" name="lang" value="en">' in english  # the measure form stays in English
    items = client.get("/collections/sites/items?f=html&limit=5&lang=en").text
    assert 'href="?f=html&amp;limit=5&amp;lang=de"' in items


def test_links_of_an_english_page_stay_in_english(client):
    text = client.get("/planung?lang=en").text
    assert '<a href="/gemeinden/05913000?lang=en">Dortmund</a>' in text
    assert '"communeLink":"/gemeinden/{ags}?lang=en"' in text
    assert re.search(r'<nav aria-label="Pages"><a href="/\?lang=en">Home</a> <a href="/karte\?lang=en">', text)
    assert 'href="/collections/sites/items?f=html&amp;lang=en"' in client.get("/collections?f=html&lang=en").text


@pytest.mark.parametrize("path", ["/karte", "/", "/conformance", "/collections", "/collections/sites",
                                  "/collections/sites/items", "/collections/communes/items/05914000", "/summaries"])
def test_an_unknown_language_is_refused_with_the_choices_whatever_the_format(client, path):
    response = client.get(path, params={"lang": "fr"})
    assert response.status_code == 400 and response.json()["detail"] == "lang: 'fr' is not allowed; one of de, en"


def test_the_commune_redirect_keeps_the_language(client):
    response = client.get("/communes/Hagen?f=html&lang=en", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/gemeinden/05914000?lang=en"
    assert client.get("/communes/Hagen?f=html", follow_redirects=False).headers["location"] == "/gemeinden/05914000"


def test_the_404_page_and_the_kreis_redirect_follow_the_language(client):
    html = {"Accept": "text/html"}
    missing = client.get("/gemeinden/Dortmnd?lang=en", headers=html)
    assert missing.status_code == 404 and '<html lang="en">' in missing.text
    assert "Commune not found" in missing.text and '<a href="/gemeinden/05913000?lang=en">Dortmund</a>' in missing.text
    assert "Gemeinde nicht gefunden" in client.get("/gemeinden/Dortmnd", headers=html).text
    redirect = client.get("/gemeinden/Kreis Unna?lang=en", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/kreise/05978?lang=en"
    assert client.get("/gemeinden?lang=fr").status_code == 400
