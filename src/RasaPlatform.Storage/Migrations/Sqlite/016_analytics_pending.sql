-- The sums of migration 015 were kept by row triggers that upserted every grain for every fact row: a conversation of
-- 60 fact rows cost about 250 upserts, and the metadata job folded 294 conversations a second where it had folded 754.
-- The triggers now only append each change, signed, to a pending table; the transaction that changed the facts (a
-- metadata save or a deletion) folds the pending rows into the sums before it commits, one upsert per distinct key of
-- the whole batch (SqlText.FoldPendingAnalytics). The sums stay exact at every commit.

DROP TRIGGER conversation_buckets_sum_insert;
DROP TRIGGER conversation_buckets_sum_delete;
DROP TRIGGER conversation_sessions_sum_insert;
DROP TRIGGER conversation_sessions_sum_delete;
DROP TRIGGER conversation_bucket_names_sum_insert;
DROP TRIGGER conversation_bucket_names_sum_delete;

CREATE TABLE analytics_pending_buckets (
    bucket          INTEGER NOT NULL,
    previous_bucket INTEGER NOT NULL,
    assistant       TEXT    NOT NULL,
    user_messages   INTEGER NOT NULL,
    bot_messages    INTEGER NOT NULL,
    sign            INTEGER NOT NULL
);

CREATE TABLE analytics_pending_sessions (
    start_bucket  INTEGER NOT NULL,
    assistant     TEXT    NOT NULL,
    sessions      INTEGER NOT NULL,
    first         INTEGER NOT NULL,
    length_ticks  INTEGER NOT NULL,
    user_messages INTEGER NOT NULL
);

CREATE TABLE analytics_pending_names (
    bucket    INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    assistant TEXT    NOT NULL,
    count     INTEGER NOT NULL
);

CREATE TRIGGER conversation_buckets_pend_insert AFTER INSERT ON conversation_buckets
BEGIN
    INSERT INTO analytics_pending_buckets VALUES (NEW.bucket, NEW.previous_bucket, NEW.assistant, NEW.user_messages, NEW.bot_messages, 1);
END;

CREATE TRIGGER conversation_buckets_pend_delete AFTER DELETE ON conversation_buckets
BEGIN
    INSERT INTO analytics_pending_buckets VALUES (OLD.bucket, OLD.previous_bucket, OLD.assistant, -OLD.user_messages, -OLD.bot_messages, -1);
END;

CREATE TRIGGER conversation_sessions_pend_insert AFTER INSERT ON conversation_sessions
BEGIN
    INSERT INTO analytics_pending_sessions
    VALUES (NEW.start_bucket, NEW.assistant, 1, NEW.is_first, NEW.end_ticks - NEW.start_ticks, NEW.user_messages);
END;

CREATE TRIGGER conversation_sessions_pend_delete AFTER DELETE ON conversation_sessions
BEGIN
    INSERT INTO analytics_pending_sessions
    VALUES (OLD.start_bucket, OLD.assistant, -1, -OLD.is_first, -(OLD.end_ticks - OLD.start_ticks), -OLD.user_messages);
END;

CREATE TRIGGER conversation_bucket_names_pend_insert AFTER INSERT ON conversation_bucket_names
BEGIN
    INSERT INTO analytics_pending_names VALUES (NEW.bucket, NEW.kind, NEW.name, NEW.assistant, NEW.count);
END;

CREATE TRIGGER conversation_bucket_names_pend_delete AFTER DELETE ON conversation_bucket_names
BEGIN
    INSERT INTO analytics_pending_names VALUES (OLD.bucket, OLD.kind, OLD.name, OLD.assistant, -OLD.count);
END;
