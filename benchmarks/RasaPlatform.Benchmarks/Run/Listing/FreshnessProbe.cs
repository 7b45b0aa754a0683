using System.Globalization;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// A turn whose user message carries an intent name no other event has, so that the listing filtered on it
/// (<see cref="QueryString"/>) matches exactly when the service has projected the append.
/// </summary>
/// <param name="Intent">The unique intent name.</param>
internal sealed record FreshnessProbe(string Intent)
{
    /// <summary>The probe numbered <paramref name="number"/> of the run tagged <paramref name="run"/>.</summary>
    public static FreshnessProbe Create(string run, long number) =>
        new(string.Create(CultureInfo.InvariantCulture, $"bench_fresh_{run}_{number}"));

    /// <summary>The listing query that finds the probe's conversation: one row at most.</summary>
    public string QueryString() => new ListingQuery { Label = Intent, Intents = [Intent], Limit = 1 }.QueryString();

    /// <summary>The append body: the user message (text and intent unique) and the <c>action_listen</c> after it.</summary>
    /// <param name="unixSeconds">The user message's timestamp; the action follows 1 ms later.</param>
    public byte[] Body(double unixSeconds)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartArray();
            WriteUserMessage(json, Intent, unixSeconds);
            json.WriteStartObject();
            json.WriteString("event", "action");
            json.WriteNumber("timestamp", unixSeconds + 0.001);
            json.WriteString("name", "action_listen");
            json.WriteString("policy", "policy_1_RulePolicy");
            json.WriteNumber("confidence", 1.0);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        return output.ToArray();
    }

    /// <summary>A probe's user event: its text and its intent name are <paramref name="intent"/>'s own.</summary>
    public static void WriteUserMessage(Utf8JsonWriter json, string intent, double unixSeconds)
    {
        json.WriteStartObject();
        json.WriteString("event", "user");
        json.WriteNumber("timestamp", unixSeconds);
        json.WriteString("text", "freshness probe " + intent);
        json.WriteStartObject("parse_data");
        json.WriteStartObject("intent");
        json.WriteString("name", intent);
        json.WriteNumber("confidence", 0.99);
        json.WriteEndObject();
        json.WriteStartArray("entities");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("input_channel", "rest");
        json.WriteEndObject();
    }
}
