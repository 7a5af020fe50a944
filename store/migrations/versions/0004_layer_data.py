"""Planners' layers kept as one compact value each: the features and their parts per commune as two
Arrow IPC buffers (geo/layer_table.py), so a layer of a million points is written and read in well
under a second. On PostgreSQL every feature still gets its row in layer_features with a PostGIS
geometry, so QGIS can read the layers from the database directly.
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_layer_data"
down_revision = "0003_layers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("layer_data",
                    sa.Column("layer_id", sa.Integer, sa.ForeignKey("layers.id", ondelete="CASCADE"), primary_key=True),
                    sa.Column("features", sa.LargeBinary, nullable=False),
                    sa.Column("parts", sa.LargeBinary, nullable=False))


def downgrade() -> None:
    op.drop_table("layer_data")
