namespace RasaPlatform.Storage.Sql;

/// <summary>The metadata store's SQL, shared by every relational dialect; parameters are <c>@name</c>.</summary>
internal static class MetadataSqlText
{
    /// <summary>
    /// What a write or a rebuild does to a conversation already queued: it takes the new revision (keeping its place),
    /// loses any claim, so that a live instance folds it at once even if its claimer died, and is due now even if a
    /// failure had set it aside.
    /// </summary>
    public const string Requeue = """
        ON CONFLICT (conversation_id) DO UPDATE SET
            revision = excluded.revision, claim_owner = NULL, claimed_until_ms = NULL, retry_at_ms = NULL
        """;

    /// <summary>Whether a queue item <c>q</c> may be claimed at <c>@now</c>: nobody's claim holds it, no retry waits.</summary>
    private const string Claimable = """
        (q.claimed_until_ms IS NULL OR q.claimed_until_ms <= @now) AND (q.retry_at_ms IS NULL OR q.retry_at_ms <= @now)
        """;

    /// <summary>
    /// Claims for <c>@owner</c> until <c>@until</c> the <c>@limit</c> claimable items queued longest, and with them the
    /// <c>@fresh</c> queued last: a backlog (an import, a rebuild) is worked oldest first, while a conversation a live
    /// assistant just wrote is folded in the next batch rather than after the whole backlog. Claimable: no unexpired
    /// claim holds it and no retry waits. <paramref name="skipLocked"/> is the dialect's clause that passes over rows
    /// other transactions hold.
    /// </summary>
    public static string Claim(string skipLocked) => $"""
        UPDATE metadata_queue SET claim_owner = @owner, claimed_until_ms = @until
        WHERE conversation_id IN (
            SELECT conversation_id FROM (
                SELECT q.conversation_id FROM metadata_queue q
                WHERE {Claimable}
                ORDER BY q.enqueued_at_ms, q.conversation_id
                LIMIT @limit
                {skipLocked}) oldest
            UNION
            {Newest("@fresh", skipLocked)})
        {ClaimedItems}
        """;

    /// <summary>
    /// Claims for <c>@owner</c> until <c>@until</c> the <c>@limit</c> claimable items queued last, among those queued at
    /// or after <c>@since</c>: the live writes that arrive while a backlog is worked, taken beside its batches.
    /// </summary>
    public static string ClaimRecent(string skipLocked) => $"""
        UPDATE metadata_queue SET claim_owner = @owner, claimed_until_ms = @until
        WHERE conversation_id IN ({Newest("@limit", skipLocked, "AND q.enqueued_at_ms >= @since")})
        {ClaimedItems}
        """;

    /// <summary>The <paramref name="limit"/> claimable items queued last (and meeting <paramref name="condition"/>), as a relation of conversation ids.</summary>
    private static string Newest(string limit, string skipLocked, string condition = "") => $"""
        SELECT conversation_id FROM (
                SELECT q.conversation_id FROM metadata_queue q
                WHERE {Claimable} {condition}
                ORDER BY q.enqueued_at_ms DESC, q.conversation_id DESC
                LIMIT {limit}
                {skipLocked}) newest
        """;

    /// <summary>What a claim returns of each item it took.</summary>
    private const string ClaimedItems = """
        RETURNING conversation_id, (SELECT c.sender_id FROM conversations c WHERE c.id = conversation_id),
            revision, attempts, enqueued_at_ms
        """;

    /// <summary>Extends <c>@owner</c>'s claims until <c>@until</c>; a claim a write cleared stays cleared.</summary>
    public const string Renew = "UPDATE metadata_queue SET claimed_until_ms = @until WHERE claim_owner = @owner";

    /// <summary>Gives up every claim of <c>@owner</c>.</summary>
    public const string Release = """
        UPDATE metadata_queue SET claim_owner = NULL, claimed_until_ms = NULL WHERE claim_owner = @owner
        """;

    /// <summary>
    /// Sets a failed item aside until <c>@retryAt</c> with its error, counting the attempt. A write that re-queued the
    /// conversation since the claim (another revision) has made it due again; that stays so.
    /// </summary>
    public const string Fail = """
        UPDATE metadata_queue SET
            attempts = attempts + 1, last_error = @error, claim_owner = NULL, claimed_until_ms = NULL,
            retry_at_ms = CASE WHEN revision = @revision THEN @retryAt ELSE NULL END
        WHERE conversation_id = @id
        """;

    /// <summary>The queued conversations that failed at least once, the most recently retried first.</summary>
    public const string Failures = """
        SELECT c.sender_id, q.attempts, q.last_error, q.retry_at_ms
        FROM metadata_queue q JOIN conversations c ON c.id = q.conversation_id
        WHERE q.attempts > 0
        ORDER BY q.attempts DESC, q.conversation_id
        LIMIT @limit
        """;

    public const string FailedCount = "SELECT COUNT(*) FROM metadata_queue q WHERE q.attempts > 0";

    /// <summary>
    /// Returns a row only when stored: never over metadata saved at a newer revision, never for a conversation that is
    /// no longer stored (a fold claimed before its deletion). <paramref name="conversationLock"/> is the dialect's
    /// locking clause on the conversation row, if any.
    /// </summary>
    public static string Upsert(string conversationLock) => $"""
        INSERT INTO conversation_metadata ({SavedMetadataColumns.ColumnList})
        SELECT {SavedMetadataColumns.ParameterList}
        WHERE EXISTS (SELECT 1 FROM conversations WHERE id = @id {conversationLock})
        {SavedMetadataColumns.Conflict}
        RETURNING conversation_id
        """;

    /// <summary>Removes the queue item only while no newer write has re-queued it.</summary>
    public const string Dequeue = "DELETE FROM metadata_queue WHERE conversation_id = @id AND revision = @revision";

    /// <summary>One conversation's metadata, as <see cref="SqlMetadataStore.ReadMetadata"/> reads it.</summary>
    public static readonly string Get = $"""
        SELECT {SqlMetadataStore.MetadataColumns("t.text")}
        FROM conversations c
        JOIN conversation_metadata m ON m.conversation_id = c.id
        LEFT JOIN conversation_text t ON t.conversation_id = m.conversation_id
        WHERE c.sender_id = @sender
        """;

    /// <summary>The <c>WHERE true</c> keeps SQLite from reading <c>ON CONFLICT</c> as a join constraint.</summary>
    public const string EnqueueAll = $"""
        INSERT INTO metadata_queue (conversation_id, revision, enqueued_at_ms)
        SELECT id, revision, @now FROM conversations WHERE true ORDER BY id
        {Requeue}
        """;

    public const string PendingCount = "SELECT COUNT(*) FROM metadata_queue";

    /// <summary>Whether any item is claimable at <c>@now</c>.</summary>
    public const string AnyClaimable = $"SELECT EXISTS (SELECT 1 FROM metadata_queue q WHERE {Claimable})";
}
