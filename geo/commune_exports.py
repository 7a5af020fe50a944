"""A commune's or Kreis' downloads as the page shows them: every site (also those without a
published position) and every funding figure, as CSV (standard, or for German Excel) and GeoJSON.

A site without a published position keeps empty coordinates in CSV and a null geometry in GeoJSON:
it is never given a made-up point.
"""
from __future__ import annotations

import csv
import io
import json

SITE_COLUMNS = ("id", "programme", "programme_name", "name", "address", "precision", "identification", "status", "year",
                "lon", "lat", "source")
FUNDING_COLUMNS = ("figure_id", "project_id", "title", "amount_eur", "probable_amount_eur", "qualifier", "funder",
                   "period", "counted", "counted_text", "places", "report_line", "source")
EXCEL_DELIMITER = ";"


def site_rows(report: dict, programme_names: dict[str, str]) -> list[dict]:
    """One row per site of the report's site list, in the page's order."""
    return [{**{c: site.get(c) for c in SITE_COLUMNS}, "programme_name": programme_names.get(site["programme"], site["programme"])}
            for site in report["site_list"]]


def funding_rows(report: dict) -> list[dict]:
    """One row per funding figure of the page's table; `places` joined with '; '."""
    return [{**{c: figure.get(c) for c in FUNDING_COLUMNS}, "places": "; ".join(figure["places"])}
            for figure in report["funding_figures"]]


def _excel_cell(value) -> str:
    """German Excel reads '51,4567' as a number and '51.4567' as text or a date: decimal commas there."""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text.replace(".", ",")
    return "" if value is None else str(value)


def _plain_cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def rows_csv(rows: list[dict], columns: tuple[str, ...], excel: bool = False) -> bytes:
    """RFC 4180 CSV in UTF-8 with ',' and LF; excel=True: ';', CRLF, decimal commas and a BOM, so a
    double click in German Excel opens it in columns with its umlauts intact."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=EXCEL_DELIMITER if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    cell = _excel_cell if excel else _plain_cell
    for row in rows:
        writer.writerow([cell(row[c]) for c in columns])
    return (out.getvalue().encode("utf-8-sig") if excel else out.getvalue().encode("utf-8"))


def sites_geojson(rows: list[dict]) -> bytes:
    """A FeatureCollection of every site: a Point where the position is published, else geometry null."""
    features = [{"type": "Feature", "id": row["id"],
                 "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if row["lon"] is not None else None,
                 "properties": {c: row[c] for c in SITE_COLUMNS if c not in ("lon", "lat")}}
                for row in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()
