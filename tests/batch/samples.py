"""Input rows for the batch tests: placed, outside, on commune borders, broken, empty and ragged."""
from __future__ import annotations

import shapely

from geo.crs import utm_to_lonlat

PLACED = [("51.540694", "7.412167"), ("51.528056", "7.028556"), ("51,4281", "6,8791")]  # tests/data/known_places.csv
OUTSIDE = [("51.2262", "6.7725"), ("51.9629", "7.6257")]  # Düsseldorf, Münster
BROKEN = [("abc", "7.1"), ("", ""), ("95.0", "7.2"), ("51.5", "")]


def border_points(repo, pairs=(("05911000", "05913000"), ("05113000", "05911000"))) -> list[tuple[str, str]]:
    """Vertices shared by two communes, as lat/lon text (a border point belongs to the lower AGS)."""
    communes = repo.region.communes.set_index("ags").geometry
    points = []
    for first, second in pairs:
        shared = shapely.get_coordinates(shapely.intersection(communes[first].boundary, communes[second].boundary))
        for x, y in shared[:: max(1, len(shared) // 5)][:5]:
            lon, lat = utm_to_lonlat([x], [y])
            points.append((repr(float(lat[0])), repr(float(lon[0]))))
    return points


def plain_rows(repo, count: int) -> list[list[str]]:
    """`count` rows of id, lat, lon, note with every kind of point, all of the header's width."""
    kinds = PLACED + OUTSIDE + BROKEN + border_points(repo)
    return [[str(i), *kinds[i % len(kinds)], f"row {i}"] for i in range(count)]


def write_plain_csv(path, rows, delimiter=";") -> None:
    path.write_text("id;lat;lon;note\n".replace(";", delimiter)
                    + "".join(delimiter.join(r) + "\n" for r in rows), encoding="utf-8")


def write_broken_csv(path, rows, quoted: bool = True, encoding: str = "cp1252") -> None:
    """The plain rows with blank, whitespace, empty-cell, short, long (and quoted) rows in between."""
    extra = ["", "   ", ";;;", "x;51,5136", "y;51,5136;7,4653;a;b", "Jürgen;51.45;7.01;Straße"]
    if quoted:
        extra.append('"q;1";51,5136;7,4653;"zwei\nZeilen"')
    lines = ["id;lat;lon;note"]
    for i, row in enumerate(rows):
        lines.append(";".join(row))
        if i % 97 == 0:
            lines.append(extra[(i // 97) % len(extra)])
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
