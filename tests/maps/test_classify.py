"""planung.classify as a pure function: every commune in exactly one class, in value order."""
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from maps.planung_classes import NONE_COLOUR, SCHEMES, classify, colours, fewer_classes_note

# Funding is any amount; site counts are whole numbers (their limits are floored).
MEASURE_VALUES = st.one_of(
    st.tuples(st.just("funding_eur"), st.lists(st.floats(0, 1e9, allow_nan=False), min_size=1, max_size=53)),
    st.tuples(st.just("sites_total"), st.lists(st.integers(0, 60).map(float), min_size=1, max_size=53)),
)


@settings(max_examples=150, deadline=None)
@example(measure_values=("funding_eur", [0.0, 1.0, 346010172.0, 0.5]), scheme="natural_breaks", k=3)  # skewed funding
@given(measure_values=MEASURE_VALUES, scheme=st.sampled_from(sorted(SCHEMES)), k=st.integers(3, 7))
def test_every_value_has_one_class_in_value_order(measure_values, scheme, k):
    measure, values = measure_values
    array = np.array(values)
    classes, labels = classify(array, measure, scheme, k)
    assert len(classes) == len(array)
    assert classes.min() >= 0 and classes.max() < len(labels)
    order = np.argsort(array, kind="stable")
    assert np.all(np.diff(classes[order]) >= 0)  # a larger value never lands in a lower class
    assert len(labels) <= max(k, len(np.unique(array)))


def test_few_distinct_values_get_one_class_each():
    classes, labels = classify(np.array([0.0, 2.0, 2.0, 5.0, 0.0]), "sites_total", "quantiles", 5)
    assert classes.tolist() == [0, 1, 1, 2, 0]
    assert labels == ["keine", "2", "5"]


def test_limits_include_their_upper_value():
    values = np.arange(1, 101, dtype=float)
    classes, labels = classify(values, "sites_total", "equal_interval", 4)
    assert labels[0].startswith("bis ") and all(label.startswith("über ") for label in labels[1:])
    # equal intervals of 1..100: 25.75, 50.5, 75.25 (floored for counts); 25 is in the first class
    assert classes[values == 25][0] == 0 and classes[values == 26][0] == 1 and classes[-1] == len(labels) - 1


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_repeated_values_do_not_repeat_a_limit(scheme):
    values = np.array([0.0] * 40 + [1.0, 2.0, 3.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0])
    _, labels = classify(values, "funding_eur", scheme, 7)
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_zero_is_a_class_of_its_own(scheme):
    values = np.array([0.0] * 10 + [0.5, 1.0, 3.0, 8.0, 20.0, 50.0, 90.0, 400.0])
    classes, labels = classify(values, "funding_eur", scheme, 4)
    assert labels[0] == "keine" and set(classes[:10]) == {0} and 0 not in set(classes[10:])
    assert labels[1].startswith("über 0 bis ") and len(labels) == 4  # k counts "keine"
    assert colours(labels)[0] == NONE_COLOUR and NONE_COLOUR not in colours(labels)[1:]


def test_no_zero_no_keine_class():
    _, labels = classify(np.arange(1, 54, dtype=float), "funding_eur", "quantiles", 5)
    assert "keine" not in labels and len(labels) == 5 and labels[0].startswith("bis ")


def test_a_note_says_when_the_data_yields_fewer_classes_than_asked():
    values = np.array([0.0] * 50 + [2480000.0] * 3)
    _, labels = classify(values, "funding_eur", "natural_breaks", 5)
    assert labels == ["keine", "2.480.000 €"]
    note = fewer_classes_note(labels, 5, values, "funding_eur")
    assert note == "Die Daten ergeben nur 2 statt der gewählten 5 Klassen. Über 0 kommt nur ein einziger Wert vor."
    full = np.arange(0, 53, dtype=float)
    assert fewer_classes_note(classify(full, "funding_eur", "quantiles", 5)[1], 5, full, "funding_eur") is None
    assert "ja" in fewer_classes_note(["nein", "ja"], 5, np.array([0.0, 1.0]), "five_sites_member")
