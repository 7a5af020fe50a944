"""Planners' polygons as digitising tools leave them: repaired to their area, never to a line."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.overlay import repair_polygons

# EPSG:25832 metres in Bochum's city centre
X0, Y0 = 377_000.0, 5_706_000.0


def test_a_parcel_drawn_with_a_spike_keeps_its_area_and_loses_the_spike():
    # The outline runs 50 m out along the top edge and back again (a vertex clicked twice): GEOS
    # repairs it to a polygon plus a dangling line; the layer keeps the polygon, whole.
    spiked = shapely.Polygon([(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100), (X0 + 150, Y0 + 100),
                              (X0 + 100, Y0 + 100), (X0, Y0 + 100), (X0, Y0)])
    assert not spiked.is_valid
    repaired, notes = repair_polygons(np.array([spiked], dtype=object))
    assert repaired[0].geom_type == "Polygon" and repaired[0].is_valid
    assert repaired[0].area == pytest.approx(10_000.0)
    assert shapely.equals(repaired[0], shapely.box(X0, Y0, X0 + 100, Y0 + 100))
    assert notes[0].startswith("invalid polygon repaired")


def test_two_parcels_joined_by_a_line_stay_two_parcels():
    # Two squares drawn as one ring connected by a 40 m double line: both areas are kept, the line dropped.
    ring = [(X0, Y0), (X0 + 50, Y0), (X0 + 50, Y0 + 25), (X0 + 90, Y0 + 25), (X0 + 90, Y0),
            (X0 + 140, Y0), (X0 + 140, Y0 + 50), (X0 + 90, Y0 + 50), (X0 + 90, Y0 + 25),
            (X0 + 50, Y0 + 25), (X0 + 50, Y0 + 50), (X0, Y0 + 50), (X0, Y0)]
    joined = shapely.Polygon(ring)
    repaired, notes = repair_polygons(np.array([joined], dtype=object))
    assert repaired[0].is_valid and repaired[0].area == pytest.approx(2 * 2_500.0)
    assert shapely.get_num_geometries(repaired[0]) == 2 and "repaired" in notes[0]


def test_a_building_with_a_courtyard_drawn_as_one_outline_keeps_the_courtyard_as_a_hole():
    # A block with an inner courtyard traced in one go: the outline goes in through the gateway at
    # the top edge, round the courtyard and out through the same point. GEOS repairs the ring that
    # touches itself to a single polygon with the courtyard as its hole; the layer keeps it whole.
    outline = shapely.Polygon([(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100), (X0 + 50, Y0 + 100),
                               (X0 + 70, Y0 + 50), (X0 + 30, Y0 + 50), (X0 + 50, Y0 + 100), (X0, Y0 + 100), (X0, Y0)])
    assert not outline.is_valid
    repaired, notes = repair_polygons(np.array([outline], dtype=object))
    assert repaired[0].geom_type == "Polygon" and repaired[0].is_valid
    assert repaired[0].area == pytest.approx(10_000.0 - 1_000.0)  # the 100 m x 100 m block less the courtyard
    assert len(repaired[0].interiors) == 1
    assert notes == {0: f"invalid polygon repaired (Ring Self-intersection[{X0 + 50:.0f} {Y0 + 100:.0f}])"}


def test_a_small_footprint_drawn_as_a_bow_tie_keeps_its_half_square_metre():
    # A charging post's footprint, 1 m x 1 m, clicked in the wrong order (a bow tie): the repair keeps
    # both triangles, 0.5 m² in all; a small area is still an area.
    bow_tie = shapely.Polygon([(X0, Y0), (X0 + 1, Y0 + 1), (X0 + 1, Y0), (X0, Y0 + 1), (X0, Y0)])
    repaired, notes = repair_polygons(np.array([bow_tie], dtype=object))
    assert repaired[0] is not None and repaired[0].area == pytest.approx(0.5)
    assert notes[0].startswith("invalid polygon repaired (Self-intersection")
