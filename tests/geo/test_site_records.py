"""geo/site_records.py: one record per site, the same fields wherever a site appears."""
import math

import pytest

from geo.site_records import build_site_records


def _records(repo, changes=None):
    """The records of the committed sites, or of a copy with {(site id, column): value} set."""
    sites = repo.programmes.sites.copy()
    for (key, column), value in (changes or {}).items():
        row = sites.index[sites["id"] == key][0]
        sites.at[row, column] = value
    return {record.id: record for record in build_site_records(sites, repo.names, repo.programmes.registry)}


def test_a_school_with_its_register_point(repo):
    school = _records(repo)["fgz-05911000-1"]
    assert school.fields(["programme_name", "ags", "commune", "district_code", "district", "precision"]) == {
        "programme_name": "Familiengrundschulzentren", "ags": "05911000", "commune": "Bochum",
        "district_code": "05911", "district": "Bochum", "precision": "address"}
    assert (school.lon, school.lat, school.located) == (7.310362, 51.490489, True)
    assert school.x == pytest.approx(382696.99, abs=0.01) and school.y == pytest.approx(5705725.03, abs=0.01)
    assert (school.identification, school.level, school.year) == ("confirmed", "Familiengrundschulzentrum", "2021/22")
    assert list(school.fields(["lat", "id", "lon"])) == ["lat", "id", "lon"]  # in the order asked


def test_a_site_whose_position_is_not_published_has_no_point_but_its_commune(repo):
    herne = _records(repo)["tk-1"]
    assert (herne.lon, herne.lat, herne.x, herne.y, herne.located) == (None, None, None, None, False)
    assert (herne.ags, herne.commune, herne.district) == ("05916000", "Herne", "Herne")
    assert (herne.identification, herne.coordinate_source) == (None, None)  # empty cells are None, not ''


def test_coordinates_are_published_to_six_decimals(repo):
    school = _records(repo, {("fgz-05911000-1", "lon"): 7.31036249, ("fgz-05911000-1", "lat"): 51.4904891,
                             ("fgz-05911000-1", "x"): 382696.123456789})["fgz-05911000-1"]
    assert (school.lon, school.lat, school.x) == (7.310362, 51.490489, 382696.123456789)


def test_a_site_known_only_by_its_kreis(repo):
    site = _records(repo, {("iga-08", "communes"): "05978", ("iga-08", "code_list"): ["05978"]})["iga-08"]
    assert (site.ags, site.commune, site.district_code, site.district) == (None, None, "05978", "Kreis Unna")


def test_a_site_naming_its_kreis_first_belongs_to_the_commune_it_names(repo):
    site = _records(repo, {("iga-08", "communes"): "05954;05954016",
                           ("iga-08", "code_list"): ["05954", "05954016"]})["iga-08"]
    assert (site.ags, site.commune, site.district_code) == ("05954016", "Hattingen", "05954")
    assert site.code_list == ("05954", "05954016") and site.communes == "05954;05954016"


def test_a_site_naming_no_place_has_none(repo):
    site = _records(repo, {("iga-08", "communes"): "", ("iga-08", "code_list"): []})["iga-08"]
    assert (site.ags, site.commune, site.district_code, site.district) == (None, None, None, None)


def test_missing_values_from_a_database_read_as_none(repo):
    site = _records(repo, {("tk-4", "year"): None, ("tk-4", "level"): math.nan, ("tk-4", "address"): ""})["tk-4"]
    assert (site.year, site.level, site.address) == (None, None, None)


def test_every_field_of_a_record_comes_from_its_row(repo):
    school = _records(repo)["fgz-05911000-1"]
    assert (school.programme, school.status, school.address) == ("fgz", "active", "Kreyenfeldstr. 80, 44894 Bochum")
    assert school.source.startswith("https://www.bochum.de/") and school.coordinate_source.startswith(
        "Ministerium für Schule und Bildung NRW, Schulgrunddaten")
