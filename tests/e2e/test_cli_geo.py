"""The command line as a user runs it: output, exit codes, messages instead of tracebacks."""
import json

import pytest

from tests.cli_helpers import run_cli, run_json


def test_communes_lists_all_53_with_figures():
    communes = run_json("communes")
    assert len(communes) == 53
    essen = next(c for c in communes if c["ags"] == "05113000")
    assert essen == {"ags": "05113000", "name": "Essen", "district_code": "05113", "district": "Essen",
                     "population": 586608, "area_km2": 210.34}


def test_communes_table_is_readable():
    result = run_cli("communes")
    assert result.returncode == 0
    assert "Mülheim an der Ruhr" in result.stdout and "Kreis Unna" in result.stdout


def test_locate_inside():
    result = run_cli("locate", "51.540694", "7.412167", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"ags": "05913000", "name": "Dortmund", "district": "Dortmund"}
    assert run_cli("locate", "51.5963", "7.2988").stdout.startswith("Castrop-Rauxel (AGS 05562004")


def test_locate_outside_exits_1():
    result = run_cli("locate", "51.2262", "6.7725", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"ags": None, "name": None, "district": None}
    assert "outside the Ruhr area" in run_cli("locate", "51.2262", "6.7725").stdout


@pytest.mark.parametrize("args, message", [
    (("locate", "95", "7"), "latitude out of range"),
    (("locate", "abc", "7"), "latitude 'abc' is not a number"),
    (("locate", "51.5", "nan"), "longitude 'nan' is not a number"),
    (("locate", "51.5"), "required"),
    (("nonsense",), "invalid choice"),
])
def test_bad_input_exits_2_without_traceback(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_data_stops_with_message(data_copy):
    (data_copy / "boundaries" / "communes.geojson").unlink()
    result = run_cli("communes", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    assert "data error" in result.stderr and "boundary file missing" in result.stderr
    assert "Traceback" not in result.stderr
