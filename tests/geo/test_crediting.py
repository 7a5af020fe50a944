"""The crediting rules as one pure function: one code per figure, first matching rule wins."""
from types import SimpleNamespace

import pytest

from geo.crediting import TEXTS, count_code, nothing_credited_de, text, with_codes


def _figure(**changes):
    base = {"measure": "total", "programme_total": "false", "host": "", "scope_list": ["05119000"], "kind": "grant",
            "part_of": "", "shared": "false"}
    return SimpleNamespace(**{**base, **changes})


KINDS = {"G": "grant", "T": "total_budget"}
CASES = [
    ({}, "credited"),
    ({"scope_list": ["05562"]}, "credited_kreis"),
    ({"measure": "rate", "kind": "own_share"}, "rate"),                      # a rate before anything else
    ({"programme_total": "true", "shared": "true"}, "programme_total"),
    ({"scope_list": ["nrw"], "host": "05915000"}, "statewide_hosted"),
    ({"scope_list": ["ruhr"]}, "wide"),
    ({"kind": "own_share", "part_of": "T"}, "own_share"),
    ({"kind": "usable"}, "usable"),
    ({"kind": "total_budget"}, "total_budget"),
    ({"part_of": "G", "shared": "true"}, "part_of"),                          # part of a grant: not on top
    ({"part_of": "T"}, "credited"),                                           # the grant inside a total budget
    ({"shared": "true", "scope_list": ["05913000", "05112000"]}, "shared"),
]


@pytest.mark.parametrize("changes, code", CASES)
def test_first_matching_rule_decides(changes, code):
    assert count_code(_figure(**changes), KINDS) == code


def test_every_code_has_german_and_english_text():
    assert {code for _, code in CASES} == set(TEXTS)
    for code, entry in TEXTS.items():
        assert entry.de and entry.en and entry.short_de, code
    assert text("part_of", "F028") == "nicht angerechnet: Teil von F028, nicht zusätzlich gezählt"
    assert text("usable", language="en").startswith("not credited")


def test_committed_figures_use_every_rule(repo):
    codes = set(with_codes(repo.programmes.funding)["count_code"])
    assert codes == set(TEXTS)


def test_a_commune_with_nothing_credited_is_told_why_in_german():
    # A commune the report names in no figure, and one (like Dortmund) named only in shared and hosted figures.
    assert nothing_credited_de([]) == "Der Fortschrittsbericht nennt keinen Betrag, der allein dieser Gemeinde gilt."
    assert nothing_credited_de(["shared", "statewide_hosted", "shared"]) == (
        "Keine Förderung angerechnet: die Beträge, die diese Gemeinde betreffen, sind gemeinsame Beträge mehrerer "
        "Orte (2), landesweite Vorhaben mit Sitz in der Gemeinde (1); keiner davon ist eine Förderung allein für "
        "diese Gemeinde.")
