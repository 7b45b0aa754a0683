-- The feeds from a running Rasa (its event brokers): where each feed stands in its source, committed in the same
-- transaction as the events it read, so a restart resumes exactly; and the messages a feed refused, with the reason,
-- once per feed and body (a redelivered message is not kept again), so they never block or vanish unnoticed.
CREATE TABLE feed_positions (
    feed          TEXT   NOT NULL PRIMARY KEY,
    position      BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

CREATE TABLE feed_rejects (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed           TEXT   NOT NULL,
    body_hash      BIGINT NOT NULL,
    source         TEXT   NOT NULL,
    sender_id      TEXT,
    field          TEXT   NOT NULL,
    reason         TEXT   NOT NULL,
    body           TEXT   NOT NULL,
    received_at_ms BIGINT NOT NULL,
    UNIQUE (feed, body_hash)
);

-- A deletion of a conversation removes what it sent that was refused, too.
CREATE INDEX ix_feed_rejects_sender ON feed_rejects (sender_id) WHERE sender_id IS NOT NULL;
