"""A feature's history (for everyone), revert (curators) and the review queue of editors' proposals.

The public and editors see a revision's author by role and communes, never by name; curators and
admins see names. An editor sees only their own proposals: another's is a 404, like a missing one.
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from geo.errors import NotFound
from service.auth import PrincipalDep, ReviewerDep, SignedInDep
from service.edit_features import JSON_TYPES, expected_version, json_body, row_etag, writable
from service.generation import ReadModelDep, StoreDep, public_base, service_state
from service.params import reject_unknown
from service.routes_write import answer
from store import Approve, Reject, Revert
from store.commands import REVIEWERS, Principal
from store.errors import FieldProblem, ValidationFailed, hidden_or_missing
from store.store import Proposal, Revision

router = APIRouter()
REVIEW_RESPONSES = {401: {"description": "No or an invalid bearer token"},
                    403: {"description": "Curators and admins only"}}



def diff(before: dict | None, after: dict | None) -> list[dict]:
    """The fields a change touches, each with its value before and after ('' where the row had none)."""
    before, after = before or {}, after or {}
    return [{"field": name, "before": before.get(name, ""), "after": after.get(name, "")}
            for name in dict.fromkeys([*before, *after]) if before.get(name, "") != after.get(name, "")]


def _revision(revision: Revision, names: bool) -> dict:
    author = {"role": revision.author_role, "communes": list(revision.author_communes)}
    entry = {"id": revision.id, "action": revision.action, "at": revision.at.isoformat(), "reason": revision.reason,
             "source": revision.source, "author": author, "reviewed": revision.reviewer is not None,
             "dataVersion": revision.data_version, "before": revision.before, "after": revision.after,
             "changes": diff(revision.before, revision.after)}
    if names:
        author["name"] = revision.author
        entry["reviewer"] = revision.reviewer
    return entry


@router.get("/collections/{collection_id}/items/{feature_id}/history", summary="Every revision of a feature",
            responses={200: {"description": "Revisions, oldest first; authors by role and communes (names for curators)"}})
async def history(request: Request, collection_id: str, feature_id: str, principal: PrincipalDep, store: StoreDep,
                  model: ReadModelDep):
    reject_unknown(request, set())
    try:
        target = writable(model, collection_id)
    except HTTPException:  # a read-only collection has no revisions
        raise NotFound(f"collection {collection_id!r} has no history") from None
    curator = principal.role in REVIEWERS
    revisions = await run_in_threadpool(store.history, target.entity.name, feature_id)
    if not curator:  # only a published feature's history: a deleted one looks like one that never was
        record = await run_in_threadpool(store.get, target.entity.name, feature_id)
        version = record.version
        if target.programme and record.values.get("programme") != target.programme:
            raise hidden_or_missing(target.entity.name, feature_id)
    else:
        version = await run_in_threadpool(store.row_version, target.entity.name, feature_id)
        if version is None or not revisions:
            raise hidden_or_missing(target.entity.name, feature_id)
    href = f"{public_base(request)}/collections/{collection_id}/items/{feature_id}"
    body = {"collection": collection_id, "id": feature_id, "version": version,
            "revisions": [_revision(r, curator) for r in revisions],
            "links": [{"href": href, "rel": "about"}, {"href": f"{href}/history", "rel": "self"}]}
    return JSONResponse(body, headers={"ETag": row_etag(version), "Cache-Control": "no-cache"})


async def _reason_body(request: Request, required: bool) -> dict:
    """The JSON body of a review action ({"reason": …, "source": …}); none at all is an empty one."""
    if request.headers.get("content-length", "0") == "0" and "transfer-encoding" not in request.headers and not required:
        return {}
    document = await json_body(request, service_state(request).settings.max_body_kb * 1024, JSON_TYPES)
    problems = [FieldProblem("", "", name, f"{name} must be text") for name in ("reason", "source")
                if name in document and not isinstance(document[name], str)]
    problems += [FieldProblem("", "", name, f"{name} is not a member of this request")
                 for name in document if name not in ("reason", "source")]
    if required and not problems and not str(document.get("reason", "")).strip():
        problems.append(FieldProblem("", "", "reason", "reason is empty (every decision needs one)"))
    if problems:
        raise ValidationFailed(problems)
    return document


@router.post("/collections/{collection_id}/items/{feature_id}/history/{revision_id}/revert",
             summary="Bring a feature back to a revision (curators)",
             responses={**REVIEW_RESPONSES, 412: {"description": "Stale If-Match"}, 428: {"description": "If-Match missing"}})
async def revert(request: Request, collection_id: str, feature_id: str, revision_id: int, principal: ReviewerDep,
                 store: StoreDep, model: ReadModelDep):
    reject_unknown(request, set())
    target = writable(model, collection_id)
    version = expected_version(request)
    document = await _reason_body(request, required=True)
    revisions = {r.id: r for r in await run_in_threadpool(store.history, target.entity.name, feature_id)}
    if revision_id not in revisions:
        raise NotFound(f"{target.entity.name} {feature_id!r} has no revision {revision_id}")
    source = document.get("source") or revisions[revision_id].source
    result = await run_in_threadpool(store.apply, Revert(target.entity.name, feature_id, revision_id, version,
                                                         document["reason"], source), principal)
    return await answer(request, result, "")


def _change(proposal: Proposal, current: dict | None, current_version: int | None, base: str, names: bool) -> dict:
    entry = {"id": proposal.id, "entity": proposal.entity, "featureId": proposal.key, "action": proposal.action,
             "status": proposal.status, "at": proposal.at.isoformat(), "reason": proposal.reason,
             "source": proposal.source, "author": {"role": "editor", "communes": list(proposal.author_communes)},
             "baseVersion": proposal.base_version, "currentVersion": current_version,
             "stale": proposal.base_version != current_version, "after": proposal.after,
             "diff": diff(current, proposal.after), "decisionReason": proposal.decision_reason,
             "links": [{"href": f"{base}/changes/{proposal.id}", "rel": "self"}]}
    if names:
        entry["author"]["name"] = proposal.author
        entry["decidedBy"] = proposal.decided_by
    return entry


async def _described(store, proposal: Proposal, base: str, principal: Principal) -> dict:
    try:
        record = await run_in_threadpool(store.get, proposal.entity, proposal.key)
        current, version = record.values, record.version
    except NotFound:
        current, version = None, None
    return _change(proposal, current, version, base, principal.role in REVIEWERS or proposal.author == principal.name)


def _visible_to(principal: Principal, proposal: Proposal) -> bool:
    return principal.role in REVIEWERS or proposal.author == principal.name


@router.get("/changes", summary="The review queue: proposals with their diff", responses=REVIEW_RESPONSES)
async def changes(request: Request, principal: SignedInDep, store: StoreDep,
                  status: Literal["proposed", "approved", "rejected", "all"] = Query("proposed")):
    reject_unknown(request, {"status"})
    found = await run_in_threadpool(store.proposals, None if status == "all" else status)
    base = public_base(request)
    listed = [await _described(store, p, base, principal) for p in found if _visible_to(principal, p)]
    return JSONResponse({"changes": listed, "numberReturned": len(listed)}, headers={"Cache-Control": "no-store"})


async def _proposal(store, proposal_id: int, principal: Principal) -> Proposal:
    found = [p for p in await run_in_threadpool(store.proposals, None) if p.id == proposal_id]
    if not found or not _visible_to(principal, found[0]):
        raise NotFound(f"no change {proposal_id}")
    return found[0]


@router.get("/changes/{change_id}", summary="One proposed, approved or rejected change", responses=REVIEW_RESPONSES)
async def change(request: Request, change_id: int, principal: SignedInDep, store: StoreDep):
    reject_unknown(request, set())
    proposal = await _proposal(store, change_id, principal)
    return JSONResponse(await _described(store, proposal, public_base(request), principal), headers={"Cache-Control": "no-store"})


@router.post("/changes/{change_id}/approve", summary="Publish a proposal (curators)", responses=REVIEW_RESPONSES)
async def approve(request: Request, change_id: int, principal: ReviewerDep, store: StoreDep):
    reject_unknown(request, set())
    document = await _reason_body(request, required=False)
    await _proposal(store, change_id, principal)
    result = await run_in_threadpool(store.apply, Approve(change_id, document.get("reason", "")), principal)
    return await answer(request, result, "")


@router.post("/changes/{change_id}/reject", summary="Refuse a proposal with a reason (curators)",
             responses=REVIEW_RESPONSES)
async def reject(request: Request, change_id: int, principal: ReviewerDep, store: StoreDep):
    reject_unknown(request, set())
    document = await _reason_body(request, required=True)
    await _proposal(store, change_id, principal)
    result = await run_in_threadpool(store.apply, Reject(change_id, document["reason"]), principal)
    return JSONResponse({"status": result.status, "change": change_id, "entity": result.entity, "id": result.key})
