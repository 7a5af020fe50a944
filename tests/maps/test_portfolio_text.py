"""The German explanations of a place's numbers as pure functions."""
from maps.portfolio_text import five_sites_de, lines_de, rank_de

PLACE = {"funding_eur": 1000.0, "rank_funding_per_inhabitant": 3, "rank_of": 53, "rank_shared_with": 0, "funded_places": 6}


def test_a_rank_names_its_ties_and_zero_is_no_rank():
    assert rank_de(PLACE, "Gemeinden") == "Rang 3 von 53"
    assert rank_de({**PLACE, "rank_shared_with": 2}, "Gemeinden") == \
        "Rang 3 von 53, gemeinsam mit 2 weiteren (gleicher Betrag je Einwohner)"
    assert rank_de({**PLACE, "funding_eur": 0.0, "rank_funding_per_inhabitant": 7, "rank_shared_with": 46}, "Gemeinden") == \
        "kein Rang: keine Förderung angerechnet (wie bei 47 von 53 Gemeinden)"


def test_report_lines_read_as_zeile():
    assert lines_de("227-290") == "Zeilen 227–290" and lines_de("3987") == "Zeile 3987" and lines_de(None) == "–"


def test_membership_is_not_a_count_of_plants():
    text = str(five_sites_de(None, "Essen", "Essen", 0, "60"))
    assert "Mitglied: nein" in text and "im Gebiet von Essen: 0" in text
    assert "gehört zum Kreis Unna" in str(five_sites_de("district", "Unna", "Kreis Unna", 0, "60"))
