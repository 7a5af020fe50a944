"""Random filters never give a 500: whatever the text, the answer is 200 or a 400 problem."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ITEMS = "/collections/sites/items"
PROPERTIES = ["name", "ags", "programme", "year", "geometry", "population", "kreisfrei", "colour", "x"]
LITERALS = st.one_of(st.integers(-10**12, 10**12).map(str), st.floats(allow_nan=False).map(str),
                     st.text(max_size=8).map(lambda t: "'" + t.replace("'", "''") + "'"),
                     st.sampled_from(["TRUE", "FALSE", "NULL", "POINT(7 51)", "BBOX(7, 51, 8, 52)", "BBOX(8, 52, 7, 51)",
                                      "POLYGON((7 51, 8 51, 8 52, 7 51))", "POINT(1e300 1e300)", "DATE('2021-01-01')",
                                      "('a', 1)", "()", "''"]))
OPERATORS = ["=", "<>", "<", ">=", "LIKE", "IN", "BETWEEN", "IS NULL", "IS NOT NULL", "AND", "OR", "NOT", "ILIKE"]
FUNCTIONS = ["S_INTERSECTS", "S_CONTAINS", "CASEI", "T_INTERSECTS", "ACCENTI", "foo"]


@st.composite
def cql_texts(draw, depth=0):
    """Text made of CQL2 pieces: mostly near-valid filters, which reach the evaluator, not just the parser."""
    kind = draw(st.integers(0, 5 if depth < 3 else 2))
    if kind == 0:
        return f"{draw(st.sampled_from(PROPERTIES))} {draw(st.sampled_from(OPERATORS))} {draw(LITERALS)}"
    if kind == 1:
        return f"{draw(st.sampled_from(PROPERTIES))} BETWEEN {draw(LITERALS)} AND {draw(LITERALS)}"
    if kind == 2:
        return f"{draw(st.sampled_from(FUNCTIONS))}({draw(st.sampled_from(PROPERTIES))}, {draw(LITERALS)})"
    if kind == 3:
        return f"({draw(cql_texts(depth + 1))}) {draw(st.sampled_from(['AND', 'OR']))} {draw(cql_texts(depth + 1))}"
    if kind == 4:
        return f"NOT ({draw(cql_texts(depth + 1))})"
    return draw(st.text(max_size=40))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6),
              st.sampled_from([{"property": p} for p in PROPERTIES]), st.just({"bbox": [7, 51, 8, 52]})),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.builds(lambda op, args: {"op": op, "args": args},
                  st.sampled_from(["=", "<", "and", "or", "not", "like", "in", "between", "isNull", "s_intersects",
                                   "casei", "nope"]), st.one_of(st.lists(children, max_size=3), children)),
        st.dictionaries(st.sampled_from(["op", "args", "property", "bbox", "type", "coordinates"]), children, max_size=3)),
    max_leaves=12)


def check(client, params: dict) -> None:
    response = client.get(ITEMS, params=params)
    assert response.status_code in (200, 400), (params, response.status_code, response.text[:300])
    if response.status_code == 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


FUZZ = settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(text=cql_texts())
def test_random_cql2_text_never_fails_the_server(client, text):
    check(client, {"filter": text})


@FUZZ
@given(text=st.text(max_size=60))
def test_random_characters_as_filter_never_fail_the_server(client, text):
    check(client, {"filter": text, "filter-lang": "cql2-text"})


@FUZZ
@given(tree=json_values)
def test_random_cql2_json_never_fails_the_server(client, tree):
    check(client, {"filter": json.dumps(tree), "filter-lang": "cql2-json"})


@FUZZ
@given(text=st.one_of(st.text(max_size=30), st.sampled_from([  # the edges of the calendar, with offsets
    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31", "0001-01-01/..", "../9999-12-31"]),
    st.from_regex(
    r"(\.\.|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?)?/?(\.\.|\d{4}-\d{2}-\d{2})?", fullmatch=True)))
def test_random_datetimes_never_fail_the_server(client, text):
    check(client, {"datetime": text})
