"""Source kinds, quiet hours and feed health (issue 13).

`feed.kind`; a chat's left-out kinds, quiet hours and "breaking may wake me"; the feed
watch's evidence (`feed_health`) and its small outbox of operator notices.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_KINDS = ("OFFICIAL", "WIRE", "INDEPENDENT", "STATE_AFFILIATED")
_HEALTH = ("HEALTHY", "FAILING", "SILENT", "CHURNING")
_STATUS = ("PENDING", "SENDING", "SENT", "DROPPED")


def _existing_enum(*values: str, name: str) -> sa.types.TypeEngine[str]:
    """An enum type 0001 already created (on PostgreSQL, a type of its own)."""
    return sa.Enum(*values, name=name).with_variant(
        postgresql.ENUM(*values, name=name, create_type=False), "postgresql"
    )


def upgrade() -> None:
    sa.Enum(*_KINDS, name="sourcekind").create(op.get_bind(), checkfirst=True)
    op.create_table(
        "operator_notice",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("html", sa.String(), nullable=False),
        sa.Column("status", _existing_enum(*_STATUS, name="deliverystatus"), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_operator_notice_due", "operator_notice", ["status", "next_attempt_at"])
    op.create_table(
        "feed_health",
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Enum(*_HEALTH, name="health"), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_new_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("arrivals", sa.String(), nullable=False),
        sa.Column("polls", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["feed_id"], ["feed.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("feed_id"),
    )
    with op.batch_alter_table("chat") as batch_op:
        # Existing chats leave nothing out and let nothing wake them.
        batch_op.add_column(
            sa.Column("left_out_kinds", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("quiet_hours", sa.String(length=11), nullable=True))
        batch_op.add_column(sa.Column("next_quiet_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("breaking_wakes", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_chat_next_quiet_at", ["next_quiet_at"])
    with op.batch_alter_table("chat") as batch_op:  # the defaults served their purpose
        batch_op.alter_column("left_out_kinds", server_default=None)
        batch_op.alter_column("breaking_wakes", server_default=None)
    with op.batch_alter_table("feed") as batch_op:
        batch_op.add_column(
            sa.Column("kind", _existing_enum(*_KINDS, name="sourcekind"), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("feed") as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("chat") as batch_op:
        batch_op.drop_index("ix_chat_next_quiet_at")
        batch_op.drop_column("breaking_wakes")
        batch_op.drop_column("next_quiet_at")
        batch_op.drop_column("quiet_hours")
        batch_op.drop_column("left_out_kinds")
    op.drop_table("feed_health")
    op.drop_index("ix_operator_notice_due", table_name="operator_notice")
    op.drop_table("operator_notice")
    for enum in ("health", "sourcekind"):
        sa.Enum(name=enum).drop(op.get_bind(), checkfirst=True)
