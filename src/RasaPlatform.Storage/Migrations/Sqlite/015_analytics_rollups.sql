-- Analytics per assistant, and sums at three grains. Migration 008's sums per quarter hour make a year in daily bins
-- a read of 35k bucket rows (and 30 days of statistics one of every name in 2,880 buckets). The sums are now kept per
-- assistant and per grain: quarter hours (grain 1), hours (4) and UTC days (96), each row keyed by the number of its
-- first quarter. A read covers a range with the fewest whole units (days inside, hours and quarters at the ends).
-- The fact rows carry their conversation's assistant, so a delete trigger subtracts from the assistant the rows were
-- added to, even when the conversation has moved to another assistant since.
--
-- Distinct conversations: a conversation's row in analytics_active at grain g counts it once in the unit it is active
-- in, keyed by its last active quarter before that unit. The conversations active in units [a, b) are the rows of
-- those units whose previous quarter lies before a, whatever mix of grains covers [a, b).

DROP TRIGGER conversation_buckets_sum_insert;
DROP TRIGGER conversation_buckets_sum_delete;
DROP TRIGGER conversation_sessions_sum_insert;
DROP TRIGGER conversation_sessions_sum_delete;
DROP TRIGGER conversation_bucket_names_sum_insert;
DROP TRIGGER conversation_bucket_names_sum_delete;
DROP TABLE analytics_buckets;
DROP TABLE analytics_active;
DROP TABLE statistics_names;
DROP TABLE statistics_totals;
DROP TABLE conversation_buckets;
DROP TABLE conversation_sessions;
DROP TABLE conversation_bucket_names;
DROP TABLE conversation_user_range;

CREATE TABLE conversation_buckets (
    conversation_id INTEGER NOT NULL,
    bucket          INTEGER NOT NULL,
    user_messages   INTEGER NOT NULL,
    bot_messages    INTEGER NOT NULL,
    previous_bucket INTEGER NOT NULL,
    assistant       TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, bucket)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_buckets_bucket ON conversation_buckets (bucket);

CREATE TABLE conversation_sessions (
    conversation_id INTEGER NOT NULL,
    ordinal         INTEGER NOT NULL,
    start_bucket    INTEGER NOT NULL,
    start_ticks     INTEGER NOT NULL,
    end_ticks       INTEGER NOT NULL,
    user_messages   INTEGER NOT NULL,
    is_first        INTEGER NOT NULL, -- 0 or 1
    assistant       TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, ordinal)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_sessions_start_bucket ON conversation_sessions (start_bucket);

CREATE TABLE conversation_bucket_names (
    conversation_id INTEGER NOT NULL,
    bucket          INTEGER NOT NULL,
    kind            INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    count           INTEGER NOT NULL,
    assistant       TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, bucket, kind, name)
) WITHOUT ROWID;

CREATE INDEX ix_conversation_bucket_names_bucket ON conversation_bucket_names (bucket);

CREATE TABLE conversation_user_range (
    conversation_id INTEGER PRIMARY KEY,
    first_ticks     INTEGER NOT NULL,
    last_ticks      INTEGER NOT NULL,
    assistant       TEXT    NOT NULL
);

CREATE INDEX ix_conversation_user_range_first ON conversation_user_range (assistant, first_ticks);
CREATE INDEX ix_conversation_user_range_last ON conversation_user_range (assistant, last_ticks);

-- The grains, for the triggers to add each fact to every grain in one statement.
CREATE TABLE analytics_grains (grain INTEGER PRIMARY KEY);
INSERT INTO analytics_grains (grain) VALUES (1), (4), (96);

CREATE TABLE analytics_buckets (
    grain                 INTEGER NOT NULL,
    bucket                INTEGER NOT NULL,
    assistant             TEXT    NOT NULL,
    user_messages         INTEGER NOT NULL DEFAULT 0,
    bot_messages          INTEGER NOT NULL DEFAULT 0,
    sessions              INTEGER NOT NULL DEFAULT 0,
    first_sessions        INTEGER NOT NULL DEFAULT 0,
    session_length_ticks  INTEGER NOT NULL DEFAULT 0,
    session_user_messages INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grain, bucket, assistant)
) WITHOUT ROWID;

CREATE TABLE analytics_active (
    grain           INTEGER NOT NULL,
    bucket          INTEGER NOT NULL,
    previous_bucket INTEGER NOT NULL,
    assistant       TEXT    NOT NULL,
    conversations   INTEGER NOT NULL,
    PRIMARY KEY (grain, bucket, previous_bucket, assistant)
) WITHOUT ROWID;

CREATE TABLE statistics_names (
    grain     INTEGER NOT NULL,
    bucket    INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    assistant TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (grain, bucket, kind, name, assistant)
) WITHOUT ROWID;

CREATE TABLE statistics_totals (
    assistant TEXT    NOT NULL,
    kind      INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (assistant, kind, name)
) WITHOUT ROWID;

-- The unit of grain g holding quarter b starts at quarter b - floor_mod(b, g). A delete adds the negated fact: the
-- same upsert as an insert, so every grain's row is found through its key.
CREATE TRIGGER conversation_buckets_sum_insert AFTER INSERT ON conversation_buckets
BEGIN
    INSERT INTO analytics_buckets (grain, bucket, assistant, user_messages, bot_messages)
    SELECT g.grain, NEW.bucket - ((NEW.bucket % g.grain) + g.grain) % g.grain, NEW.assistant, NEW.user_messages, NEW.bot_messages
    FROM analytics_grains g WHERE true
    ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
        user_messages = user_messages + excluded.user_messages, bot_messages = bot_messages + excluded.bot_messages;
    INSERT INTO analytics_active (grain, bucket, previous_bucket, assistant, conversations)
    SELECT g.grain, NEW.bucket - ((NEW.bucket % g.grain) + g.grain) % g.grain, NEW.previous_bucket, NEW.assistant, 1
    FROM analytics_grains g
    WHERE NEW.previous_bucket < NEW.bucket - ((NEW.bucket % g.grain) + g.grain) % g.grain
    ON CONFLICT (grain, bucket, previous_bucket, assistant) DO UPDATE SET conversations = conversations + excluded.conversations;
END;

CREATE TRIGGER conversation_buckets_sum_delete AFTER DELETE ON conversation_buckets
BEGIN
    INSERT INTO analytics_buckets (grain, bucket, assistant, user_messages, bot_messages)
    SELECT g.grain, OLD.bucket - ((OLD.bucket % g.grain) + g.grain) % g.grain, OLD.assistant, -OLD.user_messages, -OLD.bot_messages
    FROM analytics_grains g WHERE true
    ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
        user_messages = user_messages + excluded.user_messages, bot_messages = bot_messages + excluded.bot_messages;
    INSERT INTO analytics_active (grain, bucket, previous_bucket, assistant, conversations)
    SELECT g.grain, OLD.bucket - ((OLD.bucket % g.grain) + g.grain) % g.grain, OLD.previous_bucket, OLD.assistant, -1
    FROM analytics_grains g
    WHERE OLD.previous_bucket < OLD.bucket - ((OLD.bucket % g.grain) + g.grain) % g.grain
    ON CONFLICT (grain, bucket, previous_bucket, assistant) DO UPDATE SET conversations = conversations + excluded.conversations;
END;

CREATE TRIGGER conversation_sessions_sum_insert AFTER INSERT ON conversation_sessions
BEGIN
    INSERT INTO analytics_buckets (grain, bucket, assistant, sessions, first_sessions, session_length_ticks, session_user_messages)
    SELECT g.grain, NEW.start_bucket - ((NEW.start_bucket % g.grain) + g.grain) % g.grain, NEW.assistant,
           1, NEW.is_first, (NEW.end_ticks - NEW.start_ticks), NEW.user_messages
    FROM analytics_grains g WHERE true
    ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
        sessions = sessions + excluded.sessions, first_sessions = first_sessions + excluded.first_sessions,
        session_length_ticks = session_length_ticks + excluded.session_length_ticks,
        session_user_messages = session_user_messages + excluded.session_user_messages;
END;

CREATE TRIGGER conversation_sessions_sum_delete AFTER DELETE ON conversation_sessions
BEGIN
    INSERT INTO analytics_buckets (grain, bucket, assistant, sessions, first_sessions, session_length_ticks, session_user_messages)
    SELECT g.grain, OLD.start_bucket - ((OLD.start_bucket % g.grain) + g.grain) % g.grain, OLD.assistant,
           -1, -OLD.is_first, -(OLD.end_ticks - OLD.start_ticks), -OLD.user_messages
    FROM analytics_grains g WHERE true
    ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
        sessions = sessions + excluded.sessions, first_sessions = first_sessions + excluded.first_sessions,
        session_length_ticks = session_length_ticks + excluded.session_length_ticks,
        session_user_messages = session_user_messages + excluded.session_user_messages;
END;

CREATE TRIGGER conversation_bucket_names_sum_insert AFTER INSERT ON conversation_bucket_names
BEGIN
    INSERT INTO statistics_names (grain, bucket, kind, name, assistant, count)
    SELECT g.grain, NEW.bucket - ((NEW.bucket % g.grain) + g.grain) % g.grain, NEW.kind, NEW.name, NEW.assistant, NEW.count
    FROM analytics_grains g WHERE true
    ON CONFLICT (grain, bucket, kind, name, assistant) DO UPDATE SET count = count + excluded.count;
    INSERT INTO statistics_totals (assistant, kind, name, count) VALUES (NEW.assistant, NEW.kind, NEW.name, NEW.count)
    ON CONFLICT (assistant, kind, name) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER conversation_bucket_names_sum_delete AFTER DELETE ON conversation_bucket_names
BEGIN
    INSERT INTO statistics_names (grain, bucket, kind, name, assistant, count)
    SELECT g.grain, OLD.bucket - ((OLD.bucket % g.grain) + g.grain) % g.grain, OLD.kind, OLD.name, OLD.assistant, -OLD.count
    FROM analytics_grains g WHERE true
    ON CONFLICT (grain, bucket, kind, name, assistant) DO UPDATE SET count = count + excluded.count;
    INSERT INTO statistics_totals (assistant, kind, name, count) VALUES (OLD.assistant, OLD.kind, OLD.name, -OLD.count)
    ON CONFLICT (assistant, kind, name) DO UPDATE SET count = count + excluded.count;
END;

-- The facts were dropped with their tables: fold every conversation again.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT id, revision, updated_at_ms FROM conversations WHERE true
ON CONFLICT (conversation_id) DO NOTHING;
