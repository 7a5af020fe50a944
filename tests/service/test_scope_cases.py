"""The editing pages' list of proposals when the row a proposal is about has gone meanwhile."""
from __future__ import annotations

from service.edit_data import proposals_for
from store import Principal
from tests.store.helpers import DORTMUND, a_site


def test_a_deletion_proposal_whose_row_a_curator_deleted_meanwhile_is_still_listed(api):
    key = a_site(api.store, DORTMUND)
    proposed = api.client.delete(f"/collections/sites/items/{key}", params={"reason": "geschlossen"},
                                 headers={**api.editor, "If-Match": api.etag("sites", key)})
    assert proposed.status_code == 202, proposed.text
    deleted = api.client.delete(f"/collections/sites/items/{key}", params={"reason": "geschlossen"},
                                headers={**api.curator, "If-Match": api.etag("sites", key)})
    assert deleted.status_code in (200, 204), deleted.text
    editor = Principal("dora", "editor", frozenset({DORTMUND}))
    listed = proposals_for(api.store, editor)  # the editor's own proposal, though its row is gone
    assert [(p.entity, p.key) for p in listed] == [("sites", key)]
