"""Planners' own layers: the layer, its features (GeoJSON in EPSG:4326 and properties as JSON), and
each feature's parts per commune, so summaries never cut the geometries again.

On PostgreSQL each feature also gets a PostGIS geometry (EPSG:4326) with a GiST index, so QGIS can
read the layers from the database directly.
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_layers"
down_revision = "0002_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("layers",
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("owner", sa.Text, nullable=False), sa.Column("title", sa.Text, nullable=False),
                    sa.Column("kind", sa.Text, nullable=False), sa.Column("columns", sa.Text, nullable=False),
                    sa.Column("public", sa.Boolean, nullable=False), sa.Column("shared_with", sa.Text, nullable=False),
                    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
                    sa.Column("report", sa.Text, nullable=False), sa.Column("features", sa.Integer, nullable=False),
                    sa.Column("size_bytes", sa.Integer, nullable=False))
    op.create_index("ix_layers_owner", "layers", ["owner"])
    op.create_table("layer_features",
                    sa.Column("layer_id", sa.Integer, sa.ForeignKey("layers.id", ondelete="CASCADE"), primary_key=True),
                    sa.Column("feature", sa.Integer, primary_key=True),
                    sa.Column("line", sa.Integer, nullable=False),
                    sa.Column("geometry", sa.Text, nullable=True), sa.Column("ags", sa.Text, nullable=True),
                    sa.Column("properties", sa.Text, nullable=False))
    op.create_table("layer_parts",
                    sa.Column("layer_id", sa.Integer, sa.ForeignKey("layers.id", ondelete="CASCADE"), nullable=False),
                    sa.Column("feature", sa.Integer, nullable=False), sa.Column("ags", sa.Text, nullable=False),
                    sa.Column("measure", sa.Float, nullable=False), sa.Column("feature_share", sa.Float, nullable=False),
                    sa.Column("commune_share", sa.Float, nullable=False))
    op.create_index("ix_layer_parts_layer", "layer_parts", ["layer_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE layer_features ADD COLUMN geom geometry(Geometry, 4326)")
        op.execute("CREATE INDEX ix_layer_features_geom ON layer_features USING gist (geom)")


def downgrade() -> None:
    for table in ("layer_parts", "layer_features", "layers"):
        op.drop_table(table)
