"""The schema of the release tagged v0.1.0 (created by its `create_all`).

Revision ID: 0001
Revises:
Create Date: 2026-12-05

A database that release created has no version table: `bot.store.schema` recognises it
and records it at this revision (or at 0002, when it already has the delivery lease),
then upgrades it like any other.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "chat",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("PRIVATE", "GROUP", "SUPERGROUP", "CHANNEL", "CONSOLE", name="chatkind"),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("deactivated_reason", sa.String(length=200), nullable=True),
        sa.Column("ui_lang", sa.String(length=8), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("digest_time", sa.String(length=5), nullable=True),
        sa.Column("next_digest_at", UTC, nullable=True),
        sa.Column("last_digest_at", UTC, nullable=True),
        sa.Column("muted_until", UTC, nullable=True),
        sa.Column("every_item", sa.Boolean(), nullable=False),
        sa.Column("linked_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chat_next_digest_at", "chat", ["next_digest_at"])
    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("config_url", sa.String(length=2000), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column(
            "state",
            sa.Enum("ACTIVE", "DISABLED", "GONE", "REMOVED", name="feedstate"),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=True),
        sa.Column("baseline_done", sa.Boolean(), nullable=False),
        sa.Column("last_status", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("quiet_polls", sa.Integer(), nullable=False),
        sa.Column("last_polled_at", UTC, nullable=True),
        sa.Column("last_success_at", UTC, nullable=True),
        sa.Column("next_poll_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_feed_next_poll_at", "feed", ["next_poll_at"])
    op.create_table(
        "item",
        sa.Column("id", BigId, nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("guid", sa.String(length=2000), nullable=True),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("link_hash", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=600), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("content_hash", sa.String(length=32), nullable=False),
        sa.Column("published_at", UTC, nullable=False),
        sa.Column("first_seen_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=True),
        sa.Column("is_baseline", sa.Boolean(), nullable=False),
        sa.Column("story_id", BigId, nullable=True),
        sa.ForeignKeyConstraint(["feed_id"], ["feed.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_id", "key", name="uq_item_feed_key"),
        sa.UniqueConstraint("link_hash"),
    )
    op.create_index("ix_item_feed_id", "item", ["feed_id"])
    op.create_index("ix_item_first_seen_at", "item", ["first_seen_at"])
    op.create_index("ix_item_published_at", "item", ["published_at"])
    op.create_index("ix_item_story_id", "item", ["story_id"])
    op.create_table(
        "keyword",
        sa.Column("id", BigId, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=100), nullable=False),
        sa.Column("normalized", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "normalized", name="uq_keyword_chat_text"),
    )
    op.create_index("ix_keyword_chat_id", "keyword", ["chat_id"])
    op.create_table(
        "subscription",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id", "topic_id"),
    )
    op.create_index("ix_subscription_topic_id", "subscription", ["topic_id"])
    op.create_table(
        "delivery",
        sa.Column("id", BigId, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("PENDING", "SENDING", "SENT", "DROPPED", name="deliverystatus"),
            nullable=False,
        ),
        sa.Column("kind", sa.Enum("ALERT", "STORY_UPDATE", name="deliverykind"), nullable=False),
        sa.Column("edit_of", sa.BigInteger(), nullable=True),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("claimed_at", UTC, nullable=True),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "item_id", name="uq_delivery_chat_item"),
    )
    op.create_index("ix_delivery_chat_id", "delivery", ["chat_id"])
    op.create_index("ix_delivery_due", "delivery", ["status", "next_attempt_at"])
    op.create_table(
        "item_topic",
        sa.Column("item_id", BigId, nullable=False),
        sa.Column("topic_id", sa.String(length=64), nullable=False),
        sa.Column("terms", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("item_id", "topic_id"),
    )
    op.create_index("ix_item_topic_topic", "item_topic", ["topic_id"])


def downgrade() -> None:
    for table in ("item_topic", "delivery", "subscription", "keyword", "item", "feed", "chat"):
        op.drop_table(table)
    for enum in ("deliverykind", "deliverystatus", "feedstate", "chatkind"):
        sa.Enum(name=enum).drop(op.get_bind(), checkfirst=True)
