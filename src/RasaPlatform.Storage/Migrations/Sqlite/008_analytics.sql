-- Statistics and analytics. The metadata projector saves each conversation's facts (ConversationFacts) beside its
-- metadata, in the same transaction and under the same revision rule; triggers keep sums of those facts per
-- quarter-hour UTC bucket (AnalyticsBucket), so a read sums a few thousand bucket rows instead of folding events.
-- Durations and times are integer ticks (100 ns) since the Unix epoch, so sums are exact whatever the order of
-- additions and removals. Fact rows change only by insert and delete.

-- A conversation's activity per bucket; previous_bucket is its previous active bucket (-2^63 for the first).
CREATE TABLE conversation_buckets (
    conversation_id INTEGER NOT NULL,
    bucket          INTEGER NOT NULL,
    user_messages   INTEGER NOT NULL,
    bot_messages    INTEGER NOT NULL,
    previous_bucket INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, bucket)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_buckets_bucket ON conversation_buckets (bucket);

-- A conversation's sessions in order; start_bucket is the bucket of start_ticks.
CREATE TABLE conversation_sessions (
    conversation_id INTEGER NOT NULL,
    ordinal         INTEGER NOT NULL,
    start_bucket    INTEGER NOT NULL,
    start_ticks     INTEGER NOT NULL,
    end_ticks       INTEGER NOT NULL,
    user_messages   INTEGER NOT NULL,
    is_first        INTEGER NOT NULL, -- 0 or 1
    PRIMARY KEY (conversation_id, ordinal)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_sessions_start_bucket ON conversation_sessions (start_bucket);

-- How often a conversation names each intent, entity, action and policy per bucket (kinds as conversation_names).
CREATE TABLE conversation_bucket_names (
    conversation_id INTEGER NOT NULL,
    bucket          INTEGER NOT NULL,
    kind            INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    count           INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, bucket, kind, name)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_bucket_names_bucket ON conversation_bucket_names (bucket);

-- The first and last user message of conversations that have one: analytics' default range.
CREATE TABLE conversation_user_range (
    conversation_id INTEGER PRIMARY KEY,
    first_ticks     INTEGER NOT NULL,
    last_ticks      INTEGER NOT NULL
);

CREATE INDEX ix_conversation_user_range_first ON conversation_user_range (first_ticks);
CREATE INDEX ix_conversation_user_range_last ON conversation_user_range (last_ticks);

-- Sums per bucket: messages in it, and sessions starting in it.
CREATE TABLE analytics_buckets (
    bucket                INTEGER PRIMARY KEY,
    user_messages         INTEGER NOT NULL DEFAULT 0,
    bot_messages          INTEGER NOT NULL DEFAULT 0,
    sessions              INTEGER NOT NULL DEFAULT 0,
    first_sessions        INTEGER NOT NULL DEFAULT 0,
    session_length_ticks  INTEGER NOT NULL DEFAULT 0,
    session_user_messages INTEGER NOT NULL DEFAULT 0
);

-- How many conversations are active in a bucket with a given previous active bucket: the distinct conversations of
-- buckets [a, b) are the rows of those buckets whose previous bucket is before a.
CREATE TABLE analytics_active (
    bucket          INTEGER NOT NULL,
    previous_bucket INTEGER NOT NULL,
    conversations   INTEGER NOT NULL,
    PRIMARY KEY (bucket, previous_bucket)
) WITHOUT ROWID;

CREATE TABLE statistics_names (
    bucket INTEGER NOT NULL,
    kind   INTEGER NOT NULL,
    name   TEXT    NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (bucket, kind, name)
) WITHOUT ROWID;

CREATE TABLE statistics_totals (
    kind  INTEGER NOT NULL,
    name  TEXT    NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;

CREATE TRIGGER conversation_buckets_sum_insert AFTER INSERT ON conversation_buckets
BEGIN
    INSERT INTO analytics_buckets (bucket, user_messages, bot_messages) VALUES (NEW.bucket, NEW.user_messages, NEW.bot_messages)
    ON CONFLICT (bucket) DO UPDATE SET
        user_messages = user_messages + excluded.user_messages, bot_messages = bot_messages + excluded.bot_messages;
    INSERT INTO analytics_active (bucket, previous_bucket, conversations) VALUES (NEW.bucket, NEW.previous_bucket, 1)
    ON CONFLICT (bucket, previous_bucket) DO UPDATE SET conversations = conversations + 1;
END;

CREATE TRIGGER conversation_buckets_sum_delete AFTER DELETE ON conversation_buckets
BEGIN
    UPDATE analytics_buckets SET user_messages = user_messages - OLD.user_messages, bot_messages = bot_messages - OLD.bot_messages
    WHERE bucket = OLD.bucket;
    UPDATE analytics_active SET conversations = conversations - 1 WHERE bucket = OLD.bucket AND previous_bucket = OLD.previous_bucket;
END;

CREATE TRIGGER conversation_sessions_sum_insert AFTER INSERT ON conversation_sessions
BEGIN
    INSERT INTO analytics_buckets (bucket, sessions, first_sessions, session_length_ticks, session_user_messages)
    VALUES (NEW.start_bucket, 1, NEW.is_first, NEW.end_ticks - NEW.start_ticks, NEW.user_messages)
    ON CONFLICT (bucket) DO UPDATE SET
        sessions = sessions + 1, first_sessions = first_sessions + excluded.first_sessions,
        session_length_ticks = session_length_ticks + excluded.session_length_ticks,
        session_user_messages = session_user_messages + excluded.session_user_messages;
END;

CREATE TRIGGER conversation_sessions_sum_delete AFTER DELETE ON conversation_sessions
BEGIN
    UPDATE analytics_buckets SET
        sessions = sessions - 1, first_sessions = first_sessions - OLD.is_first,
        session_length_ticks = session_length_ticks - (OLD.end_ticks - OLD.start_ticks),
        session_user_messages = session_user_messages - OLD.user_messages
    WHERE bucket = OLD.start_bucket;
END;

CREATE TRIGGER conversation_bucket_names_sum_insert AFTER INSERT ON conversation_bucket_names
BEGIN
    INSERT INTO statistics_names (bucket, kind, name, count) VALUES (NEW.bucket, NEW.kind, NEW.name, NEW.count)
    ON CONFLICT (bucket, kind, name) DO UPDATE SET count = count + excluded.count;
    INSERT INTO statistics_totals (kind, name, count) VALUES (NEW.kind, NEW.name, NEW.count)
    ON CONFLICT (kind, name) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER conversation_bucket_names_sum_delete AFTER DELETE ON conversation_bucket_names
BEGIN
    UPDATE statistics_names SET count = count - OLD.count WHERE bucket = OLD.bucket AND kind = OLD.kind AND name = OLD.name;
    UPDATE statistics_totals SET count = count - OLD.count WHERE kind = OLD.kind AND name = OLD.name;
END;

-- Conversations projected before this migration have no facts yet: fold every conversation again.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT id, revision, updated_at_ms FROM conversations WHERE true
ON CONFLICT (conversation_id) DO NOTHING;
