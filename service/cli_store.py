"""CLI commands for the living data: the database (upgrade, backup, restore), the CSV edition
(export, import) and accounts. The work happens in store/; this only parses and prints."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from geo.boundaries import load_region
from geo.geocoder import Geocoder
from service.cli_output import print_json, print_table
from store import Principal, Store, open_store, resolve_url
from store.engine import schema_revision
from store.schema import ROLES


def _open(_repo: None, args: argparse.Namespace) -> Store:
    """The store of the settings. Only boundaries and geocoder are loaded (for validation and seeding),
    not the whole read model, so these commands start quickly."""
    settings = args.settings
    url = resolve_url(settings.database_url, settings.state_dir)
    region = load_region(settings.data_dir)
    return open_store(url, settings.data_dir, region, Geocoder(region.communes, settings.grid_cell_m))


def _shown(store: Store) -> str:
    return make_url(str(store.engine.url)).render_as_string(hide_password=True)


def _operator() -> Principal:
    """Whoever runs the command on the server acts as an admin; revisions name the system user."""
    return Principal(f"cli:{getpass.getuser()}", "admin")


def db_upgrade(_repo: None, args: argparse.Namespace) -> int:
    store = _open(_repo, args)
    print(f"{_shown(store)}: schema {schema_revision(store.engine)}, data version {store.data_version()}")
    return 0


def db_backup(_repo: None, args: argparse.Namespace) -> int:
    store = _open(_repo, args)
    store.backup(Path(args.file))
    print(f"backup of {_shown(store)} written to {args.file}")
    return 0


def db_restore(_repo: None, args: argparse.Namespace) -> int:
    store = _open(_repo, args)
    store.restore(Path(args.file))
    print(f"{_shown(store)} restored from {args.file}; data version {store.data_version()}")
    return 0


def data_export(_repo: None, args: argparse.Namespace) -> int:
    store = _open(_repo, args)
    for path in store.export(Path(args.out)):
        print(path)
    return 0


def data_import(_repo: None, args: argparse.Namespace) -> int:
    store = _open(_repo, args)
    changed = store.import_edition(Path(args.folder), _operator(), args.reason, args.source or str(args.folder))
    print(f"{changed} row(s) changed; data version {store.data_version()}")
    return 0


def users_add(_repo: None, args: argparse.Namespace) -> int:
    store = _open(_repo, args)
    token = store.add_account(args.name, args.role, args.commune or [])
    scope = f" for {', '.join(args.commune)}" if args.commune else ""
    print(f"account {args.name} ({args.role}{scope}) created; its API token, shown only now:")
    print(token)
    return 0


def users_revoke(_repo: None, args: argparse.Namespace) -> int:
    _open(_repo, args).revoke_account(args.name)
    print(f"account {args.name} revoked")
    return 0


def users_password(_repo: None, args: argparse.Namespace) -> int:
    """Reads the new password from the first line of stdin (never from the command line)."""
    _open(_repo, args).set_password(args.name, sys.stdin.readline().rstrip("\n"))
    print(f"password of {args.name} set")
    return 0


def users_list(_repo: None, args: argparse.Namespace) -> int:
    accounts = _open(_repo, args).accounts()
    rows = [{"name": a.name, "role": a.role, "communes": list(a.communes), "created": a.created_at.isoformat(),
             "revoked": a.revoked_at.isoformat() if a.revoked_at else None, "token": a.has_token,
             "password": a.has_password} for a in accounts]
    if args.json:
        print_json(rows)
    else:
        print_table(["name", "role", "communes", "created", "revoked", "token", "password"],
                    [[r["name"], r["role"], ";".join(r["communes"]), r["created"][:19], (r["revoked"] or "")[:19],
                      "yes" if r["token"] else "no", "yes" if r["password"] else "no"] for r in rows])
    return 0


def register(commands, data) -> None:
    """Adds `db …`, `users …` and `data export|import` to the parser of service/cli.py."""
    db = commands.add_parser("db", help="the database of the living data").add_subparsers(
        dest="db_command", required=True, metavar="DB_COMMAND")
    p = db.add_parser("upgrade", help="create or migrate the database (RUHRKARTE_DATABASE_URL), seed it when new")
    p.set_defaults(handler=db_upgrade, needs_data=False)
    p = db.add_parser("backup", help="copy the SQLite database into a new FILE (online; PostgreSQL: pg_dump)")
    p.add_argument("file")
    p.set_defaults(handler=db_backup, needs_data=False)
    p = db.add_parser("restore", help="replace the SQLite database's content with the backup FILE")
    p.add_argument("file")
    p.set_defaults(handler=db_restore, needs_data=False)

    p = data.add_parser("export", help="write the published state as the CSV edition (data/programmes/ format)")
    p.add_argument("--out", required=True, help="folder to write the five CSV files into")
    p.set_defaults(handler=data_export, needs_data=False)
    p = data.add_parser("import", help="publish an edition folder (five CSV files) after the same validation")
    p.add_argument("folder")
    p.add_argument("--reason", default="edition imported", help="recorded with every changed row")
    p.add_argument("--source", help="where the edition comes from (default: the folder)")
    p.set_defaults(handler=data_import, needs_data=False)

    users = commands.add_parser("users", help="accounts of editors, curators and admins").add_subparsers(
        dest="users_command", required=True, metavar="USERS_COMMAND")
    p = users.add_parser("add", help="create an account; its API token is the last line of the output")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=[r for r in ROLES if r != "public"])
    p.add_argument("--commune", action="append", help="AGS an editor may change (repeat for several)")
    p.set_defaults(handler=users_add, needs_data=False)
    p = users.add_parser("revoke", help="end an account's access (token and password)")
    p.add_argument("name")
    p.set_defaults(handler=users_revoke, needs_data=False)
    p = users.add_parser("password", help="set an account's password, read from the first line of stdin")
    p.add_argument("name")
    p.set_defaults(handler=users_password, needs_data=False)
    p = users.add_parser("list", help="the accounts (never their tokens)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=users_list, needs_data=False)
