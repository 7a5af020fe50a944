"""From a write request to the store's row cells: which table a collection writes, a GeoJSON Feature
(or a JSON merge patch of one) as the row's cells, the change's reason and source, the If-Match
version and the size- and type-checked body.

Collections and tables:
- `sites` and every programme collection (`fgz`, `talentkolleg`, …) write the `sites` table; a
  programme collection is a view of it: its items are the sites of that programme, a new item gets
  the programme, and a feature of another programme is not found there (404).
- `funding` (funding figures) and `projects` (project places: projects and the communes they
  concern) are features without geometry: their properties are the row's cells.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from fastapi import Request
from starlette.exceptions import HTTPException

from geo.errors import NotFound
from geo.layers import SITE_PROPERTIES
from geo.read_model import ReadModel
from store.errors import FieldProblem, ValidationFailed
from store.schema import ENTITIES, Entity

JSON_TYPES = ("application/geo+json", "application/json")
PATCH_TYPES = (*JSON_TYPES, "application/merge-patch+json")
# Properties the read API derives from the row (never stored; ignored when sent back).
DERIVED = {"programme_name", "ags", "commune", "district_code"}
# Cells a site's GeoJSON carries (the rest, report_line and notes, are kept as stored unless sent).
SITE_REPRESENTED = [c for c in SITE_PROPERTIES if c in ENTITIES["sites"].columns and c != "id"]
# The request body of POST/PUT/PATCH in the OpenAPI document.
GEOJSON_WRITE_BODY = {"requestBody": {"required": True, "description": (
    "A GeoJSON Feature (PATCH: a JSON merge patch of one). Top-level members besides the Feature's: `reason` "
    "(required: why) and `source` (where the change comes from; default: the feature's `source` property). "
    "Sites: geometry a Point [lon, lat] in CRS84, or null for a position that is not published. Funding "
    "figures and projects: geometry null, the properties are the row's cells."),
    "content": {media: {"schema": {"type": "object", "required": ["reason"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "string"},
        "geometry": {"type": "object", "nullable": True}, "properties": {"type": "object"},
        "reason": {"type": "string"}, "source": {"type": "string"}}}}
        for media in ("application/geo+json", "application/json", "application/merge-patch+json")}}}
COORDINATE_DIGITS = 6  # the committed edition's precision (about 0.1 m)


@dataclass(frozen=True)
class Writable:
    """What a collection writes: the table, and for a programme view the programme it holds."""

    collection: str
    entity: Entity
    programme: str | None = None

    @property
    def has_geometry(self) -> bool:
        return self.entity.name == "sites"


def writable(model: ReadModel, collection: str) -> Writable:
    if collection == "sites":
        return Writable(collection, ENTITIES["sites"])
    if collection in ("funding", "projects"):
        return Writable(collection, ENTITIES[collection])
    if collection in model.registry.ids:
        return Writable(collection, ENTITIES["sites"], collection)
    if collection in model.layers:
        refused = HTTPException(405, f"collection {collection!r} is read-only (derived from the boundaries or other data)",
                                headers={"Allow": "GET, HEAD"})
        refused.exact_allow = True  # the path also has write routes, but not for this collection
        raise refused
    raise NotFound(f"no collection {collection!r}")


def row_etag(version: int) -> str:
    return f'"{version}"'


def item_etag(model: ReadModel, collection: str, key: str) -> str | None:
    """The strong ETag of a writable feature as served (its row version), or None (a snapshot)."""
    if collection in ("sites", "funding", "projects"):
        entity = collection
    elif collection in model.registry.ids:
        entity = "sites"
    else:  # derived collections (communes, five_locations, …) are not written through this API
        return None
    version = model.row_versions.get(entity, {}).get(key)
    return None if version is None else row_etag(version)


def expected_version(request: Request) -> int:
    """The row version named by If-Match: required (428) for every change of an existing feature."""
    header = request.headers.get("if-match")
    if header is None:
        raise HTTPException(428, "this change needs 'If-Match' with the feature's ETag (GET the feature first)")
    tag = header.strip()
    if tag.startswith('"') and tag.endswith('"') and tag[1:-1].isdigit():
        return int(tag[1:-1])
    if tag == "*":
        raise HTTPException(428, "'If-Match: *' is not enough; send the feature's ETag")
    raise HTTPException(412, f"If-Match {tag[:40]!r} is not an ETag of this feature; GET it again")


async def json_body(request: Request, max_bytes: int, types: tuple[str, ...] = JSON_TYPES) -> dict:
    """The request's JSON object: type checked (415), size bounded while reading (413), parsed (400)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in types:
        raise HTTPException(415, f"send {' or '.join(types)}, not {media or 'no Content-Type'!r}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise HTTPException(413, f"the body is larger than {max_bytes} bytes")
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationFailed([FieldProblem("", "", "", f"the body is not JSON: {error}")]) from None
    if not isinstance(document, dict):
        raise ValidationFailed([FieldProblem("", "", "", "the body must be a JSON object (a GeoJSON Feature)")])
    return document


def _cell(value: object) -> str | None:
    """A property value as the cell's text; None when it cannot be one (a list, an object, true)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return str(value)


def _coordinate(value: float, stored: str) -> str:
    """The coordinate's text, keeping the stored text when it names the same point at 6 decimals."""
    try:
        if stored and round(float(stored), COORDINATE_DIGITS) == round(value, COORDINATE_DIGITS):
            return stored
    except ValueError:
        pass
    return f"{value:.{COORDINATE_DIGITS}f}".rstrip("0").rstrip(".")


def _geometry(target: Writable, key: str, geometry: object, stored: dict[str, str], problems: list) -> dict[str, str]:
    if not target.has_geometry:
        if geometry is not None:
            problems.append(FieldProblem(target.entity.name, key, "geometry", "these features have no geometry; send null"))
        return {}
    if geometry is None:
        return {"lat": "", "lon": ""}
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if (not isinstance(geometry, dict) or geometry.get("type") != "Point" or not isinstance(coordinates, list)
            or len(coordinates) != 2 or not all(isinstance(c, (int, float)) and not isinstance(c, bool)
                                                and math.isfinite(c) for c in coordinates)):
        problems.append(FieldProblem("sites", key, "geometry", "must be a GeoJSON Point [longitude, latitude] in CRS84, or null"))
        return {}
    lon, lat = coordinates
    return {"lat": _coordinate(lat, stored.get("lat", "")), "lon": _coordinate(lon, stored.get("lon", ""))}


def _properties(target: Writable, key: str, properties: dict, problems: list) -> dict[str, str]:
    cells = {}
    for name, value in properties.items():
        if target.has_geometry and name in DERIVED:
            continue
        if name not in target.entity.columns or (target.has_geometry and name in ("lat", "lon")):
            hint = " (the position is the geometry)" if name in ("lat", "lon") else ""
            problems.append(FieldProblem(target.entity.name, key, name, f"{name} is not a property of {target.collection}{hint}"))
            continue
        text = _cell(value)
        if text is None:
            problems.append(FieldProblem(target.entity.name, key, name, f"{name} must be text or a number"))
        else:
            cells[name] = text
    return cells


def _text_member(document: dict, name: str, target: Writable, key: str, problems: list) -> str | None:
    value = document.get(name)
    if value is not None and not isinstance(value, str):
        problems.append(FieldProblem(target.entity.name, key, name, f"{name} must be text"))
        return None
    return value


@dataclass(frozen=True)
class Change:
    """A write's new cells and its reason and source (the change's own, recorded in the revision)."""

    cells: dict[str, str]
    reason: str
    source: str


def change_of(target: Writable, key: str, document: dict, stored: dict[str, str] | None, patch: bool) -> Change:
    """The row's cells after this Feature (POST/PUT) or merge patch (PATCH), with the change's reason and
    source: the members `reason` (required) and `source` (default: the row's own `source` cell)."""
    problems: list[FieldProblem] = []
    entity = target.entity
    allowed = {"type", "id", "properties", "geometry", "reason", "source", "links", "bbox"}
    for member in sorted(set(document) - allowed):
        problems.append(FieldProblem(entity.name, key, member, f"{member} is not a member of a Feature write"))
    if not patch and document.get("type") != "Feature":
        problems.append(FieldProblem(entity.name, key, "type", "must be 'Feature'"))
    properties = document.get("properties") or {}
    if not isinstance(properties, dict):
        problems.append(FieldProblem(entity.name, key, "properties", "must be an object"))
        properties = {}
    stored = stored or {}
    if patch:
        cells = dict(stored)
    else:  # replace: every represented cell comes from the feature; a site's report_line and notes stay
        kept = [c for c in entity.columns if c not in SITE_REPRESENTED] if target.has_geometry else [entity.id_column]
        cells = {c: (stored.get(c, "") if c in kept else "") for c in entity.columns}
    cells.update(_properties(target, key, properties, problems))
    if not patch or "geometry" in document:
        cells.update(_geometry(target, key, document.get("geometry"), stored, problems))
    if target.programme:
        if cells.get("programme", "") in ("", target.programme):
            cells["programme"] = target.programme
        else:
            problems.append(FieldProblem(entity.name, key, "programme",
                                         f"this collection holds the programme {target.programme!r}; "
                                         "change a site's programme through /collections/sites"))
    feature_id = document.get("id")
    if key and feature_id not in (None, key):
        problems.append(FieldProblem(entity.name, key, "id", f"the feature's id {str(feature_id)[:60]!r} differs from the URL's"))
    if not key and isinstance(feature_id, (str, int)) and not isinstance(feature_id, bool) and not cells.get(entity.id_column):
        cells[entity.id_column] = str(feature_id)
    reason = _text_member(document, "reason", target, key, problems)
    source = _text_member(document, "source", target, key, problems)
    if not (reason or "").strip():
        problems.append(FieldProblem(entity.name, key, "reason", "reason is empty (every change needs one)"))
    if problems:
        raise ValidationFailed(problems)
    return Change(cells, reason or "", source if source is not None else cells.get("source", ""))


def feature_of(target: Writable, key: str, cells: dict[str, str]) -> dict:
    """A geometry-less row as a Feature (funding figures, projects): its cells are the properties."""
    return {"type": "Feature", "id": key, "geometry": None, "properties": dict(cells)}
