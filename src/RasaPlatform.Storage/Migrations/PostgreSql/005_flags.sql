-- Flagged messages (IFlagStore). A flag marks every user, bot or agent event of the conversation whose timestamp is
-- exactly this double; the listing asks EXISTS (SELECT 1 FROM message_flags f WHERE f.conversation_id = ...), which
-- the key's first column answers. Flagging checks that a message exists in its own transaction, and a tracker
-- replace deletes the flags its new events no longer match, so a flag never points at nothing.
CREATE TABLE message_flags (
    conversation_id BIGINT           NOT NULL,
    timestamp       DOUBLE PRECISION NOT NULL,
    flagged_at_ms   BIGINT           NOT NULL,
    PRIMARY KEY (conversation_id, timestamp)
);
