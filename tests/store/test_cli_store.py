"""The operator's commands, run as the installed `ruhrkarte` console script."""
from __future__ import annotations

from geo.settings import COMMITTED_DATA
from store import open_store
from tests.cli_helpers import run_cli

FILES = ["programmes.csv", "sites.csv", "five_locations.csv", "projects.csv", "funding.csv"]


def test_database_accounts_and_export(tmp_path, region, geocoder):
    env = {"RUHRKARTE_STATE_DIR": str(tmp_path / "state")}
    upgraded = run_cli("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "schema 0005_layer_summaries, data version 1" in upgraded.stdout
    assert (tmp_path / "state" / "ruhrkarte.sqlite").is_file()

    added = run_cli("users", "add", "dora", "--role", "editor", "--commune", "05913000", "--commune", "05911000",
                    env=env)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    listed = run_cli("users", "list", "--json", env=env)
    assert token not in listed.stdout and '"05911000"' in listed.stdout
    store = open_store(f"sqlite:///{tmp_path / 'state' / 'ruhrkarte.sqlite'}", COMMITTED_DATA, region, geocoder)
    assert store.authenticate(token).communes == frozenset({"05913000", "05911000"})
    store.close()

    exported = run_cli("data", "export", "--out", str(tmp_path / "edition"), env=env)
    assert exported.returncode == 0, exported.stderr
    for name in FILES:
        assert (tmp_path / "edition" / name).read_bytes() == (COMMITTED_DATA / "programmes" / name).read_bytes()
    imported = run_cli("data", "import", str(tmp_path / "edition"), env=env)
    assert imported.returncode == 0 and imported.stdout.startswith("0 row(s) changed"), imported.stderr


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'other' / 'db.sqlite'}"
    env = {"RUHRKARTE_DATABASE_URL": url}
    for args in (["users", "add", "kurt", "--role", "curator", "--commune", "05913000"],
                 ["users", "revoke", "niemand"],
                 ["db", "restore", str(tmp_path / "missing.sqlite")]):
        result = run_cli(*args, env=env)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    wrong = run_cli("db", "upgrade", env={"RUHRKARTE_DATABASE_URL": "mysql://x@y/z"})
    assert wrong.returncode == 2 and "RUHRKARTE_DATABASE_URL" in wrong.stderr


def test_backup_and_restore_commands(tmp_path):
    env = {"RUHRKARTE_DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite'}"}
    assert run_cli("users", "add", "kurt", "--role", "curator", env=env).returncode == 0
    backed = run_cli("db", "backup", str(tmp_path / "b.sqlite"), env=env)
    assert backed.returncode == 0, backed.stderr
    assert run_cli("users", "add", "later", "--role", "admin", env=env).returncode == 0
    restored = run_cli("db", "restore", str(tmp_path / "b.sqlite"), env=env)
    assert restored.returncode == 0, restored.stderr
    names = run_cli("users", "list", env=env).stdout
    assert "kurt" in names and "later" not in names
