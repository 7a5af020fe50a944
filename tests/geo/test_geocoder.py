"""Point -> commune: known places, outside points, borders, bad input, agreement with shapely/sjoin."""
import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings, strategies as st

from geo.crs import lonlat_to_utm, utm_to_lonlat
from geo.errors import InvalidInput
from geo.grid_index import OUTSIDE


def test_known_places_land_in_their_commune(repo, known_places):
    lat = [float(p["lat"]) for p in known_places]
    lon = [float(p["lon"]) for p in known_places]
    got = repo.geocoder.ags_of(repo.geocoder.locate_lonlat(lon, lat))
    expected = [p["ags"] for p in known_places]
    assert got == expected
    assert len(known_places) >= 45


@pytest.mark.parametrize("name, lat, lon", [
    ("Düsseldorf Rathaus", 51.2262, 6.7725),
    ("Münster Dom", 51.9629, 7.6257),
    ("Köln Dom", 50.9413, 6.9583),
    ("North Sea", 54.2, 7.0),
    ("Null Island", 0.0, 0.0),
])
def test_points_outside_the_ruhr_have_no_commune(repo, name, lat, lon):
    assert repo.geocoder.ags_of(repo.geocoder.locate_lonlat([lon], [lat])) == [None]


def test_utm_input_matches_lonlat_input(repo, known_places):
    lat = np.array([float(p["lat"]) for p in known_places])
    lon = np.array([float(p["lon"]) for p in known_places])
    x, y = lonlat_to_utm(lon, lat)
    assert (repo.geocoder.locate_xy(x, y) == repo.geocoder.locate_lonlat(lon, lat)).all()


def _shared_vertex(repo, first, second):
    communes = repo.region.communes.set_index("ags").geometry
    shared = shapely.get_coordinates(shapely.intersection(communes[first].boundary, communes[second].boundary))
    return shared[len(shared) // 2]  # mid-border, away from tri-points with a third commune


def test_point_on_shared_border_goes_to_lower_ags(repo):
    x, y = _shared_vertex(repo, "05911000", "05913000")  # Bochum / Dortmund
    assert repo.geocoder.ags_of(repo.geocoder.locate_xy([x], [y])) == ["05911000"]
    # sjoin(within) loses such a point entirely; we document and keep it.
    point = gpd.GeoDataFrame(geometry=gpd.points_from_xy([x], [y]), crs=25832)
    joined = gpd.sjoin(point, repo.region.communes[["ags", "geometry"]], predicate="within", how="left")
    assert joined["ags"].isna().all()


def test_point_on_outer_boundary_belongs_to_its_commune(repo):
    xanten = repo.region.communes.set_index("ags").geometry["05170052"]
    region = shapely.union_all(repo.region.communes.geometry.values)
    outer = shapely.get_coordinates(shapely.intersection(xanten.boundary, region.boundary))
    x, y = outer[len(outer) // 2]
    assert repo.geocoder.ags_of(repo.geocoder.locate_xy([x], [y])) == ["05170052"]


@pytest.mark.parametrize("lon, lat, message", [
    ([float("nan")], [51.5], "longitude missing or not a number"),
    ([7.0], [float("inf")], "latitude missing or not a number"),
    ([7.0], [95.0], "latitude out of range"),
    ([190.0], [51.5], "longitude out of range"),
    (["sieben"], [51.5], "longitude must be numbers"),
    ([7.0, 7.1], [51.5], "same length"),
])
def test_bad_coordinates_are_rejected_clearly(repo, lon, lat, message):
    with pytest.raises(InvalidInput, match=message):
        repo.geocoder.locate_lonlat(lon, lat)


def test_non_finite_xy_is_rejected(repo):
    with pytest.raises(InvalidInput, match="not a finite number"):
        repo.geocoder.locate_xy([380000.0, np.nan], [5710000.0, 5710000.0])


def test_agrees_with_sjoin_on_random_points(repo):
    rng = np.random.default_rng(2027)
    minx, miny, maxx, maxy = repo.region.communes.total_bounds
    x = rng.uniform(minx - 2000, maxx + 2000, 50_000)
    y = rng.uniform(miny - 2000, maxy + 2000, 50_000)
    ours = repo.geocoder.ags_of(repo.geocoder.locate_xy(x, y))
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=25832)
    joined = gpd.sjoin(points, repo.region.communes[["ags", "geometry"]], predicate="within", how="left")
    reference = [ags if isinstance(ags, str) else None for ags in joined["ags"]]
    assert ours == reference


_BOUNDS = (312_000.0, 5_674_000.0, 431_500.0, 5_744_500.0)


@settings(max_examples=300, deadline=None)
@given(st.floats(_BOUNDS[0] - 3000, _BOUNDS[2] + 3000), st.floats(_BOUNDS[1] - 3000, _BOUNDS[3] + 3000))
def test_matches_shapely_on_any_point(repo, x, y):
    polygons = repo.region.communes.sort_values("ags").geometry.values
    containing = np.flatnonzero(shapely.contains_xy(polygons, x, y))
    position = repo.geocoder.locate_xy([x], [y])[0]
    if containing.size:
        assert position == containing[0]
    elif not shapely.intersects_xy(polygons, x, y).any():
        assert position == OUTSIDE


def test_lonlat_points_beyond_the_bounds_are_outside_without_being_transformed(repo):
    """locate_lonlat transforms only points within the grid's lon/lat bounds: the bounds hold every
    boundary vertex, and the answer is the lookup of every point transformed."""
    geocoder = repo.geocoder
    west, south, east, north = geocoder.lonlat_bounds
    lon, lat = utm_to_lonlat(*shapely.get_coordinates(repo.region.communes.geometry.values).T)
    assert west < lon.min() and lon.max() < east and south < lat.min() and lat.max() < north
    extremes = [lon.argmin(), lon.argmax(), lat.argmin(), lat.argmax()]
    rng = np.random.default_rng(2028)
    lon = np.concatenate([rng.uniform(west - 0.5, east + 0.5, 20_000), lon[::50], lon[extremes]])
    lat = np.concatenate([rng.uniform(south - 0.5, north + 0.5, 20_000), lat[::50], lat[extremes]])
    positions = geocoder.locate_lonlat(lon, lat)
    assert np.array_equal(positions, geocoder.grid.lookup(*lonlat_to_utm(lon, lat)))
    assert (positions == OUTSIDE).any() and (positions != OUTSIDE).any()


def test_lonlat_arrays_of_any_shape_are_located_point_by_point(repo):
    """A grid of points (a 2-D array), some within the Ruhr area's bounds and some far beyond them,
    gives the same positions as the same points in a row."""
    lon = np.array([[7.4668, 2.35], [7.2162, 7.0]])
    lat = np.array([[51.5141, 48.85], [51.4818, 51.45]])
    positions = repo.geocoder.locate_lonlat(lon, lat)
    assert positions.shape == (2, 2)
    assert np.array_equal(positions.ravel(), repo.geocoder.locate_lonlat(lon.ravel(), lat.ravel()))
    assert positions[0, 1] == OUTSIDE and positions[0, 0] != OUTSIDE
