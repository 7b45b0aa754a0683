using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Listing;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>
/// A table of rows a metadata save derives from a conversation's folded metadata and facts, besides the metadata row:
/// its columns, the conversation's key first, and the rows one update holds.
/// </summary>
/// <param name="Name">The table.</param>
/// <param name="Columns">Its columns, <c>conversation_id</c> first, in the order of each row's values.</param>
/// <param name="Rows">The rows of one update, each with its values in <paramref name="Columns"/>' order, the conversation's id first.</param>
internal sealed record MetadataRowTable(string Name, IReadOnlyList<string> Columns, Func<MetadataUpdate, FactRows, IEnumerable<object?[]>> Rows)
{
    public string ColumnList => string.Join(", ", Columns);
}

/// <summary>
/// Every table of rows a metadata save writes besides the metadata row. A new kind of derived row is one entry here:
/// the save, its bulk form and the tests read this list.
/// </summary>
internal static class MetadataRowTables
{
    /// <summary>The conversation's names per kind (listing filters, distinct names, name counts).</summary>
    public static readonly MetadataRowTable Names = new(
        "conversation_names",
        ["conversation_id", "kind", "name"],
        (u, _) => NameRows(u.Metadata)
            .Concat(MarkerNames.Applied(u.Markers).Select(k => ((short)NameCategory.Marker, k)))
            .Select(n => new object?[] { u.ConversationId, n.Item1, n.Item2 }));

    /// <summary>The search text; none when empty.</summary>
    public static readonly MetadataRowTable Text = new(
        "conversation_text",
        ["conversation_id", "text"],
        (u, _) => u.Metadata.SearchText.Length == 0 ? [] : [[u.ConversationId, u.Metadata.SearchText]]);

    /// <summary>The analytics facts: messages per quarter hour.</summary>
    public static readonly MetadataRowTable Buckets = new(
        "conversation_buckets",
        ["conversation_id", "bucket", "user_messages", "bot_messages", "previous_bucket", "assistant"],
        (u, f) => f.Buckets.Select(b => new object?[] { u.ConversationId, b[0], b[1], b[2], b[3], f.Assistant }));

    /// <summary>The analytics facts: sessions.</summary>
    public static readonly MetadataRowTable Sessions = new(
        "conversation_sessions",
        ["conversation_id", "ordinal", "start_bucket", "start_ticks", "end_ticks", "user_messages", "is_first", "assistant"],
        (u, f) => f.Sessions.Select(s => new object?[] { u.ConversationId, s[0], s[1], s[2], s[3], s[4], s[5], f.Assistant }));

    /// <summary>The analytics facts: named events per quarter hour (statistics).</summary>
    public static readonly MetadataRowTable BucketNames = new(
        "conversation_bucket_names",
        ["conversation_id", "bucket", "kind", "name", "count", "assistant"],
        (u, f) => f.Names.Select(n => new object?[] { u.ConversationId, n.Bucket, n.Kind, n.Name, n.Count, f.Assistant }));

    /// <summary>The first and last user message; none without one.</summary>
    public static readonly MetadataRowTable UserRange = new(
        "conversation_user_range",
        ["conversation_id", "first_ticks", "last_ticks", "assistant"],
        (u, f) => f.FirstUserTicks is { } first ? [[u.ConversationId, first, f.LastUserTicks, f.Assistant]] : []);

    /// <summary>
    /// The sessions markers were evaluated over, under the configuration version they are of, with the quarter hour
    /// each starts in (<see cref="AnalyticsBucket.OfSeconds"/>): what the marker session sums count.
    /// </summary>
    public static readonly MetadataRowTable MarkerSessions = new(
        "marker_sessions",
        ["conversation_id", "version", "session_index", "event_index", "start_time", "start_bucket"],
        (u, _) => u.Markers is { } m
            ? m.Results.Sessions.Select(s => new object?[]
            {
                u.ConversationId, m.Version, (long)s.Index, (long)s.EventIndex, s.StartTime, AnalyticsBucket.OfSeconds(s.StartTime),
            })
            : []);

    /// <summary>
    /// Where each marker applied, under the configuration version it is of, with the quarter hour its session starts
    /// in and whether it is the marker's first application in the session: what the marker sums count (applications
    /// per preceding-user-turn value, and sessions where the marker applied).
    /// </summary>
    public static readonly MetadataRowTable MarkerApplications = new(
        "marker_applications",
        ["conversation_id", "version", "marker", "session_index", "event_index", "preceding_user_turns", "timestamp", "session_bucket", "first_in_session"],
        (u, _) => u.Markers is { } m ? MarkerApplicationRows(u.ConversationId, m) : []);

    public static readonly IReadOnlyList<MetadataRowTable> All =
        [Names, Text, Buckets, Sessions, BucketNames, UserRange, MarkerSessions, MarkerApplications];

    private static IEnumerable<object?[]> MarkerApplicationRows(long conversationId, ConversationMarkers markers)
    {
        var buckets = markers.Results.Sessions.ToDictionary(s => s.Index, s => AnalyticsBucket.OfSeconds(s.StartTime));
        var seen = new HashSet<(int Session, string Marker)>();
        foreach (var a in markers.Results.Applications.OrderBy(a => a.SessionIndex).ThenBy(a => a.EventIndex))
        {
            yield return
            [
                conversationId, markers.Version, a.Marker, (long)a.SessionIndex, (long)a.EventIndex, (long)a.PrecedingUserTurns, a.Timestamp,
                buckets[a.SessionIndex], seen.Add((a.SessionIndex, a.Marker)) ? 1L : 0L,
            ];
        }
    }

    /// <summary>Every name row the metadata implies, as (kind, name).</summary>
    public static List<(short Kind, string Name)> NameRows(ConversationMetadata m) =>
    [
        .. m.Intents.Select(n => ((short)NameCategory.Intent, n)),
        .. m.Entities.Select(n => ((short)NameCategory.Entity, n)),
        .. m.Actions.Select(n => ((short)NameCategory.Action, n)),
        .. m.Policies.Select(n => ((short)NameCategory.Policy, n)),
        .. m.InputChannels.Select(n => ((short)NameCategory.InputChannel, n)),
        .. m.Slots.Select(v => ((short)NameCategory.SlotValue, v.Key)),
        .. m.Slots.Select(SlotMatches.MatchKey).Distinct(StringComparer.Ordinal).Select(k => ((short)NameCategory.SlotMatch, k)),
        .. m.Slots.Select(v => v.Name).Distinct(StringComparer.Ordinal).Select(n => ((short)NameCategory.SlotName, n)),
    ];
}
