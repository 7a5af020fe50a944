"""`ruhrkarte layers …` as a user runs it: upload with progress, the id on the last line, limits, summary, delete."""
from __future__ import annotations

import csv
import gzip
import io
import zipfile

import pytest

from tests.cli_helpers import run_cli

CSV = "Maßnahme;Breite;Länge;Betrag\nSpielplatz;51,4818;7,2162;1.250,50\nRadweg;51,5141;7,4668;300\nKaputt;x;7;1\n"


@pytest.fixture
def state(tmp_path):
    env = {"RUHRKARTE_STATE_DIR": str(tmp_path / "state")}
    for name, commune in (("paula", "05913000"), ("otto", "05911000")):
        assert run_cli("users", "add", name, "--role", "editor", "--commune", commune, env=env).returncode == 0
    return env


def _upload(state, path, *extra, env=None):
    return run_cli("layers", "upload", str(path), "--title", "Spielplätze", "--owner", "paula", *extra,
                   env={**state, **(env or {})})


def test_an_upload_prints_progress_and_the_id_last_and_sums_per_commune(state, tmp_path):
    path = tmp_path / "massnahmen.csv"
    path.write_text(CSV, encoding="utf-8")
    result = _upload(state, path)
    assert result.returncode == 0, result.stderr
    layer_id = result.stdout.strip().splitlines()[-1]
    assert layer_id.isdigit()
    assert "2 features, 0 outside the Ruhr area, 1 rejected" in result.stdout
    assert "line 4: latitude" in result.stderr and "gespeichert als Ebene" in result.stderr
    summary = run_cli("layers", "summary", layer_id, "--owner", "paula", env=state)
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(summary.stdout))}
    assert float(rows["05911000"]["Betrag_sum"]) == 1250.5 and float(rows["ruhr"]["Betrag_sum"]) == 1550.5
    hidden = run_cli("layers", "summary", layer_id, "--owner", "otto", env=state)
    assert hidden.returncode == 2 and hidden.stderr.strip() == f"ruhrkarte: no layer {layer_id}"
    assert run_cli("layers", "delete", layer_id, "--owner", "paula", env=state).returncode == 0
    assert "Spielplätze" not in run_cli("layers", "list", "--owner", "paula", env=state).stdout


def test_compressed_uploads_are_expanded_only_within_the_limit(state, tmp_path):
    packed = tmp_path / "massnahmen.csv.gz"
    packed.write_bytes(gzip.compress(CSV.encode()))
    assert _upload(state, packed).stdout.strip().splitlines()[-1].isdigit()
    bomb = tmp_path / "bombe.csv.gz"
    bomb.write_bytes(gzip.compress(CSV.encode() + b"0" * (3 * 1024 * 1024)))
    refused = _upload(state, bomb, env={"RUHRKARTE_LAYER_MAX_MB": "1"})
    assert refused.returncode == 2 and "larger than the limit of 1 MB" in refused.stderr
    archive = tmp_path / "zwei.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("a.csv", CSV)
        handle.writestr("b.csv", CSV)
    refused = _upload(state, archive)
    assert refused.returncode == 2 and "exactly one file (it holds 2)" in refused.stderr
    listed = run_cli("layers", "list", "--owner", "paula", "--json", env=state).stdout
    assert listed.count('"id"') == 1  # the refused uploads stored nothing


def test_unknown_owner_and_storage_limit_are_one_line_errors(state, tmp_path):
    path = tmp_path / "massnahmen.csv"
    path.write_text(CSV, encoding="utf-8")
    unknown = run_cli("layers", "upload", str(path), "--title", "x", "--owner", "nobody", env=state)
    assert unknown.returncode == 2 and "no active account 'nobody'" in unknown.stderr
    big = tmp_path / "gross.csv"
    big.write_text(CSV + "".join(f"P{n};51,48;7,21;{n}\n" for n in range(60_000)), encoding="utf-8")
    refused = _upload(state, big, env={"RUHRKARTE_LAYER_QUOTA_MB": "1"})
    assert refused.returncode == 2 and "limit per account" in refused.stderr, refused.stderr
    assert len(refused.stderr.strip().splitlines()[-1]) < 300
