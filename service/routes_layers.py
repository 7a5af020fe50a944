"""Planners' own layers over HTTP: upload, list, read, share, delete, summarise and classify.

Any account may upload (editors, curators, admins): a layer is the account's own data and changes
nothing of the published edition. It comes with a bearer token, or from the upload page with the
browser session and its CSRF token (the same check as every form). A layer is visible to its owner,
to the accounts it is shared with and, once public, to everyone; to anyone else it does not exist
(404). Reading takes the token or the session; sharing and deleting over this API take the token
(the page has its own forms). Answers depend on who asks, so they are `private, no-store` and never
enter the shared response cache.
"""
from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from geo.errors import InvalidInput
from geo.planning import LEVELS
from maps.i18n import LANGUAGES, language
from maps.planung import CLASS_COUNTS, DEFAULT_K, DEFAULT_LEVEL, DEFAULT_SCHEME, SCHEMES
from maps.planung_layer import layer_choropleth
from maps.problem_text import upload_problem_de
from service.auth import PrincipalDep, ReaderDep, principal_of, require, unauthenticated
from service.generation import ReadModelDep, StoreDep, public_base, service_state
from service.layer_uploads import MB, UploadLimits, summary_of_layer, upload_layer
from service.multipart_form import fast_form
from service.params import PageLanguage, page_language, reject_unknown, one_of
from service.sessions import CsrfRefused, check_form, current_session, same_origin
from service.user_collections import PRIVATE
from store import Principal
from store.errors import Forbidden, TooLarge
from store.layer_rows import LayerInfo
from store.sessions import Session

router = APIRouter(tags=["layers"])
# Room for the multipart envelope (boundaries, the title field) around the file itself.
ENVELOPE_BYTES = 64 * 1024
FORM_LIMITS = {"max_files": 1, "max_fields": 4}
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "title"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "CSV (lat/lon or EPSG:25832 x/y, or a table per commune by AGS or "
                                           "name), GeoJSON or GeoPackage; zip (one file) or gzip accepted"},
                   "title": {"type": "string", "maxLength": 200}}}}}}}


UPLOADERS = ("editor", "curator", "admin")   # who may upload: any account (README "Eigene Ebenen")


async def uploader(principal: PrincipalDep) -> Principal:
    return require(principal, UPLOADERS, "uploading a layer")


UploaderDep = Annotated[Principal, Depends(uploader)]



def _private_json(body: dict | list, status_code: int = 200, headers: dict | None = None) -> Response:
    """A per-principal answer with an ETag of its own content (the data version says nothing about layers)."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    etag = f'"{hashlib.sha256(text).hexdigest()[:20]}"'
    return Response(text, status_code=status_code, media_type="application/json",
                    headers={**PRIVATE, "ETag": etag, **(headers or {})})


def _described(info: LayerInfo, base: str, with_report: bool = False) -> dict:
    body = {"id": info.id, "title": info.title, "owner": info.owner, "kind": info.kind, "features": info.features,
            "public": info.public, "shared_with": list(info.shared_with), "created": info.created_at.isoformat(),
            "columns": info.columns, "collection": f"layer-{info.id}",
            "links": [{"href": f"{base}/layers/{info.id}", "rel": "self", "type": "application/json"},
                      {"href": f"{base}/layers/{info.id}/summary", "rel": "describedby", "type": "application/json"},
                      {"href": f"{base}/collections/layer-{info.id}/items", "rel": "items",
                       "type": "application/geo+json"}]}
    if with_report:
        body["report"] = info.report
    return body


async def _limited_body(request: Request, limit: int) -> bytes:
    """Read the request body, refusing (413) as soon as it exceeds `limit`: nothing larger is held in memory."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the upload is larger than the limit of {(limit - ENVELOPE_BYTES) // MB} MB")
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the upload is larger than the limit of {(limit - ENVELOPE_BYTES) // MB} MB")
    body = chunks[0] if len(chunks) == 1 else b"".join(chunks)  # one chunk (the common case): no copy
    request._body = body  # Starlette's form parser reads the body kept here
    return body


async def read_upload(request: Request, limits: UploadLimits, session: Session | None) -> tuple[bytes, str, str]:
    """The file, its name and the title of a multipart upload, at most the size limit read. A browser
    session's upload must come from this origin (checked before the body is read) with its CSRF token."""
    if session is not None and not same_origin(request):
        raise CsrfRefused()
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("send the file as multipart/form-data with the fields 'file' and 'title'")
    body = await _limited_body(request, limits.max_bytes + ENVELOPE_BYTES)
    form = fast_form(body, request.headers["content-type"], **FORM_LIMITS)
    if form is None:  # not the plain shape: Starlette's parser decides, as it always has
        form = await request.form(**FORM_LIMITS)
    try:
        if session is not None:
            check_form(request, form, session.csrf)
        upload, title = form.get("file"), form.get("title")
        if upload is None or isinstance(upload, str) or not isinstance(title, str):
            raise InvalidInput("the form needs a 'file' (the layer) and a 'title'")
        return await upload.read(), upload.filename or "upload", title
    finally:
        await form.close()


async def _uploading(request: Request) -> tuple[Principal, Session | None]:
    """A bearer token's account, or a signed-in browser session's (401 for neither)."""
    if request.headers.get("authorization") is not None:
        return require(await principal_of(request), UPLOADERS, "uploading a layer"), None
    session = await current_session(request)
    if session is None:
        raise unauthenticated("uploading a layer needs a token ('Authorization: Bearer <token>') or a signed-in session")
    return require(session.principal, UPLOADERS, "uploading a layer"), session


@router.post("/layers", summary="Upload a layer (multipart: file, title)", status_code=201, openapi_extra=UPLOAD_BODY,
             responses={400: {"description": "The file cannot be a layer; the problem says what to fix"},
                        401: {"description": "No or an invalid bearer token, and no browser session"},
                        403: {"description": "A browser session's form without its CSRF token or from another origin"},
                        413: {"description": "Larger than the file, feature or storage limits"}})
async def create_layer(request: Request, store: StoreDep, model: ReadModelDep, lang: str | None = None):
    """`lang=de` (the upload page's script) gives the refusals' `detail` in German; the API speaks English."""
    reject_unknown(request, {"lang"})
    german = one_of("lang", lang, LANGUAGES) == "de"
    principal, session = await _uploading(request)
    limits = UploadLimits.of(service_state(request).settings)
    try:
        try:
            raw, filename, title = await read_upload(request, limits, session)
        except CsrfRefused:
            raise Forbidden("the form's CSRF token is missing or wrong, or it came from another origin; "
                            "reload the upload page") from None
        layer_id, report = await run_in_threadpool(upload_layer, store, model.repo, principal, raw, filename, title,
                                                   limits)
    except (InvalidInput, TooLarge, Forbidden) as error:
        if german:
            raise _in_german(error) from None
        raise
    info = await run_in_threadpool(store.layer, principal, layer_id)
    base = public_base(request)
    return _private_json({**_described(info, base), "report": report.as_json()}, status_code=201,
                         headers={"Location": f"{base}/layers/{layer_id}"})


@router.get("/layers", summary="The layers this account sees (own, shared, public) and who asks")
async def list_layers(request: Request, principal: ReaderDep, store: StoreDep):
    reject_unknown(request, set())
    base = public_base(request)
    account = None if principal.role == "public" else {"name": principal.name, "may_upload": principal.role in UPLOADERS}
    return _private_json({"layers": [_described(i, base) for i in await run_in_threadpool(store.layers, principal)],
                          "account": account})


@router.get("/layers/{layer_id}", summary="A layer: metadata, columns and its upload report")
async def get_layer(request: Request, layer_id: int, principal: ReaderDep, store: StoreDep):
    reject_unknown(request, set())
    return _private_json(_described(await run_in_threadpool(store.layer, principal, layer_id), public_base(request), True))


@router.patch("/layers/{layer_id}", summary="Share a layer: {\"public\": bool, \"shared_with\": [account, …]}")
async def share_layer(request: Request, layer_id: int, principal: UploaderDep, store: StoreDep):
    reject_unknown(request, set())
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the body must be JSON: {\"public\": true|false, \"shared_with\": [account names]}") from None
    if not isinstance(body, dict) or set(body) - {"public", "shared_with"}:
        raise InvalidInput("only 'public' and 'shared_with' can be changed")
    public, shared = body.get("public", False), body.get("shared_with", [])
    if not isinstance(public, bool) or not isinstance(shared, list) or not all(isinstance(n, str) for n in shared):
        raise InvalidInput("'public' must be true or false and 'shared_with' a list of account names")
    info = await run_in_threadpool(store.share_layer, principal, layer_id, public, shared)
    return _private_json(_described(info, public_base(request)))


@router.delete("/layers/{layer_id}", summary="Delete a layer and every trace of it", status_code=204)
async def delete_layer(request: Request, layer_id: int, principal: UploaderDep, store: StoreDep):
    reject_unknown(request, set())
    await run_in_threadpool(store.delete_layer, principal, layer_id)
    return Response(status_code=204, headers=PRIVATE)


@router.get("/layers/{layer_id}/summary", summary="The layer per commune, Kreis and region (JSON or f=csv)")
async def layer_summary(request: Request, layer_id: int, principal: ReaderDep, store: StoreDep,
                        model: ReadModelDep, f: str | None = None):
    reject_unknown(request, {"f"})
    one_of("f", f, ("json", "csv"))
    info, summary = await run_in_threadpool(summary_of_layer, store, model.repo, principal, layer_id)
    if f == "csv":
        return Response(summary.rows.to_csv(index=False), media_type="text/csv; charset=utf-8", headers={
            **PRIVATE, "Content-Disposition": f'attachment; filename="ruhrkarte-ebene-{layer_id}-summe.csv"'})
    rows = json.loads(summary.rows.to_json(orient="records"))
    return _private_json({"layer": layer_id, "title": info.title, "weighting": summary.weighting,
                          "numeric": list(summary.numeric), "units": rows,
                          "attribution": "© GeoBasis-DE / BKG (boundaries and population)"})


@router.get("/layers/{layer_id}/choropleth",
            summary="The layer's measure classed as the planners' page classes its own (what /planung draws)")
async def layer_choropleth_route(request: Request, layer_id: int, principal: ReaderDep, store: StoreDep,
                                 model: ReadModelDep, measure: str | None = None, scheme: str = DEFAULT_SCHEME,
                                 k: str = str(DEFAULT_K), level: str = DEFAULT_LEVEL, lang: PageLanguage = None):
    reject_unknown(request, {"measure", "scheme", "k", "level", "lang"})
    scheme, count, level = one_of("scheme", scheme, SCHEMES), one_of("k", k, CLASS_COUNTS), one_of("level", level, LEVELS)
    info, summary = await run_in_threadpool(summary_of_layer, store, model.repo, principal, layer_id)
    with language(page_language(lang)):
        body = layer_choropleth(model.repo, summary, measure, scheme, count, level)
    return _private_json({"layer": layer_id, "title": info.title, **body})


def _in_german(error: InvalidInput | TooLarge | Forbidden) -> Exception:
    """The same refusal (the same status) with its message in German: a refusal of the one-message
    kinds as its base kind (a subclass may take other arguments than a message)."""
    for kind in (TooLarge, Forbidden, InvalidInput):
        if isinstance(error, kind):
            return kind(upload_problem_de(str(error)))
    return error
