using System.Data.Common;
using System.Globalization;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Storage.Sql;

/// <summary>Reads tags into the order the API promises: ordinally by name, then by id.</summary>
internal static class ConversationTagRows
{
    /// <summary>The order of tag lists on every store, whatever the server's collation.</summary>
    public static readonly Comparison<ConversationTag> Order = (a, b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : a.Id.CompareTo(b.Id);

    /// <summary>Rows of (id, name, assistant) from <paramref name="column"/> on, sorted.</summary>
    public static async Task<IReadOnlyList<ConversationTag>> ReadAllAsync(DbDataReader reader, int column, CancellationToken cancellationToken)
    {
        var tags = new List<ConversationTag>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tags.Add(Read(reader, column));
        }

        tags.Sort(Order);
        return tags;
    }

    public static ConversationTag Read(DbDataReader reader, int column) =>
        new(reader.GetInt64(column), reader.GetString(column + 1), reader.GetString(column + 2));

    /// <summary>The tags of each of the conversations (by id) that carries any, each list sorted.</summary>
    public static async Task<Dictionary<long, List<ConversationTag>>> OfConversationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyCollection<long> conversationIds,
        CancellationToken cancellationToken)
    {
        var result = await ConversationRows.GroupedAsync(
            connection,
            transaction,
            conversationIds,
            TagSqlText.TagsOfConversations,
            reader => Read(reader, 1),
            cancellationToken).ConfigureAwait(false);
        foreach (var tags in result.Values)
        {
            tags.Sort(Order);
        }

        return result;
    }
}
