"""The communes drawn lightly around a commune or Kreis page: those sharing a border with it, from
the committed boundaries (checked against the map: Dortmund borders eleven Ruhr communes)."""
from geo.neighbours import neighbours


def _names(repo, codes):
    name = dict(zip(repo.region.communes["ags"], repo.region.communes["name"]))
    return [name[ags] for ags in neighbours(repo.region.communes, codes)]


def test_dortmund_is_surrounded_by_its_eleven_neighbours_in_ags_order(repo):
    assert _names(repo, ["05913000"]) == ["Castrop-Rauxel", "Waltrop", "Bochum", "Hagen", "Herdecke", "Witten",
                                          "Holzwickede", "Kamen", "Lünen", "Schwerte", "Unna"]


def test_a_kreis_page_shows_the_communes_around_the_kreis_not_its_own(repo):
    communes = repo.region.communes
    kreis_unna = communes.loc[communes["district_code"] == "05978", "ags"].tolist()
    assert _names(repo, kreis_unna) == ["Datteln", "Waltrop", "Dortmund", "Hagen", "Hamm"]


def test_a_code_of_no_commune_has_no_neighbours(repo):
    assert neighbours(repo.region.communes, ["05970000"]) == [] and neighbours(repo.region.communes, []) == []
