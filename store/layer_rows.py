"""Planners' layers in the store: add, list, read, share and delete, with the visibility rule.

A layer is visible to its owner, to the accounts it is shared with, and to everyone once public;
anyone else gets the same NotFound as for a layer that never existed. Only the owner (or an
admin) changes or deletes it. Every function runs inside the caller's transaction, so a broken
upload stores nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from geo.errors import NotFound
from geo.layer_report import columns_of, feature_records
from store.commands import Principal
from store.errors import Forbidden, TooLarge
from store.rows import now
from store.schema import layer_features, layer_parts, layers

IN_CHUNK = 500  # feature numbers per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True)
class NewLayer:
    """An upload ready to store: properties per feature, GeoJSON geometries in EPSG:4326, parts per commune."""

    title: str
    kind: str
    columns: list[dict]                       # [{"name": …, "type": "number" | "text"}]
    features: list[dict]                      # {"line", "geometry" (dict | None), "ags" (str | None), "properties"}
    parts: list[tuple[int, str, float, float, float]]   # (feature, ags, measure, feature_share, commune_share)
    report: dict
    size_bytes: int


@dataclass(frozen=True)
class LayerInfo:
    id: int
    owner: str
    title: str
    kind: str
    columns: list[dict]
    public: bool
    shared_with: tuple[str, ...]
    created_at: datetime
    report: dict
    features: int
    size_bytes: int


def _info(row) -> LayerInfo:
    return LayerInfo(row.id, row.owner, row.title, row.kind, json.loads(row.columns), row.public,
                     tuple(filter(None, row.shared_with.split(";"))), row.created_at, json.loads(row.report),
                     row.features, row.size_bytes)


def _may_see(principal: Principal, row) -> bool:
    return row.public or row.owner == principal.name or principal.name in row.shared_with.split(";")


def add_layer(connection: Connection, owner: Principal, layer: NewLayer, quota_bytes: int) -> int:
    used = connection.execute(select(func.coalesce(func.sum(layers.c.size_bytes), 0))
                              .where(layers.c.owner == owner.name)).scalar()
    if used + layer.size_bytes > quota_bytes:
        raise TooLarge(f"the layers of {owner.name} would take {used + layer.size_bytes:,} bytes; "
                       f"the limit per account is {quota_bytes:,} (delete a layer first)")
    layer_id = connection.execute(insert(layers).values(
        owner=owner.name, title=layer.title, kind=layer.kind, columns=json.dumps(layer.columns), public=False,
        shared_with="", created_at=now(), report=json.dumps(layer.report), features=len(layer.features),
        size_bytes=layer.size_bytes).returning(layers.c.id)).scalar_one()
    if layer.features:
        connection.execute(insert(layer_features), [
            {"layer_id": layer_id, "feature": n, "line": f["line"], "ags": f["ags"],
             "geometry": json.dumps(f["geometry"]) if f["geometry"] else None,
             "properties": json.dumps(f["properties"], ensure_ascii=False)} for n, f in enumerate(layer.features)])
    if layer.parts:
        connection.execute(insert(layer_parts), [
            {"layer_id": layer_id, "feature": f, "ags": a, "measure": m, "feature_share": s, "commune_share": c}
            for f, a, m, s, c in layer.parts])
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("UPDATE layer_features SET geom = ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326) "
                                   "WHERE layer_id = %(id)s AND geometry IS NOT NULL", {"id": layer_id})
    return layer_id


def visible_layers(connection: Connection, principal: Principal) -> list[LayerInfo]:
    rows = connection.execute(select(layers).order_by(layers.c.id))
    return [_info(row) for row in rows if _may_see(principal, row)]


def layer_info(connection: Connection, principal: Principal, layer_id: int) -> LayerInfo:
    row = connection.execute(select(layers).where(layers.c.id == layer_id)).first()
    if row is None or not _may_see(principal, row):
        raise NotFound(f"no layer {layer_id}")
    return _info(row)


def _owned(connection: Connection, principal: Principal, layer_id: int) -> LayerInfo:
    info = layer_info(connection, principal, layer_id)
    if info.owner != principal.name and principal.role != "admin":
        raise Forbidden(f"layer {layer_id} belongs to another account; only its owner changes it")
    return info


def layer_content(connection: Connection, principal: Principal, layer_id: int) -> tuple[LayerInfo, list, list]:
    """The layer, its features (line, geometry dict | None, ags, properties) and its parts."""
    info = layer_info(connection, principal, layer_id)
    features = [(r.line, json.loads(r.geometry) if r.geometry else None, r.ags, json.loads(r.properties))
                for r in connection.execute(select(layer_features).where(layer_features.c.layer_id == layer_id)
                                            .order_by(layer_features.c.feature))]
    parts = [(r.feature, r.ags, r.measure, r.feature_share, r.commune_share)
             for r in connection.execute(select(layer_parts).where(layer_parts.c.layer_id == layer_id)
                                         .order_by(layer_parts.c.feature, layer_parts.c.ags))]
    return info, features, parts


def layer_features_of(connection: Connection, principal: Principal, layer_id: int,
                      numbers: list[int]) -> tuple[LayerInfo, list[tuple]]:
    """Some features of a layer by their numbers (feature, geometry dict | None, ags, properties): one
    view of the layer map, never the whole layer."""
    info = layer_info(connection, principal, layer_id)
    found = []
    for start in range(0, len(numbers), IN_CHUNK):
        chosen = [int(n) for n in numbers[start:start + IN_CHUNK]]
        found += [(r.feature, json.loads(r.geometry) if r.geometry else None, r.ags, json.loads(r.properties))
                  for r in connection.execute(select(layer_features).where(
                      layer_features.c.layer_id == layer_id, layer_features.c.feature.in_(chosen)))]
    return info, sorted(found, key=lambda row: row[0])


def share_layer(connection: Connection, principal: Principal, layer_id: int, public: bool,
                shared_with: list[str]) -> LayerInfo:
    _owned(connection, principal, layer_id)
    connection.execute(update(layers).where(layers.c.id == layer_id)
                       .values(public=public, shared_with=";".join(sorted(set(shared_with)))))
    return layer_info(connection, principal, layer_id)


def delete_layer(connection: Connection, principal: Principal, layer_id: int) -> None:
    """Every trace: the features, their parts and the layer row."""
    _owned(connection, principal, layer_id)
    for table in (layer_parts, layer_features):
        connection.execute(delete(table).where(table.c.layer_id == layer_id))
    connection.execute(delete(layers).where(layers.c.id == layer_id))


def new_layer(title: str, layer_file, parts, report, size_bytes: int) -> NewLayer:
    """The store's value of a read and placed upload (geo.layer_files.LayerFile, geo.overlay.Parts)."""
    frame = parts.frame
    return NewLayer(title, layer_file.kind, columns_of(layer_file.values), feature_records(layer_file),
                    list(zip(frame["feature"].astype(int).tolist(), frame["ags"].astype(str).tolist(),
                             frame["measure"].astype(float).tolist(), frame["feature_share"].astype(float).tolist(),
                             frame["commune_share"].astype(float).tolist())),
                    report.as_json(), size_bytes)
