"""Store contract, both backends: the data version readers follow (polled on SQLite, NOTIFY on PostgreSQL)."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from store import Reject
from store.errors import ValidationFailed
from store.rows import CHANGE_CHANNEL
from tests.store.helpers import CURATOR, DORTMUND, DORTMUND_EDITOR, a_site, changed


def _listen(store):
    url = make_url(store.engine.url)
    connection = psycopg.connect(host=url.query["host"], port=int(url.query["port"]), user=url.username,
                                 dbname=url.database, autocommit=True)
    connection.execute(f"LISTEN {CHANGE_CHANNEL}")
    return connection


def test_the_version_rises_with_each_published_change_only(store):
    key = a_site(store, DORTMUND)
    listener = _listen(store) if store.backend == "postgresql" else None
    try:
        start = store.data_version()
        proposed = changed(store, key, DORTMUND_EDITOR, name="Vorschlag")
        store.apply(Reject(proposed.proposal_id, "nein"), CURATOR)
        with pytest.raises(ValidationFailed):
            changed(store, key, status="unbekannt")
        assert store.data_version() == start            # proposals, rejections, refusals publish nothing
        published = changed(store, key, name="Veröffentlicht")
        assert published.data_version == store.data_version() == start + 1
        assert store.published_dataset().version == start + 1
        if listener is not None:
            payloads = [n.payload for n in listener.notifies(timeout=10, stop_after=1)]
            assert payloads == [str(start + 1)]
    finally:
        if listener is not None:
            listener.close()


def test_an_edition_with_duplicate_ids_is_refused(store, tmp_path):
    import shutil

    from geo.settings import COMMITTED_DATA
    shutil.copytree(COMMITTED_DATA / "programmes", tmp_path / "edition")
    five = tmp_path / "edition" / "five_locations.csv"
    lines = five.read_text(encoding="utf-8").splitlines(keepends=True)
    five.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    version = store.data_version()
    with pytest.raises(ValidationFailed) as refused:
        store.import_edition(tmp_path / "edition", CURATOR, "x", "y")
    assert refused.value.fields == ["location"]
    assert [str(p) for p in refused.value.problems] == [f"five_locations {lines[1].split(',')[0]}: duplicate location"]
    assert store.data_version() == version
