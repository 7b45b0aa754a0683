using System.Globalization;
using System.Text;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// One question asked of the conversation listing: its filters, as <c>GET /api/conversations</c> takes them, and the
/// page. The same question goes to the Api (<see cref="QueryString"/>) and, as SQL, to Rasa's events table.
/// </summary>
/// <remarks>
/// Names match when a conversation has ANY of them; <see cref="Text"/> is a case-insensitive substring of a user
/// message; <see cref="Start"/> and <see cref="Until"/> are inclusive bounds, in whole Unix seconds, on the latest user
/// event time; the confidence bounds are inclusive and apply to the conversation's minimum confidence. With
/// <see cref="InTrainingData"/> false the listing sorts by minimum action confidence (the default
/// <c>sort_by_confidence</c>), otherwise by latest event time, most recent first.
/// </remarks>
internal sealed record ListingQuery
{
    /// <summary>What the query asks, in a few words, for the table.</summary>
    public required string Label { get; init; }

    public IReadOnlyList<string> Intents { get; init; } = [];

    public IReadOnlyList<string> Entities { get; init; } = [];

    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Policy names without Rasa's <c>policy_N_</c> prefix.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>The latest input channel must be one of these.</summary>
    public IReadOnlyList<string> InputChannels { get; init; } = [];

    public string? Text { get; init; }

    public long? Start { get; init; }

    public long? Until { get; init; }

    public int? MinimumUserMessages { get; init; }

    public double? MaximumConfidence { get; init; }

    public double? MinimumConfidence { get; init; }

    public double? MinimumNluConfidence { get; init; }

    public double? MaximumNluConfidence { get; init; }

    public bool? InTrainingData { get; init; }

    public bool OnlyFlagged { get; init; }

    /// <summary>The assistant (ANY of these) the conversation belongs to.</summary>
    public IReadOnlyList<string> Assistants { get; init; } = [];

    /// <summary>Page size, 1 to 1,000.</summary>
    public int Limit { get; init; } = 50;

    public long Offset { get; init; }

    /// <summary>Whether the listing orders this query by minimum action confidence (highest first, as the spec says).</summary>
    public bool SortsByConfidence => InTrainingData == false;

    /// <summary>The query string of <c>GET /api/conversations</c>, parameters in a fixed order, values escaped.</summary>
    public string QueryString()
    {
        var query = new StringBuilder();

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        static string? Names(IReadOnlyList<string> names) => names.Count == 0 ? null : string.Join(',', names);
        static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
        static string? Integer(long? value) => value?.ToString(CultureInfo.InvariantCulture);

        Add("intent", Names(Intents));
        Add("entity", Names(Entities));
        Add("action", Names(Actions));
        Add("policies", Names(Policies));
        Add("input_channels", Names(InputChannels));
        Add("text", Text);
        Add("start", Integer(Start));
        Add("until", Integer(Until));
        Add("minimumUserMessages", Integer(MinimumUserMessages));
        Add("maximumConfidence", Number(MaximumConfidence));
        Add("minimumConfidence", Number(MinimumConfidence));
        Add("minimumNluConfidence", Number(MinimumNluConfidence));
        Add("maximumNluConfidence", Number(MaximumNluConfidence));
        Add("in_training_data", InTrainingData is { } t ? (t ? "true" : "false") : null);
        Add("is_flagged", OnlyFlagged ? "true" : null);
        Add("assistant", Names(Assistants));
        Add("limit", Integer(Limit));
        Add("offset", Offset > 0 ? Integer(Offset) : null);
        return query.ToString();
    }
}
