"""Who acts (store/commands.py Principal): a role outside the four is refused by name, also when it
comes from an account row edited by hand past `ruhrkarte users add`."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from store.commands import Principal
from store.schema import accounts


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_an_account_whose_role_was_set_by_hand_to_an_unknown_one_is_refused_naming_it(store):
    token = store.add_account("dora", "editor", ["05913000"])
    with store.engine.begin() as connection:
        connection.execute(update(accounts).where(accounts.c.name == "dora").values(role="superuser"))
    with pytest.raises(ValueError, match="^unknown role 'superuser'$"):
        store.authenticate(token)


@pytest.mark.parametrize("role", ["public", "editor", "curator", "admin"])
def test_the_four_roles_are_known(role):
    assert Principal("kurt", role).role == role
    assert Principal("kurt", role).publishes is (role in ("curator", "admin"))
