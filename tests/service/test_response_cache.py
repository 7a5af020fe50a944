"""Whole public answers kept in front of the framework: same bytes, bounded, never for errors or callers."""
import json

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.response_cache import ResponseCache

ITEMS = "/collections/communes/items?limit=3"


def cache_of(app) -> ResponseCache:
    """The app's response cache, in front of the whole application."""
    assert isinstance(app.front, ResponseCache)
    return app.front


@pytest.fixture
def fresh(repo):
    app = create_app(repo)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client, cache_of(app)


def test_a_repeated_request_is_answered_from_memory_with_the_same_bytes(fresh):
    client, cache = fresh
    first = client.get(ITEMS)
    second = client.get(ITEMS)
    assert (cache.misses, cache.hits) == (1, 1)
    assert second.content == first.content
    for header in ("etag", "content-type", "content-security-policy", "x-content-type-options", "content-crs"):
        assert second.headers[header] == first.headers[header]


def test_negotiated_answers_are_kept_apart(fresh):
    client, cache = fresh
    json_body = client.get(ITEMS, headers={"Accept": "application/geo+json"}).text
    html_body = client.get(ITEMS, headers={"Accept": "text/html"}).text
    assert json_body.startswith("{") and html_body.startswith("<!DOCTYPE html>")
    assert client.get(ITEMS, headers={"Accept": "text/html"}).text == html_body
    assert client.get(ITEMS, headers={"Accept": "application/geo+json"}).text == json_body
    gzipped = client.get("/collections/communes/items?limit=20", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/collections/communes/items?limit=20", headers={"Accept-Encoding": "identity"})
    assert gzipped.headers.get("content-encoding") == "gzip" and "content-encoding" not in plain.headers
    assert cache.hits == 2


def test_errors_revalidation_and_callers_with_credentials_go_to_the_app(fresh):
    client, cache = fresh
    for _ in range(2):
        assert client.get("/collections/nowhere").status_code == 404
        assert client.get(ITEMS + "&bbox=1,2").status_code == 400
        client.get(ITEMS, headers={"Authorization": "Bearer x"})
    assert cache.hits == 0
    etag = client.get(ITEMS).headers["etag"]
    assert client.get(ITEMS, headers={"If-None-Match": etag}).status_code == 304
    assert cache.hits == 0


def test_head_is_answered_from_a_kept_get_without_body(fresh):
    client, cache = fresh
    got = client.get(ITEMS)
    head = client.head(ITEMS)
    assert head.status_code == 200 and head.content == b"" and cache.hits == 1
    assert head.headers["content-length"] == got.headers["content-length"] and head.headers["etag"] == got.headers["etag"]


def test_memory_stays_within_the_budget(repo):
    cache = ResponseCache(create_app(repo), max_bytes=120_000, version=lambda: repo.version)
    with TestClient(cache, base_url="http://127.0.0.1") as client:
        sizes = [len(client.get(f"/collections/communes/items?limit={n}").content) for n in range(1, 40)]
    assert sum(sizes) > 2 * cache.max_bytes  # far more was asked for than fits
    assert 0 < cache.used <= cache.max_bytes
    kept = [key[2] for key in cache.entries]
    assert kept[-1] == b"limit=39" and b"limit=1" not in kept  # the least recently used went first


def test_a_new_data_version_is_never_answered_from_the_old_one(repo):
    import dataclasses

    from geo.read_model import build_read_model

    app = create_app(repo)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        cache = cache_of(app)
        before = client.get(ITEMS)
        app.state.service.swap(build_read_model(dataclasses.replace(repo, version="0123456789abcdef")))
        after = client.get(ITEMS)
        assert cache.hits == 0 and after.headers["etag"] != before.headers["etag"]
        assert "0123456789abcdef" in after.headers["etag"]


def test_an_answer_from_memory_is_counted_and_logged_like_any_other(repo):
    import logging

    from service.settings import load_settings

    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    log = logging.getLogger("ruhrkarte.access")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        app = create_app(repo, load_settings(access_log=True))
        with TestClient(app, base_url="http://127.0.0.1") as client:
            for _ in range(3):
                client.get(ITEMS)
            client.head(ITEMS)
            assert (cache_of(app).misses, cache_of(app).hits) == (1, 3)
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    registry = app.state.metrics.registry
    route = "/collections/{collection_id}/items"
    assert registry.get_sample_value("ruhrkarte_requests_total", {"method": "GET", "route": route, "status": "200"}) == 3
    assert registry.get_sample_value("ruhrkarte_requests_total", {"method": "HEAD", "route": route, "status": "200"}) == 1
    assert registry.get_sample_value("ruhrkarte_request_seconds_count", {"method": "GET", "route": route}) == 3
    logged = [json.loads(line) for line in lines]
    assert [(e["method"], e["route"], e["status"]) for e in logged] == [("GET", route, 200)] * 3 + [("HEAD", route, 200)]
    assert logged[1]["bytes"] == logged[0]["bytes"] > 0 and logged[3]["bytes"] == 0


def test_an_answer_from_memory_keeps_cors_and_never_reaches_a_foreign_host(fresh):
    client, cache = fresh
    origin = {"Origin": "https://example.org"}
    first = client.get(ITEMS, headers=origin)
    second = client.get(ITEMS, headers=origin)
    assert cache.hits == 1 and second.headers["access-control-allow-origin"] == "*"
    assert second.headers["access-control-expose-headers"] == first.headers["access-control-expose-headers"]
    for _ in range(2):
        assert client.get(ITEMS, headers={**origin, "Host": "evil.example"}).status_code == 400
    assert cache.hits == 1
