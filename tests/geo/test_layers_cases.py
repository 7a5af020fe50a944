"""geo/layers.py on living data in a state the committed data does not show."""
from dataclasses import replace

from geo.layers import SITE_PROPERTIES, build_layers


def test_no_site_with_a_published_position_gives_empty_point_collections(repo):
    """Before a curator has placed any site (every position unpublished), the point collections exist and
    are empty, with every property column a client may filter or sort on."""
    unplaced = tuple(s for s in repo.sites if not s.located)
    assert unplaced and len(unplaced) < len(repo.sites)
    layers = build_layers(replace(repo, sites=unplaced))
    for collection in ("sites", "fgz", "talentkolleg", "five_sites", "iga2027", "places"):
        frame = layers[collection].frame
        assert len(frame) == 0 and list(frame.columns) == ["fid", *SITE_PROPERTIES, "geometry"], collection
        assert frame.crs.to_epsg() == 25832
    assert len(layers["communes"].frame) == 53
