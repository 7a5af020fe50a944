"""Name -> place, whatever spelling people type."""
import pytest

from geo.errors import Ambiguous, InvalidInput, NotFound
from geo.search_index import build_gazetteer


@pytest.mark.parametrize("text, code", [
    ("muelheim", "05117000"),
    ("Mulheim an der Ruhr", "05117000"),
    ("MÜLHEIM AN DER RUHR", "05117000"),
    ("Kreis Unna", "05978"),
    ("EN-Kreis", "05954"),
    ("Ennepe-Ruhr-Kreis", "05954"),
    ("Unna", "05978036"),
    ("Voerde", "05170044"),
    ("froendenberg", "05978012"),
    ("Fröndenberg/Ruhr", "05978012"),
    ("Haltern", "05562016"),
    ("Stadt Bochum", "05911000"),
    ("05913000", "05913000"),
    ("5913000", "05913000"),
    ("05562", "05562"),
    ("Kreis Recklinghausen", "05562"),
    ("Recklinghausen", "05562032"),
    ("Sprockhoevel", "05954028"),
])
def test_resolves_common_forms(repo, text, code):
    assert repo.gazetteer.resolve(text).code == code


def test_unknown_name_lists_closest_matches(repo):
    with pytest.raises(NotFound) as caught:
        repo.gazetteer.resolve("Dortmnd")
    assert "Dortmund" in caught.value.suggestions
    assert "Dortmund" in str(caught.value)


def test_place_outside_the_ruhr_is_not_found(repo):
    with pytest.raises(NotFound, match="no place 'Düsseldorf'"):
        repo.gazetteer.resolve("Düsseldorf")


def test_ambiguous_text_names_the_candidates(repo):
    with pytest.raises(Ambiguous) as caught:
        repo.gazetteer.resolve("Kreis")
    assert {"Kreis Unna", "Kreis Wesel"} <= set(caught.value.suggestions)


def test_empty_text_is_invalid(repo):
    with pytest.raises(InvalidInput):
        repo.gazetteer.resolve("  ")


def test_unknown_code_is_not_found(repo):
    with pytest.raises(NotFound):
        repo.gazetteer.resolve("05315000")


def test_search_ranks_exact_before_prefix(repo):
    names = [m.place.name for m in repo.gazetteer.search("Hamm")]
    assert names[:2] == ["Hamm", "Hamminkeln"]


def _found(repo, text):
    return [(m.place.code, m.how) for m in repo.gazetteer.search(text)]


@pytest.mark.parametrize("typed", ["Kreyenfeldstraße", "Kreyenfeldstrasse", "Kreyenfeld-Straße", "Kreyenfeldstr.",
                                   "kreyenfeldstr 80"])
def test_street_spellings_find_what_the_short_form_finds(repo, typed):
    short = _found(repo, "Kreyenfeldstr")
    assert short[0][0] == "fgz-05911000-1"
    assert [code for code, _ in _found(repo, typed)][:1] == ["fgz-05911000-1"]


def test_words_that_name_no_place_fall_back_to_the_part_that_does(repo):
    matches = repo.gazetteer.search("Bochum Hauptbahnhof")
    assert (matches[0].place.code, matches[0].how, matches[0].matched) == ("05911000", "partial", "bochum")
    assert [m.place.code for m in repo.gazetteer.candidates(matches)] == ["05911000"]


def test_a_site_inside_the_commune_named_beside_it_comes_first(repo):
    gazetteer = build_gazetteer(repo.region, repo.sites)  # built here: mutation testing sees the sites' communes
    matches = gazetteer.search("Essen Zollverein")
    assert matches[0].place.code == "ort-01" and matches[0].place.kind == "site"
    assert matches[1].place.code == "05113000"
    assert [m.place.code for m in gazetteer.candidates(matches)] == ["ort-01"]
    # The same site named beside another commune is not preferred over that commune.
    assert gazetteer.search("Bochum Zollverein")[0].place.code == "05911000"


def test_typos_still_find_the_commune(repo):
    matches = repo.gazetteer.search("Dortmnd")
    assert (matches[0].place.code, matches[0].how) == ("05913000", "fuzzy")
    assert len(repo.gazetteer.candidates(matches)) == 1


def test_a_clear_query_has_one_candidate_and_a_vague_one_several(repo):
    gazetteer = repo.gazetteer
    assert [m.place.code for m in gazetteer.candidates(gazetteer.search("Kokerei Hansa"))] == ["iga-02"]
    assert [m.place.code for m in gazetteer.candidates(gazetteer.search("Mülheim"))] == ["05117000"]
    vague = gazetteer.candidates(gazetteer.search("Schule"))
    assert len(vague) >= 2 and len({m.score for m in vague}) == 1
    assert gazetteer.candidates([]) == []
