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


# Parsing (cql2) and the evaluator together, as the API uses them.
from geo.cql_filter import CqlFilter, LiteralCrs, parse_filter  # noqa: E402


def select(layer, text: str, language: str | None = None, crs: LiteralCrs = LiteralCrs()) -> list[str]:
    mask = CqlFilter(parse_filter(text, language), crs).mask(layer.frame, layer.properties)
    return layer.frame["fid"][mask].tolist()


def test_text_and_json_select_the_same(layers):
    sites = layers["sites"]
    text = "programme = 'fgz' AND (status <> 'active' OR name LIKE '%Schule%')"
    as_json = ('{"op": "and", "args": [{"op": "=", "args": [{"property": "programme"}, "fgz"]}, {"op": "or", "args": '
               '[{"op": "<>", "args": [{"property": "status"}, "active"]}, '
               '{"op": "like", "args": [{"property": "name"}, "%Schule%"]}]}]}')
    frame = sites.frame
    expected = frame["fid"][(frame["programme"] == "fgz")
                            & ((frame["status"] != "active") | frame["name"].str.contains("Schule"))].tolist()
    assert select(sites, text) == select(sites, as_json, "cql2-json") == expected and expected


def test_what_gdal_3_6_sends_is_read_as_cql2_text(layers):
    """GDAL 3.6 writes '(a = 'x') AND (b = 'y')' and calls it cql-text (the pre-release name)."""
    sites = layers["sites"]
    frame = sites.frame
    expected = frame["fid"][(frame["programme"] == "fgz") & (frame["status"] == "active")].tolist()
    assert select(sites, "(programme = 'fgz') AND (status = 'active')", "cql-text") == expected and expected


def test_a_literal_first_comparison_reads_as_the_mirrored_one(layers):
    communes = layers["communes"]
    assert select(communes, "300000 < population") == select(communes, "population > 300000")
    assert len(select(communes, "300000 <= population")) == (communes.frame["population"] >= 300000).sum()


def test_like_escapes_and_single_characters(layers):
    communes = layers["communes"]
    assert select(communes, "name LIKE 'B_chum'") == ["05911000"]
    assert select(communes, "name LIKE 'Bochum\\%'") == []     # an escaped % is a percent sign
    assert select(communes, "name LIKE 'Boch\\um'") == ["05911000"]  # an escaped letter is that letter
    assert select(communes, "name LIKE 'Hamm'") == ["05915000"]


def test_in_is_typed_like_equality(layers):
    communes = layers["communes"]
    assert select(communes, "population IN (1, 2)") == []
    with pytest.raises(InvalidInput, match="'population' holds a number"):
        select(communes, "population IN ('many')")


def test_filter_crs_reads_literals_in_that_crs(layers):
    communes = layers["communes"]
    lonlat = select(communes, "S_INTERSECTS(geometry, POINT(7.2162 51.4818))")
    latlon = select(communes, "S_INTERSECTS(geometry, POINT(51.4818 7.2162))",
                    crs=LiteralCrs("EPSG:4326", lat_first=True))
    metres = select(communes, "S_INTERSECTS(geometry, BBOX(375000, 5703000, 376000, 5704000))",
                    crs=LiteralCrs("EPSG:25832", geographic=False))
    mercator = select(communes, "S_INTERSECTS(geometry, POINT(803300 6707800))",
                      crs=LiteralCrs("EPSG:3857", geographic=False))
    box_latlon = select(communes, "S_INTERSECTS(geometry, BBOX(51.481, 7.216, 51.482, 7.217))",
                        crs=LiteralCrs("EPSG:4326", lat_first=True))
    assert lonlat == latlon == mercator == box_latlon == ["05911000"]
    utm_point = shapely.Point(375500, 5703500)
    assert metres == communes.frame["fid"][communes.frame.intersects(utm_point)].tolist()


@pytest.mark.parametrize("text, language, message", [
    ("name ==", None, "syntax error at line:column 1:7"),
    ("name ILIKE 'x'", None, "syntax error"),
    ("", None, "empty"),
    ('{"op": "=", "args": [{"property": "name"}, "x"]}', None, "filter-lang=cql2-json"),
    ("name = 'x'", "cql2-json", "not JSON"),
    ("[1, 2]", "cql2-json", "must be an object"),
    ('{"op": "="}', "cql2-json", "CQL2 JSON syntax error"),
    ("name = 'x'", "ecql", "filter-lang"),
    ("(" * 2000 + "name = 'x'" + ")" * 2000, None, "nested more than 32 levels"),
    ("NOT " * 1000 + "name = 'x'", None, "nested more than"),
    ("name = " + "-" * 3000 + "1", None, "nested more than"),
    ('{"op": "not", "args": [' * 300 + '{"property": "a"}' + "]}" * 300, "cql2-json", "nested more than"),
    ("x" * 9000, None, "longer than 8000"),
])
def test_unparseable_filters_say_why(text, language, message):
    """The nesting checks run before the parser, which crashes the whole process (SIGSEGV) on
    about 2,000 nested parentheses: without them this test takes pytest down."""
    with pytest.raises(InvalidInput, match=message):
        parse_filter(text, language)


def test_between_and_like_are_typed(layers):
    with pytest.raises(InvalidInput, match="BETWEEN needs a number property"):
        select(layers["communes"], "name BETWEEN 1 AND 2")
    with pytest.raises(InvalidInput, match="LIKE needs a text property"):
        select(layers["communes"], "population LIKE '1%'")
    with pytest.raises(InvalidInput, match="S_INTERSECTS only"):
        select(layers["communes"], "geometry = 'x'")
