"""Place names as a user types them: refusals and their hints, a Kreis that shares a commune's name,
what a search result says about its Kreis (the gazetteer built in the test, so its building is seen too)."""
import pytest

from geo.errors import InvalidInput, NotFound
from geo.gazetteer import Gazetteer, Place, _district_aliases, region_places
from geo.search_index import build_gazetteer


@pytest.fixture
def gazetteer(repo):
    return build_gazetteer(repo.region, repo.sites)


@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_an_empty_place_name_is_refused_as_invalid_not_searched_for(gazetteer, typed):
    with pytest.raises(InvalidInput) as error:
        gazetteer.resolve(typed)
    assert str(error.value) == "empty place name"


def test_a_name_like_no_place_gets_no_empty_hint(gazetteer):
    with pytest.raises(NotFound) as error:
        gazetteer.resolve("Xqzvw")
    assert str(error.value) == "no place 'Xqzvw' in the Ruhr area"
    assert error.value.suggestions == []


def test_a_typo_lists_every_close_name_separated_by_commas(gazetteer):
    with pytest.raises(NotFound) as error:
        gazetteer.resolve("Dortmnd")
    assert str(error.value) == "no place 'Dortmnd' in the Ruhr area; closest matches: Dortmund, Dorsten"


def test_froendenberg_is_found_exactly_by_its_name_without_the_river(gazetteer):
    # the official name is 'Fröndenberg/Ruhr'; people type the town's name alone
    first = gazetteer.search("Fröndenberg")[0]
    assert (first.place.code, first.how, first.score) == ("05978012", "exact", 1.0)


@pytest.mark.parametrize("text, code, district_code, district", [
    ("Selm", "05978032", "05978", "Kreis Unna"),
    ("Witten", "05954036", "05954", "Ennepe-Ruhr-Kreis"),
    ("Kreis Wesel", "05170", "05170", "Kreis Wesel"),
])
def test_a_found_place_names_its_kreis(gazetteer, text, code, district_code, district):
    place = gazetteer.search(text)[0].place
    assert (place.code, place.district_code, place.district_name) == (code, district_code, district)


def _with_kreis_unna_named_unna(repo) -> Gazetteer:
    """The region as an edition that gives Kreis Unna its official short name 'Unna' (as VG250's GEN
    does), so the commune and its Kreis share a name."""
    places = []
    for place, aliases in region_places(repo.region):
        if place.kind == "district" and place.code == "05978":
            place = Place("district", "05978", "Unna", "05978", "Unna")
            aliases = _district_aliases("05978", "Unna")
        places.append((place, aliases))
    return Gazetteer(places)


def test_a_name_shared_by_a_commune_and_its_kreis_means_the_commune(repo):
    gazetteer = _with_kreis_unna_named_unna(repo)
    assert gazetteer.resolve("Unna").code == "05978036"
    assert gazetteer.resolve("Unna", kinds=frozenset({"district"})).code == "05978"
    assert gazetteer.resolve("Kreis Unna").code == "05978"


def test_two_letters_typed_rank_a_name_that_begins_with_that_word_first(gazetteer):
    # the search box asks after two letters: 'In' begins the school's address 'In der Feige 192'
    first, second = gazetteer.search("In")[:2]
    assert (first.place.name, first.how, first.score) == ("Süder Grundschule (GGS)", "prefix", 0.9)
    assert (second.how, second.score) == ("word", 0.8)


@pytest.mark.parametrize("typed, name, score", [("in Essen", "Essen", 0.7), ("Kita in Bochum", "Bochum", 0.667)])
def test_a_short_word_before_the_town_does_not_hide_it(gazetteer, typed, name, score):
    first = gazetteer.search(typed)[0]
    assert (first.place.kind, first.place.name, first.how, first.score) == ("commune", name, "partial", score)


def test_a_typo_between_two_towns_offers_both_and_a_clear_one_only_its_town(gazetteer):
    assert [m.place.name for m in Gazetteer.candidates(gazetteer.search("Dorstun"))] == ["Dorsten", "Dortmund"]
    assert [m.place.name for m in Gazetteer.candidates(gazetteer.search("Dorstmund"))] == ["Dortmund"]


@pytest.mark.parametrize("typed, name, score", [("Gelsenkirchn", "Gelsenkirchen", 0.576),
                                                ("Fröndenbrg", "Fröndenberg/Ruhr", 0.571)])
def test_a_typo_is_scored_by_the_closest_spelling_of_the_name(gazetteer, typed, name, score):
    # 'Stadt Gelsenkirchen' is close too, but further away: it must not lower the score
    first = gazetteer.search(typed)[0]
    assert (first.place.name, first.how, first.score) == (name, "fuzzy", score)


def test_a_school_type_typed_beside_the_town_finds_that_towns_schools(gazetteer):
    # 'GGS' (Gemeinschaftsgrundschule) is three letters: still a part of the query that names places
    top = [m for m in gazetteer.search("GGS Essen") if m.score == 0.73]
    assert len(top) >= 4
    assert all(m.place.kind == "site" and m.place.extra["ags"] == "05113000" and m.matched == "ggs" and
               "(GGS)" in m.place.name for m in top)
