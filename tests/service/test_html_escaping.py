"""The API's HTML views escape every text from the data: a hostile site name shows as text."""
import pytest
from fastapi.testclient import TestClient

from geo.repository import load_repository
from service.app import create_app
from tests.hostile import HOSTILE_SITE, PAYLOAD, hostile_data_copy


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    folder = hostile_data_copy(tmp_path_factory.mktemp("hostile") / "data")
    with TestClient(create_app(load_repository(folder)), base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize("url", [
    "/collections/sites/items?f=html&limit=1000",
    "/collections/iga2027/items?f=html&sortby=-name",
    f"/collections/sites/items/{HOSTILE_SITE}?f=html",
])
def test_hostile_name_is_escaped_in_html_views(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 200
    html = response.text
    assert "&lt;img src=x onerror=" in html
    assert "<img" not in html and PAYLOAD not in html


def test_hostile_name_is_data_in_json(hostile_client):
    feature = hostile_client.get(f"/collections/sites/items/{HOSTILE_SITE}").json()
    assert feature["properties"]["name"] == PAYLOAD
