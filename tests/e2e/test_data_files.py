"""Broken data files stop `data check` and `serve` with one line naming file and line, never a traceback;
the manifest (data/MANIFEST.json) catches what content checks cannot: a cut or swapped file."""
import json
import re
import shutil
from pathlib import Path

import pytest

from geo.errors import DataError
from geo.manifest import MANIFEST_FILE
from geo.repository import load_repository
from service.cli import run
from tests.cli_helpers import run_cli
from tests.data_edit import edit_csv

COMMITTED = Path(__file__).parents[2] / "data"
SERVE_PORT = "18765"  # never bound: every `serve` below must stop at the data


def _cut_in_half(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def _rename_population(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",population,", ",einwohner,", 1), encoding="utf-8")


def _population_not_a_number(path: Path) -> None:
    edit_csv(path, "ags", {("05112000", "population"): "viel"})


def _header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")


def _edit_features(change):
    def edit(path: Path) -> None:
        collection = json.loads(path.read_text(encoding="utf-8"))
        for number, feature in enumerate(collection["features"]):
            change(number, feature)
        path.write_text(json.dumps(collection), encoding="utf-8")
    return edit


def _drop_ags(_number, feature):
    del feature["properties"]["ags"]


def _null_geometry(number, feature):
    if number == 5:
        feature["geometry"] = None


def _duplicate_last_row(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")


def _keep_first_half_of_rows(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")


COMMUNES, GEOJSON = "communes.csv", "boundaries/communes.geojson"
SITES, FIVE = "programmes/sites.csv", "programmes/five_locations.csv"
# Row counts of the committed edition, so the expectations follow the data as curators change it.
SITE_ROWS = len((COMMITTED / SITES).read_text(encoding="utf-8").splitlines()) - 1
HALF_SITE_ROWS = (SITE_ROWS + 1) // 2 - 1  # what _keep_first_half_of_rows leaves below the header

BROKEN_FILES = [
    ("figures-truncated", COMMUNES, _cut_in_half, r"communes.csv line \d+: not valid CSV"),
    ("figures-empty", COMMUNES, _empty, r"communes.csv: file is empty"),
    ("figures-latin1", COMMUNES, _latin1, r"communes.csv line 2: byte 0xe4 is not UTF-8"),
    ("figures-binary", COMMUNES, _binary, r"communes.csv: binary content"),
    ("figures-renamed-column", COMMUNES, _rename_population, r"communes.csv line 1: missing columns \['population'\]"),
    ("figures-not-a-number", COMMUNES, _population_not_a_number,
     r"communes.csv line 2 \(05112000\): population 'viel' is not a positive whole number"),
    ("figures-duplicated-row", COMMUNES, _duplicate_last_row, r"communes.csv line 55 \(05112000\): duplicate ags"),
    ("boundaries-truncated", GEOJSON, _cut_in_half, r"communes.geojson line \d+: not valid JSON"),
    ("boundaries-empty", GEOJSON, _empty, r"communes.geojson: file is empty"),
    ("boundaries-binary", GEOJSON, _binary, r"communes.geojson: binary content"),
    ("boundaries-without-ags", GEOJSON, _edit_features(_drop_ags), r"communes.geojson feature 1: missing properties \['ags'\]"),
    ("boundaries-null-geometry", GEOJSON, _edit_features(_null_geometry),
     r"communes.geojson feature 6 \(ags 05170008\): geometry is None"),
    ("sites-empty", SITES, _empty, r"sites.csv: file is empty"),
    ("sites-header-only", SITES, _header_only, r"sites.csv: no data rows, only the header"),
    ("sites-cut-in-half", SITES, _keep_first_half_of_rows,
     rf"sites.csv: changed since the data was sealed: {HALF_SITE_ROWS} rows, MANIFEST.json expects {SITE_ROWS}; "
     r"sha256 .*ruhrkarte data seal"),
    ("five-locations-empty", FIVE, _empty, r"five_locations.csv: file is empty"),
]


def failure_lines(result) -> list[str]:
    """What `data check` reports as wrong: a data error on stderr, or the lines under PROBLEMS."""
    if result.stderr.strip():
        return result.stderr.strip().splitlines()
    report = result.stdout.split("PROBLEMS:", 1)
    assert len(report) == 2, result.stdout
    return report[1].strip().splitlines()[1:]


def assert_one_line_failure(result_code: int, lines: list[str], output: str, file: str, message: str) -> None:
    assert result_code == 1, output
    assert "Traceback" not in output
    assert len(lines) == 1, lines
    assert file in lines[0] and re.search(message, lines[0]), lines[0]


@pytest.mark.parametrize("file, edit, message", [case[1:] for case in BROKEN_FILES], ids=[case[0] for case in BROKEN_FILES])
def test_broken_file_is_one_line_from_data_check_and_serve(data_copy, capsys, monkeypatch, file, edit, message):
    edit(data_copy / file)
    name = Path(file).name

    result = run_cli("data", "check", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert_one_line_failure(result.returncode, failure_lines(result), result.stdout + result.stderr, name, message)

    # `serve` loads through load_repository before it starts uvicorn; prove it refuses first,
    # so the run below can never start a server.
    with pytest.raises(DataError):
        load_repository(data_copy)
    monkeypatch.setenv("RUHRKARTE_DATA_DIR", str(data_copy))
    code = run(["serve", "--port", SERVE_PORT])
    captured = capsys.readouterr()
    assert_one_line_failure(code, captured.err.strip().splitlines(), captured.out + captured.err, name, message)


def test_serve_process_refuses_a_duplicated_row(data_copy):
    """The case that used to pass `data check` and then crash `serve`, as a real process."""
    _duplicate_last_row(data_copy / COMMUNES)
    result = run_cli("serve", "--port", SERVE_PORT, env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert_one_line_failure(result.returncode, result.stderr.strip().splitlines(), result.stderr, "communes.csv",
                            r"line 55 \(05112000\): duplicate ags")


def test_every_unsealed_file_is_reported_at_once(data_copy):
    _keep_first_half_of_rows(data_copy / SITES)
    edit_csv(data_copy / "programmes" / "funding.csv", "figure_id", {("F004", "title"): "Neuer Titel"})
    (data_copy / "programmes" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_repository(data_copy)
    lines = str(error.value).splitlines()
    assert lines[0] == "3 problems in the data:"
    assert re.search(r"funding.csv: changed since the data was sealed: rows as sealed \(63\)", lines[1])
    assert re.search(rf"sites.csv: changed since the data was sealed: {HALF_SITE_ROWS} rows", lines[2])
    assert re.search(r"extra.csv: not recorded in MANIFEST.json", lines[3])


def test_missing_manifest_stops_loading(data_copy):
    (data_copy / MANIFEST_FILE).unlink()
    with pytest.raises(DataError, match=r"MANIFEST.json: missing; run `ruhrkarte data seal`"):
        load_repository(data_copy)


def test_broken_manifest_is_one_line_and_a_seal_repairs_it(data_copy):
    _cut_in_half(data_copy / MANIFEST_FILE)
    env = {"RUHRKARTE_DATA_DIR": str(data_copy)}
    check = run_cli("data", "check", env=env)
    assert_one_line_failure(check.returncode, check.stderr.strip().splitlines(), check.stderr, MANIFEST_FILE,
                            r"MANIFEST.json line \d+: not valid JSON")
    sealed = run_cli("data", "seal", env=env)
    assert sealed.returncode == 0, sealed.stderr
    assert (data_copy / MANIFEST_FILE).read_bytes() == (COMMITTED / MANIFEST_FILE).read_bytes()


def _reformat(path: Path) -> None:
    """Same features, different bytes: valid content that no rebuild wrote."""
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=1), encoding="utf-8")


def _tamper_provenance(path: Path) -> None:
    provenance = json.loads(path.read_text(encoding="utf-8"))
    provenance["outputs"]["districts.geojson"] = "0" * 64
    path.write_text(json.dumps(provenance, indent=2), encoding="utf-8")


@pytest.mark.parametrize("file, edit, named", [
    (GEOJSON, _reformat, "communes.geojson: sha256"),
    ("boundaries/PROVENANCE.json", _tamper_provenance, "districts.geojson: sha256"),
])
def test_provenance_checksums_are_verified(data_copy, file, edit, named):
    edit(data_copy / file)
    sealed = (data_copy / MANIFEST_FILE).read_bytes()
    result = run_cli("data", "seal", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    lines = result.stderr.strip().splitlines()
    assert_one_line_failure(result.returncode, lines, result.stderr, named, r"differs from PROVENANCE.json .*rebuild-boundaries")
    assert (data_copy / MANIFEST_FILE).read_bytes() == sealed
    with pytest.raises(DataError, match=named + r".* differs from PROVENANCE.json"):
        load_repository(data_copy)


def test_curator_edits_then_seals_then_loads(data_copy):
    env = {"RUHRKARTE_DATA_DIR": str(data_copy)}
    edit_csv(data_copy / SITES, "id", {("iga-02", "name"): "Emscherland, umbenannt"})
    check = run_cli("data", "check", env=env)
    lines = failure_lines(check)
    assert check.returncode == 1 and len(lines) == 1
    assert f"sites.csv: changed since the data was sealed: rows as sealed ({SITE_ROWS})" in lines[0]
    assert "run `ruhrkarte data seal` and commit MANIFEST.json" in lines[0]

    sealed = run_cli("data", "seal", env=env)
    assert sealed.returncode == 0, sealed.stderr
    assert f"programmes/sites.csv: {SITE_ROWS} -> {SITE_ROWS} rows, new sha256" in sealed.stdout
    manifest = json.loads((data_copy / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["files"]["programmes/sites.csv"]["rows"] == SITE_ROWS
    assert manifest["files"]["boundaries/communes.geojson"]["rows"] == 53

    check = run_cli("data", "check", env=env)
    assert check.returncode == 0 and "OK: no problems" in check.stdout, check.stdout
    repo = load_repository(data_copy)
    assert "Emscherland, umbenannt" in set(repo.programmes.sites["name"])


def test_seal_refuses_broken_rows_and_keeps_the_manifest(data_copy):
    edit_csv(data_copy / "programmes" / "funding.csv", "figure_id", {("F004", "amount_eur"): "viel"})
    before = (data_copy / MANIFEST_FILE).read_bytes()
    result = run_cli("data", "seal", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("ruhrkarte: data error: not sealed") and "(F004): amount_eur 'viel'" in result.stderr
    assert (data_copy / MANIFEST_FILE).read_bytes() == before


def test_committed_manifest_matches_committed_data():
    """Sealing the committed data again changes nothing: the manifest is current."""
    from geo.manifest import verify_manifest
    assert verify_manifest(COMMITTED) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_rebuild_boundaries_keeps_the_manifest_current(data_copy):
    manifest = data_copy / MANIFEST_FILE
    document = json.loads(manifest.read_text(encoding="utf-8"))
    for name in ("boundaries/communes.geojson", "boundaries/districts.geojson", "boundaries/PROVENANCE.json"):
        document["files"][name]["sha256"] = "0" * 64
        (data_copy / name).unlink()
    manifest.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("data", "rebuild-boundaries", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert result.returncode == 0, result.stderr
    assert manifest.read_bytes() == (COMMITTED / MANIFEST_FILE).read_bytes()
    load_repository(data_copy)
