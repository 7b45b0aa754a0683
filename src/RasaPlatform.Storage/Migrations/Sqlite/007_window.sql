-- start/until bound the latest user event time, and pages come newest first: with the latest event time beside it,
-- a window's page is chosen from this index alone, and only the page's rows are read from the table. It replaces the
-- index on latest_user_event_time alone, which it starts with.
CREATE INDEX ix_conversation_metadata_user_window ON conversation_metadata (latest_user_event_time, latest_event_time);
DROP INDEX ix_conversation_metadata_latest_user_event_time;
