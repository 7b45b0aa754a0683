-- Markers (REFERENCE.md §7): every configuration ever stored, under a version never reused; the one each assistant
-- holds now; and, per conversation, the sessions and applications the metadata job evaluated, under the version they
-- are of. Reads take only the rows of an assistant's current version, so results of two configurations never mix.
CREATE TABLE marker_configuration_versions (
    version       INTEGER PRIMARY KEY AUTOINCREMENT,
    assistant_id  TEXT    NOT NULL,
    configuration TEXT    NOT NULL, -- Rasa's format as JSON
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE marker_configurations (
    assistant_id TEXT    PRIMARY KEY,
    version      INTEGER NOT NULL REFERENCES marker_configuration_versions (version)
) WITHOUT ROWID;

CREATE TABLE marker_sessions (
    conversation_id INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    session_index   INTEGER NOT NULL,
    event_index     INTEGER NOT NULL,
    start_time      REAL    NOT NULL,
    PRIMARY KEY (conversation_id, session_index)
) WITHOUT ROWID;

CREATE INDEX ix_marker_sessions_version ON marker_sessions (version, start_time);

CREATE TABLE marker_applications (
    conversation_id      INTEGER NOT NULL,
    version              INTEGER NOT NULL,
    marker               TEXT    NOT NULL,
    session_index        INTEGER NOT NULL,
    event_index          INTEGER NOT NULL,
    preceding_user_turns INTEGER NOT NULL,
    timestamp            REAL    NOT NULL,
    PRIMARY KEY (conversation_id, session_index, marker, event_index)
) WITHOUT ROWID;

CREATE INDEX ix_marker_applications_version ON marker_applications (version, marker);
