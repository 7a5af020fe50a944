"""planung.classify as a pure function: every commune in exactly one class, in value order."""
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from maps.planung import SCHEMES, classify

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
    assert labels == ["0", "2", "5"]


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
