"""The one name table and the sites in the gazetteer, built in the test (mutation testing sees the building)."""
import dataclasses

from geo.place_names import PlaceNames
from geo.programme_rules import is_wide, split_list
from geo.search_index import build_gazetteer, site_places


def test_codes_to_names(repo):
    names = PlaceNames.from_region(repo.region)
    assert (names.place("05954016"), names.place("05954"), names.place("05913"), names.place("05315000")) == (
        "Hattingen", "Ennepe-Ruhr-Kreis", "Dortmund", None)
    assert names.commune_info("05954016") == {"ags": "05954016", "name": "Hattingen", "district_code": "05954",
                                              "district": "Ennepe-Ruhr-Kreis"}
    assert (len(names.communes), len(names.districts), len(names.district_of)) == (53, 15, 53)


def test_a_site_is_found_by_name_and_by_address(repo):
    places = dict((place.code, (place, aliases)) for place, aliases in site_places(repo.sites))
    school, aliases = places["fgz-05911000-1"]
    assert (school.kind, school.name, school.district_code, school.district_name) == (
        "site", "Amtmann-Kreyenfeld-Schule (GGS)", "05911", "Bochum")
    assert aliases == ["Amtmann-Kreyenfeld-Schule (GGS)", "Kreyenfeldstr. 80, 44894 Bochum"]
    assert places["iga-08"][1] == ["Villa Hohenhof (Wiederherstellung des Gartens)"]  # no address published
    gazetteer = build_gazetteer(repo.region, repo.sites)
    assert [m.place.code for m in gazetteer.search("Kreyenfeldstr")] == ["fgz-05911000-1"]


def test_a_site_known_only_by_a_place_outside_any_kreis_has_empty_district_fields(repo):
    site = dataclasses.replace(next(s for s in repo.sites if s.id == "iga-08"), district_code=None, district=None)
    place, _ = site_places((site,))[0]
    assert (place.district_code, place.district_name) == ("", "")


def test_lists_and_wide_scopes_in_the_data():
    assert split_list("05913000; 05911000;;") == ["05913000", "05911000"] and split_list("") == []
    assert is_wide(["05913000", "ruhr"]) and is_wide(["unstated"]) and not is_wide(["05913000", "05978"])
