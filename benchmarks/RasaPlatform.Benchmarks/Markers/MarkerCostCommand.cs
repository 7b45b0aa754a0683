using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RasaPlatform.Benchmarks.Generation;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Benchmarks.Markers;

/// <summary>
/// What evaluating markers adds to the metadata job's fold of a conversation: the data set's conversations folded as
/// the job folds them (metadata and analytics facts), without markers and with ten, in alternating rounds on one
/// thread, timing the fold alone. The fold is the CPU part of the job's per-conversation cost; reading and saving
/// come on top, so the share measured here is an upper bound of what markers add to the whole.
/// </summary>
internal static class MarkerCostCommand
{
    public const string Usage = "marker-cost [--size S] [--seed 42] [--data DIR] [--rounds 5]";

    /// <summary>Ten markers over the generator's domain: every tag, operators nested, the kinds a team defines.</summary>
    public const string TenMarkers = """
        greeted: {intent: greet}
        said_goodbye: {intent: goodbye}
        weather_answered: {seq: [{intent: check_weather}, {action: action_check_weather}]}
        order_cancelled: {seq: [{intent: cancel_order}, {action: action_cancel_order}]}
        never_helped: {never: [{action: utter_help}]}
        asked_for_help: {at_least_once: [{intent: help}]}
        unhappy_without_cheer: {and: [{intent: mood_unhappy}, {not: [{action: utter_cheer_up}]}]}
        out_of_scope_or_challenge: {or: [{intent: out_of_scope}, {intent: bot_challenge}]}
        city_given: {slot_was_set: city}
        abandoned_order: {and: [{at_least_once: [{intent: order_status}]}, {never: [{action: action_order_status}]}, {not_intent: goodbye}]}
        """;

    private sealed record Options(string SizeName = "S", long Conversations = 10_000, ulong Seed = 42, string Data = "", int Rounds = 5);

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (!OptionReader.TryRead(args, new Options(), (_, _) => null, Pair, out var options, out var problem))
        {
            error.WriteLine((problem.Length > 0 ? problem + " " : "") + "usage: RasaPlatform.Benchmarks " + Usage);
            return Task.FromResult(2);
        }

        var folder = options.Data.Length > 0 ? options.Data : Path.Combine(Path.GetTempPath(), "rasaplatform-bench", "data");
        var data = DataSet.Prepare(folder, options.Conversations, options.Seed, error);
        var conversations = Read(data.Main);
        var markers = new MarkerSnapshot([new StoredMarkerConfiguration("bench", 1, MarkerConfigurationReader.Read(TenMarkers), NodaTime.Instant.FromUnixTimeSeconds(0))]);
        error.WriteLine($"marker-cost: {conversations.Count:N0} conversations, {conversations.Sum(c => c.Events.Count):N0} events, {options.Rounds} rounds");

        var without = new List<double>();
        var with = new List<double>();
        var evaluations = new List<double>();
        long applications = 0;
        Fold(conversations, null, out _); // warm-up of both paths
        Fold(conversations, markers, out _);
        for (var round = 0; round < options.Rounds; round++)
        {
            without.Add(Fold(conversations, null, out _));
            with.Add(Fold(conversations, markers, out applications, out var evaluating));
            evaluations.Add(evaluating);
        }

        var plain = Median(without) / conversations.Count * 1e6;
        var marked = Median(with) / conversations.Count * 1e6;
        var evaluation = Median(evaluations) / conversations.Count * 1e6;
        var added = evaluation / plain * 100;
        var whole = (marked - plain) / plain * 100;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | what | value | unit | target | met? |
            |---|---:|---|---|---|
            | fold per conversation, no markers (metadata and analytics facts, median of {options.Rounds} rounds) | {plain:F1} | µs |  |  |
            | fold per conversation, ten markers evaluated (same rounds, interleaved) | {marked:F1} | µs |  |  |
            | evaluation of the ten markers alone per conversation (timed around it, in the rounds above) | {evaluation:F2} | µs |  |  |
            | marker evaluation added to the fold without markers ({applications:N0} applications over {conversations.Count:N0} conversations) | {added:F1} | % | ≤ 20 % | {(added <= 20 ? "yes" : "**no**")} |
            | the whole fold with ten markers against without (keeping the marker steps and evaluating; noisy on a busy machine) | {whole:F1} | % | ≤ 20 % | {(whole <= 20 ? "yes" : "**no**")} |
            """));
        return Task.FromResult(0);
    }

    /// <summary>Folds every conversation as the job does; returns the seconds it took.</summary>
    private static double Fold(List<(string SenderId, List<StoredEvent> Events)> conversations, MarkerSnapshot? markers, out long applications) =>
        Fold(conversations, markers, out applications, out _);

    /// <summary>Folds every conversation as the job does; returns the seconds it took, and those the evaluation alone took.</summary>
    private static double Fold(
        List<(string SenderId, List<StoredEvent> Events)> conversations,
        MarkerSnapshot? markers,
        out long applications,
        out double evaluating)
    {
        applications = 0;
        var evaluation = 0L;
        var watch = Stopwatch.StartNew();
        foreach (var (sender, events) in conversations)
        {
            var builder = new MetadataBuilder(sender, keepMarkerEvents: markers is not null);
            var facts = new ConversationFactsBuilder(sender);
            foreach (var e in events)
            {
                builder.Add(e);
                facts.Add(e);
            }

            var metadata = builder.Build();
            _ = facts.Build();
            var before = Stopwatch.GetTimestamp();
            if (markers?.Evaluate("bench", builder.MarkerEvents) is { } results)
            {
                applications += results.Results.Applications.Count;
            }

            evaluation += Stopwatch.GetTimestamp() - before;

            _ = metadata;
        }

        evaluating = (double)evaluation / Stopwatch.Frequency;
        return watch.Elapsed.TotalSeconds;
    }

    private static List<(string SenderId, List<StoredEvent> Events)> Read(string path)
    {
        var bySender = new Dictionary<string, List<StoredEvent>>(StringComparer.Ordinal);
        var sequence = 0L;
        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var sender = root.GetProperty("sender_id").GetString()!;
            var type = root.GetProperty("event").GetString()!;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var events = bySender.TryGetValue(sender, out var found) ? found : bySender[sender] = [];
            events.Add(new StoredEvent(++sequence, type, root.GetProperty("timestamp").GetDouble(), line, name));
        }

        return [.. bySender.Select(p => (p.Key, p.Value))];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Options? Pair(Options o, string name, string value) => name switch
    {
        "--size" when DatasetSize.TryParse(value, out var n) => o with { SizeName = value, Conversations = n },
        "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) => o with { Seed = s },
        "--data" when value.Length > 0 => o with { Data = value },
        "--rounds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 => o with { Rounds = r },
        _ => null,
    };
}
