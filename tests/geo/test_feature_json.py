"""geo/feature_json.py built in the test: the GeoJSON features a response joins, per collection and CRS."""
import json
import threading

from geo.feature_json import FeatureCache
from geo.layers import SITE_PROPERTIES, build_layers


def test_site_features_in_wgs84_and_in_lat_lon_order(repo):
    cache = FeatureCache(build_layers(repo))
    features = [json.loads(f) for f in cache.features("sites", "EPSG:4326")]
    located = [s for s in repo.sites if s.located]
    assert [f["id"] for f in features] == [s.id for s in located]
    first = features[0]
    assert first["type"] == "Feature" and first["geometry"] == {"type": "Point", "coordinates": [7.310362, 51.490489]}
    assert first["properties"] == located[0].fields(SITE_PROPERTIES)
    assert all(f["properties"]["coordinate_source"] is None for f, s in zip(features, located) if s.coordinate_source is None)
    swapped = json.loads(cache.features("sites", "EPSG:4326", swap_axes=True)[0])
    assert swapped["geometry"]["coordinates"] == [51.490489, 7.310362]  # EPSG:4326 as the CRS defines it
    assert "Mülheim" in next(f for f in cache.features("communes", "EPSG:4326") if '"05117000"' in f)  # UTF-8, not \u00fc


def test_metres_rounded_to_the_decimals_asked_for(repo):
    cache = FeatureCache(build_layers(repo))
    duisburg = json.loads(cache.features("communes", "EPSG:25832", decimals=2)[0])
    assert duisburg["id"] == "05112000" and duisburg["geometry"]["type"] == "Polygon"
    assert duisburg["geometry"]["coordinates"][0][0] == [340757.3, 5713938.19]
    assert duisburg["properties"]["population"] == 503707 and duisburg["properties"]["name"] == "Duisburg"
    school = json.loads(cache.features("sites", "EPSG:25832", decimals=0)[0])
    assert school["geometry"]["coordinates"] == [382697.0, 5705725.0]


def test_each_list_is_built_once_even_when_asked_at_the_same_time(repo):
    cache = FeatureCache(build_layers(repo))
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.features("districts", "EPSG:4326"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r is results[0] for r in results)
    assert cache.features("districts", "EPSG:4326") is results[0]
    assert cache.features("districts", "EPSG:4326", decimals=5) is not results[0]
