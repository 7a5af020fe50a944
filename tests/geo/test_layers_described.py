"""Each collection as /collections and its own page describe it: title, description, properties and the
time property `datetime` selects on (built in the test, as in test_layers.py)."""
from dataclasses import replace

from geo.layers import SITE_PROPERTIES, build_layers

PROGRAMMES = ("fgz", "talentkolleg", "five_sites", "iga2027", "places")


def test_each_collection_as_the_collections_page_describes_it(repo):
    layers = build_layers(replace(repo, region=replace(repo.region)))  # the area frames built anew
    programmes = repo.programmes.programmes
    shown = {k: (l.title, l.description, l.time_property) for k, l in layers.items()}
    assert shown == {
        "communes": ("Gemeinden im Ruhrgebiet", "The 53 municipalities of the Regionalverband Ruhr (BKG VG250).", None),
        "districts": ("Kreise und kreisfreie Städte", "The 15 Kreis-level units of the Ruhr area (BKG VG250).", None),
        "sites": ("Standorte aller Programme", "Every Ruhr-Konferenz programme site with a known position.", "year"),
        **{p: (programmes.loc[p, "name_de"], programmes.loc[p, "description_en"], "year") for p in PROGRAMMES},
        "five_locations": ("5-Standorte-Programm: Standortgebiete",
                           ("The five locations of the 5-Standorte-Programm as areas: Duisburg, Gelsenkirchen, "
                            "Hamm, Herne and Kreis Unna."), None),
        "portfolio": ("Portfolio je Gemeinde",
                      ("Commune polygons carrying their per-commune summary: sites per programme, credited "
                       "funding, funding per inhabitant and its rank (choropleth-ready)."), None),
    }
    assert layers["talentkolleg"].title == "TalentKolleg Ruhr"
    assert layers["communes"].properties == ["ags", "name", "kind", "district_code", "district_name", "kreisfrei",
                                             "population", "population_date", "area_km2", "source"]
    for collection in ("sites", *PROGRAMMES):
        assert layers[collection].properties == SITE_PROPERTIES, collection
