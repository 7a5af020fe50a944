"""An editor and the funding figures of its commune: the figure's host commune counts as well."""
from __future__ import annotations

import pytest

from store import Principal, Put
from store.errors import Forbidden
from tests.store.helpers import DORTMUND, SOURCE

DUISBURG = "05112000"
DUISBURG_EDITOR = Principal("dieter", "editor", frozenset({DUISBURG}))


def test_an_editor_proposes_a_change_to_a_figure_of_its_commune(store):
    figure = store.get("funding", "F008")  # scope Duisburg, no host
    assert figure.values["scope"] == DUISBURG and figure.values["host"] == ""
    result = store.apply(Put("funding", "F008", {**figure.values, "what_for": "Korrigiert"}, figure.version,
                             "Tippfehler", SOURCE), DUISBURG_EDITOR)
    assert result.status == "proposed"


def test_an_editor_may_not_hand_a_figure_to_a_host_in_another_commune(store):
    figure = store.get("funding", "F008")
    with pytest.raises(Forbidden, match=DORTMUND):
        store.apply(Put("funding", "F008", {**figure.values, "host": DORTMUND}, figure.version, "Träger", SOURCE),
                    DUISBURG_EDITOR)
