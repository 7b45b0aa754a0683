using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// What the generated conversations hold, as the listing would see them: per name, in how many conversations it
/// occurs; per conversation, the values the listing filters on. The value pickers choose filters from it.
/// </summary>
/// <remarks>
/// Read from the first conversations of the data set only (the generator draws every conversation alike, so a prefix
/// is a fair sample), in one pass, one conversation at a time. Every event counts, as in the listing.
/// </remarks>
internal sealed class ListingProfile
{
    /// <summary>User messages kept as flag candidates (the first user message of the first conversations).</summary>
    public const int FlagCandidates = 8;

    /// <summary>Conversations read.</summary>
    public int Conversations { get; private set; }

    /// <summary>Conversations per intent, entity, action, policy (plain name) and latest input channel.</summary>
    public Dictionary<string, int> Intents { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Entities { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Actions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Policies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> LatestInputChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Conversations per assistant: the last <c>metadata.assistant_id</c> of its events, or the service's default
    /// assistant (<see cref="BaselineSql.DefaultAssistant"/>) when none names one.
    /// </summary>
    public Dictionary<string, int> Assistants { get; } = new(StringComparer.Ordinal);

    /// <summary>Per conversation with a user message: its latest user event time, Unix seconds.</summary>
    public List<double> LatestUserEventTimes { get; } = [];

    /// <summary>Per conversation with one: its minimum action confidence.</summary>
    public List<double> MinimumActionConfidences { get; } = [];

    /// <summary>Per conversation with one: its minimum intent confidence.</summary>
    public List<double> MinimumIntentConfidences { get; } = [];

    /// <summary>Per conversation: its number of user messages.</summary>
    public List<int> UserMessages { get; } = [];

    /// <summary>Per conversation: its user message texts, lower-cased (invariant) and joined by line feeds.</summary>
    public List<string> Texts { get; } = [];

    public int InTrainingData { get; private set; }

    /// <summary>Messages to flag: sender id and the timestamp exactly as written in the data.</summary>
    public List<(string SenderId, string Timestamp)> FlagCandidateMessages { get; } = [];

    /// <summary>Reads the first <paramref name="maxConversations"/> conversations of NDJSON events with <c>sender_id</c>.</summary>
    /// <remarks>A conversation's events must be consecutive, as the generator writes them.</remarks>
    public static ListingProfile Read(IEnumerable<string> lines, int maxConversations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConversations);
        var profile = new ListingProfile();
        Conversation? current = null;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            var sender = e.GetProperty("sender_id").GetString()!;
            if (current?.SenderId != sender)
            {
                if (current is not null)
                {
                    profile.Add(current);
                    if (profile.Conversations == maxConversations)
                    {
                        return profile;
                    }
                }

                current = new Conversation(sender);
            }

            current.Add(e);
        }

        if (current is not null)
        {
            profile.Add(current);
        }

        return profile;
    }

    private void Add(Conversation c)
    {
        Conversations++;
        Count(Intents, c.Intents);
        Count(Entities, c.Entities);
        Count(Actions, c.Actions);
        Count(Policies, c.Policies);
        if (c.LatestInputChannel is { } channel)
        {
            Count(LatestInputChannels, [channel]);
        }

        Count(Assistants, [c.Assistant ?? BaselineSql.DefaultAssistant]);

        AddIf(LatestUserEventTimes, c.LatestUserEventTime);
        AddIf(MinimumActionConfidences, c.MinimumActionConfidence);
        AddIf(MinimumIntentConfidences, c.MinimumIntentConfidence);
        UserMessages.Add(c.UserMessages);
        Texts.Add(string.Join('\n', c.Texts));
        InTrainingData += c.InTrainingData ? 1 : 0;
        if (c.FirstUserMessage is { } first && FlagCandidateMessages.Count < FlagCandidates)
        {
            FlagCandidateMessages.Add((c.SenderId, first));
        }
    }

    private static void Count(Dictionary<string, int> counts, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
    }

    private static void AddIf(List<double> values, double? value)
    {
        if (value is { } v)
        {
            values.Add(v);
        }
    }

    /// <summary>One conversation's values, folded event by event.</summary>
    private sealed class Conversation(string senderId)
    {
        public string SenderId { get; } = senderId;

        public HashSet<string> Intents { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Entities { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Actions { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Policies { get; } = new(StringComparer.Ordinal);

        public List<string> Texts { get; } = [];

        public string? LatestInputChannel { get; private set; }

        /// <summary>The last <c>metadata.assistant_id</c> of its events, if any names one.</summary>
        public string? Assistant { get; private set; }

        public double? LatestUserEventTime { get; private set; }

        public double? MinimumActionConfidence { get; private set; }

        public double? MinimumIntentConfidence { get; private set; }

        public int UserMessages { get; private set; }

        public bool InTrainingData { get; private set; } = true;

        public string? FirstUserMessage { get; private set; }

        public void Add(JsonElement e)
        {
            if (e.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && String(metadata, "assistant_id") is { Length: > 0 } assistant)
            {
                Assistant = assistant;
            }

            switch (String(e, "event"))
            {
                case "user":
                    AddUser(e);
                    break;
                case "action":
                    AddAction(e);
                    break;
            }
        }

        private void AddUser(JsonElement e)
        {
            UserMessages++;
            var time = e.GetProperty("timestamp");
            FirstUserMessage ??= time.GetRawText();
            LatestUserEventTime = Math.Max(LatestUserEventTime ?? double.MinValue, time.GetDouble());
            LatestInputChannel = String(e, "input_channel");
            if (String(e, "text") is { Length: > 0 } text)
            {
                Texts.Add(text.ToLowerInvariant());
            }

            if (!e.TryGetProperty("parse_data", out var parse) || parse.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (parse.TryGetProperty("intent", out var intent) && intent.ValueKind == JsonValueKind.Object)
            {
                AddName(Intents, String(intent, "name"));
                MinimumIntentConfidence = Min(MinimumIntentConfidence, Number(intent, "confidence"));
            }

            if (parse.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array)
            {
                foreach (var entity in entities.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object))
                {
                    AddName(Entities, String(entity, "entity"));
                }
            }
        }

        private void AddAction(JsonElement e)
        {
            AddName(Actions, String(e, "name"));
            MinimumActionConfidence = Min(MinimumActionConfidence, Number(e, "confidence"));
            if (String(e, "policy") is { Length: > 0 } policy)
            {
                var plain = RasaPolicyName.Plain(policy);
                Policies.Add(plain);
                InTrainingData &= RasaPolicyName.IsMemoization(plain);
            }
        }

        private static void AddName(HashSet<string> names, string? name)
        {
            if (name is { Length: > 0 })
            {
                names.Add(name);
            }
        }

        private static double? Min(double? current, double? value) =>
            value is { } v ? Math.Min(current ?? double.MaxValue, v) : current;

        private static string? String(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static double? Number(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
    }
}
