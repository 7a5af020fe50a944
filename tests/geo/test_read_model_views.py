"""The views of the read model built in the test: commune cards, a commune page's sites, the drawn communes."""
import json

from geo.read_model import build_read_model


def test_a_commune_card_counts_sites_per_programme_and_lists_the_unpublished(repo):
    model = build_read_model(repo)
    assert model.commune_cards["05916000"] == {
        "ags": "05916000", "name": "Herne", "district": "Herne",
        "sites": {"fgz": 0, "talentkolleg": 1, "iga2027": 0, "five_sites": 1, "places": 0},
        "unknown": [{"name": "TalentKolleg Ruhr Herne", "programme": "talentkolleg"}]}
    assert model.commune_cards["05913000"]["unknown"] == [
        {"name": s.name, "programme": s.programme} for s in repo.sites if s.precision == "commune" and "05913000" in s.code_list]
    assert len(model.commune_cards) == 53 and model.site_by_id["tk-1"].name == "TalentKolleg Ruhr Herne"


def test_a_commune_page_draws_the_located_sites_its_data_names(repo):
    model = build_read_model(repo)
    assert [s["id"] for s in model.commune_page_sites("05913000")] == ["fgz-05913000-1", "fgz-05913000-2", "iga-02", "iga-03"]
    assert [s["id"] for s in model.commune_page_sites("05916000")] == ["5s-plant-4"]  # Herne's TalentKolleg has no point
    assert model.commune_page_sites("05913000")[0] == model.page_sites[[s["id"] for s in model.page_sites].index("fgz-05913000-1")]


def test_the_drawn_communes_carry_only_their_ags_and_are_simplified_once_per_tolerance(repo):
    model = build_read_model(repo)
    drawn = model.display_communes(50.0)
    assert drawn["type"] == "FeatureCollection" and len(drawn["features"]) == 53
    assert drawn["features"][0]["properties"] == {"ags": "05112000"}
    lon, lat = drawn["features"][0]["geometry"]["coordinates"][0][0][:2]
    assert 6.7 < lon < 6.9 and 51.4 < lat < 51.6  # Duisburg, in degrees
    assert model.display_communes(50.0) is drawn and model.display_communes(100.0) is not drawn
    assert json.dumps(drawn)  # plain JSON types only


def test_a_commune_report_as_utf8_json(repo):
    model = build_read_model(repo)
    assert "Mülheim an der Ruhr".encode() in model.commune_json("05117000")
    assert json.loads(model.commune_json("05117000")) == model.commune_report("05117000")
