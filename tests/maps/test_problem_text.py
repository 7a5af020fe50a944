"""The checks' problems reach the editing pages in German (maps/problem_text.py), read from the
messages the real checks give for rows an editor could send."""
from __future__ import annotations

from geo.programme_data import Problems, read_programme_frames, validate_programme_frames
from geo.settings import COMMITTED_DATA
from maps.problem_text import problem_de
from store.validation import text_problem

PROGRAMMES = COMMITTED_DATA / "programmes"


def _problems_of(repo, changes: dict[str, dict[str, str]], file: str = "sites.csv") -> list[str]:
    """The messages the loader's checks give when the first row of `file` gets each column's value."""
    frames = read_programme_frames(PROGRAMMES)
    frame = frames[file]
    for column, value in changes.items():
        frame.loc[frame.index[0], column] = value
    problems = Problems()
    validate_programme_frames(frames, repo.region, repo.geocoder, strict=False, problems=problems)
    return [message for _file, _line, _key, message in problems.entries]


def test_a_site_an_editor_got_wrong_is_explained_in_german(repo):
    messages = _problems_of(repo, {"status": "geschlossen", "precision": "ungefähr", "name": "", "communes": "05999000",
                                   "report_line": "zwölf"})
    assert len(messages) >= 5
    german = [problem_de(m) for m in messages]
    assert all(g != m for g, m in zip(german, messages)), [m for g, m in zip(german, messages) if g == m]
    assert "„geschlossen“ ist hier nicht möglich; erlaubt sind: " in " ".join(german)
    assert "„05999000“ ist kein Schlüssel einer Gemeinde oder eines Kreises im Ruhrgebiet." in german
    assert "„zwölf“ ist keine Zeilennummer." in german
    assert "Bitte ausfüllen." in german


def test_a_point_in_the_wrong_commune_or_outside_says_where_it_lies(repo):
    frames = read_programme_frames(PROGRAMMES)
    sites = frames["sites.csv"]
    first = sites.index[(sites["lat"] != "") & sites["communes"].str.fullmatch(r"\d{8}")][0]
    row = sites.loc[first]
    other = "05911000" if row["communes"] != "05911000" else "05913000"  # Bochum or Dortmund
    wrong = [problem_de(m) for m in _problems_of(repo, {"communes": other, "id": row["id"]})]
    assert any(text.startswith("Der Punkt liegt in ") and f"angegeben ist aber: {other}" in text for text in wrong), wrong
    outside = [problem_de(m) for m in _problems_of(repo, {"lat": "48.1374", "lon": "11.5755"})]  # München
    assert "Der Punkt (48.1374, 11.5755) liegt außerhalb des Ruhrgebiets." in outside


def test_money_and_references_in_a_funding_figure_are_explained_in_german(repo):
    german = [problem_de(m) for m in _problems_of(repo, {"amount_eur": "viel", "project_id": "P-999"}, "funding.csv")]
    assert "„viel“ ist kein positiver Betrag (Euro, z. B. 1.250.000 oder 1250000,50)." in german
    assert "Es gibt kein Projekt mit der Nummer „P-999“." in german


def test_text_the_store_refuses_is_explained_and_unknown_messages_are_kept():
    assert problem_de(text_problem("name", "x" * 10_001)) == "Höchstens 10000 Zeichen."
    assert problem_de(text_problem("name", "a\x00b")) == "Enthält ein Steuerzeichen; bitte nur Text eingeben."
    assert problem_de("status \"it's\" is not one of active, closed") == "„it's“ ist hier nicht möglich; erlaubt sind: active, closed."
    assert problem_de("something no check says") == "something no check says"  # shown, never lost


# One message of each shape, as the checks write them: every German text can be reached (an earlier,
# more general shape must not take a later one's messages).
EXAMPLES = [
    "reason is empty (every change needs one)", "scope is empty", "period_de (German period for the pages) is empty",
    "period (English period, by which figures are summed) is empty",
    "qualifier_de (the report's German qualifier) is empty", "status 'x' is not one of active, closed",
    "unknown commune or district code '05999000' in communes",
    "precision 'commune' must not carry coordinates (position unknown)", "bad coordinate: not a number (lat 'a', lon '7')",
    "point (48.1, 11.5) lies outside the Ruhr area", "point lies in Bochum (05911000) but the row declares 05913000",
    "a Familiengrundschulzentrum needs its identification level", "report_line 'x' is not a line number",
    "amount_eur 'viel' is not a positive number", "name is longer than 10000 characters",
    "name contains a control character", "id 'a' is already taken", "id must not start with 'row-'",
    "figure_id 'F1' differs from the row's id; ids never change", "unknown project_id 'P'",
    "part_of names unknown figure 'F9'", "communes_caption names a commune missing from communes", "name is empty",
]


def test_every_german_text_is_reached_by_its_own_messages():
    from maps.problem_text import TEXTS
    first = [next(i for i, (pattern, _) in enumerate(TEXTS) if pattern.search(m)) for m in EXAMPLES]
    assert first == list(range(len(TEXTS)))
