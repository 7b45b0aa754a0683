-- A large catch-up (an import, a rebuild, a marker change) defers the maintenance that costs most per saved row: the
-- secondary indexes of the metadata and derived-row tables (not those led by conversation_id, which a save's
-- replacement of a conversation's rows reads) and the triggers that keep name counts and analytics sums. While this
-- table holds rows, those objects are dropped and each row keeps one's definition as the catalog gave it; the end of
-- the catch-up creates each index again in a transaction of its own, then the triggers with the counts and sums
-- recomputed from the rows in one (SqlMetadataStore.RestoreMaintenanceAsync), taking each row out as its object is
-- back. A crash in between leaves the rest of the rows, so whichever projector runs next finishes it.
CREATE TABLE deferred_maintenance (
    name       TEXT NOT NULL PRIMARY KEY,
    kind       TEXT NOT NULL, -- 'index' or 'trigger'
    table_name TEXT NOT NULL,
    definition TEXT NOT NULL
);
