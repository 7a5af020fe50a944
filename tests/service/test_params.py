"""Query parameters of /collections/{id}/items as clients type them: spaces, defaults, filters, formats."""
import pytest
from starlette.requests import Request

from geo.errors import InvalidInput
from service.params import ITEM_PARAMETERS, output_format, wants_html

ITEMS = "/collections/sites/items"


def _features(client, url="/collections/communes/items", **params) -> list[dict]:
    response = client.get(url, params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()["features"]


def _request(accept: str | None) -> Request:
    headers = [] if accept is None else [(b"accept", accept.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": headers})


@pytest.mark.parametrize("sortby", ["district_name,-population", "district_name, -population", " district_name , -population ",
                                    "+district_name,-population", "district_name,,-population"])
def test_sortby_with_two_keys_as_people_type_them(client, sortby):
    # Communes grouped by Kreis (A-Z), the largest commune of each Kreis first; a space after the
    # comma, a leading '+' or a doubled comma must not change that.
    rows = [f["properties"] for f in _features(client, sortby=sortby)]
    assert len(rows) == 53
    assert rows == sorted(rows, key=lambda r: (r["district_name"], -r["population"]))
    assert rows[0]["name"] == "Bochum" and rows[-1]["name"] == "Oberhausen"


def test_offset_0_and_no_offset_both_start_at_the_first_item(client):
    everything = [f["id"] for f in _features(client, ITEMS, sortby="name")]
    first_page = client.get(ITEMS, params={"sortby": "name", "limit": 5}).json()
    explicit = client.get(ITEMS, params={"sortby": "name", "limit": 5, "offset": 0}).json()
    assert [f["id"] for f in first_page["features"]] == [f["id"] for f in explicit["features"]] == everything[:5]
    assert not any(link["rel"] == "prev" for link in explicit["links"])


def test_the_api_description_states_the_default_page(client):
    parameters = {p["name"]: p for p in client.get("/api").json()["paths"]["/collections/{collection_id}/items"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["default"] == 100 and parameters["limit"]["schema"]["minimum"] == 1
    assert parameters["offset"]["schema"]["default"] == 0 and parameters["offset"]["schema"]["minimum"] == 0


@pytest.mark.parametrize(("column", "value"), [("precision", "landmark"), ("precision", "address"), ("status", "planned"),
                                               ("status", "phase-out"), ("programme", "iga2027")])
def test_each_filter_selects_exactly_the_matching_sites(client, repo, column, value):
    published = repo.programmes.sites[repo.programmes.sites["lon"].notna()]
    expected = sorted(published.loc[published[column] == value, "id"])
    assert expected
    assert sorted(f["id"] for f in _features(client, ITEMS, **{column: value})) == expected


def test_filters_a_collection_does_not_have_are_all_named_with_its_queryables(client):
    response = client.get("/collections/communes/items", params={"programme": "fgz", "status": "active"})
    assert response.status_code == 400
    assert response.json()["detail"] == ("communes cannot be filtered by programme, status; "
                                         "queryables: ags, district_code")


def test_every_unknown_parameter_is_named_with_the_allowed_ones(client):
    response = client.get(ITEMS, params={"colour": "red", "size": "big"})
    assert response.status_code == 400
    assert response.json()["detail"] == ("unknown query parameter(s) colour, size; allowed: "
                                         + ", ".join(sorted(ITEM_PARAMETERS)))


def test_an_unknown_collection_suggests_the_existing_ones(client):
    body = client.get("/collections/schools/items").json()
    assert body["status"] == 404 and body["detail"] == "no collection 'schools'"
    assert body["suggestions"] == sorted(f["id"] for f in client.get("/collections").json()["collections"])


def test_a_browser_following_an_f_json_link_gets_json(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get(ITEMS, params={"f": "json", "limit": 1}, headers={"Accept": browser})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/geo+json")
    page = client.get(ITEMS, params={"limit": 1}, headers={"Accept": browser})
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("accept", "html"), [
    (None, False),                                   # curl -H 'Accept:' or a bare HTTP client
    ("", False),
    ("*/*", False),
    ("text/html", True),                             # a browser
    ("text/html, application/json", False),          # a client that takes either: JSON is the API's answer
    ("application/geo+json, text/html;q=0.5", False),
])
def test_html_only_for_clients_that_ask_for_html_and_not_for_json(accept, html):
    assert wants_html(_request(accept), None) is html
    assert output_format(_request(accept), None, ("json", "html")) == ("html" if html else "json")


@pytest.mark.parametrize("f", ["json", "html", "csv"])
def test_an_explicit_f_wins_over_the_accept_header(f):
    for accept in (None, "text/html", "application/json"):
        assert output_format(_request(accept), f, ("json", "html", "csv")) == f


def test_a_format_the_resource_does_not_offer_is_refused_with_the_choices():
    with pytest.raises(InvalidInput) as raised:
        output_format(_request("*/*"), "gpkg", ("json", "html"))
    assert str(raised.value) == "f: 'gpkg' is not allowed; one of json, html"


@pytest.mark.parametrize("sortby", ["!population", "~population", "Xpopulation", "population desc"])
def test_only_plus_and_minus_are_signs_in_sortby(client, sortby):
    # Other APIs' descending markers, or a stray letter typed before the key, are no signs here: the
    # key is then no property, and the client learns it instead of getting a silently sorted page.
    response = client.get("/collections/communes/items", params={"sortby": sortby})
    assert response.status_code == 400
    assert response.json()["detail"] == f"sortby: {sortby!r} is not a property of communes"


def test_a_page_without_parameters_says_it_takes_none(client):
    # /api.html takes no query parameters and /karte only its language; a link with tracking parameters is told so.
    response = client.get("/api.html", params={"utm_source": "newsletter"})
    assert response.status_code == 400
    assert response.json()["detail"] == "unknown query parameter(s) utm_source; allowed: none"
    response = client.get("/karte", params={"utm_source": "newsletter"})
    assert response.json()["detail"] == "unknown query parameter(s) utm_source; allowed: lang"


def test_many_or_long_unknown_parameters_are_listed_shortly(client):
    # A pasted query string with a dozen wrong names, one very long: ten names, each at most 60 characters.
    long_name = "p" * 100
    names = [long_name, *(f"x{i:02d}" for i in range(11))]
    response = client.get("/collections", params={name: "1" for name in names})
    assert response.status_code == 400
    listed = ", ".join(["p" * 60 + "…", *(f"x{i:02d}" for i in range(9))])
    assert response.json()["detail"] == f"unknown query parameter(s) {listed}; allowed: f, lang"


def test_every_repeated_parameter_is_named(client):
    response = client.get("/collections/sites/items?f=json&limit=5&f=json&limit=6")
    assert response.status_code == 400
    assert response.json()["detail"] == "query parameter(s) given more than once: f, limit"
