using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>A conversation's <see cref="ConversationFacts"/> as the columns of its fact tables (migration 008).</summary>
internal sealed class FactRows
{
    private FactRows(ConversationFacts facts, string assistant)
    {
        Assistant = assistant;
        Buckets = [.. facts.Buckets.Select(b => new[] { b.Bucket, b.UserMessages, b.BotMessages, b.PreviousBucket })];
        Sessions = [.. facts.Sessions.Select((s, i) => new[]
        {
            i, AnalyticsBucket.Of(s.Start), s.Start.ToUnixTimeTicks(), s.End.ToUnixTimeTicks(), s.UserMessages, s.IsFirst ? 1L : 0L,
        })];
        Names = [.. facts.Names.Select(n => (n.Bucket, (short)n.Category, n.Name, n.Count))];
        FirstUserTicks = facts.FirstUserMessage?.ToUnixTimeTicks();
        LastUserTicks = facts.LastUserMessage?.ToUnixTimeTicks();
    }

    /// <summary>conversation_buckets: bucket, user_messages, bot_messages, previous_bucket.</summary>
    public IReadOnlyList<long[]> Buckets { get; }

    /// <summary>conversation_sessions: ordinal, start_bucket, start_ticks, end_ticks, user_messages, is_first.</summary>
    public IReadOnlyList<long[]> Sessions { get; }

    /// <summary>conversation_bucket_names: bucket, kind, name, count.</summary>
    public IReadOnlyList<(long Bucket, short Kind, string Name, long Count)> Names { get; }

    public long? FirstUserTicks { get; }

    public long? LastUserTicks { get; }

    /// <summary>The assistant every fact row carries (migration 015): the sums are kept per assistant.</summary>
    public string Assistant { get; }

    /// <summary>
    /// The rows of the update's facts. The projector always resolves the assistant; an update without one (saved by
    /// hand) files its facts under the empty name.
    /// </summary>
    public static FactRows Of(MetadataUpdate update) =>
        new(update.Facts ?? ConversationFacts.Empty, update.Metadata.AssistantId ?? string.Empty);

    /// <summary>Column <paramref name="index"/> of every row.</summary>
    public static long[] Column(IReadOnlyList<long[]> rows, int index) => [.. rows.Select(r => r[index])];
}
