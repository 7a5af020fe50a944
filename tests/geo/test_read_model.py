"""The read model: every site once, with the same fields wherever it appears; one name table."""
import json

import pytest

from geo.gazetteer import PLACE_KINDS
from geo.nearby import COMMUNE_LEVEL_FIELDS, NEARBY_FIELDS
from geo.read_model import PAGE_SITE_FIELDS, ReadModel, as_read_model, build_read_model
from geo.layers import SITE_PROPERTIES
from geo.portfolio_report import REPORT_SITE_FIELDS


@pytest.fixture(scope="module")
def model(repo) -> ReadModel:
    return build_read_model(repo)


def test_every_site_once_in_file_order(model, repo):
    assert [s.id for s in model.sites] == list(repo.programmes.sites["id"])
    assert len(model.site_by_id) == len(model.sites)


def test_a_located_site_reads_the_same_in_nearby_layers_search_and_pages(model):
    layer = model.layers["sites"].frame.set_index("fid")
    pages = {s["id"]: s for s in model.page_sites}
    located = [s for s in model.sites if s.located]
    assert set(layer.index) == set(pages) == {s.id for s in located}
    for site in located:
        nearest = model.finder.nearby(site.x, site.y, 0.001, 200, site.programme)
        assert {k: v for k, v in next(n for n in nearest if n["id"] == site.id).items() if k != "distance_m"} == \
            site.fields(NEARBY_FIELDS)
        row = layer.loc[site.id]
        assert {k: (None if row[k] != row[k] else row[k]) for k in SITE_PROPERTIES} == site.fields(SITE_PROPERTIES)
        assert pages[site.id] == site.fields(PAGE_SITE_FIELDS)
        found = [m.place for m in model.gazetteer.search(site.name, 50) if m.place.kind == "site"]
        assert site.id in {p.code for p in found}


def test_a_site_without_published_position_is_never_drawn_but_listed(model, repo):
    hidden = [s for s in model.sites if s.precision == "commune"]
    assert hidden and all(s.lon is None and s.lat is None and s.x is None for s in hidden)
    drawn = {s["id"] for s in model.page_sites} | set(model.layers["sites"].frame["fid"])
    assert not drawn & {s.id for s in hidden}
    for site in hidden:
        for code in site.code_list:
            if code in model.names.communes:
                listed = model.finder.commune_level(code, model.names.district_of[code])
                assert site.fields(COMMUNE_LEVEL_FIELDS) in listed
                assert {"name": site.name, "programme": site.programme} in model.commune_cards[code]["unknown"]


def test_missing_values_are_none_everywhere(model):
    for site in model.sites:
        assert "" not in site.fields(PAGE_SITE_FIELDS).values()
        assert "" not in site.fields(SITE_PROPERTIES).values()


def test_name_maps_agree(model, repo):
    names = model.names
    communes = repo.region.communes
    assert dict(names.communes) == dict(zip(communes["ags"], communes["name"]))
    assert len(names.communes) == 53 and len(names.districts) == 15
    for row in communes.itertuples():
        assert names.districts[names.district_of[row.ags]] == row.district_name
        assert model.commune_cards[row.ags]["name"] == row.name
        assert model.commune_cards[row.ags]["district"] == row.district_name
        assert names.commune_info(row.ags)["district"] == row.district_name
        assert model.commune_report(row.ags)["district"]["name"] == row.district_name


def test_one_gazetteer_searches_sites_but_resolves_only_places(model):
    site = next(s for s in model.sites if s.located)
    assert any(m.place.code == site.id for m in model.gazetteer.search(site.name))
    with pytest.raises(Exception):
        model.gazetteer.resolve(site.name)  # a site is not a commune or Kreis
    assert model.gazetteer.resolve("Dortmund").code == "05913000"
    assert PLACE_KINDS == {"commune", "district"}


def test_reports_are_built_once_per_model(model, repo):
    assert model.commune_report("05913000") is model.commune_report("05913000")
    assert json.loads(model.commune_json("05913000")) == model.commune_report("05913000")
    fresh = build_read_model(repo)
    assert fresh.commune_report("05913000") is not model.commune_report("05913000")  # a new generation, new caches


def test_the_repository_has_one_read_model(repo):
    assert as_read_model(repo) is as_read_model(repo)
    model = as_read_model(repo)
    assert as_read_model(model) is model


def test_a_commune_report_lists_each_of_its_sites_as_its_record(model):
    for site in model.sites:
        for code in (c for c in site.code_list if c in model.names.communes):
            assert site.fields(REPORT_SITE_FIELDS) in model.commune_report(code)["site_list"]
