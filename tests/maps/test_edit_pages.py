"""The editing pages' HTML: one frame (lang de, one h1 inside main, no inline script) and every
text escaped, whatever a proposal, a revision or a typed form value holds."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from maps.edit_forms import FormState, SiteChoices, site_form
from maps.edit_frame import Notice, Viewer, edit_page, sign_in_page
from maps.edit_lists import history_body, proposals_table, review_body
from service.edit_data import Change
from store.store import Proposal, Revision

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#34;&#39;&amp;"
CURATOR = Viewer("kurt", "curator", (), "token-123")
AT = datetime(2026, 11, 30, 5, 0, tzinfo=timezone.utc)


def _proposal(status: str = "proposed", decision: str | None = None) -> Proposal:
    return Proposal(7, "sites", HOSTILE, "put", 3, {"name": HOSTILE}, HOSTILE, (), AT, HOSTILE, "javascript:alert(3)",
                    status, None, decision)


def _frame_ok(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert html.count("<h1>") == 1 and re.search(r"<main[^>]*><h1>", html) and html.count("<main") == 1
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script: the CSP allows none here
    assert "<script>alert" not in html and "<img src=x" not in html


def test_the_review_queue_escapes_every_text_and_links_only_http():
    body = review_body([(_proposal(), {"name": "alt"}, [Change("name", "alt", HOSTILE)])], CURATOR.csrf)
    html = edit_page("Vorschläge prüfen", body, CURATOR)
    _frame_ok(html)
    assert ESCAPED in html and 'href="javascript:' not in html
    assert 'name="csrf" value="token-123"' in html and "/bearbeiten/pruefen/7/annehmen" in html


def test_a_rejection_reason_is_shown_escaped():
    html = str(proposals_table([(_proposal("rejected", HOSTILE), HOSTILE)]))
    assert f"abgelehnt: {ESCAPED}" in html and "<script>" not in html


def test_history_and_form_values_stay_text():
    revision = Revision(1, "sites", "k", "update", HOSTILE, "editor", (), None, AT, HOSTILE, "s",
                        {"name": "a"}, {"name": HOSTILE}, 2)
    form = site_form("/bearbeiten/standorte/neu", "t", FormState({"name": HOSTILE, "lat": HOSTILE},
                                                              {"lat,lon": [HOSTILE], "name": [HOSTILE]}, None, HOSTILE),
                     SiteChoices({"fgz": HOSTILE}, {"05913000": "Dortmund"}, HOSTILE, HOSTILE), "Speichern")
    html = edit_page("Standort anlegen", form + history_body([revision], "/x", "t", 2), CURATOR,
                     Notice("error", HOSTILE), with_map=True)
    _frame_ok(html)
    assert html.count(ESCAPED) >= 6
    assert 'aria-invalid="true" aria-describedby="name-problem"' in html


def test_the_sign_in_page_has_the_frame_and_keeps_the_typed_name_as_text():
    html = sign_in_page("t", HOSTILE, Notice("error", "Kontoname oder Passwort stimmen nicht."))
    _frame_ok(html)
    assert f'value="{ESCAPED}"' in html and 'role="alert"' in html and 'type="password"' in html
