"""The answer to an upload (geo/layer_report.py) for each kind of file a planner sends: a commune table, points
as lat/lon, as UTM x/y or in a GeoJSON file, lines across communes, and files with many refused or repaired
rows. Called directly, as store/layer_rows and service/layer_uploads call it."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from geo.crs import lonlat_to_utm
from geo.layer_files import read_layer_file
from geo.layer_report import columns_of, place_layer, report_of

BOCHUM, DORTMUND, ESSEN, HERNE = "05911000", "05913000", "05113000", "05916000"


def _answer(repo, raw: bytes, filename: str):
    layer = read_layer_file(raw, filename, repo.gazetteer)
    parts = place_layer(layer, repo.region, repo.geocoder)
    return layer, parts, report_of(layer, parts).as_json()


def _csv(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8")


def _geojson(*features: tuple[dict, dict | None]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry}
        for properties, geometry in features]}).encode()


def test_a_commune_tables_rows_lie_wholly_in_their_commune(repo):
    layer, parts, answer = _answer(repo, _csv("AGS;Kitaplätze", f"{ESSEN};1200", f"{BOCHUM};800", f"{ESSEN};50"),
                                   "kitas.csv")
    assert parts.frame.to_dict("list") == {"feature": [0, 1, 2], "ags": [ESSEN, BOCHUM, ESSEN],
                                           "measure": [1.0, 1.0, 1.0], "feature_share": [1.0, 1.0, 1.0],
                                           "commune_share": [0.0, 0.0, 0.0]}
    assert answer == {"rows_read": 3, "features": 3, "placed_per_commune": {ESSEN: 2, BOCHUM: 1},
                      "outside_count": 0, "outside_lines": [], "rejected_count": 0, "rejected": [], "repaired": []}
    assert list(answer["placed_per_commune"]) == [ESSEN, BOCHUM]  # in AGS order


def test_points_as_lat_lon_as_utm_and_in_a_geojson_file_are_placed_alike(repo):
    # the same three places (Bochum, Dortmund, Cologne's cathedral: outside) in each form a planner may send
    lonlat = [(7.2162, 51.4818), (7.4593, 51.5178), (6.9581, 50.9413)]
    as_lat_lon = _csv("Name;Breite;Länge", *(f"P{n};{lat};{lon}" for n, (lon, lat) in enumerate(lonlat)))
    x, y = lonlat_to_utm(np.array([p[0] for p in lonlat]), np.array([p[1] for p in lonlat]))
    as_utm = _csv("Name;Rechtswert;Hochwert", *(f"P{n};{x[n]:.2f};{y[n]:.2f}" for n in range(3)))
    as_geojson = _geojson(*(({"Name": f"P{n}"}, {"type": "Point", "coordinates": list(p)})
                            for n, p in enumerate(lonlat)))
    for raw, filename in ((as_lat_lon, "punkte.csv"), (as_utm, "punkte_utm.csv"), (as_geojson, "punkte.geojson")):
        layer, parts, answer = _answer(repo, raw, filename)
        assert parts.frame["feature"].tolist() == [0, 1] and parts.frame["ags"].tolist() == [BOCHUM, DORTMUND]
        assert answer["placed_per_commune"] == {BOCHUM: 1, DORTMUND: 1}, filename
        assert answer["outside_count"] == 1 and answer["features"] == 3, filename
    assert _answer(repo, as_utm, "punkte_utm.csv")[2]["outside_lines"] == [4]  # the CSV's fourth line
    assert _answer(repo, as_geojson, "punkte.geojson")[2]["outside_lines"] == [3]  # the third feature


def test_a_line_across_communes_counts_once_in_each(repo):
    across = {"type": "LineString", "coordinates": [[7.2162, 51.4818], [7.2250, 51.5380], [7.4593, 51.5178]]}
    within = {"type": "LineString", "coordinates": [[7.2162, 51.4818], [7.2200, 51.4830]]}
    abroad = {"type": "LineString", "coordinates": [[2.35, 48.85], [2.36, 48.86]]}
    layer, parts, answer = _answer(repo, _geojson(({"name": "Radweg"}, across), ({"name": "Stich"}, within),
                                                  ({"name": "Paris"}, abroad)), "wege.geojson")
    placed = answer["placed_per_commune"]
    assert placed[BOCHUM] == 2 and placed[HERNE] == 1 and placed[DORTMUND] == 1
    assert set(placed) == set(parts.frame["ags"]) and list(placed) == sorted(placed)
    assert answer["outside_count"] == 1 and answer["outside_lines"] == [3]


def test_more_than_100_refused_rows_are_counted_and_the_first_100_listed(repo):
    rows = ["Name;Breite;Länge", "Rathaus Bochum;51,4818;7,2162"] + [f"Ohne Ort {n};abc;7,2" for n in range(101)]
    layer, _, answer = _answer(repo, _csv(*rows), "liste.csv")
    assert answer["rows_read"] == 102 and answer["features"] == 1 and answer["rejected_count"] == 101
    assert len(answer["rejected"]) == 100
    assert [r["line"] for r in answer["rejected"]] == list(range(3, 103))
    assert answer["rejected"][0] == {"line": 3, "reason": layer.rejected[0][1]} and layer.rejected[0][1]


def test_more_than_100_repaired_polygons_are_noted_and_the_first_100_listed(repo):
    def bow_tie(n: int) -> dict:  # a self-crossing ring, as a slip of the mouse makes it
        x, y = 7.20 + n * 0.001, 51.48
        return {"type": "Polygon", "coordinates": [[[x, y], [x + 0.0008, y + 0.0008], [x + 0.0008, y],
                                                    [x, y + 0.0008], [x, y]]]}
    layer, _, answer = _answer(repo, _geojson(*(({"nr": n}, bow_tie(n)) for n in range(101))), "flaechen.geojson")
    assert answer["features"] == 101 and len(layer.notes) == 101
    assert len(answer["repaired"]) == 100
    assert [r["line"] for r in answer["repaired"]] == list(range(1, 101))
    assert answer["repaired"][0] == {"line": 1, "note": layer.notes[0][1]} and "repaired" in layer.notes[0][1]


def test_each_column_gets_its_type_yes_no_numbers_and_text():
    values = pd.DataFrame({"geprüft": [True, False], "Kosten": [1200.5, None], "Plätze": [3, 4],
                           "Träger": ["Stadt", "Verein"], 2025: ["a", "b"]})
    assert columns_of(values) == [{"name": "geprüft", "type": "boolean"}, {"name": "Kosten", "type": "number"},
                                  {"name": "Plätze", "type": "number"}, {"name": "Träger", "type": "text"},
                                  {"name": "2025", "type": "text"}]


def test_an_area_across_two_communes_is_shared_by_area(repo):
    # a rectangle over the border of Bochum and Herne: each commune's part is its share of the area
    # (not of the outline's length), and the part's share of the commune's own area is kept too
    rectangle = {"type": "Polygon", "coordinates": [[[7.18, 51.50], [7.26, 51.50], [7.26, 51.54], [7.18, 51.54],
                                                     [7.18, 51.50]]]}
    layer, parts, answer = _answer(repo, _geojson(({"name": "Grünzug"}, rectangle)), "gebiet.geojson")
    frame = parts.frame.set_index("ags")
    communes = repo.region.communes.set_index("ags").geometry
    shape = layer.geometries[0]
    assert {BOCHUM, HERNE} <= set(frame.index) and answer["placed_per_commune"][HERNE] == 1
    for ags, part in frame.iterrows():
        piece = shape.intersection(communes[ags])
        assert part["measure"] == pytest.approx(piece.area, rel=1e-9)
        assert part["feature_share"] == pytest.approx(piece.area / shape.area, rel=1e-9)
        assert part["commune_share"] == pytest.approx(piece.area / communes[ags].area, rel=1e-9)
    assert frame["feature_share"].sum() == pytest.approx(1.0)
