"""The store's tables (SQLAlchemy Core): the published edition, revisions, proposals, accounts, the data version.

Every column of the committed CSV edition is a text column of the same name, holding the cell
exactly as written, so that an export reproduces the files byte for byte. The store's own
bookkeeping columns start with `row_`. Migrations (store/migrations/) create these tables; this
module only describes them for queries.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, LargeBinary, MetaData, Table, Text


@dataclass(frozen=True)
class Entity:
    """One file of the edition as a table: its key column and the column an editor's scope is read from."""

    name: str                 # table name, also the entity type in revisions and commands
    file: str                 # the CSV file of the edition
    id_column: str            # the row's id in the file ('' allowed only where `surrogate` is true)
    columns: tuple[str, ...]  # the CSV header, in order
    scope_column: str | None  # commune codes an editor must hold; None: curators only
    surrogate: bool = False   # rows without an id get a store key 'row-N'


ENTITIES: dict[str, Entity] = {e.name: e for e in (
    Entity("programmes", "programmes.csv", "id",
           ("id", "order", "colour", "label_de", "label_en", "project_id", "name_de", "name_en", "handlungsfeld",
            "ministry", "report_page", "description_de", "description_en", "source"), None),
    Entity("sites", "sites.csv", "id",
           ("id", "programme", "name", "communes", "address", "lat", "lon", "precision", "identification", "level",
            "status", "year", "report_line", "source", "coordinate_source", "notes"), "communes"),
    Entity("five_locations", "five_locations.csv", "location", ("location", "code", "kind", "source"), None),
    Entity("projects", "projects.csv", "project_id",
           ("project_id", "title", "pillar", "handlungsfeld", "ministry", "communes", "communes_caption",
            "communes_inferred", "report_lines", "notes", "source"), "communes", surrogate=True),
    Entity("funding", "funding.csv", "figure_id",
           ("figure_id", "programme", "project_id", "title", "scope", "scope_outside_ruhr", "host", "shared",
            "programme_total", "part_of", "kind", "amount_eur", "probable_amount_eur", "measure", "funder", "period",
            "period_de", "qualifier", "qualifier_de", "what_for", "notes", "report_line", "source"), "scope"),
)}
ROLES = ("public", "editor", "curator", "admin")
PROPOSAL_STATUSES = ("proposed", "approved", "rejected")

metadata = MetaData()


def _entity_table(entity: Entity) -> Table:
    return Table(entity.name, metadata,
                 Column("row_key", Text, primary_key=True),
                 Column("row_order", Integer, nullable=False),
                 Column("row_version", Integer, nullable=False),
                 Column("row_hidden", Boolean, nullable=False),
                 *(Column(name, Text, nullable=False) for name in entity.columns))


TABLES: dict[str, Table] = {name: _entity_table(entity) for name, entity in ENTITIES.items()}

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", Text, nullable=False), Column("entity_key", Text, nullable=False),
    Column("action", Text, nullable=False),          # seed, create, update, delete, revert, import
    Column("author", Text, nullable=False), Column("author_role", Text, nullable=False),
    Column("author_communes", Text, nullable=False),
    Column("reviewer", Text, nullable=True),         # the curator who approved an editor's proposal
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False), Column("source", Text, nullable=False),
    Column("before", Text, nullable=True), Column("after", Text, nullable=True),  # JSON rows; null: not published
    Column("proposal_id", Integer, nullable=True),
    Column("data_version", Integer, nullable=False),
)

proposals = Table(
    "proposals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", Text, nullable=False), Column("entity_key", Text, nullable=False),
    Column("action", Text, nullable=False),          # put, delete
    Column("base_version", Integer, nullable=True),  # the version the editor saw; null: a new row
    Column("after", Text, nullable=True),            # JSON row; null for a deletion
    Column("author", Text, nullable=False), Column("author_role", Text, nullable=False),
    Column("author_communes", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False), Column("source", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("decided_by", Text, nullable=True), Column("decided_at", DateTime(timezone=True), nullable=True),
    Column("decision_reason", Text, nullable=True), Column("revision_id", Integer, nullable=True),
)

accounts = Table(
    "accounts", metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("communes", Text, nullable=False),        # ';'-separated AGS, editors only
    Column("token_hash", Text, nullable=True, unique=True),  # sha256 hex of the API token; never the token
    Column("password_hash", Text, nullable=True),    # Argon2id
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

meta = Table(
    "store_meta", metadata,
    Column("id", Integer, primary_key=True),
    Column("data_version", Integer, nullable=False),  # +1 with every transaction that changes the published state
    Column("seeded_at", DateTime(timezone=True), nullable=True),
)

layers = Table(
    "layers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("owner", Text, nullable=False), Column("title", Text, nullable=False),
    Column("kind", Text, nullable=False),            # point, line, polygon, commune
    Column("columns", Text, nullable=False),         # JSON [{name, type}] of the properties
    Column("public", Boolean, nullable=False),
    Column("shared_with", Text, nullable=False),     # ';'-separated account names
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("report", Text, nullable=False),          # JSON upload report
    Column("features", Integer, nullable=False), Column("size_bytes", Integer, nullable=False),
)

layer_features = Table(
    "layer_features", metadata,
    Column("layer_id", Integer, primary_key=True), Column("feature", Integer, primary_key=True),
    Column("line", Integer, nullable=False),
    Column("geometry", Text, nullable=True),         # GeoJSON geometry in EPSG:4326; null for commune tables
    Column("ags", Text, nullable=True),              # the commune of a commune table's row
    Column("properties", Text, nullable=False),      # JSON object
)

layer_parts = Table(
    "layer_parts", metadata,
    Column("layer_id", Integer, nullable=False), Column("feature", Integer, nullable=False),
    Column("ags", Text, nullable=False), Column("measure", Float, nullable=False),
    Column("feature_share", Float, nullable=False), Column("commune_share", Float, nullable=False),
)

layer_data = Table(
    "layer_data", metadata,
    Column("layer_id", Integer, primary_key=True),
    Column("features", LargeBinary, nullable=False),  # Arrow IPC of the features (geo/layer_table.py)
    Column("parts", LargeBinary, nullable=False),     # Arrow IPC of their parts per commune
)

layer_summaries = Table(
    "layer_summaries", metadata,
    Column("layer_id", Integer, primary_key=True),
    Column("sums", Text, nullable=False),             # JSON of geo.layer_summary.UnitSums, made at upload
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", Text, primary_key=True),    # sha256 hex of the cookie token; never the token
    Column("account", Text, nullable=False),
    Column("csrf", Text, nullable=False),            # the token every form of this session carries
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", Text, nullable=False),        # sha256 hex of 'name:…' or 'address:…'
    Column("at", DateTime(timezone=True), nullable=False),
)
