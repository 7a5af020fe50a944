"""Bounding boxes and output CRS as OGC API clients send them (Part 1 bbox, Part 2 crs/bbox-crs)."""
import pytest
import shapely
from pyproj import Transformer

from geo.errors import InvalidInput
from service.crs import CRS84, SUPPORTED, WEB_MERCATOR_LIMIT, parse_bbox, served_crs

CRS_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
CRS_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
CRS_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857"
ITEMS = "/collections/sites/items"
# Kokerei Hansa, Dortmund-Huckarde (IGA 2027): the site iga-02 as served in CRS84.
HANSA = (7.412167, 51.540694)


def _ids(client, **params) -> list[str]:
    response = client.get(ITEMS, params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return sorted(f["id"] for f in response.json()["features"])


@pytest.mark.parametrize(("uri", "four", "six"), [
    (CRS84, "7.40,51.535,7.43,51.55", "7.40,51.535,0,7.43,51.55,250"),
    (CRS_4326, "51.535,7.40,51.55,7.43", "51.535,7.40,0,51.55,7.43,250"),
    (CRS_25832, "388000,5709000,392000,5713000", "388000,5709000,-10,392000,5713000,300"),
])
def test_a_box_with_heights_selects_what_the_box_without_heights_selects(client, uri, four, six):
    # Clients that work in 3D send minx,miny,minz,maxx,maxy,maxz; the heights are ignored.
    crs = served_crs(uri, "bbox-crs")
    assert shapely.equals_exact(parse_bbox(six, crs), parse_bbox(four, crs), tolerance=1e-6)
    assert _ids(client, bbox=six, **{"bbox-crs": uri}) == _ids(client, bbox=four, **{"bbox-crs": uri}) == ["iga-02", "iga-03"]


@pytest.mark.parametrize(("uri", "world"), [(CRS84, "-180,-90,180,90"), (CRS_4326, "-90,-180,90,180")])
def test_the_whole_world_box_selects_every_site(client, uri, world):
    assert _ids(client, bbox=world, **{"bbox-crs": uri}) == _ids(client)


def test_a_box_over_europe_is_clipped_before_projecting_and_selects_every_site(client):
    # UTM 32N is meaningless far from its zone: the box is cut to Europe first, so no inf/NaN edges.
    assert _ids(client, bbox="-170,-80,170,85") == _ids(client)
    polygon = parse_bbox("-170,-80,170,85", SUPPORTED[CRS84])
    assert polygon.is_valid and not polygon.is_empty


@pytest.mark.parametrize("box", ["-180.000001,51,8,52", "7,51,180.000001,52", "7,-90.000001,8,52", "7,51,8,90.000001"])
def test_just_beyond_the_valid_range_is_refused(client, box):
    response = client.get(ITEMS, params={"bbox": box})
    assert response.status_code == 400
    assert response.json()["detail"] == "bbox outside the valid range of longitude (-180..180) and latitude (-90..90)"


@pytest.mark.parametrize("box", ["7.412167,51.5,7.412167,51.6", "7.3,51.540694,7.5,51.540694", "7.412167,51.540694,7.412167,51.540694"])
def test_a_flat_box_is_a_valid_request(client, box):
    # minx = maxx (a meridian), miny = maxy (a parallel) or a single point: allowed by OGC API - Features.
    response = client.get(ITEMS, params={"bbox": box})
    assert response.status_code == 200, response.text
    assert response.json()["type"] == "FeatureCollection"


@pytest.mark.parametrize(("west", "east"), [(6.6, 7.9), (6.95, 7.85)])
def test_a_wide_box_follows_the_parallels_not_straight_lines_between_its_corners(client, west, east):
    # From Bocholt (6.6) to Hamm (7.9), or from Essen to Hamm (under a degree wide): a straight UTM line
    # between the corners bends away from the parallel by tens of metres or more in the middle; the
    # edges must follow the parallel within metres.
    lon, lat = HANSA
    just = 0.00005  # about 5.5 m of latitude
    assert "iga-02" in _ids(client, bbox=f"{west},{lat - just},{east},{lat + 0.3}")
    assert "iga-02" not in _ids(client, bbox=f"{west},{lat + just},{east},{lat + 0.3}")
    assert "iga-02" in _ids(client, bbox=f"{west},{lat - 0.3},{east},{lat + just}")
    assert "iga-02" not in _ids(client, bbox=f"{west},{lat - 0.3},{east},{lat - just}")


def test_a_flat_box_along_a_parallel_is_the_line_from_west_to_east(client):
    # 51.48 N from 7.0 E (Essen) to 7.3 E (Bochum): both communes, not only the one at the west end.
    response = client.get("/collections/communes/items", params={"bbox": "7.0,51.48,7.3,51.48", "limit": 100})
    assert sorted(f["id"] for f in response.json()["features"]) == ["05113000", "05911000"]


@pytest.mark.parametrize("box", ["-170,-80,-20,85", "0,-80,10,20", "-10,80,10,85"])
def test_a_box_wholly_outside_the_projectable_area_selects_nothing(client, box):
    # Over the Americas, over Africa, over the Arctic: nothing of it lies where UTM 32N data can be.
    assert parse_bbox(box, SUPPORTED[CRS84]).is_empty
    assert _ids(client, bbox=box) == []


@pytest.mark.parametrize("position", range(4))
def test_a_web_mercator_box_may_reach_a_metre_beyond_the_extent_but_no_further(client, position):
    # Web maps round the world's edge (±20037508.34 m) differently; up to a metre beyond is the edge.
    edge = [-WEB_MERCATOR_LIMIT, -WEB_MERCATOR_LIMIT, WEB_MERCATOR_LIMIT, WEB_MERCATOR_LIMIT]
    sign = -1 if position < 2 else 1
    at_edge, beyond = list(edge), list(edge)
    at_edge[position] = sign * (WEB_MERCATOR_LIMIT + 1)
    beyond[position] = sign * (WEB_MERCATOR_LIMIT + 1.5)
    params = {"bbox-crs": CRS_3857, "limit": 1000}
    response = client.get(ITEMS, params={"bbox": ",".join(map(repr, at_edge)), **params})
    assert response.status_code == 200, response.text
    assert sorted(f["id"] for f in response.json()["features"]) == _ids(client)
    response = client.get(ITEMS, params={"bbox": ",".join(map(repr, beyond)), **params})
    assert response.status_code == 400
    assert response.json()["detail"] == "bbox outside the extent of EPSG:3857 (±20037508.34 m on both axes)"


def test_a_web_mercator_box_from_a_web_map_selects_the_same_sites(client):
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    minx, miny = to_mercator.transform(7.40, 51.535)
    maxx, maxy = to_mercator.transform(7.43, 51.55)
    box = f"{minx:.2f},{miny:.2f},{maxx:.2f},{maxy:.2f}"
    assert _ids(client, bbox=box, **{"bbox-crs": CRS_3857}) == ["iga-02", "iga-03"]


@pytest.mark.parametrize(("uri", "decimals"), [(CRS84, 6), (CRS_4326, 6), (CRS_25832, 2), (CRS_3857, 2)])
def test_coordinates_are_served_to_6_decimals_in_degrees_and_2_in_metres(client, repo, uri, decimals):
    # 6 decimals of a degree are about 0.1 m, 2 decimals of a metre 1 cm: exact enough, not noise.
    features = client.get(ITEMS, params={"crs": uri, "limit": 1000}).json()["features"]
    assert features
    to_served = Transformer.from_crs("OGC:CRS84", SUPPORTED[uri].code, always_xy=True)
    published = {row.id: (float(row.lon), float(row.lat)) for row in repo.programmes.sites.itertuples() if row.lon == row.lon}  # NaN: not published
    for feature in features:
        coordinates = feature["geometry"]["coordinates"]
        assert all(round(c, decimals) == c for c in coordinates), (feature["id"], coordinates)
        expected = to_served.transform(*published[feature["id"]])
        if SUPPORTED[uri].swap_axes:
            expected = expected[::-1]
        assert coordinates == pytest.approx(expected, abs=0.51 * 10 ** -decimals)
    # Rounding to fewer decimals would pass the first check: some coordinate uses the last decimal.
    assert any(round(c, decimals - 1) != c for f in features for c in f["geometry"]["coordinates"])


def test_no_crs_or_an_empty_one_means_crs84():
    assert served_crs(None, "crs") is SUPPORTED[CRS84]
    assert served_crs("", "crs") is SUPPORTED[CRS84]


def test_a_crs_uri_in_brackets_or_with_spaces_is_understood():
    assert served_crs(f" [{CRS_25832}] ", "bbox-crs") is SUPPORTED[CRS_25832]


def test_an_unsupported_crs_names_the_parameter_and_the_supported_ones():
    with pytest.raises(InvalidInput) as raised:
        served_crs("EPSG:31467", "bbox-crs")
    assert str(raised.value) == ("bbox-crs: unsupported CRS 'EPSG:31467'; supported: " + ", ".join(SUPPORTED))


@pytest.mark.parametrize(("box", "message"), [
    ("7,nan,8,52", "bbox numbers must be finite (no NaN or infinity)"),
    ("8,51,7,52", "bbox lower corner must not exceed the upper corner"),
    ("7,51,8,52,1", "bbox needs 4 numbers (or 6 with heights), got 5"),
    ("7,51,8,x", "bbox must be numbers separated by commas, got '7,51,8,x'"),
    # A pasted wrong text is quoted in its first 100 characters only.
    ("7,51,8," + "x" * 200, "bbox must be numbers separated by commas, got '7,51,8," + "x" * 93 + "'"),
])
def test_a_bad_box_gets_a_message_that_says_what_is_wrong(box, message):
    with pytest.raises(InvalidInput) as raised:
        parse_bbox(box, SUPPORTED[CRS84])
    assert str(raised.value) == message
