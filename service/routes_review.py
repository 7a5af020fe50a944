"""The curators' part of /bearbeiten: the review queue (a diff per field, approve, reject with a
reason) and reverting a row to an earlier revision (restoring deleted rows: routes_restore.py). Each builds a store command (Approve, Reject,
Revert); the store checks the role again, and a published result is served by this worker at once."""
from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from geo.errors import InvalidInput, NotFound
from maps.edit_frame import edit_page
from maps.edit_lists import review_body
from service.edit_data import entity_of, review_items, visible_record
from service.edit_http import (SessionDep, apply, curators_only, failed, html, notice_of, posted_form, see_other,
                               service_state, viewer_of)
from store import Approve, Reject, Revert
from store.errors import Forbidden, StaleVersion

router = APIRouter(include_in_schema=False)


@router.get("/bearbeiten/pruefen")
async def queue(request: Request, session: SessionDep):
    viewer = viewer_of(session)
    if refused := curators_only(viewer):
        return refused
    items = await run_in_threadpool(review_items, service_state(request).store)
    return html(edit_page("Vorschläge prüfen", review_body(items, viewer.csrf), viewer, notice_of(request)))


@router.post("/bearbeiten/pruefen/{number}/annehmen")
async def approve(request: Request, number: int, session: SessionDep):
    form, _viewer = await posted_form(request, session)
    try:
        await apply(request, Approve(number, str(form.get("grund", ""))), session.principal)
    except (Forbidden, NotFound, StaleVersion, InvalidInput) as error:
        return failed(error, viewer_of(session), "Nicht angenommen")
    return see_other("/bearbeiten/pruefen?hinweis=angenommen")


@router.post("/bearbeiten/pruefen/{number}/ablehnen")
async def reject(request: Request, number: int, session: SessionDep):
    form, _viewer = await posted_form(request, session)
    try:
        await apply(request, Reject(number, str(form.get("grund", ""))), session.principal)
    except (Forbidden, NotFound, InvalidInput) as error:
        return failed(error, viewer_of(session), "Nicht abgelehnt (ein Grund ist nötig)")
    return see_other("/bearbeiten/pruefen?hinweis=abgelehnt")


@router.post("/bearbeiten/{slug}/{key}/zuruecksetzen")
async def revert(request: Request, slug: str, key: str, session: SessionDep):
    form, viewer = await posted_form(request, session)
    try:
        entity = entity_of(slug)
        record = await run_in_threadpool(visible_record, service_state(request).store, session.principal, entity, key)
        version, revision = str(form.get("version", "")), str(form.get("revision", ""))
        if not (version.isdigit() and revision.isdigit()):
            raise InvalidInput("Das Formular ist unvollständig; bitte die Seite neu laden.")
        if not str(form.get("grund", "")).strip():
            raise InvalidInput("Bitte einen Grund angeben.")
        command = Revert(entity.name, key, int(revision), int(version), str(form.get("grund", "")),
                         record.values.get("source", ""))
        await apply(request, command, session.principal)
    except (Forbidden, NotFound, StaleVersion, InvalidInput) as error:
        return failed(error, viewer, "Nicht zurückgesetzt")
    return see_other(f"/bearbeiten/{slug}/{key}?hinweis=zurueckgesetzt")
