namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>The listing questions a run asks: every filter alone, a few realistic combinations, and paging.</summary>
/// <remarks>
/// Values come from <see cref="ListingProfile"/> through <see cref="ListingValues"/>; a query whose value the data
/// cannot supply (a tiny data set) is left out. Shares aim at selective but non-empty answers.
/// </remarks>
internal static class ListingQueries
{
    /// <summary>The offset of the deep-page query.</summary>
    public const int DeepOffset = 5000;

    /// <summary>The values the queries use, picked from <paramref name="profile"/>.</summary>
    public static ListingPicks Pick(ListingProfile profile)
    {
        var n = profile.Conversations;
        return new ListingPicks(
            CommonIntent: ListingValues.MostCommon(profile.Intents),
            RareIntent: ListingValues.Rarest(profile.Intents, n, 0.002),
            Entity: ListingValues.NearShare(profile.Entities, n, 0.10),
            Action: ListingValues.NearShare(profile.Actions, n, 0.10),
            Policy: ListingValues.NearShare(profile.Policies, n, 0.30),
            InputChannel: ListingValues.NearShare(profile.LatestInputChannels, n, 0.15),
            ShortText: ListingValues.Fragment(profile.Texts, 3, 0.10),
            LongText: ListingValues.Word(profile.Texts, 5, 0.02),
            Window: ListingValues.Window(profile.LatestUserEventTimes, 0.10),
            MinimumUserMessages: ListingValues.AtLeast(profile.UserMessages, 0.10),
            MaximumConfidence: ListingValues.Bound(profile.MinimumActionConfidences, 0.10, upper: true),
            MinimumConfidence: ListingValues.Bound(profile.MinimumActionConfidences, 0.30, upper: false),
            MaximumNluConfidence: ListingValues.Bound(profile.MinimumIntentConfidences, 0.10, upper: true),
            MinimumNluConfidence: ListingValues.Bound(profile.MinimumIntentConfidences, 0.30, upper: false),
            AnyInTrainingData: profile.InTrainingData > 0,
            Assistant: ListingValues.NearShare(profile.Assistants, n, 0.30));
    }

    /// <summary>The queries, in table order; <paramref name="withFlags"/> adds <c>is_flagged</c> (messages were flagged).</summary>
    /// <remarks>Every query is expected to match some conversation; the deep page may still be past the end.</remarks>
    public static IReadOnlyList<ListingQuery> Build(ListingPicks p, bool withFlags)
    {
        var queries = new List<ListingQuery>
        {
            new() { Label = "no filter, first page" },
            new() { Label = $"no filter, offset {DeepOffset:N0}", Offset = DeepOffset },
        };

        void Add(string label, bool available, Func<ListingQuery, ListingQuery> with)
        {
            if (available)
            {
                queries.Add(with(new ListingQuery { Label = label }));
            }
        }

        var window = p.Window ?? default;
        Add("intent (most common)", p.CommonIntent is not null, q => q with { Intents = [p.CommonIntent!] });
        Add("intent (rare)", p.RareIntent is not null, q => q with { Intents = [p.RareIntent!] });
        Add("entity", p.Entity is not null, q => q with { Entities = [p.Entity!] });
        Add("action", p.Action is not null, q => q with { Actions = [p.Action!] });
        Add("policies", p.Policy is not null, q => q with { Policies = [p.Policy!] });
        Add("input_channels", p.InputChannel is not null, q => q with { InputChannels = [p.InputChannel!] });
        Add("text, 3 characters", p.ShortText is not null, q => q with { Text = p.ShortText });
        Add("text, a word of 5+", p.LongText is not null, q => q with { Text = p.LongText });
        Add("start/until (~10 %)", p.Window is not null, q => q with { Start = window.Start, Until = window.Until });
        Add("minimumUserMessages", p.MinimumUserMessages is not null, q => q with { MinimumUserMessages = p.MinimumUserMessages });
        Add("maximumConfidence", p.MaximumConfidence is not null, q => q with { MaximumConfidence = p.MaximumConfidence });
        Add("minimumConfidence", p.MinimumConfidence is not null, q => q with { MinimumConfidence = p.MinimumConfidence });
        Add("maximumNluConfidence", p.MaximumNluConfidence is not null, q => q with { MaximumNluConfidence = p.MaximumNluConfidence });
        Add("minimumNluConfidence", p.MinimumNluConfidence is not null, q => q with { MinimumNluConfidence = p.MinimumNluConfidence });
        Add("in_training_data=true", p.AnyInTrainingData, q => q with { InTrainingData = true });
        Add("in_training_data=false, by confidence", true, q => q with { InTrainingData = false });
        Add("is_flagged", withFlags, q => q with { OnlyFlagged = true });
        Add("assistant", p.Assistant is not null, q => q with { Assistants = [p.Assistant!] });

        Add("intent + start/until", p.CommonIntent is not null && p.Window is not null,
            q => q with { Intents = [p.CommonIntent!], Start = window.Start, Until = window.Until });
        Add("in_training_data=false + maximumConfidence, by confidence", p.MaximumConfidence is not null,
            q => q with { InTrainingData = false, MaximumConfidence = p.MaximumConfidence });
        Add("text + intent", p.LongText is not null && p.CommonIntent is not null,
            q => q with { Text = p.LongText, Intents = [p.CommonIntent!] });
        Add("policies + maximumConfidence", p.Policy is not null && p.MaximumConfidence is not null,
            q => q with { Policies = [p.Policy!], MaximumConfidence = p.MaximumConfidence });
        Add("entity + input_channels + minimumUserMessages", p.Entity is not null && p.InputChannel is not null && p.MinimumUserMessages is not null,
            q => q with { Entities = [p.Entity!], InputChannels = [p.InputChannel!], MinimumUserMessages = p.MinimumUserMessages });
        Add("assistant + intent", p.Assistant is not null && p.CommonIntent is not null,
            q => q with { Assistants = [p.Assistant!], Intents = [p.CommonIntent!] });
        Add("two intents (ANY) + text, 3 characters", p.CommonIntent is not null && p.RareIntent is not null && p.ShortText is not null,
            q => q with { Intents = [p.CommonIntent!, p.RareIntent!], Text = p.ShortText });
        return queries;
    }
}
