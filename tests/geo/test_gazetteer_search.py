"""The gazetteer built in the test (25 ms), so mutation testing sees its building too: ranks, suggestions, codes."""
import pytest

from geo.errors import Ambiguous, NotFound
from geo.search_index import build_gazetteer


@pytest.fixture
def gazetteer(repo):
    return build_gazetteer(repo.region, repo.sites)


def _ranked(gazetteer, text, limit=10):
    return [(m.place.kind, m.place.name, m.score) for m in gazetteer.search(text, limit)]


def test_exact_names_then_prefixes_then_words(gazetteer):
    assert _ranked(gazetteer, "Hamm", 3) == [("commune", "Hamm", 1.0), ("commune", "Hamminkeln", 0.9),
                                             ("site", "Gutenbergschule (GGS), Heessen", 0.8)]  # in 'Hamm-Heessen'
    assert _ranked(gazetteer, "kreis un") == [("district", "Kreis Unna", 0.9)]
    assert _ranked(gazetteer, "EN", 2) == [("district", "Ennepe-Ruhr-Kreis", 1.0), ("commune", "Ennepetal", 0.8)]


def test_words_inside_names_and_parts_of_words(gazetteer):
    ruhr = _ranked(gazetteer, "Ruhr", 6)
    assert ruhr[:3] == [("site", "Ruhrfenster Mühlengraben", 0.9), ("site", "Ruhrmoderne Stadt Marl", 0.9),
                        ("site", "Ruhrpark Oberhausen", 0.9)]
    assert ruhr[3:] == [("commune", "Fröndenberg/Ruhr", 0.8), ("commune", "Mülheim an der Ruhr", 0.8),
                        ("commune", "Wetter (Ruhr)", 0.8)]  # communes before sites of equal rank, then by name
    assert _ranked(gazetteer, "ltern") == [("commune", "Haltern am See", 0.7)]
    assert _ranked(gazetteer, "lt") == []  # two letters inside a word are too little to go on
    assert [name for _, name, _ in _ranked(gazetteer, "ha", 3)] == ["Hagen", "Haltern am See", "Hamm"]


def test_a_typing_error_is_found_by_similarity_at_a_lower_rank(gazetteer):
    assert _ranked(gazetteer, "Dortmnd") == [("commune", "Dortmund", 0.56)]
    assert _ranked(gazetteer, "©") == [] and _ranked(gazetteer, "") == []


def test_suggestions_for_did_you_mean(gazetteer):
    assert gazetteer.suggestions("Dortmnd") == ["Dortmund", "Dorsten"]
    assert gazetteer.suggestions("Hattngen", limit=1) == ["Hattingen"]
    assert gazetteer.suggestions("Kreis Wesl", kinds=frozenset({"district"})) == [
        "Kreis Wesel", "Ennepe-Ruhr-Kreis", "Kreis Unna", "Kreis Recklinghausen"]


@pytest.mark.parametrize("text, kind, code", [
    ("05 913 000", "commune", "05913000"),
    ("5562", "district", "05562"),
    ("05913", "district", "05913"),  # a kreisfreie Stadt's code is its district
    ("Mülheim", "commune", "05117000"),  # the only name that goes on
    ("Stadt Hattingen", "commune", "05954016"),
    ("Landkreis Wesel", "district", "05170"),
    ("Dortmund", "commune", "05913000"),  # the commune, not the kreisfreie Stadt as a district
])
def test_resolve(gazetteer, text, kind, code):
    place = gazetteer.resolve(text)
    assert (place.kind, place.code) == (kind, code)


@pytest.mark.parametrize("text, message", [
    ("591300", "no commune or district with the code '591300' in the Ruhr area"),
    ("05913001", "no commune or district with the code '05913001' in the Ruhr area"),
    ("123", "no commune or district with the code '123' in the Ruhr area"),
    ("©", "no place '©' in the Ruhr area"),
    ("Feldsieper Schule", "no place 'Feldsieper Schule' in the Ruhr area; closest matches: Gelsenkirchen"),
])
def test_what_resolves_to_nothing(gazetteer, text, message):
    with pytest.raises(NotFound) as error:
        gazetteer.resolve(text)
    assert str(error.value) == message


def test_a_kind_that_is_not_asked_for_is_not_found(gazetteer):
    with pytest.raises(NotFound):
        gazetteer.resolve("05913000", kinds=frozenset({"district"}))
    assert gazetteer.resolve("Kreis Unna", kinds=frozenset({"district"})).code == "05978"


def test_several_places_name_them_all_in_order(gazetteer):
    with pytest.raises(Ambiguous) as error:
        gazetteer.resolve("Kreis")
    assert str(error.value) == ("'Kreis' matches several places: Ennepe-Ruhr-Kreis, Kreis Recklinghausen, Kreis Unna, "
                                "Kreis Wesel")


def _matched(gazetteer, text, limit=10):
    """What /search answers for each result: name, score, how it matched and which part of the query did."""
    return [(m.place.name, m.score, m.how, m.matched) for m in gazetteer.search(text, limit)]


def test_each_result_says_how_it_matched(gazetteer):
    assert _matched(gazetteer, "Hamm", 3) == [("Hamm", 1.0, "exact", "hamm"), ("Hamminkeln", 0.9, "prefix", "hamm"),
                                              ("Gutenbergschule (GGS), Heessen", 0.8, "word", "hamm")]
    # three letters are enough to begin a name, or to be found inside one
    assert _matched(gazetteer, "Dor", 2) == [("Dorsten", 0.9, "prefix", "dor"), ("Dortmund", 0.9, "prefix", "dor")]
    assert _matched(gazetteer, "amm", 2) == [("Hamm", 0.7, "substring", "amm"), ("Hamminkeln", 0.7, "substring", "amm")]
    assert _matched(gazetteer, "Hattngen") == [("Hattingen", 0.565, "fuzzy", "hattngen"),
                                               ("Hagen", 0.462, "fuzzy", "hattngen")]


def test_the_parts_of_a_longer_query_rank_by_how_much_of_it_they_explain(gazetteer):
    # 'Kreis Unna' explains two of three words (0.6 + 0.2 * 2/3), 'Unna' one (0.6 + 0.2 / 3)
    assert _matched(gazetteer, "Kreis Unna Schule", 3) == [
        ("Kreis Unna", 0.733, "partial", "kreis unna"), ("Unna", 0.667, "partial", "unna"),
        ("Ennepe-Ruhr-Kreis", 0.607, "partial", "kreis")]
    # Zukunftsgärten inside the Kreis named beside them come first (+0.15), before the Kreis itself
    unna = _matched(gazetteer, "Kreis Unna Zukunftsgarten", 4)
    assert [name for name, *_ in unna] == [
        'Zukunftsgarten Bergkamen/Lünen "Landschaft in Bewegung"',
        "Zukunftsgarten Bergkamen/Lünen: Halde Großes Holz (Bergkamen)",
        "Zukunftsgarten Bergkamen/Lünen: Zeche Victoria I/II (Lünen)", "Kreis Unna"]
    assert [score for _, score, *_ in unna] == [0.757, 0.757, 0.757, 0.733]
    # the commune may also follow the site's name
    assert _matched(gazetteer, "Zollverein Essen", 2) == [
        ("Zeche Zollverein (Festival „The New Now“, Neue Künste Ruhr)", 0.73, "partial", "zollverein"),
        ("Essen", 0.7, "partial", "essen")]


def test_at_most_ten_results_and_five_suggestions_unless_more_are_asked_for(gazetteer):
    assert len(gazetteer.search("Schule")) == 10 and len(gazetteer.search("Schule", 50)) > 10
    assert gazetteer.suggestions("Hattngen") == ["Hattingen", "Hagen", "Datteln", "Xanten", "Witten"]
    assert len(gazetteer.suggestions("Hattngen", limit=20)) > 5
