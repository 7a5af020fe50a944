"""GDAL's OGC API - Features driver pushes a -where filter to a real `ruhrkarte serve` (issue 14).

Before Part 3, `ogrinfo -where` fetched every page and GDAL said "Full filter will be evaluated on
client side". Now GDAL finds `filter-lang` (with `cql-text`, the name GDAL 3.6 looks for) on the
collection's own items path in /api, sends the filter as CQL2 text, and the server answers only
the matching features. Skipped only where GDAL's ogrinfo is not installed (`make test` installs it).
"""
import json
import math
import os
import re
import shutil
import subprocess

import pytest

from geo.layers import build_layers
from tests.e2e.server_process import ServerProcess

OGRINFO = shutil.which("ogrinfo")
pytestmark = pytest.mark.skipif(OGRINFO is None, reason="GDAL's ogrinfo is not installed (apt-get install gdal-bin)")
GDAL_PAGE = 10  # GDAL 3.6 asks for limit=10


@pytest.fixture(scope="module")
def server():
    with ServerProcess(env={"RUHRKARTE_ACCESS_LOG": "true"}) as process:
        yield process


@pytest.fixture(scope="module")
def sites(repo):
    return build_layers(repo)["sites"].frame


def ogrinfo(server, where: str, layer: str = "sites") -> tuple[list[str], str]:
    """The feature ids GDAL reads, and its debug output (every URL it fetched)."""
    result = subprocess.run([OGRINFO, "-ro", "-al", "-geom=NO", "-where", where, f"OAPIF:{server.url}/", layer],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "CPL_DEBUG": "ON", "GDAL_HTTP_TIMEOUT": "60"})
    assert result.returncode == 0, result.stderr[-2000:]
    return re.findall(r"^  id \(String\) = (.+)$", result.stdout, re.MULTILINE), result.stderr


def item_requests(server, collection: str) -> int:
    lines = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    return sum(1 for line in lines if line.get("path") == f"/collections/{collection}/items")


def test_gdal_pushes_a_where_filter_to_the_server(server, sites):
    before = item_requests(server, "sites")
    found, debug = ogrinfo(server, "programme = 'fgz' AND status = 'active'")
    expected = sites["fid"][(sites["programme"] == "fgz") & (sites["status"] == "active")].tolist()
    assert sorted(found) == sorted(expected) and 0 < len(expected) < len(sites)
    fetched = re.findall(r"Fetch\((\S+)\)", debug)
    filtered = [url for url in fetched if "/collections/sites/items" in url and "filter=" in url]
    assert filtered and all("filter-lang=cql-text" in url for url in filtered), fetched
    assert "evaluated on client side" not in debug
    # The server sent only the matching pages: one unfiltered page (GDAL reads the schema from it)
    # plus the filtered pages twice (ogrinfo counts, then lists), not the whole collection twice.
    requests = item_requests(server, "sites") - before
    assert requests <= 1 + 2 * math.ceil(len(expected) / GDAL_PAGE) < 2 * math.ceil(len(sites) / GDAL_PAGE)


def test_gdal_filter_on_another_collection_and_one_it_cannot_push(server, repo):
    communes = build_layers(repo)["communes"].frame
    found, debug = ogrinfo(server, "district_code = '05978'", "communes")
    assert sorted(found) == sorted(communes["ags"][communes["district_code"] == "05978"]) and len(found) == 10
    assert any("filter=district_code" in url for url in re.findall(r"Fetch\((\S+)\)", debug))
    # GDAL 3.6 knows only the properties that are query parameters of the path; others it filters
    # itself after fetching: the answer is still right.
    found, debug = ogrinfo(server, "name LIKE 'Bo%' AND district_code = '05978'", "communes")
    assert found == [] and "Only part of the filter will be evaluated on server side" in debug
    found, debug = ogrinfo(server, "name LIKE 'Bo%' AND district_code = '05911'", "communes")
    assert found == ["05911000"] and "Full filter will be evaluated on client side" not in debug
