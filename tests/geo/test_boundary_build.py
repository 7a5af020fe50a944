"""Building data/boundaries/ from the BKG VG250 layers (geo/boundary_build.py), in-process.

The package's layers are rebuilt here from the committed boundary files themselves, in the package's
own shape (lists of Features and FeatureCollections with the VG250 properties AGS, GEN, BEZ, GF),
with what the real layers also hold: districts and communes outside the Ruhr area and GF=2
features (water areas without structure) of Ruhr districts. Building from them must give the
committed files byte for byte; the slow CLI tests (tests/e2e/test_rebuild_boundaries.py) do the
same from the real npm package."""
from __future__ import annotations

import hashlib
import json
import locale
import sys
from pathlib import Path

import pytest

from geo.boundary_build import build_boundaries
from geo.data_files import sha256
from geo.errors import DataError
from geo.settings import COMMITTED_DATA

COMMITTED = COMMITTED_DATA / "boundaries"
FILES = ("communes.geojson", "districts.geojson", "PROVENANCE.json")


def _committed(name: str) -> list[dict]:
    return json.loads((COMMITTED / name).read_text(encoding="utf-8"))["features"]


def _vg250(feature: dict, ags: str, gen: str, bez: str, gf: int = 4) -> dict:
    """A feature as the package has it: VG250 properties (a few of them) around the geometry."""
    return {"type": "Feature", "properties": {"ADE": 4 if len(ags) == 5 else 6, "GF": gf, "AGS": ags,
                                              "GEN": gen, "BEZ": bez, "NBD": "ja"},
            "geometry": feature["geometry"]}


def _square(x: float, y: float, side: float = 0.01) -> list[list[float]]:
    corners = [(x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)]
    return [[round(a, 6), round(b, 6)] for a, b in corners]


def _layers(move=lambda geometry: geometry) -> tuple[list, list]:
    """kreise and gemeinden layers holding the committed Ruhr features (geometries passed through `move`),
    Düsseldorf (a neighbour outside the Ruhr area) and GF=2 features of Ruhr districts."""
    districts = []
    for feature in _committed("districts.geojson"):
        props = feature["properties"]
        gen = props["name"].removeprefix("Kreis ") if props["name"].startswith("Kreis ") else props["name"]
        districts.append(_vg250({"geometry": move(feature["geometry"])}, props["district_code"], gen, props["kind"]))
    communes = [_vg250({"geometry": move(f["geometry"])}, f["properties"]["ags"], f["properties"]["name"],
                       f["properties"]["kind"]) for f in _committed("communes.geojson")]
    duesseldorf = {"type": "Polygon", "coordinates": [_square(6.75, 51.2)]}
    water = {"type": "Polygon", "coordinates": [_square(6.6, 51.6)]}
    kreise = [
        _vg250({"geometry": duesseldorf}, "05111", "Düsseldorf", "Kreisfreie Stadt"),
        *districts[:5],
        # the package groups some features in FeatureCollections: a Kreis with its GF=2 water area
        {"type": "FeatureCollection", "features": [districts[5], _vg250({"geometry": water}, "05170", "Wesel", "Kreis", gf=2)]},
        *districts[6:],
    ]
    gemeinden = [
        {"type": "FeatureCollection", "features": communes[:20]},
        _vg250({"geometry": duesseldorf}, "05111000", "Düsseldorf", "Kreisfreie Stadt"),
        _vg250({"geometry": water}, "05170048", "Wesel", "Stadt", gf=2),
        *communes[20:],
    ]
    return kreise, gemeinden


def _package(folder: Path, kreise: list, gemeinden: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kreise.geo.json").write_text(json.dumps(kreise, ensure_ascii=False), encoding="utf-8")
    (folder / "gemeinden.geo.json").write_text(json.dumps(gemeinden, ensure_ascii=False), encoding="utf-8")
    return folder


def test_building_from_the_vg250_layers_gives_the_committed_files_byte_for_byte(tmp_path):
    package = _package(tmp_path / "package", *_layers())
    out = tmp_path / "out" / "boundaries"  # a folder that does not exist yet
    build_boundaries(package, out)
    for name in FILES[:2]:
        assert (out / name).read_bytes() == (COMMITTED / name).read_bytes(), name
    provenance = json.loads((out / "PROVENANCE.json").read_text(encoding="utf-8"))
    committed = json.loads((COMMITTED / "PROVENANCE.json").read_text(encoding="utf-8"))
    # the inputs are this test's layers; everything else is as committed, the outputs' checksums included
    assert provenance["inputs"] == {"gemeinden.geo.json": sha256(package / "gemeinden.geo.json"),
                                    "kreise.geo.json": sha256(package / "kreise.geo.json")}
    assert {**provenance, "inputs": committed["inputs"]} == committed
    assert list(provenance) == list(committed)  # the same key order, so a rebuild's diff shows only changes
    text = (out / "PROVENANCE.json").read_text(encoding="utf-8")
    assert text == json.dumps(provenance, indent=2, ensure_ascii=False) + "\n"
    assert "© GeoBasis-DE / BKG" in text and "Datenlizenz Deutschland – Namensnennung 2.0" in text


def test_the_provenance_records_the_tarball_checksum_it_was_given(tmp_path):
    package = _package(tmp_path / "package", *_layers())
    build_boundaries(package, tmp_path / "out", tarball_sha1="0" * 40)
    provenance = json.loads((tmp_path / "out" / "PROVENANCE.json").read_text(encoding="utf-8"))
    assert provenance["tarball_sha1"] == "0" * 40


def test_coordinates_are_rounded_to_six_decimals_and_vertices_made_equal_by_rounding_kept_once(tmp_path):
    """The package's coordinates have more decimals than the committed ~0.1 m; a vertex 0.02 m from
    its neighbour becomes the same point, which a ring must not repeat."""
    def move(geometry):
        rings = []
        for ring in geometry["coordinates"]:
            moved = []
            for x, y in ring:
                moved += [[x + 2e-7, y - 3e-7], [x - 1e-7, y + 4e-7]]  # both round to (x, y)
            rings.append(moved)
        return {"type": geometry["type"], "coordinates": rings}

    package = _package(tmp_path / "package", *_layers(move))
    build_boundaries(package, tmp_path / "out")
    for name in FILES[:2]:
        assert (tmp_path / "out" / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_a_commune_with_an_exclave_keeps_its_parts_and_holes_rounded(tmp_path):
    """A commune drawn as a MultiPolygon (an exclave, one part with a hole) is written as one, each
    ring rounded like a Polygon's."""
    kreise, gemeinden = _layers()
    bochum = next(f for f in _committed("communes.geojson") if f["properties"]["ags"] == "05911000")
    outline = bochum["geometry"]["coordinates"][0]
    exclave = [[x + 1.23e-7, y] for x, y in _square(7.1, 51.5, 0.02)]
    hole = [[x, y - 1.7e-7] for x, y in _square(7.105, 51.505, 0.005)[::-1]]
    exclave_with_repeat = exclave[:2] + [[exclave[1][0] + 3e-7, exclave[1][1]]] + exclave[2:]
    multi = {"type": "MultiPolygon", "coordinates": [[outline], [exclave_with_repeat, hole]]}
    gemeinden = [g if g.get("properties", {}).get("AGS") != "05911000" else {**g, "geometry": multi}
                 for g in gemeinden[1:]] + [gemeinden[0]]
    build_boundaries(_package(tmp_path / "package", kreise, gemeinden), tmp_path / "out")
    built = {f["id"]: f for f in json.loads((tmp_path / "out" / "communes.geojson").read_text(encoding="utf-8"))["features"]}
    assert built["05911000"]["geometry"] == {
        "type": "MultiPolygon",
        "coordinates": [[outline], [_square(7.1, 51.5, 0.02), _square(7.105, 51.505, 0.005)[::-1]]]}
    assert list(built) == sorted(built)  # written in AGS order whatever the package's order
    assert built["05911000"]["properties"] == bochum["properties"]


def test_a_commune_listed_twice_in_the_package_is_refused_not_overwritten(tmp_path):
    kreise, gemeinden = _layers()
    herne = next(f for f in gemeinden[3:] if f["properties"]["AGS"] == "05916000")
    build_out = tmp_path / "out"
    with pytest.raises(DataError) as raised:
        build_boundaries(_package(tmp_path / "package", kreise, gemeinden + [herne]), build_out)
    assert str(raised.value) == "gemeinden.geo.json: AGS 05916000 appears twice"
    assert not build_out.exists()


def test_a_district_listed_twice_is_refused_with_the_layer_named(tmp_path):
    kreise, gemeinden = _layers()
    with pytest.raises(DataError) as raised:
        build_boundaries(_package(tmp_path / "package", kreise + [kreise[1]], gemeinden), tmp_path / "out")
    assert str(raised.value) == f"kreise.geo.json: AGS {kreise[1]['properties']['AGS']} appears twice"


@pytest.mark.parametrize("geometry_type", ["GeometryCollection", "LineString"])
def test_a_boundary_that_is_no_polygon_is_refused_with_its_type(tmp_path, geometry_type):
    kreise, gemeinden = _layers()
    gemeinden[-1] = {**gemeinden[-1], "geometry": {"type": geometry_type, "coordinates": [[7.0, 51.5], [7.1, 51.6]]}}
    with pytest.raises(DataError) as raised:
        build_boundaries(_package(tmp_path / "package", kreise, gemeinden), tmp_path / "out")
    assert str(raised.value) == f"unexpected geometry type {geometry_type}"


def test_a_kreis_named_with_kreis_in_its_name_is_not_prefixed_again(tmp_path):
    """'Kreis Unna' for the Kreis named 'Unna'; 'Ennepe-Ruhr-Kreis' as it is; a kreisfreie Stadt as it is,
    in the districts' names and in each commune's district_name."""
    build_boundaries(_package(tmp_path / "package", *_layers()), tmp_path / "out")
    districts = {f["id"]: f["properties"] for f in
                 json.loads((tmp_path / "out" / "districts.geojson").read_text(encoding="utf-8"))["features"]}
    assert [districts[c]["name"] for c in ("05978", "05954", "05911")] == ["Kreis Unna", "Ennepe-Ruhr-Kreis", "Bochum"]
    assert districts["05978"]["kreisfrei"] is False and districts["05911"]["kreisfrei"] is True
    communes = {f["id"]: f["properties"] for f in
                json.loads((tmp_path / "out" / "communes.geojson").read_text(encoding="utf-8"))["features"]}
    assert communes["05978036"]["district_name"] == "Kreis Unna"
    assert hashlib.sha256((tmp_path / "out" / "communes.geojson").read_bytes()).hexdigest() == json.loads(
        (tmp_path / "out" / "PROVENANCE.json").read_text(encoding="utf-8"))["outputs"]["communes.geojson"]


def test_the_build_reads_and_writes_utf8_on_a_server_with_a_plain_c_locale(tmp_path):
    """Containers and cron jobs often run with LANG=C, whose text encoding is ASCII: the package's
    names (Düsseldorf, Mülheim an der Ruhr) are still read, and the files written, as UTF-8."""
    package = _package(tmp_path / "package", *_layers())
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        assert locale.getpreferredencoding(False) != "UTF-8" or sys.flags.utf8_mode
        build_boundaries(package, tmp_path / "out")
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    for name in FILES[:2]:
        assert (tmp_path / "out" / name).read_bytes() == (COMMITTED / name).read_bytes(), name
    assert "© GeoBasis-DE / BKG" in (tmp_path / "out" / "PROVENANCE.json").read_text(encoding="utf-8")
