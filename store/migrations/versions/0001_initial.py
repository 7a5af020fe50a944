"""The first schema: the edition's five tables, revisions, proposals, accounts, the data version.

Frozen: later changes go into new revisions, never here. On PostgreSQL the sites also get a
PostGIS point (EPSG:4326) with a GiST index, and a view of the published sites for QGIS.
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

EDITION = {
    "programmes": ("id", "order", "colour", "label_de", "label_en", "project_id", "name_de", "name_en",
                   "handlungsfeld", "ministry", "report_page", "description_de", "description_en", "source"),
    "sites": ("id", "programme", "name", "communes", "address", "lat", "lon", "precision", "identification", "level",
              "status", "year", "report_line", "source", "coordinate_source", "notes"),
    "five_locations": ("location", "code", "kind", "source"),
    "projects": ("project_id", "title", "pillar", "handlungsfeld", "ministry", "communes", "communes_caption",
                 "communes_inferred", "report_lines", "notes", "source"),
    "funding": ("figure_id", "programme", "project_id", "title", "scope", "scope_outside_ruhr", "host", "shared",
                "programme_total", "part_of", "kind", "amount_eur", "probable_amount_eur", "measure", "funder",
                "period", "period_de", "qualifier", "qualifier_de", "what_for", "notes", "report_line", "source"),
}


def _stamp(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    for table, columns in EDITION.items():
        op.create_table(table,
                        sa.Column("row_key", sa.Text, primary_key=True),
                        sa.Column("row_order", sa.Integer, nullable=False),
                        sa.Column("row_version", sa.Integer, nullable=False),
                        sa.Column("row_hidden", sa.Boolean, nullable=False),
                        *(sa.Column(name, sa.Text, nullable=False) for name in columns))
        op.create_index(f"ix_{table}_row_order", table, ["row_order"])
    op.create_table("revisions",
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("entity", sa.Text, nullable=False), sa.Column("entity_key", sa.Text, nullable=False),
                    sa.Column("action", sa.Text, nullable=False),
                    sa.Column("author", sa.Text, nullable=False), sa.Column("author_role", sa.Text, nullable=False),
                    sa.Column("author_communes", sa.Text, nullable=False),
                    sa.Column("reviewer", sa.Text, nullable=True), _stamp("at", False),
                    sa.Column("reason", sa.Text, nullable=False), sa.Column("source", sa.Text, nullable=False),
                    sa.Column("before", sa.Text, nullable=True), sa.Column("after", sa.Text, nullable=True),
                    sa.Column("proposal_id", sa.Integer, nullable=True),
                    sa.Column("data_version", sa.Integer, nullable=False))
    op.create_index("ix_revisions_entity", "revisions", ["entity", "entity_key"])
    op.create_table("proposals",
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("entity", sa.Text, nullable=False), sa.Column("entity_key", sa.Text, nullable=False),
                    sa.Column("action", sa.Text, nullable=False),
                    sa.Column("base_version", sa.Integer, nullable=True), sa.Column("after", sa.Text, nullable=True),
                    sa.Column("author", sa.Text, nullable=False), sa.Column("author_role", sa.Text, nullable=False),
                    sa.Column("author_communes", sa.Text, nullable=False), _stamp("at", False),
                    sa.Column("reason", sa.Text, nullable=False), sa.Column("source", sa.Text, nullable=False),
                    sa.Column("status", sa.Text, nullable=False),
                    sa.Column("decided_by", sa.Text, nullable=True), _stamp("decided_at", True),
                    sa.Column("decision_reason", sa.Text, nullable=True),
                    sa.Column("revision_id", sa.Integer, nullable=True))
    op.create_index("ix_proposals_status", "proposals", ["status"])
    op.create_table("accounts",
                    sa.Column("name", sa.Text, primary_key=True), sa.Column("role", sa.Text, nullable=False),
                    sa.Column("communes", sa.Text, nullable=False),
                    sa.Column("token_hash", sa.Text, nullable=True, unique=True),
                    sa.Column("password_hash", sa.Text, nullable=True),
                    _stamp("created_at", False), _stamp("revoked_at", True))
    op.create_table("store_meta",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("data_version", sa.Integer, nullable=False), _stamp("seeded_at", True))
    op.execute("INSERT INTO store_meta (id, data_version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute("ALTER TABLE sites ADD COLUMN geom geometry(Point, 4326)")
        op.execute("CREATE INDEX ix_sites_geom ON sites USING gist (geom)")
        op.execute("CREATE VIEW published_sites AS SELECT * FROM sites WHERE NOT row_hidden")
    else:
        op.execute("CREATE VIEW published_sites AS SELECT * FROM sites WHERE NOT row_hidden")


def downgrade() -> None:
    op.execute("DROP VIEW published_sites")
    for table in ("store_meta", "accounts", "proposals", "revisions", *EDITION):
        op.drop_table(table)
