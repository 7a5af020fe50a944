"""What /karte hands its script: place labels inside their polygons, status sentences, the
programme's one-sentence summary, and a page that may be zoomed."""
import json
import re

from shapely.geometry import Point

from geo.display import label_points
from geo.read_model import as_read_model
from maps.common import PageConfig, allow_zoom
from maps.karte import build_karte, place_labels
from maps.labels import status_de


def test_every_label_point_lies_in_its_own_commune_and_kreis(repo):
    region = repo.region
    labels = place_labels(as_read_model(repo))
    assert len(labels["communes"]) == 53 and len(labels["districts"]) == 15
    for rows, frame, key in ((labels["communes"], region.communes, "ags"), (labels["districts"], region.districts, "district_code")):
        shapes = frame.to_crs("EPSG:4326").set_index(key).geometry
        for row in rows:
            assert shapes[row["code"]].contains(Point(row["lon"], row["lat"])), row["name"]
    assert {"Kreis Recklinghausen", "Ennepe-Ruhr-Kreis", "Kreis Unna", "Kreis Wesel"} <= {r["name"] for r in labels["districts"]}


def test_label_points_keep_codes_and_names(repo):
    rows = label_points(repo.region.communes.head(2), "ags")
    assert [(r["code"], r["name"]) for r in rows] == list(zip(repo.region.communes["ags"].head(2), repo.region.communes["name"].head(2)))


def test_status_reads_as_a_sentence():
    assert status_de("active", "2021/22") == "In Betrieb seit dem Schuljahr 2021/22"
    assert status_de("active", "2015") == "In Betrieb seit 2015"
    assert status_de("active", None) == "In Betrieb"
    assert status_de("planned", "2027") == "Geplant für 2027"
    assert status_de("phase-out", None).startswith("Kohlekraftwerk")
    assert status_de("unknown-status", "2020") == "unknown-status"


def test_programme_summary_is_the_first_sentence_of_its_description(repo):
    for programme in repo.programmes.registry:
        summary = programme.summary_de
        assert summary and " ".join(programme.description_de.split()).startswith(summary)
        assert summary.endswith(".") and len(re.findall(r"[.!?](?=\s+[A-ZÄÖÜ])", summary)) == 0
    assert repo.programmes.registry.get("talentkolleg").summary_de.startswith("Kurse, Studien- und Berufsorientierung")
    assert len(repo.programmes.registry.get("fgz").summary_de) < len(repo.programmes.registry.get("fgz").description_de)


def test_karte_page_may_be_zoomed_and_carries_labels_and_summaries(repo):
    page = build_karte(repo, PageConfig())
    assert "user-scalable=no" not in page and "maximum-scale" not in page
    assert len(re.findall(r'<meta name="viewport" content="width=device-width, initial-scale=1"', page)) == 1  # the frame's
    assert '/static/app/karte.js' in page
    data = json.loads(re.search(r"Ruhrkarte\.initKarte\(Object\.assign\((\{.*?\}), \{", page, re.DOTALL).group(1))
    assert data["places"]["minZoom"] == 11 and len(data["places"]["communes"]) == 53
    assert all(p["summary"] for p in data["programmes"].values())
    assert data["labels"]["status"]["active"]["schoolYear"] == "In Betrieb seit dem Schuljahr {year}"
    assert allow_zoom("x") == "x"


def test_a_configured_background_map_is_offered_switched_off(repo):
    page = build_karte(repo, PageConfig(tile_url="http://127.0.0.1:9999/{z}/{x}/{y}.png", tile_attribution="Testkacheln"))
    layer = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(", page).group(1)
    assert f"{layer}.addTo(" not in page                      # not on the map at load: no request leaves
    assert re.search(r'"Hintergrundkarte \(externer Dienst\)" : ' + layer, page)  # but in the layer list
