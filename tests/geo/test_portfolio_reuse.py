"""The portfolios are built again only when one of their inputs changed (geo/portfolio.py keeps the
last ones): every kind of change a write can make to those inputs must give the portfolios of the
changed data, exactly as a fresh build gives them; a change to anything else gives the same ones."""
from dataclasses import replace

import pandas as pd
from geo.portfolio import _build, build_portfolios


def _with(frame: pd.DataFrame, row: int, column: str, value) -> pd.DataFrame:
    changed = frame.copy()
    changed[column] = changed[column].astype(object)
    changed.at[changed.index[row], column] = value
    return changed


def _sites_of(data, programme: str) -> int:
    return int((data.sites["programme"] == programme).to_numpy().argmax())


def test_a_change_to_any_input_gives_the_portfolios_of_the_changed_data(repo):
    data = repo.programmes
    first = build_portfolios(data, repo.region)
    communes = list(repo.region.communes["ags"])
    fgz = _sites_of(data, "fgz")
    taken = {data.sites["code_list"].iloc[fgz][0], *data.five_locations["code"]}
    elsewhere = next(code for code in communes if code not in taken)  # neither the site's nor a 5-Standorte one
    figure = int(data.funding["counted_amount"].fillna(0).to_numpy().argmax())
    changes = {
        "a site moves to another programme": replace(data, sites=_with(data.sites, fgz, "programme", "talentkolleg")),
        "a site's position becomes the commune only": replace(data, sites=_with(data.sites, fgz, "precision", "commune")),
        "a site moves to another commune": replace(data, sites=_with(data.sites, fgz, "code_list", [elsewhere])),
        "a project names another commune": replace(data, projects=_with(data.projects, 0, "code_list", [elsewhere])),
        "a granted amount changes": replace(data, funding=_with(data.funding, figure, "counted_amount",
                                                                data.funding["counted_amount"].iloc[figure] + 1000.0)),
        "a 5-Standorte location changes": replace(data, five_locations=_with(data.five_locations, 0, "code", elsewhere)),
    }
    for change, changed in changes.items():
        build_portfolios(data, repo.region)  # the committed data's portfolios are the last ones again
        got = build_portfolios(changed, repo.region)
        fresh = _build(changed, repo.region)
        assert got is not first, change
        assert not (got.communes.equals(first.communes) and got.districts.equals(first.districts)
                    and got.region == first.region), f"{change}: the change should show in the portfolios"
        pd.testing.assert_frame_equal(got.communes, fresh.communes, obj=change)
        pd.testing.assert_frame_equal(got.districts, fresh.districts, obj=change)
        assert got.region == fresh.region, change


def test_a_change_to_nothing_they_are_built_from_gives_the_same_portfolios(repo):
    data = repo.programmes
    fgz = _sites_of(data, "fgz")
    renamed = replace(data, sites=_with(data.sites, fgz, "name", "Eine umbenannte Schule"))
    first = build_portfolios(data, repo.region)
    assert build_portfolios(renamed, repo.region) is first
