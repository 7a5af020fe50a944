"""What a load balancer and Prometheus see of a real `ruhrkarte serve` (issue 13, replicas)."""
import json
import urllib.error

import pytest

from tests.e2e.server_process import ServerProcess


@pytest.fixture(scope="module")
def server():
    with ServerProcess(env={"RUHRKARTE_ACCESS_LOG": "true"}, args=("--workers", "2")) as process:
        yield process


def test_health_and_readiness(server):
    assert server.get("/healthz") == (200, b'{"status":"ok"}')
    status, body = server.get("/readyz")
    assert status == 200 and json.loads(body)["status"] == "ready" and json.loads(body)["data_version"]


def test_metrics_count_requests_by_route_template_across_workers(server):
    for ags in ("05911000", "05913000", "05112000"):
        server.get(f"/collections/communes/items/{ags}")
    for _ in range(4):
        try:
            server.get("/collections/nowhere")
        except urllib.error.HTTPError as error:
            assert error.code == 404
    status, body = server.get("/metrics")
    text = body.decode()
    assert status == 200
    line = next(l for l in text.splitlines()
                if l.startswith("ruhrkarte_requests_total{") and 'route="/collections/{collection_id}/items/{feature_id}"' in l)
    assert float(line.rsplit(" ", 1)[1]) == 3  # both workers' requests, one series for every feature id
    assert 'route="/collections/{collection_id}",status="404"' in text
    assert "ruhrkarte_request_seconds_bucket" in text and "ruhrkarte_data_version_info" in text


def test_access_log_is_one_json_line_per_request(server):
    server.get("/conformance?f=json")
    lines = [json.loads(l) for l in server.output().splitlines() if l.startswith("{")]
    entry = next(l for l in lines if l["path"] == "/conformance")
    assert entry["status"] == 200 and entry["method"] == "GET" and entry["route"] == "/conformance"
    assert entry["ms"] >= 0 and entry["bytes"] > 0
