-- Expiring claims on exclusive work (ILeaseStore); a lease is held while now < expires_at_ms.
CREATE TABLE leases (
    name          TEXT    PRIMARY KEY,
    owner         TEXT    NOT NULL,
    expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
