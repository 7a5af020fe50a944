"""Sign-in and sign-out of the editing pages: /anmelden (name and password, Argon2id in the store)
and /abmelden (ends the session in the store, so on every worker and replica at once)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from maps.edit_frame import Notice, sign_in_page
from service.edit_http import html, refusal, see_other
from service.generation import service_state
from service.sessions import (SIGN_IN_COOKIE, check_form, clear_session_cookie, current_session, session_token,
                              set_session_cookie, set_sign_in_cookie, sign_in_token)
from store.errors import TooManyAttempts

router = APIRouter(include_in_schema=False)
MAX_PASSWORD = 1024   # Argon2 of a megabyte would be a cheap way to burn our CPU
WRONG = "Kontoname oder Passwort stimmen nicht."
LIMITED = "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 15 Minuten wieder."
SIGNED_OUT = "Sie sind abgemeldet."


def _form_page(request: Request, name: str = "", notice: Notice | None = None, status: int = 200):
    token, fresh = sign_in_token(request)
    response = html(sign_in_page(token, name, notice), status)
    if fresh:
        set_sign_in_cookie(response, request, token)
    return response


@router.get("/anmelden")
async def sign_in_form(request: Request):
    if await current_session(request) is not None:
        return see_other("/bearbeiten")
    notice = Notice("ok", SIGNED_OUT) if request.query_params.get("abgemeldet") == "1" else None
    return _form_page(request, notice=notice)


@router.post("/anmelden")
async def sign_in(request: Request):
    form = await request.form()
    check_form(request, form, request.cookies.get(SIGN_IN_COOKIE, ""))
    store = service_state(request).store
    if store is None:
        return refusal(404, "Keine Bearbeitung", "Dieser Dienst zeigt einen festen Datenstand; hier wird nichts bearbeitet.", None)
    name, password = str(form.get("name", ""))[:64], str(form.get("passwort", ""))
    address = request.client.host if request.client else ""
    try:
        opened = await run_in_threadpool(store.sign_in, name, password if len(password) <= MAX_PASSWORD else "", address)
    except TooManyAttempts:
        return _form_page(request, name, Notice("error", LIMITED), 429)
    if opened is None:
        return _form_page(request, name, Notice("error", WRONG), 401)
    token, session = opened
    response = see_other("/bearbeiten")
    set_session_cookie(response, request, token, session)
    return response


@router.post("/abmelden")
async def sign_out(request: Request):
    form = await request.form()
    session = await current_session(request)
    if session is not None:
        check_form(request, form, session.csrf)
        await run_in_threadpool(service_state(request).store.end_session, session_token(request))
    response = see_other("/anmelden?abgemeldet=1")
    clear_session_cookie(response, request)
    return response
