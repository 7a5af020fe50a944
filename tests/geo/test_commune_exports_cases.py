"""A commune's downloads built from a small report checked by hand: the CSV a planner opens, the same
for German Excel, and the GeoJSON with its unpublished positions left empty."""
import csv
import io
import json

from geo.commune_exports import (
    FUNDING_COLUMNS,
    SITE_COLUMNS,
    funding_rows,
    rows_csv,
    site_rows,
    sites_geojson,
)

REPORT = {
    "site_list": [
        {"id": "S-DO-1", "programme": "five_locations", "name": "Westfalenhütte", "address": "Oesterholzstraße 1",
         "precision": "exact", "identification": "named", "status": "in Planung", "year": "2021/22",
         "lon": 7.4871, "lat": 51.5292, "source": "Bericht, Zeile 12"},
        {"id": "S-DO-2", "programme": "unlisted", "name": "Schule Süd", "address": None, "precision": "commune",
         "identification": "named", "status": None, "year": None, "lon": None, "lat": None,
         "source": "Bericht, Zeile 13"},
    ],
    "funding_figures": [
        {"figure_id": "F051", "project_id": "P7", "title": "Hafenquartier", "amount_eur": 10100000.0,
         "probable_amount_eur": None, "qualifier": "rund", "funder": "Land NRW", "period": "2018-2020",
         "counted": "credited", "counted_text": "angerechnet", "places": ["05913000", "05914000"],
         "report_line": 3987, "source": "Bericht"},
    ],
}
NAMES = {"five_locations": "5-Standorte-Programm"}


def _read(body: bytes, excel: bool) -> list[dict]:
    text = body.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


def test_every_site_with_its_programme_name_and_unknown_programmes_by_id():
    rows = site_rows(REPORT, NAMES)
    assert [r["programme_name"] for r in rows] == ["5-Standorte-Programm", "unlisted"]
    assert rows[0]["name"] == "Westfalenhütte" and rows[1]["lon"] is None and list(rows[0]) == list(SITE_COLUMNS)


def test_the_standard_csv_has_plain_numbers_and_empty_cells_for_no_position():
    body = rows_csv(site_rows(REPORT, NAMES), SITE_COLUMNS)
    assert not body.startswith(b"\xef\xbb\xbf") and b"\r\n" not in body
    assert body.splitlines()[0] == b"id,programme,programme_name,name,address,precision,identification,status,year,lon,lat,source"
    done, unplaced = _read(body, excel=False)
    assert (done["lon"], done["lat"], done["year"]) == ("7.4871", "51.5292", "2021/22")
    assert (unplaced["lon"], unplaced["lat"], unplaced["address"], unplaced["status"]) == ("", "", "", "")


def test_the_funding_csv_writes_whole_euros_without_decimals_and_joins_the_places():
    plain, = _read(rows_csv(funding_rows(REPORT), FUNDING_COLUMNS), excel=False)
    assert plain["amount_eur"] == "10100000" and plain["probable_amount_eur"] == ""
    assert plain["places"] == "05913000; 05914000" and plain["report_line"] == "3987"
    excel, = _read(rows_csv(funding_rows(REPORT), FUNDING_COLUMNS, excel=True), excel=True)
    assert excel["amount_eur"] == "10100000" and excel["places"] == "05913000; 05914000"


def test_the_excel_csv_has_decimal_commas_semicolons_crlf_and_a_bom():
    body = rows_csv(site_rows(REPORT, NAMES), SITE_COLUMNS, excel=True)
    assert body.startswith(b"\xef\xbb\xbfid;programme;programme_name;name;") and body.endswith(b"\r\n")
    assert body.count(b"\r\n") == 3
    done, unplaced = _read(body, excel=True)
    assert (done["lon"], done["lat"], done["name"]) == ("7,4871", "51,5292", "Westfalenhütte")
    assert (unplaced["lon"], unplaced["address"]) == ("", "")


def test_the_geojson_has_points_in_lon_lat_order_and_no_point_where_none_is_published():
    body = sites_geojson(site_rows(REPORT, NAMES))
    assert "Westfalenhütte".encode() in body  # umlauts as UTF-8, not \u escapes
    collection = json.loads(body)
    placed, unplaced = collection["features"]
    assert collection["type"] == "FeatureCollection" and placed["type"] == "Feature" and placed["id"] == "S-DO-1"
    assert placed["geometry"] == {"type": "Point", "coordinates": [7.4871, 51.5292]}
    assert unplaced["geometry"] is None and unplaced["id"] == "S-DO-2"
    assert placed["properties"] == {"id": "S-DO-1", "programme": "five_locations",
                                    "programme_name": "5-Standorte-Programm", "name": "Westfalenhütte",
                                    "address": "Oesterholzstraße 1", "precision": "exact", "identification": "named",
                                    "status": "in Planung", "year": "2021/22", "source": "Bericht, Zeile 12"}
