"""Browser sessions and failed sign-ins, kept in the database so every worker and replica shares them.

A session row holds only the SHA-256 of its cookie token (a stolen database opens no session) and
the session's CSRF token; a failed sign-in is one row per key (account name, client address), both
hashed, so names typed by mistake (sometimes a password) are not kept in clear.
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_sessions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("sessions",
                    sa.Column("token_hash", sa.Text, primary_key=True),
                    sa.Column("account", sa.Text, nullable=False),
                    sa.Column("csrf", sa.Text, nullable=False),
                    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
                    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False))
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"])
    op.create_table("sign_in_failures",
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("key_hash", sa.Text, nullable=False),
                    sa.Column("at", sa.DateTime(timezone=True), nullable=False))
    op.create_index("ix_sign_in_failures_key", "sign_in_failures", ["key_hash", "at"])


def downgrade() -> None:
    op.drop_table("sign_in_failures")
    op.drop_table("sessions")
