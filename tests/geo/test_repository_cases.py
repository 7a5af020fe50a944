"""load_repository as `ruhrkarte serve` and every command call it: the operator's grid cell setting, and
broken data refused with the curator's one-line message (the fixture's load is credited to one test only)."""
import pytest

from geo.errors import DataError
from geo.repository import load_repository
from tests.data_edit import edit_csv


def test_the_grid_cell_setting_reaches_the_geocoder():
    repository = load_repository(grid_cell_m=250.0)  # RUHRKARTE_GRID_CELL_M=250
    assert repository.geocoder.grid.cell == 250.0 and len(repository.region.communes) == 53


def test_broken_data_is_refused_with_the_problem_and_where_it_is(data_copy):
    edit_csv(data_copy / "programmes" / "sites.csv", "id", {("iga-02", "source"): ""})
    with pytest.raises(DataError) as error:
        load_repository(data_copy)
    assert str(error.value) == "sites.csv line 47 (iga-02): source is empty"
