-- Markers (REFERENCE.md §7): every configuration ever stored, under a version never reused; the one each assistant
-- holds now; and, per conversation, the sessions and applications the metadata job evaluated, under the version they
-- are of. Reads take only the rows of an assistant's current version, so results of two configurations never mix.
CREATE TABLE marker_configuration_versions (
    version       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assistant_id  TEXT   NOT NULL,
    configuration TEXT   NOT NULL, -- Rasa's format as JSON
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE marker_configurations (
    assistant_id TEXT   PRIMARY KEY,
    version      BIGINT NOT NULL REFERENCES marker_configuration_versions (version)
);

CREATE TABLE marker_sessions (
    conversation_id BIGINT           NOT NULL,
    version         BIGINT           NOT NULL,
    session_index   BIGINT           NOT NULL,
    event_index     BIGINT           NOT NULL,
    start_time      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (conversation_id, session_index)
);

CREATE INDEX ix_marker_sessions_version ON marker_sessions (version, start_time);

CREATE TABLE marker_applications (
    conversation_id      BIGINT           NOT NULL,
    version              BIGINT           NOT NULL,
    marker               TEXT             NOT NULL,
    session_index        BIGINT           NOT NULL,
    event_index          BIGINT           NOT NULL,
    preceding_user_turns BIGINT           NOT NULL,
    timestamp            DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (conversation_id, session_index, marker, event_index)
);

CREATE INDEX ix_marker_applications_version ON marker_applications (version, marker);
