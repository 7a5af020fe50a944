"""One figure as a commune's page and /communes/{ags} show it, field by field; a Kreis' report; the summary CSV."""
from geo.portfolio_report import commune_report, district_report, summary_csv

SOURCE = "Fortschrittsbericht 2021 zur Ruhr-Konferenz (Landtag NRW Vorlage 17/6165), line {}"


def _figure(report, figure_id):
    return next(f for f in report["funding_figures"] if f["figure_id"] == figure_id)


def test_hamm_hosts_a_statewide_network_figure_in_full(repo):
    assert _figure(commune_report(repo, "05915000"), "F004") == {
        "figure_id": "F004", "title": "IHK-Netzwerk Betriebliche Mobilität", "programme": None, "project_id": "IHK09",
        "amount_eur": 985000.0, "probable_amount_eur": None, "measure": "total", "funder": "Land",
        "period": "2021 (handed over March 2021; project runs to 31 Dec 2024)",
        "period_de": "2021 (übergeben im März 2021; Laufzeit bis 31.12.2024)", "qualifier": "exact", "qualifier_de": None,
        "report_line": 3599, "shared": False, "places": ["North Rhine-Westphalia (programme total)"], "host": "Hamm",
        "counted": "statewide_hosted", "counted_text": "not credited: a statewide project that only has its office here",
        "counted_de": "nicht angerechnet: landesweites Vorhaben, das hier nur seinen Sitz hat",
        "source": SOURCE.format(3599)}


def test_essen_lists_a_shared_figure_with_its_probable_amount(repo):
    report = commune_report(repo, "05113000")
    figure = _figure(report, "F022")
    assert (figure["programme"], figure["project_id"], figure["amount_eur"], figure["probable_amount_eur"]) == (
        None, None, 6325000.0, 632500.0)
    assert (figure["shared"], figure["places"], figure["host"], figure["period_de"]) == (
        True, ["Essen", "Bottrop"], None, "2018–2020")
    assert (report["funding_by_funder"], report["funding_by_period"]) == (
        {"Land": 1000000.0}, {"2020 (grant notice)": 1000000.0})
    assert (report["area_km2"], report["population_date"]) == (210.34, "2023-12-31")
    assert report["projects_named"][0] == {"project_id": "13-02", "title": "Mobilitätsregion",
                                           "report_lines": "294-346", "caption_only": False, "inferred": False,
                                           "source": "Fortschrittsbericht 2021 zur Ruhr-Konferenz (Landtag NRW Vorlage 17/6165), "
                                                     "lines 294-346"}


def test_the_ennepe_ruhr_kreis_report(repo):
    report = district_report(repo, "05954")
    listed = ("commune_table", "funding_figures", "region", "projects_named", "site_list", "report")
    assert {k: v for k, v in report.items() if k not in listed} == {
        "kind": "district", "district_code": "05954", "name": "Ennepe-Ruhr-Kreis", "kreisfrei": False,
        "population": 324946, "communes": 9,
        "sites": {"fgz": 2, "talentkolleg": 0, "iga2027": 6, "five_sites": 0, "places": 0},
        "sites_commune_level": 6, "sites_total": 8, "funding_eur": 0.0, "funding_per_inhabitant_eur": 0.0,
        "rank_funding_per_inhabitant": 8, "rank_of": 15, "five_sites_member": False,
        "rank_shared_with": 7, "funded_places": 7, "five_sites_basis": None}
    assert [(p["project_id"], p["report_lines"]) for p in report["projects_named"]] == [("03-01", "1231-1283")]
    assert [s["id"] for s in report["site_list"]] == ["iga-25"]  # the Kreis-level site, without a point
    assert report["report"]["document"] == "Vorlage 17/6165"
    assert [row["name"] for row in report["commune_table"]][:2] == ["Breckerfeld", "Ennepetal"]
    assert report["commune_table"][0]["population"] == 9120 and type(report["commune_table"][0]["population"]) is int
    assert report["region"] is repo.portfolios.region


def test_the_summary_csv_has_whole_euros(repo):
    lines = summary_csv(repo.portfolios.communes).splitlines()
    assert lines[0].split(",")[:5] == ["ags", "name", "district_code", "district_name", "population"]
    assert lines[1] == "05112000,Duisburg,05112,Duisburg,503707,4,0,1,1,1,2,7,18,5850000,11.61,5,6,57510000,True"
    assert len(lines) == 54 and summary_csv(repo.portfolios.communes).endswith("\n")
