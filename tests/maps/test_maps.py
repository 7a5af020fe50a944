"""Map composition without a browser: display geometry, local assets, tiles, static build."""
import re

import shapely

from geo.display import simplified_wgs84
from maps.common import PageConfig
from maps.karte import build_karte
from maps.script_data import script_json
from tests.cli_helpers import run_cli

ASSET = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"')  # what a page loads, not its links


def test_display_geometry_keeps_shared_borders(repo):
    display = simplified_wgs84(repo.region.communes)
    projected = display.to_crs(25832).geometry.values
    assert shapely.coverage_is_valid(projected)
    assert display.is_valid.all()
    union = shapely.union_all(projected)
    assert abs(shapely.area(projected).sum() - union.area) < 1_000  # no overlaps beyond rounding
    assert abs(union.area - shapely.union_all(repo.region.communes.geometry.values).area) / union.area < 0.002
    assert shapely.get_num_coordinates(projected).sum() < 0.8 * shapely.get_num_coordinates(repo.region.communes.geometry.values).sum()


def test_pages_load_only_local_assets(repo):
    page = build_karte(repo, PageConfig())
    assets = ASSET.findall(page)
    assert assets and all(a.startswith(("/static/", "data:")) for a in assets), assets
    assert "cdn" not in page.lower() and "jquery" not in page.lower()


def test_configured_tiles_bring_their_attribution(repo):
    page = build_karte(repo, PageConfig(tile_url="http://127.0.0.1:9999/{z}/{x}/{y}.png", tile_attribution="Testkacheln"))
    assert "127.0.0.1:9999" in page and "Testkacheln" in page
    assert "GeoBasis-DE / BKG" in page


def test_script_data_cannot_close_the_script():
    text = script_json({"name": "</script><script>alert(1)</script>", "amp": "a&b"})
    assert "<" not in text and ">" not in text and "&" not in text


def test_static_build_writes_every_page_with_local_assets(tmp_path):
    result = run_cli("maps", "build", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert len(pages) == 60 and "index.html" in pages and "gemeinde-05913000.html" in pages
    assert "gemeinden.html" in pages and "kreis-05978.html" in pages  # the index and the 4 Kreis pages
    for name in ("index.html", "planung.html", "gemeinde-05913000.html"):
        for asset in ASSET.findall((tmp_path / name).read_text(encoding="utf-8")):
            if not asset.startswith(("data:", "gemeinde-", "index.html", "http")):
                assert (tmp_path / asset).is_file(), asset
        text = (tmp_path / name).read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', text):  # page links, the footer's too
            assert href.startswith(("http", "#")) or (tmp_path / href).is_file(), href
        assert 'class="rk-lang"' not in text  # the language switch needs the service
    assert (tmp_path / "vendor" / "leaflet" / "images" / "layers.png").is_file()


def test_static_build_rejects_a_file_as_target(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = run_cli("maps", "build", "--out", str(target))
    assert result.returncode == 2 and "is not a folder" in result.stderr
