"""CQL2 filters on real layers, checked against the same selection written directly in pandas/shapely."""
import cql2
import numpy as np
import pytest
import shapely

from geo.cql_filter import FilterEvaluator, queryable_types
from geo.errors import InvalidInput
from geo.layers import build_layers


@pytest.fixture(scope="module")
def layers(repo):
    return build_layers(repo)


def evaluate(layer, text: str) -> np.ndarray:
    evaluator = FilterEvaluator(layer.frame, queryable_types(layer.frame, list(layer.properties)))
    return evaluator.mask(cql2.Expr(text).to_json())


def test_comparisons_and_logic_match_pandas(layers):
    communes = layers["communes"].frame
    mask = evaluate(layers["communes"], "population > 300000 AND NOT kreisfrei = false OR name = 'Hattingen'")
    expected = ((communes["population"] > 300000) & communes["kreisfrei"]) | (communes["name"] == "Hattingen")
    assert mask.tolist() == expected.tolist() and 3 < mask.sum() < 20


def test_like_in_between_and_null(layers):
    sites = layers["sites"].frame
    assert evaluate(layers["sites"], "name LIKE '%schule%' OR name LIKE '%Schule%'").tolist() == \
        sites["name"].str.contains("[Ss]chule").tolist()
    assert evaluate(layers["sites"], "ags IN ('05911000', '05913000')").tolist() == \
        sites["ags"].isin(["05911000", "05913000"]).tolist()
    communes = layers["communes"].frame
    assert evaluate(layers["communes"], "population BETWEEN 100000 AND 200000").tolist() == \
        communes["population"].between(100000, 200000).tolist()
    missing = evaluate(layers["sites"], "address IS NULL")
    assert missing.tolist() == (sites["address"].isna() | (sites["address"] == "")).tolist()


def test_spatial_filter_matches_shapely(layers):
    communes = layers["communes"]
    mask = evaluate(communes, "S_INTERSECTS(geometry, BBOX(7.0, 51.4, 7.3, 51.5))")
    box = communes.frame.to_crs("OGC:CRS84").geometry.intersects(shapely.box(7.0, 51.4, 7.3, 51.5))
    assert mask.tolist() == box.tolist() and 0 < mask.sum() < 53
    point = evaluate(communes, "S_INTERSECTS(geometry, POINT(7.2162 51.4818))")
    assert communes.frame["ags"][point].tolist() == ["05911000"]


@pytest.mark.parametrize("text, message", [
    ("colour = 'red'", "not a queryable"),
    ("population = 'many'", "holds a number"),
    ("name > 5", "holds text"),
    ("S_CONTAINS(geometry, POINT(7 51))", "not supported"),
    ("S_INTERSECTS(geometry, BBOX(7, 52, 8, 51))", "unusable geometry"),
    ("S_INTERSECTS(geometry, POINT(700000 5700000))", "CRS84"),
    ("population", "must be a condition"),
])
def test_bad_filters_say_what_is_wrong(layers, text, message):
    with pytest.raises(InvalidInput, match=message):
        evaluate(layers["communes"], text)


def test_deep_nesting_is_refused(layers):
    text = "(" * 40 + "population > 1" + ")" * 40
    node = cql2.Expr(text).to_json()
    for _ in range(40):
        node = {"op": "not", "args": [{"op": "not", "args": [node]}]}
    evaluator = FilterEvaluator(layers["communes"].frame, {"population": "integer"})
    with pytest.raises(InvalidInput, match="nested"):
        evaluator.mask(node)
