"""`GET /layers/{id}/map?bbox=…&zoom=…`: one map view of a planner's layer, however large the layer.

The answer is a GeoJSON FeatureCollection of at most a few thousand features: the layer's own
features in the box (`kind: "feature"`), or clusters per grid cell when there are more
(`kind: "cluster"`, with `count` and `sum_<column>`); geo/layer_grid.py says why and how. Rights are
those of `GET /layers/{id}`: a layer this caller may not see is the same 404 as a missing one.
A private layer's answers are `private, no-store`; a public layer's are `public, no-cache`, so
browsers revalidate (a layer can be made private again at any time) and no shared cache keeps them.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from geo.boundaries import Region
from geo.errors import InvalidInput
from geo.layer_files import COMMUNE
from geo.layer_grid import MAX_ZOOM, LayerGrid, MapSelection, grid_of_table, outline_geojson, select
from geo.layer_table import LayerTable, chosen_records
from geo.ruhr import ATTRIBUTION
from geo.user_layer import own_names
from service.auth import ReaderDep
from service.crs import lonlat_bbox
from service.generation import ReadModelDep, StoreDep
from service.params import reject_unknown
from service.user_collections import PRIVATE
from store.layer_rows import LayerInfo

router = APIRouter(tags=["layers"])
GEOJSON = "application/geo+json"
PUBLIC = {"Cache-Control": "public, no-cache"}
# the property that says feature or cluster; an uploaded 'kind' becomes 'kind_upload' (geo.user_layer.own_names)
KIND = "kind"
KEPT = 4                    # layers kept per worker (a million points with two numbers: about 100 MB)


class LayerGrids:
    """Grids (with the layer's table, for the features of a close view) built once per stored layer (a
    stored layer never changes), the last few kept."""

    def __init__(self) -> None:
        self.built: OrderedDict[tuple, tuple[LayerGrid, LayerTable]] = OrderedDict()
        self.lock = threading.Lock()
        self.building: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, build) -> tuple[LayerGrid, LayerTable]:
        with self.lock:
            if key in self.built:
                self.built.move_to_end(key)
                return self.built[key]
            gate = self.building.setdefault(key, threading.Lock())
        with gate:  # a grid asked for while it is built is built once
            with self.lock:
                if key in self.built:
                    return self.built[key]
            grid = build()
            with self.lock:
                self.built[key] = grid
                self.building.pop(key, None)
                while len(self.built) > KEPT:
                    self.built.popitem(last=False)
        return grid


def layer_grids(request: Request) -> LayerGrids:
    state = request.app.state
    if not hasattr(state, "layer_grids"):
        state.layer_grids = LayerGrids()
    return state.layer_grids


def _zoom(text: str | None) -> int:
    if text is None or not text.strip().isdigit() or int(text) > MAX_ZOOM:
        raise InvalidInput(f"zoom: give a whole number from 0 to {MAX_ZOOM} (the map's zoom level)")
    return int(text)


def _cluster_features(selection: MapSelection) -> list[dict]:
    clusters = selection.clusters
    sums = {f"sum_{name}": column.tolist() for name, column in clusters.sums.items()}
    features = []
    for n, (count, lon, lat) in enumerate(zip(clusters.count.tolist(), clusters.lon.tolist(), clusters.lat.tolist())):
        properties = {KIND: "cluster", "count": count, **{name: values[n] for name, values in sums.items()}}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
                         "properties": properties})
    return features


def _own_features(info: LayerInfo, rows: list[tuple], region: Region) -> list[dict]:
    features = []
    renamed = own_names([c["name"] for c in info.columns], (KIND,))
    for number, geometry, ags, properties in rows:
        if info.kind == COMMUNE:
            geometry = outline_geojson(region, ags)
        own = {renamed.get(name, name): value for name, value in properties.items()}
        features.append({"type": "Feature", "id": number + 1, "geometry": geometry,
                         "properties": {KIND: "feature", **own}})
    return features


def _answer(request: Request, body: dict, public: bool) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    etag = f'"{hashlib.sha256(text).hexdigest()[:20]}"'
    headers = {**(PUBLIC if public else PRIVATE), "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(text, media_type=GEOJSON, headers=headers)


@router.get("/layers/{layer_id}/map", summary="One map view of a layer: its features in bbox, or clusters per zoom",
            responses={200: {"content": {GEOJSON: {}}, "description": "FeatureCollection with 'aggregated' and 'zoom'"},
                       400: {"description": "bbox or zoom missing or malformed"},
                       404: {"description": "No such layer, or not visible to this caller"}})
async def layer_map(request: Request, layer_id: int, principal: ReaderDep, store: StoreDep, model: ReadModelDep,
                    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (CRS84)")] = None,
                    zoom: Annotated[str | None, Query(description=f"map zoom level, 0 to {MAX_ZOOM}")] = None):
    reject_unknown(request, {"bbox", "zoom"})
    if bbox is None:
        raise InvalidInput("bbox: give the map's view as minlon,minlat,maxlon,maxlat")
    box, level = lonlat_bbox(bbox), _zoom(zoom)
    info = await run_in_threadpool(store.layer, principal, layer_id)  # rights, on every request
    region = model.repo.region

    def build() -> tuple[LayerGrid, LayerTable]:
        _, table = store.layer_table(principal, layer_id)
        return grid_of_table(region, info.columns, table), table

    grid, table = await run_in_threadpool(layer_grids(request).get, (layer_id, info.created_at.isoformat()), build)
    selection = select(grid, box, level)
    if selection.aggregated:
        features = _cluster_features(selection)
    else:
        rows = chosen_records(table, selection.features)
        features = _own_features(info, [(int(n), *row[1:]) for n, row in zip(selection.features, rows)], region)
    body = {"type": "FeatureCollection", "aggregated": selection.aggregated, "zoom": level,
            "cell_px": selection.cell_px if selection.aggregated else None, "numberMatched": selection.matched,
            "numberReturned": len(features), "features": features,
            "attribution": f"{info.owner}; boundaries {ATTRIBUTION}"}
    return _answer(request, body, info.public)
