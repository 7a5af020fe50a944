"""Who acts (store/commands.py Principal): a role outside the four is refused by name; an account row
edited by hand past `ruhrkarte users add` to such a role is refused like a wrong token."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from store.commands import Approve, Principal
from store.errors import Forbidden
from store.schema import accounts
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_EDITOR, a_site, changed


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_an_account_whose_role_was_set_by_hand_to_an_unknown_one_is_refused_and_named_in_the_log(store, caplog):
    """Deny by default: its token, its password and its open session are refused like wrong ones (a 401,
    never a 500), and the operator's log names the account and the role."""
    token = store.add_account("dora", "editor", ["05913000"])
    store.set_password("dora", "ein langes Passwort 123")
    cookie, _ = store.sign_in("dora", "ein langes Passwort 123", "192.0.2.1")
    with store.engine.begin() as connection:
        connection.execute(update(accounts).where(accounts.c.name == "dora").values(role="superuser"))
    assert store.authenticate(token) is None
    assert store.session(cookie) is None
    assert store.sign_in("dora", "ein langes Passwort 123", "192.0.2.1") is None
    assert "account 'dora' has the unknown role 'superuser' and is refused" in caplog.text
    with pytest.raises(ValueError, match="^unknown role 'superuser'$"):  # and no code can act in it
        Principal("dora", "superuser")


@pytest.mark.parametrize("role", ["public", "editor", "curator", "admin"])
def test_the_four_roles_are_known(role):
    assert Principal("kurt", role).role == role
    assert Principal("kurt", role).publishes is (role in ("curator", "admin"))


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_proposal_of_an_account_whose_role_was_set_by_hand_to_an_unknown_one_is_not_published(store):
    """A curator approving it is told to reject it (no 500), and nothing of it is published."""
    store.add_account("dora", "editor", [DORTMUND])
    key = a_site(store, DORTMUND)
    published = store.get("sites", key)
    proposed = changed(store, key, DORTMUND_EDITOR, name="Neue Schule")
    with store.engine.begin() as connection:
        connection.execute(update(accounts).where(accounts.c.name == "dora").values(role="superuser"))
    with pytest.raises(Forbidden, match="^the account 'dora' that proposed this has no known role; reject the proposal$"):
        store.apply(Approve(proposed.proposal_id), CURATOR)
    assert store.get("sites", key) == published
