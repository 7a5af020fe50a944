"""Every check of geo/programme_data.py with the exact entry a data maintainer reads (file, line, id, message).

The committed edition is read once; each case edits an in-memory copy the way a careless
contributor might and validates it (no disk copies: fast enough to run under mutation testing).
"""
import math

import pytest

from geo.errors import DataError
from geo.programme_checks import FILES, check_rows, rows_of
from geo.programme_data import FOLDER, REQUIRED_COLUMNS, Problems, read_programme_frames, validate_programme_frames
from geo.settings import COMMITTED_DATA

KEYS = {"programmes.csv": "id", "sites.csv": "id", "five_locations.csv": "location", "projects.csv": "project_id",
        "funding.csv": "figure_id"}


@pytest.fixture(scope="module")
def frames():
    return read_programme_frames(COMMITTED_DATA / FOLDER)


def _edited(frames, file, changes):
    """A copy of the frames with {(row id, column): value} set in `file`."""
    edited = {name: frame.copy() for name, frame in frames.items()}
    frame = edited[file]
    for (key, column), value in changes.items():
        rows = frame.index[frame[KEYS[file]] == key]
        assert len(rows) == 1, key
        frame.loc[rows[0], column] = value
    return edited


def _problems(repo, frames, file, changes):
    problems = Problems()
    validate_programme_frames(_edited(frames, file, changes), repo.region, repo.geocoder, strict=False, problems=problems)
    return problems


def test_the_committed_edition_has_no_problem(repo, frames):
    data, problems = validate_programme_frames(frames, repo.region, repo.geocoder)
    assert problems == []
    assert list(data.registry.ids) == ["fgz", "talentkolleg", "iga2027", "five_sites", "places"]
    assert data.programmes.loc["iga2027", "id"] == "iga2027"


def _line(frames, file, key):
    frame = frames[file]
    return int(frame.loc[frame[KEYS[file]] == key, "line"].iloc[0])


CASES = [
    # sites.csv
    ("sites.csv", {("fgz-05911000-2", "id"): ""}, "", "id is empty"),
    ("sites.csv", {("fgz-05911000-2", "name"): "   "}, "fgz-05911000-2", "name is empty"),
    ("sites.csv", {("tk-1", "programme"): "talentcollege"}, "tk-1",
     "programme 'talentcollege' is not one of fgz, five_sites, iga2027, places, talentkolleg"),
    ("sites.csv", {("tk-4", "status"): "closed"}, "tk-4", "status 'closed' is not one of active, planned, phase-out"),
    ("sites.csv", {("tk-4", "identification"): "sure"}, "tk-4",
     "identification 'sure' is not one of confirmed, probable, possible"),
    ("sites.csv", {("fgz-05911000-3", "identification"): ""}, "fgz-05911000-3",
     "a Familiengrundschulzentrum needs its identification level"),
    ("sites.csv", {("iga-08", "communes"): "05913000;0591300"}, "iga-08",
     "unknown commune or district code '0591300' in communes"),
    ("sites.csv", {("ort-01", "report_line"): "20f"}, "ort-01", "report_line '20f' is not a line number"),
    ("sites.csv", {("fgz-05911000-1", "lat"): "51.49", ("fgz-05911000-1", "lon"): "inf"}, "fgz-05911000-1",
     "bad coordinate: longitude missing or not a number (lat '51.49', lon 'inf')"),
    ("sites.csv", {("fgz-05911000-1", "lat"): "91", ("fgz-05911000-1", "lon"): "7.31"}, "fgz-05911000-1",
     "bad coordinate: latitude out of range (-90 to 90) (lat '91', lon '7.31')"),
    ("sites.csv", {("fgz-05911000-1", "lat"): "51.2262", ("fgz-05911000-1", "lon"): "6.7725"}, "fgz-05911000-1",
     "point (51.2262, 6.7725) lies outside the Ruhr area"),
    ("sites.csv", {("fgz-05911000-1", "lat"): "51.540694", ("fgz-05911000-1", "lon"): "7.412167"}, "fgz-05911000-1",
     "point lies in Dortmund (05913000) but the row declares 05911000"),
    ("sites.csv", {("tk-1", "lon"): "7.22"}, "tk-1", "precision 'commune' must not carry coordinates (position unknown)"),
    # programmes.csv
    ("programmes.csv", {("places", "colour"): "#66a61"}, "places", "colour '#66a61' is not a colour like #1b9e77"),
    ("programmes.csv", {("places", "order"): "5."}, "places", "order '5.' is not a whole number"),
    ("programmes.csv", {("fgz", "report_page"): "S. 67"}, "fgz", "report_page 'S. 67' is not a page number"),
    ("programmes.csv", {("fgz", "source"): ""}, "fgz", "source is empty"),
    # five_locations.csv
    ("five_locations.csv", {("Hamm", "code"): "05959"}, "Hamm", "unknown commune or district code '05959' in code"),
    ("five_locations.csv", {("Hamm", "source"): " "}, "Hamm", "source is empty"),
    # projects.csv
    ("projects.csv", {("13-02", "project_id"): "13-01"}, "13-01", "duplicate project_id"),
    ("projects.csv", {("13-02", "title"): ""}, "13-02", "title is empty"),
    ("projects.csv", {("13-02", "communes"): "05913000;ruhr"}, "13-02", "unknown commune or district code 'ruhr' in communes"),
    ("projects.csv", {("13-01", "communes_caption"): "05119000;05913000"}, "13-01",
     "communes_caption names a commune missing from communes"),
    # funding.csv
    ("funding.csv", {("F004", "figure_id"): "F001"}, "F001", "duplicate figure_id"),
    ("funding.csv", {("F004", "title"): ""}, "F004", "title is empty"),
    ("funding.csv", {("F003", "period_de"): ""}, "F003", "period_de (German period for the pages) is empty"),
    # a period stated only in German would be summed with the figures that state none (the planners' table)
    ("funding.csv", {("F008", "period_de"): "Frühjahr 2021"}, "F008",
     "period (English period, by which figures are summed) is empty"),
    ("funding.csv", {("F004", "project_id"): "IHK9"}, "F004", "unknown project_id 'IHK9'"),
    ("funding.csv", {("F003", "part_of"): "F02"}, "F003", "part_of names unknown figure 'F02'"),
    ("funding.csv", {("F008", "scope"): "0511200"}, "F008", "unknown commune or district code '0511200' in scope"),
    ("funding.csv", {("F008", "measure"): "sum"}, "F008", "measure 'sum' is not one of total, rate"),
    ("funding.csv", {("F008", "shared"): "no"}, "F008", "shared 'no' is not one of true, false"),
    ("funding.csv", {("F008", "programme_total"): "yes"}, "F008", "programme_total 'yes' is not one of true, false"),
    ("funding.csv", {("F002", "programme"): "iga"}, "F002",
     "programme 'iga' is not one of fgz, five_sites, iga2027, places, talentkolleg"),
    ("funding.csv", {("F008", "kind"): "loan"}, "F008", "kind 'loan' is not one of grant, own_share, usable, total_budget"),
    ("funding.csv", {("F004", "host"): "05915"}, "F004",
     "host '05915' must be the AGS of the commune that hosts a Ruhr-, NRW- or Germany-wide project"),
    ("funding.csv", {("F008", "host"): "05112000"}, "F008",
     "host '05112000' must be the AGS of the commune that hosts a Ruhr-, NRW- or Germany-wide project"),
    ("funding.csv", {("F017", "funder"): "commune;Land"}, "F017", "an own share (kind own_share) must have funder 'commune'"),
    ("funding.csv", {("F008", "qualifier_de"): ""}, "F008", "qualifier_de (the report's German qualifier) is empty"),
    ("funding.csv", {("F008", "report_line"): ""}, "F008", "report_line '' is not a line number"),
    ("funding.csv", {("F008", "amount_eur"): "0"}, "F008", "amount_eur '0' is not a positive number"),
    ("funding.csv", {("F008", "amount_eur"): "nan"}, "F008", "amount_eur 'nan' is not a positive number"),
    ("funding.csv", {("F008", "probable_amount_eur"): "-5"}, "F008", "probable_amount_eur '-5' is not a positive number"),
    ("funding.csv", {("F008", "probable_amount_eur"): "0"}, "F008", "probable_amount_eur '0' is not a positive number"),
    ("funding.csv", {("F008", "funder"): "EU;Stadt"}, "F008",
     "funder 'EU;Stadt': each must be one of EU, Land, Bund, commune, other, unspecified"),
    ("funding.csv", {("F008", "funder"): ""}, "F008",
     "funder '': each must be one of EU, Land, Bund, commune, other, unspecified"),
    ("funding.csv", {("F008", "scope"): ""}, "F008", "scope is empty"),
    ("funding.csv", {("F006", "shared"): "false"}, "F006", "shared=false but the figure names 2 place(s)"),
    ("funding.csv", {("F008", "scope_outside_ruhr"): "Düsseldorf"}, "F008", "shared=false but the figure names 2 place(s)"),
]


@pytest.mark.parametrize("file, changes, key, message", CASES)
def test_each_broken_cell_is_named_with_file_line_and_id(repo, frames, file, changes, key, message):
    edited_key = next(iter(changes))[0]
    problems = _problems(repo, frames, file, changes)
    assert problems.entries == [(file, _line(frames, file, edited_key), key, message)]
    assert problems.items == [f"{file} line {_line(frames, file, edited_key)} ({key or 'no id'}): {message}"]


@pytest.mark.parametrize("file, changes", [
    ("projects.csv", {("13-02", "project_id"): "", ("13-03", "project_id"): ""}),  # projects without a number
    ("funding.csv", {("F008", "probable_amount_eur"): ""}),  # no probable amount
    ("funding.csv", {("F008", "scope"): "", ("F008", "scope_outside_ruhr"): "Düsseldorf"}),  # only outside the Ruhr
    ("funding.csv", {("F008", "qualifier"): "exact (genau)", ("F008", "qualifier_de"): ""}),  # exact needs no words
    ("sites.csv", {("tk-4", "identification"): ""}),  # only Familiengrundschulzentren state their level
    ("sites.csv", {("ort-01", "report_line"): ""}),  # a site the report does not list
    # a point in Unna, in the Kreis the row declares (Kreis Unna 05978)
    ("sites.csv", {("fgz-05911000-1", "communes"): "05978", ("fgz-05911000-1", "lat"): "51.5347",
                   ("fgz-05911000-1", "lon"): "7.6889"}),
    ("funding.csv", {("F008", "scope"): "ruhr;05112000", ("F008", "shared"): "true"}),  # a wide scope is a known code
    # a rate in cents (50 cents per grant, probably 25): amounts below one euro are positive amounts
    ("funding.csv", {("F054", "amount_eur"): "0.5", ("F054", "probable_amount_eur"): "0.25"}),
])
def test_what_the_rules_allow(repo, frames, file, changes):
    assert _problems(repo, frames, file, changes).entries == []


def test_a_programme_id_that_cannot_name_urls(repo, frames):
    problems = _problems(repo, frames, "programmes.csv", {("places", "id"): "Weitere_Orte"})
    assert [entry for entry in problems.entries if entry[0] == "programmes.csv"] == [
        ("programmes.csv", 6, "Weitere_Orte", "id must be lower-case letters, digits and '_' (it names URLs and columns)")]


def test_a_point_in_another_kreis_names_what_the_row_declares(repo, frames):
    problems = _problems(repo, frames, "sites.csv", {("fgz-05911000-1", "communes"): "05978;05913000"})
    assert problems.entries == [("sites.csv", 2, "fgz-05911000-1",
                                 "point lies in Bochum (05911000) but the row declares 05978, 05913000")]
    problems = _problems(repo, frames, "sites.csv", {("fgz-05911000-1", "communes"): ""})
    assert problems.entries == [("sites.csv", 2, "fgz-05911000-1", "communes is empty"),
                                ("sites.csv", 2, "fgz-05911000-1", "point lies in Bochum (05911000) but the row declares no commune")]


def test_every_problem_is_counted_and_the_first_twenty_are_listed(repo, frames):
    sites = frames["sites.csv"]
    bad = {(key, "report_line"): "S. 1" for key in sites["id"].iloc[:23]}
    edited = _edited(frames, "sites.csv", bad)
    with pytest.raises(DataError) as error:
        validate_programme_frames(edited, repo.region, repo.geocoder)
    lines = str(error.value).split("\n")
    assert lines[0] == "23 problem(s) in the programme data:"
    assert lines[1] == f"  sites.csv line 2 ({sites['id'].iloc[0]}): report_line 'S. 1' is not a line number"
    assert lines[20] == f"  sites.csv line 21 ({sites['id'].iloc[19]}): report_line 'S. 1' is not a line number"
    assert lines[21:] == ["  … and 3 more"]
    data, items = validate_programme_frames(edited, repo.region, repo.geocoder, strict=False)
    assert len(items) == 23 and len(data.sites) == len(sites)


def test_exactly_twenty_problems_are_all_listed(repo, frames):
    bad = {(key, "report_line"): "S. 1" for key in frames["sites.csv"]["id"].iloc[:20]}
    with pytest.raises(DataError) as error:
        validate_programme_frames(_edited(frames, "sites.csv", bad), repo.region, repo.geocoder)
    lines = str(error.value).split("\n")
    assert lines[0] == "20 problem(s) in the programme data:" and len(lines) == 21 and "more" not in lines[-1]


def test_amounts_and_points_as_the_pages_use_them(repo, frames):
    data, _ = validate_programme_frames(frames, repo.region, repo.geocoder)
    funding = data.funding.set_index("figure_id")
    assert funding.loc["F022", "amount"] == 6325000 and funding.loc["F022", "counted_amount"] == 632500
    assert funding.loc["F023", "counted_amount"] == 126500  # no probable amount: the amount counts
    assert funding.loc["F027", "scope_list"] == ["05562", "05911000", "05916000", "05513000", "05512000", "05119000",
                                                 "05117000", "05112000"]
    sites = data.sites.set_index("id")
    school = sites.loc["fgz-05911000-1"]
    assert (school["ags"], school["lat"], school["lon"]) == ("05911000", 51.490489, 7.310362)
    assert 360_000 < school["x"] < 400_000 and 5_700_000 < school["y"] < 5_720_000  # UTM 32N metres in Bochum
    projects = data.projects.set_index("line")
    assert projects.loc[2, "code_list"] == ["05170024", "05170020", "05170028", "05119000"]  # 13-01, its four communes
    unknown = sites.loc["tk-1"]
    assert unknown["ags"] == "" and all(math.isnan(unknown[c]) for c in ("lat", "lon", "x", "y"))
    assert frames["sites.csv"].columns.tolist()[-1] == "line"  # the input frames are left as they were
    assert "ags" not in frames["sites.csv"].columns and "amount" not in frames["funding.csv"].columns


def test_without_strict_a_broken_programme_row_is_left_out_of_the_registry(repo, frames):
    edited = _edited(frames, "programmes.csv", {("places", "order"): "fünf", ("talentkolleg", "id"): "Talent"})
    data, items = validate_programme_frames(edited, repo.region, repo.geocoder, strict=False)
    assert list(data.registry.ids) == ["fgz", "iga2027", "five_sites"]
    assert len(items) > 2  # the sites of the renamed programme are reported too


def test_twenty_one_problems_list_twenty_and_count_the_last(repo, frames):
    sites = frames["sites.csv"]
    bad = {(key, "report_line"): "S. 1" for key in sites["id"].iloc[:21]}
    with pytest.raises(DataError) as error:
        validate_programme_frames(_edited(frames, "sites.csv", bad), repo.region, repo.geocoder)
    assert str(error.value).split("\n")[-1] == "  … and 1 more"
    bad = {(key, "report_line"): "S. 1" for key in sites["id"].iloc[:20]}
    with pytest.raises(DataError) as error:
        validate_programme_frames(_edited(frames, "sites.csv", bad), repo.region, repo.geocoder)
    assert str(error.value).endswith(f"  sites.csv line 21 ({sites['id'].iloc[19]}): report_line 'S. 1' is not a line number")


def test_an_infinite_amount_is_not_a_positive_number(repo, frames):
    problems = _problems(repo, frames, "funding.csv", {("F008", "amount_eur"): "inf"})
    assert problems.entries == [("funding.csv", 18, "F008", "amount_eur 'inf' is not a positive number")]


def test_an_empty_precision_is_not_one_of_the_precisions(repo, frames):
    problems = _problems(repo, frames, "sites.csv", {("fgz-05911000-1", "precision"): ""})
    assert problems.entries == [("sites.csv", 2, "fgz-05911000-1", "precision '' is not one of address, landmark, commune")]


def test_an_edition_without_any_published_point(repo, frames):
    edited = {name: frame.copy() for name, frame in frames.items()}
    sites = edited["sites.csv"]
    sites["precision"], sites["lat"], sites["lon"] = "commune", "", ""  # e.g. before the coordinates are researched
    data, problems = validate_programme_frames(edited, repo.region, repo.geocoder, strict=False)
    assert problems == [] and (data.sites["ags"] == "").all() and data.sites["x"].isna().all()


def test_a_programme_id_used_twice(repo, frames):
    problems = _problems(repo, frames, "programmes.csv", {("talentkolleg", "id"): "fgz"})
    assert [entry for entry in problems.entries if entry[0] == "programmes.csv"] == [
        ("programmes.csv", 3, "fgz", "duplicate id")]


def test_a_colour_in_capitals_from_a_design_tool(repo, frames):
    assert _problems(repo, frames, "programmes.csv", {("fgz", "colour"): "#1B9E77"}).entries == []


def test_a_stores_rows_are_checked_by_the_same_rules_and_numbered_as_lines_of_the_file(repo, frames):
    # The living data keeps each row as a dict of text cells in edition order (store/validation.py);
    # the rules read them as rows numbered from the file's first data line, so a problem names the
    # line the row has in an exported file.
    cells = {name: frames[name].drop(columns="line").to_dict("records") for name in FILES}
    position = next(i for i, row in enumerate(cells["funding.csv"]) if row["figure_id"] == "F008")
    cells["funding.csv"][position]["amount_eur"] = "0"
    rows = {name: rows_of(REQUIRED_COLUMNS[name], cells[name], first_line=2) for name in FILES}
    assert [row.line for row in rows["programmes.csv"]] == list(range(2, 2 + len(frames["programmes.csv"])))
    problems = Problems()
    points = check_rows(rows, repo.region, repo.geocoder, problems)
    assert problems.entries == [("funding.csv", 18, "F008", "amount_eur '0' is not a positive number")]
    sites = frames["sites.csv"]
    school = int(sites.index[sites["id"] == "fgz-05911000-1"][0])
    assert points.ags[school] == "05911000" and (points.lat[school], points.lon[school]) == (51.490489, 7.310362)


def test_a_change_to_one_of_the_five_locations_is_checked_alone(repo, frames):
    # The living data checks a write with only the rows its rules reach (store/validation.py): a
    # five-locations row names communes only, so it is checked with every other file empty.
    rows = {name: [] for name in FILES}
    hamm = [row for row in frames["five_locations.csv"].drop(columns="line").to_dict("records") if row["location"] == "Hamm"]
    rows["five_locations.csv"] = rows_of(REQUIRED_COLUMNS["five_locations.csv"], hamm, first_line=4)
    problems = Problems()
    points = check_rows(rows, repo.region, repo.geocoder, problems)
    assert problems.entries == [] and points.ags == [] and len(points.lon) == len(points.lat) == 0
    hamm[0]["code"] = "05959"  # a typo in Hamm's code: no commune or district has it
    check_rows(rows | {"five_locations.csv": rows_of(REQUIRED_COLUMNS["five_locations.csv"], hamm, 4)},
               repo.region, repo.geocoder, problems)
    assert problems.entries == [("five_locations.csv", 4, "Hamm", "unknown commune or district code '05959' in code")]


def test_an_edition_without_five_locations_is_valid(repo, frames):
    # The living data may hold no row of a file, e.g. once the last of the five locations is deleted
    # (store/dataset.py then gives an empty frame): nothing names them, so the rest stays valid.
    edited = {name: frame.copy() for name, frame in frames.items()}
    edited["five_locations.csv"] = edited["five_locations.csv"].iloc[:0]
    data, problems = validate_programme_frames(edited, repo.region, repo.geocoder)
    assert problems == [] and data.five_locations.empty and list(data.registry.ids)[0] == "fgz"


def test_an_edition_with_a_site_filtered_out_keeps_every_other_site_in_its_commune(repo, frames):
    # A site withdrawn from a programme, its row dropped with pandas: the frame keeps the other rows'
    # labels (a gap), and every remaining site still gets its own commune and position.
    edited = {name: frame.copy() for name, frame in frames.items()}
    sites = edited["sites.csv"]
    edited["sites.csv"] = sites[sites["id"] != "fgz-05911000-1"]
    data, problems = validate_programme_frames(edited, repo.region, repo.geocoder)
    placed = data.sites.set_index("id")
    assert problems == [] and "fgz-05911000-1" not in placed.index and len(placed) == len(sites) - 1
    assert placed.loc["fgz-05911000-2", "ags"] == "05911000" and placed.loc["tk-1", "ags"] == ""
    assert placed["ags"].notna().all()
    assert (placed["ags"] != "").sum() == (frames["sites.csv"]["precision"] != "commune").sum() - 1


def test_an_edition_without_any_row_is_valid_and_has_no_programme(repo, frames):
    # Every row of the living data hidden (store/dataset.py then gives empty frames): no problem, no programme.
    empty = {name: frame.iloc[:0] for name, frame in frames.items()}
    data, problems = validate_programme_frames(empty, repo.region, repo.geocoder)
    assert problems == [] and list(data.registry.ids) == [] and data.sites.empty
