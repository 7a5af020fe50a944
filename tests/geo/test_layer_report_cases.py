"""The answer a planner gets for an upload: how many rows lie outside the Ruhr area, and which."""
from geo.layer_files import read_layer_file
from geo.layer_report import place_layer, report_of


def test_the_upload_answer_counts_every_row_outside_the_ruhr_area_and_lists_the_first_100(repo):
    rows = ["Maßnahme;Breite;Länge", "Spielplatz Bochum;51,4818;7,2162"] + [f"Außenstelle Paris {n};48,8566;2,3522"
                                                                            for n in range(102)]
    layer = read_layer_file("\n".join(rows).encode("utf-8"), "massnahmen.csv", repo.gazetteer)
    answer = report_of(layer, place_layer(layer, repo.region, repo.geocoder)).as_json()
    assert answer["rows_read"] == 103 and answer["features"] == 103
    assert answer["placed_per_commune"] == {"05911000": 1}
    assert answer["outside_count"] == 102
    assert answer["outside_lines"] == list(range(3, 103))  # lines 3-104 lie in Paris; the answer shows 100
