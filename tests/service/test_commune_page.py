"""One commune page: /communes/{key}?f=html sends the browser to /gemeinden/{ags}; one table helper."""
from markupsafe import Markup

from maps.html_text import link, table


def test_communes_html_redirects_to_the_one_commune_page(client):
    for url, headers in (("/communes/Hagen?f=html", {}), ("/communes/05914000", {"Accept": "text/html"})):
        response = client.get(url, headers=headers, follow_redirects=False)
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/gemeinden/05914000"
    page = client.get("/communes/muelheim?f=html")
    assert page.status_code == 200 and page.url.path == "/gemeinden/05117000"
    assert "Mülheim an der Ruhr" in page.text and "Förderung" in page.text


def test_communes_json_is_unchanged_and_unknown_names_still_404(client):
    assert client.get("/communes/Hagen").json()["ags"] == "05914000"
    missing = client.get("/communes/Atlantis?f=html", follow_redirects=False)
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_the_commune_page_uses_the_labels_of_the_script(client):
    page = client.get("/gemeinden/05913000").text
    assert "Standort in Dortmund, genaue Lage nicht veröffentlicht" in page  # table and script data alike
    assert '"unknownPosition":"Standort in {commune}, genaue Lage nicht veröffentlicht"' in page
    assert page.count("Ort mit veröffentlichten Koordinaten (auf einige hundert Meter genau)") >= 2


def test_the_table_helper_escapes_every_cell_but_not_its_own_links():
    html = table(["<h>"], [["<b>x</b>"], [None], [3], [link("https://example.org/?a=1&b=2", "<Quelle>")]])
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "&lt;h&gt;" in html
    assert '<td data-label="&lt;h&gt;"></td>' in html and '<td data-label="&lt;h&gt;">3</td>' in html
    assert '<a href="https://example.org/?a=1&amp;b=2">&lt;Quelle&gt;</a>' in html
    assert isinstance(html, Markup)
