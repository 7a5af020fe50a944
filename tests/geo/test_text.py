"""Folding of typed place names: one key for every way people write the same name."""
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from geo.text import fold, fold_variants


def test_german_names_fold_to_plain_keys():
    assert fold("Mülheim an der Ruhr") == "mulheim an der ruhr"
    assert fold("  Castrop-Rauxel ") == "castrop rauxel"
    assert fold("Straße") == "strasse" and fold("STRASSE") == "strasse"
    assert fold("Ennepe-Ruhr-Kreis (EN)") == "ennepe ruhr kreis en"
    assert fold("©") == "" and fold("") == ""


def test_umlauts_have_both_spellings():
    assert fold_variants("Mülheim") == {"mulheim", "muelheim"}
    assert fold_variants("Hörde") == {"horde", "hoerde"}
    assert fold_variants("Essen") == {"essen"}


@given(st.text(max_size=40))
def test_fold_is_stable_and_independent_of_unicode_form(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded
    assert folded == folded.strip() and "  " not in folded
