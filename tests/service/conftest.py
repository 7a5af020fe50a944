"""Fixtures shared by the service tests of the living data: editing pages and the write API."""
from __future__ import annotations

import pytest

from tests.service.edit_helpers import Api, bearer, open_api
from tests.service.editing import open_editing, seeded_folder
from tests.store.helpers import DORTMUND


@pytest.fixture(scope="module")
def template(repo, tmp_path_factory):
    """A store with accounts, seeded once per test module (Argon2id hashing is slow) and copied per test."""
    return seeded_folder(repo, tmp_path_factory.mktemp("editing-template"))


@pytest.fixture
def editing(repo, template, tmp_path):
    setup = open_editing(repo, template, tmp_path)
    yield setup
    setup.store.close()


@pytest.fixture
def api(repo, tmp_path):
    """The write API on a temporary store, with a curator's and a Dortmund editor's token."""
    client, store = open_api(repo, tmp_path)
    with client:
        yield Api(client, store, bearer(store.add_account("kurt", "curator")),
                  bearer(store.add_account("dora", "editor", [DORTMUND])))
    store.close()
