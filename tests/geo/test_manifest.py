"""geo/manifest.py in process, on a small data folder: sealing, and every way a sealed file can change.

(tests/e2e/test_data_files.py checks the committed data through the CLI; these run in process, so
mutation testing sees them.)
"""
import hashlib
import json

import pytest

from geo.errors import DataError
from geo.manifest import ABOUT, MANIFEST_FILE, read_manifest, verify_manifest, write_manifest

COMMUNES = "ags,name\n05913000,Dortmund\n05911000,Bochum\n05117000,Mülheim an der Ruhr\n"
GEOJSON = '{"type": "FeatureCollection", "features": [{"type": "Feature"}]}'
SOURCES_1, SOURCES_2 = '{"a": 1}', '{"a": 2}'
HINT = "if the change is intended, run `ruhrkarte data seal` and commit MANIFEST.json"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "communes.csv").write_text(COMMUNES, encoding="utf-8")
    (tmp_path / "boundaries" / "communes.geojson").write_text(GEOJSON, encoding="utf-8")
    (tmp_path / "sources.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "README.md").write_text("not data", encoding="utf-8")
    return tmp_path


def _sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_sealing_records_every_data_file_with_its_rows(folder):
    assert write_manifest(folder) == ["boundaries/communes.geojson: added (1 rows)", "communes.csv: added (3 rows)",
                                      "sources.json: added"]
    document = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert document == {"about": ABOUT, "files": {
        "boundaries/communes.geojson": {"sha256": _sha(GEOJSON), "rows": 1},
        "communes.csv": {"sha256": _sha(COMMUNES), "rows": 3},
        "sources.json": {"sha256": _sha('{"a": 1}')}}}
    assert (folder / MANIFEST_FILE).read_text(encoding="utf-8").endswith("}\n") and "Mülheim" not in ABOUT
    assert verify_manifest(folder) == [] and write_manifest(folder) == []  # sealing again changes nothing
    assert read_manifest(folder) == document["files"]


def test_every_change_is_one_line_naming_the_file(folder):
    write_manifest(folder)
    (folder / "communes.csv").write_text(COMMUNES.rsplit("\n", 2)[0] + "\n", encoding="utf-8")  # cut at a row boundary
    (folder / "sources.json").write_text('{"a": 2}', encoding="utf-8")
    (folder / "boundaries" / "communes.geojson").unlink()
    (folder / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    cut = _sha(COMMUNES.rsplit("\n", 2)[0] + "\n")
    assert verify_manifest(folder) == [
        f"{folder / 'boundaries/communes.geojson'}: missing, but MANIFEST.json records it; restore it, or {HINT}",
        f"{folder / 'communes.csv'}: changed since the data was sealed: 2 rows, MANIFEST.json expects 3; "
        f"sha256 {cut[:16]}…, MANIFEST.json expects {_sha(COMMUNES)[:16]}…; {HINT}",
        f"{folder / 'sources.json'}: changed since the data was sealed: contents differ; "
        f"sha256 {_sha(SOURCES_2)[:16]}…, MANIFEST.json expects {_sha(SOURCES_1)[:16]}…; {HINT}",
        f"{folder / 'extra.csv'}: not recorded in MANIFEST.json; {HINT}",
    ]
    assert write_manifest(folder) == [
        "boundaries/communes.geojson: removed", "communes.csv: 3 -> 2 rows, new sha256 " + cut[:16] + "…",
        "extra.csv: added (1 rows)", "sources.json: - -> - rows, new sha256 " + _sha('{"a": 2}')[:16] + "…"]


def test_a_file_changed_with_the_same_rows_or_made_unreadable(folder):
    write_manifest(folder)
    (folder / "communes.csv").write_text(COMMUNES.replace("Bochum", "Bochun"), encoding="utf-8")
    assert "changed since the data was sealed: rows as sealed (3);" in verify_manifest(folder)[0]
    (folder / "communes.csv").write_bytes(b"")
    assert "changed since the data was sealed: unreadable rows, MANIFEST.json expects 3;" in verify_manifest(folder)[0]


def test_sealing_some_files_keeps_the_other_entries(folder):
    write_manifest(folder)
    (folder / "communes.csv").write_text(COMMUNES + "05119000,Oberhausen\n", encoding="utf-8")
    (folder / "sources.json").write_text('{"a": 2}', encoding="utf-8")
    assert write_manifest(folder, ["communes.csv"]) == [
        f"communes.csv: 3 -> 4 rows, new sha256 {_sha(COMMUNES + '05119000,Oberhausen' + chr(10))[:16]}…"]
    assert read_manifest(folder)["sources.json"] == {"sha256": _sha('{"a": 1}')}  # still the sealed one
    assert len(verify_manifest(folder)) == 1


def test_a_folder_without_a_manifest(folder):
    assert read_manifest(folder) is None
    assert verify_manifest(folder) == [f"{folder / MANIFEST_FILE}: missing; run `ruhrkarte data seal` to record the data files"]


@pytest.mark.parametrize("text", ['{"files": []}', '[1]', '{"files": {"a.csv": {"rows": 3}}}', '{"files": {"a.csv": "x"}}'])
def test_a_manifest_that_is_not_one(folder, text):
    (folder / MANIFEST_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_manifest(folder)
    assert str(error.value) == (f"{folder / MANIFEST_FILE}: not a manifest (expected 'files' with a sha256 per file); "
                                "run `ruhrkarte data seal`")
    with pytest.raises(DataError):
        write_manifest(folder, ["communes.csv"])  # a partial update needs the entries it keeps
    assert write_manifest(folder) == ["boundaries/communes.geojson: added (1 rows)", "communes.csv: added (3 rows)",
                                      "sources.json: added"]  # a full seal replaces it


def test_the_manifest_reads_well_in_a_diff(folder):
    (folder / "förderung.csv").write_text("a\n1\n", encoding="utf-8")
    write_manifest(folder)
    lines = (folder / MANIFEST_FILE).read_bytes().decode("utf-8").splitlines()
    assert lines[0] == "{" and lines[2] == '  "files": {'
    assert '    "förderung.csv": {' in lines  # names as written, one entry per line
    assert lines[-1] == "}"
