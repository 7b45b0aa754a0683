using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>Reads the metadata queue as it is, without claiming anything.</summary>
public static class QueueRows
{
    /// <summary>The conversation's queue item, or null when it is not queued.</summary>
    public static async Task<MetadataWorkItem?> FindAsync(StoreFixture fixture, string sender)
    {
        await using var connection = await fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand(
            """
            SELECT q.conversation_id, c.sender_id, q.revision, q.attempts
            FROM metadata_queue q JOIN conversations c ON c.id = q.conversation_id
            WHERE c.sender_id = @sender
            """,
            ("sender", sender));
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new MetadataWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3))
            : null;
    }
}
