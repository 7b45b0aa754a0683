-- The sums of migration 015 were kept by row triggers that upserted every grain for every fact row: a conversation of
-- 60 fact rows cost about 250 upserts through PL/pgSQL, and the metadata job folded 159 conversations a second where
-- it had folded 783. Statement triggers now append each statement's changed rows, signed, to a pending table; the
-- transaction that changed the facts (a metadata save or a deletion) folds the pending rows into the sums before it
-- commits, one upsert per distinct key of the whole batch (SqlText.FoldPendingAnalytics). A transaction sees only its
-- own pending rows, as every writer folds before committing, so concurrent writers never fold each other's.

DROP TRIGGER conversation_buckets_summed ON conversation_buckets;
DROP TRIGGER conversation_sessions_summed ON conversation_sessions;
DROP TRIGGER conversation_bucket_names_summed ON conversation_bucket_names;
DROP FUNCTION sum_conversation_buckets();
DROP FUNCTION sum_conversation_sessions();
DROP FUNCTION sum_conversation_bucket_names();

CREATE TABLE analytics_pending_buckets (
    bucket          BIGINT NOT NULL,
    previous_bucket BIGINT NOT NULL,
    assistant       TEXT   NOT NULL,
    user_messages   BIGINT NOT NULL,
    bot_messages    BIGINT NOT NULL,
    sign            BIGINT NOT NULL
);

CREATE TABLE analytics_pending_sessions (
    start_bucket  BIGINT NOT NULL,
    assistant     TEXT   NOT NULL,
    sessions      BIGINT NOT NULL,
    first         BIGINT NOT NULL,
    length_ticks  BIGINT NOT NULL,
    user_messages BIGINT NOT NULL
);

CREATE TABLE analytics_pending_names (
    bucket    BIGINT   NOT NULL,
    kind      SMALLINT NOT NULL,
    name      TEXT     NOT NULL,
    assistant TEXT     NOT NULL,
    count     BIGINT   NOT NULL
);

CREATE FUNCTION pend_inserted_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_pending_buckets
    SELECT bucket, previous_bucket, assistant, user_messages, bot_messages, 1 FROM changed;
    RETURN NULL;
END
$$;

CREATE FUNCTION pend_deleted_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_pending_buckets
    SELECT bucket, previous_bucket, assistant, -user_messages, -bot_messages, -1 FROM changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_buckets_pend_insert AFTER INSERT ON conversation_buckets
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_inserted_buckets();

CREATE TRIGGER conversation_buckets_pend_delete AFTER DELETE ON conversation_buckets
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_deleted_buckets();

CREATE FUNCTION pend_inserted_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_pending_sessions
    SELECT start_bucket, assistant, 1, is_first, end_ticks - start_ticks, user_messages FROM changed;
    RETURN NULL;
END
$$;

CREATE FUNCTION pend_deleted_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_pending_sessions
    SELECT start_bucket, assistant, -1, -is_first, -(end_ticks - start_ticks), -user_messages FROM changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_sessions_pend_insert AFTER INSERT ON conversation_sessions
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_inserted_sessions();

CREATE TRIGGER conversation_sessions_pend_delete AFTER DELETE ON conversation_sessions
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_deleted_sessions();

CREATE FUNCTION pend_inserted_bucket_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_pending_names SELECT bucket, kind, name, assistant, count FROM changed;
    RETURN NULL;
END
$$;

CREATE FUNCTION pend_deleted_bucket_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_pending_names SELECT bucket, kind, name, assistant, -count FROM changed;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversation_bucket_names_pend_insert AFTER INSERT ON conversation_bucket_names
REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_inserted_bucket_names();

CREATE TRIGGER conversation_bucket_names_pend_delete AFTER DELETE ON conversation_bucket_names
REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pend_deleted_bucket_names();
