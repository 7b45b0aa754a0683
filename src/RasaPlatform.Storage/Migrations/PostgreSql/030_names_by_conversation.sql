-- conversation_names is keyed by its conversation first, and found by name through a secondary index.
--
-- Keyed (kind, name, conversation_id), every save inserted each of a conversation's ~14 name rows into the middle of
-- the primary key's tree, beside the other conversations with that name. Keyed by conversation first, a catch-up's
-- rows (conversations in id order) go to the end of the key's tree, and the look-up by name is an index a large
-- catch-up sets aside and builds once at its end (migration 028). The key's index also serves what the index on
-- conversation_id served (a save's and a deletion's rows of one conversation), so that one goes.
--
-- The rows stay as they are; the triggers are the table's and stay too.

ALTER TABLE conversation_names DROP CONSTRAINT conversation_names_pkey;
ALTER TABLE conversation_names ADD CONSTRAINT conversation_names_pkey PRIMARY KEY (conversation_id, kind, name);
DROP INDEX ix_conversation_names_conversation;
CREATE INDEX ix_conversation_names_name ON conversation_names (kind, name, conversation_id);
