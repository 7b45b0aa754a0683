-- API tokens (IApiTokenStore). The token itself is never stored: token_hash is the lower-case hex SHA-256 of the
-- whole token, and a request's token is found by the hash of what it sends. id is the public id, also written inside
-- the token, by which tokens are listed and revoked. assistants is a JSON array of the assistant names the token is
-- limited to, sorted; [] means every assistant. A token is active while revoked_at_ms is null.
CREATE TABLE api_tokens (
    id            TEXT    PRIMARY KEY,
    token_hash    TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('view', 'ingest', 'manage')),
    assistants    TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
) WITHOUT ROWID;
