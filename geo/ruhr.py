"""What 'the Ruhr area' is: the 15 Kreis-level units of the Regionalverband Ruhr."""

# Kreisfreie Städte (11) and Kreise (4) of the Regionalverband Ruhr, by 5-digit district code.
KREISFREIE_STAEDTE = (
    "05911", "05512", "05913", "05112", "05113", "05513",
    "05914", "05915", "05916", "05117", "05119",
)
KREISE = ("05170", "05562", "05978", "05954")
DISTRICT_CODES = KREISFREIE_STAEDTE + KREISE

COMMUNE_COUNT = 53
DISTRICT_COUNT = 15
# Sum of the official areas is 4,438.68 km²; the VG250 polygons give 4,437.8 km² in EPSG:25832.
TOTAL_AREA_KM2 = 4438.0
TOTAL_AREA_TOLERANCE_KM2 = 2.0

ATTRIBUTION = "© GeoBasis-DE / BKG"
LICENCE = "Datenlizenz Deutschland – Namensnennung 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
