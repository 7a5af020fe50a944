"""`ruhrkarte layers …`: planners' layers from the command line, on the store of the settings.

The upload runs the same pipeline as `POST /layers` (service/layer_uploads.py), as the account
named with --owner; progress goes to stderr, the layer id is the last line of stdout.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.errors import InvalidInput
from service.cli_output import print_json, print_table
from service.layer_uploads import UploadLimits, summary_of_layer, upload_layer
from service.live import open_settings_store
from store import Principal


def _owner(store, name: str) -> Principal:
    account = next((a for a in store.accounts() if a.name == name and a.revoked_at is None), None)
    if account is None:
        raise InvalidInput(f"--owner: no active account {name!r} (ruhrkarte users list)")
    return Principal(account.name, account.role, frozenset(account.communes))


def layers_upload(repo, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read the file ({error.strerror})") from None
    store = open_settings_store(args.settings, repo)
    owner = _owner(store, args.owner)
    layer_id, report = upload_layer(store, repo, owner, raw, path.name, args.title, UploadLimits.of(args.settings),
                                    progress=lambda text: print(text, file=sys.stderr, flush=True))
    for line, reason in report.rejected[:20]:
        print(f"line {line}: {reason}", file=sys.stderr)
    print(f"{report.features} features, {len(report.outside)} outside the Ruhr area, "
          f"{len(report.rejected)} rejected")
    print(layer_id)
    return 0


def layers_list(repo, args: argparse.Namespace) -> int:
    store = open_settings_store(args.settings, repo)
    rows = [{"id": i.id, "title": i.title, "owner": i.owner, "kind": i.kind, "features": i.features,
             "public": i.public, "shared_with": list(i.shared_with)} for i in store.layers(_owner(store, args.owner))]
    if args.json:
        print_json(rows)
    else:
        print_table(["id", "title", "owner", "kind", "features", "public"],
                    [[r["id"], r["title"], r["owner"], r["kind"], r["features"], "yes" if r["public"] else "no"]
                     for r in rows])
    return 0


def layers_summary(repo, args: argparse.Namespace) -> int:
    store = open_settings_store(args.settings, repo)
    _, summary = summary_of_layer(store, repo, _owner(store, args.owner), args.id)
    summary.rows.to_csv(sys.stdout, index=False)
    return 0


def layers_delete(repo, args: argparse.Namespace) -> int:
    store = open_settings_store(args.settings, repo)
    store.delete_layer(_owner(store, args.owner), args.id)
    print(f"layer {args.id} deleted")
    return 0


def register(commands) -> None:
    layers = commands.add_parser("layers", help="planners' own layers (upload, list, summary, delete)").add_subparsers(
        dest="layers_command", required=True, metavar="LAYERS_COMMAND")
    p = layers.add_parser("upload", help="store FILE (CSV, GeoJSON, GeoPackage; zip/gzip) as a layer; "
                                         "its id is the last line of the output")
    p.add_argument("file")
    p.add_argument("--title", required=True)
    p.add_argument("--owner", required=True, help="the account the layer belongs to")
    p.set_defaults(handler=layers_upload)
    p = layers.add_parser("list", help="the layers an account sees (own, shared, public)")
    p.add_argument("--owner", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=layers_list)
    for name, handler, text in (("summary", layers_summary, "per commune, Kreis and region, as CSV"),
                                ("delete", layers_delete, "remove a layer and every trace of it")):
        p = layers.add_parser(name, help=text)
        p.add_argument("id", type=int)
        p.add_argument("--owner", required=True)
        p.set_defaults(handler=handler)
