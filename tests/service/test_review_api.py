"""History, revert and the review queue over HTTP; two curators racing on one ETag."""
from __future__ import annotations

import threading

from tests.service.edit_helpers import Api, bearer, site_feature
from tests.store.helpers import BOCHUM, DORTMUND, ESSEN, a_site


def _propose_name(api: Api, key: str, name: str, headers: dict | None = None) -> int:
    response = api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": name}, "reason": "Umbenennung"},
                                headers={**(headers or api.editor), "If-Match": api.etag("sites", key)})
    assert response.status_code == 202, response.text
    return response.json()["change"]


def test_the_queue_shows_a_diff_and_approval_publishes(api):
    key = a_site(api.store, DORTMUND)
    old = api.item("sites", key).json()["properties"]["name"]
    change = _propose_name(api, key, "Neue Schule")
    queue = api.client.get("/changes", params={"status": "proposed"}, headers=api.curator)
    assert queue.status_code == 200
    [entry] = queue.json()["changes"]
    assert entry["id"] == change and entry["author"]["name"] == "dora" and entry["stale"] is False
    assert entry["diff"] == [{"field": "name", "before": old, "after": "Neue Schule"}]
    assert api.client.post(f"/changes/{change}/approve", headers=api.editor).status_code == 403
    approved = api.client.post(f"/changes/{change}/approve", headers=api.curator)
    assert approved.status_code == 200 and approved.json()["status"] == "published", approved.text
    assert api.item("sites", key).json()["properties"]["name"] == "Neue Schule"   # served at once
    assert api.client.get("/changes", headers=api.curator).json()["changes"] == []
    revision = api.store.history("sites", key)[-1]
    assert revision.author == "dora" and revision.reviewer == "kurt"


def test_rejection_needs_a_reason_and_the_editor_sees_it(api):
    key = a_site(api.store, DORTMUND)
    change = _propose_name(api, key, "Abgelehnt")
    without = api.client.post(f"/changes/{change}/reject", json={}, headers=api.curator)
    assert without.status_code == 400 and without.json()["errors"][0]["field"] == "reason"
    rejected = api.client.post(f"/changes/{change}/reject", json={"reason": "Quelle fehlt"}, headers=api.curator)
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    mine = api.client.get("/changes", params={"status": "rejected"}, headers=api.editor).json()["changes"]
    assert [(c["id"], c["decisionReason"]) for c in mine] == [(change, "Quelle fehlt")]
    assert api.item("sites", key).json()["properties"]["name"] != "Abgelehnt"
    again = api.client.post(f"/changes/{change}/approve", headers=api.curator)
    assert again.status_code == 400


def test_an_editor_sees_only_their_own_proposals(api):
    key = a_site(api.store, DORTMUND)
    theirs = _propose_name(api, key, "Von Dora")
    other = bearer(api.store.add_account("otto", "editor", [DORTMUND]))
    assert api.client.get(f"/changes/{theirs}", headers=other).status_code == 404
    assert api.client.get(f"/changes/{theirs}", headers=other).json()["detail"] == \
        api.client.get("/changes/999999", headers=other).json()["detail"].replace("999999", str(theirs))
    assert api.client.get("/changes", headers=other).json()["changes"] == []
    assert [c["id"] for c in api.client.get("/changes", headers=api.editor).json()["changes"]] == [theirs]
    assert api.client.get("/changes").status_code == 401


def test_history_hides_author_names_from_the_public(api):
    key = a_site(api.store, DORTMUND)
    api.client.post(f"/changes/{_propose_name(api, key, 'Mit Geschichte')}/approve", headers=api.curator)
    public = api.client.get(f"/collections/sites/items/{key}/history")
    assert public.status_code == 200
    last = public.json()["revisions"][-1]
    assert last["author"] == {"role": "editor", "communes": [DORTMUND]} and last["reviewed"] is True
    assert "dora" not in public.text and "kurt" not in public.text
    assert last["changes"][0]["field"] == "name" and last["changes"][0]["after"] == "Mit Geschichte"
    editor_view = api.client.get(f"/collections/sites/items/{key}/history", headers=api.editor)
    assert "kurt" not in editor_view.text
    curator = api.client.get(f"/collections/sites/items/{key}/history", headers=api.curator).json()["revisions"][-1]
    assert curator["author"]["name"] == "dora" and curator["reviewer"] == "kurt"


def test_a_curator_reverts_a_change_and_a_deletion(api):
    key = a_site(api.store, ESSEN)
    first = api.client.get(f"/collections/sites/items/{key}/history").json()["revisions"][0]
    etag = api.etag("sites", key)
    api.client.patch(f"/collections/sites/items/{key}", json={"properties": {"name": "Falsch"}, "reason": "Versehen"},
                     headers={**api.curator, "If-Match": etag})
    url = f"/collections/sites/items/{key}/history/{first['id']}/revert"
    assert api.client.post(url, json={"reason": "zurück"}, headers=api.curator).status_code == 428
    assert api.client.post(url, json={"reason": "zurück"}, headers={**api.editor, "If-Match": '"2"'}).status_code == 403
    assert api.client.post(url, json={"reason": "zurück"}, headers={**api.curator, "If-Match": etag}).status_code == 412
    reverted = api.client.post(url, json={"reason": "zurück"}, headers={**api.curator, "If-Match": api.etag("sites", key)})
    assert reverted.status_code == 200, reverted.text
    assert api.item("sites", key).json()["properties"]["name"] == first["after"]["name"]
    api.client.delete(f"/collections/sites/items/{key}", params={"reason": "weg"},
                      headers={**api.curator, "If-Match": reverted.headers["etag"]})
    assert api.item("sites", key).status_code == 404
    history = api.client.get(f"/collections/sites/items/{key}/history", headers=api.curator)
    assert history.status_code == 200     # curators still see a deleted feature's history, with its version
    back = api.client.post(url, json={"reason": "doch offen"}, headers={**api.curator, "If-Match": history.headers["etag"]})
    assert back.status_code == 200 and api.item("sites", key).status_code == 200


def test_two_curators_with_one_etag_exactly_one_wins(api):
    key = a_site(api.store, BOCHUM)
    second = bearer(api.store.add_account("karla", "curator"))
    etag = api.etag("sites", key)
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def write(who: str, headers: dict) -> None:
        barrier.wait()
        statuses[who] = api.client.patch(f"/collections/sites/items/{key}",
                                         json={"properties": {"name": f"Name von {who}"}, "reason": "Wettlauf"},
                                         headers={**headers, "If-Match": etag}).status_code

    threads = [threading.Thread(target=write, args=(who, headers)) for who, headers in
               (("kurt", api.curator), ("karla", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [200, 412]
    winner = next(who for who, status in statuses.items() if status == 200)
    assert api.store.get("sites", key).values["name"] == f"Name von {winner}"
    assert sum(r.action == "update" for r in api.store.history("sites", key)) == 1


def test_proposals_of_a_new_site_stay_invisible_until_approved(api):
    created = api.client.post("/collections/sites/items", json=site_feature("do-bald"), headers=api.editor)
    assert created.status_code == 202
    assert api.item("sites", "do-bald").status_code == 404
    assert "do-bald" not in api.client.get("/collections/sites/items", params={"limit": 1000}).text
    assert api.client.get("/collections/sites/items/do-bald/history").status_code == 404
    api.client.post(f"/changes/{created.json()['change']}/approve", json={"reason": "geprüft"}, headers=api.curator)
    assert api.item("sites", "do-bald").status_code == 200
