"""Name -> place, whatever spelling people type."""
import pytest

from geo.errors import Ambiguous, InvalidInput, NotFound


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
