"""OGC API - Features Part 4 (create, replace, update, delete) on the living data.

A curator's or admin's write is published at once (201 with Location / 200 / 204; every worker
serves it moments later, and a reader with credentials at once); an editor's write becomes a proposal (202, Location: /changes/{id}).
Every write names its reason (the Feature's top-level `reason` member; for DELETE the `reason` query
parameter) and the change's source (`source` member or parameter; default: the row's `source` cell).
Changes of existing features need `If-Match` with the feature's ETag (428 without, 412 when stale).
"""
from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from geo.errors import NotFound
from service.auth import WriterDep
from service.edit_features import (GEOJSON_WRITE_BODY, PATCH_TYPES, Writable, change_of, expected_version, feature_of,
                                   json_body, row_etag, writable)
from service.generation import ReadModelDep, StoreDep, public_base, service_state
from service.params import reject_unknown
from store import Delete, Put, Result
from store.errors import FieldProblem, ValidationFailed, hidden_or_missing
from store.store import Record

router = APIRouter()
GEOJSON = "application/geo+json"
WRITE_RESPONSES = {
    201: {"description": "Created and published (curator, admin); `Location` names the feature, `ETag` its version"},
    202: {"description": "Proposed for review (editor); `Location` names the change (/changes/{id})"},
    401: {"description": "No or an invalid bearer token (`WWW-Authenticate: Bearer`)"},
    403: {"description": "The account may not change this feature (role, or a commune outside its scope)"},
    413: {"description": "The body is larger than RUHRKARTE_MAX_BODY_KB"},
    415: {"description": "Content-Type is not application/geo+json or application/json"},
}
CHANGE_RESPONSES = {**{k: v for k, v in WRITE_RESPONSES.items() if k != 201},
                    200: {"description": "Changed and published; `ETag` is the feature's new version"},
                    412: {"description": "If-Match names an older version: someone changed the feature since; GET it again"},
                    428: {"description": "If-Match is missing"}}



def _max_bytes(request: Request) -> int:
    return service_state(request).settings.max_body_kb * 1024


async def _stored(store, target: Writable, key: str) -> Record:
    """The published row as this collection shows it: a site of another programme is not in a programme view."""
    record = await run_in_threadpool(store.get, target.entity.name, key)
    if target.programme and record.values.get("programme") != target.programme:
        raise hidden_or_missing(target.entity.name, key)
    return record


async def answer(request: Request, result: Result, location: str, created: bool = False) -> Response:
    """202 for a proposal; a published write is answered once it is committed, with its new ETag.

    The answer does not wait for the read model: every worker swaps it in within moments (this one
    is nudged at once), and a reader with credentials is always served the store's current state
    (service.generation), so the writer reads its own write on any worker."""
    body = {"status": result.status, "entity": result.entity, "id": result.key}
    if result.status == "proposed":
        href = f"{public_base(request)}/changes/{result.proposal_id}"
        return JSONResponse({**body, "change": result.proposal_id, "links": [{"href": href, "rel": "monitor"}]},
                            status_code=202, headers={"Location": href})
    follower = service_state(request).follower
    if follower is not None:
        follower.nudge()
    body.update(version=result.version, revision=result.revision_id, dataVersion=result.data_version)
    headers = {"ETag": row_etag(result.version)} if result.version is not None else {}
    if created:
        headers["Location"] = location
    return JSONResponse(body, status_code=201 if created else 200, headers=headers)


@router.post("/collections/{collection_id}/items", summary="Create a feature (Part 4)", status_code=201,
             responses=WRITE_RESPONSES, openapi_extra=GEOJSON_WRITE_BODY)
async def create_item(request: Request, collection_id: str, principal: WriterDep, store: StoreDep, model: ReadModelDep):
    reject_unknown(request, set())
    target = writable(model, collection_id)
    change = change_of(target, "", await json_body(request, _max_bytes(request)), None, patch=False)
    key = change.cells.get(target.entity.id_column, "")
    result = await run_in_threadpool(store.apply, Put(target.entity.name, key, change.cells, None, change.reason,
                                                      change.source), principal)
    location = f"{public_base(request)}/collections/{collection_id}/items/{result.key}"
    return await answer(request, result, location, created=True)


async def _change(request: Request, collection_id: str, feature_id: str, principal, store, model, patch: bool):
    reject_unknown(request, set())
    target = writable(model, collection_id)
    version = expected_version(request)
    document = await json_body(request, _max_bytes(request), PATCH_TYPES if patch else PATCH_TYPES[:2])
    record = await _stored(store, target, feature_id)
    change = change_of(target, feature_id, document, record.values, patch=patch)
    result = await run_in_threadpool(store.apply, Put(target.entity.name, feature_id, change.cells, version,
                                                      change.reason, change.source), principal)
    return await answer(request, result, f"{public_base(request)}/collections/{collection_id}/items/{feature_id}")


@router.put("/collections/{collection_id}/items/{feature_id}", summary="Replace a feature (Part 4)",
            responses=CHANGE_RESPONSES, openapi_extra=GEOJSON_WRITE_BODY)
async def replace_item(request: Request, collection_id: str, feature_id: str, principal: WriterDep, store: StoreDep,
                       model: ReadModelDep):
    return await _change(request, collection_id, feature_id, principal, store, model, patch=False)


@router.patch("/collections/{collection_id}/items/{feature_id}", summary="Update a feature (JSON merge patch)",
              responses=CHANGE_RESPONSES, openapi_extra=GEOJSON_WRITE_BODY)
async def update_item(request: Request, collection_id: str, feature_id: str, principal: WriterDep, store: StoreDep,
                      model: ReadModelDep):
    return await _change(request, collection_id, feature_id, principal, store, model, patch=True)


@router.delete("/collections/{collection_id}/items/{feature_id}", summary="Delete a feature (Part 4)",
               responses={**CHANGE_RESPONSES, 204: {"description": "Deleted (hidden; kept in the history)"}})
async def delete_item(request: Request, collection_id: str, feature_id: str, principal: WriterDep, store: StoreDep,
                      model: ReadModelDep, reason: str = "", source: str | None = None):
    reject_unknown(request, {"reason", "source"})
    target = writable(model, collection_id)
    version = expected_version(request)
    if not reason.strip():
        raise ValidationFailed([FieldProblem(target.entity.name, feature_id, "reason",
                                             "reason is empty: DELETE …?reason=… (every change needs one)")])
    record = await _stored(store, target, feature_id)
    result = await run_in_threadpool(store.apply, Delete(target.entity.name, feature_id, version, reason,
                                                         record.values.get("source", "") if source is None else source),
                                     principal)
    if result.status == "proposed":
        return await answer(request, result, "")
    await answer(request, result, "")
    return Response(status_code=204)


def _feature_route(collection: str):
    async def feature(request: Request, feature_id: str, store: StoreDep, model: ReadModelDep) -> Response:
        """A geometry-less feature (a funding figure or a project) from the published rows, with its ETag."""
        reject_unknown(request, set())
        target = writable(model, collection)
        try:
            record = await _stored(store, target, feature_id)
        except NotFound:
            raise NotFound(f"no feature {feature_id!r} in {collection}") from None
        return Response(json.dumps(feature_of(target, feature_id, record.values), ensure_ascii=False), media_type=GEOJSON,
                        headers={"ETag": row_etag(record.version), "Cache-Control": "no-cache"})
    return feature


for _collection in ("funding", "projects"):
    router.add_api_route(f"/collections/{_collection}/items/{{feature_id}}", _feature_route(_collection), methods=["GET"],
                         summary=f"One {_collection} row as a feature without geometry (living data only)")
