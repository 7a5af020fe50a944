"""The gazetteer's communes and Kreise are listed once per region (geo/search_index.py keeps them):
every rebuild after a write finds them as a fresh listing does, and another region gets its own."""
from dataclasses import replace

from geo.gazetteer import Gazetteer, region_places
from geo.search_index import build_gazetteer, site_places


def _found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.place.kind, m.place.code) for m in gazetteer.search(text)]


def test_a_rebuild_for_the_same_region_finds_what_a_fresh_listing_finds(repo):
    fresh = Gazetteer(region_places(repo.region) + site_places(repo.sites))
    build_gazetteer(repo.region, repo.sites)
    again = build_gazetteer(repo.region, repo.sites)
    for text in ("Bochum", "Kreis Unna", "Stadt Hamm", "Landkreis Wesel", "05913000"):
        assert _found(again, text) == _found(fresh, text), text


def test_another_region_is_listed_anew_not_taken_from_the_last_one(repo):
    build_gazetteer(repo.region, repo.sites)
    communes = repo.region.communes.copy()
    communes.loc[communes["ags"] == "05911000", "name"] = "Bochum-Neu"
    renamed = replace(repo.region, communes=communes)
    gazetteer = build_gazetteer(renamed, repo.sites)
    assert ("commune", "05911000") in _found(gazetteer, "Bochum-Neu")
    assert gazetteer.resolve("Bochum-Neu").code == "05911000"
