"""A commune's report (/communes/{ags} and its page) as a citizen reads it: every headline figure of
Herne, how each project names a place, figures shared beyond the Ruhr or contained in others, the
5-Standorte membership, and the sums by funder and period when the report states none."""
from dataclasses import replace


from geo.portfolio_report import commune_report, district_report

HERNE, OBERHAUSEN, ESSEN = "05916000", "05119000", "05113000"
LINES = "Fortschrittsbericht 2021 zur Ruhr-Konferenz (Landtag NRW Vorlage 17/6165), line {}"


def _figure(report, figure_id):
    return next(f for f in report["funding_figures"] if f["figure_id"] == figure_id)


def _project(report, project_id):
    return next(p for p in report["projects_named"] if p["project_id"] == project_id)


def test_herne_headline_figures_rank_kreis_and_region(repo):
    report = commune_report(repo, HERNE)
    listed = ("funding_figures", "site_list", "projects_named", "population_source", "report", "region")
    assert {k: v for k, v in report.items() if k not in listed} == {
        "kind": "commune", "ags": HERNE, "name": "Herne", "district_code": "05916", "district_name": "Herne",
        "population": 157896, "population_date": "2023-12-31", "area_km2": 51.42,
        "sites": {"fgz": 0, "talentkolleg": 1, "iga2027": 0, "five_sites": 1, "places": 0},
        "sites_commune_level": 1, "sites_total": 2,
        "funding_eur": 0.0, "funding_per_inhabitant_eur": 0.0, "rank_funding_per_inhabitant": 7, "rank_of": 53,
        "rank_shared_with": 46, "funded_places": 6,  # 47 communes share the last rank with nothing credited
        "funding_by_funder": {}, "funding_by_period": {},
        "funding_shared_figures": 1, "funding_shared_eur": 6900000.0,
        "funding_nothing_credited_de": "Keine Förderung angerechnet: die Beträge, die diese Gemeinde betreffen, sind "
                                       "Programmsummen (1), Teile anderer Beträge (1), gemeinsame Beträge mehrerer Orte "
                                       "(1); keiner davon ist eine Förderung allein für diese Gemeinde.",
        "five_sites_member": True, "five_sites_basis": "commune",
        "district": {"district_code": "05916", "name": "Herne", "population": 157896, "funding_eur": 0.0,
                     "funding_per_inhabitant_eur": 0.0, "rank_funding_per_inhabitant": 8, "rank_of": 15,
                     "rank_shared_with": 7, "funded_places": 7}}
    assert report["population_source"].startswith("Statistisches Bundesamt (Destatis)")
    assert [s["id"] for s in report["site_list"]] == ["tk-1", "5s-plant-4"]
    assert [f["figure_id"] for f in report["funding_figures"]] == ["p12-7", "F027", "F028"]
    assert report["report"] == {
        "title": "Fortschrittsbericht 2021 zur Ruhr-Konferenz", "document": "Vorlage 17/6165",
        "publisher": "Landtag Nordrhein-Westfalen", "date": "2021-12-07",
        "url": "https://www.landtag.nrw.de/portal/WWW/dokumentenarchiv/Dokument/MMV17-6165.pdf",
        "citation_de": "Fortschrittsbericht 2021 zur Ruhr-Konferenz (Landtag Nordrhein-Westfalen, Vorlage 17/6165)"}
    assert report["region"] is repo.portfolios.region


def test_a_commune_named_only_in_a_photo_caption_is_told_apart_from_one_named_in_the_text(repo):
    herne, essen, oberhausen = (commune_report(repo, ags) for ags in (HERNE, ESSEN, OBERHAUSEN))
    # 16-01: Essen in the text (line 1758), Herne only in a photo caption (line 1738)
    assert _project(essen, "16-01")["caption_only"] is False and _project(herne, "16-01")["caption_only"] is True
    assert [p["project_id"] for p in oberhausen["projects_named"] if p["caption_only"]] == ["13-01", "13-06", "14-01"]
    assert _project(herne, "13-06")["caption_only"] is False  # Herne in the text, Oberhausen in the caption
    assert not any(p["inferred"] for p in herne["projects_named"] + oberhausen["projects_named"])


def test_a_photo_caption_naming_two_communes(repo):
    """A curator finds Moers, too, only in the photo caption of 13-01 (Oberhausen's is line 230)."""
    projects = repo.programmes.projects.copy()
    projects.loc[projects["project_id"] == "13-01", "communes_caption"] = "05119000;05170024"
    edited = replace(repo, programmes=replace(repo.programmes, projects=projects))
    caption_only = {ags: _project(commune_report(edited, ags), "13-01")["caption_only"]
                    for ags in ("05119000", "05170024", "05170020")}
    assert caption_only == {"05119000": True, "05170024": True, "05170020": False}  # Kamp-Lintfort: in the text


def test_places_added_from_general_knowledge_are_marked_as_inferred(repo):
    """A curator ties the report's culture funding (line 3969) to Essen (Zeche Zollverein, RuhrMuseum) and
    Dortmund (Hartware MedienKunstVerein), which the report names without saying where they are."""
    projects = repo.programmes.projects.copy()
    culture = projects.index[projects["title"].str.startswith("Kulturförderung: Ruhrfestspiele")][0]
    projects.loc[culture, "communes"] = "05562032;05113000;05913000"
    projects.loc[culture, "communes_inferred"] = "05113000;05913000"
    projects.at[culture, "code_list"] = ["05562032", "05113000", "05913000"]
    edited = replace(repo, programmes=replace(repo.programmes, projects=projects))

    def tie(ags):
        named = commune_report(edited, ags)["projects_named"]
        return [(p["report_lines"], p["caption_only"], p["inferred"], p["source"]) for p in named
                if p["title"].startswith("Kulturförderung")]
    source = LINES.format("3969-3969").replace("line ", "lines ")
    assert tie(ESSEN) == tie("05913000") == [("3969-3969", False, True, source)]
    assert tie("05562032") == [("3969-3969", False, False, source)]  # Recklinghausen: named in the text


def test_a_figure_shared_with_a_place_outside_the_ruhr_names_it(repo):
    figure = _figure(commune_report(repo, "05915000"), "F021")  # Hamm
    assert figure["places"] == ["Hamm", "Kreis Unna", "Kreis Soest"] and figure["host"] is None


def test_a_figure_contained_in_another_says_which_in_both_languages(repo):
    figure = _figure(commune_report(repo, HERNE), "F027")
    assert (figure["counted"], figure["counted_text"], figure["counted_de"]) == (
        "part_of", "not credited: part of F028, not added on top", "nicht angerechnet: Teil von F028, nicht zusätzlich gezählt")
    assert figure["places"][:3] == ["Kreis Recklinghausen", "Bochum", "Herne"] and figure["source"] == LINES.format(3896)


def test_why_a_commune_belongs_to_the_5_standorte_programm(repo):
    basis = {ags: commune_report(repo, ags)["five_sites_basis"] for ags in (HERNE, "05978024", ESSEN)}
    assert basis == {HERNE: "commune", "05978024": "district", ESSEN: None}  # Herne itself, Lünen by Kreis Unna


def test_credited_money_without_a_stated_period_or_funder_is_summed_as_not_stated(repo):
    oberhausen = commune_report(repo, OBERHAUSEN)
    assert (oberhausen["funding_by_period"], oberhausen["funding_by_funder"]) == (
        {"not stated": 8100000.0}, {"unspecified": 8100000.0})
    assert oberhausen["funding_nothing_credited_de"] is None  # money is credited: nothing to explain
    duisburg = commune_report(repo, "05112000")
    assert duisburg["funding_by_period"] == {"not stated": 5850000.0}
    assert duisburg["funding_by_funder"] == {"EU": 3250000.0, "Land": 2600000.0}


def test_kreis_unna_is_a_5_standorte_location_itself_and_lists_the_figures_naming_it(repo):
    unna = district_report(repo, "05978")
    assert (unna["name"], unna["kreisfrei"], unna["communes"], unna["five_sites_member"], unna["five_sites_basis"]) == (
        "Kreis Unna", False, 10, True, "district")
    assert [(f["figure_id"], f["places"], f["counted"]) for f in unna["funding_figures"]] == [
        ("p12-7", ["Duisburg", "Gelsenkirchen", "Hamm", "Herne", "Kreis Unna"], "programme_total"),
        ("F021", ["Hamm", "Kreis Unna", "Kreis Soest"], "shared")]


def test_a_kreisfreie_stadt_is_a_5_standorte_member_through_its_commune(repo):
    herne = district_report(repo, "05916")
    assert (herne["kreisfrei"], herne["communes"], herne["five_sites_member"], herne["five_sites_basis"]) == (
        True, 1, True, "communes")
    assert herne["funding_figures"] == [] and district_report(repo, "05954")["five_sites_basis"] is None
