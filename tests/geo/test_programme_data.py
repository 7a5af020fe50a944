"""The programme data set: the counts the report states, sources everywhere, points in their communes."""
from collections import Counter

import pytest
import shapely

from geo.boundaries import load_region
from geo.errors import DataError
from geo.geocoder import Geocoder
from geo.programme_data import load_programme_data
from tests.data_edit import edit_csv


def test_forty_fgz_in_twelve_communes_with_the_reported_split(repo):
    fgz = repo.programmes.sites[repo.programmes.sites["programme"] == "fgz"]
    assert len(fgz) == 40
    per_commune = Counter(code for codes in fgz["code_list"] for code in codes)
    assert len(per_commune) == 12
    assert sorted(per_commune.values(), reverse=True) == [4] * 8 + [2] * 4


def test_fgz_identification_levels_and_register_coordinates(repo):
    fgz = repo.programmes.sites[repo.programmes.sites["programme"] == "fgz"]
    assert Counter(fgz["identification"]) == {"confirmed": 31, "probable": 8, "possible": 1}
    assert (fgz["precision"] == "address").sum() == 39
    unknown = fgz[fgz["precision"] == "commune"]
    assert len(unknown) == 1 and unknown["lat"].isna().all() and unknown["code_list"].iloc[0] == ["05513000"]


def test_talentkolleg_iga_and_five_locations(repo):
    sites = repo.programmes.sites
    talent = sites[sites["programme"] == "talentkolleg"]
    assert sorted(c for codes in talent["code_list"] for c in codes) == ["05119000", "05513000", "05914000", "05916000"]
    iga = sites[sites["programme"] == "iga2027"]
    assert iga["level"].str.match(r"^Zukunftsgarten( \(intermunicipal\))?$").sum() == 5
    five = repo.programmes.five_locations
    assert sorted(five["code"]) == ["05112000", "05513000", "05915000", "05916000", "05978"]
    assert repo.portfolios.communes["five_sites_member"].sum() == 14


def test_every_row_has_a_source(repo):
    data = repo.programmes
    for frame in (data.programmes, data.sites, data.five_locations, data.projects, data.funding):
        assert (frame["source"].str.strip() != "").all()


def test_every_point_lies_in_its_commune_by_plain_shapely(repo):
    sites = repo.programmes.sites.dropna(subset=["x"])
    polygons = repo.region.communes.set_index("ags").geometry
    for site in sites.itertuples():
        containing = [ags for ags, polygon in polygons.items() if shapely.contains_xy(polygon, site.x, site.y)]
        assert containing == [site.ags], site.id
        assert site.ags in site.code_list or site.ags[:5] in site.code_list


def test_commune_level_sites_have_no_point(repo):
    sites = repo.programmes.sites
    unknown = sites[sites["precision"] == "commune"]
    assert len(unknown) == 40  # 29 programme sites and 11 further project places
    assert unknown[["x", "y", "lat", "lon"]].isna().all().all()
    assert (unknown["ags"] == "").all()


def _load(data_dir):
    region = load_region(data_dir)
    return load_programme_data(data_dir, region, Geocoder(region.communes))


BROKEN_ROWS = [
    ("sites.csv", "id", {("fgz-05911000-1", "lat"): "abc"},
     r"sites.csv line 2 \(fgz-05911000-1\): bad coordinate: latitude missing or not a number"),
    # A Bochum school moved onto Kokerei Hansa in Dortmund.
    ("sites.csv", "id", {("fgz-05911000-1", "lat"): "51.540694", ("fgz-05911000-1", "lon"): "7.412167"},
     r"\(fgz-05911000-1\): point lies in Dortmund \(05913000\) but the row declares 05911000"),
    ("sites.csv", "id", {("fgz-05911000-1", "lat"): "51.2262", ("fgz-05911000-1", "lon"): "6.7725"},
     r"\(fgz-05911000-1\): point \(51.2262, 6.7725\) lies outside the Ruhr area"),
    ("sites.csv", "id", {("fgz-05911000-2", "id"): "fgz-05911000-1"}, r"\(fgz-05911000-1\): duplicate id"),
    ("sites.csv", "id", {("tk-1", "programme"): "talentcollege"}, r"\(tk-1\): programme 'talentcollege' is not one of"),
    ("sites.csv", "id", {("tk-4", "precision"): "exact"},
     r"\(tk-4\): precision 'exact' is not one of address, landmark, commune"),
    ("sites.csv", "id", {("iga-02", "source"): ""}, r"\(iga-02\): source is empty"),
    # A made-up point for a site whose position is not published.
    ("sites.csv", "id", {("tk-1", "lat"): "51.54", ("tk-1", "lon"): "7.22"},
     r"\(tk-1\): precision 'commune' must not carry coordinates"),
    ("sites.csv", "id", {("iga-08", "communes"): "05111000"}, r"\(iga-08\): unknown commune or district code '05111000'"),
    ("funding.csv", "figure_id", {("F004", "amount_eur"): "985.000 Euro"},
     r"\(F004\): amount_eur '985.000 Euro' is not a positive number"),
    ("funding.csv", "figure_id", {("F004", "shared"): "true"}, r"\(F004\): shared=true but the figure names 1 place"),
    ("funding.csv", "figure_id", {("F004", "funder"): "Stiftung"}, r"\(F004\): funder 'Stiftung'"),
    ("funding.csv", "figure_id", {("F016", "part_of"): "F999"}, r"\(F016\): part_of names unknown figure 'F999'"),
    ("funding.csv", "figure_id", {("F053", "kind"): "promised"}, r"\(F053\): kind 'promised' is not one of grant, own_share"),
    ("funding.csv", "figure_id", {("F017", "funder"): "Land"}, r"\(F017\): an own share \(kind own_share\) must have funder 'commune'"),
    ("funding.csv", "figure_id", {("F004", "scope"): "05915000"}, r"\(F004\): host '05915000' must be the AGS of the commune that hosts"),
    ("funding.csv", "figure_id", {("p12-0", "qualifier_de"): ""}, r"\(p12-0\): qualifier_de \(the report's German qualifier\) is empty"),
    ("funding.csv", "figure_id", {("F004", "report_line"): "S. 80"}, r"\(F004\): report_line 'S. 80' is not a line number"),
    ("programmes.csv", "id", {("places", "colour"): "green"}, r"\(places\): colour 'green' is not a colour"),
    ("programmes.csv", "id", {("places", "order"): "fifth"}, r"\(places\): order 'fifth' is not a whole number"),
    ("programmes.csv", "id", {("places", "id"): "Weitere Orte"}, r"\(Weitere Orte\): id must be lower-case letters"),
    ("projects.csv", "project_id", {("13-01", "communes_caption"): "05913000"},
     r"\(13-01\): communes_caption names a commune missing from communes"),
    ("sites.csv", "id", {("ort-01", "report_line"): "Seite 20"}, r"\(ort-01\): report_line 'Seite 20' is not a line number"),
    # digits only as written in the report: not a superscript, a fraction or another script's digit
    ("sites.csv", "id", {("ort-01", "report_line"): "²"}, r"\(ort-01\): report_line '²' is not a line number"),
    ("sites.csv", "id", {("ort-01", "report_line"): "½"}, r"\(ort-01\): report_line '½' is not a line number"),
    ("funding.csv", "figure_id", {("F004", "report_line"): "٣"}, r"\(F004\): report_line '٣' is not a line number"),
    ("programmes.csv", "id", {("places", "order"): "²"}, r"\(places\): order '²' is not a whole number"),
]


@pytest.mark.parametrize("file, key, changes, message", BROKEN_ROWS)
def test_broken_rows_are_rejected_by_name(data_copy, file, key, changes, message):
    edit_csv(data_copy / "programmes" / file, key, changes)
    with pytest.raises(DataError, match=message):
        _load(data_copy)
