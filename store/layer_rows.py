"""Planners' layers in the store: add, list, read, share and delete, with the visibility rule.

A layer is visible to its owner, to the accounts it is shared with, and to everyone once public;
anyone else gets the same NotFound as for a layer that never existed. Only the owner (or an
admin) changes or deletes it. Every function runs inside the caller's transaction, so a broken
upload stores nothing.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import Connection, delete, func, insert, select, update

from geo.boundaries import Region
from geo.errors import NotFound
from geo.layer_files import COMMUNE
from geo.layer_report import UploadReport, columns_of, report_of
from geo.layer_summary import UnitSums, table_sums
from geo.layer_table import LayerTable, decode, encode_features, encode_parts, part_rows, placed, records, \
    table_of
from geo.overlay import PART_COLUMNS, POINT
from store.commands import Principal
from store.errors import Forbidden, TooLarge
from store.rows import now
from store.schema import layer_data, layer_features, layer_parts, layer_summaries, layers


@dataclass(frozen=True)
class NewLayer:
    """An upload ready to store: its columns and the compact table of features and parts."""

    title: str
    kind: str
    columns: list[dict]                       # [{"name": …, "type": "number" | "boolean" | "text"}]
    table: LayerTable
    report: dict
    size_bytes: int
    encoded: tuple[memoryview, memoryview]    # the features and the parts as stored (geo.layer_table.encode)
    sums: UnitSums | None = None              # per commune, Kreis and region, when made at upload


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
        shared_with="", created_at=now(), report=json.dumps(layer.report), features=len(layer.table),
        size_bytes=layer.size_bytes).returning(layers.c.id)).scalar_one()
    features, parts = layer.encoded
    connection.execute(insert(layer_data).values(layer_id=layer_id, features=features, parts=parts))
    if layer.sums is not None:
        connection.execute(insert(layer_summaries).values(layer_id=layer_id, sums=layer.sums.as_json()))
    if connection.dialect.name == "postgresql" and len(layer.table):
        _postgis_rows(connection, layer_id, layer.table)
    return layer_id


def _postgis_rows(connection: Connection, layer_id: int, table: LayerTable) -> None:
    """On PostgreSQL every feature also as a row with its PostGIS geometry, for QGIS reading the database."""
    connection.execute(insert(layer_features), [
        {"layer_id": layer_id, "feature": n, "line": line, "ags": ags,
         "geometry": json.dumps(geometry) if geometry else None,
         "properties": json.dumps(properties, ensure_ascii=False, default=str)}
        for n, (line, geometry, ags, properties) in enumerate(records(table))])
    connection.exec_driver_sql("UPDATE layer_features SET geom = ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326) "
                               "WHERE layer_id = %(id)s AND geometry IS NOT NULL", {"id": layer_id})


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


def layer_table(connection: Connection, principal: Principal, layer_id: int) -> tuple[LayerInfo, LayerTable]:
    """The layer and its compact table of features and parts."""
    info = layer_info(connection, principal, layer_id)
    row = connection.execute(select(layer_data).where(layer_data.c.layer_id == layer_id)).first()
    if row is None:  # stored before layer_data existed: one row per feature and part
        return info, _table_of_rows(connection, info)
    return info, decode(bytes(row.features), bytes(row.parts))


def layer_sums(connection: Connection, principal: Principal, layer_id: int) -> tuple[LayerInfo, UnitSums | None]:
    """The layer and its sums per unit as made at upload (None for a layer stored before they were kept)."""
    info = layer_info(connection, principal, layer_id)
    sums = connection.execute(select(layer_summaries.c.sums).where(layer_summaries.c.layer_id == layer_id)).scalar()
    return info, None if sums is None else UnitSums.from_json(sums)


def _table_of_rows(connection: Connection, info: LayerInfo) -> LayerTable:
    rows = connection.execute(select(layer_features).where(layer_features.c.layer_id == info.id)
                              .order_by(layer_features.c.feature)).all()
    geometries = [json.loads(r.geometry) if r.geometry else None for r in rows]
    properties = [json.loads(r.properties) for r in rows]
    values = pd.DataFrame({c["name"]: pd.Series([p.get(c["name"]) for p in properties],
                                                dtype=float if c["type"] == "number" else object)
                           for c in info.columns}, index=range(len(rows)))
    parts = pd.DataFrame([(r.feature, r.ags, r.measure, r.feature_share, r.commune_share) for r in connection.execute(
        select(layer_parts).where(layer_parts.c.layer_id == info.id))], columns=PART_COLUMNS)
    lines = np.array([r.line for r in rows], dtype=np.int64)
    if info.kind == POINT:
        xy = np.array([g["coordinates"][:2] for g in geometries], dtype=float).reshape(-1, 2)
        return LayerTable(info.kind, lines, xy[:, 0], xy[:, 1], None, None, values, parts)
    if info.kind == COMMUNE:
        return LayerTable(info.kind, lines, None, None, None, np.array([r.ags for r in rows], dtype=object), values,
                          parts)
    shapes = np.array([shapely.geometry.shape(g) for g in geometries], dtype=object)
    return LayerTable(info.kind, lines, None, None, shapes, None, values, parts)


def layer_content(connection: Connection, principal: Principal, layer_id: int) -> tuple[LayerInfo, list, list]:
    """The layer, its features (line, geometry dict | None, ags, properties) and its parts."""
    info, table = layer_table(connection, principal, layer_id)
    return info, records(table), part_rows(table)


def share_layer(connection: Connection, principal: Principal, layer_id: int, public: bool,
                shared_with: list[str]) -> LayerInfo:
    _owned(connection, principal, layer_id)
    connection.execute(update(layers).where(layers.c.id == layer_id)
                       .values(public=public, shared_with=";".join(sorted(set(shared_with)))))
    return layer_info(connection, principal, layer_id)


def delete_layer(connection: Connection, principal: Principal, layer_id: int) -> None:
    """Every trace: the features, their parts and the layer row."""
    _owned(connection, principal, layer_id)
    for table in (layer_summaries, layer_data, layer_parts, layer_features):
        connection.execute(delete(table).where(table.c.layer_id == layer_id))
    connection.execute(delete(layers).where(layers.c.id == layer_id))


class LayerEncoding:
    """An upload on its way to the store: its features are encoded on a second thread from the moment it
    is read, while the caller places them on the communes; `new_layer` then reports and encodes the parts
    on that thread while this one sums them per unit (zstd, Arrow and most of numpy release the GIL, so
    the two share the machine's cores instead of taking turns). All of it before the write transaction,
    so that the writer lock is held for the write alone. Use it as a context manager (the thread ends
    with it)."""

    def __init__(self, layer_file) -> None:
        self.layer_file = layer_file
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="layer-encode")
        # On the thread too: a failure here (a geometry that cannot be written) is raised after the placing's
        # own refusal (400), never in its place.
        self._features = self._pool.submit(table_of, layer_file)
        self._encoded = self._pool.submit(lambda: encode_features(self._features.result()))

    def __enter__(self) -> LayerEncoding:
        return self

    def __exit__(self, *_) -> None:
        self._pool.shutdown(wait=True)

    def new_layer(self, title: str, parts, size_bytes: int,
                  region: Region | None = None) -> tuple[NewLayer, UploadReport]:
        """The store's value of the placed upload (geo.overlay.Parts) and its report; with `region`, its
        sums per unit too, made from the table as stored (the same as a summary of it later)."""
        columns, table = columns_of(self.layer_file.values), placed(self._features.result(), parts)
        reporting = self._pool.submit(report_of, self.layer_file, parts)  # after the features, beside the sums
        parts_encoded = self._pool.submit(encode_parts, table)
        sums = None if region is None else table_sums(region, columns, table)
        report, encoded = reporting.result(), (self._encoded.result(), parts_encoded.result())
        stored = NewLayer(title, self.layer_file.kind, columns, table, report.as_json(), size_bytes, encoded, sums)
        return stored, report

