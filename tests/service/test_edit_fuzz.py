"""Property-based fuzzing of the write API on a temporary store, with a curator's token: whatever the
schema lets a client send, the answer is never a 5xx and always a documented status."""
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from geo.repository import load_repository
from service.app import create_app
from service.live import open_settings_store
from service.settings import load_settings

_settings = load_settings(allowed_hosts="testserver,localhost", state_dir=Path(tempfile.mkdtemp(prefix="ruhrkarte-fuzz-")))
_repo = load_repository()
_store = open_settings_store(_settings, _repo)
TOKEN = _store.add_account("fuzz-kuratorin", "curator")
app = create_app(_repo, _settings, _store)
schema = schemathesis.openapi.from_asgi("/api", app).include(
    path_regex=r"^/(changes|collections/\{collection_id\}/items(/\{feature_id\}(/history.*)?)?)$")


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_write_api_never_fails_on_any_input(case):
    if "collection_id" in (case.path_parameters or {}):
        case.path_parameters["collection_id"] = "sites"   # reach the body's checks, not the unknown collection
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.path, case.body, response.text)
    if response.status_code >= 400:
        content_type = response.headers.get("content-type")
        assert "application/problem+json" in str(content_type), response.text
