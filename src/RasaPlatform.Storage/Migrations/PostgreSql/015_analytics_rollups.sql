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

DROP TRIGGER conversation_buckets_summed ON conversation_buckets;
DROP TRIGGER conversation_sessions_summed ON conversation_sessions;
DROP TRIGGER conversation_bucket_names_summed ON conversation_bucket_names;
DROP FUNCTION sum_conversation_buckets();
DROP FUNCTION sum_conversation_sessions();
DROP FUNCTION sum_conversation_bucket_names();
DROP TABLE analytics_buckets;
DROP TABLE analytics_active;
DROP TABLE statistics_names;
DROP TABLE statistics_totals;
DROP TABLE conversation_buckets;
DROP TABLE conversation_sessions;
DROP TABLE conversation_bucket_names;
DROP TABLE conversation_user_range;

CREATE TABLE conversation_buckets (
    conversation_id BIGINT  NOT NULL,
    bucket          BIGINT  NOT NULL,
    user_messages   INTEGER NOT NULL,
    bot_messages    INTEGER NOT NULL,
    previous_bucket BIGINT  NOT NULL,
    assistant       TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, bucket)
);

CREATE INDEX ix_conversation_buckets_bucket ON conversation_buckets (bucket);

CREATE TABLE conversation_sessions (
    conversation_id BIGINT  NOT NULL,
    ordinal         INTEGER NOT NULL,
    start_bucket    BIGINT  NOT NULL,
    start_ticks     BIGINT  NOT NULL,
    end_ticks       BIGINT  NOT NULL,
    user_messages   INTEGER NOT NULL,
    is_first        INTEGER NOT NULL, -- 0 or 1
    assistant       TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, ordinal)
);

CREATE INDEX ix_conversation_sessions_start_bucket ON conversation_sessions (start_bucket);

CREATE TABLE conversation_bucket_names (
    conversation_id BIGINT   NOT NULL,
    bucket          BIGINT   NOT NULL,
    kind            SMALLINT NOT NULL,
    name            TEXT     NOT NULL,
    count           BIGINT   NOT NULL,
    assistant       TEXT     NOT NULL,
    PRIMARY KEY (conversation_id, bucket, kind, name)
);

CREATE INDEX ix_conversation_bucket_names_bucket ON conversation_bucket_names (bucket);

CREATE TABLE conversation_user_range (
    conversation_id BIGINT PRIMARY KEY,
    first_ticks     BIGINT NOT NULL,
    last_ticks      BIGINT NOT NULL,
    assistant       TEXT   NOT NULL
);

CREATE INDEX ix_conversation_user_range_first ON conversation_user_range (assistant, first_ticks);
CREATE INDEX ix_conversation_user_range_last ON conversation_user_range (assistant, last_ticks);

-- The grains, for the triggers to add each fact to every grain in one statement.
CREATE TABLE analytics_grains (grain BIGINT PRIMARY KEY);
INSERT INTO analytics_grains (grain) VALUES (1), (4), (96);

CREATE TABLE analytics_buckets (
    grain                 BIGINT NOT NULL,
    bucket                BIGINT NOT NULL,
    assistant             TEXT   NOT NULL,
    user_messages         BIGINT NOT NULL DEFAULT 0,
    bot_messages          BIGINT NOT NULL DEFAULT 0,
    sessions              BIGINT NOT NULL DEFAULT 0,
    first_sessions        BIGINT NOT NULL DEFAULT 0,
    session_length_ticks  BIGINT NOT NULL DEFAULT 0,
    session_user_messages BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (grain, bucket, assistant)
);

CREATE TABLE analytics_active (
    grain           BIGINT NOT NULL,
    bucket          BIGINT NOT NULL,
    previous_bucket BIGINT NOT NULL,
    assistant       TEXT   NOT NULL,
    conversations   BIGINT NOT NULL,
    PRIMARY KEY (grain, bucket, previous_bucket, assistant)
);

CREATE TABLE statistics_names (
    grain     BIGINT   NOT NULL,
    bucket    BIGINT   NOT NULL,
    kind      SMALLINT NOT NULL,
    name      TEXT     NOT NULL,
    assistant TEXT     NOT NULL,
    count     BIGINT   NOT NULL,
    PRIMARY KEY (grain, bucket, kind, name, assistant)
);

CREATE TABLE statistics_totals (
    assistant TEXT     NOT NULL,
    kind      SMALLINT NOT NULL,
    name      TEXT     NOT NULL,
    count     BIGINT   NOT NULL,
    PRIMARY KEY (assistant, kind, name)
);

-- The unit of grain g holding quarter b starts at quarter b - floor_mod(b, g). A delete adds the negated fact: the
-- same upsert as an insert, so every grain's row is found through its key.
CREATE FUNCTION sum_conversation_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r    conversation_buckets%ROWTYPE;
    sign BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; sign := 1; ELSE r := OLD; sign := -1; END IF;
    INSERT INTO analytics_buckets AS a (grain, bucket, assistant, user_messages, bot_messages)
    SELECT g.grain, r.bucket - ((r.bucket % g.grain) + g.grain) % g.grain, r.assistant, sign * r.user_messages, sign * r.bot_messages
    FROM analytics_grains g
    ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
        user_messages = a.user_messages + excluded.user_messages, bot_messages = a.bot_messages + excluded.bot_messages;
    INSERT INTO analytics_active AS a (grain, bucket, previous_bucket, assistant, conversations)
    SELECT g.grain, r.bucket - ((r.bucket % g.grain) + g.grain) % g.grain, r.previous_bucket, r.assistant, sign
    FROM analytics_grains g
    WHERE r.previous_bucket < r.bucket - ((r.bucket % g.grain) + g.grain) % g.grain
    ON CONFLICT (grain, bucket, previous_bucket, assistant) DO UPDATE SET conversations = a.conversations + excluded.conversations;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_buckets_summed AFTER INSERT OR DELETE ON conversation_buckets
FOR EACH ROW EXECUTE FUNCTION sum_conversation_buckets();

CREATE FUNCTION sum_conversation_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r    conversation_sessions%ROWTYPE;
    sign BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; sign := 1; ELSE r := OLD; sign := -1; END IF;
    INSERT INTO analytics_buckets AS a (grain, bucket, assistant, sessions, first_sessions, session_length_ticks, session_user_messages)
    SELECT g.grain, r.start_bucket - ((r.start_bucket % g.grain) + g.grain) % g.grain, r.assistant,
           sign, sign * r.is_first, sign * (r.end_ticks - r.start_ticks), sign * r.user_messages
    FROM analytics_grains g
    ON CONFLICT (grain, bucket, assistant) DO UPDATE SET
        sessions = a.sessions + excluded.sessions, first_sessions = a.first_sessions + excluded.first_sessions,
        session_length_ticks = a.session_length_ticks + excluded.session_length_ticks,
        session_user_messages = a.session_user_messages + excluded.session_user_messages;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_sessions_summed AFTER INSERT OR DELETE ON conversation_sessions
FOR EACH ROW EXECUTE FUNCTION sum_conversation_sessions();

CREATE FUNCTION sum_conversation_bucket_names() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r    conversation_bucket_names%ROWTYPE;
    sign BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; sign := 1; ELSE r := OLD; sign := -1; END IF;
    INSERT INTO statistics_names AS s (grain, bucket, kind, name, assistant, count)
    SELECT g.grain, r.bucket - ((r.bucket % g.grain) + g.grain) % g.grain, r.kind, r.name, r.assistant, sign * r.count
    FROM analytics_grains g
    ON CONFLICT (grain, bucket, kind, name, assistant) DO UPDATE SET count = s.count + excluded.count;
    INSERT INTO statistics_totals AS s (assistant, kind, name, count) VALUES (r.assistant, r.kind, r.name, sign * r.count)
    ON CONFLICT (assistant, kind, name) DO UPDATE SET count = s.count + excluded.count;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_bucket_names_summed AFTER INSERT OR DELETE ON conversation_bucket_names
FOR EACH ROW EXECUTE FUNCTION sum_conversation_bucket_names();

-- The facts were dropped with their tables: fold every conversation again.
INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
SELECT id, revision, updated_at_ms FROM conversations
ON CONFLICT (conversation_id) DO NOTHING;
