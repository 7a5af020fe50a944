"""The area layers (communes, districts, 5-Standorte, portfolio) are built again only when their
inputs changed (geo/layers.py keeps the last ones): a changed input must give the layers a fresh
build gives, an unrelated change the same frames."""
from dataclasses import replace

import pandas as pd

from geo.layers import _communes_frame, _districts_frame, _five_locations_frame, _portfolio_frame, build_layers
from geo.portfolio import build_portfolios


def _with(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    changed = frame.copy()
    changed[column] = changed[column].astype(object)
    changed.at[changed.index[row], column] = value
    return changed


def _repo_with(repo, **frames):
    """The repository as the living data builds it after a write that changed these frames."""
    programmes = replace(repo.programmes, **frames)
    return replace(repo, programmes=programmes, portfolios=build_portfolios(programmes, repo.region))


def _fresh(repo) -> dict[str, pd.DataFrame]:
    communes = _communes_frame(repo)
    return {"communes": communes, "districts": _districts_frame(repo), "five_locations": _five_locations_frame(repo),
            "portfolio": _portfolio_frame(repo, communes)}


def test_a_change_to_any_input_gives_the_area_layers_of_the_changed_data(repo):
    data = repo.programmes
    first = build_layers(repo)
    fgz = int((data.sites["programme"] == "fgz").to_numpy().argmax())
    elsewhere = next(a for a in repo.region.communes["ags"]
                     if a not in {data.sites["code_list"].iloc[fgz][0], *data.five_locations["code"]})
    total = int((data.funding["figure_id"] == "p12-7").to_numpy().argmax())
    changes = {
        "a site moves to another commune (portfolio, districts)": {"sites": _with(data.sites, fgz, "code_list", [elsewhere])},
        "a 5-Standorte location changes": {"five_locations": _with(data.five_locations, 0, "code", elsewhere)},
        "a 5-Standorte location is renamed": {"five_locations": _with(data.five_locations, 0, "location", "Neuer Name")},
        "the programme total of the 5-Standorte changes": {
            "funding": _with(data.funding, total, "amount", data.funding["amount"].iloc[total] + 1.0)},
    }
    for change, frames in changes.items():
        build_layers(_repo_with(repo))  # the committed data's portfolios and layers are the last ones again
        changed = _repo_with(repo, **frames)
        got = build_layers(changed)
        fresh = _fresh(changed)
        assert any(not got[name].frame.equals(first[name].frame) for name in fresh), f"{change}: nothing changed"
        for name, frame in fresh.items():
            pd.testing.assert_frame_equal(got[name].frame, frame, obj=f"{change}: {name}")


def test_a_renamed_site_keeps_the_area_layers(repo):
    fgz = int((repo.programmes.sites["programme"] == "fgz").to_numpy().argmax())
    first = build_layers(_repo_with(repo))  # the committed data, built as the living data builds it
    renamed = build_layers(_repo_with(repo, sites=_with(repo.programmes.sites, fgz, "name", "Eine umbenannte Schule")))
    assert all(renamed[name].frame is first[name].frame for name in ("communes", "districts", "five_locations", "portfolio"))
