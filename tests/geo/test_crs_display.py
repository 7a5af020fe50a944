"""geo/crs.py and geo/display.py: computing in UTM 32N, serving WGS84, drawing simplified communes."""
import numpy as np
import shapely

from geo.crs import UTM32N, WGS84, lonlat_to_utm, transformer, utm_to_lonlat
from geo.display import DEFAULT_TOLERANCE_M, simplified_wgs84


def test_utm_32n_is_centred_on_9_degrees_east():
    x, y = lonlat_to_utm([9.0, 7.0], [51.0, 51.0])
    assert x[0] == 500_000.0  # the false easting on the central meridian
    assert x[1] < 400_000 and abs(y[0] - 5_649_824.89) < 0.01 and y.dtype == float
    lon, lat = utm_to_lonlat([500_000.0], [y[0]])
    assert np.allclose((lon[0], lat[0]), (9.0, 51.0), atol=1e-9, rtol=0)


def test_a_point_goes_there_and_back_to_the_micro_degree():
    lon, lat = utm_to_lonlat(*lonlat_to_utm([7.310362], [51.490489]))  # a Bochum school
    assert abs(lon[0] - 7.310362) < 1e-9 and abs(lat[0] - 51.490489) < 1e-9
    assert transformer(WGS84, UTM32N) is transformer(WGS84, UTM32N)  # built once


def test_drawn_communes_are_simplified_together_and_rounded(repo):
    communes = repo.region.communes[["ags", "geometry"]]
    drawn = simplified_wgs84(communes)
    assert drawn.crs.to_epsg() == 4326 and list(drawn["ags"]) == list(communes["ags"])
    assert shapely.equals(drawn.geometry.iloc[0], simplified_wgs84(communes, DEFAULT_TOLERANCE_M).geometry.iloc[0])
    assert DEFAULT_TOLERANCE_M == 50.0
    coordinates = shapely.get_coordinates(drawn.geometry.values)
    assert np.allclose(coordinates, np.round(coordinates, 5), atol=1e-12, rtol=0)  # 5 decimals: about a metre
    assert len(coordinates) < 0.7 * len(shapely.get_coordinates(communes.geometry.values))
    coarse = simplified_wgs84(communes, 500.0)
    assert len(shapely.get_coordinates(coarse.geometry.values)) < len(coordinates)
    # simplified as one coverage: neighbours still share their border, no gaps or overlaps appear
    union_area = shapely.union_all(drawn.geometry.values).area
    assert abs(union_area - shapely.area(drawn.geometry.values).sum()) < 1e-9
    assert communes is not drawn and communes.crs.to_epsg() == 25832  # the input is left as it was
