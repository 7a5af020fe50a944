"""A Kreis-level unit left without any site (an edition that drops Kreis Wesel's one site, the IGA 2027
garden in Kamp-Lintfort) still has its row, with 0 in every site column, as a commune without sites has."""
import pytest

from geo.portfolio import build_portfolios
from geo.programme_data import FOLDER, read_programme_frames, validate_programme_frames
from geo.settings import COMMITTED_DATA

WESEL = "05170"


@pytest.fixture
def without_wesel_sites(repo):
    frames = read_programme_frames(COMMITTED_DATA / FOLDER)
    sites = frames["sites.csv"]
    in_wesel = sites["communes"].map(lambda codes: any(code.startswith(WESEL) for code in codes.split(";")))
    assert in_wesel.sum() == 1
    frames["sites.csv"] = sites[~in_wesel].reset_index(drop=True)
    programmes, problems = validate_programme_frames(frames, repo.region, repo.geocoder)
    assert problems == []
    return build_portfolios(programmes, repo.region)


def test_a_kreis_without_any_site_counts_zero_sites(repo, without_wesel_sites):
    districts = without_wesel_sites.districts
    site_columns = [*without_wesel_sites.site_columns, "sites_commune_level", "sites_total"]
    assert districts.loc[WESEL, site_columns].tolist() == [0] * len(site_columns)
    assert all(str(districts[column].dtype) == "int64" for column in site_columns)
    assert len(districts) == 15 and districts["sites_total"].sum() == repo.portfolios.districts["sites_total"].sum() - 1
