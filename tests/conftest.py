"""Shared fixtures: the real committed data, loaded once per test session."""
import csv
import shutil
from pathlib import Path

import pytest

from geo.repository import Repository, load_repository
from geo.settings import data_dir

TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def repo() -> Repository:
    return load_repository()


@pytest.fixture(scope="session")
def known_places() -> list[dict]:
    """Landmarks and school-register coordinates with the commune each lies in (sources inside)."""
    with (TEST_DATA / "known_places.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the committed data folder, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


@pytest.fixture(scope="session")
def client(repo):
    """The real application around the real data, called in-process."""
    from fastapi.testclient import TestClient

    from service.app import create_app

    return TestClient(create_app(repo), base_url="http://127.0.0.1")
