"""Features of a planner's own layer cut by the communes: checked against shapely and the geocoder."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.boundaries import MAX_OVERLAP_M2
from geo.crs import lonlat_to_utm
from geo.overlay import (
    LINE, POLYGON, inside_share, kind_of, place_lonlat_points, place_points, place_shapes, repair_polygons,
)

BOCHUM, DORTMUND = "05911000", "05913000"


@pytest.fixture(scope="module")
def communes(repo):
    return repo.region.communes


@pytest.fixture(scope="module")
def ruhr(communes):
    return shapely.union_all(communes.geometry.to_numpy())


def _commune(communes, ags):
    return communes.loc[communes["ags"] == ags].geometry.iloc[0]


def _border_box(communes, a, b, half_m=1500.0):
    """A square around a point of the border between communes a and b."""
    border = shapely.intersection(_commune(communes, a).boundary, _commune(communes, b).boundary)
    centre = border.interpolate(0.5, normalized=True) if border.geom_type != "Point" else border
    return shapely.box(centre.x - half_m, centre.y - half_m, centre.x + half_m, centre.y + half_m)


def test_a_commune_outline_lies_wholly_in_that_commune(communes):
    outline = _commune(communes, BOCHUM)
    parts = place_shapes(communes, np.array([outline]), POLYGON).frame
    main = parts[parts["ags"] == BOCHUM].iloc[0]
    assert main["feature_share"] == pytest.approx(1.0, abs=1e-9)
    assert main["commune_share"] == pytest.approx(1.0, abs=1e-9)
    assert (parts[parts["ags"] != BOCHUM]["measure"] <= MAX_OVERLAP_M2).all()  # at most border slivers


def test_a_square_on_a_border_is_split_as_shapely_splits_it(communes):
    square = _border_box(communes, BOCHUM, DORTMUND)
    parts = place_shapes(communes, np.array([square]), POLYGON).frame.set_index("ags")
    assert {BOCHUM, DORTMUND} <= set(parts.index)
    for ags in (BOCHUM, DORTMUND):
        piece = shapely.intersection(square, _commune(communes, ags))
        assert parts.loc[ags, "measure"] == pytest.approx(piece.area, rel=1e-9)
        assert parts.loc[ags, "feature_share"] == pytest.approx(piece.area / square.area, rel=1e-9)
        assert parts.loc[ags, "commune_share"] == pytest.approx(piece.area / _commune(communes, ags).area, rel=1e-9)
    assert parts["feature_share"].sum() == pytest.approx(1.0, abs=1e-6)


def test_a_line_across_a_border_is_measured_per_commune(communes):
    square = _border_box(communes, BOCHUM, DORTMUND)
    line = shapely.LineString(square.exterior.coords[:3])
    parts = place_shapes(communes, np.array([line]), LINE).frame
    assert parts["measure"].sum() == pytest.approx(line.length, rel=1e-9)
    assert set(parts["ags"]) >= {BOCHUM} or set(parts["ags"]) >= {DORTMUND}
    assert (parts["commune_share"] == 0).all()


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(200, 30_000), st.floats(200, 30_000))
def test_the_parts_of_any_box_add_up_to_what_lies_in_the_ruhr_area(communes, ruhr, fx, fy, width, height):
    minx, miny, maxx, maxy = ruhr.bounds
    x, y = minx - 20_000 + fx * (maxx - minx + 40_000), miny - 20_000 + fy * (maxy - miny + 40_000)
    box = shapely.box(x, y, x + width, y + height)
    parts = place_shapes(communes, np.array([box]), POLYGON)
    inside = shapely.intersection(box, ruhr).area
    assert parts.frame["measure"].sum() == pytest.approx(inside, abs=len(parts.frame) * MAX_OVERLAP_M2 + 1e-6)
    assert inside_share(parts, 1)[0] == pytest.approx(min(inside / box.area, 1.0), abs=1e-6)


def test_points_go_whole_to_the_geocoders_commune_and_outside_points_nowhere(repo, communes):
    bochum = _commune(communes, BOCHUM).representative_point()
    dortmund = _commune(communes, DORTMUND).representative_point()
    x = np.array([bochum.x, 0.0, dortmund.x])
    y = np.array([bochum.y, 0.0, dortmund.y])
    parts = place_points(repo.geocoder, x, y).frame
    assert parts["feature"].tolist() == [0, 2]
    assert parts["ags"].tolist() == [BOCHUM, DORTMUND]
    assert inside_share(place_points(repo.geocoder, x, y), 3).tolist() == [1.0, 0.0, 1.0]


def test_points_of_a_lat_lon_file_go_to_the_commune_they_lie_in(repo):
    # A planner's CSV with latitude/longitude: a school in Bochum, a point in Düsseldorf (outside the
    # Ruhr area) and Dortmund's Reinoldikirche, as the layer report places them (geo/layer_report.py).
    lon = np.array([7.310362, 6.7725, 7.4669])
    lat = np.array([51.490489, 51.2262, 51.5141])
    parts = place_lonlat_points(repo.geocoder, lon, lat).frame
    assert parts["feature"].tolist() == [0, 2] and parts["ags"].tolist() == [BOCHUM, DORTMUND]
    assert parts["measure"].tolist() == [1.0, 1.0] and parts["feature_share"].tolist() == [1.0, 1.0]
    x, y = lonlat_to_utm(lon, lat)
    assert parts.equals(place_points(repo.geocoder, x, y).frame)  # as the same points given in EPSG:25832


def test_a_commune_outline_names_only_that_commune_not_the_neighbours_it_touches(communes):
    # Bochum's outline shares its border with seven communes; touching them along a line gives no
    # area there, so the report lists Bochum alone.
    parts = place_shapes(communes, np.array([_commune(communes, BOCHUM)]), POLYGON).frame
    assert parts["ags"].tolist() == [BOCHUM]


def test_a_footprint_under_one_square_metre_is_placed(communes):
    # A charging post's footprint, 0.8 m x 0.8 m, in Bochum's city centre: small, but an area.
    post = shapely.box(377_000.0, 5_706_000.0, 377_000.8, 5_706_000.8)
    parts = place_shapes(communes, np.array([post]), POLYGON).frame
    assert parts["ags"].tolist() == [BOCHUM] and parts["measure"].tolist() == [pytest.approx(0.64)]
    assert parts["feature_share"].tolist() == [pytest.approx(1.0)]


def test_a_bow_tie_is_repaired_and_a_flat_polygon_rejected():
    bow_tie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    flat = shapely.Polygon([(0, 0), (10, 0), (20, 0)])
    good = shapely.box(0, 0, 1, 1)
    repaired, notes = repair_polygons(np.array([bow_tie, flat, good], dtype=object))
    assert repaired[0].is_valid and repaired[0].area == pytest.approx(50.0)
    assert "repaired" in notes[0] and "Self-intersection" in notes[0]
    assert repaired[1] is None and "rejected" in notes[1]
    assert repaired[2] is good and 2 not in notes


def test_kinds_of_geometries():
    assert kind_of(shapely.Point(1, 2)) == "point"
    assert kind_of(shapely.MultiLineString([[(0, 0), (1, 1)]])) == "line"
    assert kind_of(shapely.box(0, 0, 1, 1)) == "polygon"
    assert kind_of(shapely.Polygon()) is None and kind_of(None) is None


def test_a_path_across_a_border_lies_wholly_inside_never_more(communes):
    # A 4.2 km cycle path crossing the Bochum-Herne border: its two pieces' shares add up to
    # 1.0000000000000002 in floating point; the share inside the Ruhr area is 100 %, not more.
    box = _border_box(communes, BOCHUM, "05916000")
    minx, miny, maxx, maxy = box.bounds
    path = shapely.LineString([(minx, miny), (maxx, maxy)])
    parts = place_shapes(communes, np.array([path]), LINE)
    assert parts.frame["ags"].tolist() == [BOCHUM, "05916000"]
    assert parts.frame["measure"].sum() == pytest.approx(path.length)
    assert inside_share(parts, 1).tolist() == [1.0]
