"""A worker's rebuilds of the read model give way to its write requests (service/write_gate.py):
while a write is being handled, the rebuild waits between its steps, then serves the change; a
write that never ends holds it back only for the gate's budget; a write counts until it is answered."""
from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.live import open_settings_store
from service.settings import load_settings
from tests.store.helpers import DORTMUND, a_site, changed

WITHIN_S = 30.0  # generous: tests never assert on wall time


@pytest.fixture
def live(repo, tmp_path):
    settings = load_settings(state_dir=tmp_path, follow_interval_s=0.05)
    store = open_settings_store(settings, repo)
    app = create_app(repo, settings, store)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client, store, app.state.service.follower
    store.close()


def _eventually(check, within_s: float = WITHIN_S) -> bool:
    deadline = time.monotonic() + within_s
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _served_name(client, key: str) -> str:
    return client.get(f"/collections/sites/items/{key}").json()["properties"]["name"]


def test_a_rebuild_waits_while_a_write_is_in_flight_then_serves_the_change(live):
    client, store, follower = live
    follower.gate.budget_s = 600  # the gate's budget is not what this test is about
    key = a_site(store, DORTMUND)
    old_name = _served_name(client, key)
    follower.gate.begin()  # a write request of this worker is being handled
    try:
        changed(store, key, name="Nach dem Schreiben sichtbar")
        assert _eventually(lambda: follower.gate.waiting == 1), "the rebuild did not wait for the write"
        assert _served_name(client, key) == old_name
    finally:
        follower.gate.end()
    assert _eventually(lambda: _served_name(client, key) == "Nach dem Schreiben sichtbar")
    assert follower.gate.waiting == 0


def test_a_write_that_never_ends_holds_a_change_back_only_for_the_budget(live):
    client, store, follower = live
    follower.gate.budget_s = 0.2
    key = a_site(store, DORTMUND)
    follower.gate.begin()  # stuck: never ends during this test
    try:
        changed(store, key, name="Trotz hängendem Schreiben sichtbar")
        assert _eventually(lambda: _served_name(client, key) == "Trotz hängendem Schreiben sichtbar")
    finally:
        follower.gate.end()


def test_a_write_counts_from_its_first_byte_to_its_answer(repo, tmp_path):
    settings = load_settings(state_dir=tmp_path, follow_interval_s=60)
    store = open_settings_store(settings, repo)
    token = store.add_account("kurt", "curator")
    app = create_app(repo, settings, store)
    gate = app.state.service.follower.gate

    async def scenario() -> tuple[list[int], int]:
        seen: list[int] = []
        body_may_end = asyncio.Event()

        async def slow_body():
            yield b'{"type": "Feature", "properties": '
            await body_may_end.wait()  # the upload is still arriving here
            yield b'{"name": "unvollst'

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            write = asyncio.create_task(http.post(
                "/collections/sites/items", content=slow_body(),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/geo+json"}))
            deadline = time.monotonic() + WITHIN_S
            while gate.writing == 0 and not write.done() and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            seen.append(gate.writing)
            read = await http.get("/collections/sites/items", params={"limit": 1})
            seen.append(gate.writing)  # a read while the write is in flight adds nothing
            assert read.status_code == 200
            body_may_end.set()
            answer = await write
        return seen, answer.status_code

    outcome: list = []
    # A thread of its own: a session's Playwright (the browser tests) keeps an event loop running in the main thread.
    runner = threading.Thread(target=lambda: outcome.append(asyncio.run(scenario())))
    try:
        runner.start()
        runner.join(WITHIN_S * 2)
    finally:
        store.close()
    assert outcome, "the scenario did not finish"
    seen, status = outcome[0]
    assert seen == [1, 1]
    assert status == 400  # the broken body is refused, and the write no longer counts
    assert gate.writing == 0

