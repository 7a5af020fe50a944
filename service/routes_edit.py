"""/bearbeiten: an account's communes and their rows, and the forms that add, change and delete one.

The forms post to these routes, which build store commands (Put, Delete) for the session's
principal: the store applies the same validation and rights as every other write. A curator's
change is published (and served by this worker at once); an editor's becomes a proposal.
"""
from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from geo.errors import InvalidInput, NotFound
from maps.edit_forms import FormState, SiteChoices, delete_form, row_form, site_form
from maps.edit_frame import Notice, Viewer, edit_page
from maps.edit_lists import KIND_DE, commune_body, history_body, overview, rows_table
from maps.problem_text import problem_de
from service.edit_data import (TITLE_COLUMN, commune_records, editable_communes, entity_of, proposal_title,
                               proposals_for, require_commune, visible_record)
from service.edit_http import (STALE_DE, STALE_SHORT_DE, SessionDep, apply, html, notice_of, posted_form, refusal, see_other,
                               service_state, viewer_of)
from store import Delete, Put
from store.errors import FieldProblem, Forbidden, StaleVersion, ValidationFailed
from store.schema import Entity
from store.sessions import Session

router = APIRouter(include_in_schema=False)
SITE_FIELDS = ("name", "programme", "communes", "address", "status", "year", "precision", "identification", "lat", "lon",
               "coordinate_source", "source")
FIELD_OF_COMMAND = {"reason": "grund"}   # the store names the command's reason 'reason'; the form 'grund'
NO_REASON = "Bitte einen Grund angeben: er steht in der Geschichte des Eintrags und hilft bei der Prüfung."


def _store(request: Request):
    return service_state(request).store


def _refused(error: Exception, viewer: Viewer):
    """Rights and missing rows as the API answers them: 403 and 404 (hidden and missing alike)."""
    if isinstance(error, Forbidden):
        return refusal(403, "Keine Berechtigung", "Dieses Konto darf diesen Eintrag nicht ändern.", viewer)
    if isinstance(error, NotFound):
        return refusal(404, "Nicht gefunden", "Diesen Eintrag gibt es nicht (oder nicht mehr).", viewer)
    return refusal(400, "Nicht möglich", str(error), viewer)


@router.get("/bearbeiten")
async def overview_page(request: Request, session: SessionDep):
    viewer, store = viewer_of(session), _store(request)
    communes = editable_communes(session.principal, store.region)
    own = await run_in_threadpool(proposals_for, store, session.principal)
    own = [(p, proposal_title(p, None)) for p in own if p.author == session.principal.name]
    open_count = len(await run_in_threadpool(store.proposals, "proposed")) if viewer.reviews else 0
    return html(edit_page("Daten bearbeiten", overview(viewer, communes, own, open_count), viewer, notice_of(request)))


@router.get("/bearbeiten/gemeinden/{ags}")
async def commune_page(request: Request, ags: str, session: SessionDep):
    viewer, store = viewer_of(session), _store(request)
    try:
        name = require_commune(session.principal, store.region, ags)
    except (Forbidden, NotFound) as error:
        return _refused(error, viewer)

    programmes = {p.id: p.name_de for p in service_state(request).current.model.registry}

    def gather():
        sections = []
        for slug, heading, extra in (("standorte", "Standorte und Projektorte", ("programme", "Programm")),
                                     ("foerderung", "Förderbeträge", ("amount_eur", "Betrag (EUR)")),
                                     ("projekte", "Projekte", None)):
            entity = entity_of(slug)
            sections.append((heading, slug, rows_table(slug, commune_records(store, entity, ags),
                                                       TITLE_COLUMN[entity.name], extra, programmes)))
        proposals = [(p, proposal_title(p, None)) for p in proposals_for(store, session.principal, ags)]
        return commune_body(ags, sections, proposals)

    body = await run_in_threadpool(gather)
    return html(edit_page(f"Bearbeiten: {name}", body, viewer, notice_of(request)))


def _choices(request: Request, session: Session) -> SiteChoices:
    state = service_state(request)
    programmes = {p.id: p.name_de for p in state.current.model.registry}
    communes = editable_communes(session.principal, state.store.region)
    return SiteChoices(programmes, communes, state.settings.tile_url, state.settings.tile_attribution)


def _form_page(request: Request, session: Session, entity: Entity, slug: str, key: str | None, state: FormState,
               notice: Notice | None = None, status: int = 200, history=None):
    viewer = viewer_of(session)
    action = f"/bearbeiten/{slug}/{key}" if key else f"/bearbeiten/{slug}/neu"
    submit = "Speichern" if viewer.reviews else "Zur Prüfung vorschlagen"
    if entity.name == "sites":
        form = site_form(action, viewer.csrf, state, _choices(request, session), submit)
    else:
        form = row_form(action, viewer.csrf, state, entity.columns, entity.id_column if key else None, submit)
    parts = [form]
    if key and state.version is not None:
        parts.append(delete_form(f"/bearbeiten/{slug}/{key}/loeschen", viewer.csrf, state.version))
    if history is not None:
        parts.append(history)
    title = f"{KIND_DE[entity.name]} {'ändern' if key else 'anlegen'}"
    return html(edit_page(title, Markup("").join(parts), viewer, notice, with_map=entity.name == "sites"), status)


@router.get("/bearbeiten/{slug}/neu")
async def new_form(request: Request, slug: str, session: SessionDep):
    viewer = viewer_of(session)
    try:
        entity = entity_of(slug)
        ags = request.query_params.get("gemeinde", "")
        if ags:
            require_commune(session.principal, _store(request).region, ags)
    except (Forbidden, NotFound) as error:
        return _refused(error, viewer)
    values = {c: "" for c in entity.columns}
    if entity.scope_column:
        values[entity.scope_column] = ags
    if entity.name == "sites":
        values.update(status="active", precision="address")
    return _form_page(request, session, entity, slug, None, FormState(values))


def _typed(entity: Entity, form: FormData, base: dict[str, str]) -> dict[str, str]:
    """The row as the form gives it: editable fields as typed (coordinates with a decimal comma made a point)."""
    values = dict(base)
    editable = SITE_FIELDS if entity.name == "sites" else entity.columns
    for column in editable:
        if column in form:
            values[column] = str(form.get(column, ""))
    for column in ("lat", "lon"):
        if column in values and entity.name == "sites":
            values[column] = values[column].strip().replace(",", ".")
    return values


def _problems(problems: list[FieldProblem]) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for problem in problems:
        shown.setdefault(FIELD_OF_COMMAND.get(problem.field, problem.field), []).append(problem_de(problem.message))
    return shown


def _version(form: FormData) -> int | None:
    text = str(form.get("version", ""))
    if not text.isdigit():
        raise InvalidInput("Das Formular ist unvollständig (keine Version); bitte laden Sie die Seite neu.")
    return int(text)


async def _save(request: Request, session: Session, slug: str, key: str | None):
    form, viewer = await posted_form(request, session)
    store = _store(request)
    reason = str(form.get("grund", ""))
    try:
        entity = entity_of(slug)
        if key is None:
            base, version = {c: "" for c in entity.columns}, None
        else:
            base, version = (await run_in_threadpool(visible_record, store, session.principal, entity, key)).values, _version(form)
        values = _typed(entity, form, base)
    except (Forbidden, NotFound, InvalidInput) as error:
        return _refused(error, viewer)
    state = FormState(values, version=version, reason=reason)
    if key is None and entity.name == "sites":
        values["id"] = f"{values['programme']}-{values['communes'].split(';')[0]}-{secrets.token_hex(3)}"
    command_key = key or values.get(entity.id_column, "")
    if not reason.strip():  # the store keeps any reason; the pages ask for one on every change
        return _form_page(request, session, entity, slug, key, FormState(values, {"grund": [NO_REASON]}, version, reason),
                          Notice("error", "Nicht gespeichert: bitte die markierten Angaben prüfen."), 400)
    try:
        result = await apply(request, Put(entity.name, command_key, values, version, reason, values.get("source", "")),
                             session.principal)
    except ValidationFailed as error:
        return _form_page(request, session, entity, slug, key, FormState(values, _problems(error.problems), version, reason),
                          Notice("error", "Nicht gespeichert: bitte die markierten Angaben prüfen."), 400)
    except StaleVersion:
        return _form_page(request, session, entity, slug, key, state, Notice("error", STALE_DE), 409)
    except (Forbidden, NotFound, InvalidInput) as error:
        return _refused(error, viewer)
    if result.status == "published":
        return see_other(f"/bearbeiten/{slug}/{result.key}?hinweis=veroeffentlicht")
    return see_other("/bearbeiten?hinweis=vorgeschlagen")


@router.post("/bearbeiten/{slug}/neu")
async def create(request: Request, slug: str, session: SessionDep):
    return await _save(request, session, slug, None)


@router.get("/bearbeiten/{slug}/{key}")
async def row_page(request: Request, slug: str, key: str, session: SessionDep):
    viewer, store = viewer_of(session), _store(request)
    try:
        entity = entity_of(slug)
        record = await run_in_threadpool(visible_record, store, session.principal, entity, key)
    except (Forbidden, NotFound) as error:
        return _refused(error, viewer)
    revisions = await run_in_threadpool(store.history, entity.name, key)
    revert = f"/bearbeiten/{slug}/{key}/zuruecksetzen" if viewer.reviews else None
    history = Markup("<h2>Geschichte</h2>") + history_body(revisions, revert, viewer.csrf, record.version)
    return _form_page(request, session, entity, slug, key, FormState(record.values, version=record.version),
                      notice_of(request), history=history)


@router.post("/bearbeiten/{slug}/{key}")
async def update(request: Request, slug: str, key: str, session: SessionDep):
    return await _save(request, session, slug, key)


@router.post("/bearbeiten/{slug}/{key}/loeschen")
async def remove(request: Request, slug: str, key: str, session: SessionDep):
    form, viewer = await posted_form(request, session)
    try:
        entity = entity_of(slug)
        record = await run_in_threadpool(visible_record, _store(request), session.principal, entity, key)
        if not str(form.get("grund", "")).strip():
            return refusal(400, "Nicht gelöscht", NO_REASON, viewer)
        command = Delete(entity.name, key, _version(form), str(form.get("grund", "")), record.values.get("source", ""))
        result = await apply(request, command, session.principal)
    except StaleVersion:
        return refusal(409, "Nicht gelöscht", STALE_SHORT_DE, viewer)
    except ValidationFailed as error:
        return refusal(400, "Nicht gelöscht", "Bitte einen Grund angeben. " + " ".join(problem_de(p.message) for p in error.problems), viewer)
    except (Forbidden, NotFound, InvalidInput) as error:
        return _refused(error, viewer)
    return see_other("/bearbeiten?hinweis=" + ("geloescht" if result.status == "published" else "vorgeschlagen"))
