"""The data version behind every ETag (geo/repository.py), and what a clean load reports."""
from geo.repository import data_version, inspect_data


def test_editing_a_csv_or_a_geojson_file_gives_a_new_data_version(tmp_path):
    """A curator's edit of sites.csv or of a boundary file must give new ETags, as an edit of a JSON file does."""
    (tmp_path / "sites.csv").write_text("id,name\nfgz-1,Schule\n", encoding="utf-8")
    (tmp_path / "communes.geojson").write_text('{"features": []}', encoding="utf-8")
    first = data_version(tmp_path)
    (tmp_path / "sites.csv").write_text("id,name\nfgz-1,Grundschule\n", encoding="utf-8")
    after_csv = data_version(tmp_path)
    assert after_csv != first
    (tmp_path / "communes.geojson").write_text('{"features": [{}]}', encoding="utf-8")
    assert data_version(tmp_path) not in (first, after_csv)


def test_the_committed_data_loads_clean():
    """What `ruhrkarte data check` reports for the committed data: no problems, and the repository."""
    report = inspect_data()
    assert report.problems == [] and report.repository is not None
    assert report.repository.region is report.region and report.repository.programmes is report.programmes
