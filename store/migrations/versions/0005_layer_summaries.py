"""A layer's sums per commune, Kreis and region (geo/layer_summary.py UnitSums as JSON), computed
once at upload: `GET /layers/{id}/summary` then reads a few kilobytes instead of the whole layer.
Layers stored before have no row here and are summed from their features when asked.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_layer_summaries"
down_revision = "0004_layer_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("layer_summaries",
                    sa.Column("layer_id", sa.Integer, sa.ForeignKey("layers.id", ondelete="CASCADE"), primary_key=True),
                    sa.Column("sums", sa.Text, nullable=False))


def downgrade() -> None:
    op.drop_table("layer_summaries")
