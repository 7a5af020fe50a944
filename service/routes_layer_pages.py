"""The planners' upload page for signed-in accounts: /ebenen (upload form and the account's layers),
/ebenen/{id} (a layer's report, sharing, delete) and the forms they post.

Without script the upload form posts here and lands on the layer's page (303); with script,
maps/static/ebenen.js sends the same form to `POST /layers` and goes to the same page. Both use the
one upload pipeline (service/layer_uploads.py) and the session's CSRF token (service/sessions.py).
Anonymous visitors are sent to /anmelden; a layer the account may not see is a 404 page.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from geo.errors import InvalidInput, NotFound
from maps.edit_frame import Notice, edit_page, message_page
from maps.i18n import _, current, language, localized
from maps.layer_pages import layer_body, layers_body
from maps.problem_text import upload_problem_de
from service.edit_http import SessionDep, html, see_other, viewer_of
from service.generation import service_state
from service.layer_uploads import UploadLimits, upload_layer
from service.params import PageLanguage, page_language, reject_unknown
from service.routes_layers import UPLOADERS, read_upload
from service.sessions import check_form
from store.errors import Forbidden, TooLarge
from store.sessions import Session

router = APIRouter(include_in_schema=False)
MAX_SHARED = 50   # accounts one layer is shared with: a form, not a mailing list


def _page(title: str, body, session: Session, notice: Notice | None = None, status: int = 200, query=None):
    return html(edit_page(title, body, viewer_of(session), notice, scripts=("ebenen.js",), switch=query or {}), status)


async def _overview(request: Request, session: Session, notice: Notice | None = None, status: int = 200,
                    title: str = ""):
    state = service_state(request)
    visible = await run_in_threadpool(state.store.layers, session.principal)
    own = [i for i in visible if i.owner == session.principal.name]
    others = [i for i in visible if i.owner != session.principal.name]
    body = layers_body(viewer_of(session), own, others, state.settings.layer_max_mb, title)
    return _page(_("Eigene Ebenen"), body, session, notice, status)


def _not_allowed(session: Session):
    return html(message_page(_("Keine Berechtigung"), _("Dieses Konto darf keine Ebenen hochladen."),
                             viewer_of(session), ("/bearbeiten", _("Zur Übersicht"))), 403)


@router.get("/ebenen")
async def layers_page(request: Request, session: SessionDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang", "hinweis"})
    with language(page_language(lang)):
        notice = Notice("ok", _("Ebene gelöscht.")) if request.query_params.get("hinweis") == "geloescht" else None
        return await _overview(request, session, notice)


@router.post("/ebenen")
async def upload_without_script(request: Request, session: SessionDep, lang: PageLanguage = None):
    """The form without script: the same upload as `POST /layers`, answered with the layer's page."""
    reject_unknown(request, {"lang"})
    with language(page_language(lang)):
        if session.principal.role not in UPLOADERS:
            return _not_allowed(session)
        state = service_state(request)
        limits = UploadLimits.of(state.settings)
        try:
            raw, filename, title = await read_upload(request, limits, session)
            layer_id, _report = await run_in_threadpool(upload_layer, state.store, state.current.model.repo,
                                                        session.principal, raw, filename, title, limits)
        except (InvalidInput, TooLarge) as error:
            detail = upload_problem_de(str(error)) if current() == "de" else str(error)
            return await _overview(request, session, Notice("error", _("Nicht hochgeladen: {detail}").format(detail=detail)),
                                   413 if isinstance(error, TooLarge) else 400)
        return see_other(localized(f"/ebenen/{layer_id}?hinweis=hochgeladen"))


@router.get("/ebenen/{layer_id}")
async def layer_page(request: Request, layer_id: int, session: SessionDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang", "hinweis"})
    with language(page_language(lang)):
        state = service_state(request)
        try:
            info = await run_in_threadpool(state.store.layer, session.principal, layer_id)
        except NotFound:
            return html(message_page(_("Nicht gefunden"), _("Diese Ebene gibt es nicht, oder sie ist nicht für Sie freigegeben."),
                                     viewer_of(session), (localized("/ebenen"), _("Zu den eigenen Ebenen"))), 404)
        notices = {"hochgeladen": _("Hochgeladen. Der Bericht steht unten."), "freigegeben": _("Freigabe gespeichert.")}
        hint = notices.get(request.query_params.get("hinweis", ""))
        return _page(info.title, layer_body(info, viewer_of(session), state.store.region.commune_names), session,
                     Notice("ok", hint) if hint else None)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]
    if len(names) > MAX_SHARED or any(len(name) > 64 for name in names):
        raise InvalidInput(_("Höchstens {n} Kontonamen mit je bis zu 64 Zeichen.").format(n=MAX_SHARED))
    return names


async def _owner_action(request: Request, session: Session, layer_id: int, action, done: str):
    """A form of the layer's owner: CSRF checked, then the store's own rights (404 hidden, 403 not the owner)."""
    form = await request.form()
    check_form(request, form, session.csrf)
    viewer = viewer_of(session)
    try:
        await run_in_threadpool(action, form)
    except NotFound:
        return html(message_page(_("Nicht gefunden"), _("Diese Ebene gibt es nicht, oder sie ist nicht für Sie freigegeben."),
                                 viewer, (localized("/ebenen"), _("Zu den eigenen Ebenen"))), 404)
    except Forbidden:
        return html(message_page(_("Keine Berechtigung"), _("Nur wer die Ebene hochgeladen hat, gibt sie frei oder löscht sie."),
                                 viewer, (localized("/ebenen"), _("Zu den eigenen Ebenen"))), 403)
    except InvalidInput as error:
        return html(message_page(_("Nicht gespeichert"), str(error), viewer, (localized(f"/ebenen/{layer_id}"), _("Zurück"))), 400)
    return see_other(localized(done))


@router.post("/ebenen/{layer_id}/freigabe")
async def share(request: Request, layer_id: int, session: SessionDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    store = service_state(request).store
    with language(page_language(lang)):
        return await _owner_action(request, session, layer_id, lambda form: store.share_layer(
            session.principal, layer_id, form.get("public") == "1", _names(str(form.get("shared_with", "")))),
            f"/ebenen/{layer_id}?hinweis=freigegeben")


@router.post("/ebenen/{layer_id}/loeschen")
async def delete(request: Request, layer_id: int, session: SessionDep, lang: PageLanguage = None):
    reject_unknown(request, {"lang"})
    store = service_state(request).store
    with language(page_language(lang)):
        return await _owner_action(request, session, layer_id,
                                   lambda form: store.delete_layer(session.principal, layer_id), "/ebenen?hinweis=geloescht")
