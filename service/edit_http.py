"""What the editing pages share over HTTP: the signed-in session as a dependency (a redirect to
/anmelden without one), HTML answers that no cache keeps, and the refusal pages."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from starlette.datastructures import FormData
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from geo.errors import NotFound
from maps.edit_frame import Notice, Viewer, message_page
from maps.problem_text import problem_de
from service.generation import service_state
from service.security import page_policy
from service.sessions import NO_STORE, CsrfRefused, check_form, current_session
from store import Principal, Result
from store.commands import Command
from store.errors import Forbidden, StaleVersion, ValidationFailed
from store.sessions import Session


ONLY_CURATORS = "Prüfen, annehmen, ablehnen, zurücksetzen und wiederherstellen dürfen nur Kuratorinnen und Kuratoren."


class SignInNeeded(Exception):
    """A page of /bearbeiten without a valid session: the browser is sent to /anmelden."""


async def signed_in(request: Request) -> Session:
    session = await current_session(request)
    if session is None:
        raise SignInNeeded()
    return session


SessionDep = Annotated[Session, Depends(signed_in)]


def viewer_of(session: Session) -> Viewer:
    principal = session.principal
    return Viewer(principal.name, principal.role, tuple(sorted(principal.communes)), session.csrf)


async def posted_form(request: Request, session: Session) -> tuple[FormData, Viewer]:
    """A POST of an editing page: its form, once its CSRF token and Origin are checked, and its sender."""
    form = await request.form()
    check_form(request, form, session.csrf)
    return form, viewer_of(session)


def curators_only(viewer: Viewer) -> HTMLResponse | None:
    """The refusal for a page or action of the curators; None for a curator."""
    return None if viewer.reviews else refusal(403, "Keine Berechtigung", ONLY_CURATORS, viewer)


def html(page: str, status: int = 200) -> HTMLResponse:
    """A personal page: its own CSP, never stored by a browser or a cache."""
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": page_policy(page), **NO_STORE})


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers=NO_STORE)


def refusal(status: int, title: str, text: str, viewer: Viewer | None) -> HTMLResponse:
    return html(message_page(title, text, viewer, ("/bearbeiten", "Zur Übersicht") if viewer else None), status)


def tile_url(request: Request) -> str:
    return service_state(request).settings.tile_url


def install_edit_handlers(app: FastAPI) -> None:
    async def sign_in_needed(request: Request, _error: SignInNeeded):
        return see_other("/anmelden")

    async def csrf_refused(request: Request, _error: CsrfRefused):
        return refusal(403, "Formular abgelehnt", "Das Formular ist abgelaufen oder kam nicht von dieser Seite. "
                       "Bitte laden Sie die Seite neu und senden Sie es noch einmal.", None)

    app.add_exception_handler(SignInNeeded, sign_in_needed)
    app.add_exception_handler(CsrfRefused, csrf_refused)


NOTICES = {"veroeffentlicht": "Gespeichert und veröffentlicht.",
           "vorgeschlagen": "Ihr Vorschlag ist gespeichert. Die Kuratierung prüft ihn; veröffentlicht wird er erst danach.",
           "geloescht": "Gelöscht (die Geschichte des Eintrags bleibt erhalten).",
           "angenommen": "Vorschlag angenommen und veröffentlicht.",
           "abgelehnt": "Vorschlag abgelehnt; die Redaktion sieht den Grund.",
           "zurueckgesetzt": "Auf den gewählten Stand zurückgesetzt und veröffentlicht.",
           "wiederhergestellt": "Wiederhergestellt (im Stand vor dem Löschen) und veröffentlicht."}
STALE_SHORT_DE = ("Dieser Eintrag wurde geändert, seit Sie die Seite geöffnet haben. Es wurde nichts gespeichert. "
                  "Bitte laden Sie die Seite neu.")
STALE_DE = ("Dieser Eintrag wurde geändert, seit Sie das Formular geöffnet haben. Es wurde nichts gespeichert. "
            "Bitte laden Sie den Eintrag neu; Ihre Eingaben stehen unten, damit Sie sie übertragen können.")


def notice_of(request: Request) -> Notice | None:
    """The fixed notice a redirect names (?hinweis=…); never text from the URL itself."""
    text = NOTICES.get(request.query_params.get("hinweis", ""))
    return Notice("ok", text) if text else None


async def apply(request: Request, command: Command, principal: Principal) -> Result:
    """Run one store command off the event loop; after a published change this worker serves it at once."""
    state = service_state(request)
    result = await run_in_threadpool(state.store.apply, command, principal)
    if result.status == "published" and state.follower is not None:
        await state.follower.settle_own_write(result.data_version or 0)
    return result


def failed(error: Exception, viewer: Viewer, title: str) -> HTMLResponse:
    """A curator's action that the store refused, as a German page with its status."""
    if isinstance(error, Forbidden):
        return refusal(403, "Keine Berechtigung", ONLY_CURATORS, viewer)
    if isinstance(error, NotFound):
        return refusal(404, "Nicht gefunden", "Diesen Vorschlag oder Eintrag gibt es nicht (mehr).", viewer)
    if isinstance(error, StaleVersion):
        return refusal(409, title, STALE_SHORT_DE, viewer)
    if isinstance(error, ValidationFailed):
        return refusal(400, title, "Bitte prüfen: " + " ".join(problem_de(p.message) for p in error.problems), viewer)
    return refusal(400, title, str(error), viewer)
