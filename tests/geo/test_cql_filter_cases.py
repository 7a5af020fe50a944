"""CQL2 filters a client sends, each operator at its edge, and the exact message for each mistake."""
import cql2
import numpy as np
import pandas as pd
import pytest

from geo.cql_filter import FilterEvaluator, queryable_types
from geo.errors import InvalidInput
from geo.layers import build_layers


@pytest.fixture(scope="module")
def layers(repo):
    return build_layers(repo)


def _evaluator(layer):
    return FilterEvaluator(layer.frame, queryable_types(layer.frame, list(layer.properties)))


def _names(layers, layer_id, text):
    layer = layers[layer_id]
    mask = _evaluator(layer).mask(cql2.Expr(text).to_json())
    return sorted(layer.frame.loc[mask, "name"])


def test_each_comparison_at_the_edge(layers):
    # a value that occurs: Herne's population (data/communes.csv)
    herne = int(layers["communes"].frame.set_index("name").loc["Herne", "population"])
    counts = {op: len(_names(layers, "communes", f"population {op} {herne}")) for op in ("=", "<>", "<", "<=", ">", ">=")}
    below = int((layers["communes"].frame["population"] < herne).sum())
    assert counts == {"=": 1, "<>": 52, "<": below, "<=": below + 1, ">": 52 - below, ">=": 53 - below}
    assert _names(layers, "communes", f"population BETWEEN {herne} AND {herne}") == ["Herne"]  # both ends count
    assert _names(layers, "communes", "kreisfrei = TRUE AND population < 200000") == [
        "Bottrop", "Hagen", "Hamm", "Herne", "Mülheim an der Ruhr"]
    assert len(_names(layers, "communes", "kreisfrei <> TRUE")) == 42


def test_text_patterns(layers):
    assert _names(layers, "communes", "name LIKE 'Ha_m'") == ["Hamm"]
    assert _names(layers, "communes", "name LIKE 'Voerde (%'") == ["Voerde (Niederrhein)"]  # brackets are text
    assert _names(layers, "communes", "name LIKE 'hamm'") == []  # case counts
    assert _names(layers, "communes", "name IN ('Hamm', 'Herne', 'Köln')") == ["Hamm", "Herne"]


def test_a_line_break_inside_a_name_is_matched_by_percent():
    frame = pd.DataFrame({"name": ["Zeche\nZollverein", "Zollverein"]})
    mask = FilterEvaluator(frame, {"name": "string"}).mask({"op": "like", "args": [{"property": "name"}, "Zeche%"]})
    assert mask.tolist() == [True, False]


def test_missing_values_never_match_a_comparison():
    frame = pd.DataFrame({"address": pd.array(["Altmarkt 1", None, ""], dtype="string"), "share": [0.5, np.nan, 2.0]})
    evaluator = FilterEvaluator(frame, {"address": "string", "share": "number"})
    assert evaluator.mask({"op": "<>", "args": [{"property": "address"}, "Altmarkt 1"]}).tolist() == [False, False, True]
    assert evaluator.mask({"op": "<>", "args": [{"property": "share"}, 1]}).tolist() == [True, False, True]
    assert evaluator.mask({"op": "isNull", "args": [{"property": "address"}]}).tolist() == [False, True, True]
    assert evaluator.mask(True).tolist() == [True] * 3 and evaluator.mask(False).tolist() == [False] * 3


def test_spatial_filters_in_crs84(layers):
    point = "POINT(7.2162 51.4818)"  # Bochum city centre
    assert _names(layers, "communes", f"S_INTERSECTS(geometry, {point})") == ["Bochum"]
    assert _names(layers, "communes", "S_INTERSECTS(geometry, BBOX(7.2162, 51.4818, 0, 7.2163, 51.4819, 100))") == ["Bochum"]
    bow_tie = {"type": "Polygon", "coordinates": [[[7.20, 51.47], [7.23, 51.49], [7.23, 51.47], [7.20, 51.49], [7.20, 51.47]]]}
    mask = _evaluator(layers["communes"]).mask({"op": "s_intersects", "args": [bow_tie, {"property": "geometry"}]})
    assert layers["communes"].frame.loc[mask, "name"].tolist() == ["Bochum"]  # repaired, and in either order


@pytest.mark.parametrize("node, message", [
    ({"op": "=", "args": [{"property": "colour"}, "red"]},
     "filter: 'colour' is not a queryable; queryables: ags, name, kind, district_code, district_name, kreisfrei, "
     "population, population_date, area_km2, source"),
    ({"op": "=", "args": [{"property": "population"}, "many"]}, "filter: 'population' holds a number; compared with 'many'"),
    ({"op": ">", "args": [{"property": "name"}, 5]}, "filter: 'name' holds text; compared with 5"),
    ({"op": "=", "args": [{"property": "population"}, True]}, "filter: 'population' holds a number; compared with True"),
    ({"op": "<", "args": [{"property": "kreisfrei"}, True]},
     "filter: 'kreisfrei' is true or false; compare it with = or <> TRUE/FALSE"),
    ({"op": "=", "args": [{"property": "kreisfrei"}, "ja"]},
     "filter: 'kreisfrei' is true or false; compare it with = or <> TRUE/FALSE"),
    ({"op": "=", "args": [{"property": "name"}, {"property": "district_name"}]}, "filter: = compares a property with a value"),
    ({"op": "=", "args": [{"property": "name"}]}, "filter: = compares a property with a value"),
    ({"op": "like", "args": [{"property": "name"}, 5]}, "filter: like needs a text pattern"),
    ({"op": "in", "args": [{"property": "name"}, "Hamm"]}, "filter: IN needs a property and a list of values"),
    ({"op": "isnull", "args": ["Hamm"]}, "filter: IS NULL needs a property"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}]},
     "filter: S_INTERSECTS needs the geometry property and a bbox or geometry"),
    ({"op": "s_intersects", "args": [{"bbox": [7, 51, 8, 52]}, {"bbox": [7, 51, 8, 52]}]},
     "filter: S_INTERSECTS needs the geometry property and a bbox or geometry"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [8, 51, 7, 52]}]},
     "filter: unusable geometry (bbox lower corner must not exceed the upper corner)"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7, 52, 8, 51]}]},
     "filter: unusable geometry (bbox lower corner must not exceed the upper corner)"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7, 51, 8]}]},
     "filter: unusable geometry (bbox needs minx, miny, maxx, maxy)"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [-181, 51, 8, 52]}]},
     "filter: geometry coordinates must be longitude and latitude in the filter-crs (OGC:CRS84); metres need "
     "filter-crs"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7, -91, 8, 52]}]},
     "filter: geometry coordinates must be longitude and latitude in the filter-crs (OGC:CRS84); metres need "
     "filter-crs"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7, 51, 181, 52]}]},
     "filter: geometry coordinates must be longitude and latitude in the filter-crs (OGC:CRS84); metres need "
     "filter-crs"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7, 51, 8, 91]}]},
     "filter: geometry coordinates must be longitude and latitude in the filter-crs (OGC:CRS84); metres need "
     "filter-crs"),
    ({"op": "s_contains", "args": [{"property": "geometry"}, {"bbox": [7, 51, 8, 52]}]},
     "filter: the operator 's_contains' is not supported; supported: and, or, not, =, <>, <, <=, >, >=, like, in, "
     "between, isNull, s_intersects"),
    ({"op": "+", "args": [{"property": "population"}, 1]}, "filter: the operator '+' is not supported; supported: and, "
     "or, not, =, <>, <, <=, >, >=, like, in, between, isNull, s_intersects"),
    ({"property": "population"}, "filter: the expression must be a condition (true or false for each feature)"),
    ({"op": "=", "args": [{"property": "name"}, {"interval": ["2020-01-01", ".."]}]},
     "filter: unsupported expression {'interval': ['2020-01-01', '..']}"),
    ({"op": "not", "args": []}, "filter: malformed expression (IndexError)"),
])
def test_each_mistake_is_named(layers, node, message):
    with pytest.raises(InvalidInput) as error:
        _evaluator(layers["communes"]).mask(node)
    assert str(error.value) == message


def test_nesting_up_to_the_limit(layers):
    evaluator = _evaluator(layers["communes"])
    node = {"op": ">", "args": [{"property": "population"}, 1]}
    for _ in range(14):
        node = {"op": "not", "args": [{"op": "not", "args": [node]}]}
    assert evaluator.mask(node).all()  # 28 NOTs around a comparison
    for _ in range(2):
        node = {"op": "not", "args": [{"op": "not", "args": [node]}]}
    with pytest.raises(InvalidInput) as error:
        evaluator.mask(node)
    assert str(error.value) == "filter: nested more than 32 levels"


def test_the_types_a_client_sees_in_queryables(layers):
    frame = layers["communes"].frame
    assert queryable_types(frame, ["kreisfrei", "population", "area_km2", "name"]) == {
        "kreisfrei": "boolean", "population": "integer", "area_km2": "number", "name": "string"}


def test_the_whole_world_and_a_box_that_is_a_line(layers):
    evaluator = _evaluator(layers["communes"])
    world = {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [-180, -90, 180, 90]}]}
    assert evaluator.mask(world).all()
    # a north-south line through Bochum's centre (minx = maxx) and an east-west one (miny = maxy)
    north_south = {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7.2162, 51.47, 7.2162, 51.49]}]}
    east_west = {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7.20, 51.4818, 7.23, 51.4818]}]}
    frame = layers["communes"].frame
    assert frame.loc[evaluator.mask(north_south), "name"].tolist() == ["Bochum"]
    assert frame.loc[evaluator.mask(east_west), "name"].tolist() == ["Bochum"]


def _nested(node, nots):
    for _ in range(nots):
        node = {"op": "not", "args": [node]}
    return node


def test_the_nesting_limit_exactly(layers):
    evaluator = _evaluator(layers["communes"])
    compare = {"op": ">", "args": [{"property": "population"}, 1]}
    listed = {"op": "in", "args": [{"property": "name"}, ["Hamm", "Herne"]]}  # its list is one level deeper
    assert evaluator.mask(_nested(compare, 31)).sum() == 0  # 31 NOTs: an odd count turns everything off
    assert evaluator.mask(_nested(listed, 30)).sum() == 2
    for node in (_nested(compare, 32), _nested(listed, 31)):
        with pytest.raises(InvalidInput) as error:
            evaluator.mask(node)
        assert str(error.value) == "filter: nested more than 32 levels"


@pytest.mark.parametrize("node, message", [
    ({"op": "isNull"}, "filter: malformed expression (IndexError)"),  # an operator without its arguments
    ("Bochum", "filter: the expression must be a condition (true or false for each feature)"),
    ({"op": "s_intersects", "args": ["Bochum", {"bbox": [7.2, 51.4, 7.3, 51.5]}]},
     "filter: S_INTERSECTS needs the geometry property and a bbox or geometry"),
    ({"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [7.2, 51.4, 7.3, 51.5]}, 5]},
     "filter: S_INTERSECTS needs the geometry property and a bbox or geometry"),
    # a long expression is quoted up to its 80th character
    ({"op": "=", "args": [{"property": "name"}, {"interval": ["2020-01-01T00:00:00Z", "2021-12-31T23:59:59Z"], "note": "Quartal 1"}]},
     "filter: unsupported expression {'interval': ['2020-01-01T00:00:00Z', '2021-12-31T23:59:59Z'], 'note': 'Quartal "),
])
def test_more_mistakes_are_named(layers, node, message):
    with pytest.raises(InvalidInput) as error:
        _evaluator(layers["communes"]).mask(node)
    assert str(error.value) == message


def test_a_text_pattern_never_matches_a_missing_address(layers):
    sites = layers["sites"].frame
    evaluator = _evaluator(layers["sites"])
    with_x = evaluator.mask({"op": "like", "args": [{"property": "address"}, "%X%"]})
    assert all("X" in address for address in sites.loc[with_x, "address"])
    street = evaluator.mask({"op": "like", "args": [{"property": "address"}, "%Str%"]})
    assert street.sum() == sum(1 for a in sites["address"] if isinstance(a, str) and "Str" in a) > 0
