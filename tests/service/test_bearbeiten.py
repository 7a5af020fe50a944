"""/bearbeiten: editors propose through the forms, curators review with a diff, approve, reject
with a reason and revert; rights and versions are the store's, and a published change is served at once."""
from __future__ import annotations

import re

from store import Put
from tests.service.editing import csrf, signed_in
from tests.store.helpers import BOCHUM, BOCHUM_POINT, CURATOR, DORTMUND, DORTMUND_POINT, SOURCE, a_site, counts


def _new_site(name: str, point=DORTMUND_POINT, ags=DORTMUND, **cells) -> dict[str, str]:
    lat, lon = point
    return {"name": name, "programme": "talentkolleg", "communes": ags, "address": "Musterstraße 1", "status": "active",
            "year": "2025", "precision": "landmark", "identification": "", "lat": lat, "lon": lon,
            "coordinate_source": "Karte im Formular", "source": SOURCE, "grund": "neu eröffnet", **cells}


def _form_of(client, path: str) -> dict[str, str]:
    """The row form as loaded: every field's value, the version and the token."""
    page = client.get(path).text
    form = page[page.index('<form class="rk-form"'):]
    form = form[:form.index("</form>")]
    values = dict(re.findall(r'<input id="[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"', form))
    values.update(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    values.update(re.findall(r'<select id="[^"]+" name="([^"]+)".*?<option value="([^"]*)" selected', form))
    from html import unescape
    return {k: unescape(v) for k, v in values.items()}


def _public_name(client, key: str) -> str | None:
    response = client.get(f"/collections/sites/items/{key}")
    return response.json()["properties"]["name"] if response.status_code == 200 else None


def test_an_editor_sees_and_changes_only_its_own_communes(editing):
    dora = signed_in(editing, "dora")
    overview = dora.get("/bearbeiten").text
    assert "Dortmund" in overview and "Bochum" not in overview
    assert dora.get(f"/bearbeiten/gemeinden/{DORTMUND}").status_code == 200
    assert dora.get(f"/bearbeiten/gemeinden/{BOCHUM}").status_code == 403
    assert dora.get("/bearbeiten/gemeinden/99999999").status_code == 404
    bochum_site = a_site(editing.store, BOCHUM)
    assert dora.get(f"/bearbeiten/standorte/{bochum_site}").status_code == 403
    record = editing.store.get("sites", bochum_site)
    before = counts(editing.store)
    changed = dora.post(f"/bearbeiten/standorte/{bochum_site}", data={
        **record.values, "name": "Übernommen", "version": str(record.version), "grund": "x", "csrf": csrf(dora)})
    assert changed.status_code == 403
    moved = dora.post("/bearbeiten/standorte/neu", data={**_new_site("Nach Bochum", BOCHUM_POINT, BOCHUM), "csrf": csrf(dora)})
    assert moved.status_code == 403
    assert counts(editing.store) == before
    assert dora.get("/bearbeiten/standorte/gibt-es-nicht").status_code == 404
    assert dora.get("/bearbeiten/pruefen").status_code == 403


def test_a_proposal_approved_by_a_curator_is_public_at_once(editing):
    dora, kurt, public = signed_in(editing, "dora"), signed_in(editing, "kurt"), editing.client()
    response = dora.post("/bearbeiten/standorte/neu", data={**_new_site("Neues TalentKolleg"), "csrf": csrf(dora)})
    assert response.status_code == 303 and response.headers["location"] == "/bearbeiten?hinweis=vorgeschlagen"
    proposal = editing.store.proposals()[-1]
    assert proposal.author == "dora" and proposal.after["name"] == "Neues TalentKolleg"
    key = proposal.key
    assert key.startswith(f"talentkolleg-{DORTMUND}-")
    assert _public_name(public, key) is None
    assert "vorgeschlagen" in dora.get("/bearbeiten").text
    queue = kurt.get("/bearbeiten/pruefen").text
    assert "Neues TalentKolleg" in queue and "nachher" in queue
    approved = kurt.post(f"/bearbeiten/pruefen/{proposal.id}/annehmen", data={"csrf": csrf(kurt)})
    assert approved.status_code == 303
    assert _public_name(public, key) == "Neues TalentKolleg"  # no wait: the worker caught up before answering
    assert "Neues TalentKolleg" in public.get(f"/gemeinden/{DORTMUND}").text


def test_a_rejection_needs_a_reason_and_the_editor_sees_it(editing):
    dora, kurt = signed_in(editing, "dora"), signed_in(editing, "kurt")
    key = a_site(editing.store, DORTMUND)
    form = _form_of(dora, f"/bearbeiten/standorte/{key}")
    assert dora.post(f"/bearbeiten/standorte/{key}", data={**form, "name": "Falscher Name", "grund": "Tippfehler"}).status_code == 303
    proposal = editing.store.proposals()[-1]
    queue = kurt.get("/bearbeiten/pruefen").text
    assert "Falscher Name" in queue and editing.store.get("sites", key).values["name"] in queue  # before and after
    assert kurt.post(f"/bearbeiten/pruefen/{proposal.id}/ablehnen", data={"csrf": csrf(kurt), "grund": ""}).status_code == 400
    assert editing.store.proposals()[-1].status == "proposed"
    assert kurt.post(f"/bearbeiten/pruefen/{proposal.id}/ablehnen",
                     data={"csrf": csrf(kurt), "grund": "Der Name steht so nicht im Bericht"}).status_code == 303
    assert "abgelehnt: Der Name steht so nicht im Bericht" in dora.get("/bearbeiten").text
    assert "abgelehnt: Der Name steht so nicht im Bericht" in dora.get(f"/bearbeiten/gemeinden/{DORTMUND}").text


def test_a_curator_changes_and_reverts_with_the_history(editing):
    kurt, public = signed_in(editing, "kurt"), editing.client()
    key = a_site(editing.store, DORTMUND)
    original = editing.store.get("sites", key).values["name"]
    form = _form_of(kurt, f"/bearbeiten/standorte/{key}")
    saved = kurt.post(f"/bearbeiten/standorte/{key}", data={**form, "name": "Umbenannt", "grund": "neuer Name"})
    assert saved.status_code == 303 and _public_name(public, key) == "Umbenannt"
    page = kurt.get(f"/bearbeiten/standorte/{key}").text
    assert "Geschichte" in page and "neuer Name" in page
    first = editing.store.history("sites", key)[0]
    version = editing.store.get("sites", key).version
    reverted = kurt.post(f"/bearbeiten/standorte/{key}/zuruecksetzen",
                         data={"csrf": csrf(kurt), "version": str(version), "revision": str(first.id), "grund": "zurück"})
    assert reverted.status_code == 303 and _public_name(public, key) == original
    assert editing.store.history("sites", key)[-1].action == "revert"


def test_an_editor_cannot_revert(editing):
    dora = signed_in(editing, "dora")
    key = a_site(editing.store, DORTMUND)
    first = editing.store.history("sites", key)[0]
    version = editing.store.get("sites", key).version
    response = dora.post(f"/bearbeiten/standorte/{key}/zuruecksetzen",
                         data={"csrf": csrf(dora), "version": str(version), "revision": str(first.id), "grund": "x"})
    assert response.status_code == 403 and "zurücksetzen" not in dora.get(f"/bearbeiten/standorte/{key}").text.lower()


def test_a_stale_form_saves_nothing_and_says_so(editing):
    kurt = signed_in(editing, "kurt")
    key = a_site(editing.store, DORTMUND)
    form = _form_of(kurt, f"/bearbeiten/standorte/{key}")
    record = editing.store.get("sites", key)
    editing.store.apply(Put("sites", key, {**record.values, "name": "Inzwischen geändert"}, record.version, "x", SOURCE), CURATOR)
    response = kurt.post(f"/bearbeiten/standorte/{key}", data={**form, "name": "Mein Name", "grund": "mein Grund"})
    assert response.status_code == 409
    assert "geändert, seit Sie das Formular geöffnet haben" in response.text
    assert 'value="Mein Name"' in response.text and "mein Grund" in response.text  # the entered values are kept
    assert editing.store.get("sites", key).values["name"] == "Inzwischen geändert"


def test_problems_stand_next_to_their_fields_with_the_values_kept(editing):
    dora = signed_in(editing, "dora")
    before = counts(editing.store)
    response = dora.post("/bearbeiten/standorte/neu", data={
        **_new_site("Punkt in Bochum", point=BOCHUM_POINT, status="geschlossen"), "csrf": csrf(dora)})
    assert response.status_code == 400
    assert 'value="Punkt in Bochum"' in response.text
    assert re.search(r'name="status"[^>]*aria-invalid="true"', response.text)
    assert 'id="status-problem"' in response.text
    assert "„geschlossen“ ist hier nicht möglich" in response.text  # the checks' problems in German
    assert "Der Punkt liegt in Bochum (05911000), angegeben ist aber: 05913000." in response.text
    assert "lies in" not in response.text and "is not one of" not in response.text
    assert counts(editing.store) == before


def test_a_missing_reason_or_source_is_shown_at_its_field(editing):
    kurt = signed_in(editing, "kurt")
    key = a_site(editing.store, DORTMUND)
    form = _form_of(kurt, f"/bearbeiten/standorte/{key}")
    before = counts(editing.store)
    response = kurt.post(f"/bearbeiten/standorte/{key}", data={**form, "name": "Ohne Grund", "grund": " "})
    assert response.status_code == 400 and 'id="grund-problem"' in response.text
    response = kurt.post(f"/bearbeiten/standorte/{key}", data={**form, "name": "Ohne Quelle", "grund": "x", "source": ""})
    assert response.status_code == 400 and 'id="source-problem"' in response.text and 'value="Ohne Quelle"' in response.text
    assert counts(editing.store) == before


def test_deleting_needs_a_reason_and_hides_the_site(editing):
    kurt, public = signed_in(editing, "kurt"), editing.client()
    key = a_site(editing.store, DORTMUND)
    version = editing.store.get("sites", key).version
    assert kurt.post(f"/bearbeiten/standorte/{key}/loeschen", data={"csrf": csrf(kurt), "version": str(version)}).status_code == 400
    assert _public_name(public, key) is not None
    response = kurt.post(f"/bearbeiten/standorte/{key}/loeschen",
                         data={"csrf": csrf(kurt), "version": str(version), "grund": "geschlossen"})
    assert response.status_code == 303 and _public_name(public, key) is None


def test_a_funding_figure_is_changed_field_by_field(editing):
    kurt, dora, public = signed_in(editing, "kurt"), signed_in(editing, "dora"), editing.client()
    assert dora.get("/bearbeiten/foerderung/F010").status_code == 403  # Dortmund and Bochum: not Dora's alone
    page = kurt.get("/bearbeiten/foerderung/F010").text
    assert "Kennung: <code>F010</code>" in page and 'name="amount_eur"' in page
    record = editing.store.get("funding", "F010")
    form = {**record.values, "title": "Neuer Titel", "grund": "Titel korrigiert", "version": str(record.version),
            "csrf": csrf(kurt)}
    del form["figure_id"]  # the id is shown, not sent: ids never change
    response = kurt.post("/bearbeiten/foerderung/F010", data=form)
    assert response.status_code == 303 and editing.store.get("funding", "F010").values["title"] == "Neuer Titel"
    assert "Neuer Titel" in public.get("/gemeinden/05913000").text
    bad = kurt.post("/bearbeiten/foerderung/F010", data={**form, "amount_eur": "viel",
                                                          "version": str(editing.store.get("funding", "F010").version)})
    assert bad.status_code == 400 and 'id="amount_eur-problem"' in bad.text and 'value="viel"' in bad.text
    assert "„viel“ ist kein positiver Betrag" in bad.text


def test_a_curator_restores_a_deleted_site_from_the_pages(editing):
    kurt, dora, public = signed_in(editing, "kurt"), signed_in(editing, "dora"), editing.client()
    key = a_site(editing.store, DORTMUND)
    name = editing.store.get("sites", key).values["name"]
    version = editing.store.get("sites", key).version
    kurt.post(f"/bearbeiten/standorte/{key}/loeschen", data={"csrf": csrf(kurt), "version": str(version), "grund": "geschlossen"})
    assert _public_name(public, key) is None
    assert "/bearbeiten/geloescht" in kurt.get("/bearbeiten").text
    listed = kurt.get("/bearbeiten/geloescht").text
    assert name in listed and "geschlossen" in listed and f'action="/bearbeiten/standorte/{key}/wiederherstellen"' in listed
    hidden_version = editing.store.row_version("sites", key)
    restore = f"/bearbeiten/standorte/{key}/wiederherstellen"
    assert dora.get("/bearbeiten/geloescht").status_code == 403  # editors neither see the list
    assert dora.post(restore, data={"csrf": csrf(dora), "version": str(hidden_version), "grund": "x"}).status_code == 403
    assert kurt.post(restore, data={"csrf": csrf(kurt), "version": str(hidden_version), "grund": " "}).status_code == 400
    assert kurt.post(restore, data={"csrf": csrf(kurt), "version": str(hidden_version - 1), "grund": "x"}).status_code == 409
    assert _public_name(public, key) is None  # none of those restored it
    done = kurt.post(restore, data={"csrf": csrf(kurt), "version": str(hidden_version), "grund": "doch geöffnet"})
    assert done.status_code == 303 and done.headers["location"].endswith("?hinweis=wiederhergestellt")
    assert _public_name(public, key) == name  # back as it was before the deletion
    assert editing.store.history("sites", key)[-1].reason == "doch geöffnet"
    assert name not in kurt.get("/bearbeiten/geloescht").text
    assert kurt.post(restore, data={"csrf": csrf(kurt), "version": str(hidden_version + 1), "grund": "x"}).status_code == 404


def test_a_curators_saved_form_is_served_at_once_though_the_save_is_a_write_in_flight(editing):
    """The save waits for the rebuild that serves it; that rebuild gives way to writes in flight
    (service/write_gate.py), but not to the save that waits for it."""
    editing.app.state.service.follower.gate.budget_s = 600  # nothing but the save itself could hold it back
    kurt, public = signed_in(editing, "kurt"), editing.client()
    key = a_site(editing.store, DORTMUND)
    form = _form_of(kurt, f"/bearbeiten/standorte/{key}")
    saved = kurt.post(f"/bearbeiten/standorte/{key}", data={**form, "name": "Sofort sichtbar", "grund": "neuer Name"})
    assert saved.status_code == 303 and _public_name(public, key) == "Sofort sichtbar"
    assert editing.app.state.service.follower.gate.writing == 0
