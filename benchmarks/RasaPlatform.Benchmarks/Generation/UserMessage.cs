namespace RasaPlatform.Benchmarks.Generation;

/// <summary>One user message and its NLU parse; reused across turns to avoid allocation.</summary>
public sealed class UserMessage
{
    public string Text { get; set; } = "";

    public string Intent { get; set; } = "";

    /// <summary>The top intent's confidence, in <c>[0, 1]</c>.</summary>
    public double Confidence { get; set; }

    /// <summary>The NLU's ranking, best first; the first entry is the top intent.</summary>
    public List<(string Intent, double Confidence)> Ranking { get; } = [];

    public List<EntityMention> Entities { get; } = [];

    public string MessageId { get; set; } = "";
}
