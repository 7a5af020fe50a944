"""geo/nearby.py: the sites around a point in Essen, nearest first, and the sites without a point."""
from geo.nearby import COMMUNE_LEVEL_FIELDS, NEARBY_FIELDS, SiteFinder


def _essen_school(repo):
    return next(s for s in repo.sites if s.id == "fgz-05113000-1")


def test_the_sites_around_an_essen_school_nearest_first(repo):
    school = _essen_school(repo)
    found = SiteFinder(repo.sites).nearby(school.x, school.y, 6000, 10)
    assert [(s["id"], s["distance_m"]) for s in found] == [
        ("fgz-05113000-1", 0.0), ("fgz-05113000-4", 3375.2), ("fgz-05113000-2", 4160.4), ("ort-01", 4465.5),
        ("fgz-05113000-3", 5310.6)]
    assert list(found[0]) == [*NEARBY_FIELDS, "distance_m"]
    assert (found[0]["name"], found[0]["commune"], found[0]["lat"]) == (school.name, "Essen", school.lat)


def test_limit_radius_and_programme(repo):
    school = _essen_school(repo)
    finder = SiteFinder(repo.sites)
    assert [s["id"] for s in finder.nearby(school.x, school.y, 6000, 2)] == ["fgz-05113000-1", "fgz-05113000-4"]
    # 250 m north of the school: a site exactly at the radius counts, one 0.1 m further does not
    assert [s["id"] for s in finder.nearby(school.x, school.y + 250, 250, 10)] == ["fgz-05113000-1"]
    assert finder.nearby(school.x, school.y + 250, 249.9, 10) == []
    assert [s["id"] for s in finder.nearby(school.x, school.y, 6000, 10, programme="places")] == ["ort-01"]
    assert finder.nearby(school.x, school.y, 6000, 10, programme="talentkolleg") == []
    assert finder.nearby(school.x + 0.04, school.y, 6000, 1)[0]["distance_m"] == 0.0  # metres to one decimal


def test_sites_without_a_published_point_by_commune_and_kreis(repo):
    finder = SiteFinder(repo.sites)
    herne = finder.commune_level("05916000", "05916")
    assert [s["id"] for s in herne] == ["tk-1"] and list(herne[0]) == list(COMMUNE_LEVEL_FIELDS)
    # Hattingen: its own sites, then the one named only by its Kreis (Ennepe-Ruhr-Kreis, 05954)
    assert [s["id"] for s in finder.commune_level("05954016", "05954")] == ["iga-21", "iga-27", "iga-25"]
    assert [s["id"] for s in finder.commune_level("05954016", "05954", programme="iga2027")] == ["iga-21", "iga-27", "iga-25"]
    assert finder.commune_level("05954016", "05954", programme="fgz") == []
    assert "iga-25" in [s["id"] for s in finder.commune_level("05914000", "05914")]  # under each place it names


def test_a_commune_without_unpublished_sites_still_lists_its_kreis_ones(repo):
    finder = SiteFinder(repo.sites)
    assert [s["id"] for s in finder.commune_level("05954004", "05954")] == ["iga-25"]  # Breckerfeld
    assert finder.commune_level("05954004", "05954", programme="fgz") == []
