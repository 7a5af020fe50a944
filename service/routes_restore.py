"""Deleted rows come back from the pages. Nothing is deleted for real (a deletion is a revision that
hides the row), so curators list what was deleted and restore a row to its state before the
deletion, with a reason: the store's Revert, which checks the role and the version again."""
from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from geo.errors import InvalidInput, NotFound
from maps.edit_frame import edit_page
from maps.edit_lists import deleted_body
from service.edit_data import TITLE_COLUMN, deleted_row, deleted_rows, entity_of
from service.edit_http import (SessionDep, apply, curators_only, failed, html, notice_of, posted_form, see_other,
                               service_state, viewer_of)
from store import Revert
from store.errors import Forbidden, StaleVersion, ValidationFailed

router = APIRouter(include_in_schema=False)


@router.get("/bearbeiten/geloescht")
async def deleted(request: Request, session: SessionDep):
    viewer = viewer_of(session)
    if refused := curators_only(viewer):
        return refused
    rows = await run_in_threadpool(deleted_rows, service_state(request).store)
    titled = [(row, row.record.values.get(TITLE_COLUMN[row.record.entity], "")) for row in rows]
    return html(edit_page("Gelöschte Einträge", deleted_body(titled, viewer.csrf), viewer, notice_of(request)))


@router.post("/bearbeiten/{slug}/{key}/wiederherstellen")
async def restore(request: Request, slug: str, key: str, session: SessionDep):
    form, viewer = await posted_form(request, session)
    try:
        if not viewer.reviews:
            raise Forbidden("only curators restore deleted rows")
        entity = entity_of(slug)
        row = await run_in_threadpool(deleted_row, service_state(request).store, entity, key)
        version, reason = str(form.get("version", "")), str(form.get("grund", ""))
        if not version.isdigit():
            raise InvalidInput("Das Formular ist unvollständig; bitte die Seite neu laden.")
        if not reason.strip():
            raise InvalidInput("Bitte einen Grund angeben.")
        if row.restores is None:
            raise NotFound(f"{entity.name} {key!r} was never published")
        await apply(request, Revert(entity.name, key, row.restores.id, int(version), reason,
                                    row.restores.after.get("source", "")), session.principal)
    except (Forbidden, NotFound, StaleVersion, InvalidInput, ValidationFailed) as error:
        return failed(error, viewer, "Nicht wiederhergestellt")
    return see_other(f"/bearbeiten/{slug}/{key}?hinweis=wiederhergestellt")
