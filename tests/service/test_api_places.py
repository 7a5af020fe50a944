"""Nearby, search, reverse, commune portfolios and summaries through the real app."""
import csv
import io

from geojson_pydantic import Point


def test_nearby_orders_by_distance_with_commune(client):
    body = client.get("/nearby", params={"lat": 51.540694, "lon": 7.412167, "radius": 3000}).json()
    sites = body["sites"]
    assert sites[0]["id"] == "iga-02" and sites[0]["distance_m"] == 0.0
    assert [s["distance_m"] for s in sites] == sorted(s["distance_m"] for s in sites)
    assert all(s["distance_m"] <= 3000 for s in sites)
    assert sites[1]["id"] == "iga-03" and 500 < sites[1]["distance_m"] < 700
    assert body["commune"]["name"] == "Dortmund" and sites[0]["commune"] == "Dortmund"


def test_nearby_lists_commune_level_sites_without_position(client):
    body = client.get("/nearby", params={"lat": 51.5136, "lon": 7.4653, "radius": 2000}).json()  # Dortmund centre
    unknown = {s["id"] for s in body["commune_level_sites"]}
    assert "iga-01" in unknown  # Zukunftsgarten Dortmund: no published coordinate
    assert all("lat" not in s for s in body["commune_level_sites"])


def test_nearby_programme_filter_and_limit(client):
    body = client.get("/nearby", params={"lat": 51.48, "lon": 7.2, "radius": 50000, "programme": "fgz", "limit": 5}).json()
    assert len(body["sites"]) == 5 and {s["programme"] for s in body["sites"]} == {"fgz"}


def test_search_finds_places_sites_and_streets(client):
    results = client.get("/search", params={"q": "Mülheim"}).json()["results"]
    assert results[0]["kind"] == "commune" and results[0]["code"] == "05117000"
    Point(type="Point", coordinates=[results[0]["lon"], results[0]["lat"]])
    hansa = client.get("/search", params={"q": "kokerei hansa"}).json()["results"][0]
    assert (hansa["kind"], hansa["code"], hansa["lat"]) == ("site", "iga-02", 51.540694)
    street = client.get("/search", params={"q": "Kreyenfeldstr"}).json()["results"]
    assert street[0]["code"] == "fgz-05911000-1"


def test_search_near_miss_suggests(client):
    body = client.get("/search", params={"q": "Gelsenkirchn"}).json()
    assert body["results"][0]["name"] == "Gelsenkirchen" or "Gelsenkirchen" in body["suggestions"]
    nothing = client.get("/search", params={"q": "xqzw"}).json()
    assert nothing["results"] == []


def test_reverse(client):
    assert client.get("/reverse", params={"lat": 51.4818, "lon": 7.2162}).json()["name"] == "Bochum"


def test_commune_portfolio_by_ags_and_name(client):
    by_ags = client.get("/communes/05914000").json()
    by_name = client.get("/communes/Hagen").json()
    assert by_ags == by_name
    assert by_ags["funding_eur"] == 10_100_000 and by_ags["sites"]["talentkolleg"] == 1
    assert all(f["source"] for f in by_ags["funding_figures"])


def test_summaries_json_and_csv_agree(client):
    body = client.get("/summaries").json()
    assert len(body["communes"]) == 53 and body["region"]["sites_total"] == 97
    rows = list(csv.DictReader(io.StringIO(client.get("/summaries", params={"f": "csv"}).text)))
    assert len(rows) == 53
    assert sum(int(r["funding_eur"]) for r in rows) == sum(c["funding_eur"] for c in body["communes"])


def test_search_keeps_its_fields_and_adds_how_each_result_matched(client):
    body = client.get("/search", params={"q": "Kreyenfeldstraße"}).json()
    assert set(body) == {"query", "results", "candidates", "suggestions"}
    first = body["results"][0]
    assert {"kind", "code", "name", "score", "district_code", "district", "lon", "lat"} <= set(first)
    assert (first["code"], first["match"], first["commune"]) == ("fgz-05911000-1", "prefix", "Bochum")
    assert body["candidates"] == [first]


def test_search_of_several_words_says_which_part_it_used(client):
    body = client.get("/search", params={"q": "Bochum Hauptbahnhof"}).json()
    bochum = body["candidates"]
    assert [(c["code"], c["match"], c["matched"], c["ags"]) for c in bochum] == [("05911000", "partial", "bochum", "05911000")]
    zollverein = client.get("/search", params={"q": "Essen Zollverein"}).json()["candidates"]
    assert [c["code"] for c in zollverein] == ["ort-01"]


def test_search_offers_equally_good_places_as_candidates(client):
    body = client.get("/search", params={"q": "Schule"}).json()
    candidates = body["candidates"]
    assert len(candidates) >= 2 and all(c["lat"] is not None for c in candidates)
    assert candidates == body["results"][:len(candidates)]
    typo = client.get("/search", params={"q": "Dortmnd"}).json()
    assert [(c["name"], c["match"]) for c in typo["candidates"]] == [("Dortmund", "fuzzy")]


def test_search_for_a_site_without_position_has_no_candidate_to_draw(client):
    body = client.get("/search", params={"q": "Zukunftsgarten Dortmund"}).json()
    assert body["results"][0]["lat"] is None and body["results"][0]["ags"] == "05913000"
    assert body["candidates"] == []
