"""geo/layers.py built in the test (the read model builds it once per session, which mutation testing
credits to one test only): every collection, its rows, ids, geometry and sources."""
from dataclasses import replace

import shapely

from geo.layers import BOUNDARY_SOURCE, QUERYABLES, SITE_PROPERTIES, build_layers
from geo.ruhr import ATTRIBUTION


def _build_layers(repo):
    """build_layers of the repository as if loaded anew: geo/layers.py keeps the area frames of the last
    region it saw, so with the session's one region only the session's first build would compute them
    (and mutation testing would credit them to that test only)."""
    return build_layers(replace(repo, region=replace(repo.region)))


def test_the_collections_in_landing_page_order(repo):
    layers = _build_layers(repo)
    assert list(layers) == ["communes", "districts", "sites", "fgz", "talentkolleg", "five_sites", "iga2027", "places",
                            "five_locations", "portfolio"]
    summary = {k: (l.id, l.geometry_type, l.queryables, len(l.frame), l.frame.crs.to_epsg(), l.attribution)
               for k, l in layers.items()}
    assert summary == {
        "communes": ("communes", "Polygon", ("ags", "district_code"), 53, 25832, ATTRIBUTION),
        "districts": ("districts", "Polygon", ("district_code",), 15, 25832, ATTRIBUTION),
        "sites": ("sites", "Point", QUERYABLES, 57, 25832, ATTRIBUTION),
        "fgz": ("fgz", "Point", QUERYABLES, 39, 25832, ATTRIBUTION),
        "talentkolleg": ("talentkolleg", "Point", QUERYABLES, 1, 25832, ATTRIBUTION),
        "five_sites": ("five_sites", "Point", QUERYABLES, 8, 25832, ATTRIBUTION),
        "iga2027": ("iga2027", "Point", QUERYABLES, 6, 25832, ATTRIBUTION),
        "places": ("places", "Point", QUERYABLES, 3, 25832, ATTRIBUTION),
        "five_locations": ("five_locations", "Polygon", (), 5, 25832, ATTRIBUTION),
        "portfolio": ("portfolio", "Polygon", ("ags", "district_code"), 53, 25832, ATTRIBUTION),
    }
    assert (layers["communes"].title, layers["districts"].title, layers["sites"].title, layers["fgz"].title,
            layers["five_locations"].title, layers["portfolio"].title) == (
        "Gemeinden im Ruhrgebiet", "Kreise und kreisfreie Städte", "Standorte aller Programme",
        "Familiengrundschulzentren", "5-Standorte-Programm: Standortgebiete", "Portfolio je Gemeinde")
    assert layers["fgz"].description == repo.programmes.programmes.loc["fgz", "description_en"]


def test_communes_and_districts_carry_their_figures_and_source(repo):
    layers = _build_layers(repo)
    communes, districts = layers["communes"].frame, layers["districts"].frame
    assert (communes["fid"] == communes["ags"]).all() and (districts["fid"] == districts["district_code"]).all()
    assert communes["population"].dtype == "int64" and communes["area_km2"].dtype == "float64"
    assert set(communes["source"]) == set(districts["source"]) == {BOUNDARY_SOURCE}
    per_district = communes.groupby("district_code")["population"].sum()
    assert districts.set_index("district_code")["population"].to_dict() == per_district.to_dict()
    assert districts["population"].dtype == "int64"
    assert layers["districts"].properties == ["district_code", "name", "kind", "kreisfrei", "population", "source"]
    assert "population" in layers["communes"].properties and "area_km2" in layers["communes"].properties


def test_sites_are_the_located_records_at_their_points(repo):
    layers = _build_layers(repo)
    sites = layers["sites"].frame
    located = [s for s in repo.sites if s.located]
    assert list(sites.columns) == ["fid", *SITE_PROPERTIES, "geometry"]
    assert sites["fid"].tolist() == sites["id"].tolist() == [s.id for s in located]
    assert [(p.x, p.y) for p in sites.geometry] == [(s.x, s.y) for s in located]
    fgz = layers["fgz"].frame
    assert fgz.index.tolist() == list(range(39)) and set(fgz["programme"]) == {"fgz"}
    assert sum(len(layers[p].frame) for p in ("fgz", "talentkolleg", "five_sites", "iga2027", "places")) == len(sites)


def test_the_five_locations_as_areas(repo):
    layers = _build_layers(repo)
    five = layers["five_locations"].frame.set_index("fid")
    unna = five.loc["05978"]
    assert (unna["location"], unna["kind"], unna["programme_total_eur"]) == ("Kreis Unna", "district", 662_000_000.0)
    assert unna["member_communes"] == ";".join(f"05978{n:03d}" for n in range(4, 41, 4))  # its ten communes
    assert unna["programme_total_note"] == ("one joint figure for all five locations until 2038; "
                                            "no per-location split published")
    districts = repo.region.districts.set_index("district_code")
    assert shapely.equals(unna.geometry, districts.loc["05978", "geometry"])
    hamm = five.loc["05915000"]
    assert (hamm["member_communes"], hamm["code"], hamm["kind"]) == ("05915000", "05915000", "commune")
    communes = repo.region.communes.set_index("ags")
    assert shapely.equals(hamm.geometry, communes.loc["05915000", "geometry"])
    assert hamm["source"].startswith("Fortschrittsbericht 2021")
    assert layers["five_locations"].properties == ["location", "code", "kind", "member_communes", "programme_total_eur",
                                                   "programme_total_note", "source"]


def test_the_portfolio_polygons_carry_the_summary(repo):
    layers = _build_layers(repo)
    portfolio = layers["portfolio"].frame
    assert (portfolio["fid"] == portfolio["ags"]).all() and portfolio["funding_eur"].dtype == "float64"
    assert set(portfolio["source"]) == {"Ruhrkarte per-commune summary of data/programmes (sources per figure: /communes/{ags})"}
    assert layers["portfolio"].properties == [*repo.portfolios.columns, "source"]
    table = repo.portfolios.communes.set_index("ags")
    assert portfolio.set_index("ags")["funding_eur"].to_dict() == table["funding_eur"].astype(float).to_dict()


def test_the_five_locations_without_a_published_programme_total(repo):
    """The living data after a curator removed the 662 million EUR figure (p12-7): the areas stay, without a total."""
    funding = repo.programmes.funding[repo.programmes.funding["figure_id"] != "p12-7"]
    edited = replace(repo, programmes=replace(repo.programmes, funding=funding))
    five = _build_layers(edited)["five_locations"].frame
    assert len(five) == 5 and five["programme_total_eur"].isna().all()
