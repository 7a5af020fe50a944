"""`ruhrkarte summary` and `ruhrkarte data check` as a user runs them."""
import csv
import io
import json

from tests.cli_helpers import run_cli
from tests.data_edit import edit_csv

REQUIRED = ("ags,name,district_name,population,sites_fgz,sites_talentkolleg,sites_iga2027,sites_five_sites,"
            "sites_commune_level,funding_eur,funding_per_inhabitant_eur,rank_funding_per_inhabitant").split(",")


def test_summary_all_csv_has_one_row_per_commune():
    result = run_cli("summary", "--all", "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 53
    assert set(REQUIRED) <= set(rows[0])
    hagen = next(r for r in rows if r["ags"] == "05914000")
    assert (hagen["funding_eur"], hagen["sites_fgz"], hagen["sites_commune_level"]) == ("10100000", "4", "7")


def test_summary_by_name_resolves_with_the_gazetteer():
    result = run_cli("summary", "muelheim", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["ags"] == "05117000" and report["sites"]["fgz"] == 4
    kreis = json.loads(run_cli("summary", "Kreis Unna", "--json").stdout)
    assert kreis["kind"] == "district" and kreis["communes"] == 10 and kreis["sites"]["five_sites"] == 4


def test_summary_text_mentions_the_rank():
    result = run_cli("summary", "Marl")
    assert "rank 1 of 53" in result.stdout


def test_summary_bad_input_exits_2():
    for args, message in ((("summary",), "use --all"), (("summary", "Dortmnd"), "closest matches: Dortmund"),
                          (("summary", "Essen", "--csv"), "--csv goes with --all")):
        result = run_cli(*args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_data_check_passes_on_committed_data():
    result = run_cli("data", "check")
    assert result.returncode == 0, result.stdout
    assert "FGZ identification: {'confirmed': 31, 'probable': 8, 'possible': 1}" in result.stdout
    assert "OK: no problems" in result.stdout


def test_data_check_reports_every_problem(data_copy):
    edit_csv(data_copy / "programmes" / "sites.csv", "id", {("tk-4", "lat"): "95", ("iga-02", "source"): ""})
    result = run_cli("data", "check", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert result.returncode == 1
    assert "PROBLEMS: 2" in result.stdout
    assert "(tk-4): bad coordinate: latitude out of range" in result.stdout
    assert "(iga-02): source is empty" in result.stdout


def test_broken_programme_data_stops_other_commands(data_copy):
    edit_csv(data_copy / "programmes" / "funding.csv", "figure_id", {("F004", "amount_eur"): "viel"})
    result = run_cli("communes", env={"RUHRKARTE_DATA_DIR": str(data_copy)})
    assert result.returncode == 1 and "(F004): amount_eur 'viel'" in result.stderr
