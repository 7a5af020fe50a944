"""The rows the audit of data/programmes/ flagged (issue 'Data truth'), and the further project places."""
import pytest

from geo.portfolio_report import commune_report

REPORT_IDS = ("06-03", "12-02", "12-03", "12-07", "15-04", "18-05", "19-07")


def test_flagged_site_and_programme_rows_are_fixed(repo):
    sites = repo.programmes.sites.set_index("id")
    assert not (sites["year"] == "not").any()
    iga29 = sites.loc["iga-29"]
    assert "coal" not in iga29["name"] and "castrop-rauxel" not in iga29["source"]
    assert iga29["identification"] == "possible" and iga29["notes"].startswith("unverified")
    programmes = repo.programmes.programmes
    assert programmes.loc["iga2027", "handlungsfeld"] == ""
    assert "MWIDE" not in set(programmes["ministry"])
    texts = " ".join(programmes["description_de"]) + " ".join(programmes["description_en"])
    assert "2021/22" not in texts and "Hochschulen" not in texts and "Universities" not in texts


def test_summary_row_figures_carry_their_qualifier(repo):
    funding = repo.programmes.funding.set_index("figure_id")
    expected = {"p12-0": "bis zu", "p12-1": "rund", "p12-2": "vorgesehen", "p12-3": "vorläufig",
                "p12-5": "über; geplant", "p12-6": "bis zu", "p12-7": "bis zu", "p12-12": "z. B."}
    assert {k: funding.loc[k, "qualifier_de"] for k in expected} == expected
    assert funding.loc["p12-12", "scope"] == "nrw"
    figure = next(f for f in commune_report(repo, "05513000")["funding_figures"] if f["figure_id"] == "p12-7")
    assert figure["qualifier_de"] == "bis zu"


def test_every_project_of_the_overview_is_listed(repo):
    projects = repo.programmes.projects.set_index("project_id", drop=False)
    assert len(repo.programmes.projects) == 134
    assert set(REPORT_IDS) <= set(projects.index)
    assert "05911000" in projects.loc["08-02", "code_list"] and "05913000" in projects.loc["20-03", "code_list"]
    assert projects.loc["13-01", "communes_caption"] == "05119000"
    for row in repo.programmes.projects.itertuples():
        assert set(filter(None, row.communes_caption.split(";"))) <= set(row.code_list), row.project_id


def test_further_project_places_are_a_fifth_layer(repo):
    places = repo.programmes.sites[repo.programmes.sites["programme"] == "places"]
    assert len(places) == 14
    assert places["report_line"].str.isdigit().all() and (places["source"].str.contains("line ")).all()
    drawn = places[places["precision"] == "landmark"]
    assert set(drawn["id"]) == {"ort-01", "ort-02", "ort-03"}
    assert drawn["x"].notna().all() and (drawn["coordinate_source"] != "").all()
    hidden = places[places["precision"] == "commune"]
    assert hidden[["x", "lat"]].isna().all().all()
    assert repo.portfolios.communes.loc["05562024", "sites_places"] == 1  # gate.ruhr in Marl
    assert repo.portfolios.region["sites_places"] == 14


@pytest.mark.parametrize("query, site", [("Zollverein", "ort-01"), ("Batenbrock", "ort-06")])
def test_project_places_are_found_by_search(client, query, site):
    results = client.get("/search", params={"q": query}).json()["results"]
    assert any(r["kind"] == "site" and r["code"] == site for r in results), results


def test_nearby_lists_a_place_and_its_communes_unpublished_places(client):
    body = client.get("/nearby", params={"lat": 51.4865, "lon": 7.0441, "radius": 500, "programme": "places"}).json()
    assert [s["id"] for s in body["sites"]] == ["ort-01"]
    assert "ort-04" in {s["id"] for s in body["commune_level_sites"]}  # Frintrop, Essen, not drawn


def test_commune_page_says_why_each_figure_counts(client):
    hamm = client.get("/gemeinden/05915000").text
    assert "landesweites Vorhaben, das hier nur seinen Sitz hat" in hamm
    assert "Keine Förderung angerechnet" in hamm and "Mobilstation in Hamm" in hamm
    oberhausen = client.get("/gemeinden/05119000").text
    assert "Eigenanteil der Kommune oder des Kreises" in oberhausen and "Gesamtbudget aus Förderung und Eigenanteil" in oberhausen
    assert "8.100.000 € (insgesamt)" in oberhausen and "Keine Förderung angerechnet" not in oberhausen
