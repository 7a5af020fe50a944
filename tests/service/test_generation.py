"""The service holds one generation (read model + its pages); a swap replaces both at once."""
from fastapi.testclient import TestClient

from geo.read_model import build_read_model
from service.app import create_app
from service.settings import load_settings


def test_a_swap_replaces_the_read_model_and_its_page_cache(repo):
    # Without the response cache: the swapped-in model has the same data version, so the cache
    # would rightly answer from memory, and this test is about the generation's own caches.
    app = create_app(repo, load_settings(response_cache_mb=0))
    client = TestClient(app, base_url="http://127.0.0.1")
    state = app.state.service
    first = state.current
    assert client.get("/planung?k=3").status_code == 200
    assert ("planung", "funding_per_inhabitant_eur", "natural_breaks", 3, "gemeinden", "de") in first.pages.rendered
    client.get("/collections/sites/items?limit=1")
    assert first.model.features._built  # serialised features belong to the first model

    old = state.swap(build_read_model(repo))
    assert old is first and state.current is not first
    assert state.current.pages.model is state.current.model and not state.current.pages.rendered
    assert not state.current.model.features._built
    assert client.get("/communes/Hagen").json()["ags"] == "05914000"
    assert client.get("/planung?k=3").status_code == 200
    assert state.current.pages.rendered and state.current.model.features is not first.model.features
