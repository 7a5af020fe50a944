"""RUHRKARTE_DATABASE_URL as an operator writes it (store/engine.py resolve_url), called in-process:
the CLI and the service (service/live.py) both turn the setting into the engine's URL with it."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import InvalidInput
from store.engine import resolve_url

STATE = Path("/var/lib/ruhrkarte")
PG_USAGE = "RUHRKARTE_DATABASE_URL: use sqlite:///PATH or postgresql://USER@HOST/DB "


def test_no_url_means_the_sqlite_file_in_the_state_folder():
    assert resolve_url("", STATE) == "sqlite:////var/lib/ruhrkarte/ruhrkarte.sqlite"


def test_a_sqlite_file_url_is_used_as_written(tmp_path):
    url = f"sqlite:///{tmp_path / 'Karten daten' / 'ruhr.sqlite'}"
    assert resolve_url(url, STATE) == url


@pytest.mark.parametrize("written", ["postgresql://karte:geheim@db.example:5433/ruhrkarte",
                                     "postgres://karte:geheim@db.example:5433/ruhrkarte",
                                     "postgresql+psycopg://karte:geheim@db.example:5433/ruhrkarte"],
                         ids=["full-name", "short-name", "driver-name"])
def test_every_spelling_of_the_pg_server_is_reached_through_psycopg_3_with_its_password(written):
    """The password must reach the driver: the URL is rendered in full, not with '***'."""
    assert resolve_url(written, STATE) == "postgresql+psycopg://karte:geheim@db.example:5433/ruhrkarte"


def test_a_pg_unix_socket_url_keeps_its_socket_folder():
    assert resolve_url("postgresql://postgres@/ruhrkarte?host=/run/postgresql", STATE) == (
        "postgresql+psycopg://postgres@/ruhrkarte?host=%2Frun%2Fpostgresql")


def test_text_that_is_no_url_is_refused_and_shown_cut_to_sixty_characters():
    written = "Datenbank auf dem Server im Keller, bitte die neue nehmen, nicht die alte vom letzten Jahr"
    with pytest.raises(InvalidInput) as refused:
        resolve_url(written, STATE)
    assert str(refused.value) == f"RUHRKARTE_DATABASE_URL: not a database URL (got {written[:60]!r})"


@pytest.mark.parametrize("written", ["mysql://karte@db.example/ruhrkarte", "sqlite://", "sqlite:///:memory:"],
                         ids=["mysql", "sqlite-without-file", "sqlite-in-memory"])
def test_other_databases_and_sqlite_without_a_file_are_refused_with_the_usable_forms(written):
    """An in-memory database would lose every edit at the next start; MySQL is not supported."""
    with pytest.raises(InvalidInput) as refused:
        resolve_url(written, STATE)
    assert str(refused.value).startswith(PG_USAGE + "(got ")


def test_a_refused_url_is_shown_without_its_password_and_cut_to_sixty_characters():
    written = "mysql://karte:streng-geheim@" + "datenbank-server-im-rechenzentrum-am-phoenixsee.example" + "/ruhrkarte"
    with pytest.raises(InvalidInput) as refused:
        resolve_url(written, STATE)
    shown = written.replace("streng-geheim", "***")[:60]
    assert str(refused.value) == f"{PG_USAGE}(got {shown!r})"
    assert "geheim" not in str(refused.value)
