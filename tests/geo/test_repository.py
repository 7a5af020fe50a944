"""geo/repository.py in process: what one load reports, the data version, the message for many problems."""
from geo.manifest import write_manifest
from geo.repository import data_version, inspect_data, problems_message
from tests.data_edit import edit_csv


def test_one_problem_is_its_own_line_several_stand_under_a_count():
    assert problems_message(["sites.csv line 2 (x): source is empty"]) == "sites.csv line 2 (x): source is empty"
    assert problems_message(["a", "b"]) == "2 problems in the data:\n  a\n  b"
    many = [f"problem {n}" for n in range(1, 24)]
    assert problems_message(many) == ("23 problems in the data:\n  " + "\n  ".join(many[:20])
                                      + "\n  … and 3 more (`ruhrkarte data check` lists them all)")
    assert problems_message(many[:20]).endswith("\n  problem 20")
    assert problems_message(many, limit=2) == ("23 problems in the data:\n  problem 1\n  problem 2\n  … and 21 more "
                                               "(`ruhrkarte data check` lists them all)")


def test_the_data_version_follows_every_data_file_and_its_name(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.geojson").write_text("{}", encoding="utf-8")
    first = data_version(tmp_path)
    assert len(first) == 16 and int(first, 16) >= 0
    (tmp_path / "notes.md").write_text("not data", encoding="utf-8")
    assert data_version(tmp_path) == first  # only data files count
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    with_json = data_version(tmp_path)
    assert with_json != first
    (tmp_path / "c.json").rename(tmp_path / "d.json")  # same bytes under another name
    assert data_version(tmp_path) != with_json


def test_a_load_reports_row_problems_else_the_seal_else_gives_the_repository(data_copy):
    edit_csv(data_copy / "programmes" / "sites.csv", "id", {("iga-02", "source"): ""})
    report = inspect_data(data_copy)
    assert report.repository is None and report.problems == ["sites.csv line 47 (iga-02): source is empty"]
    assert len(report.region.communes) == 53 and len(report.programmes.sites) == 97  # as far as it could be read
    edit_csv(data_copy / "programmes" / "sites.csv", "id", {("iga-02", "source"): "Stadt Dortmund"})
    report = inspect_data(data_copy)
    assert report.repository is None and len(report.problems) == 1
    assert report.problems[0].startswith(f"{data_copy / 'programmes' / 'sites.csv'}: changed since the data was sealed")
    unsealed = inspect_data(data_copy, sealed=False).repository  # an edit being worked on
    assert unsealed is not None and next(s for s in unsealed.sites if s.id == "iga-02").source == "Stadt Dortmund"
    write_manifest(data_copy)
    repository = inspect_data(data_copy, grid_cell_m=100).repository
    assert repository.version == data_version(data_copy) and repository.geocoder.locate_lonlat([7.4652], [51.5136])[0] >= 0
    assert repository.commune_names["05913000"] == "Dortmund"
    assert repository.place_names()["05954"] == "Ennepe-Ruhr-Kreis" and repository.place_names()["05954016"] == "Hattingen"
    assert repository.commune_info()["05954016"]["district"] == "Ennepe-Ruhr-Kreis"
