"""Property-based fuzzing of the whole OpenAPI document: no 5xx, no response that breaks the schema."""
import schemathesis
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from hypothesis import HealthCheck, settings

from geo.repository import load_repository
from service.app import create_app
from service.settings import load_settings

app = create_app(load_repository(), load_settings(allowed_hosts="testserver,localhost"))
document = schemathesis.openapi.from_asgi("/api", app)
# The items path of each real collection (the template path only ever meets unknown collections,
# so these are where items queries are really fuzzed) is tested below with two checks fewer.
COLLECTION_ITEMS = r"^/collections/[a-z0-9_]+/items$"
schema = document.exclude(path_regex=COLLECTION_ITEMS)
collection_items = document.include(path_regex=COLLECTION_ITEMS)


@schema.parametrize()
@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case):
    # Every check, "valid data must be accepted" included: what the schema allows gets a 2xx or a 404.
    case.call_and_validate()


@collection_items.parametrize()
@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_collection_items_conform_to_their_schema(case):
    """No 5xx and schema-conform answers. Not "valid data must be accepted": `filter` and `bbox` are
    text whose valid values no schema can spell out, so a 400 for a random one is right. Invalid
    data must be refused, except where leniency is intended: a `limit` above the documented maximum
    is capped, as OGC API - Features Part 1 requires (its own OpenAPI building block declares a
    maximum the same way), and an empty CRS parameter means CRS84 (tests/service/test_crs.py)."""
    excluded = [positive_data_acceptance]
    query = case.query or {}
    limit = query.get("limit")
    if (str(limit).lstrip("-").isdigit() and int(limit) > 1000) or \
            any(query.get(name) == "" for name in ("crs", "bbox-crs", "filter-crs")):
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)
