-- The schema release v0.1.0 creates on postgresql: the statements its
-- SQLModel.metadata.create_all emits (git tag v0.1.0, bot/store/models.py), captured
-- with SQLAlchemy's mock engine. tests/test_migrations.py loads it, fills it with data
-- and upgrades it to head.

CREATE TYPE feedstate AS ENUM ('ACTIVE', 'DISABLED', 'GONE', 'REMOVED');

CREATE TYPE chatkind AS ENUM ('PRIVATE', 'GROUP', 'SUPERGROUP', 'CHANNEL', 'CONSOLE');

CREATE TYPE deliverystatus AS ENUM ('PENDING', 'SENDING', 'SENT', 'DROPPED');

CREATE TYPE deliverykind AS ENUM ('ALERT', 'STORY_UPDATE');

CREATE TABLE feed (
	id SERIAL NOT NULL,
	name VARCHAR(100) NOT NULL,
	config_url VARCHAR(2000) NOT NULL,
	url VARCHAR(2000) NOT NULL,
	interval_s INTEGER NOT NULL,
	lang VARCHAR(8),
	state feedstate NOT NULL,
	title VARCHAR(500),
	etag VARCHAR(500),
	last_modified VARCHAR(100),
	body_hash VARCHAR(64),
	baseline_done BOOLEAN NOT NULL,
	last_status VARCHAR(32),
	last_error VARCHAR(500),
	error_count INTEGER NOT NULL,
	quiet_polls INTEGER NOT NULL,
	last_polled_at TIMESTAMP WITH TIME ZONE,
	last_success_at TIMESTAMP WITH TIME ZONE,
	next_poll_at TIMESTAMP WITH TIME ZONE,
	PRIMARY KEY (id),
	UNIQUE (name)
);

CREATE INDEX ix_feed_next_poll_at ON feed (next_poll_at);

CREATE TABLE chat (
	id BIGSERIAL NOT NULL,
	kind chatkind NOT NULL,
	title VARCHAR(200),
	active BOOLEAN NOT NULL,
	deactivated_reason VARCHAR(200),
	ui_lang VARCHAR(8) NOT NULL,
	timezone VARCHAR(64) NOT NULL,
	digest_time VARCHAR(5),
	next_digest_at TIMESTAMP WITH TIME ZONE,
	last_digest_at TIMESTAMP WITH TIME ZONE,
	muted_until TIMESTAMP WITH TIME ZONE,
	every_item BOOLEAN NOT NULL,
	linked_by BIGINT,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id)
);

CREATE INDEX ix_chat_next_digest_at ON chat (next_digest_at);

CREATE TABLE item (
	id BIGSERIAL NOT NULL,
	feed_id INTEGER NOT NULL,
	key VARCHAR(250) NOT NULL,
	guid VARCHAR(2000),
	link VARCHAR(2000),
	link_hash VARCHAR(40),
	title VARCHAR(600) NOT NULL,
	summary VARCHAR NOT NULL,
	lang VARCHAR(8),
	content_hash VARCHAR(32) NOT NULL,
	published_at TIMESTAMP WITH TIME ZONE NOT NULL,
	first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE,
	is_baseline BOOLEAN NOT NULL,
	story_id BIGINT,
	PRIMARY KEY (id),
	CONSTRAINT uq_item_feed_key UNIQUE (feed_id, key),
	FOREIGN KEY(feed_id) REFERENCES feed (id),
	UNIQUE (link_hash)
);

CREATE INDEX ix_item_published_at ON item (published_at);

CREATE INDEX ix_item_story_id ON item (story_id);

CREATE INDEX ix_item_feed_id ON item (feed_id);

CREATE INDEX ix_item_first_seen_at ON item (first_seen_at);

CREATE TABLE subscription (
	chat_id BIGINT NOT NULL,
	topic_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (chat_id, topic_id),
	FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE
);

CREATE INDEX ix_subscription_topic_id ON subscription (topic_id);

CREATE TABLE keyword (
	id BIGSERIAL NOT NULL,
	chat_id BIGINT NOT NULL,
	text VARCHAR(100) NOT NULL,
	normalized VARCHAR(200) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_keyword_chat_text UNIQUE (chat_id, normalized),
	FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE
);

CREATE INDEX ix_keyword_chat_id ON keyword (chat_id);

CREATE TABLE item_topic (
	item_id BIGINT NOT NULL,
	topic_id VARCHAR(64) NOT NULL,
	terms VARCHAR NOT NULL,
	PRIMARY KEY (item_id, topic_id),
	FOREIGN KEY(item_id) REFERENCES item (id)
);

CREATE INDEX ix_item_topic_topic ON item_topic (topic_id);

CREATE TABLE delivery (
	id BIGSERIAL NOT NULL,
	chat_id BIGINT NOT NULL,
	item_id BIGINT NOT NULL,
	status deliverystatus NOT NULL,
	kind deliverykind NOT NULL,
	edit_of BIGINT,
	reasons VARCHAR NOT NULL,
	attempts INTEGER NOT NULL,
	next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
	claimed_at TIMESTAMP WITH TIME ZONE,
	sent_at TIMESTAMP WITH TIME ZONE,
	message_id BIGINT,
	error VARCHAR(300),
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_delivery_chat_item UNIQUE (chat_id, item_id),
	FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE,
	FOREIGN KEY(item_id) REFERENCES item (id) ON DELETE CASCADE
);

CREATE INDEX ix_delivery_due ON delivery (status, next_attempt_at);

CREATE INDEX ix_delivery_chat_id ON delivery (chat_id);
